"""OCR engines behind one protocol: each turns a prepared page into a PageResult.

``get_engine(name)`` imports an engine's module only when it is asked for, so
Tesseract users never load onnxruntime.
"""

from __future__ import annotations

from importlib import import_module

from .base import OcrEngine, PreparedPage

#: engine name -> "module:factory"
ENGINES: dict[str, str] = {
    "tesseract": "vnrestore.ocr.engines.tesseract:TesseractEngine",
    "aster": "vnrestore.ocr.engines.aster:AsterEngine",
    "trueocr": "vnrestore.ocr.engines.trueocr:TrueOcrEngine",
    "vote": "vnrestore.ocr.engines.vote:VoteEngine",
}

_cache: dict[tuple[str, tuple], OcrEngine] = {}


def check_engine(name: str) -> None:
    """Fail now if engine ``name`` cannot run here, without loading its models.

    An unknown name raises ValueError; a missing optional package raises
    MissingDependencyError naming the extra to install (exit code 7 at the CLI).
    Cheap enough for a batch to call once before it starts its workers.

    >>> check_engine("tesseract")
    >>> check_engine("abbyy")
    Traceback (most recent call last):
    ...
    ValueError: unknown OCR engine 'abbyy'; choose from tesseract, aster, trueocr, vote
    """
    from ._onnx import package_dir

    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; choose from {', '.join(ENGINES)}")
    module = import_module(ENGINES[name].split(":")[0])
    for package in getattr(module, "REQUIRES", ()):
        package_dir(package)


def get_engine(name: str = "tesseract", **options) -> OcrEngine:
    """The engine called ``name``, created once per process and reused."""
    key = (name, tuple(sorted(options.items())))
    engine = _cache.get(key)
    if engine is None:
        if name not in ENGINES:
            raise ValueError(f"unknown OCR engine {name!r}; choose from {', '.join(ENGINES)}")
        module_name, factory = ENGINES[name].split(":")
        engine = getattr(import_module(module_name), factory)(**options)
        _cache[key] = engine
    return engine


__all__ = ["ENGINES", "OcrEngine", "PreparedPage", "check_engine", "get_engine"]
