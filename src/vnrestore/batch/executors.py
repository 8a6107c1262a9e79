"""Where documents run: the executor interface and its two engines.

An executor takes the batch's document jobs and yields one manifest record
per job as each finishes, in any order.  The unit is always one whole
document (:func:`vnrestore.pipeline.process_document`), so the manifest and
resume behave the same whichever engine runs it:

- :class:`LocalExecutor` (default): a pool of ``jobs`` local processes, one
  document per worker, each worker reading one page at a time.  With fewer
  documents than workers it spreads the pages of each document instead, so a
  single long PDF still uses every core.
- :class:`DaskExecutor`: the documents become tasks on a Dask distributed
  cluster (``--scheduler tcp://HOST:PORT``); every worker must see the input
  and output paths (a shared filesystem) and have vnrestore installed.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from vnrestore.errors import ExitCode, MissingDependencyError
from vnrestore.output.manifest import FAILED, ManifestRecord
from vnrestore.pipeline import DocumentJob, process_document

#: called with (pages done, pages in all) of one document
PageProgress = Callable[[int, int], None]
#: gives the page-progress callback of a document, for engines that see its pages finish
ProgressFor = Callable[[DocumentJob], PageProgress]


class BatchExecutor(Protocol):
    """Runs document jobs, yielding a record per job as each one finishes."""

    def run(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None = None) -> Iterator[ManifestRecord]:
        ...

    def close(self) -> None:
        ...


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _worker_init() -> None:
    """In each worker: a terminate from the parent unwinds like Ctrl-C, so atomic writes clean up."""
    signal.signal(signal.SIGTERM, _interrupt)


def _context():
    # forkserver: workers start from a clean process, not a copy of a parent with threads
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class LocalExecutor:
    """A pool of local worker processes (the default engine)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool = None

    def run(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None = None) -> Iterator[ManifestRecord]:
        if not jobs:
            return
        if self.workers == 1:
            for job in jobs:
                yield process_document(job, jobs=1, progress=progress_for(job) if progress_for else None)
        elif len(jobs) < self.workers:
            yield from self._pages_in_parallel(jobs, progress_for)
        else:
            self._pool = _context().Pool(self.workers, initializer=_worker_init)
            yield from self._pool.imap_unordered(process_document, jobs, chunksize=1)

    def _pages_in_parallel(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None) -> Iterator[ManifestRecord]:
        """Few documents: run them here one by one, their pages spread over the workers."""
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_worker_init) as pool:
            for job in jobs:
                yield process_document(job, executor=pool, progress=progress_for(job) if progress_for else None)

    def close(self) -> None:
        """Stop the workers at once (on interrupt); their atomic writes remove their temporary files."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


class DaskExecutor:
    """Documents as tasks on a Dask distributed cluster."""

    def __init__(self, address: str, timeout: float = 30.0) -> None:
        try:
            from distributed import Client
        except ImportError as error:
            raise MissingDependencyError(
                "--scheduler needs Dask distributed: pip install 'vnrestore[cluster]'", address
            ) from error
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise MissingDependencyError(f"cannot reach the Dask scheduler ({error})", address) from error
        self._futures: list = []

    def run(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None = None) -> Iterator[ManifestRecord]:
        from distributed import as_completed

        self._futures = self.client.map(process_document, list(jobs), pure=False)
        index = {future.key: job for future, job in zip(self._futures, jobs)}
        for future in as_completed(self._futures):
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001 - a lost worker fails its document, not the batch
                job = index[future.key]
                yield ManifestRecord(
                    path=str(job.path), output=job.output, sha256=job.sha256, status=FAILED,
                    error=f"cluster error: {type(error).__name__}: {error}", exit_code=int(ExitCode.unexpected),
                )

    def close(self) -> None:
        if self._futures:
            self.client.cancel(self._futures)
        self.client.close()


def make_executor(jobs: int, scheduler: str | None = None) -> BatchExecutor:
    """The Dask engine when a scheduler address is given, else the local pool."""
    return DaskExecutor(scheduler) if scheduler else LocalExecutor(jobs)
