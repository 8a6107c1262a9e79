#!/usr/bin/env python3
"""Speed and memory of the diacritic restorer on stripped dev text, on one core.

    .venv/bin/python scripts/bench_restore.py [--shared ../shared] [--syllables 200000] [--runs 3]

Prints: model load time; decoding speed in process (model loaded, compiled code
warm: tokenize, build the lattice, decode, rewrite); whole-process speed of
``vnrestore restore FILE > /dev/null`` (start, imports, model load, decode, write),
with ``--mode stripped`` and in the CLI's default mode; peak resident memory of that
process; the start of a fresh process up to its first restored line.  Wall and CPU seconds are both printed
because the machine may be shared; the median of the runs is reported.
"""

from __future__ import annotations

import argparse
import gzip
import os
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
    folder = shared / "corpora" / "dev"
    files = sorted(folder.glob("*.txt.gz"))
    if not files:  # else the loop below would cycle over nothing for ever
        sys.exit(f"bench_restore.py: {folder}: no dev text (*.txt.gz); pass --shared")
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

    vnrestore = str(REPO / ".venv" / "bin" / "vnrestore")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stripped.txt"
        path.write_text("".join(lines), encoding="utf-8")
        one_line = Path(folder) / "one.txt"
        one_line.write_text("Uy ban nhan dan tinh\n", encoding="utf-8")
        starts = [_timed([vnrestore, "restore", "--mode", "stripped", str(one_line)]) for _ in range(args.runs)]
        print("process start to one restored line (imports, model load, cached compiled decoder): "
              f"{statistics.median(run[0] for run in starts):.2f} s wall, "
              f"{statistics.median(run[1] for run in starts):.2f} s CPU")
        for label, extra in (("--mode stripped", ["--mode", "stripped"]), ("default mode", [])):
            runs = [_timed([vnrestore, "restore", *extra, str(path)]) for _ in range(args.runs)]
            wall = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[1] for run in runs)
            peak_mb = max(run[2] for run in runs)
            print(f"whole process `vnrestore restore {label} FILE`: {syllables / wall:,.0f} syllables/s wall "
                  f"({wall:.2f} s), {syllables / cpu:,.0f} syllables/s CPU; peak memory {peak_mb:,.0f} MB")


def _timed(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one run of ``command`` (output discarded)."""
    wall = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - wall
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench_restore: {' '.join(command)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024

if __name__ == "__main__":
    main()
