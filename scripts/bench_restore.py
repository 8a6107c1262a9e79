#!/usr/bin/env python3
"""Speed and memory of the diacritic restorer on stripped dev text, on one core.

    .venv/bin/python scripts/bench_restore.py [--shared ../shared] [--syllables 200000] [--runs 3]

Prints: model load time; decoding speed in process (model loaded, compiled code
warm: tokenize, build the lattice, decode, rewrite); whole-process speed of
``vnrestore restore FILE > /dev/null`` (start, imports, model load, decode, write);
peak resident memory of that process.  Wall and CPU seconds are both printed
because the machine may be shared; the median of the runs is reported.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from vnrestore.text.diacritics import strip_diacritics  # noqa: E402
from vnrestore.text.tokenize import words  # noqa: E402


def stripped_dev(shared: Path, wanted: int) -> tuple[list[str], int]:
    """Stripped dev lines holding at least ``wanted`` syllables (cycling the files if needed)."""
    lines: list[str] = []
    count = 0
    files = sorted((shared / "corpora" / "dev").glob("*.txt.gz"))
    while count < wanted:
        for path in files:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    line = strip_diacritics(line)
                    lines.append(line)
                    count += len(words(line))
                    if count >= wanted:
                        return lines, count
    return lines, count


def one_core() -> None:
    """Run this process (and its children) on a single processor."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--syllables", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    one_core()
    lines, syllables = stripped_dev(args.shared, args.syllables)
    print(f"input: {len(lines):,} stripped dev lines, {syllables:,} syllables, one core")

    started = time.perf_counter()
    from vnrestore.restore.tables import default_model_dir, load_model

    load_model(default_model_dir())
    print(f"model load (tables only, numpy imported): {time.perf_counter() - started:.3f} s")

    from vnrestore.restore.api import Restorer

    restorer = Restorer()
    started = time.perf_counter()
    list(restorer.restore_lines(lines[:50]))
    print(f"first call (model load + compiled decoder from cache): {time.perf_counter() - started:.3f} s")

    walls, cpus = [], []
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in restorer.restore_lines(lines):
            pass
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"decoding: {syllables / statistics.median(walls):,.0f} syllables/s wall, "
          f"{syllables / statistics.median(cpus):,.0f} syllables/s CPU (median of {args.runs})")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stripped.txt"
        path.write_text("".join(lines), encoding="utf-8")
        command = [str(REPO / ".venv" / "bin" / "vnrestore"), "restore", str(path)]
        walls, cpus = [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - wall)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"whole process `vnrestore restore FILE`: {syllables / statistics.median(walls):,.0f} syllables/s wall "
          f"({statistics.median(walls):.2f} s), {syllables / statistics.median(cpus):,.0f} syllables/s CPU")
    print(f"peak memory of that process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
