"""Typed errors and the exit codes they map to at the CLI edge.

Library code raises these; only ``vnrestore.cli`` turns them into a one-line
message and an exit code (as OCRmyPDF does with its ``ExitCode``).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Documented exit codes of the ``vnrestore`` command (see README)."""

    ok = 0
    unexpected = 1
    usage = 2  # click's own code for a bad command line
    input_missing = 3  # the input file does not exist or cannot be read
    bad_input = 4  # not a PDF/image, corrupt, zero pages, text not UTF-8
    encrypted = 5  # password-protected PDF
    page_too_large = 6  # a page beyond the pixel limit
    missing_dependency = 7  # tesseract, its `vie` data, poppler, a model or an extra
    output_error = 8  # the output cannot be written
    batch_failures = 10  # `vnrestore run`: some inputs failed, the rest succeeded
    interrupted = 130  # Ctrl-C


class VnrestoreError(Exception):
    """Base of every error the library raises on purpose.

    ``str(error)`` is a one-line message naming the file and the cause.
    """

    exit_code: ExitCode = ExitCode.unexpected

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class InputMissingError(VnrestoreError):
    exit_code = ExitCode.input_missing


class BadInputError(VnrestoreError):
    exit_code = ExitCode.bad_input


class EncryptedPdfError(VnrestoreError):
    exit_code = ExitCode.encrypted


class PageTooLargeError(VnrestoreError):
    exit_code = ExitCode.page_too_large


class MissingDependencyError(VnrestoreError):
    exit_code = ExitCode.missing_dependency


class OutputError(VnrestoreError):
    exit_code = ExitCode.output_error
