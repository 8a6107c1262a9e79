"""vnrestore: scanned Vietnamese government documents to accented text and JSON.

The public API is imported lazily so that ``import vnrestore`` stays cheap:
``restore``/``Restorer`` need no OpenCV, ``ocr_pdf`` needs no language model.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "restore": "vnrestore.restore.api",
    "Restorer": "vnrestore.restore.api",
    "TokenResult": "vnrestore.restore.api",
    "ocr_pdf": "vnrestore.ocr.api",
    "ocr_file": "vnrestore.ocr.api",
    "PageResult": "vnrestore.ocr.page",
    "extract": "vnrestore.extract.api",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'vnrestore' has no attribute {name!r}")
    return getattr(import_module(module), name)
