"""ALTO v4 XML: the page results in the format library and archive systems ingest.

Coordinates are pixels of the page image OCR read (``MeasurementUnit pixel``);
``WC`` is the word confidence from 0 to 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

from vnrestore.ocr.page import Box, PageResult
from vnrestore.output.atomic import write_bytes_atomic
from vnrestore.output.hocr import paragraphs, union

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
ALTO_SCHEMA = "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd"


def geometry(box: Box) -> dict[str, str]:
    """ALTO position attributes of a box.

    >>> geometry((10, 20, 110, 60))
    {'HPOS': '10', 'VPOS': '20', 'WIDTH': '100', 'HEIGHT': '40'}
    """
    left, top, right, bottom = box
    return {
        "HPOS": str(left),
        "VPOS": str(top),
        "WIDTH": str(right - left),
        "HEIGHT": str(bottom - top),
    }


def q(tag: str) -> str:
    """An ALTO tag name with its namespace, as ElementTree spells it."""
    return f"{{{ALTO_NS}}}{tag}"


def alto_tree(pages: Sequence[PageResult], source: str = "") -> ET.Element:
    """The ``alto`` element for a document."""
    ET.register_namespace("", ALTO_NS)
    root = ET.Element(q("alto"), {f"{{{XSI_NS}}}schemaLocation": f"{ALTO_NS} {ALTO_SCHEMA}"})
    description = ET.SubElement(root, q("Description"))
    ET.SubElement(description, q("MeasurementUnit")).text = "pixel"
    image_info = ET.SubElement(description, q("sourceImageInformation"))
    ET.SubElement(image_info, q("fileName")).text = source
    software = ET.SubElement(ET.SubElement(description, q("OCRProcessing"), ID="ocr_0"), q("ocrProcessingStep"))
    ET.SubElement(ET.SubElement(software, q("processingSoftware")), q("softwareName")).text = "vnrestore"
    layout = ET.SubElement(root, q("Layout"))
    for page in pages:
        n = page.page_number
        page_el = ET.SubElement(
            layout, q("Page"), ID=f"page_{n}", PHYSICAL_IMG_NR=str(n),
            WIDTH=str(page.width), HEIGHT=str(page.height),
        )
        space = ET.SubElement(page_el, q("PrintSpace"), geometry((0, 0, page.width, page.height)))
        for p, lines in enumerate(paragraphs(page), start=1):
            block = ET.SubElement(space, q("TextBlock"), {"ID": f"block_{n}_{p}", **geometry(union([line.box for line in lines]))})
            for i, line in enumerate(lines, start=1):
                line_el = ET.SubElement(block, q("TextLine"), {"ID": f"line_{n}_{p}_{i}", **geometry(line.box)})
                words = [word for word in line.words if word.text]
                for j, word in enumerate(words):
                    if j:
                        ET.SubElement(line_el, q("SP"))
                    ET.SubElement(
                        line_el, q("String"),
                        {"CONTENT": word.text, **geometry(word.box), "WC": f"{word.confidence / 100:.2f}"},
                    )
    return root


def alto_document(pages: Sequence[PageResult], source: str = "") -> bytes:
    """The ALTO file for ``pages`` as UTF-8 bytes."""
    tree = ET.ElementTree(alto_tree(pages, source))
    ET.indent(tree, space=" ")
    buffer = BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()


def write_alto(path: str | Path, pages: Sequence[PageResult], source: str = "") -> None:
    """Write ``pages`` as ALTO to ``path`` atomically."""
    write_bytes_atomic(path, alto_document(pages, source))
