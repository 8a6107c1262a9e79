"""The garble training-pair generator renders real Vietnamese, never a face's empty boxes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from vnrestore.restore.garble import pairs


def _installed(stem: str) -> bool:
    return any((Path(folder) / f"{stem}{suffix}").exists() for folder in pairs.FONT_DIRS for suffix in (".ttf", ".otf"))


@pytest.mark.parametrize("stem", sorted({stem for fonts, _ in pairs.STYLES.values() for stem in fonts}))
def test_every_training_face_draws_every_vietnamese_letter(stem: str) -> None:
    if not _installed(stem):
        pytest.skip(f"{stem} not installed")
    assert pairs.missing_letters(pairs.font_path(stem)) == ""


def test_a_face_without_vietnamese_letters_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    face = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
    if not face.exists():
        pytest.skip("no Liberation font (Liberation 1.x lacks ơ, ư and the dot-below vowels)")
    assert "ư" in pairs.missing_letters(str(face))
    monkeypatch.setattr(pairs, "FONT_DIRS", (str(face.parent),))
    with pytest.raises(ValueError, match="cannot draw Vietnamese letters"):
        pairs.font_path("LiberationSerif-Regular")


def test_seen_and_unseen_faces_do_not_overlap() -> None:
    assert not set(pairs.SEEN_FONTS) & set(pairs.UNSEEN_FONTS)
    for style, (fonts, damage) in pairs.STYLES.items():
        if style != "unseen":
            assert not set(fonts) & set(pairs.UNSEEN_FONTS) and not set(damage) & set(pairs.UNSEEN_DAMAGE)


def test_a_low_resolution_scan_keeps_the_line_size_and_loses_detail() -> None:
    if not _installed("DejaVuSans"):
        pytest.skip("DejaVuSans not installed")
    line = pairs.render_line("Đề án chuyển đổi số", "DejaVuSans", 300, 12, 1.0)
    scanned = pairs.damage(line, "lowres", np.random.default_rng(3), dpi=300)
    assert scanned.shape == line.shape
    # read again from a scan at half the resolution or less, the strokes' edges are soft
    assert np.count_nonzero((scanned > 40) & (scanned < 215)) > np.count_nonzero((line > 40) & (line < 215))


def test_fax_keeps_the_line_size_and_loses_rows() -> None:
    if not _installed("DejaVuSans"):
        pytest.skip("DejaVuSans not installed")
    line = pairs.render_line("Đề án chuyển đổi số", "DejaVuSans", 300, 12, 1.0)
    faxed = pairs.damage(line, "fax", np.random.default_rng(3), dpi=300)
    assert faxed.shape == line.shape
    assert set(np.unique(faxed)) <= {0, 255}
    assert not np.array_equal(faxed, np.where(line < 150, 0, 255))


def test_cached_shards_are_kept_per_generator_version(tmp_path: Path) -> None:
    corpora = tmp_path / "corpora"
    (corpora / "dev").mkdir(parents=True)
    paths = pairs.generate(corpora, "dev", "seen", 0, 1, tmp_path / "out")
    assert paths == []
    assert (tmp_path / "out" / f"dev-seen-v{pairs.GENERATOR_VERSION}").is_dir()


def test_a_clean_page_is_legible_and_a_wiped_one_is_not() -> None:
    if not _installed("FreeSerif"):
        pytest.skip("FreeSerif not installed")
    truths = ["Đề án chuyển đổi số của tỉnh", "giai đoạn 2021-2025 và các năm sau"]
    clean = [pairs.render_line(text, "FreeSerif", 300, 12, 1.0) for text in truths]
    assert pairs.page_legibility(clean, truths) <= pairs.MAX_PAGE_CER
    blurred = [cv2.GaussianBlur(image.astype(np.float32), (0, 0), 4) for image in clean]
    wiped = [np.where(image < 100, 0, 255).astype(np.uint8) for image in blurred]
    assert pairs.page_legibility(wiped, truths) > pairs.MAX_PAGE_CER
