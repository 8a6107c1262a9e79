#!/usr/bin/env python3
"""Extraction against the hand-made gold: precision, recall and F1 per field family.

Reads the seed texts from ``SHARED/seeds`` and the gold from
``tests/extract/gold`` (one JSON per seed, written by reading the documents),
then the documents invented for the tests (``tests/fixtures/extract``, gold
in its ``gold`` folder), reported apart: the seeds were read while the rules
were written, so their figures are in-sample.
Runs each seed as it is and (unless ``--no-damaged``) three harder variants:
``damaged`` copies carrying restoration-like damage (``extract_damage.py``:
some accents stripped, a stray tone, "so"/"QD", citations broken across
lines; sections not scored there since damage moves lines), ``stripped``
(every accent removed) and ``restored`` (stripped, then put back by the
restorer when its model is built).  ``--scans`` adds ``scanned``: each text
printed as a degraded A4 scan (``make_sample_scan.py``'s rendering: skew, grain,
dust, a dark edge), then OCRed and restored as ``vnrestore extract`` does for a
PDF — slow (a few seconds a page), so off by default.

    .venv/bin/python scripts/eval_extract.py --shared ../shared
    .venv/bin/python scripts/eval_extract.py --shared ../shared --scans   # + OCR of printed scans

Targets (issue 5): legal bases F1 >= 0.95, target values >= 0.9, budget
totals and items exact, every gold budget problem found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_damage import damage  # noqa: E402

from vnrestore.extract.api import extract, validate  # noqa: E402
from vnrestore.extract.score import Tally, score  # noqa: E402
from vnrestore.text.diacritics import strip_diacritics  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "extract" / "gold"
INVENTED = REPO / "tests" / "fixtures" / "extract"
GOALS = {"legal_bases": 0.95, "target_values": 0.9}
EXACT = ("budget.total", "budget.items")


def seed_text(shared: Path, seed: str) -> str:
    matches = sorted((shared / "seeds").glob(f"{seed}_*.txt"))
    if not matches:
        raise SystemExit(f"eval_extract: no seed {seed} in {shared / 'seeds'}")
    return matches[0].read_text("utf-8")


def restorer():
    """The default restorer, or None when its model has not been built (`make model`)."""
    from vnrestore.errors import VnrestoreError
    from vnrestore.restore.api import Restorer

    try:
        candidate = Restorer()
        candidate.restore("kiem tra")
        return candidate
    except VnrestoreError as error:
        print(f"eval_extract: no 'restored' variant ({error})", file=sys.stderr)
        return None


SCAN_WIDTH_CHARS = 72
SCAN_LINES_PER_PAGE = 26
SCAN_DPI = 200


def scanned(text: str, seed: int = 7) -> str:
    """``text`` printed on degraded A4 pages, then OCRed and restored the way `vnrestore extract` reads a PDF."""
    import tempfile
    import textwrap

    import make_sample_scan as printer

    from vnrestore.cli.extract import text_of_scan

    from PIL import ImageFont

    font = ImageFont.truetype(str(printer.FONT_DIR / printer.STYLE_FONT[""]), round(13 * SCAN_DPI / 72))
    room = round((8.27 - 1.2 - 0.5) * SCAN_DPI)  # the page width less the printer's margins

    def fitted(line: str) -> list[str]:
        width = SCAN_WIDTH_CHARS
        while True:  # capitals are wider: narrow the wrap until every part fits the page
            parts = textwrap.wrap(line, width, break_on_hyphens=False)
            if all(font.getlength(part) < room for part in parts):
                return parts
            width -= 4

    lines = [("", part) for line in text.split("\n") if line.strip() for part in fitted(line)]
    pages = []
    for first in range(0, len(lines), SCAN_LINES_PER_PAGE):
        printer.LINES = lines[first : first + SCAN_LINES_PER_PAGE]
        pages.append(printer.degrade(printer.render(SCAN_DPI), seed + first, SCAN_DPI))
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "scan.pdf"
        pages[0].save(pdf, "PDF", resolution=SCAN_DPI, quality=35, save_all=True, append_images=pages[1:])
        return text_of_scan(pdf)[0]


def variants(text: str, damaged: bool, copies: int, restore, scans: bool = False) -> dict[str, list[str]]:
    """The texts to score per variant: as is, damaged copies, all accents stripped, stripped then restored,
    and (``scans``) printed, scanned, OCRed and restored."""
    texts = {"clean": [text]}
    if damaged:
        texts["damaged"] = [damage(text, seed=seed) for seed in range(copies)]
        texts["stripped"] = [strip_diacritics(text)]
        if restore is not None:
            texts["restored"] = [restore.restore(strip_diacritics(text))]
    if scans:
        texts["scanned"] = [scanned(text)]
    return texts


def gold_text(shared: Path, gold: dict) -> str:
    """The text a gold file describes: a seed in SHARED, or an invented fixture."""
    if "seed" in gold:
        return seed_text(shared, gold["seed"])
    return (INVENTED / gold["fixture"]).read_text("utf-8")


def run(shared: Path, gold_dir: Path, damaged: bool, copies: int, restore,
        scans: bool = False) -> dict[str, dict[str, Tally]]:
    """Tallies per variant over every gold file of ``gold_dir``."""
    results: dict[str, dict[str, Tally]] = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        for variant, texts in variants(gold_text(shared, gold), damaged, copies, restore, scans).items():
            for text in texts:
                document = extract(text, source=gold_path.stem)
                validate(document)
                score(gold, document, results.setdefault(variant, {}))
    return results


def report(title: str, results: dict[str, dict[str, Tally]]) -> bool:
    """Print the tables; True when the issue's targets are met on every variant."""
    met = True
    print(f"\n#### {title}")
    for variant, tallies in results.items():
        print(f"\n== {variant}")
        print(f"{'family':24} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
        for family, tally in tallies.items():
            if variant in ("damaged", "scanned") and family == "sections":
                continue
            print(f"{family:24} {tally.precision:6.3f} {tally.recall:6.3f} {tally.f1:6.3f}  "
                  f"{tally.tp}/{tally.fp}/{tally.fn}")
        variant_met = all(tallies[family].f1 >= goal for family, goal in GOALS.items())
        variant_met &= all(tallies[f].fp == 0 and tallies[f].fn == 0 for f in EXACT)
        variant_met &= tallies["budget.problems"].fn == 0
        print(f"targets met on {variant}: {'yes' if variant_met else 'NO'}")
        met &= variant_met
    print(f"\n{title}: targets met: {'yes' if met else 'NO'} (legal bases F1 >= 0.95, target values >= 0.9, "
          "budget totals/items exact, every gold budget problem found)")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared data (default ../shared)")
    parser.add_argument("--no-damaged", dest="damaged", action="store_false", help="score only the seeds as they are")
    parser.add_argument("--variants", type=int, default=5, help="damaged copies per seed (default 5)")
    parser.add_argument("--scans", action="store_true", help="also print each text as a degraded scan, OCR and "
                        "restore it (slow: a few seconds a page)")
    args = parser.parse_args()
    restore = restorer() if args.damaged else None
    seeds = report("seeds 001, 002, 004 (in-sample)",
                   run(args.shared, GOLD, args.damaged, args.variants, restore, args.scans))
    invented = report("invented documents (tests/fixtures/extract)",
                      run(args.shared, INVENTED / "gold", args.damaged, args.variants, restore, args.scans))
    return 0 if seeds and invented else 1


if __name__ == "__main__":
    sys.exit(main())
