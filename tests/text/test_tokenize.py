"""The tokenizer keeps every character and classifies tokens the way the restorer needs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vnrestore.text.diacritics import strip_diacritics, to_tone_style
from vnrestore.text.tokenize import tokenize, words


@given(st.text())
def test_tokens_join_back_to_the_input(text: str) -> None:
    assert "".join(token.text for token in tokenize(text)) == text


@given(st.text())
def test_words_hold_no_digits_or_spaces_and_numbers_only_digits_and_inner_separators(text: str) -> None:
    for token in tokenize(text):
        if token.kind == "word":
            assert not any(char.isdecimal() or char.isspace() or char == "_" for char in token.text)
        elif token.kind == "number":
            assert token.text[0].isdecimal() and token.text[-1].isdecimal()
            assert token.text.replace(".", "").replace(",", "").isdecimal()
        elif token.kind == "punct":
            assert len(token.text) == 1


def test_document_codes_split_into_letters_numbers_and_punctuation() -> None:
    tokens = tokenize("Số 749/QĐ-TTg ngày 03/6/2020")
    assert [(t.kind, t.text) for t in tokens if t.kind != "space"] == [
        ("word", "Số"), ("number", "749"), ("punct", "/"), ("word", "QĐ"), ("punct", "-"),
        ("word", "TTg"), ("word", "ngày"), ("number", "03"), ("punct", "/"), ("number", "6"),
        ("punct", "/"), ("number", "2020"),
    ]


def test_decimal_and_grouped_numbers_are_one_token_and_a_closing_stop_is_not() -> None:
    tokens = tokenize("Tỷ lệ đạt 95,5%, tổng 1.250.000 đồng (mục 2.1.). Điều 5.Tổ 1.5a")
    assert [(t.kind, t.text) for t in tokens if t.kind in ("number", "other")] == [
        ("number", "95,5"), ("number", "1.250.000"), ("number", "2.1"), ("number", "5"), ("number", "1"),
        ("other", "5a"),
    ]


def test_urls_emails_and_alphanumerics_are_one_token_each() -> None:
    tokens = tokenize("Gửi vanthu@quangnam.gov.vn, xem https://dichvucong.gov.vn/p/1 và mục 36a")
    others = [t.text for t in tokens if t.kind == "other"]
    assert others == ["vanthu@quangnam.gov.vn", "https://dichvucong.gov.vn/p/1", "36a"]


def test_line_breaks_are_kept_in_space_tokens() -> None:
    tokens = tokenize("Điều 1.\r\n\n  Phạm vi")
    assert [t.text for t in tokens if t.kind == "space"] == [" ", "\r\n\n  ", " "]
    assert words("Điều 1.\r\n\n  Phạm vi") == ["Điều", "Phạm", "vi"]


def test_strip_and_tone_style_on_a_heading() -> None:
    assert strip_diacritics("ĐỀ ÁN CHUYỂN ĐỔI SỐ") == "DE AN CHUYEN DOI SO"
    assert to_tone_style("Hoà Bình và thuỷ lợi") == "Hòa Bình và thủy lợi"
