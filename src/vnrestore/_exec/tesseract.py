"""Tesseract through pytesseract: availability checks and one page to TSV.

pytesseract runs the ``tesseract`` program and returns the word table
(``image_to_data``).  The page is handed over as an uncompressed PGM file in
shared memory when there is some (PNG encoding costs seconds on a noisy page).
``OMP_THREAD_LIMIT=1`` is set for every run: Tesseract's OpenMP threads make it
several times slower on a small machine; vnrestore parallelises over pages.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import pytesseract

from vnrestore.errors import BadInputError, MissingDependencyError

#: the environment of a single-threaded Tesseract (the raw baseline in the eval and bench scripts)
SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1"}


#: where page images are written for Tesseract: memory when the system has a tmpfs
SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


@functools.cache
def languages() -> frozenset[str]:
    """The language data Tesseract has installed (``tesseract --list-langs``)."""
    with _typed_errors(None):
        return frozenset(pytesseract.get_languages(config=""))


def require_language(lang: str, subject: str | Path | None = None) -> None:
    """Fail early, in one line, when Tesseract or its data for ``lang`` is missing."""
    if lang not in languages():
        raise MissingDependencyError(
            f"Tesseract has no '{lang}' language data; install it: apt-get install tesseract-ocr-{lang}",
            subject,
        )


def page_tsv(
    pnm: bytes,
    *,
    lang: str = "vie",
    dpi: int = 300,
    psm: int = 3,
    config: tuple[str, ...] = (),
    subject: str | Path | None = None,
    timeout: float = 180.0,
) -> str:
    """Recognise one page image given as PNM bytes; return Tesseract's TSV word table."""
    options = [f"--dpi {dpi}", f"--psm {psm}", *(f"-c {setting}" for setting in config)]
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="vnrestore-", dir=SCRATCH) as folder:
        image = Path(folder, "page.pnm")
        image.write_bytes(pnm)
        with _typed_errors(subject, timeout):
            return pytesseract.image_to_data(str(image), lang=lang, config=" ".join(options), timeout=timeout)


class _typed_errors:
    """pytesseract's exceptions as vnrestore's typed, one-line errors naming ``subject``."""

    def __init__(self, subject: str | Path | None, timeout: float = 0) -> None:
        self.subject, self.timeout = subject, timeout

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> None:
        if error is None:
            return
        if isinstance(error, pytesseract.TesseractNotFoundError):
            raise MissingDependencyError(
                "tesseract not found; install it: apt-get install tesseract-ocr tesseract-ocr-vie", self.subject
            ) from error
        if isinstance(error, pytesseract.TesseractError):
            message = str(error.message).strip().splitlines() or ["no message"]
            raise BadInputError(f"tesseract failed: {message[-1]}", self.subject) from error
        if isinstance(error, RuntimeError) and "timeout" in str(error).lower():
            raise BadInputError(f"tesseract gave no answer within {self.timeout:.0f} s", self.subject) from error
