"""A glyph-less TrueType font, built in code, for the invisible text layer.

The searchable PDF draws its text in render mode 3 (invisible), so the font
needs no shapes: every character maps to one empty glyph of half an em, and
``ToUnicode`` carries the meaning.  Building it here (as Tesseract ships its
``pdf.ttf``) keeps the PDF self-contained without a font file on disk.
"""

from __future__ import annotations

import struct
from functools import cache

UNITS_PER_EM = 1000
#: advance of every glyph, in font units (the PDF's ``/DW``)
GLYPH_WIDTH = 500
NUM_GLYPHS = 2  # .notdef and the blank glyph every character maps to


def _checksum(data: bytes) -> int:
    """The TrueType table checksum: the sum of big-endian uint32 words, mod 2**32."""
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _tables() -> dict[bytes, bytes]:
    head = struct.pack(
        ">IIIIHHqqhhhhHHhhh",
        0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, UNITS_PER_EM,
        0, 0, 0, 0, GLYPH_WIDTH, UNITS_PER_EM, 0, 8, 2, 0, 0,
    )
    hhea = struct.pack(
        ">IhhhHhhhhhhhhhhhH",
        0x00010000, UNITS_PER_EM, 0, 0, GLYPH_WIDTH, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, NUM_GLYPHS,
    )
    maxp = struct.pack(">I14H", 0x00010000, NUM_GLYPHS, 0, 0, 0, 0, 2, *([0] * 8))
    hmtx = struct.pack(">HhHh", GLYPH_WIDTH, 0, GLYPH_WIDTH, 0)
    loca = struct.pack(">3H", 0, 0, 0)  # short offsets: both glyphs are empty
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0)
    return {b"glyf": b"", b"head": head, b"hhea": hhea, b"hmtx": hmtx, b"loca": loca, b"maxp": maxp, b"post": post}


@cache
def glyphless_truetype() -> bytes:
    """The font file: a table directory, then each table padded to 4 bytes.

    >>> font = glyphless_truetype()
    >>> font[:4] == b"\\x00\\x01\\x00\\x00" and len(font) < 400
    True
    """
    tables = _tables()
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    directory = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, (count - power) * 16)
    offset = len(directory) + 16 * count
    entries, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        entries += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(directory + entries + body)
    head_offset = struct.unpack(">I", entries[16 * sorted(tables).index(b"head") + 8:][:4])[0]
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_offset + 8:head_offset + 12] = struct.pack(">I", adjustment)
    return bytes(font)
