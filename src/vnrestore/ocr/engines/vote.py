"""The ``vote`` engine: Tesseract and ``aster`` read the same page; each word goes to the likelier reading.

``aster``'s lines are the skeleton.  Tesseract's words are put on the aster
line they overlap most, and the two readings of a line are aligned word by
word (Levenshtein over words).  Where they disagree, each disputed word (or
run of words, when the two readings split it differently) goes to the reading
with the higher score ``log P(right) + LM_WEIGHT * log P_LM(line)``: each
engine's raw confidence is mapped to the probability that the word is right by
a logistic curve fitted on the committed sample scan, because the two engines'
scores mean different things (Tesseract's are generous, a CTC minimum is
strict); the restorer's trigram model scores the whole line with that choice,
so that of two readings equally sure the Vietnamese one wins.  ``LM_WEIGHT``
is the one weight fitted on the dev pages, with a held-out check
(``scripts/calibrate_vote.py``).  Everything else keeps aster's reading.

Whether voting pays is measured, not assumed: see README, "OCR engines".
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from vnrestore.ocr.page import Line, PageResult, Word

from .base import PreparedPage

if TYPE_CHECKING:
    from vnrestore.restore.tables import RestorerModel

#: the packages of the ``engines`` extra this engine needs (checked by ``check_engine``)
REQUIRES = ("onnxruntime", "asterocr", "trueocr", "onnx")
#: engine -> (intercept, slope on confidence/100) of P(word right); from scripts/calibrate_vote.py
CALIBRATION: dict[str, tuple[float, float]] = {
    "aster": (-0.75, 5.51),  # 1313 words, 99.0% right
    "tesseract": (-6.28, 11.14),  # 1311 words, 98.0% right
}
#: weight of the line's trigram log-probability against the log calibrated confidence; from
#: scripts/calibrate_vote.py --dev (fitted on dev pages, checked on held-out ones)
LM_WEIGHT = 0.1


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


def line_logprob(texts: Sequence[str], model: RestorerModel) -> float:
    """Natural-log probability of a line of words under ``model``'s trigram LM (``<s> <s> .. </s>``).

    The words become model tokens as the restorer sees them (lower case,
    numbers ``<num>``, punctuation as itself); a word the model does not know is ``<unk>``.
    """
    from vnrestore.restore.decoder import EOS_ID, sequence_logp
    from vnrestore.restore.vocab import lm_token
    from vnrestore.text.tokenize import tokenize

    tokens = (lm_token(token) for token in tokenize(" ".join(texts)))
    return sequence_logp(model.lm, [model.id_of(token) for token in tokens if token is not None] + [EOS_ID])


def disputes(aster: list[Word], tesseract: list[Word]) -> list[tuple[int, int, int, int]]:
    """Where the readings disagree: ``(a0, a1, t0, t1)``, aster's words ``a0:a1`` against Tesseract's ``t0:t1``.

    A one-for-one disagreement is disputed word by word; a run split differently
    (two words against one) is disputed as a whole.  Words only one engine read are not disputed.

    >>> w = lambda text: Word(text, (0, 0, 1, 1), 90.0)
    >>> disputes([w("Hà"), w("Nội"), w("ngày")], [w("Hà"), w("Nôi"), w("ngay")])
    [(1, 2, 1, 2), (2, 3, 2, 3)]
    >>> disputes([w("Quyết"), w("định")], [w("Quyếtđịnh")])
    [(0, 2, 0, 1)]
    """
    from rapidfuzz.distance import Levenshtein

    blocks: list[list[int]] = []  # runs of adjacent differences, merged: [a0, a1, t0, t1, all one for one?]
    for tag, a0, a1, t0, t1 in Levenshtein.opcodes([w.text for w in aster], [w.text for w in tesseract]):
        if tag == "equal":
            continue
        one_for_one = int(tag == "replace" and a1 - a0 == t1 - t0)
        if blocks and blocks[-1][1] == a0 and blocks[-1][3] == t0:
            blocks[-1][1:5] = [a1, blocks[-1][2], t1, blocks[-1][4] & one_for_one]
        else:
            blocks.append([a0, a1, t0, t1, one_for_one])
    found = []
    for a0, a1, t0, t1, one_for_one in blocks:
        if one_for_one:
            found += [(i, i + 1, j, j + 1) for i, j in zip(range(a0, a1), range(t0, t1))]
        elif a1 > a0 and t1 > t0:
            found.append((a0, a1, t0, t1))
    return found


def reading_score(words: Sequence[Word], engine: str) -> float:
    """log P(all of ``words`` right) by ``engine``'s calibration, words taken as independent."""
    return sum(math.log(max(probability_right(engine, w.confidence), 1e-9)) for w in words)


def vote_line(aster: list[Word], tesseract: list[Word], *, lm_weight: float | None = None,
              model: RestorerModel | None = None) -> list[Word]:
    """aster's words, each disputed word or run settled by calibrated confidence and the LM.

    ``lm_weight`` 0 is the confidence-only vote (one-for-one disputes only); by
    default :data:`LM_WEIGHT` with the restorer's shared model.  Disputes are settled
    left to right, each scored in the line as chosen so far.

    >>> a = [Word("Quảng", (0, 0, 50, 20), 99.0), Word("Năm", (60, 0, 90, 20), 30.0)]
    >>> t = [Word("Quảng", (0, 0, 50, 20), 95.0), Word("Nam", (60, 0, 90, 20), 96.0)]
    >>> " ".join(w.text for w in vote_line(a, t, lm_weight=0.0))
    'Quảng Nam'
    """
    if lm_weight is None:
        lm_weight = LM_WEIGHT
    if lm_weight and model is None:
        from vnrestore.restore.tables import shared_model

        model = shared_model()
    # one slot per aster word; a disputed run lives in its first slot, the rest emptied
    slots: list[list[Word]] = [[word] for word in aster]
    for a0, a1, t0, t1 in disputes(aster, tesseract):
        if not lm_weight and (a1 - a0 != 1 or t1 - t0 != 1):
            continue  # confidence alone favours the reading with fewer words: runs need the LM
        if a1 - a0 == 1 and t1 - t0 == 1:  # one for one: aster's box, Tesseract's word
            theirs = [replace(aster[a0], text=tesseract[t0].text, confidence=tesseract[t0].confidence)]
        else:
            theirs = list(tesseract[t0:t1])
        options = [(list(aster[a0:a1]), "aster"), (theirs, "tesseract")]
        scores = []
        for words, engine in options:
            value = reading_score(words, engine)
            if lm_weight and model is not None:
                trial = slots[:a0] + [words] + [[]] * (a1 - a0 - 1) + slots[a1:]
                value += lm_weight * line_logprob([w.text for slot in trial for w in slot], model)
            scores.append(value)
        best = options[scores.index(max(scores))][0]
        slots[a0:a1] = [best] + [[]] * (a1 - a0 - 1)
    return [word for slot in slots for word in slot]


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
