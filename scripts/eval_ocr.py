#!/usr/bin/env python3
"""OCR accuracy on the dev set: CER, WER, DER per page, per damage level and in total.

Scores vnrestore (one column per ``--engine``) and, in the same run, the raw
baseline (``pdftoppm -r 300`` + ``tesseract -l vie``, no cleaning) on
``SHARED/eval/ocr`` (manifest.json, one PDF per document, one truth file per
page), with the definitions of its README (see ``ocr_metrics``).

    .venv/bin/python scripts/eval_ocr.py --shared ../shared --engine tesseract
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_metrics import Score, score  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BASELINE = "raw"
LEVELS = ("clean", "light", "medium", "hard")


def raw_tesseract_page(pdf: str, page_number: int, dpi: int = 300) -> str:
    """The baseline: pdftoppm at ``dpi`` (PPM, no PNG), then tesseract -l vie, nothing else."""
    from vnrestore._exec import run
    from vnrestore._exec.tesseract import SINGLE_THREAD

    page = run(["pdftoppm", "-r", str(dpi), "-f", str(page_number), "-l", str(page_number), pdf], subject=pdf).stdout
    text = run(["tesseract", "stdin", "stdout", "-l", "vie"], stdin=page, env=SINGLE_THREAD, subject=pdf).stdout
    return text.decode("utf-8", "replace")


def vnrestore_pages(pdf: Path, engine: str, executor: Executor, dpi: int) -> list:
    from vnrestore.ocr.api import ocr_pdf

    return ocr_pdf(pdf, dpi=dpi, engine=engine, executor=executor)


def restored_text(page, restorer) -> str:
    """The page's text after ``vnrestore ocr --restore``: each line through the restorer."""
    from dataclasses import replace

    from vnrestore.pipeline import restore_line

    return replace(page, lines=[restore_line(line, restorer)[0] for line in page.lines]).text


def available(engine: str) -> str | None:
    """None when ``engine`` can run here, else why not."""
    from vnrestore.ocr.engines import get_engine

    try:
        get_engine(engine)
    except (ImportError, ValueError, Exception) as error:  # any failure to load means "skip"
        return f"{type(error).__name__}: {error}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--folder", type=Path,
                        help="a set laid out like SHARED/eval/ocr (default), e.g. make_heldout_scans.py's output")
    parser.add_argument("--engine", action="append", help="engine(s), repeatable or comma-separated (default tesseract)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--no-baseline", action="store_true", help="skip the raw tesseract column")
    parser.add_argument("--restore", action="store_true",
                        help="add a column per engine with the OCR lines put through the restorer")
    parser.add_argument("--show", action="store_true", help="print each page's output text")
    args = parser.parse_args()

    folder = args.folder or args.shared / "eval" / "ocr"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    engines = [e for spec in (args.engine or ["tesseract"]) for e in spec.split(",") if e]
    systems = []
    for engine in engines:
        reason = available(engine)
        if reason:
            print(f"note: engine {engine!r} skipped ({reason})", file=sys.stderr)
        else:
            systems.append(engine)
    restorer = None
    if args.restore:
        from vnrestore.restore.api import Restorer

        restorer = Restorer()
    ocr_systems = list(systems)
    if restorer is not None:
        systems += [f"{engine}+restore" for engine in ocr_systems]
    if not args.no_baseline:
        systems.append(BASELINE)

    pages = manifest["pages"]
    outputs: dict[str, dict[tuple[str, int], str]] = defaultdict(dict)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        baseline = {(p["file"], p["page"]): pool.submit(raw_tesseract_page, str(folder / p["file"]), p["page"])
                    for p in pages} if BASELINE in systems else {}
        for engine in ocr_systems:
            for pdf in dict.fromkeys(p["file"] for p in pages):
                for number, page in enumerate(vnrestore_pages(folder / pdf, engine, pool, args.dpi), start=1):
                    outputs[engine][(pdf, number)] = page.text
                    if restorer is not None:
                        outputs[f"{engine}+restore"][(pdf, number)] = restored_text(page, restorer)
        for key, future in baseline.items():
            outputs[BASELINE][key] = future.result()

    report(pages, folder, systems, outputs, args.show)
    return 0


def report(pages: list[dict], folder: Path, systems: list[str],
           outputs: dict[str, dict[tuple[str, int], str]], show: bool) -> None:
    """Print the per-page table, per-level and total rows, and pages worse than raw."""
    print(f"{'':<20}" + "".join(f"{s:>26}" for s in systems))
    print(f"{'page':<12}{'level':<8}" + f"{'CER%':>12}{'WER%':>7}{'DER%':>7}" * len(systems))
    by_level: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    totals: dict[str, Score] = defaultdict(Score)
    worse = []
    for page in pages:
        truth = (folder / page["gt"]).read_text(encoding="utf-8")
        key = (page["file"], page["page"])
        row = f"{page['file'][:-4] + '/' + str(page['page']):<12}{page['level']:<8}"
        scores = {}
        for system in systems:
            scores[system] = score(truth, outputs[system][key])
            by_level[page["level"]][system] += scores[system]
            totals[system] += scores[system]
            row += _cell(scores[system])
            if show:
                print(f"----- {system} {key}\n{outputs[system][key]}", file=sys.stderr)
        print(row)
        if BASELINE in scores:
            worse += [f"{key} {s}" for s in systems if s != BASELINE and scores[s].cer > scores[BASELINE].cer]
    print()
    for level in sorted(by_level, key=lambda lv: LEVELS.index(lv) if lv in LEVELS else 9):
        print(f"{'level':<12}{level:<8}" + "".join(_cell(by_level[level][s]) for s in systems))
    print(f"{'TOTAL':<20}" + "".join(_cell(totals[s]) for s in systems))
    if BASELINE in systems:
        print("pages worse than raw:", ", ".join(worse) if worse else "none")


def _cell(s: Score) -> str:
    return f"{100 * s.cer:>12.2f}{100 * s.wer:>7.2f}{100 * s.der:>7.2f}"


if __name__ == "__main__":
    sys.exit(main())
