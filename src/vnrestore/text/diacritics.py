"""Pure functions over Vietnamese diacritics: strip, split and place tone marks.

Output style: vnrestore writes the tone mark the way most official documents do,
on the first vowel of an open "oa", "oe", "uy" ("hòa", "thủy", "hóa": the
*old* style).  :func:`to_tone_style` converts to and from the *new* style
("hoà", "thuỷ", "hoá").
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import regex

from .chardata import MARKED_VOWELS, STRIP_TABLE, TONED_VOWEL, VOWEL_TONE

ToneStyle = Literal["old", "new"]

#: the vowel pairs whose tone position differs between the two styles
_STYLE_PAIRS = frozenset({"oa", "oe", "uy"})
_WORD = regex.compile(r"\p{L}+")


def nfc(text: str) -> str:
    """Compose to Unicode NFC, the only form vnrestore works in.

    >>> nfc("Vie\u0302\u0323t") == "Việt"
    True
    """
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove every tone and vowel mark and turn đ into d.

    >>> strip_diacritics("Ủy ban nhân dân tỉnh Đắk Lắk")
    'Uy ban nhan dan tinh Dak Lak'
    """
    return nfc(text).translate(STRIP_TABLE)


def skeleton(word: str) -> str:
    """The lookup key of a word: lower case, no diacritics.

    >>> skeleton("Quyết")
    'quyet'
    """
    return strip_diacritics(word).lower()


def has_diacritics(word: str) -> bool:
    """True when ``word`` carries any Vietnamese mark (tone, ă â ê ô ơ ư, đ).

    >>> has_diacritics("so"), has_diacritics("số"), has_diacritics("Đa")
    (False, True, True)
    """
    return strip_diacritics(word) != word


def split_tone(syllable: str) -> tuple[str, int]:
    """Separate a syllable into its untoned letters and its tone (0 = none, 1..5).

    Tones are numbered huyền 1, sắc 2, hỏi 3, ngã 4, nặng 5.

    >>> split_tone("Quyết")
    ('Quyêt', 2)
    >>> split_tone("hoà")
    ('hoa', 1)
    """
    tone = 0
    chars = []
    for char in syllable:
        base_tone = VOWEL_TONE.get(char)
        if base_tone is not None and base_tone[1]:
            if not tone:
                tone = base_tone[1]
            chars.append(base_tone[0])
        else:
            chars.append(char)
    return "".join(chars), tone


def _nucleus(lower: str) -> tuple[int, int]:
    """Start and end index of the vowel nucleus of an untoned lower-case syllable.

    The "u" of "qu" and the "i" of "gi" before another vowel belong to the onset.
    """
    start = 0
    while start < len(lower) and lower[start] not in VOWEL_TONE:
        start += 1
    if start < len(lower) and start > 0:
        onset_vowel = lower[start - 1 : start + 1]
        if onset_vowel in ("qu", "gi") and start + 1 < len(lower) and lower[start + 1] in VOWEL_TONE:
            start += 1
    end = start
    while end < len(lower) and lower[end] in VOWEL_TONE:
        end += 1
    return start, end


def tone_position(untoned: str, style: ToneStyle = "old") -> int:
    """Index of the letter that carries the tone in an untoned syllable, or -1.

    >>> tone_position("hoa"), tone_position("hoa", "new"), tone_position("hoang")
    (1, 2, 2)
    >>> tone_position("nguoi"), tone_position("giup"), tone_position("quyên")
    (3, 2, 3)
    """
    lower = untoned.lower()
    start, end = _nucleus(lower)
    if start >= end:
        return -1
    nucleus = lower[start:end]
    marked = [i for i, c in enumerate(nucleus) if c in MARKED_VOWELS]
    if marked:
        return start + marked[-1]
    if len(nucleus) == 1:
        return start
    if end < len(lower) or len(nucleus) >= 3:
        return start + (len(nucleus) - 1 if end < len(lower) else 1)
    if style == "new" and nucleus in _STYLE_PAIRS:
        return start + 1
    return start


def place_tone(untoned: str, tone: int, style: ToneStyle = "old") -> str:
    """Put tone ``tone`` (1..5) on the right vowel of an untoned syllable.

    >>> place_tone("thuy", 3), place_tone("thuy", 3, "new"), place_tone("Nguyên", 4)
    ('thủy', 'thuỷ', 'Nguyễn')
    """
    if not tone:
        return untoned
    position = tone_position(untoned, style)
    if position < 0:
        return untoned
    vowel = untoned[position]
    return untoned[:position] + TONED_VOWEL[(vowel, tone)] + untoned[position + 1 :]


def _restyle_word(match: regex.Match, style: ToneStyle) -> str:
    word = match.group()
    untoned, tone = split_tone(word)
    if not tone:
        return word
    lower = untoned.lower()
    start, end = _nucleus(lower)
    if end - start != 2 or end != len(lower) or lower[start:end] not in _STYLE_PAIRS:
        return word
    return place_tone(untoned, tone, style)


def to_tone_style(text: str, style: ToneStyle = "old") -> str:
    """Rewrite the tone marks of open "oa", "oe", "uy" in ``style``; all else untouched.

    >>> to_tone_style("hoà thuỷ hoá khoẻ")
    'hòa thủy hóa khỏe'
    >>> to_tone_style("Hòa hoàng thủy", "new")
    'Hoà hoàng thuỷ'
    """
    return _WORD.sub(lambda m: _restyle_word(m, style), nfc(text))
