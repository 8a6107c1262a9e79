"""Plain-text sidecars: the OCR text (``.raw.txt``) and the restored text (``.txt``).

Pages are separated by a form feed, as ``vnrestore ocr`` and OCRmyPDF's
``--sidecar`` do, so a reader can find page breaks without the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vnrestore.ocr.page import PageResult
from vnrestore.output.atomic import write_text_atomic

PAGE_BREAK = "\f"


def pages_text(pages: Sequence[PageResult]) -> str:
    """The text of ``pages``: lines, blank lines between paragraphs, form feeds between pages.

    >>> from vnrestore.ocr.page import Line, PageResult, Word
    >>> def page(number, *words):
    ...     line = Line([Word(w, (0, 0, 1, 1), 90.0) for w in words], (0, 0, 1, 1))
    ...     return PageResult(number, 10, 10, 300, lines=[line])
    >>> pages_text([page(1, "Quyết", "định"), page(2, "Điều", "1.")])
    'Quyết định\\x0cĐiều 1.\\n'
    >>> pages_text([])
    ''
    """
    if not pages:
        return ""
    return PAGE_BREAK.join(page.text for page in pages) + "\n"


def write_text(path: str | Path, pages: Sequence[PageResult]) -> None:
    """Write the text of ``pages`` to ``path`` atomically (UTF-8)."""
    write_text_atomic(path, pages_text(pages))
