"""Auto mode's paragraph detection: which tokens are evidence of garble, stripping or neither."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnrestore.restore.garble.mode import _DIGIT, _LETTER, _WORDISH, ModeEvidence, detect_modes, evidence, \
    known_word_test, words_only
from vnrestore.text.diacritics import has_diacritics

WORDS = ["hòa", "thủy", "năm", "gửi", "xem", "của", "số", "là", "về", "đề", "án", "chuyển", "đổi", "tỉnh", "ngày",
         "quyết", "định", "có", "hiệu", "lực"]
KNOWN = known_word_test(WORDS)


def _counts(text: str) -> tuple[int, int, int, int]:
    found = evidence(text, KNOWN)
    return found.words, found.unknown, found.marked, found.stripped


@pytest.mark.parametrize("noise", [
    "vanthu@quangnam.gov.vn", "https://dichvucong.gov.vn/tra-cuu?id=12&x=ab", "www.quangnam.gov.vn",
    "quangnam.gov.vn", "12/QĐ-UBND", "316/TTr-UBND", "TP.HCM", "24/12/2021", "43,84%", "2025", "CMCN", "TTCP",
])
def test_addresses_numbers_codes_and_abbreviations_are_no_evidence(noise: str) -> None:
    clean = "Quyết định có hiệu lực ngày"
    assert _counts(f"{clean} {noise}, {noise}.") == _counts(clean)


def test_garbled_words_with_digits_and_symbols_still_count() -> None:
    assert _counts("ctia s6 1a V& về") == (5, 4, 1, 0)


def test_new_style_tone_marks_are_known_words() -> None:
    assert _counts("Hoà thuỷ năm") == (3, 0, 3, 0)


def test_a_short_text_with_an_address_is_stripped_not_garbled() -> None:
    text = "Hoà thuỷ nam 2025 gui vanthu@quangnam.gov.vn, xem https://dichvucong.gov.vn/tra-cuu"
    assert [mode for *_, mode in detect_modes([text], KNOWN)] == ["stripped"]


def test_one_unknown_word_is_no_evidence_of_garble() -> None:
    assert ModeEvidence(words=2, unknown=1, marked=1).mode == "clean"
    assert ModeEvidence(words=2, unknown=2, marked=1).mode == "garbled"
    assert [mode for *_, mode in detect_modes(["Pé an chuyén d6i s6 cta tinh"], KNOWN)] == ["garbled"]


_BITS = ["ctia", "s6", "1a", "V&", "về", "duoc", "Hoà", "của", "12/QĐ-UBND", "TP.HCM", "vanthu@qn.gov.vn",
         "https://a.vn/x", "43,84%", "CMCN", "@A", "-", "(", ")", ".", ",", "/", ":", "2025", "a.vn", "x"]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_BITS), st.sampled_from(["", " ", "\n", "  "])), max_size=25))
def test_evidence_read_run_by_run_is_the_evidence_of_the_whole_text(parts: list[tuple[str, str]]) -> None:
    """``evidence`` reads each distinct run between spaces once; that must count what a scan of the
    whole text counts (no span that is no word may cross white space)."""
    text = "".join(bit + gap for bit, gap in parts)
    whole = ModeEvidence()
    for word in _WORDISH.findall(words_only(text)):
        if _LETTER.search(word):
            known = KNOWN(word) if word.isalpha() else 0
            whole.add(ModeEvidence(1, int(not known or bool(_DIGIT.search(word))),
                                   int(has_diacritics(word)), int(known == 1 and not _DIGIT.search(word))))
    assert _counts(text) == (whole.words, whole.unknown, whole.marked, whole.stripped)
