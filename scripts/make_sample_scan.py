#!/usr/bin/env python3
"""Make the small sample scan the tests and the demo use: tests/fixtures/sample-scan.{pdf,txt}.

The text is an invented provincial decision (title, "Căn cứ" lines, numbered
items, a budget line in digits and in words), rendered with FreeSerif (the
Liberation Serif 1.07 Debian ships here has no Vietnamese precomposed glyphs;
FreeSerif is one of the Times-like faces of the dev set) at 200 dpi and degraded like an office scan: a 1.5° skew, grain, dust specks, a
dark border along one edge.  Deterministic for a given ``--seed``.

    .venv/bin/python scripts/make_sample_scan.py            # writes tests/fixtures/
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

REPO = Path(__file__).resolve().parents[1]
FONT_DIR = Path("/usr/share/fonts/truetype/freefont")

#: (style, text) per printed line; style: b = bold centred, i = italic, c = centred, "" = body
LINES: list[tuple[str, str]] = [
    ("b", "ỦY BAN NHÂN DÂN TỈNH HÀ NAM"),
    ("b", "QUYẾT ĐỊNH"),
    ("b", "Về việc hỗ trợ kinh phí sửa chữa nhà văn hóa thôn năm 2024"),
    ("", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"),
    ("i", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
    ("i", "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"),
    ("i", "Căn cứ Nghị quyết số 18/NQ-HĐND ngày 12 tháng 7 năm 2023 của"),
    ("i", "Hội đồng nhân dân tỉnh về dự toán ngân sách địa phương;"),
    ("i", "Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 47/TTr-STC."),
    ("b", "QUYẾT ĐỊNH:"),
    ("", "Điều 1. Hỗ trợ kinh phí cho các xã để sửa chữa nhà văn hóa thôn, cụ thể:"),
    ("", "1. Xã Thanh Hải: sửa mái ngói, thay cửa sổ và lát lại sân trước."),
    ("", "2. Xã Liêm Tuyền: xây tường rào, làm mới khu vệ sinh chung."),
    ("", "3. Xã Đồng Hóa: sơn lại tường, mua bàn ghế và loa truyền thanh."),
    ("", "Tổng kinh phí: 1.250.000.000 đồng (Bằng chữ: Một tỷ hai trăm năm"),
    ("", "mươi triệu đồng chẵn), lấy từ nguồn dự phòng ngân sách tỉnh."),
    ("", "Điều 2. Sở Tài chính hướng dẫn các xã sử dụng kinh phí đúng mục đích,"),
    ("", "thanh toán và quyết toán theo quy định hiện hành."),
    ("", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng"),
    ("", "Ủy ban nhân dân tỉnh, Giám đốc các sở và Chủ tịch Ủy ban nhân dân"),
    ("", "các xã có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
    ("c", "KT. CHỦ TỊCH"),
    ("c", "PHÓ CHỦ TỊCH"),
    ("c", "Nguyễn Thị Hường"),
]

STYLE_FONT = {
    "b": "FreeSerifBold.ttf",
    "i": "FreeSerifItalic.ttf",
    "c": "FreeSerifBold.ttf",
    "": "FreeSerif.ttf",
}


def render(dpi: int) -> Image.Image:
    """Print the lines on a white A4 page at ``dpi``: 13 pt body, 14 pt titles."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    margin_left, margin_right = round(1.2 * dpi), round(0.8 * dpi)
    y = round(0.8 * dpi)
    for style, text in LINES:
        points = 14 if style == "b" else 13
        font = ImageFont.truetype(str(FONT_DIR / STYLE_FONT[style]), round(points * dpi / 72))
        left, _, right, _ = draw.textbbox((0, 0), text, font=font)
        if style in ("b", "c"):
            x = (width - (right - left)) // 2
        else:
            x = margin_left
        assert x + right - left < width - margin_right // 2, f"line too long: {text}"
        draw.text((x, y), text, font=font, fill=20)
        y += round(points * dpi / 72 * 1.55)
    return page


def degrade(page: Image.Image, seed: int, dpi: int) -> Image.Image:
    """Skew, blur, dim, add grain, dust specks and a dark border along the left edge."""
    rng = np.random.default_rng(seed)
    page = page.rotate(1.5, resample=Image.BICUBIC, fillcolor=255, expand=False)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    pixels = np.asarray(page, dtype=np.float32)
    pixels = 60 + pixels * (232 - 60) / 255  # contrast loss: ink ~75, paper ~232
    pixels += rng.normal(0, 9, pixels.shape)
    height, width = pixels.shape
    for _ in range(int(width * height * 4e-5)):  # dust: 1-3 px specks
        x, y, r = rng.integers(0, width), rng.integers(0, height), rng.integers(1, 3)
        pixels[max(0, y - r) : y + r, max(0, x - r) : x + r] = rng.uniform(30, 90)
    border = round(0.22 * dpi)  # 5.6 mm scanner-lid shadow
    pixels[:, :border] = 25 + rng.normal(0, 3, (height, border))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def image_only_pdf(image: Image.Image, dpi: int, quality: int) -> bytes:
    """One JPEG page inside a PDF, no text layer."""
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=dpi, quality=quality)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=REPO / "tests" / "fixtures")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--quality", type=int, default=35)
    args = parser.parse_args()
    scan = degrade(render(args.dpi), args.seed, args.dpi)
    data = image_only_pdf(scan, args.dpi, args.quality)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "sample-scan.pdf").write_bytes(data)
    truth = "\n".join(text for _, text in LINES) + "\n"
    (args.out_dir / "sample-scan.txt").write_text(truth, encoding="utf-8")
    print(f"sample-scan.pdf: {len(data) / 1024:.0f} KB, {len(LINES)} lines")


if __name__ == "__main__":
    main()
