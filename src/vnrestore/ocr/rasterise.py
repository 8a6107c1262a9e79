"""Input files to grey page images, one page at a time.

A PDF is checked with ``pdfinfo`` first (missing, not a PDF, corrupt,
encrypted, no pages, a page too large all become typed errors before any
work starts), then each page is rendered on its own, so memory never holds
more than one page.  PNG, JPEG and TIFF (multi-page too) are read with Pillow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from vnrestore.errors import BadInputError, InputMissingError, PageTooLargeError

#: a page above this many pixels is refused (an A1 sheet at 300 dpi is 70 Mpx)
MAX_PAGE_PIXELS = 100_000_000

#: leading bytes of each supported image format
IMAGE_MAGIC: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}

Kind = Literal["pdf", "image"]


@dataclass(frozen=True, slots=True)
class Document:
    """An input file that passed the checks: its kind and number of pages."""

    path: Path
    kind: Kind
    pages: int


def sniff(head: bytes) -> Kind | None:
    """What the first bytes of a file say it is.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"\\x89PNG\\r\\n\\x1a\\n..."), sniff(b"Quy\\xe1\\xba\\xbft \\xc4\\x91\\xe1\\xbb\\x8bnh")
    ('pdf', 'image', None)
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if any(head.startswith(magic) for magic in IMAGE_MAGIC):
        return "image"
    return None


def open_document(path: str | Path, dpi: int = 300) -> Document:
    """Check ``path`` and count its pages; raise a typed error for every bad input."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError as error:
        raise InputMissingError("no such file", path) from error
    except IsADirectoryError as error:
        raise InputMissingError("is a directory, not a file", path) from error
    except OSError as error:
        raise InputMissingError(f"cannot read: {error.strerror or error}", path) from error
    kind = sniff(head)
    if kind is None:
        raise BadInputError("not a PDF or image (PNG, JPEG, TIFF)", path)
    pages = _pdf_pages(path, dpi) if kind == "pdf" else _image_pages(path)
    if pages == 0:
        raise BadInputError("the document has no pages", path)
    return Document(path=path, kind=kind, pages=pages)


def _pdf_pages(path: Path, dpi: int) -> int:
    from vnrestore._exec.poppler import pdfinfo

    info = pdfinfo(path)
    for number, (width, height) in enumerate(info.page_sizes, start=1):
        check_page_size(path, number, round(width * dpi / 72), round(height * dpi / 72))
    return info.pages


def _image_pages(path: Path) -> int:
    with _open_image(path) as image:
        frames = getattr(image, "n_frames", 1)
        for number in range(frames):
            image.seek(number)
            check_page_size(path, number + 1, *image.size)
        return frames


def check_page_size(path: Path, page_number: int, width: int, height: int) -> None:
    """Refuse a page whose pixel count would exhaust memory."""
    if width * height > MAX_PAGE_PIXELS:
        raise PageTooLargeError(
            f"page {page_number} is {width}x{height} px, above the limit of {MAX_PAGE_PIXELS // 1_000_000} Mpx",
            path,
        )


def _open_image(path: Path):
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # our own limit, per page, applies instead
    try:
        return Image.open(path)
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise BadInputError(f"corrupt image ({error})", path) from error


def load_page(path: str | Path, page_number: int, kind: Kind, dpi: int = 300) -> tuple[np.ndarray, int]:
    """Page ``page_number`` (1-based) as a grey uint8 array, and its resolution in dpi.

    A PDF page is rendered at ``dpi``; an image keeps its own pixels and says
    its own resolution when it records one (else ``dpi`` is assumed).
    """
    path = Path(path)
    if kind == "pdf":
        from vnrestore._exec.poppler import render_page

        return render_page(path, page_number, dpi), dpi
    with _open_image(path) as image:
        try:
            image.seek(page_number - 1)
            image_dpi = image.info.get("dpi", (dpi, dpi))[0]
            grey = grey_array(image)
        except (OSError, ValueError, EOFError) as error:
            raise BadInputError(f"corrupt image, page {page_number} ({error})", path) from error
    own_dpi = round(float(image_dpi)) if image_dpi and float(image_dpi) >= 50 else dpi
    return grey, own_dpi


def grey_array(image) -> np.ndarray:
    """A Pillow image of any mode as grey uint8.

    16-bit and 32-bit scans are scaled, not clipped (Pillow's ``convert("L")``
    clips a 16-bit page to white); transparency is laid on white paper.

    >>> from PIL import Image
    >>> grey_array(Image.fromarray(np.array([[0, 32896, 65535]], np.uint16))).tolist()
    [[0, 128, 255]]
    >>> grey_array(Image.new("RGBA", (2, 1), (0, 0, 0, 0))).tolist()
    [[255, 255]]
    """
    if image.mode.startswith("I") or image.mode == "F":
        values = np.asarray(image, dtype=np.float64)
        peak = float(values.max()) if values.size else 0.0
        top = 65535.0 if image.mode.startswith("I;16") else next(
            (limit for limit in (1.0, 255.0, 65535.0) if peak <= limit), peak)
        return np.clip(np.rint(values * 255.0 / top), 0, 255).astype(np.uint8)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        from PIL import Image

        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(paper, rgba).convert("L"))
    return np.asarray(image.convert("L"))


def iter_pages(path: str | Path, dpi: int = 300) -> Iterator[tuple[int, np.ndarray, int]]:
    """``(page_number, grey, dpi)`` for every page, rendering each only when asked for."""
    document = open_document(path, dpi)
    for number in range(1, document.pages + 1):
        grey, page_dpi = load_page(document.path, number, document.kind, dpi)
        yield number, grey, page_dpi
