"""What kind of thing a printed word looks like, and how its case lays over a candidate.

Wrong-language OCR puts digits and symbols where letters were ("13" for "là",
"V&" for "Về"), so a word's class only sets the learned odds that it stands as
printed; it never decides on its own.
"""

from __future__ import annotations

import regex

#: a number as legal text writes one: digits with their separators, a percentage
_NUMBER = regex.compile(r"^[\p{Nd}][\p{Nd}.,:/\-]*%?$")
_CODE = regex.compile(r"[/\-]")
_DIGIT = regex.compile(r"\p{Nd}")
_LETTER = regex.compile(r"\p{L}")


def token_class(word: str) -> str:
    """``number``, ``code``, ``alnum``, ``mixed``, ``upper``, ``word`` or ``symbol``.

    Digits among symbols that no number is written with ("$6", "¢4", "@&2") are ``mixed``, not a
    number: English OCR prints them for "số", "có", where legal text writes no currency signs.

    >>> [token_class(w) for w in ("24/12/2021", "316/TTr-UBND", "s6", "13", "CMCN", "ctia", "&")]
    ['number', 'code', 'alnum', 'number', 'upper', 'word', 'symbol']
    >>> [token_class(w) for w in ("100%", "4,5%", "$6", "¢4")]
    ['number', 'number', 'mixed', 'mixed']
    """
    if _NUMBER.match(word):
        return "number"
    has_letter = bool(_LETTER.search(word))
    if has_letter and _CODE.search(word):
        return "code"
    has_digit = bool(_DIGIT.search(word))
    if has_letter and has_digit:
        return "alnum"
    if not has_letter:
        return "mixed" if has_digit else "symbol"
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    return "word"


def printed_case(word: str) -> str:
    """The case a printed word asks of its repair: ``lower``, ``title`` or ``upper``.

    Only letters count, and a first character that is no letter (the "1" of "1a")
    says nothing.

    >>> [printed_case(w) for w in ("ctia", "Pé", "PIEN", "1a", "V&", "@&")]
    ['lower', 'title', 'upper', 'lower', 'title', 'lower']
    """
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if word[:1].isupper():
        return "title"
    return "lower"


def apply_case(syllable: str, case: str) -> str:
    """Lay ``case`` over a lower-case syllable.

    >>> apply_case("đề", "title"), apply_case("điện", "upper"), apply_case("là", "lower")
    ('Đề', 'ĐIỆN', 'là')
    """
    if case == "upper":
        return syllable.upper()
    if case == "title":
        return syllable[:1].upper() + syllable[1:]
    return syllable
