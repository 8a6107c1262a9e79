"""The outline of a document: its numbered headings with level and line.

Levels follow the spec: "PHẦN", "Chương", "Điều" and Roman numerals are 1,
"1." is 2, "1.1" and "a)" are 3, "1.1.1" is 4.
"""

from __future__ import annotations

import regex

from vnrestore.text.diacritics import nfc, skeleton
from vnrestore.text.roman import is_canonical_roman

_MARKUP = regex.compile(r"[*#•_`>]+")
_PART = regex.compile(r"^(?:phan|chuong)\s+(?:[ivxlc]+|\d+|thu\s+\p{L}+)\b")
_ARTICLE = regex.compile(r"^dieu\s+\d+[a-z]?\s*[.:]")
_ROMAN = regex.compile(r"^([IVXLC]{1,7})\s*[.)-]\s*\S")
_DOTTED = regex.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|(?=\p{Lu}))\S")
#: "1. Mục tiêu", and "1. 100% xã ..." where a space parts the item number from a figure
_NUMBERED = regex.compile(r"^\d{1,2}\s*\.(?!\d)(?:\s*\p{L}|\s+\d)")
_LETTERED = regex.compile(r"^[a-zđ]\s*\)\s*\S")
HEADING_MAX_CHARS = 200


def clean_line(line: str) -> str:
    """A line without Markdown emphasis or list markers, spaces collapsed.

    >>> clean_line("### **1. Quan điểm và mục tiêu**")
    '1. Quan điểm và mục tiêu'
    """
    return " ".join(_MARKUP.sub(" ", nfc(line)).split())


def heading_level(line: str) -> int | None:
    """The outline level of a heading line, or None for body text.

    >>> heading_level("II. NỘI DUNG THỰC HIỆN"), heading_level("1. Mục tiêu chung")
    (1, 2)
    >>> heading_level("1.1 Về mục tiêu"), heading_level("b) Mục tiêu: ..."), heading_level("Điều 2. Sở ...")
    (3, 3, 1)
    >>> heading_level("- 100% hồ sơ"), heading_level("Ngày 19/01/2022, Chủ tịch")
    (None, None)
    >>> heading_level("à) Ngân sách tỉnh"), heading_level("Đ) Nhiệm vụ")
    (3, 3)
    >>> heading_level("1. 100% xã có Tổ công nghệ số"), heading_level("1.000 hồ sơ"), heading_level("12,5 tỷ đồng")
    (2, None, None)
    """
    text = clean_line(line)
    if not text:
        return None
    key = skeleton(text)
    if text[0].isupper() and (_PART.match(key) or _ARTICLE.match(key)):
        return 1
    roman = _ROMAN.match(text)
    if roman and is_canonical_roman(roman.group(1)):
        return 1
    dotted = _DOTTED.match(text)
    if dotted:
        return 1 + dotted.group(1).count(".") + 1
    if _NUMBERED.match(text):
        return 2
    if _LETTERED.match(key):  # on the skeleton: a stray tone makes "a)" read "à)"
        return 3
    return None


def heading_text(line: str) -> str:
    """The heading as shown in the outline: cleaned, cut at a word boundary.

    >>> heading_text("**4.** Sở Tài chính")
    '4. Sở Tài chính'
    """
    text = regex.sub(r"^(\S+)\s+\.", r"\1.", clean_line(line))
    if len(text) <= HEADING_MAX_CHARS:
        return text
    return text[:HEADING_MAX_CHARS].rsplit(" ", 1)[0]


def outline(text: str) -> list[dict]:
    """Every heading of ``text`` as {"heading", "level", "line"} (lines count from 1).

    >>> outline("QUYẾT ĐỊNH\\nI. MỤC TIÊU\\n1. Mục tiêu chung\\n- nội dung\\na) Quan điểm")
    [{'heading': 'I. MỤC TIÊU', 'level': 1, 'line': 2}, {'heading': '1. Mục tiêu chung', 'level': 2, 'line': 3}, {'heading': 'a) Quan điểm', 'level': 3, 'line': 5}]
    """
    sections = []
    for number, line in enumerate(text.splitlines(), start=1):
        level = heading_level(line)
        if level is not None:
            sections.append({"heading": heading_text(line), "level": level, "line": number})
    return sections
