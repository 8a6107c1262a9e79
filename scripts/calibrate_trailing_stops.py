#!/usr/bin/env python3
"""Fit ``_tones.TRAILING_EVIDENCE_WEIGHT``: how much a faint line-final stop's evidence counts beside its context.

``aster`` keeps a stop it saw faintly after a line's last character (blank won
at that step) when ``weight × log-odds(stop) + context > 0``, the context being
the trigram's gain and the next word's case (``_tones.TrailingStop``).  This
script reads renders of ``corpora/dev`` text (``make_heldout_scans.py``; by
default 48 pages, seed 11: neither the dev scans nor the seed-7 held-out
renders) with ``aster``, labels every faint stop weighed by whether the true
line ends with it, and prints how many real and false stops each weight keeps.

    nice .venv/bin/python scripts/calibrate_trailing_stops.py --shared ../shared [--folder DIR] [--show]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from rapidfuzz import fuzz, process

from vnrestore.ocr.api import ocr_pdf
from vnrestore.ocr.engines import _tones, aster

REPO = Path(__file__).resolve().parents[1]
WEIGHTS = (0.5, 1.0, 1.5, 2.0, 3.0)
#: a read line is matched to the true line it resembles most, if this similar (0-100)
MATCH = 90


def weighed_stops(folder: Path) -> list[tuple[_tones.TrailingStop, str]]:
    """Every faint stop ``aster`` weighed on the folder's pages, with the text of its line as read."""
    found: list[tuple[_tones.TrailingStop, str]] = []
    redecide = aster.redecide_marks

    def recording(lines, model, weight=_tones.TONE_WEIGHT, trailing=None, report=None):
        mine: list[_tones.TrailingStop] = []
        result = redecide(lines, model, weight, trailing, mine)
        found.extend((stop, "".join(c.char for c in lines[stop.line])) for stop in mine)
        return result

    aster.redecide_marks = recording
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for pdf in dict.fromkeys(page["file"] for page in manifest["pages"]):
            ocr_pdf(folder / pdf, engine="aster", jobs=1)
    finally:
        aster.redecide_marks = redecide
    return found


def labelled(found: list[tuple[_tones.TrailingStop, str]], folder: Path) -> list[tuple[_tones.TrailingStop, str, bool]]:
    """The stops whose line matches a true line, each with whether the true line ends with that stop."""
    truth = [line.strip() for path in sorted(folder.glob("*/*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    out = []
    for stop, text in found:
        match = process.extractOne(text.strip(), truth, scorer=fuzz.ratio)
        if match is not None and match[1] > MATCH:
            out.append((stop, text, match[0].endswith(stop.char)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--folder", type=Path, help="renders with a manifest.json (default: made here)")
    parser.add_argument("--pages", type=int, default=48)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", action="store_true", help="list every stop weighed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder
        if folder is None:
            folder = Path(scratch)
            subprocess.run([sys.executable, str(REPO / "scripts" / "make_heldout_scans.py"), "--shared", str(args.shared),
                            "--out-dir", str(folder), "--pages", str(args.pages), "--seed", str(args.seed)], check=True)
        rows = labelled(weighed_stops(folder), folder)
    real = sum(label for _, _, label in rows)
    print(f"{len(rows)} faint stops weighed, {real} real")
    for weight in WEIGHTS:
        kept = [label for stop, _, label in rows if stop.kept(weight)]
        print(f"weight {weight}: keeps {sum(kept)} real, {len(kept) - sum(kept)} false")
    if args.show:
        for stop, text, label in sorted(rows, key=lambda row: row[0].evidence):
            print(f"{'real ' if label else 'false'} evidence {stop.evidence:6.2f} context {stop.context:7.2f} {stop.char} | {text[-50:]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
