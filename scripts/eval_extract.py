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
restorer when its model is built).

    .venv/bin/python scripts/eval_extract.py --shared ../shared

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


def variants(text: str, damaged: bool, copies: int, restore) -> dict[str, list[str]]:
    """The texts to score per variant: as is, damaged copies, all accents stripped, stripped then restored."""
    texts = {"clean": [text]}
    if damaged:
        texts["damaged"] = [damage(text, seed=seed) for seed in range(copies)]
        texts["stripped"] = [strip_diacritics(text)]
        if restore is not None:
            texts["restored"] = [restore.restore(strip_diacritics(text))]
    return texts


def gold_text(shared: Path, gold: dict) -> str:
    """The text a gold file describes: a seed in SHARED, or an invented fixture."""
    if "seed" in gold:
        return seed_text(shared, gold["seed"])
    return (INVENTED / gold["fixture"]).read_text("utf-8")


def run(shared: Path, gold_dir: Path, damaged: bool, copies: int, restore) -> dict[str, dict[str, Tally]]:
    """Tallies per variant over every gold file of ``gold_dir``."""
    results: dict[str, dict[str, Tally]] = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        for variant, texts in variants(gold_text(shared, gold), damaged, copies, restore).items():
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
            if variant == "damaged" and family == "sections":
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
    args = parser.parse_args()
    restore = restorer() if args.damaged else None
    seeds = report("seeds 001, 002, 004 (in-sample)", run(args.shared, GOLD, args.damaged, args.variants, restore))
    invented = report("invented documents (tests/fixtures/extract)", run(args.shared, INVENTED / "gold", args.damaged,
                                                                          args.variants, restore))
    return 0 if seeds and invented else 1


if __name__ == "__main__":
    sys.exit(main())
