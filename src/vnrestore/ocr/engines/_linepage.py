"""What the line-recogniser engines share: batching line crops, and turning readings into a PageResult.

A recogniser reads one line image and returns words with the time steps they
were read at.  Here those steps become page pixels (each step is a fixed
number of pixels of the resized crop), and each word's box is snapped to the
ink of the cleaned copy, so boxes hug the word as Tesseract's do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vnrestore.ocr.page import Line, PageResult, Word

from ._ctc import CtcWord, word_spans
from ._lines import LineBox


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


def ink_extent(clean: np.ndarray, line: LineBox, left: float, right: float) -> tuple[int, int] | None:
    """The first and last inked columns of the cleaned copy between ``left`` and ``right`` on ``line``."""
    top, bottom = int(line.top), int(np.ceil(line.bottom))
    lo, hi = max(0, int(left)), min(clean.shape[1], int(np.ceil(right)))
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
        left = reading.x_origin + start * reading.px_per_step
        right = reading.x_origin + end * reading.px_per_step
        extent = ink_extent(clean, line, left, right)
        if extent is None:
            extent = (int(left), int(np.ceil(right)))
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
    """Lines with words in reading order; lines the recogniser read as empty are left out."""
    result_lines = []
    for line, reading in zip(lines, readings):
        words = place_words(reading, line, clean)
        if words:
            box = (min(w.box[0] for w in words), int(line.top), max(w.box[2] for w in words), int(np.ceil(line.bottom)))
            result_lines.append(Line(words, box, line.paragraph))
    height, width = shape
    return PageResult(
        page_number=page_number,
        width=width,
        height=height,
        dpi=dpi,
        lines=result_lines,
        skew_degrees=skew_degrees,
        engine=engine,
        seconds=seconds,
    )
