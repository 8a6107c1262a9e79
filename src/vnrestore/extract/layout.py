"""Logical paragraphs of a text whose lines may be hard-wrapped (OCR) or not.

Parsers look for citations and targets in paragraphs, not lines, because a
scanned page breaks "Nghị quyết số 04-" / "NQ/TU" across lines.  Offsets
index the original text, so a hit maps back to its line.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from vnrestore.text.diacritics import nfc, skeleton

from .outline import clean_line, heading_level

_ENDS_BLOCK = regex.compile(r"[.!?…]\s*[)\]”\"]?\s*$")
_ENDS_WITH_COLON = regex.compile(r":\s*$")
#: "70%" / "- 100%": a range cut at its dash, not a list item
_SPLIT_RANGE = regex.compile(r".*\d\s*%?\s*\n[-–]\s*\d", regex.DOTALL)
_STARTS_ITEM = regex.compile(r"^\s*(?:[-+–•]|\(\d+\)|(?:can cu|xet|theo de nghi)\b)")
_MARKUP = regex.compile(r"[*#•_`]")
#: what str.splitlines() also treats as a line end, all made "\n" so line numbers agree
_LINE_BREAKS = {ord(c): "\n" for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def normalise_breaks(text: str) -> str:
    """Every line break as "\\n" (CR LF, CR, and page breaks "\\f" from OCR sidecars).

    >>> normalise_breaks("Trang 1\\fTrang 2\\r\\nhết")
    'Trang 1\\nTrang 2\\nhết'
    """
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One logical paragraph: offsets into the document text and the first line (1-based)."""

    start: int
    end: int
    line: int


@dataclass
class Layout:
    """A document text ready for matching.

    ``flat`` is the NFC text with Markdown marks and line breaks turned into
    spaces and ``key`` its skeleton; both have the length of ``text`` so a
    match in ``key`` slices ``flat`` at the same offsets.
    """

    text: str
    flat: str = field(init=False)
    key: str = field(init=False)
    line_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.text = normalise_breaks(nfc(self.text))
        self.flat = _MARKUP.sub(" ", self.text).replace("\n", " ")
        self.key = skeleton(self.flat)
        self.line_starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]

    def line_of(self, offset: int) -> int:
        """The 1-based line that holds ``offset``."""
        return bisect_right(self.line_starts, offset)

    def lines(self) -> list[tuple[int, int]]:
        """(start, end) offsets of every line."""
        ends = [start - 1 for start in self.line_starts[1:]] + [len(self.text)]
        return list(zip(self.line_starts, ends))

    def snippet(self, start: int, end: int) -> str:
        """The flat text between two offsets, spaces collapsed."""
        return " ".join(self.flat[start:end].split())

    def paragraphs(self) -> list[Paragraph]:
        """Lines joined into paragraphs where the line break is only a wrap.

        A line continues the previous one unless the previous ends a sentence
        (. ! ?), or either is a heading, or the line opens a list item ("; " does
        not end a block: enumerations wrap).  A
        line ending in ":" and a heading that wraps ("a) ... từ 3 đến 5" /
        "bậc ...") continue only into a line that starts in lower case or
        with a digit.
        """
        blocks: list[Paragraph] = []
        current: list[int] | None = None
        previous = ""
        previous_heading = False
        for number, (start, end) in enumerate(self.lines(), start=1):
            line = clean_line(self.text[start:end])
            if not line:
                continue
            heading = heading_level(line) is not None
            item = bool(_STARTS_ITEM.match(skeleton(line))) and not _SPLIT_RANGE.match(previous[-12:] + "\n" + line)
            if current is not None and not heading and not item and _continues(previous, previous_heading, line):
                current[1] = end
            else:
                if current is not None:
                    blocks.append(Paragraph(current[0], current[1], current[2]))
                current = [start, end, number]
            previous, previous_heading = line, heading
        if current is not None:
            blocks.append(Paragraph(current[0], current[1], current[2]))
        return blocks


def _continues(previous: str, previous_heading: bool, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` (a wrap, not a new block)."""
    if _ENDS_BLOCK.search(previous):
        return False
    lower_start = line[0].islower() or line[0].isdigit()
    if previous_heading or _ENDS_WITH_COLON.search(previous):
        return lower_start
    return True
