"""``vnrestore extract`` and ``vnrestore schema``: the document JSON on stdout.

A ``.txt`` input is taken as already restored text; a PDF or image is read
by OCR and restored first (both imported only then, so extracting from text
starts fast).  Every input is read before anything is printed, so a bad
input leaves no partial output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from vnrestore.cli.choices import STDIN
from vnrestore.errors import BadInputError, InputMissingError

TEXT_SUFFIXES = {".txt", ".text", ".md"}
#: OCR words below this confidence (0-100) count as low-confidence tokens
LOW_CONFIDENCE = 60.0


def read_text_input(path: Path) -> str:
    """The UTF-8 text of a .txt input (standard input for "-"), or a typed error naming the file."""
    try:
        data = sys.stdin.buffer.read() if str(path) == STDIN else path.read_bytes()
    except FileNotFoundError:
        raise InputMissingError("no such file", path) from None
    except OSError as error:
        raise InputMissingError(f"cannot read ({error.strerror})", path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInputError(f"text is not UTF-8 (byte {error.start})",
                            "<stdin>" if str(path) == STDIN else path) from None


def restored_text(raw: str) -> tuple[str, int]:
    """``raw`` OCR text restored in auto mode, and how many words changed.

    Auto mode decides per paragraph: wrong-language garble is repaired,
    stripped text gets its diacritics, clean text is left as it is.
    """
    from vnrestore.restore.api import Restorer

    restored = Restorer(mode="auto").restore(raw)
    return restored, sum(old != new for old, new in zip(raw.split(), restored.split()))


def text_of_scan(path: Path) -> tuple[str, dict]:
    """OCR a PDF/image, restore its text, and count what the restorer changed."""
    from vnrestore.ocr.api import ocr_pdf

    if not path.exists():
        raise InputMissingError("no such file", path)
    pages = ocr_pdf(path)
    words = [word for page in pages for word in page.words]
    restored, changed = restored_text("\f".join(page.text for page in pages))
    quality = {
        "restored_tokens": changed,
        "low_confidence_tokens": sum(word.confidence < LOW_CONFIDENCE for word in words),
    }
    return restored, quality


def is_text_input(path: Path) -> bool:
    """Whether an input is text to extract from as it is: stdin, a .txt / .text / .md file, or any other
    file whose first bytes are UTF-8 and no PDF's or image's (restored text saved as "decision.out").
    A file named as a scan (".pdf", ".png", ...) goes to the scan reader whatever it holds: an error
    page saved as "decision.pdf" is a broken scan to report, not text to extract nothing from."""
    from vnrestore.batch.inputs import SCAN_SUFFIXES
    from vnrestore.ocr.rasterise import sniff

    if str(path) == STDIN or path.suffix.lower() in TEXT_SUFFIXES:
        return True
    if path.suffix.lower() in SCAN_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False  # the scan reader names the problem
    if not head or sniff(head) is not None or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # only a character the 4 kB cut in two
    return True


def document_of(path: Path) -> dict:
    """The document JSON of one input."""
    from vnrestore.extract.api import extract

    if is_text_input(path):
        return extract(read_text_input(path), source="<stdin>" if str(path) == STDIN else str(path))
    text, quality = text_of_scan(path)
    return extract(text, source=str(path), quality=quality)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["json", "jsonl"]), default=None,
              help="json: one indented object (one input) or a list; jsonl: one object per line. "
              "Default: json for one input, jsonl for several.")
def extract(inputs: tuple[Path, ...], output_format: str | None) -> None:
    """Extract the document JSON (legal bases, targets, budget, outline) from INPUT....

    INPUT is restored text (.txt, UTF-8; "-" reads it from stdin) or a PDF/image,
    which is OCRed and restored first.
    """
    documents = [document_of(path) for path in inputs]
    output_format = output_format or ("json" if len(documents) == 1 else "jsonl")
    if output_format == "jsonl":
        click.echo("\n".join(json.dumps(doc, ensure_ascii=False) for doc in documents))
    else:
        payload = documents[0] if len(documents) == 1 else documents
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
def schema() -> None:
    """Print the JSON Schema of the document JSON."""
    from vnrestore.extract.api import schema as document_schema

    click.echo(json.dumps(document_schema(), ensure_ascii=False, indent=2))
