#!/usr/bin/env python3
"""Speed and memory of the garble repair (wrong-language OCR), on one core.

    .venv/bin/python scripts/bench_garbled.py [--tokens 50000] [--cache .cache/garble]

Input: the OCR side of the cached render → damage → ``tesseract -l eng`` pairs
(``scripts/make_garble_pairs.py``; the dev parts first, then the train shards),
cut into 40-line documents, until at least ``--tokens`` whitespace tokens.
Each document is repaired as ``vnrestore restore --garbled`` does it: decode,
adapt the channel to the document, decode again.

Prints: model load in a fresh process (restorer tables + channel + candidate
index); tokens per second in process, cold (empty per-type caches) and warm (a
second pass: the base channel's caches filled, as in a long batch); the stripped
restorer's tokens per second on the same lines as an A/B reference (the machine
may be shared: compare the ratio); peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from vnrestore.restore.garble.pairs import GENERATOR_VERSION, PAGE_LINES

REPO = Path(__file__).resolve().parents[1]
PAGE = PAGE_LINES
LOAD_SNIPPET = """
import time
started = time.perf_counter()
from vnrestore.restore.garble.load import shared_repairer
shared_repairer()
print(time.perf_counter() - started)
"""


def one_core() -> None:
    """Run this process (and its children) on a single processor."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def garbled_lines(cache: Path, wanted: int) -> tuple[list[str], int]:
    """OCR lines of the cached pairs (dev parts, then train) holding at least ``wanted`` tokens."""
    folders = [cache / f"{name}-v{GENERATOR_VERSION}" for name in ("dev-seen", "dev-unseen", "train-seen")]
    lines: list[str] = []
    count = 0
    for folder in folders:
        for path in sorted(folder.glob("part-*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                for raw in handle:
                    line = json.loads(raw)["ocr"]
                    lines.append(line)
                    count += len(line.split())
                    if count >= wanted:
                        return lines, count
    raise SystemExit(f"{cache}: only {count} garbled tokens cached; run scripts/make_garble_pairs.py first")


def load_seconds() -> float:
    """Cold model load in a fresh interpreter (imports excluded from nothing: what a CLI call pays)."""
    result = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def repair_all(repairer, lines: list[str]) -> float:
    started = time.perf_counter()
    for start in range(0, len(lines), PAGE):
        repairer.repair_document(lines[start : start + PAGE], details=False)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=REPO / ".cache" / "garble")
    parser.add_argument("--tokens", type=int, default=50_000)
    args = parser.parse_args(argv)
    one_core()
    lines, tokens = garbled_lines(args.cache, args.tokens)
    print(f"input: {len(lines):,} garbled OCR lines, {tokens:,} tokens, {len(lines) // PAGE + 1} documents, one core")

    loads = sorted(load_seconds() for _ in range(3))
    print(f"model load, fresh process (median of 3): {loads[1]:.2f} s   [target ≤ 2 s]")

    from vnrestore.restore.api import Restorer
    from vnrestore.restore.garble.load import shared_repairer

    repairer = shared_repairer()
    repairer.repair_document(["Pé an chuyén d6i s6 cta tinh"])  # compiled code loaded, not timed
    cold = repair_all(repairer, lines)
    warm = repair_all(repairer, lines)
    print(f"garbled repair, cold caches: {tokens / cold:,.0f} tokens/s ({cold:.1f} s)   [target ≥ 5,000]")
    print(f"garbled repair, warm caches: {tokens / warm:,.0f} tokens/s ({warm:.1f} s)")

    stripped = Restorer(mode="stripped")
    list(stripped.restore_lines(lines[:20]))
    started = time.perf_counter()
    list(stripped.restore_lines(lines))
    reference = time.perf_counter() - started
    print(f"A/B reference, stripped restorer on the same lines: {tokens / reference:,.0f} tokens/s "
          f"(garbled cold / stripped = {reference / cold:.2f})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB   [target ≤ 600 MB]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
