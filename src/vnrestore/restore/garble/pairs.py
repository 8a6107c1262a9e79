"""Make (true line, wrong-language OCR line) pairs: render, damage, OCR with ``eng``.

Old archive pages were OCR'd with an English model, so "của" came out as
"ctia" and "Đề án" as "Pé an".  Clean renders hardly ever garble that way, so
each line is rendered in a varied font at 200–300 dpi and put through a
photocopy / fax damage profile (thick or broken strokes, binarisation, blur,
JPEG) before ``tesseract -l eng --psm 7`` reads it.  One Tesseract process reads
a whole batch of line images through a list file, which keeps the line pairing
exact and the start-up cost small.

Three "styles" exist: ``seen`` (fonts and damage the channel trains on),
``office`` (also trained on: the metric clones of the Times New Roman, Arial and
Courier New that decisions are typed in, with the seen damage and low-resolution
scans) and ``unseen`` (held-out fonts and damage profiles, for the second dev part).
Output: JSON lines ``{"truth", "ocr", "font", "damage", "dpi"}``, one file per
shard of 400 lines under ``{split}-{style}-v{GENERATOR_VERSION}/``, deterministic given
the seed; existing shards of the same generator version are reused.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vnrestore.text import chardata
from vnrestore.text.diacritics import skeleton

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/freefont",
             "/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/liberation2",
             "/usr/share/texmf/fonts/opentype/public/tex-gyre", "/usr/share/fonts/truetype/crosextra",
             "/usr/share/fonts/truetype/open-sans", "/usr/share/fonts/truetype/roboto/unhinted",
             "/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF", "/usr/share/fonts/opentype/linux-libertine",
             "/usr/share/fonts/opentype/ebgaramond")

#: fonts the channel trains on (file stems); the rest of each family is held out.  Every one
#: draws all Vietnamese letters (:func:`missing_letters` is empty): a face without "ư" or "ạ" prints
#: its empty box, which no real page shows and which teaches the channel "ư" → "ill".
#: FreeSerif is the Times-like face most decisions are typed in.
SEEN_FONTS = (
    "FreeSerif", "FreeSerifBold", "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic",
    "DejaVuSerifCondensed", "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansCondensed",
    "FreeSans", "FreeSansBold", "FreeSansOblique", "FreeMono", "FreeMonoBold", "NotoMono-Regular",
    "DejaVuSansMono-Bold",
)
UNSEEN_FONTS = (
    "FreeSerifItalic", "FreeSerifBoldItalic", "DejaVuSerifCondensed-Bold", "DejaVuSansMono",
    "DejaVuSansCondensed-Bold", "FreeMonoOblique", "FreeSansBoldOblique", "NotoSansMono-Regular",
)
#: the letters a face must draw to render Vietnamese beyond ASCII, both cases
_MARKED = "".join(sorted(c for c in chardata.VIETNAMESE_LETTERS if not c.isascii()))
VIETNAMESE_LETTERS = _MARKED + _MARKED.upper()
#: lines of running text per rendered page (one font, dpi and damage profile each)
PAGE_LINES = 40
#: a page is drawn again when Tesseract ``vie`` misreads more than this share of its letters (marks aside) ...
MAX_PAGE_CER = 0.08
#: ... up to this many times (the last draw stays, legible or not)
MAX_DRAWS = 4
SEEN_DAMAGE = ("clean", "photocopy_thick", "photocopy_broken", "blur_binarise", "jpeg", "jpeg_binarise")
UNSEEN_DAMAGE = ("fax", "speckle", "smudge")
#: the faces most decisions are typed in, as their metric clones (Liberation 2.x: Times New Roman,
#: Arial, Courier New), which draw every Vietnamese letter; also trained on
OFFICE_FONTS = (
    "LiberationSerif-Regular", "LiberationSerif-Regular", "LiberationSerif-Bold", "LiberationSerif-Italic",
    "LiberationSans-Regular", "LiberationSans-Bold", "LiberationMono-Regular",
)
#: the seen damage, and a page scanned at a low resolution, where marks merge with their letters and
#: English OCR prints "là" as "1A" and "số" as "96"
OFFICE_DAMAGE = SEEN_DAMAGE + ("lowres", "lowres")
#: book faces of other designs (TeX Gyre: Bookman, Palatino, Century Schoolbook, Helvetica condensed), italics
#: among them, also trained on; not Termes, Heros or Cursor, which are FreeSerif's, FreeSans' and FreeMono's
#: URW designs again (their italics are held out)
PRINT_FONTS = (
    "texgyrebonum-regular", "texgyrebonum-bold", "texgyrebonum-italic", "texgyrebonum-bolditalic",
    "texgyrepagella-regular", "texgyrepagella-bold", "texgyrepagella-italic", "texgyrepagella-bolditalic",
    "texgyreschola-regular", "texgyreschola-bold", "texgyreschola-italic", "texgyreschola-bolditalic",
    "texgyreheroscn-regular", "texgyreheroscn-bold",
)
#: faces of today's office and web text and two old-style book faces, also trained on: Carlito (Calibri's
#: metrics), Open Sans, Roboto, Linux Libertine and Biolinum, EB Garamond
MODERN_FONTS = (
    "Carlito-Regular", "Carlito-Bold", "Carlito-Italic", "OpenSans-Regular", "OpenSans-Italic", "OpenSans-Bold",
    "OpenSans-CondBold", "Roboto-Regular", "Roboto-Italic", "Roboto-Bold", "RobotoCondensed-Regular",
    "LinLibertine_R", "LinLibertine_RI", "LinLibertine_RB", "LinBiolinum_R", "EBGaramond12-Regular",
    "EBGaramond12-Italic",
)
#: the faces and damage profiles of each style
STYLES = {"seen": (SEEN_FONTS, SEEN_DAMAGE), "unseen": (UNSEEN_FONTS, UNSEEN_DAMAGE),
          "office": (OFFICE_FONTS, OFFICE_DAMAGE), "print": (PRINT_FONTS, OFFICE_DAMAGE),
          "modern": (MODERN_FONTS, OFFICE_DAMAGE)}


def font_path(stem: str) -> str:
    """The installed file of a face, which must draw every Vietnamese letter."""
    for path in (Path(folder) / f"{stem}{suffix}" for folder in FONT_DIRS for suffix in (".ttf", ".otf")):
        if path.exists():
            missing = missing_letters(str(path))
            if missing:
                raise ValueError(f"{path}: cannot draw Vietnamese letters {missing!r}")
            return str(path)
    raise FileNotFoundError(f"font {stem}: not in {', '.join(FONT_DIRS)} (Debian: fonts-dejavu-core, "
                            "fonts-freefont-ttf, fonts-noto-mono, fonts-liberation2, fonts-texgyre, fonts-crosextra-carlito, fonts-open-sans, fonts-roboto-unhinted, "
                            "fonts-linuxlibertine, fonts-ebgaramond)")


@lru_cache(maxsize=None)
def missing_letters(path: str) -> str:
    """The Vietnamese letters a face draws as its "no glyph" box (or not at all).

    >>> missing_letters(font_path("DejaVuSans"))
    ''
    """
    face = ImageFont.truetype(path, 32)

    def drawn(char: str) -> bytes:
        image = Image.new("L", (48, 64), 255)
        ImageDraw.Draw(image).text((4, 4), char, font=face, fill=0)
        return image.tobytes()

    no_glyph = drawn("\U000F0000")  # a private-use code point no text face has
    blank = bytes([255]) * (48 * 64)
    return "".join(c for c in VIETNAMESE_LETTERS if drawn(c) in (no_glyph, blank))


def corpus_lines(folder: Path, seed: int, wanted: int) -> list[str]:
    """``wanted`` text segments (≤ 70 characters, cut at spaces) of a corpus folder, in pages.

    A page is ``PAGE_LINES`` consecutive segments, as a printed page holds running
    text; the pages are shuffled with ``seed``.
    """
    rng = random.Random(seed)
    segments: list[str] = []
    for path in sorted(folder.glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                line = unicodedata.normalize("NFC", " ".join(line.split()))
                if len(line) < 12:
                    continue
                segments.extend(_cut(line, rng))
    pages = [segments[i : i + PAGE_LINES] for i in range(0, len(segments) - PAGE_LINES + 1, PAGE_LINES)]
    rng.shuffle(pages)
    return [segment for page in pages for segment in page][:wanted]


def _cut(line: str, rng: random.Random) -> list[str]:
    words, out, current = line.split(" "), [], []
    limit = rng.randint(35, 70)
    for word in words:
        if current and len(" ".join(current + [word])) > limit:
            out.append(" ".join(current))
            current, limit = [], rng.randint(35, 70)
        current.append(word)
    if current and len(" ".join(current)) >= 12:
        out.append(" ".join(current))
    return out


def render_line(text: str, font: str, dpi: int, points: float, x_scale: float) -> np.ndarray:
    """Black text on white, grey levels, at ``dpi``; ``x_scale`` < 1 condenses like a typewriter face."""
    size = max(8, round(points * dpi / 72))
    face = ImageFont.truetype(font_path(font), size)
    left, top, right, bottom = face.getbbox(text)
    pad = size // 2
    image = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - left, pad - top), text, font=face, fill=0)
    if abs(x_scale - 1.0) > 0.01:
        image = image.resize((max(1, round(image.width * x_scale)), image.height), Image.LANCZOS)
    return np.asarray(image, dtype=np.uint8)


def damage(image: np.ndarray, profile: str, rng: np.random.Generator, dpi: int = 300) -> np.ndarray:
    """Photocopy / fax / JPEG damage of one grey line image rendered at ``dpi`` (cv2 imported here: only
    the generator needs it)."""
    import cv2

    img = image.astype(np.float32)
    if profile == "clean":
        return image
    if profile in ("photocopy_thick", "photocopy_broken", "blur_binarise", "smudge"):
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 1.6))
        img += rng.normal(0, rng.uniform(4, 14), img.shape)
        threshold = {"photocopy_thick": rng.uniform(170, 215), "photocopy_broken": rng.uniform(95, 125),
                     "blur_binarise": rng.uniform(110, 150), "smudge": rng.uniform(150, 200)}[profile]
        img = np.where(img < threshold, 0, 255).astype(np.uint8)
        if profile == "photocopy_thick" and rng.random() < 0.5:
            img = cv2.erode(img, np.ones((2, 2), np.uint8))
        if profile == "photocopy_broken" and rng.random() < 0.5:
            img = cv2.dilate(img, np.ones((2, 1), np.uint8))
        if profile == "smudge":
            img = cv2.erode(img, np.ones((1, 3), np.uint8))
            img = cv2.GaussianBlur(img.astype(np.float32), (0, 0), 1.0)
            img = np.where(img < 140, 0, 255).astype(np.uint8)
        return img
    if profile in ("jpeg", "jpeg_binarise"):
        small = cv2.resize(img, None, fx=rng.uniform(0.6, 0.9), fy=rng.uniform(0.6, 0.9),
                           interpolation=cv2.INTER_AREA)
        quality = int(rng.integers(15, 50))
        ok, data = cv2.imencode(".jpg", small.astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, quality])
        img = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE).astype(np.float32)
        img = cv2.resize(img, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_LINEAR)
        if profile == "jpeg_binarise":
            img = np.where(img < rng.uniform(110, 170), 0, 255)
        return np.clip(img, 0, 255).astype(np.uint8)
    if profile == "fax":
        # a fax in standard mode: 204 × 98 dpi (fine mode doubles the rows), hard threshold, dropped rows
        rows_dpi = float(rng.choice([98.0, 98.0, 196.0]))
        small = cv2.resize(img, None, fx=min(1.0, 204 / dpi), fy=min(1.0, rows_dpi / dpi), interpolation=cv2.INTER_AREA)
        small = np.where(small < rng.uniform(120, 180), 0, 255).astype(np.uint8)
        img = cv2.resize(small, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_NEAREST)
        rows = rng.random(img.shape[0]) < 0.03
        img[rows] = 255
        return img
    if profile == "lowres":
        # scanned at 120-170 dpi, binarised by the scanner, read again at the nominal size
        scale = min(1.0, rng.uniform(120, 170) / dpi)
        small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        small = np.where(small < rng.uniform(120, 175), 0, 255).astype(np.float32)
        img = cv2.resize(small, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_LINEAR)
        return np.clip(img, 0, 255).astype(np.uint8)
    if profile == "speckle":
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 1.0))
        img = np.where(img < rng.uniform(120, 190), 0, 255).astype(np.uint8)
        noise = rng.random(img.shape)
        img[noise < 0.012] = 0
        img[noise > 0.97] = 255
        return img
    raise ValueError(profile)


def ocr_batch(images: list[np.ndarray], language: str = "eng") -> list[str]:
    """OCR each line image with ``tesseract -l LANGUAGE --psm 7`` in one process (list-file input)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, img in enumerate(images):
            name = f"{tmp}/{i:05d}.png"
            Image.fromarray(img).save(name)
            names.append(name)
        listing = Path(tmp) / "list.txt"
        listing.write_text("\n".join(names) + "\n")
        result = subprocess.run(["tesseract", str(listing), "stdout", "-l", language, "--psm", "7"],
                                capture_output=True, env=env, check=True)
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    pages = [unicodedata.normalize("NFC", " ".join(page.split())) for page in pages]
    if len(pages) == len(images) + 1 and not pages[-1]:
        pages = pages[:-1]
    if len(pages) != len(images):
        raise RuntimeError(f"tesseract returned {len(pages)} pages for {len(images)} images")
    return pages


def make_shard(lines: list[str], style: str, seed: int, out: Path) -> int:
    """Render, damage and OCR ``lines`` a page at a time (one font, dpi and profile per page).

    A page whose damage left it illegible (:func:`page_legibility` above
    ``MAX_PAGE_CER``) is drawn again at another size, resolution and damage strength
    (same font and profile), up to ``MAX_DRAWS`` times: an archive OCR'd its pages
    because they could be read, and a page no model can read teaches no channel.
    """
    rng = np.random.default_rng(seed)
    fonts, profiles = STYLES[style]
    records = []
    for start in range(0, len(lines), PAGE_LINES):
        batch = lines[start:start + PAGE_LINES]
        font = fonts[int(rng.integers(len(fonts)))]
        profile = profiles[int(rng.integers(len(profiles)))]
        for draw in range(MAX_DRAWS):
            dpi = int(rng.choice([200, 240, 300]))
            points = float(rng.uniform(10, 13.5))
            x_scale = float(rng.choice([1.0, 1.0, 0.85, 0.75])) if style != "unseen" else float(rng.choice([1.0, 0.8, 0.7]))
            images = [damage(render_line(text, font, dpi, points, x_scale), profile, rng, dpi) for text in batch]
            cer = page_legibility(images, batch)
            if cer <= MAX_PAGE_CER:
                break
        for text, printed in zip(batch, ocr_batch(images)):
            records.append({"truth": text, "ocr": printed, "font": font, "damage": profile, "dpi": dpi,
                            "draws": draw + 1, "vie_cer": round(cer, 4)})
    buffer = io.StringIO()
    for record in records:
        buffer.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp = out.with_suffix(".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(out)
    return len(records)


def page_legibility(images: list[np.ndarray], truths: list[str]) -> float:
    """Share of letters (marks aside) that Tesseract's own Vietnamese model misreads on the page."""
    from rapidfuzz.distance import Levenshtein

    read = ocr_batch(images, "vie")
    errors = sum(Levenshtein.distance(skeleton(a), skeleton(b)) for a, b in zip(read, truths))
    return errors / max(1, sum(len(skeleton(t)) for t in truths))


#: bumped whenever the generator's output changes, so cached shards of an older one are never reused
GENERATOR_VERSION = 4
#: the training set the committed channel is learned from (the first shards of seed 2026)
TRAIN_LINES = 33_600
TRAIN_SEED = 2026
#: the training sets the channel is learned from: (style, lines, seed); each style reads other pages of the
#: corpus (another seed)
TRAINING_SETS = (("seen", TRAIN_LINES, TRAIN_SEED), ("office", 9_600, 2027), ("print", 9_600, 2028),
                 ("modern", 9_600, 2029))
SHARD_LINES = 400


def generate(corpora: Path, split: str, style: str, lines: int, seed: int, out: Path, jobs: int = 1,
             log: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Make the missing shards of ``out/{split}-{style}`` and return all its shard files in order.

    The corpus segments are shuffled with ``seed`` before the first ``lines`` are
    taken, so a shorter run makes the same first shards as a longer one.
    """
    folder = out / f"{split}-{style}-v{GENERATOR_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    segments = corpus_lines(corpora / split, seed, lines)
    shards = [(segments[i:i + SHARD_LINES], i // SHARD_LINES) for i in range(0, len(segments), SHARD_LINES)]
    paths = [folder / f"part-{number:04d}.jsonl" for _, number in shards]
    todo = [(chunk, number) for chunk, number in shards if not paths[number].exists()]
    log(f"{len(segments)} lines, {len(shards)} shards, {len(todo)} to make in {folder}")
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(make_shard, chunk, style, seed * 1000 + number, paths[number])
                   for chunk, number in todo]
        for done, future in enumerate(futures, 1):
            log(f"shard {done}/{len(todo)}: {future.result()} lines")
    return paths
