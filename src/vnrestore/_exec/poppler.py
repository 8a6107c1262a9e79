"""Poppler's ``pdfinfo`` and ``pdftoppm`` (through pdf2image): PDF facts and one page at a time.

Poppler's messages become typed errors here: a wrong password means an
encrypted PDF, a syntax error or an unreadable trailer means a corrupt one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vnrestore._exec import last_line, run
from vnrestore.errors import BadInputError, EncryptedPdfError, MissingDependencyError

#: the largest page side the PDF format allows is 14 400 pt (200 in)
_PAGE_SIZE = re.compile(rb"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.M)
_PAGES = re.compile(rb"^Pages:\s+(\d+)", re.M)


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """What ``pdfinfo`` tells about a PDF: page count and each page's size in points."""

    pages: int
    page_sizes: tuple[tuple[float, float], ...]


def pdfinfo(path: str | Path, timeout: float = 60.0) -> PdfInfo:
    """Page count and page sizes of ``path``; typed errors for encrypted or corrupt files."""
    completed = run(["pdfinfo", "-f", "1", "-l", "1000000", str(path)], subject=path, timeout=timeout, check=False)
    if completed.returncode != 0:
        message = last_line(completed.stderr)
        if "password" in message.lower():
            raise EncryptedPdfError("PDF is encrypted (password-protected)", path)
        if "wrong page range" in message.lower():  # asked for pages 1.. of a PDF with none
            raise BadInputError("the document has no pages", path)
        raise BadInputError(f"corrupt PDF ({message})", path)
    pages = _PAGES.search(completed.stdout)
    if pages is None:
        raise BadInputError("corrupt PDF (pdfinfo found no page count)", path)
    sizes = tuple((float(w), float(h)) for _, w, h in _PAGE_SIZE.findall(completed.stdout))
    return PdfInfo(pages=int(pages.group(1)), page_sizes=sizes)


def render_page(path: str | Path, page_number: int, dpi: int, timeout: float = 300.0) -> np.ndarray:
    """Page ``page_number`` (1-based) of ``path`` as a grey uint8 array, rendered by pdftoppm.

    pdf2image streams PPM over a pipe, so no page is ever written as PNG.
    """
    import pdf2image
    from pdf2image import exceptions as pdf2image_errors

    try:
        images = pdf2image.convert_from_path(
            str(path), dpi=dpi, first_page=page_number, last_page=page_number,
            grayscale=True, timeout=timeout,
        )
    except pdf2image_errors.PDFInfoNotInstalledError as error:
        raise MissingDependencyError("poppler not found; install it: apt-get install poppler-utils", path) from error
    except pdf2image_errors.PDFPopplerTimeoutError as error:
        raise BadInputError(f"page {page_number}: pdftoppm gave no answer within {timeout:.0f} s", path) from error
    except (pdf2image_errors.PDFPageCountError, pdf2image_errors.PDFSyntaxError) as error:
        raise BadInputError(f"corrupt PDF ({str(error).strip().splitlines()[-1]})", path) from error
    if not images:
        raise BadInputError(f"page {page_number} could not be rendered", path)
    image = images[0]
    return np.asarray(image.convert("L") if image.mode != "L" else image)
