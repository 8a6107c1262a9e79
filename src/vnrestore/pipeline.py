"""The story of one document, as stage functions over a document context.

    rasterise + clean + OCR  ->  restore  ->  extract  ->  write outputs

Each stage reads and fills a :class:`DocumentContext` and its wall time goes
into ``context.seconds``; :func:`process_document` runs them in order and
turns the outcome, success or typed error, into a manifest record.  This is
the work unit of a batch: it never raises for a bad input, so one corrupt file
cannot stop a run, and it writes a document's outputs (each atomically)
before its record exists.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from vnrestore.errors import ExitCode, VnrestoreError
from vnrestore.ocr.page import Line, PageResult
from vnrestore.output.manifest import FAILED, OK, ManifestRecord

#: a word read with less confidence than this (0-100) counts as low-confidence
LOW_CONFIDENCE = 60.0

#: output kind -> file name suffix after the document's output stem
OUTPUT_SUFFIXES = {
    "text": ".txt",
    "raw": ".raw.txt",
    "json": ".json",
    "pdf": ".pdf",
    "hocr": ".hocr",
    "alto": ".alto.xml",
}


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How every document of a run is processed (picklable: it travels to workers)."""

    out_dir: Path
    dpi: int = 300
    engine: str = "tesseract"
    restore_mode: str | None = None  # None: the restorer's default mode
    hocr: bool = False
    alto: bool = False
    low_confidence: float = LOW_CONFIDENCE


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """One document to process: input path, output stem (relative to ``out_dir``), input hash."""

    path: Path
    output: str
    sha256: str
    options: RunOptions


@dataclass(slots=True)
class DocumentContext:
    """What the stages know about one document, filled in as they run."""

    job: DocumentJob
    pages: list[PageResult] = field(default_factory=list)
    restored: list[PageResult] = field(default_factory=list)
    document: dict[str, Any] | None = None
    tokens_restored: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def output_paths(out_dir: Path, stem: str, options: RunOptions) -> dict[str, Path]:
    """Every file a finished document has, by kind.

    >>> paths = output_paths(Path("out"), "2024/qđ-15", RunOptions(Path("out"), hocr=True))
    >>> sorted(p.as_posix() for p in paths.values())[:3]
    ['out/2024/qđ-15.hocr', 'out/2024/qđ-15.json', 'out/2024/qđ-15.pdf']
    """
    wanted = {"text", "raw", "json", "pdf"} | {kind for kind in ("hocr", "alto") if getattr(options, kind)}
    return {kind: out_dir / (stem + suffix) for kind, suffix in OUTPUT_SUFFIXES.items() if kind in wanted}


@contextmanager
def timed(context: DocumentContext, stage: str) -> Iterator[None]:
    """Add the wall time of the block to ``context.seconds[stage]``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        context.seconds[stage] = round(context.seconds.get(stage, 0.0) + time.perf_counter() - started, 3)


# --- stages -------------------------------------------------------------------------------


def ocr_stage(
    context: DocumentContext,
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Rasterise, clean and read every page (in this process unless a page executor is given)."""
    from vnrestore.ocr.api import iter_ocr

    options = context.job.options
    with timed(context, "ocr"):
        context.pages = list(iter_ocr(
            context.job.path, dpi=options.dpi, engine=options.engine,
            jobs=jobs, executor=executor, progress=progress,
        ))


@cache
def _restorer(mode: str | None):
    """One restorer per process and mode: its model tables load once, not per document."""
    from vnrestore.restore.api import Restorer

    return Restorer(mode=mode)


def restore_line(line: Line, restorer) -> tuple[Line, int]:
    """The line with restored words on the same boxes, and how many words changed."""
    texts = [word.text for word in line.words]
    restored = restorer.restore_words(texts, [word.confidence for word in line.words])
    words = [replace(word, text=new) for word, new in zip(line.words, restored)]
    return replace(line, words=words), sum(old != new for old, new in zip(texts, restored))


def restore_stage(context: DocumentContext) -> None:
    """Put back the diacritics line by line, keeping every word on its OCR box."""
    with timed(context, "restore"):
        restorer = _restorer(context.job.options.restore_mode)
        context.restored, context.tokens_restored = [], 0
        for page in context.pages:
            lines = []
            for line in page.lines:
                restored, changed = restore_line(line, restorer)
                lines.append(restored)
                context.tokens_restored += changed
            context.restored.append(replace(page, lines=lines, seconds=dict(page.seconds)))


def extract_stage(context: DocumentContext) -> None:
    """Build the document JSON from the restored text."""
    from vnrestore.extract.api import extract
    from vnrestore.output.sidecar import pages_text

    with timed(context, "extract"):
        context.document = extract(
            pages_text(context.restored), source=context.job.path.name, quality=quality(context)
        )


def write_stage(context: DocumentContext) -> None:
    """Write the text sidecars, the JSON, the searchable PDF and (if asked) hOCR/ALTO."""
    from vnrestore.output.atomic import write_text_atomic
    from vnrestore.output.pdf import write_searchable_pdf
    from vnrestore.output.sidecar import write_text

    job = context.job
    paths = output_paths(job.options.out_dir, job.output, job.options)
    with timed(context, "write"):
        write_text(paths["raw"], context.pages)
        write_text(paths["text"], context.restored)
        write_text_atomic(paths["json"], json.dumps(context.document, ensure_ascii=False, indent=2) + "\n")
        write_searchable_pdf(job.path, context.restored, paths["pdf"])
        if "hocr" in paths:
            from vnrestore.output.hocr import write_hocr

            write_hocr(paths["hocr"], context.restored, title=job.path.name)
        if "alto" in paths:
            from vnrestore.output.alto import write_alto

            write_alto(paths["alto"], context.restored, source=job.path.name)


# --- the document as a whole --------------------------------------------------------------


def quality(context: DocumentContext) -> dict[str, Any]:
    """OCR quality figures of the document: pages, words, mean confidence, low-confidence words."""
    words = [word for page in context.pages for word in page.words]
    threshold = context.job.options.low_confidence
    return {
        "pages": len(context.pages),
        "tokens": len(words),
        "mean_confidence": round(sum(w.confidence for w in words) / len(words), 2) if words else None,
        "low_confidence_tokens": sum(w.confidence < threshold for w in words),
        "tokens_restored": context.tokens_restored,
    }


def record_of(context: DocumentContext, status: str, error: str | None = None, code: int | None = None) -> ManifestRecord:
    """The manifest record of a document after its stages ran (or failed)."""
    figures = quality(context)
    return ManifestRecord(
        path=str(context.job.path), output=context.job.output, sha256=context.job.sha256, status=status,
        pages=figures["pages"], seconds=dict(context.seconds), mean_confidence=figures["mean_confidence"],
        tokens=figures["tokens"], tokens_restored=figures["tokens_restored"],
        low_confidence_tokens=figures["low_confidence_tokens"], error=error, exit_code=code,
    )


def remove_outputs(job: DocumentJob) -> None:
    """Delete a failed document's outputs: stale or partial files must not pass for results."""
    for path in output_paths(job.options.out_dir, job.output, job.options).values():
        path.unlink(missing_ok=True)


def process_document(
    job: DocumentJob,
    *,
    jobs: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ManifestRecord:
    """Run every stage on one document; a bad input or a failing stage becomes a failed record.

    Never raises for a document's own trouble (only for interruption), so a
    batch goes on.  ``jobs``/``executor`` spread the document's pages.
    """
    context = DocumentContext(job)
    started = time.perf_counter()
    try:
        ocr_stage(context, jobs=jobs, executor=executor, progress=progress)
        restore_stage(context)
        extract_stage(context)
        write_stage(context)
    except VnrestoreError as error:
        remove_outputs(job)
        return record_of(context, FAILED, error.reason, int(error.exit_code))
    except Exception as error:  # noqa: BLE001 - a bug in one document must not stop the batch
        remove_outputs(job)
        return record_of(context, FAILED, f"unexpected error: {type(error).__name__}: {error}", int(ExitCode.unexpected))
    except BaseException:  # interrupted: leave none of this document's outputs half done
        remove_outputs(job)
        raise
    context.seconds["total"] = round(time.perf_counter() - started, 3)
    return record_of(context, OK)
