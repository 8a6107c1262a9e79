"""Synthetic pages for the writers: word boxes drawn as ink blocks, with a hand-made PageResult.

The writers never look at the pixels, so a page of dark rectangles where the
words are is enough, and needs no font.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from vnrestore.ocr.page import Line, PageResult, Word

LINES = [
    "ỦY BAN NHÂN DÂN TỈNH",
    "Quyết định về việc hỗ trợ kinh phí",
    "Điều 1. Phê duyệt dự toán năm 2024;",
]


def make_page(width: int = 1240, height: int = 1754, dpi: int = 150, skew: float = 0.0, number: int = 1) -> PageResult:
    """A PageResult with the LINES laid out left to right, 60 px apart, each word 22 px per letter."""
    lines = []
    top = 120
    for paragraph, text in enumerate(LINES):
        left, words = 100, []
        for token in text.split():
            right = left + 22 * len(token)
            words.append(Word(token, (left, top, right, top + 40), 91.5))
            left = right + 18
        lines.append(Line(words, (words[0].box[0], top, words[-1].box[2], top + 40), paragraph=paragraph))
        top += 60
    return PageResult(number, width, height, dpi, lines=lines, skew_degrees=skew)


def draw_page(page: PageResult) -> Image.Image:
    image = Image.new("L", (page.width, page.height), 255)
    draw = ImageDraw.Draw(image)
    for word in page.words:
        draw.rectangle(word.box, fill=30)
    return image

