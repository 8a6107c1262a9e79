"""Roman numerals, as Vietnamese documents number their parts ("I.", "II.", "IV.") and courses ("khóa XV")."""

from __future__ import annotations

import re

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_SYMBOLS = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
            ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
#: a numeral written the canonical way, thousands to units: one compiled match, as the restorer asks it of
#: every word of running text
_CANONICAL = re.compile(r"(?=[IVXLCDM])M*(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def roman_value(numeral: str) -> int:
    """The value of upper-case Roman digits, by the subtractive rule, whether or not well formed.

    >>> roman_value("XIV"), roman_value("IIII"), roman_value("")
    (14, 4, 0)
    """
    values = [_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and values[i + 1] > v else v for i, v in enumerate(values))


def as_roman(value: int) -> str:
    """The canonical Roman numeral of a positive number.

    >>> as_roman(3), as_roman(4), as_roman(19)
    ('III', 'IV', 'XIX')
    """
    out = []
    for symbol, size in _SYMBOLS:
        count, value = divmod(value, size)
        out.append(symbol * count)
    return "".join(out)


def is_canonical_roman(numeral: str) -> bool:
    """Upper-case Roman digits written as the numeral of their value is written ("IV", not "IIII" or "VX").

    >>> [is_canonical_roman(x) for x in ("IV", "XII", "IIII", "VX", "IL", "ii", "")]
    [True, True, False, False, False, False, False]
    """
    return _CANONICAL.fullmatch(numeral) is not None
