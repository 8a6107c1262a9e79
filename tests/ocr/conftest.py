"""Inputs for the OCR tests, made on the fly from the committed sample scan."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

SAMPLE_PDF = FIXTURES / "sample-scan.pdf"
SAMPLE_TRUTH = FIXTURES / "sample-scan.txt"


@pytest.fixture(scope="session")
def sample_page():
    """The sample scan's page as a grey array at its own 200 dpi (rendered once)."""
    from vnrestore.ocr.rasterise import load_page

    grey, _ = load_page(SAMPLE_PDF, 1, "pdf", 200)
    return grey


@pytest.fixture(scope="session")
def two_page_tiff(tmp_path_factory, sample_page) -> Path:
    """A two-page TIFF: the top and the bottom strip of the sample page (a few lines each)."""
    from PIL import Image

    height = sample_page.shape[0]
    first, second = (_gap_near(sample_page, height * share) for share in (0.2, 0.4))
    top = Image.fromarray(sample_page[:first])
    middle = Image.fromarray(sample_page[first:second])
    path = tmp_path_factory.mktemp("tiff") / "two-pages.tiff"
    top.save(path, save_all=True, append_images=[middle], dpi=(200, 200), compression="tiff_lzw")
    return path


def _gap_near(page, row: float) -> int:
    """The palest row within 60 px of ``row``: a cut there splits no text line."""
    import numpy as np

    start = int(row) - 60
    darkness = (255 - page[start : start + 120, 100:-100].astype(np.int64)).sum(axis=1)
    return start + int(np.argmin(darkness))
