"""Tell clean, stripped and garbled text apart, paragraph by paragraph.

Clean Vietnamese is almost all known words and carries marks; stripped text is
known skeletons without marks; wrong-language OCR is full of words that are
neither ("ctia", "quyét", "s6", "V&").  The share of such words decides; a
paragraph too short to judge takes the verdict of the whole document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from vnrestore.text.diacritics import has_diacritics, skeleton

#: share of unknown words from which a paragraph is garbled
GARBLED_SHARE = 0.10
#: share of marked words under which a (known-word) paragraph is stripped
STRIPPED_MARKED_SHARE = 0.05
#: fewer words than this and a paragraph takes the document's mode
MIN_WORDS = 12

_WORDISH = regex.compile(r"[\p{L}\p{N}&@§¢€$]+")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\p{N}")


@dataclass
class ModeEvidence:
    """Counts behind a mode decision."""

    words: int = 0
    unknown: int = 0
    marked: int = 0

    def add(self, other: ModeEvidence) -> None:
        self.words += other.words
        self.unknown += other.unknown
        self.marked += other.marked

    @property
    def mode(self) -> str:
        if not self.words:
            return "clean"
        if self.unknown / self.words >= GARBLED_SHARE:
            return "garbled"
        if self.marked / self.words < STRIPPED_MARKED_SHARE:
            return "stripped"
        return "clean"


def evidence(text: str, is_known: Callable[[str], bool]) -> ModeEvidence:
    """Count words, unknown words and marked words of ``text``.

    >>> known = {"của", "số", "là", "cua", "so", "la", "về"}.__contains__
    >>> e = evidence("ctia s6 1a về", lambda w: known(w.lower()))
    >>> (e.words, e.unknown, e.marked)
    (4, 3, 1)
    """
    found = ModeEvidence()
    for match in _WORDISH.finditer(text):
        word = match.group()
        has_letter = bool(_LETTER.search(word))
        if not has_letter:
            continue
        found.words += 1
        if has_diacritics(word):
            found.marked += 1
        if _DIGIT.search(word) and len(word) <= 4 or not word.isalpha() or not is_known(word):
            found.unknown += 1
    return found


def known_word_test(forms: Iterable[str]) -> Callable[[str], bool]:
    """A test "is this a known word (marked as printed) or a known skeleton (unmarked)?"."""
    marked = {f for f in forms if f.isalpha()}
    skeletons = {skeleton(f) for f in marked}

    def is_known(word: str) -> bool:
        lower = word.lower()
        return lower in marked or (not has_diacritics(lower) and lower in skeletons)

    return is_known


def paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of blank-line separated paragraphs (blank lines belong to none).

    >>> paragraphs(["a", "b", "", "c"])
    [(0, 2), (3, 4)]
    """
    out, start = [], None
    for number, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = number
        elif start is not None:
            out.append((start, number))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def detect_modes(lines: list[str], is_known: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(first, end, mode) per paragraph; short paragraphs take the whole document's mode.

    >>> known = known_word_test(["của", "số", "là", "về", "đề", "án"])
    >>> [m for *_, m in detect_modes(["ctia s6 1a V& Pé an"] * 3, known)]
    ['garbled']
    """
    spans = paragraphs(lines)
    found = [evidence("\n".join(lines[a:b]), is_known) for a, b in spans]
    total = ModeEvidence()
    for item in found:
        total.add(item)
    return [(a, b, item.mode if item.words >= MIN_WORDS else total.mode) for (a, b), item in zip(spans, found)]
