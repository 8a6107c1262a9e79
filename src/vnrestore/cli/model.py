"""``vnrestore model build``: rebuild the models in ``models/`` from the shared corpora.

Each model is a build step (``--only lm``); the build is byte-for-byte
reproducible, so ``git status`` after ``make model`` shows no change.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from vnrestore.errors import InputMissingError


def _repo_root() -> Path:
    import vnrestore

    return Path(vnrestore.__file__).resolve().parents[2]


@click.group()
def model() -> None:
    """Build or inspect the language models."""


@model.command()
@click.option("--corpora", type=click.Path(path_type=Path), default=None,
              help="the corpora folder (default: ../shared/corpora next to the repository).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="model folder (default: models/).")
@click.option("--only", "only", multiple=True, help="build only this step (repeatable); default: all steps.")
def build(corpora: Path | None, out: Path | None, only: tuple[str, ...]) -> None:
    """Build the restorer's model (and any other registered step) from the corpora."""
    from vnrestore.restore.build import STEPS, build as build_models

    unknown = [name for name in only if name not in STEPS]
    if unknown:
        raise click.BadParameter(f"unknown step {unknown[0]!r} (steps: {', '.join(STEPS)})", param_hint="--only")
    corpora = corpora or _repo_root().parent / "shared" / "corpora"
    if not corpora.is_dir():
        raise InputMissingError("corpora folder not found (pass --corpora)", corpora)
    out = out or _repo_root() / "models"
    started = time.monotonic()

    def log(message: str) -> None:
        click.echo(f"[{time.monotonic() - started:6.1f}s] {message}", err=True)

    for path in build_models(corpora, out, only or None, log=log):
        click.echo(str(path))


@model.command()
@click.option("--model-dir", type=click.Path(path_type=Path), default=None, envvar="VNRESTORE_MODEL_DIR")
def info(model_dir: Path | None) -> None:
    """Print what the restorer's model holds."""
    from vnrestore.restore.tables import default_model_dir

    meta = (model_dir or default_model_dir()) / "restorer" / "meta.json"
    if not meta.is_file():
        raise InputMissingError("no restorer model: run `make model`", meta)
    click.echo(meta.read_text(encoding="utf-8"), nl=False)
