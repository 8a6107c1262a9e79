"""The ``tesseract`` command: availability checks and one page to TSV.

The page goes in over stdin as PNM (no PNG encoding, no temporary file) and the
word table comes back on stdout in the same TSV that pytesseract's
``image_to_data`` parses.  ``OMP_THREAD_LIMIT=1`` is set on every call:
Tesseract's OpenMP threads make it several times slower on a small machine;
vnrestore parallelises over pages instead.
"""

from __future__ import annotations

import functools
from pathlib import Path

from vnrestore._exec import run
from vnrestore.errors import MissingDependencyError

TESSERACT = "tesseract"
SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1"}


@functools.cache
def languages() -> frozenset[str]:
    """The language data Tesseract has installed (``tesseract --list-langs``)."""
    completed = run([TESSERACT, "--list-langs"], timeout=30)
    lines = completed.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


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
    args = [TESSERACT, "stdin", "stdout", "-l", lang, "--dpi", str(dpi), "--psm", str(psm)]
    for setting in config:
        args += ["-c", setting]
    completed = run([*args, "tsv"], subject=subject, stdin=pnm, env=SINGLE_THREAD, timeout=timeout)
    return completed.stdout.decode("utf-8", "replace")
