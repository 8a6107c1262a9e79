"""The ``vnrestore`` command: a thin click shell over the library.

Each subcommand lives in its own module under ``vnrestore.cli`` and is imported
only when it runs, so ``vnrestore restore`` never pays for OpenCV.  Typed
library errors become one line on stderr and a documented exit code here, and
only here.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from vnrestore import __version__
from vnrestore.errors import ExitCode, VnrestoreError

#: command name -> (module, attribute, one-line help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "ocr": ("vnrestore.cli.ocr", "ocr", "OCR a scanned PDF or image to text."),
    "restore": ("vnrestore.cli.restore", "restore", "Put back missing or garbled diacritics."),
    "extract": ("vnrestore.cli.extract", "extract", "Extract the document JSON."),
    "run": ("vnrestore.cli.run", "run", "Batch: folders of scans to text, JSON and searchable PDF."),
    "model": ("vnrestore.cli.model", "model", "Build or inspect the language models."),
    "schema": ("vnrestore.cli.extract", "schema", "Print the JSON Schema of the document JSON."),
    "eval": ("vnrestore.cli.evaluate", "evaluate", "Measure OCR or restoration on a dev set."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, with errors mapped to exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    @staticmethod
    def _available(name: str) -> bool:
        from importlib.util import find_spec

        return find_spec(COMMANDS[name][0]) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attribute, _ = COMMANDS[name]
        return getattr(import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VnrestoreError as error:
            click.echo(f"vnrestore: error: {error}", err=True)
            ctx.exit(int(error.exit_code))
        except KeyboardInterrupt:
            click.echo("vnrestore: interrupted", err=True)
            ctx.exit(int(ExitCode.interrupted))
        except BrokenPipeError:
            # the reader (e.g. `head`) went away: not an error of ours
            sys.stderr.close()
            ctx.exit(int(ExitCode.ok))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:  # a bug: one line, unless the traceback is asked for
            if os.environ.get("VNRESTORE_DEBUG"):
                raise
            click.echo(f"vnrestore: unexpected error: {type(error).__name__}: {error} "
                       "(VNRESTORE_DEBUG=1 shows the traceback; please report it)", err=True)
            ctx.exit(int(ExitCode.unexpected))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="vnrestore")
def main() -> None:
    """Scanned Vietnamese government documents to clean, accented text and JSON.

    Exit codes: 0 ok, 1 unexpected error, 2 bad command line, 3 input missing,
    4 bad input (not a PDF/image, corrupt, empty), 5 encrypted PDF, 6 page too
    large, 7 missing dependency (Tesseract, its `vie` data, a model, an extra),
    8 output cannot be written, 10 batch finished with failed inputs,
    130 interrupted.
    """
