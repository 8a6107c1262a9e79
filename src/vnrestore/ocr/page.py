"""The page result every OCR engine returns, and that every later stage reads.

Restoration, the searchable PDF, hOCR/ALTO and extraction only ever see these
classes, never which engine produced them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: (left, top, right, bottom) in pixels of the page image the engine was given
Box = tuple[int, int, int, int]


@dataclass(slots=True)
class Word:
    """One recognised word: its text (NFC), box and confidence (0-100)."""

    text: str
    box: Box
    confidence: float


@dataclass(slots=True)
class Line:
    """A text line in reading order; ``paragraph`` numbers the block it belongs to."""

    words: list[Word]
    box: Box
    paragraph: int = 0

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


@dataclass(slots=True)
class PageResult:
    """Everything OCR learned about one page.

    ``skew_degrees`` is the angle measured and corrected by cleaning
    (positive = the scan was turned counter-clockwise); ``width``/``height`` are
    the pixel size of the image the boxes refer to.
    """

    page_number: int
    width: int
    height: int
    dpi: int
    lines: list[Line] = field(default_factory=list)
    skew_degrees: float = 0.0
    engine: str = "tesseract"
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]

    @property
    def text(self) -> str:
        """Lines joined by newlines, paragraphs separated by a blank line."""
        parts: list[str] = []
        previous = None
        for line in self.lines:
            if previous is not None and line.paragraph != previous:
                parts.append("")
            parts.append(line.text)
            previous = line.paragraph
        return "\n".join(parts)

    @property
    def mean_confidence(self) -> float:
        words = self.words
        return sum(w.confidence for w in words) / len(words) if words else 0.0
