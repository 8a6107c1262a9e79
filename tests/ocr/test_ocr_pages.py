"""OCR on the committed sample scan with the real Tesseract and poppler."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from vnrestore.cli import main
from vnrestore.ocr.api import ocr_pdf

from .conftest import SAMPLE_PDF, SAMPLE_TRUTH

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from ocr_metrics import score  # noqa: E402


def test_sample_scan_reads_with_low_error_boxes_and_skew() -> None:
    calls: list[tuple[int, int]] = []
    (page,) = ocr_pdf(SAMPLE_PDF, jobs=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 1), (1, 1)]  # the total is known before the first page
    result = score(SAMPLE_TRUTH.read_text(encoding="utf-8"), page.text)
    assert result.cer < 0.03, page.text
    assert result.der < 0.03, page.text
    assert abs(page.skew_degrees - 1.5) < 0.3  # the scan was turned 1.5° counter-clockwise
    assert abs(page.width - 2480) <= 2 and abs(page.height - 3508) <= 2  # A4 at the default 300 dpi
    words = page.words
    assert all(0 <= w.confidence <= 100 for w in words)
    assert all(0 <= w.box[0] < w.box[2] <= page.width and 0 <= w.box[1] < w.box[3] <= page.height for w in words)
    tops = [line.box[1] for line in page.lines]
    assert tops == sorted(tops)  # one column: reading order is top to bottom
    assert page.lines[0].text.startswith("ỦY BAN")


def test_multipage_tiff_in_parallel_with_kept_images(tmp_path: Path, two_page_tiff: Path) -> None:
    output, images = tmp_path / "out.txt", tmp_path / "pages"
    result = CliRunner().invoke(
        main, ["ocr", str(two_page_tiff), "-o", str(output), "--jobs", "2", "--keep-images", str(images), "-q"]
    )
    assert result.exit_code == 0, result.output
    first, second = output.read_text(encoding="utf-8").split("\f")
    assert "HÀ NAM" in first and "Theo đề nghị" not in first
    assert "Theo đề nghị" in second and "HÀ NAM" not in second
    assert sorted(p.name for p in images.iterdir()) == ["two-pages-page-0001.png", "two-pages-page-0002.png"]


def test_stdout_is_nfc_text_when_no_output_file(two_page_tiff: Path) -> None:
    result = CliRunner().invoke(main, ["ocr", str(two_page_tiff), "--jobs", "1", "--no-deskew", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\f") == 1
    import unicodedata

    assert unicodedata.is_normalized("NFC", result.output)


def test_a_lone_page_number_is_read(tmp_path: Path, sample_page) -> None:
    """Tesseract's page segmentation drops a lone '2' above the text; it is read again on its own."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    body = sample_page[700:1100]  # a few lines of the sample scan, at 200 dpi
    page = np.full((body.shape[0] + 250, body.shape[1]), 255, np.uint8)
    page[250:] = body
    image = Image.fromarray(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/freefont/FreeSerif.ttf", round(13 * 200 / 72))
    ImageDraw.Draw(image).text((page.shape[1] // 2, 90), "2", font=font, fill=0)
    path = tmp_path / "page-2.png"
    image.save(path, dpi=(200, 200))
    (result,) = ocr_pdf(path, jobs=1)
    assert result.lines[0].text == "2", result.text
    assert len(result.lines) > 3 and result.lines[1].text != "2"


def test_progress_bar_only_on_a_terminal(tmp_path: Path, two_page_tiff: Path) -> None:
    """A bare pseudo-terminal (it reports 0x0) gets the bar; -q and a pipe get nothing."""
    import os
    import pty
    import subprocess

    command = [str(Path(sys.executable).parent / "vnrestore"), "ocr", str(two_page_tiff), "--jobs", "1"]
    for quiet in (False, True):
        leader, follower = pty.openpty()
        with subprocess.Popen([*command, "-o", str(tmp_path / "out.txt"), *(["-q"] if quiet else [])],
                              stderr=follower, stdout=subprocess.DEVNULL) as process:
            os.close(follower)
            seen = b""
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the command closed the terminal: it is done
                    break
                if not chunk:
                    break
                seen += chunk
        os.close(leader)
        assert process.returncode == 0
        assert (b"2/2" in seen and b"100%" in seen) != quiet, seen
    piped = subprocess.run([*command, "-o", str(tmp_path / "out.txt")], capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr == b""
