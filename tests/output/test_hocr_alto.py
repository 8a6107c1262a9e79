"""hOCR and ALTO: well-formed XML with every word, its box and its confidence."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from synthetic_pages import make_page

from vnrestore.ocr.page import Line, PageResult, Word
from vnrestore.output.alto import ALTO_NS, write_alto
from vnrestore.output.hocr import write_hocr

XHTML = "{http://www.w3.org/1999/xhtml}"


def two_pages() -> list[PageResult]:
    second = make_page(number=2)
    # markup characters must be escaped, not break the file
    second.lines.append(Line([Word("<Điều>", (100, 400, 250, 440), 42.0), Word("&", (270, 400, 290, 440), 55.0)],
                             (100, 400, 290, 440), paragraph=9))
    return [make_page(number=1), second]


def test_hocr_has_every_word_with_box_and_confidence(tmp_path):
    pages = two_pages()
    path = tmp_path / "doc.hocr"
    write_hocr(path, pages, title="quyết-định.pdf")
    root = ET.parse(path).getroot()
    page_divs = [div for div in root.iter(f"{XHTML}div") if div.get("class") == "ocr_page"]
    assert len(page_divs) == 2
    words = [span for span in root.iter(f"{XHTML}span") if span.get("class") == "ocrx_word"]
    assert [w.text for w in words] == [w.text for p in pages for w in p.words]
    last = words[-2]
    assert last.get("title") == "bbox 100 400 250 440; x_wconf 42"
    lines = [span for span in root.iter(f"{XHTML}span") if span.get("class") == "ocr_line"]
    assert len(lines) == sum(len(p.lines) for p in pages)


def test_alto_has_every_word_with_position_and_confidence(tmp_path):
    pages = two_pages()
    path = tmp_path / "doc.alto.xml"
    write_alto(path, pages, source="quyết-định.pdf")
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{ALTO_NS}}}alto"
    strings = list(root.iter(f"{{{ALTO_NS}}}String"))
    assert [s.get("CONTENT") for s in strings] == [w.text for p in pages for w in p.words]
    odd = strings[-2]
    assert (odd.get("HPOS"), odd.get("VPOS"), odd.get("WIDTH"), odd.get("HEIGHT"), odd.get("WC")) == (
        "100", "400", "150", "40", "0.42")
    assert [p.get("PHYSICAL_IMG_NR") for p in root.iter(f"{{{ALTO_NS}}}Page")] == ["1", "2"]
    # a space between words of a line, none after the last
    first_line = next(root.iter(f"{{{ALTO_NS}}}TextLine"))
    tags = [child.tag.split("}")[1] for child in first_line]
    assert tags == ["String", "SP"] * (len(pages[0].lines[0].words) - 1) + ["String"]
