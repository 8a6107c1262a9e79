"""Tesseract (``vie``) as an OCR engine: a prepared page in, a PageResult out.

Tesseract reads the grey page masked by the cleaned copy (grey letters, white
everywhere cleaning removed something: measured on the dev set, this beats
both the binarised copy and the plain grey page), sent as an uncompressed PGM; its TSV
gives words with boxes and confidences and its own line grouping, which
``ocr.layout`` turns into lines and paragraphs in reading order.

Tesseract's page segmentation drops a lone short line, typically the page
number printed at the top of pages 2 onwards; text-sized ink that no word
covers is read again on its own as one line (``missed_ink``).
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from vnrestore._exec import tesseract as tesseract_exec
from vnrestore.ocr.clean import is_binary, masked_grey, mm
from vnrestore.ocr.engines.base import PreparedPage
from vnrestore.ocr.layout import build_lines
from vnrestore.ocr.page import Box, PageResult, Word

#: at most this many missed regions are read again per page (each costs a tesseract run)
MAX_REREADS = 3


class TesseractEngine:
    """Tesseract through pytesseract, one process per page, single-threaded."""

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
        for region in missed_ink(page.clean, words, page.dpi)[:MAX_REREADS]:
            found = self._read_region(image, region, page)
            groups.append(list(range(len(words), len(words) + len(found))))
            words.extend(found)
        groups = [group for group in groups if group]
        height, width = image.shape[:2]
        return PageResult(
            page_number=page.page_number, width=width, height=height, dpi=page.dpi,
            lines=build_lines(words, groups), skew_degrees=page.skew_degrees, engine=self.name,
            seconds={"recognise": time.perf_counter() - started},
        )


    def _read_region(self, image: np.ndarray, region: Box, page: PreparedPage) -> list[Word]:
        """The confident words of one region of ``image`` read as a single line, in page pixels."""
        left, top, right, bottom = region
        pad = (bottom - top) // 2
        left, top = max(0, left - pad), max(0, top - pad)
        crop = image[top : bottom + pad, left : right + pad]
        ok, pgm = cv2.imencode(".pgm", crop)
        tsv = tesseract_exec.page_tsv(pgm.tobytes(), lang=self.lang, dpi=page.dpi, psm=7,
                                      subject=f"page {page.page_number}")
        words, _ = parse_tsv(tsv) if ok else ([], [])
        return [
            Word(w.text, (w.box[0] + left, w.box[1] + top, w.box[2] + left, w.box[3] + top), w.confidence)
            for w in words
            if w.confidence >= 50 and any(c.isalnum() for c in w.text)
        ]


def missed_ink(clean: np.ndarray, words: list[Word], dpi: int) -> list[Box]:
    """Regions of text-sized ink that no recognised word covers, top to bottom.

    A component counts when it is 0.4-2 word heights tall, no wider than ten,
    at least 5 mm from the page edge (border remnants) and clear of every word
    box; neighbours closer than a word height join into one region.
    """
    if not words or not is_binary(clean):
        return []
    height = float(np.median([w.box[3] - w.box[1] for w in words]))
    scale, pad = 4, int(0.3 * height)
    covered = np.zeros((clean.shape[0] // scale + 1, clean.shape[1] // scale + 1), np.uint8)
    for left, top, right, bottom in (w.box for w in words):
        cv2.rectangle(covered, ((left - pad) // scale, (top - pad) // scale),
                      ((right + pad) // scale, (bottom + pad) // scale), 1, -1)
    count, _, stats, _ = cv2.connectedComponentsWithStats((clean == 0).view(np.uint8), connectivity=8)
    margin = mm(dpi, 5)
    found = np.zeros_like(covered)
    for x, y, w, h, _ in stats[1:]:
        inside = x >= margin and y >= margin and x + w <= clean.shape[1] - margin and y + h <= clean.shape[0] - margin
        if inside and 0.4 * height <= h <= 2 * height and w <= 10 * height \
                and not covered[y // scale : (y + h) // scale + 1, x // scale : (x + w) // scale + 1].any():
            cv2.rectangle(found, (x // scale, y // scale), ((x + w) // scale, (y + h) // scale), 1, -1)
    if not found.any():
        return []
    joined = cv2.dilate(found, np.ones((1, max(1, int(height / scale))), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = [(int(x) * scale, int(y) * scale, int(x + w) * scale, int(y + h) * scale) for x, y, w, h, _ in stats[1:]]
    return sorted(regions, key=lambda box: (box[1], box[0]))


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
