#!/usr/bin/env python3
"""Make (true line, wrong-language OCR line) pairs: render, damage, OCR with ``eng``.

The work is :mod:`vnrestore.restore.garble.pairs`; ``vnrestore model build --only
garble`` calls it for the training set.  This script makes any split and style:

    nice .venv/bin/python scripts/make_garble_pairs.py --split train --lines 33600 --jobs 2
    nice .venv/bin/python scripts/make_garble_pairs.py --split dev --style unseen --lines 1200 --seed 4343
    nice .venv/bin/python scripts/make_garble_pairs.py --split train --style office --lines 9600 --seed 2027
    (the training sets are ``pairs.TRAINING_SETS``)

Output under ``.cache/garble/{split}-{style}-v{GENERATOR_VERSION}/`` (git-ignored); existing shards of the
same generator version are reused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vnrestore.restore.garble.pairs import STYLES, TRAIN_LINES, TRAIN_SEED, generate

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "garble"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--split", choices=("train", "dev"), default="train")
    parser.add_argument("--style", choices=tuple(STYLES), default="seen")
    parser.add_argument("--lines", type=int, default=TRAIN_LINES)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=TRAIN_SEED)
    parser.add_argument("--out", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    generate(args.shared / "corpora", args.split, args.style, args.lines, args.seed, args.out, args.jobs,
             log=lambda message: print(message, file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
