"""``vnrestore ocr INPUT``: a scanned PDF or image to UTF-8 NFC text, pages separated by form feeds."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import IO

import click

from vnrestore.ocr.engines import ENGINES
from vnrestore.text.diacritics import nfc


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path, dir_okay=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="write the text here (atomically); default: stdout.")
@click.option("--dpi", type=click.IntRange(50, 1200), default=300, show_default=True,
              help="resolution at which PDF pages are rendered.")
@click.option("-j", "--jobs", type=click.IntRange(1, None), default=None,
              help="pages processed in parallel  [default: all cores]")
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default="tesseract", show_default=True,
              help="OCR engine.")
@click.option("--no-deskew", is_flag=True, help="do not straighten the page.")
@click.option("--no-denoise", is_flag=True, help="do not smooth grain before thresholding.")
@click.option("--no-binarise", is_flag=True, help="do not threshold (also skips speck removal).")
@click.option("--no-borders", is_flag=True, help="keep dark scanner borders and punch holes.")
@click.option("--no-despeckle", is_flag=True, help="keep specks.")
@click.option("--keep-images", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="save each cleaned page as PNG in this folder, for inspection.")
# --restore: put back diacritics line by line with vnrestore.restore (Restorer.restore_words)
@click.option("--restore", "restore_text", is_flag=True,
              help="restore missing or wrong diacritics on low-confidence words.")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar.")
def ocr(input_path: Path, output: Path | None, dpi: int, jobs: int | None, engine: str,
        no_deskew: bool, no_denoise: bool, no_binarise: bool, no_borders: bool, no_despeckle: bool,
        keep_images: Path | None, restore_text: bool, quiet: bool) -> None:
    """OCR a scanned PDF or image (PNG, JPEG, TIFF) to text.

    The text is UTF-8 in NFC, one line per printed line, a blank line between
    paragraphs and a form feed between pages; it goes to stdout unless -o is given.
    """
    from vnrestore.ocr.api import iter_ocr
    from vnrestore.ocr.clean import CleanOptions

    clean = CleanOptions(deskew=not no_deskew, denoise=not no_denoise, binarise=not no_binarise,
                         borders=not no_borders, despeckle=not no_despeckle)
    restorer = _restorer() if restore_text else None
    with ExitStack() as stack:
        bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            bar = stack.enter_context(tqdm(unit="page", file=sys.stderr, desc=input_path.name, **_bar_width()))
        progress = _progress(bar) if bar is not None else None
        pages = iter_ocr(input_path, dpi=dpi, engine=engine, jobs=jobs, clean=clean,
                         keep_images=keep_images, progress=progress)
        texts = (_page_text(page, restorer) for page in pages)
        if output is None:
            _write_pages(sys.stdout, texts)
            sys.stdout.flush()
        else:
            from vnrestore.output.atomic import atomic_open

            with atomic_open(output, "w") as handle:
                _write_pages(handle, texts)


def _bar_width() -> dict[str, object]:
    """tqdm's size: follow the terminal, or 100 x 50 when it reports none (tqdm then draws nothing at all)."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        size = os.terminal_size((0, 0))
    return {"dynamic_ncols": True} if size.columns > 0 and size.lines > 0 else {"ncols": 100, "nrows": 50}


def _progress(bar):
    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update


def _restorer():
    from vnrestore.restore.api import Restorer

    restorer = Restorer()
    restorer.model  # a missing model fails now, before any OCR work
    return restorer


def _page_text(page, restorer) -> str:
    """A page's text, its words restored line by line when a restorer is given."""
    if restorer is not None:
        from vnrestore.pipeline import restore_line

        page = replace(page, lines=[restore_line(line, restorer)[0] for line in page.lines])
    return nfc(page.text)


def _write_pages(handle: IO[str], texts: Iterable[str]) -> None:
    """Each page's text ending in a newline, a form feed between pages."""
    for index, text in enumerate(texts):
        if index:
            handle.write("\f")
        handle.write(text + "\n")

