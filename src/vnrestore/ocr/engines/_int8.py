"""An int8 copy of a wheel's ONNX model, built once on this machine from the installed file.

Dynamic quantisation of the matrix products and LSTMs (not the convolutions:
onnxruntime's integer convolution is slower than its float one on CPU) makes
the ``aster`` recogniser about a fifth faster at the same accuracy (README,
"OCR engines").  Nothing is downloaded: the copy is made from the model file
inside the pinned wheel, with onnxruntime's own quantiser (it needs the
``onnx`` package of the ``engines`` extra), and kept in the user's cache
folder under a name that holds the source's SHA-256 and the onnxruntime
version, so a new wheel or runtime makes a new copy.  Workers that race to
build it each write a private file and rename it into place.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from functools import cache
from pathlib import Path

from vnrestore.errors import MissingDependencyError

from ._onnx import EXTRA_HINT, _onnxruntime

#: the operators quantised; Conv stays float (ConvInteger is slower on CPU)
QUANTISED_OPS = ("MatMul", "LSTM")


def cache_folder() -> Path:
    """Where built models are kept: $VNRESTORE_CACHE, else $XDG_CACHE_HOME/vnrestore, else ~/.cache/vnrestore."""
    if os.environ.get("VNRESTORE_CACHE"):
        return Path(os.environ["VNRESTORE_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vnrestore"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def int8_name(source: Path, digest: str, runtime_version: str) -> str:
    """The cached copy's file name: source stem, source hash, runtime version.

    >>> int8_name(Path("asternet.onnx"), "ab" * 32, "1.23.0")
    'asternet-int8-abababababababab-ort1.23.0.onnx'
    """
    return f"{source.stem}-int8-{digest[:16]}-ort{runtime_version}.onnx"


def quantise(source: Path, target: Path) -> None:
    """Write the int8 copy of ``source`` to ``target`` (atomically: a private file, then a rename)."""
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        raise MissingDependencyError(f"onnx is missing (needed to build the int8 model); {EXTRA_HINT}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".building-") as folder:
        private = Path(folder) / target.name
        logging.disable(logging.WARNING)  # the quantiser's advice on pre-processing is for its own users
        try:
            quantize_dynamic(source, private, weight_type=QuantType.QInt8, op_types_to_quantize=list(QUANTISED_OPS))
        finally:
            logging.disable(logging.NOTSET)
        os.replace(private, target)


@cache
def int8_model(source: Path) -> Path:
    """The int8 copy of the model at ``source``, built on first use; a temporary folder if the cache is read-only."""
    name = int8_name(source, sha256_file(source), _onnxruntime().__version__)
    target = cache_folder() / name
    if not target.is_file():
        try:
            quantise(source, target)
        except OSError:  # no writable cache: build a private copy for this process
            target = Path(tempfile.mkdtemp(prefix="vnrestore-")) / name
            quantise(source, target)
    return target
