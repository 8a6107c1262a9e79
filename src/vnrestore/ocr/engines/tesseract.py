"""Tesseract (``vie``) as an OCR engine: a prepared page in, a PageResult out.

Tesseract reads the grey page masked by the cleaned copy (grey letters, white
everywhere cleaning removed something: measured on the dev set, this beats
both the binarised copy and the plain grey page), sent as PGM over stdin; its TSV
gives words with boxes and confidences and its own line grouping, which
``ocr.layout`` turns into lines and paragraphs in reading order.
"""

from __future__ import annotations

import time

import cv2

from vnrestore._exec import tesseract as tesseract_exec
from vnrestore.ocr.clean import masked_grey
from vnrestore.ocr.engines.base import PreparedPage
from vnrestore.ocr.layout import build_lines
from vnrestore.ocr.page import PageResult, Word


class TesseractEngine:
    """Tesseract through its command line, one process per page, single-threaded."""

    name = "tesseract"

    def __init__(self, lang: str = "vie", psm: int = 3, reads: str = "masked") -> None:
        """``reads`` is the image Tesseract is given: "masked" grey, "clean" or "grey"."""
        if reads not in ("masked", "clean", "grey"):
            raise ValueError(f"reads must be masked, clean or grey, not {reads!r}")
        self.lang = lang
        self.psm = psm
        self.reads = reads
        tesseract_exec.require_language(lang)

    def recognise(self, page: PreparedPage) -> PageResult:
        """Read ``page``; boxes are in the pixels of the prepared page."""
        image = masked_grey(page) if self.reads == "masked" else getattr(page, self.reads)
        ok, pgm = cv2.imencode(".pgm", image)
        if not ok:
            raise RuntimeError("could not encode the page as PGM")
        started = time.perf_counter()
        tsv = tesseract_exec.page_tsv(
            pgm.tobytes(), lang=self.lang, dpi=page.dpi, psm=self.psm,
            subject=f"page {page.page_number}",
        )
        words, groups = parse_tsv(tsv)
        height, width = image.shape[:2]
        return PageResult(
            page_number=page.page_number, width=width, height=height, dpi=page.dpi,
            lines=build_lines(words, groups), skew_degrees=page.skew_degrees, engine=self.name,
            seconds={"recognise": time.perf_counter() - started},
        )


def parse_tsv(tsv: str) -> tuple[list[Word], list[list[int]]]:
    """Tesseract's TSV to words and, per Tesseract line, the indices of its words.

    >>> tsv = ("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n"
    ...        "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t60\\t25\\t96.5\\tĐiều\\n"
    ...        "5\\t1\\t1\\t1\\t1\\t2\\t80\\t20\\t15\\t25\\t91\\t1.\\n")
    >>> words, groups = parse_tsv(tsv)
    >>> [(w.text, w.box, w.confidence) for w in words], groups
    ([('Điều', (10, 20, 70, 45), 96.5), ('1.', (80, 20, 95, 45), 91.0)], [[0, 1]])
    """
    words: list[Word] = []
    groups: dict[tuple[str, str, str], list[int]] = {}
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width, height = (int(value) for value in fields[6:10])
        key = (fields[2], fields[3], fields[4])
        groups.setdefault(key, []).append(len(words))
        words.append(Word(fields[11].strip(), (left, top, left + width, top + height), max(0.0, float(fields[10]))))
    return words, list(groups.values())
