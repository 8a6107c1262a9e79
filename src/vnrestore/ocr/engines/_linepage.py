"""What the line-recogniser engines share: batching line crops, and turning readings into a PageResult.

A recogniser reads one line image and returns words with the time steps they
were read at.  Here those steps become page pixels (each step is a fixed
number of pixels of the resized crop), and each word's box is snapped to the
ink of the cleaned copy, so boxes hug the word as Tesseract's do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from vnrestore.ocr.layout import build_lines
from vnrestore.ocr.page import PageResult, Word

from ._ctc import CtcWord, word_spans
from ._lines import LineBox, find_lines
from .base import PreparedPage


@dataclass(slots=True)
class LineReading:
    """A recogniser's reading of one line, with the map from its time steps to page x.

    Page x of time step ``s`` is ``x_origin + s * px_per_step``.
    """

    words: list[CtcWord]
    steps: int
    x_origin: float
    px_per_step: float


def width_batches(widths: list[int], max_ratio: float = 1.25, max_columns: int = 16_000) -> list[list[int]]:
    """Indices grouped into batches of similar width, so little work goes to padding.

    Narrowest first; a batch closes when the next crop is more than
    ``max_ratio`` times as wide as its first, or when crops x width would pass
    ``max_columns`` (that bounds a worker's memory).

    >>> width_batches([100, 400, 110, 420, 120, 900])
    [[0, 2, 4], [1, 3], [5]]
    """
    batches: list[list[int]] = []
    for i in sorted(range(len(widths)), key=widths.__getitem__):
        if (
            batches
            and widths[i] <= max_ratio * widths[batches[-1][0]]
            and (len(batches[-1]) + 1) * widths[i] <= max_columns
        ):
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def ink_extent(clean: np.ndarray, line: LineBox, left: int, right: int) -> tuple[int, int] | None:
    """The inked columns of the cleaned copy in ``[left, right)`` on ``line``: (first, last + 1), or None."""
    top, bottom = int(line.top), int(np.ceil(line.bottom))
    lo, hi = max(0, left), min(clean.shape[1], right)
    if hi <= lo or bottom <= top:
        return None
    columns = np.flatnonzero((clean[top:bottom, lo:hi] < 128).any(axis=0))
    if not len(columns):
        return None
    return lo + int(columns[0]), lo + int(columns[-1]) + 1


def place_words(reading: LineReading, line: LineBox, clean: np.ndarray) -> list[Word]:
    """The reading's words with page boxes (snapped to ink) and confidences 0-100."""
    words = []
    for word, (start, end) in zip(reading.words, word_spans(reading.words, reading.steps)):
        # neighbours share a boundary value, so rounding both ways keeps their boxes apart
        left = round(reading.x_origin + start * reading.px_per_step)
        right = max(left + 1, round(reading.x_origin + end * reading.px_per_step))
        extent = ink_extent(clean, line, left, right) or (left, right)
        words.append(Word(word.text, (extent[0], int(line.top), extent[1], int(np.ceil(line.bottom))), round(100 * word.confidence, 2)))
    return words


def page_result(
    page_number: int,
    shape: tuple[int, int],
    dpi: int,
    lines: list[LineBox],
    readings: list[LineReading],
    clean: np.ndarray,
    *,
    engine: str,
    skew_degrees: float,
    seconds: dict[str, float],
) -> PageResult:
    """The page result: each detected line's words, put in reading order by ``ocr.layout``."""
    words: list[Word] = []
    groups: list[list[int]] = []
    for line, reading in zip(lines, readings):
        placed = place_words(reading, line, clean)
        groups.append(list(range(len(words), len(words) + len(placed))))
        words.extend(placed)
    height, width = shape
    return PageResult(
        page_number=page_number,
        width=width,
        height=height,
        dpi=dpi,
        lines=build_lines(words, groups),
        skew_degrees=skew_degrees,
        engine=engine,
        seconds=seconds,
    )


class LineEngine:
    """An engine that finds lines on the cleaned copy and reads each on the grey page."""

    name = "lines"

    def read_lines(self, grey: np.ndarray, lines: list[LineBox]) -> list[LineReading]:
        """One reading per line, in the same order."""
        raise NotImplementedError

    def recognise(self, page: PreparedPage) -> PageResult:
        started = time.perf_counter()
        lines = find_lines(page.clean)
        found = time.perf_counter()
        readings = self.read_lines(page.grey, lines)
        seconds = {"detect": found - started, "recognise": time.perf_counter() - found}
        return page_result(
            page.page_number,
            page.grey.shape,
            page.dpi,
            lines,
            readings,
            page.clean,
            engine=self.name,
            skew_degrees=page.skew_degrees,
            seconds=seconds,
        )
