"""Every image mode a scanner writes becomes the same grey page (no OCR needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vnrestore.ocr.rasterise import load_page, open_document


@pytest.fixture(scope="module")
def strip(sample_page) -> np.ndarray:
    return sample_page[300:700, 200:1400]


@pytest.mark.parametrize("mode", ["16-bit", "RGBA", "1-bit G4", "CMYK JPEG", "palette"])
def test_image_modes_read_as_the_same_grey_page(tmp_path: Path, strip: np.ndarray, mode: str) -> None:
    grey = Image.fromarray(strip)
    path = tmp_path / "scan.png"
    if mode == "16-bit":
        Image.fromarray(strip.astype(np.uint16) * 257).save(path)
    elif mode == "RGBA":  # paper transparent, ink opaque black
        rgba = np.zeros((*strip.shape, 4), np.uint8)
        rgba[..., 3] = 255 - strip
        Image.fromarray(rgba, "RGBA").save(path)
    elif mode == "1-bit G4":
        path = tmp_path / "scan.tiff"
        grey.point(lambda v: 255 if v > 128 else 0).convert("1").save(path, compression="group4", dpi=(200, 200))
    elif mode == "CMYK JPEG":
        path = tmp_path / "scan.jpg"
        grey.convert("CMYK").save(path, quality=95)
    elif mode == "palette":
        grey.convert("P").save(path)
    document = open_document(path)
    page, _ = load_page(document.path, 1, document.kind)
    assert page.dtype == np.uint8 and page.shape == strip.shape
    tolerance = 128 if mode == "1-bit G4" else 12  # thresholding moves grey edges all the way
    assert np.mean(np.abs(page.astype(int) - strip.astype(int)) > tolerance) < 0.01, mode
    assert (page < 100).mean() > 0.02  # the ink is there: not a blank page
