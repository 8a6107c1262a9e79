"""The restorer on the committed model: accents, case, codes, markers, what it leaves alone."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from click.testing import CliRunner

from vnrestore.cli import main
from vnrestore.errors import MissingDependencyError
from vnrestore.restore.api import Restorer, TokenResult, restore
from vnrestore.text.diacritics import strip_diacritics
from vnrestore.text.tokenize import tokenize


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer()


def test_a_plain_sentence_comes_back_accented() -> None:
    assert restore("Uy ban nhan dan tinh phe duyet De an chuyen doi so") == (
        "Ủy ban nhân dân tỉnh phê duyệt Đề án chuyển đổi số"
    )


def test_case_follows_the_input(restorer: Restorer) -> None:
    assert restorer.restore("CONG HOA XA HOI CHU NGHIA VIET NAM") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert restorer.restore("Chinh phu ban hanh") == "Chính phủ ban hành"
    assert restorer.restore("UBND tinh").startswith("UBND ")
    assert restorer.restore("CHINH QUYEN DIA PHUONG") == "CHÍNH QUYỀN ĐỊA PHƯƠNG"


def test_capitalised_nouns_mid_sentence(restorer: Restorer) -> None:
    assert restorer.restore("giao So Tai chinh chu tri") == "giao Sở Tài chính chủ trì"
    assert restorer.restore("thanh lap Ban Chi dao") == "thành lập Ban Chỉ đạo"


def test_document_codes_get_their_d_back(restorer: Restorer) -> None:
    assert restorer.restore("theo Nghi dinh so 13/2023/ND-CP") == "theo Nghị định số 13/2023/NĐ-CP"
    assert restorer.restore("Quyet dinh so 12/QD-UBND cua HDND") == "Quyết định số 12/QĐ-UBND của HĐND"


def test_list_markers_follow_their_sequence(restorer: Restorer) -> None:
    text = "c) Ban hanh\nd) Trien khai\nd) Kiem tra\ne) Bao cao"
    assert [line[:2] for line in restorer.restore(text).split("\n")] == ["c)", "d)", "đ)", "e)"]


def test_a_decimal_number_is_one_number_to_the_word_before_it(restorer: Restorer) -> None:
    # "95,5%" is read as "<num> %", as "95%" is: the "%" tells "đạt" from "đặt", "tăng" from "tầng"
    # (read as "<num> , <num> %", the words came out "đặt", "tầng" and "đất")
    assert restorer.restore("Ty le tiem chung dat 95,5%") == "Tỷ lệ tiêm chủng đạt 95,5%"
    assert restorer.restore("thu ngan sach dat 1.250,5 ty dong, tang 4,2%") == (
        "thu ngân sách đạt 1.250,5 tỷ đồng, tăng 4,2%")
    assert restorer.restore("ty le dat 98,5% ke hoach") == "tỷ lệ đạt 98,5% kế hoạch"


def test_roman_numerals_in_running_text_are_numbers(restorer: Restorer) -> None:
    # kept as printed and read as a number, so the words around them keep their context
    assert restorer.restore("Chuong IV va Phan VI") == "Chương IV và Phần VI"
    # "XVII" read as a number gives "đã" its context (as an unknown word it came out "dạ")
    assert "Đảng khóa XVII đã " in restorer.restore("Ban Chap hanh Trung uong Dang khoa XVII da hop")
    # an all-caps heading is not running text: "VI" may be a syllable there
    assert restorer.restore("VI PHAM HANH CHINH") == "VI PHẠM HÀNH CHÍNH"


def test_place_names_from_the_gazetteer(restorer: Restorer) -> None:
    out = restorer.restore("cac huyen Quan Son, Bao Loc va Lam Ha")
    assert "Quan Sơn" in out and "Bảo Lộc" in out and "Lâm Hà" in out


def test_marked_syllables_numbers_mails_and_urls_are_kept(restorer: Restorer) -> None:
    text = "Hoà thuỷ nam 2025 gui vanthu@quangnam.gov.vn, xem https://dichvucong.gov.vn/tra-cuu"
    out = restorer.restore(text)
    assert out.startswith("Hoà thuỷ năm 2025 gửi ")
    assert out.endswith("vanthu@quangnam.gov.vn, xem https://dichvucong.gov.vn/tra-cuu")


def test_explain_gives_alternatives_and_confidence(restorer: Restorer) -> None:
    results = restorer.explain("Ban hanh kem theo 12 van ban")
    assert [r.original for r in results] == ["Ban", "hanh", "kem", "theo", "12", "van", "ban"]
    assert all(isinstance(r, TokenResult) and 0.0 <= r.confidence <= 1.0 for r in results)
    hanh = results[1]
    assert hanh.chosen == "hành" and hanh.changed
    assert hanh.alternatives[0][0] == "hành" and len(hanh.alternatives) > 1
    assert results[4].alternatives == [] and not results[4].changed


def test_restore_words_keeps_confident_words_and_fixes_doubtful_ones(restorer: Restorer) -> None:
    words = ["Ủy", "ban", "nhàn", "dàn", "tinh,", "(UBND)"]
    assert restorer.restore_words(words, [96, 95, 97, 41, 30, 90]) == ["Ủy", "ban", "nhàn", "dân", "tỉnh,", "(UBND)"]
    assert restorer.restore_words(["Uy", "ban", "nhan", "dan"]) == ["Ủy", "ban", "nhân", "dân"]
    assert restorer.restore_words([]) == []


def test_a_missing_model_names_make_model(tmp_path: Path) -> None:
    with pytest.raises(MissingDependencyError, match="make model"):
        Restorer(model_dir=tmp_path).restore("Uy ban")


def test_threads_share_one_model(restorer: Restorer) -> None:
    text = "Uy ban nhan dan tinh phe duyet De an chuyen doi so"
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(Restorer().restore(text))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [restorer.restore(text)] * 4


def test_streaming_is_line_aligned(restorer: Restorer) -> None:
    lines = ["Dieu 1. Pham vi\n", "\n", "  a) doi tuong ap dung\r\n", "ket thuc"]
    out = list(restorer.restore_lines(iter(lines)))
    assert out == ["Điều 1. Phạm vi\n", "\n", "  a) đối tượng áp dụng\r\n", "kết thúc"]


def test_restore_command_is_line_aligned_and_marks_uncertain_words(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Dieu 1. Pham vi\n\nQuyet dinh so 12/QD-UBND\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["restore", "--mode", "stripped", str(source)])
    assert result.exit_code == 0, result.output
    assert result.output == "Điều 1. Phạm vi\n\nQuyết định số 12/QĐ-UBND\n"
    piped = CliRunner().invoke(main, ["restore", "--mode", "stripped"], input="ban hanh\nkem theo")
    assert piped.output == "ban hành\nkèm theo"
    uncertain = CliRunner().invoke(main, ["restore", "--mode", "stripped", "--show-uncertain"], input="ban\n")
    assert uncertain.output.startswith("{") and uncertain.output.endswith("}\n")
    forms = uncertain.output[1:-2].split("|")
    assert len(forms) > 1 and {strip_diacritics(form) for form in forms} == {"ban"}


def test_restore_command_reads_stdin_for_a_dash() -> None:
    result = CliRunner().invoke(main, ["restore", "--mode", "stripped", "-"], input="Chinh quyen dien tu\n")
    assert result.exit_code == 0, result.output
    assert result.output == "Chính quyền điện tử\n"


def test_restore_command_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["restore", str(tmp_path / "absent.txt")])
    assert result.exit_code == 3
    assert "absent.txt" in result.output and "Traceback" not in result.output


def test_tone_style_of_the_output_is_the_old_one(restorer: Restorer) -> None:
    assert restorer.restore("hoa binh, thuy loi") == "hòa bình, thủy lợi"


def test_typos_of_the_corpus_are_never_offered(restorer: Restorer) -> None:
    forms = {alternative for result in restorer.explain("nguoi dan") for alternative, _ in result.alternatives}
    assert "người" in forms and "ngưòi" not in forms


# -- properties -------------------------------------------------------------------

SYLLABLES = (
    "uy ban nhan dan tinh huyen xa quyet dinh so ke hoach chuyen doi phe duyet de an "
    "can cu luat to chuc chinh quyen dia phuong ngay thang nam dieu khoan muc ban hanh"
).split()
SEPARATORS = st.sampled_from([" ", "  ", ", ", ". ", "\n", "\r\n", "; ", " (", ") ", "/", "-", "\t", " 2025 "])
stripped_text = st.lists(
    st.tuples(st.sampled_from(SYLLABLES).map(lambda w: w.capitalize()) | st.sampled_from(SYLLABLES)
              | st.sampled_from([w.upper() for w in SYLLABLES]), SEPARATORS),
    max_size=25,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))
ascii_text = st.text(alphabet=st.characters(codec="ascii"), max_size=80)


@settings(max_examples=80, derandomize=True, deadline=None)
@given(stripped_text | ascii_text)
def test_restoring_only_adds_diacritics(text: str) -> None:
    """The stripped mode's promise (auto may read "A&" as garble, where "&" is a letter: see test_garble_modes)."""
    out = Restorer(mode="stripped").restore(text)
    assert strip_diacritics(out) == strip_diacritics(text)
    assert strip_diacritics(out) == text or not text.isascii()


@settings(max_examples=80, derandomize=True, deadline=None)
@given(stripped_text | ascii_text)
def test_white_space_and_lines_are_kept_exactly(text: str) -> None:
    out = Restorer(mode="stripped").restore(text)
    assert out.count("\n") == text.count("\n")
    assert [t for t in tokenize(out) if t.kind != "word"] == [t for t in tokenize(text) if t.kind != "word"]


@settings(max_examples=60, derandomize=True, deadline=None)
@given(stripped_text)
def test_restoring_restored_text_changes_nothing(text: str) -> None:
    once = restore(text)
    assert restore(once) == once


def test_a_sentence_wrapped_over_two_lines_is_read_as_one() -> None:
    """The line break of a wrapped page is no sentence break: "sử / dụng", "công / ty", "bảo / hiểm"."""
    restorer = Restorer(mode="stripped")
    out = restorer.restore("bao cao tien do su\ndung von theo yeu cau cua Tong cong\nty luu ky; bao hiem y te, bao\nhiem that nghiep")
    assert out.split("\n") == ["báo cáo tiến độ sử", "dụng vốn theo yêu cầu của Tổng công", "ty lưu ký; bảo hiểm y tế, bảo",
                                "hiểm thất nghiệp"]
    assert restorer.restore("ty luu ky.\nty luu ky").split("\n")[1] == restorer.restore("ty luu ky")
    assert [result.chosen for result in restorer.explain("bao cao tien do su\ndung von")] == \
        "báo cáo tiến độ sử dụng vốn".split()


def test_the_model_knows_how_often_each_short_number_is_written(restorer: Restorer) -> None:
    model = restorer.model
    assert model.number_total > sum(model.number_counts.values()) > 0
    # list items and days are written more often than other numbers, and an unseen string least often
    assert model.number_logp("1") > model.number_logp("13") > model.number_logp("56") > model.number_logp("x")
    assert all(len(number) <= 3 and number.isdigit() for number in model.number_counts)
