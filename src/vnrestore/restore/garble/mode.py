"""Tell clean, stripped and garbled text apart, paragraph by paragraph.

Clean Vietnamese is almost all known words and carries marks; stripped text is
known skeletons without marks; wrong-language OCR is full of words that are
neither ("ctia", "quyét", "s6", "V&").  The share of such words decides; a
paragraph too short to judge takes the verdict of the whole document.  Things
that are no words at all (addresses, e-mails, numbers, codes, abbreviations
without a vowel) are evidence of nothing and are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from vnrestore.text.diacritics import has_diacritics, skeleton, to_tone_style

#: share of unknown words from which a paragraph is garbled
GARBLED_SHARE = 0.10
#: share of marked words under which a (known-word) paragraph is stripped
STRIPPED_MARKED_SHARE = 0.05
#: share of unmarked words that are no word as written but a known skeleton ("duoc") from which it is stripped
STRIPPED_WORD_SHARE = 0.03
#: fewer words than this and a paragraph takes the document's mode
MIN_WORDS = 12
#: fewer unknown words than this are no evidence of garble (one name, one typo, "@A")
MIN_UNKNOWN = 2

_WORDISH = regex.compile(r"[\p{L}\p{N}&@§¢€$]+")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\p{N}")
#: spans that are no words: URLs, e-mail addresses, domain names, codes and numbers ("12/QĐ-UBND", "TP.HCM",
#: "43,84"), upper-case abbreviations without a vowel ("CMCN"); a garbled word never looks like these
_NOT_WORDS = regex.compile(
    r"(?i:\b[a-z][a-z0-9+.\-]*://|\bwww\.)(?:\S*[^\s.,;:!?)\]\"'»])?"
    r"|[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+"
    r"|(?i:\b[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.(?:vn|com|net|org|gov|edu|int|info)\b)"
    r"|(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*(?:\p{N}|\p{Lu}{2}))[\p{L}\p{N}]+(?:[/\-.,:][\p{L}\p{N}]+)*[/\-.,:][\p{L}\p{N}]+"
    r"|(?<![\p{L}\p{N}])\p{N}[\p{N}.,:/\-]*(?![\p{L}\p{N}])"
    r"|(?<![\p{L}\p{N}])(?:[^\P{Lu}AEIOUY]){2,}(?![\p{L}\p{N}])"
)


#: a run without white space (no span of ``_NOT_WORDS`` crosses white space) ...
_RUN = regex.compile(r"\S+")
#: ... and what a run needs to hold any such span: a digit, "@", "." or ":", or two capitals
_MAYBE_NOT_WORD = regex.compile(r"[\p{N}@.:]|\p{Lu}\S*\p{Lu}")


def words_only(text: str) -> str:
    """``text`` with the spans that are no words blanked out (same length).

    Only runs that could hold such a span go through the full pattern: plain words,
    most of a text, are passed over at the cost of one short search.

    >>> words_only("gửi vanthu@qn.gov.vn, xem https://a.vn/x; 12/QĐ-UBND TP.HCM ngày 24/12/2021 CMCN s6 ctia")
    'gửi                 , xem               ;                   ngày                 s6 ctia'
    """
    return _RUN.sub(_blank_run, text)


def _blank_run(match: regex.Match) -> str:
    run = match.group()
    if not _MAYBE_NOT_WORD.search(run):
        return run
    return _NOT_WORDS.sub(lambda m: " " * len(m.group()), run)


@dataclass
class ModeEvidence:
    """Counts behind a mode decision."""

    words: int = 0
    unknown: int = 0
    marked: int = 0
    stripped: int = 0

    def add(self, other: ModeEvidence) -> None:
        self.words += other.words
        self.unknown += other.unknown
        self.marked += other.marked
        self.stripped += other.stripped

    @property
    def mode(self) -> str:
        if not self.words:
            return "clean"
        if self.unknown >= MIN_UNKNOWN and self.unknown / self.words >= GARBLED_SHARE:
            return "garbled"
        if self.marked / self.words < STRIPPED_MARKED_SHARE or self.stripped / self.words >= STRIPPED_WORD_SHARE:
            return "stripped"
        return "clean"


def evidence(text: str, is_known: Callable[[str], int]) -> ModeEvidence:
    """Count words, unknown words, marked words and stripped-looking words of ``text``.

    ``is_known`` answers 2 for a word as written, 1 for a known skeleton only, 0 otherwise.
    Each distinct run between spaces is read once, and counted as often as it occurs (no span
    that is no word crosses white space, so a run reads alike alone or in its text).

    >>> is_known = known_word_test(["của", "số", "là", "cua", "về", "được"])
    >>> e = evidence("ctia s6 1a về duoc", is_known)
    >>> (e.words, e.unknown, e.marked, e.stripped)
    (5, 3, 1, 1)
    """
    found = ModeEvidence()
    for run, count in Counter(text.split()).items():
        for word in _WORDISH.findall(words_only(run)):
            if not _LETTER.search(word):
                continue
            found.words += count
            if has_diacritics(word):
                found.marked += count
            known = is_known(word) if word.isalpha() else 0
            if not known or _DIGIT.search(word):
                found.unknown += count
            elif known == 1:
                found.stripped += count
    return found


#: spellings whose answer :func:`known_word_test` keeps (a long document's vocabulary fits)
KNOWN_CACHE_SIZE = 200_000


def known_word_test(forms: Iterable[str]) -> Callable[[str], int]:
    """A test: 2 for a known word as written, 1 for an unmarked known skeleton ("duoc"), 0 otherwise.

    >>> is_known = known_word_test(["được", "cua"])
    >>> is_known("Được"), is_known("cua"), is_known("duoc"), is_known("dươc"), is_known("ctia")
    (2, 2, 1, 0, 0)

    Either tone placement counts as written ("thuỷ" as "thủy").

    >>> known_word_test(["thủy", "hòa"])("Thuỷ")
    2
    """
    words = {f for f in forms if f.isalpha()}
    skeletons = {skeleton(f) for f in words}

    @lru_cache(maxsize=KNOWN_CACHE_SIZE)  # words recur: the tone restyling is paid once per spelling
    def is_known(word: str) -> int:
        lower = to_tone_style(word.lower(), "old")
        if lower in words:
            return 2
        return 1 if not has_diacritics(lower) and lower in skeletons else 0

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

    In a document that is garbled as a whole, a paragraph that looks stripped is garbled too:
    it is the same OCR where it happened to drop the marks rather than misread them, and the
    garble repair reads such paragraphs far better than the stripped restorer (dev pages cut
    into 5-line paragraphs: 95.7 and 98.5 % against 78.9 and 82.0 % on those detected stripped).

    >>> known = known_word_test(["của", "số", "là", "về", "đề", "án", "cua", "ve", "de", "an", "so", "la"])
    >>> [m for *_, m in detect_modes(["ctia s6 1a V& Pé an"] * 3, known)]
    ['garbled']
    >>> [m for *_, m in detect_modes(["ctia s6 1a V& Pé an " * 3, "", "cua so la ve de an " * 3], known)]
    ['garbled', 'garbled']
    >>> [m for *_, m in detect_modes(["cua so la ve de an " * 3], known)]
    ['stripped']
    """
    spans = paragraphs(lines)
    found = [evidence("\n".join(lines[a:b]), is_known) for a, b in spans]
    total = ModeEvidence()
    for item in found:
        total.add(item)
    document = total.mode
    out = []
    for (a, b), item in zip(spans, found):
        mode = item.mode if item.words >= MIN_WORDS else document
        if mode == "stripped" and document == "garbled":
            mode = "garbled"
        out.append((a, b, mode))
    return out
