"""Every external program vnrestore runs, behind one wrapper (as OCRmyPDF's ``_exec``).

``run`` adds a timeout, a fixed environment and typed errors: a program that is
not installed becomes ``MissingDependencyError``, a run that hangs or fails
becomes a one-line error naming the input file.  The modules beside it
(``tesseract``, ``poppler``) know each program's arguments and messages.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from vnrestore.errors import BadInputError, MissingDependencyError

#: how to install each program on Debian, for the one-line error
INSTALL_HINT: dict[str, str] = {
    "tesseract": "install it: apt-get install tesseract-ocr tesseract-ocr-vie",
    "pdfinfo": "install it: apt-get install poppler-utils",
    "pdftoppm": "install it: apt-get install poppler-utils",
    "ocrmypdf": "install it: apt-get install ocrmypdf",
}


def run(
    args: Sequence[str],
    *,
    subject: str | Path | None = None,
    timeout: float = 300.0,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``args`` and return its result; raise a typed error naming ``subject`` on failure.

    ``env`` entries are added to the current environment.  With ``check``, a
    non-zero exit becomes ``BadInputError`` carrying the program's last stderr line.
    """
    program = args[0]
    environment = {**os.environ, **env} if env else None
    try:
        completed = subprocess.run(
            list(args), input=stdin, capture_output=True, timeout=timeout, env=environment
        )
    except FileNotFoundError as error:
        hint = INSTALL_HINT.get(Path(program).name, "install it")
        raise MissingDependencyError(f"{program} not found; {hint}", subject) from error
    except subprocess.TimeoutExpired as error:
        raise BadInputError(f"{Path(program).name} gave no answer within {timeout:.0f} s", subject) from error
    if check and completed.returncode != 0:
        raise BadInputError(f"{Path(program).name} failed: {last_line(completed.stderr)}", subject)
    return completed


def last_line(stderr: bytes) -> str:
    """The last non-empty line a program wrote to stderr, for a one-line message.

    >>> last_line(b"Warning: x\\nSyntax Error: Couldn't find trailer dictionary\\n")
    "Syntax Error: Couldn't find trailer dictionary"
    """
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
