"""Tables of Vietnamese letters, kept apart from the functions that use them.

Every Vietnamese vowel is a *base* letter (a, ă, â, e, ê, i, o, ô, ơ, u, ư, y)
plus at most one of five tone marks.  The tables are derived from Unicode, not
typed in, so they cannot drift from it.
"""

from __future__ import annotations

import unicodedata

#: combining tone marks, in the order of the VNI/Telex convention
TONE_MARKS: tuple[str, ...] = (
    "\u0300",  # huyền  (grave)
    "\u0301",  # sắc    (acute)
    "\u0309",  # hỏi    (hook above)
    "\u0303",  # ngã    (tilde)
    "\u0323",  # nặng   (dot below)
)
#: combining marks that change the vowel itself (breve, circumflex, horn)
QUALITY_MARKS: tuple[str, ...] = ("\u0306", "\u0302", "\u031b")

BASE_VOWELS = "aăâeêioôơuưy"
#: vowels that carry a quality mark: the tone always goes on them
MARKED_VOWELS = "ăâêôơư"


def _build_tone_tables() -> tuple[dict[str, tuple[str, int]], dict[tuple[str, int], str]]:
    """Map every toned vowel (both cases) to (untoned vowel, tone 1..5) and back."""
    split: dict[str, tuple[str, int]] = {}
    join: dict[tuple[str, int], str] = {}
    for base in BASE_VOWELS + BASE_VOWELS.upper():
        join[(base, 0)] = base
        split[base] = (base, 0)
        for tone, mark in enumerate(TONE_MARKS, start=1):
            toned = unicodedata.normalize("NFC", base + mark)
            split[toned] = (base, tone)
            join[(base, tone)] = toned
    return split, join


#: "ộ" -> ("ô", 5);  "a" -> ("a", 0)
VOWEL_TONE: dict[str, tuple[str, int]]
#: ("ô", 5) -> "ộ"
TONED_VOWEL: dict[tuple[str, int], str]
VOWEL_TONE, TONED_VOWEL = _build_tone_tables()


def _build_strip_table() -> dict[int, str]:
    """A ``str.translate`` table from every accented Latin letter to its bare letter."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        if bare != char and len(bare) == 1 and bare.isascii() and bare.isalpha():
            table[code] = bare
    return table


STRIP_TABLE: dict[int, str] = _build_strip_table()

#: every lower-case letter a Vietnamese syllable may contain
VIETNAMESE_LETTERS: frozenset[str] = frozenset(
    "bcdđghklmnpqrstvx" + "fjwz" + "".join(c for c in VOWEL_TONE if c.islower())
)
