#!/usr/bin/env python3
"""Held-out synthetic scans from the dev corpus text, to check OCR changes on pages that are not the dev set.

Each page takes a passage of ``SHARED/corpora/dev`` (a different offset per
seed), wraps it to an A4 page in a Vietnamese-capable serif (FreeSerif or
DejaVu Serif; the Liberation Serif here has no precomposed Vietnamese), 13 pt
body with a bold 14 pt title and some italic lines, and degrades it at one of
the four damage levels of ``../shared/eval/ocr`` (skew, blur, faded ink on
darker paper, grain, dust specks, uneven light, a dark border, JPEG).  The
parameters are drawn from ranges like those the dev manifest lists, never
from the dev pages' own values.  Writes ``NAME.pdf`` (one JPEG page, no text
layer), ``NAME.txt`` (one line per printed line) and ``manifest.json`` in the
layout ``eval_ocr.py`` reads.  Deterministic for a seed.

    .venv/bin/python scripts/make_heldout_scans.py --out-dir /tmp/heldout --pages 8
    nice .venv/bin/python scripts/eval_ocr.py --folder /tmp/heldout --engine tesseract,aster
"""

from __future__ import annotations

import argparse
import gzip
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from make_sample_scan import image_only_pdf  # this folder is on the path when a script runs

REPO = Path(__file__).resolve().parents[1]
LEVELS = ("clean", "light", "medium", "hard")
#: family -> (regular, bold, italic) font files
FONTS: dict[str, tuple[str, str, str]] = {
    "FreeSerif": tuple(
        f"/usr/share/fonts/truetype/freefont/FreeSerif{s}.ttf" for s in ("", "Bold", "Italic")
    ),  # type: ignore[dict-item]
    "DejaVuSerif": tuple(
        f"/usr/share/fonts/truetype/dejavu/DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic")
    ),  # type: ignore[dict-item]
}
#: level -> parameter ranges (low, high) drawn uniformly per page
RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "clean": {"skew": (0.2, 0.7), "blur": (0.45, 0.65), "paper": (236, 246), "ink": (10, 25),
              "noise": (3, 4.5), "specks": (5e-5, 1.5e-4), "light": (0.0, 0.02), "jpeg": (78, 88)},
    "light": {"skew": (0.6, 1.4), "blur": (0.55, 0.75), "paper": (232, 244), "ink": (22, 38),
              "noise": (4, 6), "specks": (1.5e-4, 4e-4), "light": (0.03, 0.09), "jpeg": (62, 75)},
    "medium": {"skew": (1.0, 1.8), "blur": (0.6, 0.95), "paper": (212, 226), "ink": (40, 58),
               "noise": (5, 9), "specks": (6e-4, 1.3e-3), "light": (0.1, 0.2), "jpeg": (50, 60)},
    "hard": {"skew": (2.0, 3.0), "blur": (0.9, 1.5), "paper": (208, 224), "ink": (45, 75),
             "noise": (11, 15), "specks": (3.5e-3, 6.5e-3), "light": (0.25, 0.33), "jpeg": (35, 48)},
}


@dataclass(slots=True)
class Damage:
    """The drawn degradation of one page (recorded in the manifest)."""

    skew: float
    blur: float
    paper: float
    ink: float
    noise: float
    specks: float
    light: float
    jpeg: int
    border: bool


def corpus_lines(shared: Path) -> list[str]:
    """Every non-empty line of the dev corpora, in file order."""
    lines: list[str] = []
    for path in sorted((shared / "corpora" / "dev").glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines += [" ".join(line.split()) for line in handle if line.strip()]
    return [line for line in lines if "\ufffd" not in line]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels, at spaces."""
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def layout(paragraphs: list[str], fonts: tuple[str, str, str], dpi: int, rng: np.random.Generator):
    """(style, text, font) per printed line, filling one A4 page: a bold title, then paragraphs."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    text_width = width - round(2.0 * dpi)
    body = [ImageFont.truetype(path, round(13 * dpi / 72)) for path in fonts]
    title = ImageFont.truetype(fonts[1], round(14 * dpi / 72))
    spacing, y, printed = round(13 * dpi / 72 * 1.5), round(0.8 * dpi), []
    first, *rest = paragraphs
    for line in wrap(first.upper(), title, text_width)[:2]:
        printed.append(("b", line, title))
        y += spacing
    for paragraph in rest:
        style = int(rng.choice(3, p=[0.75, 0.1, 0.15]))  # regular, bold, italic
        for line in wrap(paragraph, body[style], text_width):
            if y > height - round(1.0 * dpi):
                return printed
            printed.append(("rbi"[style], line, body[style]))
            y += spacing
    return printed


def render(printed, dpi: int) -> Image.Image:
    """The lines on a white A4 page: titles centred, body at the left margin."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = round(0.8 * dpi)
    for style, text, font in printed:
        x = (width - round(font.getlength(text))) // 2 if style == "b" else round(1.2 * dpi)
        draw.text((x, y), text, font=font, fill=0)
        y += round(13 * dpi / 72 * 1.5)
    return page


def draw_damage(level: str, rng: np.random.Generator) -> Damage:
    """Parameters for one page at ``level``."""
    value = {key: float(rng.uniform(*bounds)) for key, bounds in RANGES[level].items()}
    return Damage(
        skew=value["skew"] * float(rng.choice([-1, 1])), blur=value["blur"], paper=value["paper"],
        ink=value["ink"], noise=value["noise"], specks=value["specks"], light=value["light"],
        jpeg=round(value["jpeg"]), border=level in ("medium", "hard") and bool(rng.random() < 0.7),
    )


def degrade(page: Image.Image, damage: Damage, dpi: int, rng: np.random.Generator) -> Image.Image:
    """Skew, blur, ink and paper levels, uneven light, grain, specks and an optional dark border."""
    page = page.rotate(damage.skew, resample=Image.BICUBIC, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(damage.blur * dpi / 300))
    pixels = np.asarray(page, np.float32) / 255.0
    pixels = damage.ink + pixels * (damage.paper - damage.ink)
    height, width = pixels.shape
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    corner = rng.integers(0, 2, 2)
    fall = np.hypot((xx / width - corner[0]), (yy / height - corner[1])) / np.sqrt(2)
    pixels *= 1.0 - damage.light * fall
    pixels += rng.normal(0, damage.noise, pixels.shape)
    for _ in range(int(width * height * damage.specks / 8)):
        x, y, r = rng.integers(0, width), rng.integers(0, height), rng.integers(1, 3)
        pixels[max(0, y - r) : y + r, max(0, x - r) : x + r] = rng.uniform(30, 110)
    if damage.border:
        edge, size = int(rng.integers(0, 4)), round(rng.uniform(4, 7) / 25.4 * dpi)
        band = (slice(None), slice(0, size)), (slice(None), slice(-size, None)), (slice(0, size),), (slice(-size, None),)
        pixels[band[edge]] = 25 + rng.normal(0, 3, pixels[band[edge]].shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def make_page(index: int, seed: int, lines: list[str], out: Path) -> dict:
    """Render, degrade and write page ``index``; its manifest entry."""
    rng = np.random.default_rng([seed, index])
    level = LEVELS[index % len(LEVELS)]
    family = list(FONTS)[(index // len(LEVELS)) % len(FONTS)]
    dpi = 300 if index % 3 else 200
    start = int(rng.integers(0, len(lines) - 80))
    printed = layout(lines[start : start + 80], FONTS[family], dpi, rng)
    damage = draw_damage(level, rng)
    scan = degrade(render(printed, dpi), damage, dpi, rng)
    name = f"held{index:02d}"
    (out / f"{name}.pdf").write_bytes(image_only_pdf(scan, dpi, damage.jpeg))
    (out / name).mkdir(exist_ok=True)
    (out / name / "page-01.txt").write_text("\n".join(text for _, text, _ in printed) + "\n", encoding="utf-8")
    return {"file": f"{name}.pdf", "page": 1, "gt": f"{name}/page-01.txt", "dpi": dpi, "level": level,
            "seed": seed, "font": family, "source_line": start, "degradations": asdict(damage)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=8, help="pages, levels in turn (clean, light, medium, hard)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    lines = corpus_lines(args.shared)
    pages = [make_page(i, args.seed, lines, args.out_dir) for i in range(args.pages)]
    manifest = {"set": "held-out renders of corpora/dev", "generator": "scripts/make_heldout_scans.py", "pages": pages}
    (args.out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(pages)} pages in {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
