"""The restorer's model as loaded from ``models/restorer/``: vocabulary, candidates, arrays.

Loaded once per process (lazily, under a lock) and shared read-only between
threads.  The arrays are memory-mapped; half-precision tables are widened to
float32 once so the compiled decoder reads them directly.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from vnrestore.errors import MissingDependencyError

from .build import MAX_COUNTED_DIGITS, MODEL_FORMAT, NUMBERS_FILE, RESTORER_DIR
from .kneser_ney import bigram_keys

#: arrays of the trigram trie, in the order the decoder takes them
LM_ARRAYS = ("uni_logp", "uni_bow", "bi_start", "bi_w2", "bi_logp", "bi_bow", "tri_start", "tri_w3", "tri_logp")
_WIDEN = ("bi_logp", "bi_bow", "tri_logp", "case_title", "case_lower", "case_title_after", "case_title_before")
#: the case model: per form, and per bigram of the trie (:func:`.build._case_context`)
CASE_ARRAYS = ("case_title", "case_lower", "case_title_after", "case_title_before")
#: strings a counted number may be ("0" to "999", "00", "007"...), among which unseen ones share the smoothing
_NUMBER_STRINGS = sum(10**digits for digits in range(1, MAX_COUNTED_DIGITS + 1))
#: add-k smoothing of the numbers' counts: an unseen short number is about as likely as one written once
_NUMBER_SMOOTHING = 0.5
#: offsets are read as int64: numba mixes unsigned and signed integers into floats
_OFFSETS = ("bi_start", "tri_start")


def default_model_dir() -> Path:
    """``$VNRESTORE_MODEL_DIR``, else the repository's ``models/``."""
    configured = os.environ.get("VNRESTORE_MODEL_DIR")
    if configured:
        return Path(configured)
    import vnrestore

    return Path(vnrestore.__file__).resolve().parents[2] / "models"


@dataclass(frozen=True)
class RestorerModel:
    """Everything the decoder and the candidate sources read; immutable after loading."""

    vocab: list[str]
    ids: dict[str, int]
    #: skeleton -> candidate ids, most frequent form first
    candidates: dict[str, np.ndarray]
    lm: tuple[np.ndarray, ...]
    case_title: np.ndarray
    case_lower: np.ndarray
    #: log P(title | the word before, form) per bigram (w1, w2) of the trie: the case of w2 after w1
    case_title_after: np.ndarray
    #: log P(title | form, the word after) per bigram (w1, w2): the case of w1 before w2
    case_title_before: np.ndarray
    #: how often each short number is written (:data:`.build.MAX_COUNTED_DIGITS`), and all numbers
    number_counts: dict[str, int] = field(default_factory=dict)
    number_total: int = 0
    path: Path = field(default=Path("."))

    def id_of(self, token: str) -> int:
        """The id of a model token, 0 (``<unk>``) when unknown."""
        return self.ids.get(token, 0)

    def number_logp(self, number: str) -> float:
        """log P(this number | a number): the model reads every number as ``<num>``, so this is what it
        takes to write one number and not another.  "13" is written 7,219 times in 950,516 numbers of
        the training text, "56" 843 times: English OCR printing digits for letters ("13" for "là", "56" for
        "số") is told apart from a number by the context and by how often the number is written."""
        count = self.number_counts.get(number, 0)
        return math.log((count + _NUMBER_SMOOTHING) / (self.number_total + _NUMBER_SMOOTHING * _NUMBER_STRINGS))

    @cached_property
    def bigram_keys(self) -> np.ndarray:
        """The trie's bigrams as sorted keys (:func:`.kneser_ney.bigram_keys`), made on first use: a whole
        batch of bigram lookups is then one sorted search."""
        return bigram_keys(self.lm[2], self.lm[3])


def _read_candidates(path: Path) -> dict[str, np.ndarray]:
    table = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            key, _, ids = line.rstrip("\n").partition("\t")
            table[key] = np.array(ids.split(), dtype=np.int32)
    return table


def _read_numbers(path: Path) -> tuple[dict[str, int], int]:
    counts = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            number, _, count = line.rstrip("\n").partition("\t")
            counts[number] = int(count)
    return counts, counts.pop("<num>", 0)


def load_model(model_dir: Path) -> RestorerModel:
    """Read ``model_dir/restorer``; a missing model is a :class:`MissingDependencyError`."""
    folder = Path(model_dir) / RESTORER_DIR
    if not (folder / "vocab.txt").is_file():
        raise MissingDependencyError("restorer model missing: run `make model` (vnrestore model build)", folder)
    import json

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != MODEL_FORMAT:
        raise MissingDependencyError("restorer model has an old format: run `make model`", folder)
    arrays = {}
    for name in (*LM_ARRAYS, *CASE_ARRAYS):
        values = np.load(folder / f"{name}.npy", mmap_mode="r")
        if name in _WIDEN:
            arrays[name] = values.astype(np.float32)
        elif name in _OFFSETS:
            arrays[name] = values.astype(np.int64)
        else:
            arrays[name] = np.asarray(values)
    vocab = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    number_counts, number_total = _read_numbers(folder / NUMBERS_FILE)
    return RestorerModel(
        vocab=vocab,
        ids={token: i for i, token in enumerate(vocab)},
        candidates=_read_candidates(folder / "candidates.txt"),
        lm=tuple(arrays[name] for name in LM_ARRAYS),
        case_title=arrays["case_title"],
        case_lower=arrays["case_lower"],
        case_title_after=arrays["case_title_after"],
        case_title_before=arrays["case_title_before"],
        number_counts=number_counts,
        number_total=number_total,
        path=folder,
    )


class LoadedOnce:
    """A process-wide cache of things loaded from a model folder: each key loaded once, safe between threads."""

    def __init__(self) -> None:
        self._loaded: dict[object, object] = {}
        self._lock = threading.Lock()

    def get(self, key: object, load):
        """The value of ``key``, made by ``load()`` on first use (double-checked, so hits take no lock)."""
        value = self._loaded.get(key)
        if value is None:
            with self._lock:
                value = self._loaded.get(key)
                if value is None:
                    value = self._loaded[key] = load()
        return value


_MODELS = LoadedOnce()


def shared_model(model_dir: Path | None = None) -> RestorerModel:
    """The process-wide model of ``model_dir`` (default :func:`default_model_dir`), loaded once."""
    key = Path(model_dir or default_model_dir()).resolve()
    return _MODELS.get(key, lambda: load_model(key))
