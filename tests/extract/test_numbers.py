"""Vietnamese numerals, number words and money amounts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vietnam_number import n2w

from vnrestore.extract.numbers import amount_to_vnd, find_amounts, parse_number, words_to_int
from vnrestore.text.diacritics import strip_diacritics


@pytest.mark.parametrize(
    ("written", "value"),
    [("1.250.000", 1250000), ("12,5", 12.5), ("0,75", 0.75), ("3.000,5", 3000.5), ("2.5", 2.5), ("08", 8)],
)
def test_parse_number_reads_vietnamese_separators(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("sáu trăm linh hai tỷ đồng", 602_000_000_000),
        ("Bốn trăm, ba mươi lăm triệu đồng chẵn", 435_000_000),
        ("năm mươi mốt nghìn", 51_000),
        ("hai mươi tư ngàn", 24_000),
        ("một trăm mười lăm", 115),
        ("mười nhăm", 15),
        ("ba tỷ không trăm linh năm triệu", 3_005_000_000),
        ("một nghìn hai trăm tỷ", 1_200_000_000_000),
        ("Bằng chữ: bảy mươi tỷ đồng", 70_000_000_000),
        ("tam muoi tu ty nam tram trieu dong", 84_500_000_000),
    ],
)
def test_words_to_int(words, value):
    assert words_to_int(words) == value


@pytest.mark.parametrize("words", ["", "đồng", "ngân sách tỉnh", "hai trăm tỷ đồng và các nguồn khác"])
def test_words_to_int_refuses_what_is_not_a_number(words):
    assert words_to_int(words) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999_999_999))
def test_words_agree_with_vietnam_number(number):
    """Our reader and vietnam-number's writer agree, with and without accents."""
    words = n2w(str(number))
    assert words_to_int(words) == number
    assert words_to_int(strip_diacritics(words)) == number


@pytest.mark.parametrize(
    ("number", "units", "vnd"),
    [("2,5", "triệu đồng", 2_500_000), ("1.250", "triệu đồng", 1_250_000_000), ("15", "tỉ", 15_000_000_000),
     ("12.500.000", "đồng", 12_500_000), ("3", "nghìn tỷ đồng", 3 * 10**12)],
)
def test_amount_to_vnd(number, units, vnd):
    assert amount_to_vnd(number, units) == vnd


def test_find_amounts_skips_years_and_small_bare_numbers():
    found = find_amounts("Giai đoạn 2021-2025, bố trí 120 triệu đồng cho 35 xã; dự phòng 1.500.000.000.")
    assert [a.vnd for a in found] == [120_000_000, 1_500_000_000]
    assert found[0].text == "120 triệu đồng"


@pytest.mark.parametrize(
    ("text", "mended"),
    [
        ("ngày 2l/O2/2O23", "ngày 21/02/2023"),
        ("l00% và 8O%", "100% và 80%"),
        ("số I8/NQ-HĐND", "số 18/NQ-HĐND"),
        ("COVID-19, IoT, mục II, CO2, Luật số", "COVID-19, IoT, mục II, CO2, Luật số"),
        ("lO người", "lO người"),  # no real digit: not a number
    ],
)
def test_mend_digit_lookalikes(text, mended):
    from vnrestore.extract.numbers import mend_digit_lookalikes

    assert mend_digit_lookalikes(text) == mended
    assert len(mend_digit_lookalikes(text)) == len(text)
