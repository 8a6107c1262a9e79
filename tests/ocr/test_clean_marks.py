"""Cleaning keeps every Vietnamese mark and removes specks (no OCR needed)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vnrestore.ocr.clean import CleanOptions, despeckle, measure_skew, prepare_page, rotate

FONT = "/usr/share/fonts/truetype/freefont/FreeSerif.ttf"
TEXT = "Quyết định hỗ trợ: chỉ đạo, bảo đảm, thực hiện, Ủy ban, Đề án, ngập lụt"


def render_line(dpi: int = 300) -> np.ndarray:
    """One 13 pt line of marked text on a white strip."""
    font = ImageFont.truetype(FONT, round(13 * dpi / 72))
    image = Image.new("L", (round(8 * dpi), round(0.8 * dpi)), 255)
    ImageDraw.Draw(image).text((round(0.3 * dpi), round(0.2 * dpi)), TEXT, font=font, fill=0)
    return np.where(np.asarray(image) < 128, 0, 255).astype(np.uint8)  # printed ink, as binarised


def components(binary: np.ndarray) -> int:
    return cv2.connectedComponents((binary == 0).astype(np.uint8), connectivity=8)[0] - 1


def test_despeckle_keeps_tone_marks_and_removes_far_specks() -> None:
    line = render_line()
    marks = components(line)
    noisy = line.copy()
    rng = np.random.default_rng(7)
    for _ in range(40):  # 2-3 px specks in the empty band well below the text
        y, x = rng.integers(200, 235), rng.integers(50, 2300)
        noisy[y : y + rng.integers(2, 4), x : x + rng.integers(2, 4)] = 0
    for _ in range(40):  # single-pixel grain right beside the letters
        y, x = rng.integers(60, 140), rng.integers(100, 2300)
        if line[max(0, y - 2) : y + 3, max(0, x - 2) : x + 3].min() == 255:
            noisy[y, x] = 0
    cleaned = despeckle(noisy, 300)
    assert components(cleaned) == marks
    assert np.array_equal(cleaned, line)  # every dot below, hook above and accent is still there


def test_skew_is_measured_and_undone() -> None:
    line = render_line(150)[20:80]
    page = np.full((1500, line.shape[1] + 200), 255, np.uint8)
    for row in range(12):
        page[100 + row * 110 : 100 + row * 110 + 60, 100 : 100 + line.shape[1]] = line
    turned = rotate(page, -2.0)  # rotate() undoes a ccw skew: -2 turns the page 2° ccw
    assert abs(measure_skew(turned, 150) - 2.0) < 0.15
    prepared = prepare_page(turned, 150, options=CleanOptions(borders=False))
    assert abs(prepared.skew_degrees - 2.0) < 0.15
    assert prepared.grey.shape == prepared.clean.shape == turned.shape


def test_tesseract_sees_faded_ink_at_full_contrast() -> None:
    from vnrestore.ocr.clean import masked_grey

    line = render_line(300)
    faded = np.where(line == 0, 130, 215).astype(np.uint8)  # grey ink on grey paper
    faded = cv2.GaussianBlur(faded, (0, 0), 1.0)
    page = np.full((1200, faded.shape[1]), 215, np.uint8)
    page[400 : 400 + faded.shape[0]] = faded
    prepared = prepare_page(page, 300, options=CleanOptions(borders=False, deskew=False))
    shown = masked_grey(prepared)
    ink = prepared.clean == 0
    assert np.percentile(shown[ink], 5) < 10  # the darkest ink is black
    assert (shown[:300] == 255).all()  # paper is white
    assert np.median(shown[ink]) < np.median(prepared.grey[ink]) - 40


def test_despeckle_keeps_a_list_dash_and_removes_a_lone_bar_and_specks() -> None:
    """A list item's "- " sits a space from its word, beyond a tone mark's reach: it stays; the same bar alone goes."""
    dpi = 300
    font = ImageFont.truetype(FONT, round(13 * dpi / 72))
    image = Image.new("L", (round(8 * dpi), round(1.6 * dpi)), 255)
    draw = ImageDraw.Draw(image)
    draw.text((round(0.3 * dpi), round(0.2 * dpi)), "- Xây dựng các nền tảng, phát triển hạ tầng", font=font, fill=0)
    draw.text((round(6.0 * dpi), round(1.0 * dpi)), "-", font=font, fill=0)  # a bar far from any word
    page = np.where(np.asarray(image) < 128, 0, 255).astype(np.uint8)
    rng = np.random.default_rng(3)
    noisy = page.copy()
    for _ in range(30):  # 2-3 px specks in the empty band below the text
        y, x = rng.integers(300, 380), rng.integers(50, 1500)
        noisy[y : y + rng.integers(2, 4), x : x + rng.integers(2, 4)] = 0
    cleaned = despeckle(noisy, dpi)
    list_dash = cleaned[: round(0.6 * dpi), : round(0.38 * dpi)]  # left of the "X"
    assert (list_dash == 0).any()  # the dash before "Xây" is kept
    assert (cleaned[round(0.8 * dpi) :] == 255).all()  # the lone bar and the specks are gone
