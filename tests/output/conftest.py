"""Fixtures of the writer tests: a synthetic page and its scan as PNG and as PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_pages import draw_page, make_page

from vnrestore.ocr.page import PageResult


@pytest.fixture
def page() -> PageResult:
    return make_page()


@pytest.fixture
def png_scan(tmp_path: Path, page: PageResult) -> Path:
    path = tmp_path / "scan.png"
    draw_page(page).save(path, dpi=(page.dpi, page.dpi))
    return path


@pytest.fixture
def pdf_scan(tmp_path: Path, page: PageResult) -> Path:
    path = tmp_path / "scan.pdf"
    draw_page(page).save(path, "PDF", resolution=page.dpi)
    return path
