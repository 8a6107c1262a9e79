"""The ``vote`` engine: Tesseract and ``aster`` read the same page; each word goes to the likelier reading.

``aster``'s lines are the skeleton.  Tesseract's words are put on the aster
line they overlap most, and the two readings of a line are aligned word by
word (Levenshtein over words).  Where they disagree one for one, the word
whose *calibrated* confidence is higher wins: each engine's raw confidence
is mapped to the probability that the word is right by a logistic curve fitted
on the committed sample scan (``scripts/calibrate_vote.py``), because the
two engines' scores mean different things (Tesseract's are generous, a CTC
minimum is strict).  Everything else keeps aster's reading.

Whether voting pays is measured, not assumed: see README, "OCR engines".
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from vnrestore.ocr.page import Line, PageResult, Word

from .base import PreparedPage

#: the packages of the ``engines`` extra this engine needs (checked by ``check_engine``)
REQUIRES = ("onnxruntime", "asterocr", "trueocr", "onnx")
#: engine -> (intercept, slope on confidence/100) of P(word right); from scripts/calibrate_vote.py
CALIBRATION: dict[str, tuple[float, float]] = {
    "aster": (-6.53, 11.23),  # 1312 words, 98.6% right
    "tesseract": (-2.82, 7.41),  # 1311 words, 98.2% right
}


def probability_right(engine: str, confidence: float) -> float:
    """The calibrated chance that a word read by ``engine`` with ``confidence`` (0-100) is right.

    >>> probability_right("aster", 100.0) > probability_right("aster", 40.0)
    True
    """
    intercept, slope = CALIBRATION[engine]
    return 1.0 / (1.0 + math.exp(-(intercept + slope * confidence / 100.0)))


def vertical_overlap(word: Word, line: Line) -> float:
    """The share of ``word``'s height inside ``line``'s.

    >>> vertical_overlap(Word("Hà", (0, 10, 20, 30), 90.0), Line([], (0, 0, 100, 20)))
    0.5
    """
    top, bottom = max(word.box[1], line.box[1]), min(word.box[3], line.box[3])
    return max(0, bottom - top) / max(1, word.box[3] - word.box[1])


def words_by_line(lines: list[Line], words: list[Word]) -> list[list[Word]]:
    """``words`` shared out over ``lines`` (each to the line it overlaps most, if at least half), left to right."""
    shares: list[list[Word]] = [[] for _ in lines]
    for word in words:
        overlaps = [vertical_overlap(word, line) for line in lines]
        if overlaps and max(overlaps) >= 0.5:
            shares[overlaps.index(max(overlaps))].append(word)
    return [sorted(share, key=lambda w: w.box[0]) for share in shares]


def vote_line(aster: list[Word], tesseract: list[Word]) -> list[Word]:
    """aster's words, each one-for-one disagreement settled by calibrated confidence.

    >>> a = [Word("Quảng", (0, 0, 50, 20), 99.0), Word("Năm", (60, 0, 90, 20), 30.0)]
    >>> t = [Word("Quảng", (0, 0, 50, 20), 95.0), Word("Nam", (60, 0, 90, 20), 96.0)]
    >>> " ".join(w.text for w in vote_line(a, t))
    'Quảng Nam'
    """
    from rapidfuzz.distance import Levenshtein

    chosen = list(aster)
    for tag, a0, a1, t0, t1 in Levenshtein.opcodes([w.text for w in aster], [w.text for w in tesseract]):
        if tag != "replace" or a1 - a0 != t1 - t0:
            continue
        for i, j in zip(range(a0, a1), range(t0, t1)):
            if probability_right("tesseract", tesseract[j].confidence) > probability_right("aster", aster[i].confidence):
                chosen[i] = replace(aster[i], text=tesseract[j].text, confidence=tesseract[j].confidence)
    return chosen


class VoteEngine:
    """Tesseract and aster on the same prepared page, combined word by word."""

    name = "vote"

    def __init__(self) -> None:
        from . import get_engine

        self.aster = get_engine("aster")
        self.tesseract = get_engine("tesseract")

    def recognise(self, page: PreparedPage) -> PageResult:
        started = time.perf_counter()
        aster = self.aster.recognise(page)
        tesseract = self.tesseract.recognise(page)
        voted = time.perf_counter()
        shares = words_by_line(aster.lines, tesseract.words)
        for line, share in zip(aster.lines, shares):
            line.words = vote_line(line.words, share)
        aster.engine = self.name
        aster.seconds = {
            "aster": sum(aster.seconds.values()),
            "tesseract": sum(tesseract.seconds.values()),
            "vote": time.perf_counter() - voted,
            "recognise": time.perf_counter() - started,
        }
        return aster
