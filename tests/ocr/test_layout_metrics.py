"""Reading order of words from any engine, and the OCR scores of scripts/ocr_metrics.py."""

from __future__ import annotations

import sys
from pathlib import Path

from vnrestore.ocr.layout import build_lines
from vnrestore.ocr.page import PageResult, Word

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from ocr_metrics import Score, score  # noqa: E402


def words_at(text: str, left: int, top: int, size: int = 30) -> list[Word]:
    words, x = [], left
    for token in text.split():
        width = size * len(token) // 2
        words.append(Word(token, (x, top, x + width, top + size), 90.0))
        x += width + size // 2
    return words


def test_columns_read_one_after_the_other_and_paragraphs_split_on_gaps() -> None:
    words = (
        words_at("Nơi nhận:", 100, 1000) + words_at("KT. CHỦ TỊCH", 1400, 1000)
        + words_at("- Như Điều 3;", 100, 1045) + words_at("PHÓ CHỦ TỊCH", 1400, 1045)
        + words_at("- Lưu: VT.", 100, 1090)
        + words_at("Căn cứ Luật Tổ chức", 100, 500) + words_at("chính quyền địa phương;", 100, 545)
    )
    lines = build_lines(words[::-1])  # the engine's order does not matter
    assert [line.text for line in lines] == [
        "Căn cứ Luật Tổ chức", "chính quyền địa phương;",
        "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    ]
    assert lines[0].paragraph == lines[1].paragraph != lines[2].paragraph
    page = PageResult(page_number=1, width=2480, height=3508, dpi=300, lines=lines)
    assert page.text.startswith("Căn cứ Luật Tổ chức\nchính quyền địa phương;\n\nNơi nhận:")


def test_scores_follow_the_eval_readme() -> None:
    truth = "Điều 1. Phê duyệt\nĐề án chuyển đổi số"
    result = score(truth, "Điều 1. Phê duyet\fĐề án chuyên đổi số ~~")
    assert result.chars == len("Điều 1. Phê duyệt Đề án chuyển đổi số")
    assert result.char_edits == 2 + 3  # ệ→e, ể→ê, then " ~~" inserted
    assert (result.word_edits, result.words) == (3, 9)
    assert (result.diacritic_errors, result.syllables) == (2, 8)  # "1." is not a syllable
    total = result + score("số", "sổ")
    assert isinstance(total, Score) and total.diacritic_errors == 3 and total.syllables == 9
