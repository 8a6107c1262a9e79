"""``vnrestore run``: folders of scans to text, JSON and searchable PDFs, resumably."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import click

from vnrestore.cli.choices import RESTORE_MODES
from vnrestore.errors import ExitCode
from vnrestore.ocr.engines import ENGINES


class ProgressBar:
    """One tqdm bar over all pages of the batch, with pages/min and ETA (stderr terminals only)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.started = time.monotonic()

    def start(self, total_pages: int) -> None:
        if not self.enabled or total_pages == 0:
            return
        from tqdm import tqdm

        self.started = time.monotonic()
        try:
            size = os.get_terminal_size(sys.stderr.fileno())
        except OSError:
            size = os.terminal_size((0, 0))
        # a terminal that reports no size (a bare pty, `script`): tqdm would cut the rate and
        # ETA off (no width) or draw nothing (no rows)
        width = {"dynamic_ncols": True} if size.columns > 0 and size.lines > 0 else {"ncols": 100, "nrows": 50}
        self.bar = tqdm(
            total=total_pages, unit="page", file=sys.stderr, **width,
            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} pages [{elapsed}<{remaining}{postfix}]",
        )

    def advance(self, pages: int) -> None:
        if self.bar is not None:
            minutes = (time.monotonic() - self.started) / 60
            if minutes > 0:  # set before the update, which redraws the bar with it
                self.bar.set_postfix_str(f"{(self.bar.n + pages) / minutes:.1f} pages/min", refresh=False)
            self.bar.update(pages)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _terminate_as_interrupt(signum, frame) -> None:
    """``kill`` unwinds like Ctrl-C: temporary files are removed and the manifest is compacted."""
    raise KeyboardInterrupt


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the outputs and manifest.jsonl (created if missing).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--force", is_flag=True, help="Redo inputs an earlier run already finished.")
@click.option("--hocr", is_flag=True, help="Also write NAME.hocr.")
@click.option("--alto", is_flag=True, help="Also write NAME.alto.xml (ALTO v4).")
@click.option("--dpi", type=click.IntRange(min=50, max=1200), default=300, show_default=True,
              help="Resolution PDF pages are rendered at for OCR.")
@click.option("--engine", type=click.Choice(list(ENGINES)), default="tesseract",
              show_default=True, help="OCR engine (aster, trueocr, vote: pip install 'vnrestore[engines]').")
@click.option("--mode", "restore_mode", type=click.Choice(RESTORE_MODES), default=None,
              help="Restorer mode (see `vnrestore restore --help`; default: the restorer's own). The OCR "
                   "words of a scan are restored word by word with the stripped source in every mode; "
                   "old wrong-language OCR text is repaired by `vnrestore restore --garbled`.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Run documents on this Dask distributed scheduler instead of local processes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or per-file messages.")
def run(inputs, out_dir, jobs, force, hocr, alto, dpi, engine, restore_mode, scheduler, quiet) -> None:
    """Process PDFs and images (files or folders, recursively) into OUT_DIR.

    For each input NAME: NAME.txt (restored text), NAME.raw.txt (OCR text),
    NAME.json (document JSON) and NAME.pdf (searchable PDF); output names
    mirror the input tree.  OUT_DIR/manifest.jsonl has one record per input.
    A rerun skips inputs already done (same content, outputs present) unless
    --force.  Exit code 0 when every input succeeded, 10 when some failed.
    """
    from vnrestore.batch.runner import run_batch
    from vnrestore.pipeline import RunOptions

    from vnrestore.ocr.engines import check_engine
    from vnrestore.restore.api import Restorer

    Restorer(mode=restore_mode)  # an unknown mode fails here, once, not in every document
    check_engine(engine)  # a missing optional extra fails here (exit 7), not in every document
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    options = RunOptions(out_dir=out_dir.resolve(), dpi=dpi, engine=engine, restore_mode=restore_mode,
                         hocr=hocr, alto=alto)
    bar = ProgressBar(enabled=not quiet and sys.stderr.isatty())
    try:
        summary = run_batch(inputs, options, jobs=jobs or os.cpu_count() or 1, force=force,
                            scheduler=scheduler, progress=bar if bar.enabled else None)
    finally:
        bar.close()
    if not quiet:
        click.echo(
            f"vnrestore: {summary.count('ok')} done, {summary.count('skipped')} skipped, "
            f"{summary.count('failed')} failed; manifest: {out_dir / 'manifest.jsonl'}",
            err=True,
        )
        for record in summary.failed:
            click.echo(f"vnrestore: failed: {record.path}: {record.error}", err=True)
    if summary.failed:
        click.get_current_context().exit(int(ExitCode.batch_failures))
