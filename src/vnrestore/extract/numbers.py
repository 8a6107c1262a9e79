"""Vietnamese numerals: digits with "." thousands and "," decimals, number words, money.

`vietnam-number`'s ``w2n`` reads well-accented number words, but raises on the
unaccented or slightly damaged forms restored text may keep ("chin tram le mot
ty"), so words are read here on skeletons; the tests check this parser against
``w2n``/``n2w`` on accented input.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

from vnrestore.text.diacritics import nfc, skeleton

from .tables import DIGIT_WORDS, MONEY_UNITS, NUMBER_FILLER, SCALE_WORDS

#: a number as Vietnamese documents write it: "901.000.000.000", "43,84", "100"
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMBER = regex.compile(NUMBER)
_UNIT_ALTERNATIVES = "|".join(sorted(MONEY_UNITS, key=len, reverse=True))
#: digits followed by optional money units, matched on the skeleton of a text
_AMOUNT = regex.compile(
    rf"(?<![\d.,/])({NUMBER})(?![\d/])((?:\s*(?:{_UNIT_ALTERNATIVES})\b)*)", regex.IGNORECASE
)


#: a run of digits and the letters OCR confuses with them, not touching other letters
_LOOKALIKE_RUN = regex.compile(r"(?<![\p{L}\d])[\dOoIlSŠ]*\d[\dOoIlSŠ]*(?![\p{L}\d])")
_LOOKALIKE_DIGITS = str.maketrans("OoIlSŠ", "001155")
#: S for 5 only where a day, month or percentage is sure to stand ("ngày 2Š tháng 6"): "5S" is a method's name
_DATE_AFTER = regex.compile(r"\s*(?:tháng|thang|/|%)")
_DATE_BEFORE = regex.compile(r"(?:ngày|ngay|/)\s*$")


def _mend_run(text: str, match: regex.Match) -> str:
    run = match.group()
    if regex.search(r"[SŠ]", run) and not (
        _DATE_AFTER.match(text, match.end()) or _DATE_BEFORE.search(text[max(0, match.start() - 6) : match.start()])
    ):
        return run
    return run.translate(_LOOKALIKE_DIGITS)


#: a number OCR split at a space: "số 41 I/QĐ-TTg" (411), "tháng I I năm" (11)
_SPLIT_NUMBER = regex.compile(
    r"(?<![\p{L}\d])(?P<a>\d{1,4})\s(?P<b>[IlO1]{1,2})(?=/\s?\p{Lu})"
    r"|(?<=\b(?:tháng|ngày)\s{1,2})(?P<a>[\dIl])\s(?P<b>[\dIl])(?=\s+(?:năm|tháng)\b)"
    r"|(?<=(?<![\d/])\d{1,2}/)(?P<a>[\dIl])\s(?P<b>[\dIl])(?=/(?:19|20)\d\d\b)"
    r"|(?<![\p{L}\d/])(?P<a>[\dIl])\s(?P<b>[\dIl])(?=/\d{1,2}/(?:19|20)\d\d\b)"
)


#: Q for a 0 that ends a number ("9Q%"); a leading Q is a district ("Q1")
_TRAILING_Q = regex.compile(r"(?<=(?<![\p{L}\d])\d{1,3})Q(?![\p{L}\d])")


def _joined(match: regex.Match) -> str:
    """The two parts as one number, padded with a space so the text keeps its length."""
    return (match.group("a") + match.group("b")).translate(_LOOKALIKE_DIGITS) + " "


def mend_digit_lookalikes(text: str) -> str:
    """Read O as 0, I or l as 1 (and S as 5 in a date) inside a number OCR misread ("2O22", "l00%").

    A run must hold a real digit and touch no other letter, so "COVID-19",
    "IoT" or a Roman "II" stay as they are; the length never changes, so
    offsets into the text still hold.

    >>> mend_digit_lookalikes("ngày 2l/O2/2O23: l00% và 8O%; COVID-19, IoT, mục II, CO2")
    'ngày 21/02/2023: 100% và 80%; COVID-19, IoT, mục II, CO2'
    >>> mend_digit_lookalikes("ngày 2Š tháng 6 năm 2015, 1S/3/2020; mô hình 5S")
    'ngày 25 tháng 6 năm 2015, 15/3/2020; mô hình 5S'
    >>> mend_digit_lookalikes("Quyết định số 41 I/QĐ-TTg ngày 20 tháng I I năm 2014; 3 1 bậc")
    'Quyết định số 411 /QĐ-TTg ngày 20 tháng 11  năm 2014; 3 1 bậc'
    >>> mend_digit_lookalikes("tối thiểu 9Q% người dân ở Q1, QH15")
    'tối thiểu 90% người dân ở Q1, QH15'
    >>> mend_digit_lookalikes("Post date: 27/1 1/2020, 1 1/3/2021; 3/1 1 tháng")
    'Post date: 27/11 /2020, 11 /3/2021; 3/1 1 tháng'
    """
    text = _SPLIT_NUMBER.sub(_joined, text)
    text = _TRAILING_Q.sub("0", text)
    return _LOOKALIKE_RUN.sub(lambda match: _mend_run(text, match), text)


def parse_number(written: str) -> float | int:
    """Read a number written the Vietnamese way ("." groups thousands, "," is the decimal mark).

    >>> parse_number("901.000.000.000"), parse_number("43,84"), parse_number("0,500")
    (901000000000, 43.84, 0.5)
    >>> parse_number("1.5"), parse_number("70")
    (1.5, 70)
    """
    text = written.strip()
    if "," in text:
        whole, _, fraction = text.partition(",")
        value = float(whole.replace(".", "") + "." + fraction)
    elif regex.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        value = float(text.replace(".", ""))
    else:
        value = float(text)
    return int(value) if value.is_integer() else value


def words_to_int(words: str) -> int | None:
    """Read an amount written in Vietnamese words; None when it is not one.

    Works on accented and unaccented forms alike, and ignores "đồng", "chẵn"
    and "Bằng chữ".

    >>> words_to_int("chín trăm lẻ một tỷ đồng")
    901000000000
    >>> words_to_int("Bảy trăm sáu mươi chín tỷ, năm trăm triệu đồng")
    769500000000
    >>> words_to_int("hai mươi mốt"), words_to_int("mười lăm"), words_to_int("một trăm linh năm")
    (21, 15, 105)
    >>> words_to_int("ba nghin hai tram"), words_to_int("hai ngàn tỷ") == 2 * 10**12
    (3200, True)
    >>> words_to_int("Sở Tài chính") is None
    True
    >>> words_to_int("Bay trim, sau muoi chinh ty, nam trăm triệu đồng")  # one word in three may be damaged
    769500000000
    """
    written = [token for token in regex.split(r"[^\p{L}]+", skeleton(words)) if token]
    written = [token for token in written if token not in NUMBER_FILLER]
    tokens = [_mended(token) for token in written]
    if not tokens or None in tokens or sum(t != w for t, w in zip(tokens, written)) > len(tokens) // 3:
        return None  # not a number, or too damaged to trust
    total, group, digit, after_tens = 0, 0, None, False
    for token in tokens:
        if token in DIGIT_WORDS:
            if after_tens:
                group += DIGIT_WORDS[token]
                after_tens = False
            else:
                digit = DIGIT_WORDS[token]
            continue
        scale = SCALE_WORDS[token]
        if scale == 10:  # "mười" alone is ten, "hai mươi" is twenty
            group += 10 * (digit if digit is not None else 1)
            digit, after_tens = None, True
        elif scale == 100:
            group += 100 * (digit if digit is not None else 1)
            digit, after_tens = None, False
        else:
            group += digit or 0
            if group == 0 and total == 0:
                group = 1
            total = (total + group) * scale if total < scale else total + group * scale
            group, digit, after_tens = 0, None, False
    return total + group + (digit or 0)


_KNOWN = frozenset((*DIGIT_WORDS, *SCALE_WORDS))


def _mended(token: str) -> str | None:
    """The number word ``token`` is, or the only one it is one edit away from, else None.

    Restoration can leave "trăm" as "trim" or "chín" as "chinh" in garbled scans.

    >>> _mended("trieu"), _mended("trim"), _mended("chinh"), _mended("luc")
    ('trieu', 'tram', 'chin', None)
    """
    if token in _KNOWN:
        return token
    if len(token) < 3:
        return None
    near = [word for word in _KNOWN if len(word) >= 3 and Levenshtein.distance(token, word, score_cutoff=1) <= 1]
    return near[0] if len(near) == 1 else None


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money found in a text: its value in đồng and where it was written."""

    vnd: int
    start: int
    end: int
    text: str


def amount_to_vnd(number: str, units: str = "") -> int:
    """Turn digits and their money units into whole đồng.

    >>> amount_to_vnd("43,84", "tỷ đồng"), amount_to_vnd("901.000.000.000")
    (43840000000, 901000000000)
    >>> amount_to_vnd("1,5", "nghìn tỷ")
    1500000000000
    """
    value = parse_number(number)
    multiplier = 1
    unit_words = skeleton(units)
    for unit in sorted(MONEY_UNITS, key=len, reverse=True):
        while regex.search(rf"\b{unit}\b", unit_words):
            multiplier *= MONEY_UNITS[unit]
            unit_words = regex.sub(rf"\b{unit}\b", " ", unit_words, count=1)
    return round(value * multiplier)


def find_amounts(text: str, minimum_vnd: int = 1000) -> list[Amount]:
    """Every sum of money written in digits in ``text``.

    A bare number counts only when it is large enough to be đồng (default 1000),
    so years and percentages are left alone.  "15 tỷ 500 triệu đồng" is one sum.

    >>> [a.vnd for a in find_amounts("Tổng: 43,84 tỷ đồng, trong đó 500 triệu đồng năm 2021")]
    [43840000000, 500000000]
    >>> [a.vnd for a in find_amounts("Tổng vốn: 15 tỷ 500 triệu đồng; 2 tỷ, 3 tỷ đồng")]
    [15500000000, 2000000000, 3000000000]
    """
    text = nfc(text)
    key = skeleton(text)
    found: list[Amount] = []
    open_unit = None  # the multiplier of the last sum when it ended on a unit bigger than đồng
    for match in _AMOUNT.finditer(key):
        units = match.group(2)
        vnd = amount_to_vnd(match.group(1), units)
        if not units.strip() and vnd < minimum_vnd:
            continue
        if not units.strip() and regex.fullmatch(r"(19|20)\d\d", match.group(1)):
            continue
        end = match.start(2) + len(units.rstrip())
        unit = amount_to_vnd("1", units) if units.strip() else 1
        if (found and open_unit and 1 < unit < open_unit and parse_number(match.group(1)) < 1000
                and not key[found[-1].end : match.start()].strip()):
            last = found.pop()  # "15 tỷ" + "500 triệu đồng"
            vnd, start = last.vnd + vnd, last.start
        else:
            start = match.start()
        found.append(Amount(vnd, start, end, text[start:end]))
        open_unit = unit if unit > 1 and not regex.search(r"\bdong\b", units) else None
    return found


def find_numbers(text: str) -> list[tuple[float | int, int, int]]:
    """Every number in ``text`` with its span.

    >>> find_numbers("đạt 47/63 và 0,5 điểm")
    [(47, 4, 6), (63, 7, 9), (0.5, 13, 16)]
    """
    return [(parse_number(m.group()), m.start(), m.end()) for m in _NUMBER.finditer(text)]
