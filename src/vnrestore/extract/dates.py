"""Dates as Vietnamese documents write them, to ISO 8601.

Matching runs on the skeleton of the text (no diacritics, lower case), so
"ngay 19 thang 01 nam 2022" left unaccented by restoration reads the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from vnrestore.text.diacritics import nfc, skeleton

_SLASHED = r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d\d)(?!\d)"
_SPELLED = r"(?:ngay\s*(?P<d2>\d{1,2})?\s*)?thang\s*(?P<m2>\d{1,2})\s*(?:,\s*)?nam\s*(?P<y2>(?:19|20)\d\d)(?!\d)"
_MONTH_ONLY = r"thang\s*(?P<m3>\d{1,2})\s?/\s?(?P<y3>(?:19|20)\d\d)(?!\d)"
_DATE = regex.compile(rf"(?<![\d/])(?:{_SPELLED}|{_MONTH_ONLY}|{_SLASHED})")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """An ISO date ("2022-01-19", or "2022-01" when the day is blank) and its span."""

    iso: str
    start: int
    end: int


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    y = int(year)
    m = int(month) if month else 0
    d = int(day) if day else 0
    if not 1 <= m <= 12:
        return None
    if d and not 1 <= d <= 31:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, in order.

    >>> [d.iso for d in find_dates("ngày 26/10/2021 và ngày 19 tháng 01 năm 2022")]
    ['2021-10-26', '2022-01-19']
    >>> [d.iso for d in find_dates("Quảng Ngãi, ngày   tháng 01 năm 2022; hoàn thành trong tháng 02/2022")]
    ['2022-01', '2022-02']
    """
    found = []
    for match in _DATE.finditer(skeleton(nfc(text))):
        groups = match.groupdict()
        if groups["y2"]:
            iso = _iso(groups["y2"], groups["m2"], groups["d2"])
        elif groups["y3"]:
            iso = _iso(groups["y3"], groups["m3"], None)
        else:
            iso = _iso(groups["y"], groups["m"], groups["d"])
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
    return found


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO, or None.

    >>> parse_date("Post date: 27/11/2020"), parse_date("ngay 7 thang 3 nam 2019")
    ('2020-11-27', '2019-03-07')
    >>> parse_date("giai đoạn 2021-2025") is None
    True
    """
    dates = find_dates(text)
    return dates[0].iso if dates else None
