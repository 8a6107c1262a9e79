"""Load the garble channel beside the restorer's model, once per process, and build it.

The channel lives in ``models/garble/channel.npz``; ``vnrestore model build
--only garble`` (part of ``make model``) makes the training pairs it lacks under
``.cache/garble/`` (:mod:`.pairs`) and learns the channel from them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vnrestore.errors import InputMissingError, MissingDependencyError
from vnrestore.restore.tables import LoadedOnce, default_model_dir, shared_model

from .channel import Channel
from .repair import GarbleRepairer

GARBLE_DIR = "garble"
CHANNEL_FILE = "channel.npz"

_REPAIRERS = LoadedOnce()


def channel_path(model_dir: Path) -> Path:
    return Path(model_dir) / GARBLE_DIR / CHANNEL_FILE


def shared_repairer(model_dir: Path | None = None) -> GarbleRepairer:
    """The process-wide repairer of ``model_dir`` (the restorer's model plus the channel), loaded once."""
    key = Path(model_dir or default_model_dir()).resolve()
    return _REPAIRERS.get(key, lambda: _load_repairer(key))


def require_channel(model_dir: Path | None = None) -> Path:
    """The channel's path, or a :class:`MissingDependencyError` naming `make model` when the restorer's
    model (named first: `make model` builds both) or the channel is missing.  Loads the restorer's
    shared model, which every mode needs, but not the channel."""
    model_dir = Path(model_dir or default_model_dir())
    shared_model(model_dir)
    path = channel_path(model_dir)
    if not path.is_file():
        raise MissingDependencyError(
            "garble channel missing: run `make model` (or `vnrestore model build --only garble`)", path)
    return path


def _load_repairer(model_dir: Path) -> GarbleRepairer:
    return GarbleRepairer(shared_model(model_dir), Channel.load(require_channel(model_dir)))


def default_pair_cache(out: Path) -> Path:
    """Where the generator caches its pairs: ``.cache/garble`` beside the models folder."""
    return Path(out).resolve().parent / ".cache" / "garble"


def build_garble(corpora: Path, out: Path, log: Callable[[str], None] = lambda _: None,
                 pairs: Path | None = None, jobs: int = 2) -> Path:
    """The ``garble`` model-build step: make the missing training pairs, EM → ``out/garble/channel.npz``.

    The pairs (render, damage, ``tesseract -l eng``: slow) are cached under
    ``.cache/garble/train-{style}-v*``; a second build only re-runs the EM.
    """
    from .pairs import TRAINING_SETS, generate
    from .train import build_channel

    if not (Path(corpora) / "train").is_dir():
        raise InputMissingError("no train corpus for the garble pairs", Path(corpora) / "train")
    cache = pairs or default_pair_cache(out)
    files = [path for style, lines, seed in TRAINING_SETS
             for path in generate(Path(corpora), "train", style, lines, seed, cache, jobs, log)]
    target = channel_path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    build_channel(files, target, log=log)
    return target
