"""Where documents run: the executor interface and its two engines.

An executor takes the batch's document jobs and yields one manifest record
per job as each finishes, in any order.  The unit is always one whole
document (:func:`vnrestore.pipeline.process_document`), so the manifest and
resume behave the same whichever engine runs it:

- :class:`LocalExecutor` (default): a pool of ``jobs`` local processes, one
  document per worker, each worker reading one page at a time and telling
  the parent of each page done (through a manager queue), so the progress
  bar moves page by page.  With fewer documents than workers it spreads the
  pages of each document instead, so a single long PDF still uses every core.
- :class:`DaskExecutor`: the documents become tasks on a Dask distributed
  cluster (``--scheduler tcp://HOST:PORT``); every worker must see the input
  and output paths (a shared filesystem) and have vnrestore installed.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
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


_busy = False
#: in a pool worker: where to tell the parent of pages done, as (output stem, pages done)
_pages_done = None
#: how often the parent looks for page progress while documents run (seconds)
PROGRESS_INTERVAL = 0.5
#: how long a terminated worker has to clean up and exit before it is killed (seconds)
STOP_GRACE = 10.0


def _on_terminate(signum, frame) -> None:
    """A worker told to stop: mid-document, unwind so atomic writes remove their temporary files."""
    if _busy:
        raise KeyboardInterrupt
    os._exit(int(ExitCode.interrupted))


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_init(pages_done=None) -> None:
    """Workers leave Ctrl-C to the parent, which stops them with SIGTERM when it is interrupted."""
    global _pages_done
    _ignore_interrupt()
    signal.signal(signal.SIGTERM, _on_terminate)
    _pages_done = pages_done


def _report_pages(output: str) -> PageProgress:
    """Tell the parent of a page done; progress is best effort and never fails a document."""
    def report(done: int, total: int) -> None:
        try:
            _pages_done.put((output, done))
        except Exception:  # noqa: BLE001 - a manager gone (batch stopping) only loses a bar update
            pass
    return report


def _process_in_worker(job: DocumentJob) -> ManifestRecord:
    """One document in a pool worker; a terminate ends the worker quietly once it has cleaned up."""
    global _busy
    _busy = True
    try:
        return process_document(job, progress=_report_pages(job.output) if _pages_done is not None else None)
    except KeyboardInterrupt:
        os._exit(int(ExitCode.interrupted))
    finally:
        _busy = False


def _context():
    # forkserver: workers start from a clean process, not a copy of a parent with threads
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def lost_record(job: DocumentJob, error: BaseException) -> ManifestRecord:
    """The record of a document whose worker died under it (killed, out of memory)."""
    return ManifestRecord(
        path=str(job.path), output=job.output, sha256=job.sha256, status=FAILED,
        error=f"worker lost ({type(error).__name__}: {error})", exit_code=int(ExitCode.unexpected),
    )


class LocalExecutor:
    """A pool of local worker processes (the default engine)."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []
        self._manager = None
        #: whether :meth:`run` went through to its end (every job's record given)
        self._finished = False

    def run(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None = None) -> Iterator[ManifestRecord]:
        self._finished = False
        yield from self._run(jobs, progress_for)
        self._finished = True

    def _run(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None) -> Iterator[ManifestRecord]:
        if not jobs:
            return
        if self.workers == 1:
            for job in jobs:
                yield process_document(job, jobs=1, progress=progress_for(job) if progress_for else None)
            return
        if len(jobs) < self.workers:
            # few documents: run them here one by one, their pages spread over the workers
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_worker_init)
            for job in jobs:
                yield process_document(job, executor=self._pool, progress=progress_for(job) if progress_for else None)
            return
        pages_done = None
        if progress_for is not None:
            # a manager queue: a worker killed mid-put breaks only its own connection, no shared lock
            from multiprocessing.managers import SyncManager

            self._manager = SyncManager(ctx=_context())
            self._manager.start(_ignore_interrupt)  # Ctrl-C reaches the whole group; the parent handles it
            pages_done = self._manager.Queue()
        self._pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_worker_init,
                                         initargs=(pages_done,))
        self._futures = [self._pool.submit(_process_in_worker, job) for job in jobs]
        owner = dict(zip(self._futures, jobs))
        by_output = {job.output: job for job in jobs}
        pending = set(self._futures)
        while pending:
            finished, pending = wait(pending, timeout=PROGRESS_INTERVAL, return_when=FIRST_COMPLETED)
            if pages_done is not None:
                _drain(pages_done, lambda output, done: progress_for(by_output[output])(done, 0))
            for future in finished:
                try:
                    yield future.result()
                except BrokenProcessPool as error:
                    yield lost_record(owner[future], error)

    def close(self) -> None:
        """Stop the workers: after a finished run, as a pool stops them (each told to exit when it next
        waits for work); when the run was cut short, at once (their atomic writes clean up after themselves).

        A finished run must not kill its idle workers: one killed while it holds the pool's queue
        lock (as a worker waiting for work does) leaves any other waiting on that lock for ever,
        and the pool's shutdown waiting on that one.
        """
        pool, self._pool = self._pool, None
        if pool is not None:
            if self._finished:
                pool.shutdown(wait=True)
            else:
                self._stop_now(pool)
        if self._manager is not None:
            self._manager.shutdown()
            self._manager = None

    def _stop_now(self, pool: ProcessPoolExecutor) -> None:
        """Terminate every worker, and kill any still there after :data:`STOP_GRACE` seconds."""
        for future in self._futures:
            future.cancel()
        # concurrent.futures has no public terminate before Python 3.14
        processes = list(getattr(pool, "_processes", {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(STOP_GRACE)
            if process.is_alive():
                process.kill()
                process.join()


def _drain(pages_done, report: Callable[[str, int], None]) -> None:
    """Pass on every page-progress message waiting in the queue."""
    while True:
        try:
            output, done = pages_done.get_nowait()
        except queue.Empty:
            return
        except (OSError, EOFError):  # the manager is gone: the batch is stopping
            return
        report(output, done)


class DaskExecutor:
    """Documents as tasks on a Dask distributed cluster."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as error:
            raise MissingDependencyError(
                "--scheduler needs Dask distributed: pip install 'vnrestore[cluster]'", address
            ) from error
        try:
            # connect timeout: Dask's own setting (distributed.comm.timeouts.connect, 30 s)
            self.client = Client(address, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise MissingDependencyError(f"cannot reach the Dask scheduler ({error})", address) from error
        self._futures: list = []

    def run(self, jobs: Sequence[DocumentJob], progress_for: ProgressFor | None = None) -> Iterator[ManifestRecord]:
        from distributed import as_completed

        self._futures = self.client.map(process_document, list(jobs), pure=False)
        index = {future.key: job for future, job in zip(self._futures, jobs)}
        for future in as_completed(self._futures, loop=self.client.loop):
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001 - a lost worker fails its document, not the batch
                yield lost_record(index[future.key], error)

    def close(self) -> None:
        if self._futures:
            self.client.cancel(self._futures)
        self.client.close()


def make_executor(jobs: int, scheduler: str | None = None) -> BatchExecutor:
    """The Dask engine when a scheduler address is given, else the local pool."""
    return DaskExecutor(scheduler) if scheduler else LocalExecutor(jobs)
