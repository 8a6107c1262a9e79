#!/usr/bin/env python3
"""Batch throughput and memory: ``vnrestore run`` against OCRmyPDF on the same folder, same run.

The folder holds ``--pages`` pages as two-page PDFs, cut from the OCR dev set
(``SHARED/eval/ocr/*.pdf``, its pages repeated as needed) or, without it, from
``tests/fixtures/sample-scan.pdf``.  Systems, each with ``--jobs`` workers:

* ``vnrestore``: ``vnrestore run FOLDER --out-dir OUT --jobs N --quiet`` (OCR with
  cleaning, restoration, extraction, text + JSON + searchable PDF per input);
* ``ocrmypdf``: Debian's ``ocrmypdf -l vie --jobs N --output-type pdf --sidecar``
  on each PDF in turn (searchable PDF + text per input), as one would loop over a folder.

Pages/min is over the wall-clock time of the whole folder (median of
``--repeat`` runs, the systems alternating).  Peak memory is sampled from /proc
every 0.1 s: the largest total resident set of the whole process tree (all
workers and the programs they run), and the largest single process.

    nice .venv/bin/python scripts/bench_batch.py --shared ../shared --jobs 2 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VNRESTORE = Path(sys.executable).parent / "vnrestore"


def source_pages(shared: Path) -> list[tuple[Path, int]]:
    """(pdf, page index) of every page of the dev set, else of the sample scan."""
    import pikepdf

    pdfs = sorted((shared / "eval" / "ocr").glob("*.pdf")) or [REPO / "tests" / "fixtures" / "sample-scan.pdf"]
    pages = []
    for pdf in pdfs:
        with pikepdf.open(pdf) as document:
            pages += [(pdf, index) for index in range(len(document.pages))]
    return pages


def build_folder(folder: Path, shared: Path, pages: int, per_document: int = 2) -> list[Path]:
    """``pages`` pages as PDFs of ``per_document`` pages each, cycling over the source pages."""
    import pikepdf

    available = source_pages(shared)
    wanted = [available[i % len(available)] for i in range(pages)]
    made = []
    for start in range(0, pages, per_document):
        output = pikepdf.new()
        sources = {}
        for pdf, index in wanted[start:start + per_document]:
            if pdf not in sources:
                sources[pdf] = pikepdf.open(pdf)
            output.pages.append(sources[pdf].pages[index])
        path = folder / f"scan-{start // per_document + 1:03d}.pdf"
        output.save(path)
        for document in sources.values():
            document.close()
        made.append(path)
    return made


def tree_rss(root: int) -> tuple[int, int]:
    """(total, largest) resident bytes of ``root`` and all its descendants, from /proc."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    sizes = [rss.get(pid, 0) for pid in tree]
    return sum(sizes), max(sizes, default=0)


class MemorySampler:
    """Samples the process tree of this script until stopped; keeps the peaks."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak_total, self.peak_single = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._baseline = tree_rss(os.getpid())[0]

    def _run(self) -> None:
        while not self._stop.is_set():
            total, single = tree_rss(os.getpid())
            self.peak_total = max(self.peak_total, total - self._baseline)
            self.peak_single = max(self.peak_single, single)
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_vnrestore(folder: Path, out: Path, jobs: int) -> None:
    subprocess.run([str(VNRESTORE), "run", str(folder), "--out-dir", str(out), "--jobs", str(jobs), "--quiet"],
                   check=True)


def run_ocrmypdf(folder: Path, out: Path, jobs: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(folder.glob("*.pdf")):
        subprocess.run(
            ["ocrmypdf", "-l", "vie", "--jobs", str(jobs), "--output-type", "pdf", "--quiet",
             "--sidecar", str(out / f"{pdf.stem}.txt"), str(pdf), str(out / pdf.name)],
            check=True,
        )


SYSTEMS = {"vnrestore": run_vnrestore, "ocrmypdf": run_ocrmypdf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of: vnrestore,ocrmypdf")
    args = parser.parse_args()
    systems = [name for name in args.systems.split(",") if name]
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        folder = work / "scans"
        folder.mkdir()
        documents = build_folder(folder, args.shared, args.pages)
        print(f"folder: {args.pages} pages in {len(documents)} PDFs; jobs {args.jobs}; {os.cpu_count()} cores")
        results: dict[str, list[tuple[float, int, int]]] = {name: [] for name in systems}
        for repeat in range(args.repeat):
            for name in systems if repeat % 2 == 0 else reversed(systems):
                out = work / f"out-{name}-{repeat}"
                with MemorySampler() as memory:
                    started = time.perf_counter()
                    SYSTEMS[name](folder, out, args.jobs)
                    seconds = time.perf_counter() - started
                results[name].append((seconds, memory.peak_total, memory.peak_single))
                print(f"  run {repeat + 1} {name:10s} {seconds:7.1f} s  {args.pages / seconds * 60:6.1f} pages/min",
                      flush=True)
        print(f"\n{'system':10s} {'seconds':>8s} {'pages/min':>10s} {'peak tree MB':>13s} {'peak process MB':>16s}")
        rates = {}
        for name, runs in results.items():
            seconds = statistics.median(run[0] for run in runs)
            rates[name] = args.pages / seconds * 60
            print(f"{name:10s} {seconds:8.1f} {rates[name]:10.1f} "
                  f"{max(r[1] for r in runs) / 2**20:13.0f} {max(r[2] for r in runs) / 2**20:16.0f}")
        if rates.get("ocrmypdf") and "vnrestore" in rates:
            ratio = rates["vnrestore"] / rates["ocrmypdf"]
            verdict = "met" if ratio >= 1 else "not met"
            print(f"\npages/min vnrestore / ocrmypdf: {ratio:.2f} (target >= 1: {verdict})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
