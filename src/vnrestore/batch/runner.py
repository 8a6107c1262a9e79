"""A batch run: inputs -> work units -> resume check -> executor -> manifest.

Only this process writes the manifest: a document's record is appended when
its outputs are all in place, and a document about to be redone loses its old
record first, so after an interruption the manifest names exactly the
documents that are done, and the next run redoes the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from vnrestore.batch.executors import BatchExecutor, PageProgress, make_executor
from vnrestore.batch.inputs import WorkUnit, file_sha256, work_units
from vnrestore.errors import BadInputError, InputMissingError, VnrestoreError
from vnrestore.output.manifest import (
    FAILED, MANIFEST_NAME, OK, SKIPPED, ManifestRecord, append_record, read_manifest, write_manifest,
)
from vnrestore.pipeline import DocumentJob, RunOptions, output_paths, remove_outputs


class Progress(Protocol):
    """What the batch tells whoever shows progress (the CLI's progress bar)."""

    def start(self, total_pages: int) -> None: ...

    def advance(self, pages: int) -> None: ...


@dataclass(slots=True)
class BatchSummary:
    """The records of this run, by status."""

    records: list[ManifestRecord] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(record.status == status for record in self.records)

    @property
    def failed(self) -> list[ManifestRecord]:
        return [record for record in self.records if record.status == FAILED]


def remove_partial_files(out_dir: Path) -> int:
    """Delete temporary files an earlier run left when it was killed outright (``.NAME.XXXX.part``)."""
    removed = 0
    for folder, _, names in os.walk(out_dir):
        for name in names:
            if name.startswith(".") and name.endswith(".part"):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed


def is_complete(previous: ManifestRecord | None, sha256: str, paths: Iterable[Path]) -> bool:
    """Whether an earlier run finished this very input and all its outputs are still there."""
    return (
        previous is not None
        and previous.status in (OK, SKIPPED)
        and previous.sha256 == sha256
        and all(path.is_file() for path in paths)
    )


def count_pages(path: Path, dpi: int) -> int:
    """The input's page count; a bad input raises its typed error here, before any work."""
    from vnrestore.ocr.rasterise import open_document

    if path.stat().st_size == 0:
        raise BadInputError("empty file (0 bytes)", path)
    return open_document(path, dpi).pages


def remove_unvouched_outputs(jobs: Iterable[DocumentJob], records: dict[str, ManifestRecord]) -> None:
    """Delete the outputs of documents this run took on but did not finish.

    A stop can fall between a document's last write and its record (or a worker
    die mid-document), leaving files no record vouches for; removing them keeps
    the rule that outputs exist exactly for the documents the manifest calls done.
    """
    for job in jobs:
        record = records.get(job.output)
        if record is None or record.status == FAILED:
            remove_outputs(job)


def failed_record(unit: WorkUnit, sha256: str, error: VnrestoreError) -> ManifestRecord:
    return ManifestRecord(
        path=str(unit.path), output=unit.output, sha256=sha256, status=FAILED,
        error=error.reason, exit_code=int(error.exit_code),
    )


def plan(
    units: Sequence[WorkUnit], options: RunOptions, previous: dict[str, ManifestRecord], force: bool
) -> tuple[list[DocumentJob], dict[str, int], list[ManifestRecord]]:
    """Split units into jobs to run (with their page counts) and records decided now (skipped, failed)."""
    jobs: list[DocumentJob] = []
    pages: dict[str, int] = {}
    decided: list[ManifestRecord] = []
    for unit in units:
        try:
            sha256 = file_sha256(unit.path)
        except OSError as error:
            decided.append(failed_record(unit, "", InputMissingError(f"cannot read: {error.strerror or error}", unit.path)))
            continue
        earlier = previous.get(unit.output)
        if not force and is_complete(earlier, sha256, output_paths(options.out_dir, unit.output, options).values()):
            decided.append(replace(earlier, path=str(unit.path), status=SKIPPED))
            continue
        try:
            pages[unit.output] = count_pages(unit.path, options.dpi)
        except VnrestoreError as error:
            decided.append(failed_record(unit, sha256, error))
            continue
        jobs.append(DocumentJob(unit.path, unit.output, sha256, options))
    return jobs, pages, decided


def run_batch(
    inputs: Iterable[str | Path],
    options: RunOptions,
    *,
    jobs: int = 1,
    force: bool = False,
    scheduler: str | None = None,
    executor: BatchExecutor | None = None,
    progress: Progress | None = None,
) -> BatchSummary:
    """Process every input into ``options.out_dir``, skipping what an earlier run finished.

    Raises only for trouble with the run itself (no inputs found, output folder
    not writable, scheduler unreachable); a bad document becomes a failed record.
    """
    from vnrestore.errors import OutputError

    out_dir = options.out_dir
    units = work_units(inputs, out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder: {error.strerror or error}", out_dir) from error
    remove_partial_files(out_dir)
    manifest_path = out_dir / MANIFEST_NAME
    records = read_manifest(manifest_path)
    write_manifest(manifest_path, records)  # compact: one record per input, no line cut short
    summary = BatchSummary()
    executor = executor or make_executor(jobs, scheduler)
    todo: list[DocumentJob] = []
    try:
        todo, pages, decided = plan(units, options, records, force)
        for record in decided:
            records[record.output] = record
            summary.records.append(record)
        for job in todo:
            # a document being redone has no record until it is done again: if this run is
            # stopped, the manifest must not vouch for outputs the stop removed (--force, a changed input)
            records.pop(job.output, None)
        write_manifest(manifest_path, records)
        if progress:
            progress.start(sum(pages.values()))
        reported: dict[str, int] = {}

        def progress_for(job: DocumentJob) -> PageProgress:
            def on_page(done: int, total: int) -> None:
                step = done - reported.get(job.output, 0)
                if progress and step > 0:
                    reported[job.output] = done
                    progress.advance(step)
            return on_page

        for record in executor.run(todo, progress_for if progress else None):
            records[record.output] = record  # first: a stop during the append still keeps it
            append_record(manifest_path, record)
            summary.records.append(record)
            if progress:
                rest = pages.get(record.output, 0) - reported.get(record.output, 0)
                reported[record.output] = pages.get(record.output, 0)
                if rest > 0:
                    progress.advance(rest)
    finally:
        executor.close()
        remove_unvouched_outputs(todo, records)
        write_manifest(manifest_path, records)
    return summary
