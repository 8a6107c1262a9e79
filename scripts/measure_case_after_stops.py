#!/usr/bin/env python3
"""Count how often a word is capitalised after each stop in the training text: ``_tones.CAPITAL_LOG_ODDS``.

The restorer's trigram model has no case, so when ``aster`` re-decides a
doubtful stop it cannot see the capital a full stop announces.  Its case model
gives the odds of a word capitalised mid-sentence (after a word); this script
measures how much each stop multiplies those odds, over every lower-case or
capitalised word of ``corpora/train``, and prints the table to paste into
``vnrestore/ocr/engines/_tones.py``.

    .venv/bin/python scripts/measure_case_after_stops.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from pathlib import Path

from vnrestore.ocr.engines._tones import STOPS
from vnrestore.restore import corpus
from vnrestore.restore.vocab import case_pattern
from vnrestore.text.tokenize import token_pairs

REPO = Path(__file__).resolve().parents[1]


def case_counts(lines) -> Counter:
    """(what came before, "lower" or "title") counts; before is a stop, "word", or another token kind."""
    counts: Counter = Counter()
    for line in lines:
        before = "<s>"
        for kind, text in token_pairs(line):
            if kind == "space":
                continue
            if kind == "word":
                pattern = case_pattern(text)
                if pattern in ("lower", "title"):
                    counts[before, pattern] += 1
                before = "word"
            else:
                before = text if kind == "punct" else kind
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args(argv)
    counts = case_counts(corpus.corpus_lines(args.shared / "corpora", "train"))

    def log_odds(before: str) -> float:
        return math.log(counts[before, "title"] / counts[before, "lower"])

    for before in ("word", *STOPS):
        title, lower = counts[before, "title"], counts[before, "lower"]
        print(f"after {before!r:7}: {title:>9} capitalised, {lower:>9} lower case, "
              f"P(capitalised) {title / (title + lower):.3f}")
    table = ", ".join(f"{stop!r}: {log_odds(stop) - log_odds('word'):.2f}" for stop in STOPS)
    print(f"CAPITAL_LOG_ODDS = {{{table}}}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
