"""``ocr_pdf``: a PDF or image to per-page results, one page per unit of work.

``ocr_page(path, page_number, options)`` is the unit: a top-level, picklable
function that rasterises its single page inside the worker, cleans it and
reads it, so a pool holds at most one page per worker in memory.  The
executor is passed in (anything with ``submit``, as concurrent.futures); with
none, ``jobs`` local processes are started, and ``jobs=1`` runs in-process
with no pool at all (for callers that are already a worker, e.g. on Dask).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from vnrestore.errors import VnrestoreError
from vnrestore.ocr.clean import CleanOptions
from vnrestore.ocr.page import PageResult

#: progress callback: (pages done, pages in all)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class OcrOptions:
    """Everything a worker needs to OCR one page (picklable)."""

    dpi: int = 300
    engine: str = "tesseract"
    clean: CleanOptions = field(default_factory=CleanOptions)
    keep_images: str | None = None
    kind: str = "pdf"


def ocr_page(path: str | Path, page_number: int, options: OcrOptions) -> PageResult:
    """Rasterise, clean and read page ``page_number`` (1-based) of ``path``."""
    from vnrestore.ocr.clean import prepare_page
    from vnrestore.ocr.engines import get_engine
    from vnrestore.ocr.rasterise import load_page

    engine = get_engine(options.engine)
    started = time.perf_counter()
    grey, dpi = load_page(path, page_number, options.kind, options.dpi)  # type: ignore[arg-type]
    rasterised = time.perf_counter()
    prepared = prepare_page(grey, dpi, page_number, options.clean)
    del grey
    cleaned = time.perf_counter()
    if options.keep_images:
        _keep_image(Path(options.keep_images), Path(path), page_number, prepared.clean)
    try:
        result = engine.recognise(prepared)
    except VnrestoreError as error:  # the engine knows the page, not the file: name it
        raise type(error)(f"page {page_number}: {error.reason}", path) from error
    result.seconds.update({"rasterise": rasterised - started, "clean": cleaned - rasterised})
    return result


def _keep_image(folder: Path, source: Path, page_number: int, image) -> None:
    import cv2

    from vnrestore.output.atomic import write_bytes_atomic

    ok, png = cv2.imencode(".png", image)
    if ok:
        write_bytes_atomic(folder / f"{source.stem}-page-{page_number:04d}.png", png.tobytes())


def iter_ocr(
    path: str | Path,
    *,
    dpi: int = 300,
    engine: str = "tesseract",
    jobs: int | None = None,
    executor: Executor | None = None,
    clean: CleanOptions = CleanOptions(),
    keep_images: str | Path | None = None,
    progress: Progress | None = None,
) -> Iterator[PageResult]:
    """Yield the page results of ``path`` in page order as they finish.

    Every input check (missing file, not a PDF or image, corrupt, encrypted,
    no pages, page too large, no Tesseract ``vie``) happens before any page work.
    """
    from vnrestore.ocr.engines import get_engine
    from vnrestore.ocr.rasterise import open_document

    document = open_document(path, dpi)
    try:
        get_engine(engine)  # a missing engine or language fails here, once, in this process
    except VnrestoreError as error:
        raise type(error)(error.reason, path) from error
    options = OcrOptions(dpi=dpi, engine=engine, clean=clean,
                         keep_images=str(keep_images) if keep_images else None, kind=document.kind)
    total = document.pages
    if progress:
        progress(0, total)  # the page count is known before the first page is done
    workers = min(jobs or os.cpu_count() or 1, total)
    if executor is None and workers <= 1:
        for number in range(1, total + 1):
            result = ocr_page(document.path, number, options)
            if progress:
                progress(number, total)
            yield result
        return
    if executor is not None:
        yield from _submitted(executor, document.path, total, options, progress)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _submitted(pool, document.path, total, options, progress)


def _submitted(
    executor: Executor, path: Path, total: int, options: OcrOptions, progress: Progress | None
) -> Iterator[PageResult]:
    futures: list[Future] = [executor.submit(ocr_page, path, n, options) for n in range(1, total + 1)]
    if progress:
        lock, done = threading.Lock(), [0]

        def report(_: Future) -> None:
            with lock:
                done[0] += 1
                progress(done[0], total)

        for future in futures:
            future.add_done_callback(report)
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def ocr_pdf(
    path: str | Path,
    *,
    dpi: int = 300,
    engine: str = "tesseract",
    jobs: int | None = None,
    executor: Executor | None = None,
    clean: CleanOptions = CleanOptions(),
    keep_images: str | Path | None = None,
    progress: Progress | None = None,
) -> list[PageResult]:
    """OCR every page of a PDF (or image): text, words with boxes and confidences, skew.

    ``jobs`` worker processes (default: all cores; 1 = in this process) unless
    an ``executor`` is given.
    """
    return list(iter_ocr(path, dpi=dpi, engine=engine, jobs=jobs, executor=executor, clean=clean,
                         keep_images=keep_images, progress=progress))


#: images and PDFs go through the same path; the name says so at call sites
ocr_file = ocr_pdf
