"""The searchable PDF: the original page images with an invisible text layer.

As OCRmyPDF does, the scan is kept untouched (for a PDF input its pages are
copied as they are; an image input becomes one page per frame) and each word
is drawn in text render mode 3 (invisible) over its OCR box, so a viewer can
select and search it and ``pdftotext`` reads it.  The font is glyph-less with
an identity ``ToUnicode`` map, so Vietnamese letters extract exactly.

OCR boxes are pixels of the *deskewed* page image; each word is moved back by
the measured skew so it starts on its printed word in the original scan.  Text
stays horizontal, one baseline per line (see :func:`line_operators`): poppler
splits tilted words into letters and interleaves lines whose words step
across a skewed page, which would garble copy and paste.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vnrestore.errors import BadInputError, EncryptedPdfError
from vnrestore.ocr.page import Line, PageResult, Word
from vnrestore.output.atomic import atomic_open
from vnrestore.output.glyphless import GLYPH_WIDTH, UNITS_PER_EM, glyphless_truetype

#: an affine map as PDF writes it: x' = a x + c y + e, y' = b x + d y + f
Matrix = tuple[float, float, float, float, float, float]

FONT_NAME = "/VnrOcrText"
REPLACEMENT = 0xFFFD
#: display (top-left origin, y down) -> unrotated user space, per /Rotate; W, H = MediaBox size
_ROTATIONS = {
    0: lambda w, h: (1, 0, 0, -1, 0, h),
    90: lambda w, h: (0, 1, 1, 0, 0, 0),
    180: lambda w, h: (-1, 0, 0, 1, w, 0),
    270: lambda w, h: (0, -1, -1, 0, w, h),
}


def compose(first: Matrix, then: Matrix) -> Matrix:
    """The map that applies ``first``, then ``then``.

    >>> compose((2, 0, 0, 2, 0, 0), (1, 0, 0, 1, 5, 7))
    (2, 0, 0, 2, 5, 7)
    """
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (A * a + C * b, B * a + D * b, A * c + C * d, B * c + D * d, A * e + C * f + E, B * e + D * f + F)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    """The image of the point (x, y)."""
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def translate(x: float, y: float) -> Matrix:
    return (1, 0, 0, 1, x, y)


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """How OCR pixels land on a PDF page.

    ``unskew`` maps a pixel of the deskewed image OCR read to the same point of
    the scan as rasterised (turned back about the centre); ``to_user`` maps a
    scan pixel to PDF user space (points, the page's ``/Rotate`` undone, the
    MediaBox origin added).  ``to_user`` only scales and turns by quarter
    turns, so "horizontal" on the scan stays horizontal in the PDF.
    """

    unskew: Matrix
    to_user: Matrix

    @property
    def points_per_pixel(self) -> float:
        a, b, c, d, _, _ = self.to_user
        return math.sqrt(abs(a * d - b * c))


def page_geometry(page: PageResult, mediabox: Sequence[float], rotate: int = 0) -> PageGeometry:
    """The geometry of ``page`` on a PDF page with this MediaBox and ``/Rotate``.

    >>> geometry = page_geometry(PageResult(1, width=600, height=300, dpi=72), [0, 0, 600, 300])
    >>> apply(compose(geometry.unskew, geometry.to_user), 0, 0)  # top-left pixel
    (0.0, 300.0)
    """
    x0, y0, x1, y1 = (float(v) for v in mediabox)
    width, height = x1 - x0, y1 - y0
    rotate %= 360
    shown_w, shown_h = (height, width) if rotate in (90, 270) else (width, height)
    scale = 72.0 / page.dpi
    angle = math.radians(page.skew_degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    unskew = translate(-page.width / 2, -page.height / 2)
    unskew = compose(unskew, (cos, -sin, sin, cos, 0.0, 0.0))  # counter-clockwise on screen (y down)
    unskew = compose(unskew, translate(shown_w / scale / 2, shown_h / scale / 2))
    to_user = compose((scale, 0.0, 0.0, scale, 0.0, 0.0), _ROTATIONS.get(rotate, _ROTATIONS[0])(width, height))
    return PageGeometry(unskew, compose(to_user, translate(x0, y0)))


def encode_text(text: str) -> str:
    """The hex string of ``text`` in the font's 2-byte codes (the Unicode code points).

    >>> encode_text("Đà")
    '011000E0'
    """
    codes = (ord(ch) if ord(ch) <= 0xFFFF and not 0xD800 <= ord(ch) <= 0xDFFF else REPLACEMENT for ch in text)
    return "".join(f"{code:04X}" for code in codes)


def _number(value: float) -> str:
    """A compact decimal for a content stream.

    >>> _number(12.5), _number(-0.0), _number(3.0)
    ('12.5', '0', '3')
    """
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def word_spans(words: Sequence[Word]) -> list[tuple[float, float]]:
    """Where each word's text starts and ends on its line (pixels): in order, never overlapping.

    A word starts at its box and its trailing space reaches the next word.  OCR
    boxes can overlap (a box reaching over the next word, or holding it), and
    poppler glues overlapping words into one ('đốcSở'), so an overlap is split
    at its middle; every word keeps at least a pixel per letter.

    >>> from vnrestore.ocr.page import Word
    >>> def w(text, left, right): return Word(text, (left, 0, right, 10), 90.0)
    >>> word_spans([w("ab", 0, 20), w("cd", 30, 50)])
    [(0, 30), (30, 50)]
    >>> word_spans([w("ab", 0, 20), w("cd", 10, 50)])
    [(0, 15.0), (15.0, 50)]
    >>> word_spans([w("abcd", 0, 100), w("e", 20, 30)])  # a box inside the previous one
    [(0, 60.0), (60.0, 62.0)]
    """
    spans: list[tuple[float, float]] = []
    start: float = words[0].box[0] if words else 0
    for word, following in zip(words, [*words[1:], None]):
        least = start + len(word.text) + 1
        if following is None:
            spans.append((start, max(word.box[2], least)))
            break
        gap_start, next_left = word.box[2], following.box[0]
        boundary = next_left if next_left >= gap_start else (next_left + gap_start) / 2
        boundary = max(boundary, least)
        spans.append((start, boundary))
        start = boundary
    return spans


def line_operators(line: Line, geometry: PageGeometry) -> Iterator[str]:
    """Text operators placing each word of ``line`` over its printed word.

    A line keeps one horizontal baseline (the bottom of its box, at the line's
    centre once the skew is undone) and each word starts where its box starts
    (see :func:`word_spans`), so text extraction reads whole words, line after
    line, even on a skewed scan.  Each word but the last carries its trailing
    space, stretched with it to reach the next word, so no two words overlap.
    """
    a, b, c, d, _, _ = geometry.to_user
    scale = geometry.points_per_pixel
    # text space is y up, scan pixels y down
    ta, tb, tc, td = a / scale, b / scale, -c / scale, -d / scale
    font_size = max(1.0, (line.box[3] - line.box[1]) * scale)
    _, baseline = apply(geometry.unskew, (line.box[0] + line.box[2]) / 2, line.box[3])
    words = [word for word in line.words if word.text]
    for i, (word, (start, reach)) in enumerate(zip(words, word_spans(words))):
        text = word.text if i == len(words) - 1 else word.text + " "
        natural = len(text) * GLYPH_WIDTH / UNITS_PER_EM * font_size
        stretch = 100.0 * max(1, reach - start) * scale / natural
        left, _ = apply(geometry.unskew, start, line.box[3])
        e, f = apply(geometry.to_user, left, baseline)
        numbers = " ".join(_number(v) for v in (ta, tb, tc, td, e, f))
        yield (
            f"{FONT_NAME} {_number(font_size)} Tf {_number(stretch)} Tz "
            f"{numbers} Tm <{encode_text(text)}> Tj"
        )


def text_layer(page: PageResult, geometry: PageGeometry) -> bytes:
    """The content stream of one page's invisible text."""
    body = [op for line in page.lines for op in line_operators(line, geometry)]
    return ("BT\n3 Tr\n" + "\n".join(body) + "\nET\n").encode("ascii")


def _to_unicode_cmap() -> bytes:
    """An identity code -> Unicode map for the BMP without surrogates."""
    rows = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    blocks = []
    for start in range(0, len(rows), 100):
        chunk = rows[start:start + 100]
        blocks.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _font(pdf):
    """The Type0 glyph-less font object, added to ``pdf`` once."""
    import pikepdf

    Name, Dictionary, Array = pikepdf.Name, pikepdf.Dictionary, pikepdf.Array
    font_file = pikepdf.Stream(pdf, glyphless_truetype())
    descriptor = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/GlyphLessFont"), Flags=5,
        FontBBox=Array([0, 0, GLYPH_WIDTH, UNITS_PER_EM]), ItalicAngle=0,
        Ascent=UNITS_PER_EM, Descent=-1, CapHeight=UNITS_PER_EM, StemV=80, FontFile2=font_file,
    ))
    # every code (CID) -> glyph 1, the blank one
    cid_to_gid = pikepdf.Stream(pdf, zlib.compress(b"\x00\x01" * 65536, 9))
    cid_to_gid.Filter = Name.FlateDecode
    cid_font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/GlyphLessFont"),
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor, DW=GLYPH_WIDTH, CIDToGIDMap=cid_to_gid,
    ))
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/GlyphLessFont"), Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cid_font]), ToUnicode=pikepdf.Stream(pdf, _to_unicode_cmap()),
    ))


def _inherited(page_obj, key: str):
    """A page attribute, looked up through the page tree as PDF inheritance says."""
    node = page_obj
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def add_text_layer(pdf, page_obj, result: PageResult, font) -> None:
    """Append ``result``'s invisible words to one page, its own content wrapped in q/Q."""
    import pikepdf

    if "/Resources" not in page_obj:
        inherited = _inherited(page_obj, "/Resources")
        page_obj.Resources = pikepdf.Dictionary(inherited) if inherited is not None else pikepdf.Dictionary()
    resources = page_obj.Resources
    if "/Font" not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font[FONT_NAME] = font
    mediabox = [float(v) for v in _inherited(page_obj, "/MediaBox")]
    rotate = int(_inherited(page_obj, "/Rotate") or 0)
    layer = text_layer(result, page_geometry(result, mediabox, rotate))
    page = pikepdf.Page(page_obj)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + layer), prepend=False)


@dataclass(slots=True)
class _Image:
    """One page image ready to embed: its stream and how to read it."""

    data: bytes
    width: int
    height: int
    colour: str
    bits: int
    filter: str


def _page_images(path: Path) -> Iterator[_Image]:
    """Each frame of an image file, as PDF image data (a single-frame JPEG passes through)."""
    from PIL import Image, ImageSequence

    with Image.open(path) as image:
        if image.format == "JPEG" and image.mode in ("L", "RGB"):
            colour = "/DeviceGray" if image.mode == "L" else "/DeviceRGB"
            yield _Image(path.read_bytes(), image.width, image.height, colour, 8, "/DCTDecode")
            return
        for frame in ImageSequence.Iterator(image):
            if frame.mode not in ("1", "L", "RGB"):
                frame = frame.convert("L" if frame.mode in ("LA", "I", "I;16", "F") else "RGB")
            colour = "/DeviceRGB" if frame.mode == "RGB" else "/DeviceGray"
            bits = 1 if frame.mode == "1" else 8
            yield _Image(zlib.compress(frame.tobytes(), 6), frame.width, frame.height, colour, bits, "/FlateDecode")


def _image_pdf(path: Path, results: Sequence[PageResult]):
    """A new PDF with one page per frame of the image at ``path``, sized by the OCR dpi."""
    import pikepdf

    pdf = pikepdf.new()
    for image, result in zip(_page_images(path), results):
        stream = pikepdf.Stream(pdf, image.data)
        stream.stream_dict = pikepdf.Dictionary(
            Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=image.width, Height=image.height,
            ColorSpace=pikepdf.Name(image.colour), BitsPerComponent=image.bits, Filter=pikepdf.Name(image.filter),
        )
        width, height = image.width * 72.0 / result.dpi, image.height * 72.0 / result.dpi
        content = f"q {_number(width)} 0 0 {_number(height)} 0 0 cm /Scan Do Q\n".encode("ascii")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, width, height]),
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Scan=stream)),
            Contents=pikepdf.Stream(pdf, content),
        )
        pdf.pages.append(pikepdf.Page(page))
    return pdf


def _open_source(path: Path, results: Sequence[PageResult]):
    import pikepdf

    with path.open("rb") as handle:
        is_pdf = b"%PDF" in handle.read(1024)
    if not is_pdf:
        return _image_pdf(path, results)
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError as error:
        raise EncryptedPdfError("encrypted PDF (password required)", path) from error
    except pikepdf.PdfError as error:
        raise BadInputError(f"corrupt PDF ({error})", path) from error


def write_searchable_pdf(source: str | Path, pages: Sequence[PageResult], out: str | Path) -> None:
    """Write ``out``: the scan ``source`` (PDF or image) with ``pages``' words as invisible text.

    ``pages`` are matched to the source pages by ``page_number`` (1-based);
    pages without a result keep no text layer.
    """
    source = Path(source)
    pdf = _open_source(source, pages)
    with pdf:
        font = _font(pdf)
        for result in pages:
            if 1 <= result.page_number <= len(pdf.pages) and result.lines:
                add_text_layer(pdf, pdf.pages[result.page_number - 1].obj, result, font)
        pdf.docinfo["/Producer"] = "vnrestore"
        with atomic_open(out, "wb") as handle:
            pdf.save(handle, compress_streams=True)
