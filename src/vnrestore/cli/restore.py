"""``vnrestore restore [FILE]``: text without (or with missing) diacritics in, restored text out.

Streaming and line-aligned: output line i is input line i, line endings and white
space kept.  A FILE is read and checked as UTF-8 before anything is written;
stdin is restored as it arrives.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from vnrestore.cli.choices import RESTORE_MODES, STDIN
from vnrestore.errors import BadInputError, InputMissingError


def _file_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputMissingError("no such file", path) from None
    except IsADirectoryError:
        raise InputMissingError("is a directory, not a text file", path) from None
    except OSError as error:
        raise InputMissingError(f"cannot read ({error.strerror})", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInputError(f"text is not UTF-8 (byte {error.start})", path) from None
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _stdin_lines() -> Iterator[str]:
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise BadInputError(f"line {number} is not UTF-8 (byte {error.start})", "<stdin>") from None


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=True))
@click.option("--mode", type=click.Choice(RESTORE_MODES), default=None,
              help="stripped (diacritics missing), garbled (wrong-language OCR) or auto (per paragraph); default: auto.")
@click.option("--garbled", "forced", flag_value="garbled", default=None,
              help="repair wrong-language OCR garble (\"Pé an\" -> \"Đề án\") on every line.")
@click.option("--auto", "forced", flag_value="auto",
              help="detect per paragraph whether text is clean, stripped or garbled (the default).")
@click.option("--show-uncertain", is_flag=True, help="write low-confidence words as {chosen|alternative}.")
@click.option("--model-dir", type=click.Path(path_type=Path), default=None, envvar="VNRESTORE_MODEL_DIR",
              help="model folder (default: the repository's models/).")
def restore(file: Path | None, mode: str | None, forced: str | None, show_uncertain: bool,
            model_dir: Path | None) -> None:
    """Put back Vietnamese diacritics: FILE (or stdin, also written "-") to stdout, line by line."""
    from vnrestore.restore.api import BATCH_LINES, Restorer

    if file is not None and str(file) == STDIN:
        file = None

    restorer = Restorer(model_dir=model_dir, mode=forced or mode or "auto")
    restorer.model  # load (or fail on a missing model) before reading input
    lines = _file_lines(file) if file is not None else _stdin_lines()
    # typed at a terminal: each line comes back at once; otherwise whole batches, flushed as they finish
    batch_lines = 1 if file is None and sys.stdin.isatty() else BATCH_LINES
    restored = (restorer.mark_uncertain_lines(lines, batch_lines=batch_lines) if show_uncertain
                else restorer.restore_lines(lines, batch_lines=batch_lines))
    out = sys.stdout.buffer
    for number, line in enumerate(restored, 1):
        out.write(line.encode("utf-8"))
        if number % batch_lines == 0:
            out.flush()
    out.flush()
