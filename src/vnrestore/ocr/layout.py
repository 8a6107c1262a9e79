"""Words with boxes to lines and paragraphs in reading order, for any engine.

An engine that knows its own lines (Tesseract does) passes them as groups; an
engine that returns loose words lets ``group_lines`` find them.  Either way
the same rules then order the lines and number the paragraphs: regions are
split at blank bands and at wide vertical gaps (an XY-cut, so a signature
block beside a recipients list reads column by column), lines run top to bottom
inside a region, and a paragraph starts after a gap taller than usual or at
an indented line.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from vnrestore.ocr.page import Box, Line, Word
from vnrestore.text.diacritics import nfc


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding every box in ``boxes``.

    >>> union([(10, 5, 20, 15), (30, 8, 50, 12)])
    (10, 5, 50, 15)
    """
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )


def make_line(words: Sequence[Word]) -> Line:
    """A line of ``words`` sorted left to right, texts in NFC.

    >>> make_line([Word("định", (60, 0, 100, 20), 90.0), Word("Quyết", (0, 0, 50, 20), 95.0)]).text
    'Quyết định'
    """
    ordered = sorted(words, key=lambda word: word.box[0])
    cleaned = [Word(nfc(word.text), word.box, word.confidence) for word in ordered]
    return Line(words=cleaned, box=union([word.box for word in cleaned]))


def group_lines(words: Sequence[Word]) -> list[Line]:
    """Loose words into lines: a word joins the line whose vertical span it mostly shares.

    >>> words = [Word("Căn", (0, 0, 40, 20), 90.0), Word("cứ", (50, 2, 70, 21), 90.0),
    ...          Word("Luật", (0, 40, 45, 60), 90.0)]
    >>> [line.text for line in group_lines(words)]
    ['Căn cứ', 'Luật']
    """
    rows: list[list[Word]] = []
    spans: list[tuple[int, int]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        top, bottom = word.box[1], word.box[3]
        for index, (row_top, row_bottom) in enumerate(spans):
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap > 0.5 * min(bottom - top, row_bottom - row_top):
                rows[index].append(word)
                spans[index] = (min(top, row_top), max(bottom, row_bottom))
                break
        else:
            rows.append([word])
            spans.append((top, bottom))
    return [make_line(part) for row in rows for part in _split_row(row)]


def _split_row(row: list[Word]) -> list[list[Word]]:
    """Cut a row of words where the gap is wider than three word heights (two columns)."""
    ordered = sorted(row, key=lambda w: w.box[0])
    height = statistics.median(w.box[3] - w.box[1] for w in ordered)
    parts = [[ordered[0]]]
    for word in ordered[1:]:
        if word.box[0] - parts[-1][-1].box[2] > 3 * height:
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def reading_order(lines: Sequence[Line]) -> list[Line]:
    """``lines`` ordered as a reader goes: XY-cut into blocks, then top to bottom.

    Blocks are cut horizontally at blank bands at least one line height tall
    (a paragraph or section gap), and vertically where no line crosses a gap
    of three line heights, so a recipients list beside a signature block reads
    one column after the other.
    """
    lines = list(lines)
    if len(lines) <= 1:
        return lines
    height = statistics.median(line.box[3] - line.box[1] for line in lines)
    return _xy_cut(lines, max(1.0, height), vertical_first=False)


def _xy_cut(lines: list[Line], height: float, vertical_first: bool) -> list[Line]:
    cuts = [(0, 3 * height), (1, height)]
    for axis, min_gap in cuts if vertical_first else cuts[::-1]:
        parts = _split(lines, axis=axis, min_gap=min_gap)
        if len(parts) > 1:
            return [line for part in parts for line in _xy_cut(part, height, vertical_first=axis == 1)]
    return sorted(lines, key=lambda line: (line.box[1], line.box[0]))


def _split(lines: list[Line], axis: int, min_gap: float) -> list[list[Line]]:
    """Split ``lines`` at empty gaps of at least ``min_gap`` px along x (axis 0) or y (axis 1)."""
    ordered = sorted(lines, key=lambda line: line.box[axis])
    groups: list[list[Line]] = [[ordered[0]]]
    reach = ordered[0].box[axis + 2]
    for line in ordered[1:]:
        if line.box[axis] - reach >= min_gap:
            groups.append([line])
        else:
            groups[-1].append(line)
        reach = max(reach, line.box[axis + 2])
    return groups


def number_paragraphs(lines: Sequence[Line]) -> list[Line]:
    """Set ``paragraph`` on each line: a new one after a tall gap, an indent, or a column jump."""
    if not lines:
        return []
    heights = [line.box[3] - line.box[1] for line in lines]
    height = statistics.median(heights)
    pitches = [b.box[1] - a.box[1] for a, b in zip(lines, lines[1:]) if 0 < b.box[1] - a.box[1] < 3 * height]
    pitch = statistics.median(pitches) if pitches else 1.5 * height
    left = statistics.median(line.box[0] for line in lines)
    paragraph = 0
    lines[0].paragraph = 0
    for previous, line in zip(lines, lines[1:]):
        gap = line.box[1] - previous.box[1]
        indented = line.box[0] - previous.box[0] > height and line.box[0] - left > height
        if gap > 1.4 * pitch or gap < 0 or indented:
            paragraph += 1
        line.paragraph = paragraph
    return list(lines)


def build_lines(words: Sequence[Word], groups: Sequence[Sequence[int]] | None = None) -> list[Line]:
    """Words to numbered lines in reading order.

    ``groups`` (lists of word indices, one per line) are the engine's own
    lines when it has them; without them lines are found from the boxes.
    """
    usable = [word for word in words if word.text.strip()]
    if groups is None:
        lines = group_lines(usable)
    else:
        lines = [make_line([words[i] for i in group if words[i].text.strip()]) for group in groups]
        lines = [line for line in lines if line.words]
    return number_paragraphs(reading_order(lines))
