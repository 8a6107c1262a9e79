"""ONNX model files from the pinned ``engines`` wheels, and the sessions that run them.

The ``asterocr`` and ``trueocr`` wheels are used only as the source of their
model files: we find the files inside the installed packages without importing
them (their pipelines pull in extra dependencies and preprocess differently),
and run them through onnxruntime with one intra-op thread, because pages are
spread over worker processes, each with its own sessions.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

from vnrestore.errors import MissingDependencyError

EXTRA_HINT = "install the optional extra: pip install 'vnrestore[engines]'"


def package_dir(package: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(f"the Python package {package!r} is missing; {EXTRA_HINT}")
    return Path(next(iter(spec.submodule_search_locations)))


def model_file(package: str, relative: str) -> Path:
    """A model file shipped inside ``package``, e.g. ``("trueocr", "models/det.onnx")``."""
    path = package_dir(package) / relative
    if not path.is_file():
        raise MissingDependencyError(f"model file missing from the installed package; {EXTRA_HINT}", path)
    return path


def read_json(package: str, relative: str) -> Any:
    """A JSON table shipped next to a model (charset, vocabulary)."""
    return json.loads(model_file(package, relative).read_text(encoding="utf-8"))


def _onnxruntime():
    try:
        import onnxruntime
    except ImportError:
        raise MissingDependencyError(f"onnxruntime is missing; {EXTRA_HINT}") from None
    return onnxruntime


@cache
def session(package: str, relative: str):
    """One onnxruntime session per model file and process, single-threaded, reused.

    The memory arena stays on (it made the recogniser 14% faster); callers bound
    the size of their batches, which bounds what the arena keeps.
    """
    return session_at(model_file(package, relative))


@cache
def session_at(path: Path):
    """The session of the model file at ``path`` (see ``session``)."""
    ort = _onnxruntime()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
