"""Small real scans for batch tests, cut from the committed sample scan.

Each strip is a band of a few printed lines of ``tests/fixtures/sample-scan.pdf``
(200 dpi), so OCR reads real Vietnamese text in well under a second a page.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from PIL import Image

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sample-scan.pdf"
DPI = 200
#: (top, bottom) of bands of the sample scan, as fractions of the page height
BANDS = [(0.04, 0.14), (0.14, 0.24), (0.36, 0.46), (0.46, 0.56)]


def sample_page() -> Image.Image:
    with pikepdf.open(FIXTURE) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        return pikepdf.PdfImage(image).as_pil_image().convert("L")


def strip(band: int) -> Image.Image:
    page = sample_page()
    top, bottom = BANDS[band]
    return page.crop((0, round(top * page.height), page.width, round(bottom * page.height)))


def save_pdf(images: list[Image.Image], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path


def save_png(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, dpi=(DPI, DPI))
    return path


def save_bad_inputs(folder: Path) -> dict[str, Path]:
    """A corrupt, an encrypted, an empty PDF and a text file named .pdf, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    good, encrypted = io.BytesIO(), io.BytesIO()
    strip(0).save(good, "PDF", resolution=DPI)
    with pikepdf.open(io.BytesIO(good.getvalue())) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(owner="chủ", user="mật-khẩu"))
    contents = {
        "corrupt.pdf": good.getvalue()[: len(good.getvalue()) // 3],
        "encrypted.pdf": encrypted.getvalue(),
        "empty.pdf": b"",
        "notes.pdf": "Quyết định số 15/QĐ-UBND\n".encode(),
    }
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in contents}
