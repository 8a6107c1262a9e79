"""Load the garble channel beside the restorer's model, once per process, and build it.

The channel lives in ``models/garble/channel.npz``; ``vnrestore model build
--only garble`` learns it from the cached training pairs in ``.cache/garble/``
(made by ``scripts/make_garble_pairs.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from vnrestore.errors import InputMissingError, MissingDependencyError
from vnrestore.restore.tables import default_model_dir, shared_model

from .channel import Channel
from .repair import GarbleRepairer

GARBLE_DIR = "garble"
CHANNEL_FILE = "channel.npz"

_LOADED: dict[Path, GarbleRepairer] = {}
_LOCK = threading.Lock()


def channel_path(model_dir: Path) -> Path:
    return Path(model_dir) / GARBLE_DIR / CHANNEL_FILE


def shared_repairer(model_dir: Path | None = None) -> GarbleRepairer:
    """The process-wide repairer of ``model_dir`` (the restorer's model plus the channel), loaded once."""
    key = Path(model_dir or default_model_dir()).resolve()
    repairer = _LOADED.get(key)
    if repairer is None:
        with _LOCK:
            repairer = _LOADED.get(key)
            if repairer is None:
                path = channel_path(key)
                if not path.is_file():
                    raise MissingDependencyError("garble channel missing: run `vnrestore model build --only garble`", path)
                repairer = _LOADED[key] = GarbleRepairer(shared_model(key), Channel.load(path))
    return repairer


def default_pair_cache(out: Path) -> Path:
    """Where the generator caches its pairs: ``.cache/garble`` beside the models folder."""
    return Path(out).resolve().parent / ".cache" / "garble"


def build_garble(corpora: Path, out: Path, log: Callable[[str], None] = lambda _: None,
                 pairs: Path | None = None) -> Path:
    """The ``garble`` model-build step: EM over the cached training pairs → ``out/garble/channel.npz``."""
    from .train import build_channel, pair_files

    cache = pairs or default_pair_cache(out)
    files = pair_files(cache)
    if not files:
        raise InputMissingError(
            "no garble training pairs: run `nice python scripts/make_garble_pairs.py --split train` first",
            cache / "train-seen")
    target = channel_path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    build_channel(files, target, log=log)
    return target
