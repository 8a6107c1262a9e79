"""Border and punch-hole removal blanks only what is solidly dark, never a word near the edge."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from vnrestore.ocr.clean import blank_dark_margins, mm

FONTS = "/usr/share/fonts/truetype/freefont/"
DPI = 150
PAPER = 215


def scanned_page(ink: int, blur: float, border: bool) -> tuple[np.ndarray, dict[str, tuple[slice, slice]]]:
    """A sparse A4 page at 150 dpi: words close to the top, left and right edges and inside
    a dim lower-left corner; optionally a black bottom border and a punch hole.
    Returns the page and where each of those is."""
    width, height = mm(DPI, 210), mm(DPI, 297)
    image = Image.new("L", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONTS + "FreeSerif.ttf", round(13 * DPI / 72))
    bold = ImageFont.truetype(FONTS + "FreeSerifBold.ttf", round(14 * DPI / 72))
    places = {
        "top": (mm(DPI, 90), mm(DPI, 12), "đề ra", bold),  # a short bold word within 30 mm of the top
        "left": (mm(DPI, 14), mm(DPI, 80), "số, kinh", font),  # a line start 14 mm from the left edge
        "right": (mm(DPI, 182), mm(DPI, 120), "phố", bold),  # a line end 15 mm from the right edge
        "corner": (mm(DPI, 20), mm(DPI, 250), "Nơi nhận: Lưu VT, KGVX.", font),  # inside the dim corner
    }
    regions = {}
    for name, (x, y, text, face) in places.items():
        draw.text((x, y), text, font=face, fill=ink)
        left, top, right, bottom = draw.textbbox((x, y), text, font=face)
        regions[name] = (slice(top, bottom), slice(left, right))
    page = np.asarray(image).astype(np.float32)
    ys, xs = np.mgrid[0:height, 0:width]
    fall_off = 1 - 0.3 * np.clip(1 - np.hypot(xs / width, (height - ys) / height) / 0.6, 0, 1)
    page = (page * fall_off).astype(np.uint8)  # the lower-left corner fades to 70 % of the paper
    if border:
        page[-mm(DPI, 6):] = 20
        regions["border"] = (slice(height - mm(DPI, 6), height), slice(0, width))
        centre, radius = (mm(DPI, 12), mm(DPI, 150)), mm(DPI, 3)
        cv2.circle(page, centre, radius, 40, -1)
        regions["hole"] = (slice(centre[1] - radius, centre[1] + radius), slice(centre[0] - radius, centre[0] + radius))
    if blur:
        page = cv2.GaussianBlur(page, (0, 0), blur)
    return page, regions


@pytest.mark.parametrize("border", [True, False], ids=["border-and-hole", "sparse-page"])
@pytest.mark.parametrize(("ink", "blur"), [(40, 0.0), (110, 1.0)], ids=["crisp", "faded"])
def test_borders_and_holes_go_words_near_the_edge_stay(ink: int, blur: float, border: bool) -> None:
    page, regions = scanned_page(ink, blur, border)
    cleaned = blank_dark_margins(page, DPI)
    for name in ("border", "hole"):
        if name in regions:
            assert cleaned[regions[name]].min() > 150, name
    for name in ("top", "left", "right", "corner"):
        assert (page[regions[name]] < 150).sum() > 50, name  # there is ink to lose
        assert np.array_equal(cleaned[regions[name]], page[regions[name]]), name
    if not border:
        assert np.array_equal(cleaned, page)  # nothing on the page is a border
