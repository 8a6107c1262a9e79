"""hOCR: the page results as XHTML with boxes and confidences, for archive systems.

One file per document; each page is an ``ocr_page`` holding paragraphs
(``ocr_par``), lines (``ocr_line``) and words (``ocrx_word`` with ``x_wconf``),
with the class names and ``title`` properties Tesseract writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from itertools import groupby
from pathlib import Path

from vnrestore.ocr.page import Box, Line, PageResult
from vnrestore.output.atomic import write_text_atomic

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">
 <head>
  <title>{title}</title>
  <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
  <meta name="ocr-system" content="vnrestore"/>
  <meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word"/>
 </head>
 <body>
"""
_TAIL = """ </body>
</html>
"""


def bbox(box: Box) -> str:
    """The hOCR ``bbox`` property of a box.

    >>> bbox((10, 20, 110, 60))
    'bbox 10 20 110 60'
    """
    return "bbox {} {} {} {}".format(*box)


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box around ``boxes``.

    >>> union([(10, 20, 30, 40), (5, 25, 50, 35)])
    (5, 20, 50, 40)
    """
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def paragraphs(page: PageResult) -> Iterator[list[Line]]:
    """The page's lines grouped into runs of the same paragraph number."""
    for _, lines in groupby(page.lines, key=lambda line: line.paragraph):
        yield list(lines)


def page_hocr(page: PageResult) -> str:
    """One ``ocr_page`` div."""
    n = page.page_number
    out = [
        f'  <div class="ocr_page" id="page_{n}" '
        f'title="{bbox((0, 0, page.width, page.height))}; ppageno {n - 1}; '
        f'scan_res {page.dpi} {page.dpi}">\n'
    ]
    for p, lines in enumerate(paragraphs(page), start=1):
        area = bbox(union([line.box for line in lines]))
        out.append(f'   <div class="ocr_carea" id="block_{n}_{p}" title="{area}">\n')
        out.append(f'    <p class="ocr_par" id="par_{n}_{p}" lang="vie" title="{area}">\n')
        for line in lines:
            out.append(line_hocr(line, f"{n}_{p}_{len(out)}"))
        out.append("    </p>\n   </div>\n")
    out.append("  </div>\n")
    return "".join(out)


def line_hocr(line: Line, line_id: str) -> str:
    """One ``ocr_line`` span with its words."""
    words = " ".join(
        f'<span class="ocrx_word" id="word_{line_id}_{i}" '
        f'title="{bbox(word.box)}; x_wconf {round(word.confidence)}">{escape(word.text)}</span>'
        for i, word in enumerate(line.words, start=1)
        if word.text
    )
    return f'     <span class="ocr_line" id="line_{line_id}" title="{bbox(line.box)}">{words}</span>\n'


def hocr_document(pages: Sequence[PageResult], title: str = "") -> str:
    """The whole hOCR file for ``pages``."""
    return _HEAD.format(title=escape(title)) + "".join(map(page_hocr, pages)) + _TAIL


def write_hocr(path: str | Path, pages: Sequence[PageResult], title: str = "") -> None:
    """Write ``pages`` as hOCR to ``path`` atomically."""
    write_text_atomic(path, hocr_document(pages, title))
