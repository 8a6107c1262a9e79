#!/usr/bin/env python3
"""Syllable accuracy of the diacritic restorer on stripped dev text and the clean seeds.

    .venv/bin/python scripts/eval_restore.py [--shared ../shared] [--limit-lines N]
    .venv/bin/python scripts/eval_restore.py --model-dir /tmp/m --truth held_out.txt   # a proxy set

For each set: strip the truth, restore it, and compare syllable by syllable (letter
words; truth in the output tone style "hòa", "thủy").  Prints accuracy on all
syllables, on syllables whose skeleton has more than one form, and on those the
most-frequent-form baseline gets wrong; the baseline itself; the 30 most frequent
errors; and the share of syllables kept when the truth itself is restored.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from vnrestore.restore.api import Restorer  # noqa: E402
from vnrestore.restore.candidates import apply_case  # noqa: E402
from vnrestore.restore.corpus import normalise  # noqa: E402
from vnrestore.text.diacritics import strip_diacritics  # noqa: E402
from vnrestore.text.tokenize import tokenize  # noqa: E402

SEEDS = ("001_", "002_", "004_")


def dev_lines(shared: Path, limit: int | None) -> list[str]:
    lines = []
    for path in sorted((shared / "corpora" / "dev").glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines += [normalise(line.rstrip("\n")) for line in handle if line.strip()]
    return lines[:limit] if limit else lines


def seed_lines(shared: Path) -> list[str]:
    lines = []
    for prefix in SEEDS:
        for path in sorted((shared / "seeds").glob(prefix + "*.txt")):
            lines += [normalise(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return lines


def truth_lines(path: Path) -> list[str]:
    """The non-empty lines of a plain or gzipped text file, normalised."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [normalise(line.rstrip("\n")) for line in handle if line.strip()]


def syllables(line: str) -> list[str]:
    return [t.text for t in tokenize(line) if t.kind == "word"]


def baseline_word(restorer: Restorer, word: str) -> str:
    """The most frequent form of the word's skeleton, in the word's case."""
    model = restorer.model
    ids = model.candidates.get(word.lower())
    return apply_case(word, model.vocab[int(ids[0])]) if ids is not None else word


def evaluate(name: str, truth: list[str], restorer: Restorer) -> None:
    stripped = [strip_diacritics(line) for line in truth]
    started = time.perf_counter()
    restored = list(restorer.restore_lines(stripped))
    elapsed = time.perf_counter() - started
    counts = Counter()
    errors: Counter[tuple[str, str]] = Counter()
    candidates = restorer.model.candidates
    for gold_line, input_line, output_line in zip(truth, stripped, restored):
        gold, given, got = syllables(gold_line), syllables(input_line), syllables(output_line)
        if len(gold) != len(got):
            counts["misaligned lines"] += 1
            continue
        for g, x, o in zip(gold, given, got):
            ids = candidates.get(x.lower())
            ambiguous = ids is not None and len(ids) > 1
            base = baseline_word(restorer, x)
            counts["all"] += 1
            counts["all ok"] += o == g
            counts["base ok"] += base == g
            if ambiguous:
                counts["ambiguous"] += 1
                counts["ambiguous ok"] += o == g
            if base != g:
                counts["base wrong"] += 1
                counts["base wrong ok"] += o == g
            if o != g:
                errors[(g.lower(), o.lower())] += 1
    kept = Counter()
    for gold_line, output_line in zip(truth, restorer.restore_lines(truth)):
        gold, got = syllables(gold_line), syllables(output_line)
        kept["all"] += len(gold)
        kept["kept"] += sum(g == o for g, o in zip(gold, got)) if len(gold) == len(got) else 0

    def share(part: str, whole: str, table: Counter = counts) -> str:
        return f"{100 * table[part] / max(table[whole], 1):.2f}% ({table[part]:,}/{table[whole]:,})"

    print(f"== {name}: {len(truth):,} lines, {counts['all']:,} syllables, restored in {elapsed:.1f}s")
    print(f"  accuracy, all syllables:          {share('all ok', 'all')}")
    print(f"  accuracy, ambiguous skeletons:    {share('ambiguous ok', 'ambiguous')}")
    print(f"  accuracy where baseline is wrong: {share('base wrong ok', 'base wrong')}")
    print(f"  most-frequent-form baseline:      {share('base ok', 'all')}")
    print(f"  truth restored, syllables kept:   {share('kept', 'all', kept)}")
    if counts["misaligned lines"]:
        print(f"  misaligned lines (skipped): {counts['misaligned lines']}")
    print("  30 most frequent errors (truth -> output: count):")
    for (gold, got), count in errors.most_common(30):
        print(f"    {gold} -> {got}: {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit-lines", type=int, default=None, help="use only the first N dev lines")
    parser.add_argument("--only", choices=("dev", "seeds"), default=None)
    parser.add_argument("--model-dir", type=Path, default=None, help="a model folder other than models/")
    parser.add_argument("--mode", default=None, help="restore mode (default: the Restorer's)")
    parser.add_argument("--truth", type=Path, nargs="+", default=None,
                        help="evaluate these accented text files (e.g. a held-out proxy) instead of dev and seeds")
    args = parser.parse_args()
    restorer = Restorer(model_dir=args.model_dir, mode=args.mode)
    if args.truth:
        for path in args.truth:
            evaluate(path.name, truth_lines(path), restorer)
        return
    if args.only in (None, "dev"):
        evaluate("dev (stripped)", dev_lines(args.shared, args.limit_lines), restorer)
    if args.only in (None, "seeds"):
        evaluate("seeds 001+002+004 (stripped)", seed_lines(args.shared), restorer)


if __name__ == "__main__":
    main()
