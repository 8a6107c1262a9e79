"""The ONNX engines (aster, trueocr, vote) on the real models and the committed sample scan."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from vnrestore.errors import ExitCode, MissingDependencyError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MISSING = [name for name in ("onnxruntime", "asterocr", "trueocr") if importlib.util.find_spec(name) is None]
needs_engines = pytest.mark.skipif(
    bool(MISSING), reason=f"the 'engines' extra is not installed (missing {', '.join(MISSING)})"
)


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(output: str, truth: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(normalised(output), normalised(truth)) / len(normalised(truth))


@pytest.fixture(scope="module")
def sample_page():
    """The sample scan rasterised at its own 200 dpi and cleaned by the house cleaning."""
    from vnrestore.ocr.clean import prepare_page
    from vnrestore.ocr.rasterise import load_page

    grey, dpi = load_page(FIXTURES / "sample-scan.pdf", 1, "pdf", 200)
    return prepare_page(grey, dpi, 1), (FIXTURES / "sample-scan.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def aster_result(sample_page):
    from vnrestore.ocr.engines import get_engine

    return get_engine("aster").recognise(sample_page[0])


def test_missing_package_names_the_extra():
    from vnrestore.ocr.engines._onnx import package_dir

    with pytest.raises(MissingDependencyError, match=r"vnrestore\[engines\]"):
        package_dir("vnrestore_no_such_model_package")


def without_package(package: str, *cli_args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``vnrestore CLI_ARGS`` in a fresh interpreter where importing ``package`` fails as if it were not installed."""
    code = (
        f"import sys; sys.modules[{package!r}] = None; "  # import raises ImportError, find_spec finds nothing
        "from vnrestore.cli import main; main()"
    )
    env = {**os.environ, "VNRESTORE_DEBUG": "", "VNRESTORE_CACHE": str(cwd / "cache")}  # no int8 model built yet
    return subprocess.run([sys.executable, "-c", code, *cli_args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


@pytest.mark.parametrize(
    ("package", "command"),
    [("onnxruntime", "ocr"), ("asterocr", "ocr"), ("onnx", "ocr"), ("trueocr", "run"), ("onnxruntime", "run")],
)
@pytest.mark.parametrize("engine", ["aster", "vote"])
def test_a_missing_engine_package_is_one_line_naming_the_extra(tmp_path, package, command, engine):
    """Each engine checked before any page work: exit 7, one line on stderr naming the extra, no output."""
    out = tmp_path / "out"
    args = [command, str(FIXTURES / "sample-scan.pdf"), "--engine", engine, "--jobs", "1"]
    args += ["-o", str(out)] if command == "ocr" else ["--out-dir", str(out), "--quiet"]
    result = without_package(package, *args, cwd=tmp_path)
    assert result.returncode == ExitCode.missing_dependency, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'vnrestore[engines]'" in lines[0] and package in lines[0], lines
    assert not out.exists() or not any(out.iterdir())


def test_the_engines_extra_pins_its_model_packages():
    """The model files come from single-maintainer wheels: their versions are pinned exactly."""
    import tomllib

    project = tomllib.loads((FIXTURES.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = project["optional-dependencies"]["engines"]
    assert "asterocr==1.0.2" in extra and "trueocr==0.1.1" in extra


def test_an_unknown_engine_is_a_usage_error(tmp_path):
    from vnrestore.ocr.engines import check_engine

    with pytest.raises(ValueError, match="choose from tesseract, aster, trueocr, vote"):
        check_engine("abbyy")
    result = without_package("no_such_package", "run", str(FIXTURES / "sample-scan.pdf"), "--engine", "abbyy",
                             "--out-dir", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == ExitCode.usage and "abbyy" in result.stderr


@needs_engines
def test_aster_reads_the_sample_scan(aster_result, sample_page):
    assert aster_result.engine == "aster"
    assert cer(aster_result.text, sample_page[1]) < 0.03
    assert "Quyết định" in aster_result.text or "QUYẾT ĐỊNH" in aster_result.text


@needs_engines
def test_aster_words_have_boxes_on_their_line_and_confidences(aster_result):
    height, width = aster_result.height, aster_result.width
    for line in aster_result.lines:
        previous_right = -1
        for word in line.words:
            left, top, right, bottom = word.box
            assert 0 <= left < right <= width and 0 <= top < bottom <= height
            assert line.box[1] <= top and bottom <= line.box[3]
            assert left >= previous_right  # words do not overlap and run left to right
            previous_right = right
            assert 0.0 <= word.confidence <= 100.0
    assert aster_result.mean_confidence > 80


@needs_engines
def test_aster_confidence_is_lower_on_a_smudged_word(sample_page):
    """Ink smeared over one word lowers that word's confidence, not its neighbours'."""
    from vnrestore.ocr.engines import get_engine
    from vnrestore.ocr.engines.base import PreparedPage

    page, _ = sample_page
    engine = get_engine("aster")
    line = max(engine.recognise(page).lines, key=lambda line: len(line.words))
    target = line.words[len(line.words) // 2]
    left, top, right, bottom = target.box
    grey = page.grey.copy()
    rng = np.random.default_rng(0)
    grey[top:bottom, left:right] = np.minimum(grey[top:bottom, left:right], rng.integers(60, 255, (bottom - top, right - left)))
    smudged = engine.recognise(PreparedPage(page.page_number, page.dpi, grey, page.clean, page.skew_degrees))
    after = min(smudged.words, key=lambda w: abs(w.box[0] - left) + abs(w.box[1] - top))
    assert after.confidence < min(target.confidence, 90)


@needs_engines
def test_aster_reads_a_line_wider_than_the_model_takes(sample_page):
    """Four lines set side by side make one row of more than 1024 columns: it is cut, read, and joined."""
    from vnrestore.ocr.engines import get_engine
    from vnrestore.ocr.engines._lines import LineBox, find_lines

    page, _ = sample_page
    engine = get_engine("aster")
    lines = sorted(find_lines(page.clean), key=lambda line: line.right - line.left)[-4:]
    height = int(max(line.height for line in lines))
    strips = [page.grey[int(line.top) : int(line.top) + height, int(line.left) : int(line.right)] for line in lines]
    gap = np.full((height, height), 255, np.uint8)
    row = np.hstack([part for strip in strips for part in (gap, strip)] + [gap])
    wide = np.full((height * 3, row.shape[1]), 255, np.uint8)
    wide[height : 2 * height] = row
    separate = [engine.read_lines(page.grey, [line])[0] for line in lines]
    joined = engine.read_lines(wide, [LineBox(height, height, row.shape[1] - height, 2 * height)])[0]
    expected = " ".join(w.text for reading in separate for w in reading.words)
    assert joined.steps * 4 > 1024
    assert cer(" ".join(w.text for w in joined.words), expected) < 0.05


@needs_engines
def test_trueocr_reads_the_sample_scan(sample_page):
    from vnrestore.ocr.engines import get_engine

    result = get_engine("trueocr").recognise(sample_page[0])
    assert result.engine == "trueocr"
    assert cer(result.text, sample_page[1]) < 0.06
    assert all(0 <= w.confidence <= 100 for w in result.words)


@needs_engines
def test_vote_keeps_aster_lines_and_reads_at_least_as_well(sample_page, aster_result):
    from vnrestore.ocr.engines import get_engine

    result = get_engine("vote").recognise(sample_page[0])
    assert result.engine == "vote"
    assert len(result.lines) == len(aster_result.lines)
    assert cer(result.text, sample_page[1]) <= cer(aster_result.text, sample_page[1]) + 0.01


@needs_engines
def test_the_int8_model_is_built_once_from_the_wheel_and_reads_like_the_original(tmp_path, monkeypatch, sample_page):
    """No download: the int8 copy comes from the installed model file, into the cache folder, byte for byte the same."""
    from vnrestore.ocr.engines import _int8
    from vnrestore.ocr.engines._onnx import model_file
    from vnrestore.ocr.engines.aster import MODEL, AsterEngine

    monkeypatch.setenv("VNRESTORE_CACHE", str(tmp_path))
    source = model_file(*MODEL)
    built = _int8.int8_model.__wrapped__(source)
    assert built.parent == tmp_path and _int8.sha256_file(source)[:16] in built.name
    assert built.stat().st_size < source.stat().st_size / 2
    again = tmp_path / "again"
    _int8.quantise(source, again)
    assert again.read_bytes() == built.read_bytes()
    page, truth = sample_page
    int8_text = AsterEngine().recognise(page).text
    float_text = AsterEngine(int8=False).recognise(page).text
    assert cer(int8_text, truth) < 0.03 and cer(int8_text, float_text) < 0.01


def _line(text: str, confidence: float = 96.0) -> list:
    from vnrestore.ocr.page import Word

    return [Word(word, (60 * i, 0, 60 * i + 50, 20), confidence) for i, word in enumerate(text.split())]


def test_the_language_model_picks_the_accented_reading_confidence_alone_misses():
    """Invented line: aster reads "quyền" unsure, Tesseract "quyên" sure; only the trigram model knows "chính quyền"."""
    from dataclasses import replace

    from vnrestore.ocr.engines.vote import LM_WEIGHT, vote_line
    from vnrestore.restore.tables import shared_model

    aster = _line("Căn cứ Luật Tổ chức chính quyền địa phương", 99.0)
    tesseract = _line("Căn cứ Luật Tổ chức chính quyên địa phương")
    aster[6] = replace(aster[6], confidence=40.0)
    tesseract[6] = replace(tesseract[6], confidence=70.0)
    text = lambda words: " ".join(w.text for w in words)  # noqa: E731
    assert text(vote_line(aster, tesseract, lm_weight=0.0)) == "Căn cứ Luật Tổ chức chính quyên địa phương"
    voted = vote_line(aster, tesseract, lm_weight=LM_WEIGHT, model=shared_model())
    assert text(voted) == "Căn cứ Luật Tổ chức chính quyền địa phương"
    assert voted[6].box == aster[6].box
    assert LM_WEIGHT > 0  # the engine's default consults the model
    assert text(vote_line(aster, tesseract)) == text(voted)


def test_the_language_model_settles_words_the_engines_split_differently():
    """aster glues two words that Tesseract separates: a run dispute, won by the reading the model knows."""
    from vnrestore.ocr.engines.vote import vote_line
    from vnrestore.restore.tables import shared_model

    aster = _line("Ủy ban nhândân tỉnh Quảng Nam", 90.0)
    tesseract = _line("Ủy ban nhân dân tỉnh Quảng Nam", 90.0)
    text = lambda words: " ".join(w.text for w in words)  # noqa: E731
    assert text(vote_line(aster, tesseract, lm_weight=0.0)) == "Ủy ban nhândân tỉnh Quảng Nam"
    assert text(vote_line(aster, tesseract, lm_weight=0.1, model=shared_model())) == "Ủy ban nhân dân tỉnh Quảng Nam"


def _printed_lines(texts: list[str], dpi: int = 300) -> np.ndarray:
    """Lines of 11 pt FreeSerif on a white strip, as list items of a recipients block are set."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/freefont/FreeSerif.ttf", round(11 * dpi / 72))
    image = Image.new("L", (round(5 * dpi), round(0.4 * dpi) * (len(texts) + 1)), 255)
    draw = ImageDraw.Draw(image)
    for k, text in enumerate(texts):
        draw.text((round(0.3 * dpi), round(0.2 * dpi) + k * round(0.4 * dpi)), text, font=font, fill=20)
    return np.asarray(image)


@needs_engines
def test_a_glued_list_dash_is_split_where_the_image_shows_a_space():
    """Real rows: "- CT," read with its space dropped (as aster does on small type) gets it back; "KT-XH" stays one word."""
    from vnrestore.ocr.engines import get_engine
    from vnrestore.ocr.engines._lines import LineBox, crop_line
    from vnrestore.ocr.engines.aster import crop_tensor, space_dashes

    engine = get_engine("aster")
    grey = _printed_lines(["- CT, PCT UBND tỉnh (b/cáo);", "Các sở, ban ngành KT-XH;"])
    page_lines = [LineBox(80, 55 + k * 120, 1100, 115 + k * 120) for k in range(2)]
    rows = [crop_tensor(crop_line(grey, line, engine.pad_y, engine.pad_x)[0]) for line in page_lines]
    listed, hyphened = engine._read(rows[:1])[0][0], engine._read(rows[1:])[0][0]

    def text(chars) -> str:
        return "".join(c.char for c in chars)

    assert text(listed).startswith("- CT,") and "KT-XH" in text(hyphened)
    glued = [c for k, c in enumerate(listed) if k != 1]  # the space after the dash dropped
    assert text(glued).startswith("-CT,")
    assert text(space_dashes(glued, rows[0])).startswith("- CT,")
    assert "KT-XH" in text(space_dashes(hyphened, rows[1]))


@pytest.fixture(scope="module")
def restorer_model():
    from vnrestore.ocr.engines._tones import tone_model

    model = tone_model()
    if model is None:
        pytest.skip("restorer model not built")
    return model


def _read_surely(text: str) -> list:
    """Invented recogniser output: every character read at 0.99."""
    from vnrestore.ocr.engines._ctc import CtcChar

    return [CtcChar(c, k, k, 0.99, ((c, 0.99),)) for k, c in enumerate(text)]


def _with_doubtful_comma(text: str, comma: float, full_stop: float) -> list:
    """``text`` read surely but for its comma, read at ``comma`` against a full stop at ``full_stop``."""
    from vnrestore.ocr.engines._ctc import CtcChar

    chars, at = _read_surely(text), text.index(",")
    chars[at] = CtcChar(",", at, at, comma, ((",", comma), (".", full_stop)))
    return chars


def _text(chars: list) -> str:
    return "".join(c.char for c in chars)


def test_doubtful_marks_are_redecided_by_the_words_around_them(restorer_model):
    """Invented readings: a doubtful grave that could be a hook is read as the line's context wants
    ("đầy mạnh" becomes "đẩy mạnh", "đầy đủ" stays); sure marks stay; no model, no change."""
    from vnrestore.ocr.engines._ctc import CtcChar
    from vnrestore.ocr.engines._tones import redecide_marks

    def line(text: str, doubtful: int, probability: float) -> list[CtcChar]:
        chars = _read_surely(text)
        chars[doubtful] = CtcChar("ầ", doubtful, doubtful, probability, (("ầ", probability), ("ẩ", 1 - probability)))
        return chars

    pushed, full, sure = line("đầy mạnh", 1, 0.6), line("đầy đủ", 1, 0.6), line("đầy mạnh", 1, 0.99)
    redecided = redecide_marks([pushed, full, sure], restorer_model)
    assert [_text(chars) for chars in redecided] == ["đẩy mạnh", "đầy đủ", "đầy mạnh"]
    assert redecided[0][1].probability == pytest.approx(0.4)
    assert _text(redecide_marks([pushed], None)[0]) == "đầy mạnh"  # no model: as read


def test_a_doubtful_stop_after_a_number_is_read_as_its_context_wants(restorer_model) -> None:
    """Invented readings: an article number read with a comma at 0.6 (full stop 0.4) gets its full stop;
    the same doubtful comma after a word is left as read."""
    from vnrestore.ocr.engines._tones import redecide_marks

    after_number = _with_doubtful_comma("Điều 37, Nhiệm vụ và quyền hạn", 0.6, 0.4)
    after_word = _with_doubtful_comma("thông tin, dữ liệu", 0.6, 0.4)
    assert [_text(chars) for chars in redecide_marks([after_number, after_word], restorer_model)] == [
        "Điều 37. Nhiệm vụ và quyền hạn", "thông tin, dữ liệu"]


def test_the_case_of_the_next_word_decides_a_stop_after_a_number(restorer_model) -> None:
    """Invented readings: a list marker read as "5," (comma 0.85, full stop 0.08) before a capitalised word
    gets its full stop (a capital follows a full stop 99 times in 100, a comma 7); the same reading before
    the same word in lower case keeps its comma, and so does a comma in running text."""
    from vnrestore.ocr.engines._tones import redecide_marks

    before = _read_surely("doanh nghiệp nhỏ và vừa trên địa bàn tỉnh.")
    running = _with_doubtful_comma("năm 2025, các sở ngành", 0.85, 0.08)
    for marker, expected in (("5, Sở Kế hoạch và Đầu tư", "5. Sở Kế hoạch và Đầu tư"),
                             ("5, sở Kế hoạch và Đầu tư", "5, sở Kế hoạch và Đầu tư")):
        lines = [before, _with_doubtful_comma(marker, 0.85, 0.08), running]
        assert [_text(chars) for chars in redecide_marks(lines, restorer_model)][1:] == [
            expected, "năm 2025, các sở ngành"]


def test_a_faint_full_stop_is_kept_where_the_next_line_opens_an_item(restorer_model) -> None:
    """Invented readings: the same faint full stop after "tỉnh" is kept when the next line opens an
    item ("d) ...": the line ends a sequence) and left out when the next line goes on with the sentence."""
    from vnrestore.ocr.engines._ctc import CtcChar
    from vnrestore.ocr.engines._tones import redecide_marks

    first = _read_surely("an ninh thông tin các cơ quan nhà nước trong tỉnh")
    stop = CtcChar(".", len(first) + 1, len(first) + 1, 0.35, ((".", 0.35),))

    def text(next_line: str) -> str:
        return _text(redecide_marks([first, _read_surely(next_line)], restorer_model, trailing=[stop, None])[0])

    assert text("d) Chủ trì phối hợp với các doanh nghiệp lớn") == "an ninh thông tin các cơ quan nhà nước trong tỉnh."
    assert text("và các huyện, thị xã, thành phố") == "an ninh thông tin các cơ quan nhà nước trong tỉnh"
