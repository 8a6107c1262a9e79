"""OCR scores exactly as ../shared/eval/ocr/README.md defines them: CER, WER, DER.

A small API for every OCR eval (any engine)::

    from ocr_metrics import score, Score
    total = sum((score(truth, output) for truth, output in pages), Score())
    print(total.cer, total.wer, total.der)

``Score`` keeps edit counts and reference lengths, so adding scores gives the
micro-averaged totals the README asks for.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields

import regex
from rapidfuzz.distance import Levenshtein

from vnrestore.text import diacritics

_SPACE = regex.compile(r"\s+")
_EDGE_PUNCTUATION = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")
_NOT_ALNUM = regex.compile(r"[^\p{L}\p{N}]+")
_ALL_LETTERS = regex.compile(r"^\p{L}+$")


def normalise(text: str) -> str:
    """NFC, every run of whitespace (line breaks, form feeds) one space, ends stripped.

    >>> normalise(" Quyết\\n định\\f  số 5 ")
    'Quyết định số 5'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def skeleton(word: str) -> str:
    """A word's letters without punctuation, diacritics or case; đ becomes d.

    >>> skeleton("Đường,"), skeleton("(Quyết")
    ('duong', 'quyet')
    """
    return diacritics.skeleton(_NOT_ALNUM.sub("", word))


def bare(word: str) -> str:
    """``word`` with leading and trailing punctuation removed, NFC.

    >>> bare("“Căn-cứ”;")
    'Căn-cứ'
    """
    return _EDGE_PUNCTUATION.sub("", unicodedata.normalize("NFC", word))


@dataclass(slots=True)
class Score:
    """Edit counts over reference lengths; ``+`` adds them up (micro-averaging)."""

    chars: int = 0
    char_edits: int = 0
    words: int = 0
    word_edits: int = 0
    syllables: int = 0
    diacritic_errors: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def cer(self) -> float:
        return self.char_edits / self.chars if self.chars else 0.0

    @property
    def wer(self) -> float:
        return self.word_edits / self.words if self.words else 0.0

    @property
    def der(self) -> float:
        return self.diacritic_errors / self.syllables if self.syllables else 0.0


def diacritic_errors(reference_words: list[str], hypothesis_words: list[str]) -> tuple[int, int]:
    """``(errors, syllables)``: reference syllables read with the right letters but wrong marks.

    >>> diacritic_errors("Quyết định số 12".split(), "Quyêt đinh số 12".split())
    (2, 3)
    >>> diacritic_errors(["Điều"], ["Dieu"]), diacritic_errors(["Điều"], ["ĐIỀU"]), diacritic_errors(["tỉnh"], ["tinb"])
    ((1, 1), (0, 1), (0, 1))
    """
    syllables = [bool(_ALL_LETTERS.match(bare(word))) for word in reference_words]
    reference_keys = [skeleton(word) for word in reference_words]
    hypothesis_keys = [skeleton(word) for word in hypothesis_words]
    errors = 0
    for tag, ref_start, ref_end, hyp_start, _ in Levenshtein.opcodes(reference_keys, hypothesis_keys):
        if tag != "equal":
            continue
        for offset in range(ref_end - ref_start):
            index = ref_start + offset
            if not syllables[index]:
                continue
            expected = bare(reference_words[index]).casefold()
            found = bare(hypothesis_words[hyp_start + offset]).casefold()
            errors += expected != found
    return errors, sum(syllables)


def score(reference: str, hypothesis: str) -> Score:
    """CER, WER and DER counts of ``hypothesis`` against ``reference`` (both normalised first).

    >>> s = score("Căn cứ Luật", "Căn cú Luật")
    >>> s.char_edits, s.chars, s.word_edits, s.words, s.diacritic_errors, s.syllables
    (1, 11, 1, 3, 1, 3)
    """
    reference, hypothesis = normalise(reference), normalise(hypothesis)
    reference_words, hypothesis_words = reference.split(), hypothesis.split()
    errors, syllables = diacritic_errors(reference_words, hypothesis_words)
    return Score(
        chars=len(reference),
        char_edits=Levenshtein.distance(reference, hypothesis),
        words=len(reference_words),
        word_edits=Levenshtein.distance(reference_words, hypothesis_words),
        syllables=syllables,
        diacritic_errors=errors,
    )


def split_pages(text: str) -> list[str]:
    """A document's text split at form feeds (as tesseract and ocrmypdf --sidecar write it).

    >>> split_pages("trang một\\n\\ftrang hai\\n")
    ['trang một\\n', 'trang hai\\n']
    """
    pages = text.split("\f")
    return pages[:-1] if len(pages) > 1 and not pages[-1].strip() else pages
