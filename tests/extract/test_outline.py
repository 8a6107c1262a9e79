"""Headings with their level and line."""

from __future__ import annotations

import pytest

from vnrestore.extract.outline import heading_level, outline


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("PHẦN THỨ NHẤT", 1),
        ("PHAN 2. DANH GIA", 1),
        ("Chương III", 1),
        ("IV. KINH PHÍ", 1),
        ("IX - TỔ CHỨC", 1),
        ("Điều 12. Hiệu lực", 1),
        ("3. Nhiệm vụ", 2),
        ("**5.** Sở Y tế", 2),
        ("2.3. Về giải pháp", 3),
        ("2.3.1 Hạ tầng", 4),
        ("đ) Tuyên truyền", 3),
        ("- 90% hồ sơ", None),
        ("+ Nâng cấp", None),
        ("2025 là năm bản lề", None),
        ("IIII. Không phải số La Mã", None),
        ("Phần mềm dùng chung được nâng cấp", None),
        ("", None),
    ],
)
def test_heading_level(line, level):
    assert heading_level(line) == level


def test_outline_numbers_lines_from_one_and_keeps_order():
    text = "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n1. Mục đích\na) Nội dung\nvăn bản\nII. YÊU CẦU"
    assert [(s["level"], s["line"]) for s in outline(text)] == [(1, 3), (2, 4), (3, 5), (1, 7)]


def test_letter_subject_line_is_not_a_roman_heading():
    assert heading_level("V/v triển khai nền tảng số") is None
