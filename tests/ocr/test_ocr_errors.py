"""Bad input through the real command: one line on stderr, the documented exit code, no output file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from vnrestore.errors import ExitCode

from .conftest import SAMPLE_PDF

VNRESTORE = [str(Path(sys.executable).parent / "vnrestore")]


def run_ocr(input_path: Path, output: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*VNRESTORE, "ocr", str(input_path), "-o", str(output), "--jobs", "1"],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120)


def assert_failed_cleanly(
    result: subprocess.CompletedProcess, code: ExitCode, output: Path, words: str, input_path: Path
) -> None:
    assert result.returncode == int(code), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words in lines[0]
    assert f"{input_path.name}: " in lines[0]
    assert not output.exists()
    assert not [p for p in output.parent.iterdir() if p.name.endswith(".part")]


def make_bad_input(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.pdf"
    if kind == "text":
        path = folder / "notes.txt"
        path.write_text("Quyết định số 12/QĐ-UBND\n", encoding="utf-8")
    elif kind == "corrupt":
        path.write_bytes(SAMPLE_PDF.read_bytes()[:4000])
    elif kind == "encrypted":
        with pikepdf.open(SAMPLE_PDF) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(user="mật-khẩu", owner="mật-khẩu"))
    elif kind == "empty":
        pikepdf.new().save(path)
    elif kind == "huge":
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(14400, 14400))  # 200 × 200 inches
        pdf.save(path)
    elif kind == "corrupt-image":
        path = folder / "scan.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return path


@pytest.mark.parametrize(
    ("kind", "code", "words"),
    [
        ("missing", ExitCode.input_missing, "no such file"),
        ("text", ExitCode.bad_input, "not a PDF or image"),
        ("corrupt", ExitCode.bad_input, "corrupt PDF"),
        ("corrupt-image", ExitCode.bad_input, "corrupt image"),
        ("encrypted", ExitCode.encrypted, "encrypted"),
        ("empty", ExitCode.bad_input, "no pages"),
        ("huge", ExitCode.page_too_large, "above the limit"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(tmp_path: Path, kind: str, code: ExitCode, words: str) -> None:
    source = tmp_path / "absent.pdf" if kind == "missing" else make_bad_input(kind, tmp_path)
    output = tmp_path / "out" / "text.txt"
    result = run_ocr(source, output)
    assert_failed_cleanly(result, code, output, words, source)


def test_missing_vie_data_is_a_missing_dependency(tmp_path: Path) -> None:
    output = tmp_path / "text.txt"
    result = run_ocr(SAMPLE_PDF, output, env={"TESSDATA_PREFIX": str(tmp_path)})
    assert_failed_cleanly(result, ExitCode.missing_dependency, output, "'vie'", SAMPLE_PDF)


def test_missing_tesseract_is_a_missing_dependency(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in ("pdfinfo", "pdftoppm"):  # poppler present, tesseract absent
        os.symlink(shutil.which(program), bin_dir / program)
    output = tmp_path / "text.txt"
    result = run_ocr(SAMPLE_PDF, output, env={"PATH": str(bin_dir)})
    assert_failed_cleanly(result, ExitCode.missing_dependency, output, "tesseract not found", SAMPLE_PDF)


def test_unwritable_output_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run_ocr(SAMPLE_PDF, blocker / "text.txt")
    assert result.returncode == int(ExitCode.output_error), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "text.txt" in result.stderr


def test_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    output = tmp_path / "text.txt"
    result = subprocess.run([*VNRESTORE, "ocr", str(SAMPLE_PDF), "-o", str(output), "--engine", "tesseract5"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == int(ExitCode.usage), result.stderr
    assert "Traceback" not in result.stderr and "'tesseract5' is not one of" in result.stderr
    assert not output.exists()
