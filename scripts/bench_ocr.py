#!/usr/bin/env python3
"""OCR speed and memory: vnrestore against raw Tesseract and OCRmyPDF, same PDFs, same run.

Systems, each using every core over pages:

* ``vnrestore``: ``ocr_pdf`` (rasterise, clean, Tesseract) with ``jobs`` workers;
  ``vnrestore:ENGINE`` the same with another engine (``--engine aster,trueocr,vote``
  adds one such system per engine);
* ``raw``: per page ``pdftoppm -r 300`` (PPM) piped into one ``tesseract -l vie``
  with ``OMP_THREAD_LIMIT=1``, one page per core at a time;
* ``ocrmypdf``: Debian's ``ocrmypdf -l vie --deskew --sidecar`` per PDF (it
  parallelises pages itself).

Each system runs in its own child process, so its peak memory (the largest
resident set of that process or any program it ran, from getrusage) is its own.
Seconds per page are wall-clock over all pages; with ``--repeat`` the median run
(the systems take turns, round after round).

    nice .venv/bin/python scripts/bench_ocr.py --shared ../shared --repeat 3
    nice .venv/bin/python scripts/bench_ocr.py --shared ../shared --engine aster,trueocr,vote --systems raw
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SYSTEMS = ("vnrestore", "raw", "ocrmypdf")


def page_count(pdf: Path) -> int:
    from vnrestore._exec.poppler import pdfinfo

    return pdfinfo(pdf).pages


def raw_page(pdf: str, page: int, dpi: int) -> int:
    from vnrestore._exec import run
    from vnrestore._exec.tesseract import SINGLE_THREAD

    image = run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), pdf], subject=pdf).stdout
    return len(run(["tesseract", "stdin", "stdout", "-l", "vie"], stdin=image, env=SINGLE_THREAD, subject=pdf).stdout)


def run_system(system: str, pdfs: list[Path], jobs: int, dpi: int) -> float:
    """Run ``system`` over ``pdfs``; return the wall-clock seconds."""
    started = time.perf_counter()
    if system == "vnrestore" or system.startswith("vnrestore:"):
        from vnrestore.ocr.api import ocr_pdf

        engine = system.partition(":")[2] or "tesseract"
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for pdf in pdfs:
                ocr_pdf(pdf, dpi=dpi, engine=engine, executor=pool)
    elif system == "raw":
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(raw_page, str(pdf), n, dpi) for pdf in pdfs for n in range(1, page_count(pdf) + 1)]
            for future in futures:
                future.result()
    elif system == "ocrmypdf":
        with tempfile.TemporaryDirectory() as folder:
            for pdf in pdfs:
                subprocess.run(
                    ["ocrmypdf", "-q", "-l", "vie", "--deskew", "-j", str(jobs), "--sidecar",
                     f"{folder}/out.txt", str(pdf), f"{folder}/out.pdf"],
                    check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                )
    else:
        raise ValueError(system)
    return time.perf_counter() - started


def child(system: str, pdfs: list[Path], jobs: int, dpi: int) -> None:
    """One measurement in this (fresh) process: print seconds and peak memory as JSON."""
    seconds = run_system(system, pdfs, jobs, dpi)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": max(own, children) / 1024}))


def measure(system: str, pdfs: list[Path], jobs: int, dpi: int) -> dict:
    args = [sys.executable, __file__, "--child", system, "--jobs", str(jobs), "--dpi", str(dpi), *map(str, pdfs)]
    completed = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs (default: the dev set's)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--engine", default="", help="also time vnrestore with these engines (comma-separated)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((args.shared / "eval" / "ocr").glob("*.pdf"))
    if args.child:
        child(args.child, pdfs, args.jobs, args.dpi)
        return 0
    pages = sum(page_count(pdf) for pdf in pdfs)
    print(f"{len(pdfs)} PDFs, {pages} pages, {args.jobs} workers, {args.dpi} dpi, median of {args.repeat} run(s)")
    print(f"{'system':<20}{'s/page':>8}{'x raw':>8}{'peak MB':>9}")
    results = {}
    systems = [s for s in args.systems.split(",") if s] + [f"vnrestore:{e}" for e in args.engine.split(",") if e]
    runs: dict[str, list[dict]] = {system: [] for system in systems}
    for _ in range(args.repeat):  # round after round, so a busy spell on the machine hits every system
        for system in systems:
            runs[system].append(measure(system, pdfs, args.jobs, args.dpi))
    for system in systems:
        results[system] = {"seconds": statistics.median(r["seconds"] for r in runs[system]),
                           "peak_mb": max(r["peak_mb"] for r in runs[system])}
    raw = results.get("raw", {}).get("seconds")
    for system, result in results.items():
        ratio = f"{result['seconds'] / raw:8.2f}" if raw else f"{'-':>8}"
        print(f"{system:<20}{result['seconds'] / pages:8.2f}{ratio}{result['peak_mb']:9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
