"""The engine protocol (as OCRmyPDF's engine plugins): prepared page in, PageResult out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from vnrestore.ocr.page import PageResult


@dataclass(slots=True)
class PreparedPage:
    """One page after cleaning, in both forms an engine may want.

    ``grey`` is the straightened grey page (deskewed, borders blanked, not
    binarised): recognisers that read grey do better on it.  ``clean`` is the
    same geometry binarised and despeckled (uint8, text 0 on 255): the copy for
    Tesseract and for finding lines.  Both have the same shape, so boxes found
    on one hold on the other.
    """

    page_number: int
    dpi: int
    grey: np.ndarray
    clean: np.ndarray
    skew_degrees: float = 0.0


class OcrEngine(Protocol):
    """What every engine offers. Create one per worker process; reuse it for every page."""

    name: str

    def recognise(self, page: PreparedPage) -> PageResult:
        """Read ``page``: lines in reading order, words with boxes and confidences (0-100)."""
        ...
