"""The searchable PDF: its text layer read back by poppler, where the words are, what the page shows."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from synthetic_pages import LINES, draw_page, make_page

from vnrestore.ocr.page import PageResult
from vnrestore.output.pdf import write_searchable_pdf


@pytest.fixture
def page() -> PageResult:
    return make_page()


@pytest.fixture
def png_scan(tmp_path: Path, page: PageResult) -> Path:
    path = tmp_path / "scan.png"
    draw_page(page).save(path, dpi=(page.dpi, page.dpi))
    return path


@pytest.fixture
def pdf_scan(tmp_path: Path, page: PageResult) -> Path:
    path = tmp_path / "scan.pdf"
    draw_page(page).save(path, "PDF", resolution=page.dpi)
    return path


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def words_with_boxes(path: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points, top-left origin, as pdftotext -bbox reports them."""
    html = pdftotext(path, "-bbox")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(pattern, html)]


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("scan", ["png_scan", "pdf_scan"])
def test_text_layer_reads_back_exactly_with_pdftotext(scan, request, tmp_path, page):
    out = tmp_path / "out.pdf"
    write_searchable_pdf(request.getfixturevalue(scan), [page], out)
    assert normalised(pdftotext(out)) == normalised(" ".join(LINES))


def test_each_word_lies_on_its_ocr_box(png_scan, tmp_path, page):
    out = tmp_path / "out.pdf"
    write_searchable_pdf(png_scan, [page], out)
    found = words_with_boxes(out)
    expected = page.words
    assert [w for w, *_ in found] == [w.text for w in expected]
    points = 72 / page.dpi
    for (_, x_min, _, x_max, y_max), word in zip(found, expected):
        assert x_min == pytest.approx(word.box[0] * points, abs=0.5)
        assert y_max == pytest.approx(word.box[3] * points, abs=1.0)
    for line in page.lines:
        # a line's last word ends on its box; the others share their width with their
        # trailing space, which reaches the next word without overlapping it
        last = next(f for f in found if f[0] == line.words[-1].text)
        assert last[3] == pytest.approx(line.words[-1].box[2] * points, abs=0.5)
    for (_, _, _, x_max, _), (_, next_min, *_) in zip(found, found[1:]):
        assert x_max <= next_min or next_min < 80  # 80 pt: the next word starts a new line


def test_the_page_looks_exactly_as_before(pdf_scan, tmp_path, page):
    """The text is invisible and the scan untouched: both render to the same pixels."""
    out = tmp_path / "out.pdf"
    write_searchable_pdf(pdf_scan, [page], out)
    for pdf, prefix in ((pdf_scan, "before"), (out, "after")):
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / prefix)], check=True)
    before, after = (Image.open(next(tmp_path.glob(f"{p}*.pgm"))) for p in ("before", "after"))
    assert before.tobytes() == after.tobytes()


def test_a_jpeg_scan_is_embedded_as_it_is(tmp_path, page):
    scan = tmp_path / "scan.jpg"
    draw_page(page).save(scan, quality=80, dpi=(page.dpi, page.dpi))
    out = tmp_path / "out.pdf"
    write_searchable_pdf(scan, [page], out)
    with pikepdf.open(out) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        assert image.read_raw_bytes() == scan.read_bytes()
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (width, height) == pytest.approx((page.width * 72 / page.dpi, page.height * 72 / page.dpi))


def turned_back(x: float, y: float, page) -> tuple[float, float]:
    """Where pixel (x, y) of the deskewed image was on the scan: turned counter-clockwise about the centre."""
    angle = math.radians(page.skew_degrees)
    dx, dy = x - page.width / 2, y - page.height / 2
    return (page.width / 2 + dx * math.cos(angle) + dy * math.sin(angle),
            page.height / 2 - dx * math.sin(angle) + dy * math.cos(angle))


@pytest.mark.parametrize("skew", [2.0, -3.0])
def test_deskewed_boxes_are_turned_back_onto_the_scan(png_scan, tmp_path, skew):
    """Each word starts where the skew puts it; a line keeps one baseline, so text reads in order."""
    straight, skewed = make_page(), make_page(skew=skew)
    found = {}
    for name, page in (("straight", straight), ("skewed", skewed)):
        out = tmp_path / f"{name}.pdf"
        write_searchable_pdf(png_scan, [page], out)
        found[name] = {word: (x_min, y_max) for word, x_min, _, _, y_max in words_with_boxes(out)}
        assert normalised(pdftotext(out)) == normalised(" ".join(LINES))
    points = 72 / straight.dpi
    for line in skewed.lines:
        middle = (line.box[0] + line.box[2]) / 2
        baseline_shift = (turned_back(middle, line.box[3], skewed)[1] - line.box[3]) * points
        for word in line.words:
            shift_x = found["skewed"][word.text][0] - found["straight"][word.text][0]
            shift_y = found["skewed"][word.text][1] - found["straight"][word.text][1]
            assert shift_x == pytest.approx((turned_back(word.box[0], line.box[3], skewed)[0] - word.box[0]) * points, abs=0.1)
            assert shift_y == pytest.approx(baseline_shift, abs=0.1)


def test_a_rotated_page_gets_its_words_in_display_orientation(pdf_scan, tmp_path, page):
    """A page with /Rotate 90 is rasterised upright; the words must land where they show."""
    rotated_scan = tmp_path / "rotated.pdf"
    with pikepdf.open(pdf_scan) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(rotated_scan)
    # upright, the page is as wide as the unrotated one is tall
    upright = make_page(width=page.height, height=page.width)
    out = tmp_path / "out.pdf"
    write_searchable_pdf(rotated_scan, [upright], out)
    found = words_with_boxes(out)
    assert [w for w, *_ in found] == [w.text for w in upright.words]
    first = upright.words[0]
    assert found[0][1] == pytest.approx(first.box[0] * 72 / page.dpi, abs=0.5)
    assert found[0][4] == pytest.approx(first.box[3] * 72 / page.dpi, abs=1.0)


def test_every_frame_of_a_tiff_becomes_a_page(tmp_path):
    pages = [make_page(number=1), make_page(number=2)]
    scan = tmp_path / "scan.tiff"
    first, second = (draw_page(p) for p in pages)
    first.save(scan, save_all=True, append_images=[second], dpi=(150, 150))
    out = tmp_path / "out.pdf"
    write_searchable_pdf(scan, pages, out)
    text = pdftotext(out)
    assert text.count("\f") == 2
    assert [normalised(part) for part in text.split("\f")[:2]] == [normalised(" ".join(LINES))] * 2


@pytest.mark.parametrize("overlap", [20, 30, "inside"])
def test_words_whose_ocr_boxes_overlap_still_read_as_separate_words(png_scan, tmp_path, overlap):
    """OCR can give a word a box reaching over the next one ('đốc' over 'Sở'); the text must not merge."""
    from dataclasses import replace

    page = make_page()
    line = page.lines[1]
    first, second = line.words[0], line.words[1]
    if overlap == "inside":  # the next word's box lies within this one's
        box = (first.box[0] + 30, first.box[1], first.box[2] - 10, first.box[3])
    else:
        box = (first.box[2] - overlap, second.box[1], second.box[2], second.box[3])
    words = [first, replace(second, box=box), *line.words[2:]]
    page.lines[1] = replace(line, words=words)
    out = tmp_path / "out.pdf"
    write_searchable_pdf(png_scan, [page], out)
    assert normalised(pdftotext(out)) == normalised(" ".join(LINES))
    found = words_with_boxes(out)
    assert [w for w, *_ in found] == [w.text for w in page.words]
