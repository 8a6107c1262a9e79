"""Dates in both Vietnamese forms to ISO."""

from __future__ import annotations

import pytest

from vnrestore.extract.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ngày 3/9/2021", "2021-09-03"),
        ("ngày 03-09-2021", "2021-09-03"),
        ("ngày 30 tháng 6 năm 2020", "2020-06-30"),
        ("Hà Tĩnh, ngày 5 tháng 12 năm 2019", "2019-12-05"),
        ("Hà Tĩnh, ngày    tháng 12 năm 2019", "2019-12"),
        ("ngay 5 thang 12 nam 2019", "2019-12-05"),
        ("trước tháng 10/2024", "2024-10"),
        ("ngày 09/1 2/2021", None),  # OCR split inside the month: not guessed
        ("ngày 31/13/2021", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_find_dates_reports_spans_on_the_original_text():
    text = "Ngày 7/3/2019, sau đó ngày 1 tháng 4 năm 2020"
    dates = find_dates(text)
    assert [d.iso for d in dates] == ["2019-03-07", "2020-04-01"]
    assert text[dates[0].start : dates[0].end] == "7/3/2019"
