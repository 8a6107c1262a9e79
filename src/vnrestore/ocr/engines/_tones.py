"""Re-deciding the diacritics a recogniser was unsure of, with the restorer's language model.

``aster`` reads the small hook above (``ể``, ``ổ``) as a grave (``ề``, ``ồ``)
on some faces: at the model's 32-pixel height the hook is three pixels.  Both
readings are often common words ("đẩy"/"đầy", "bổ"/"bồ"), so how common a
syllable is cannot choose; its neighbours can ("đẩy mạnh", "bổ sung").

Where a character's reading is doubtful and a runner-up differs only in its
marks, every reading of the word is a candidate, and the page is decoded by
the restorer's decoder for the best

    sum of log P(character) + TONE_WEIGHT * log P(page under the trigram model)

(``models/restorer``, 12 MB).  The page is one sequence, its lines in reading
order: a printed line ends where the paper does, not where a sentence does.
Only marks are re-decided, never letters, so a misread letter stays visible to
CER; a reading the vocabulary lacks never replaces one it has.

The same weighing decides a doubtful stop after a number ("5," or "5.", a
list marker) and keeps a stop the recogniser saw faintly after a line's last
character (blank won at that step): kept when its probability and the words on
both sides outweigh blank.  Two things the caseless trigram cannot see are
added: the case of the word after a stop (a capital follows a full stop 99
times in 100, a comma 7; ``case_shift``), and where items start: a line opening
with a dash or a list marker starts a new sequence, as each item is a line of
its own in the training text, so the line before it ends one ("tỉnh." before
"d) Chủ trì").  Without the model the engine reads as before.

On the dev scans this took aster's diacritic error rate from 0.77% to 0.07%
(README, "OCR engines").
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import regex

from vnrestore.restore.vocab import ITEM_START, SPECIALS, case_pattern, lm_token
from vnrestore.text.diacritics import strip_diacritics
from vnrestore.text.tokenize import token_pairs

from ._ctc import CtcChar

if TYPE_CHECKING:
    from vnrestore.restore.tables import RestorerModel

#: weight of the page's log-probability against the characters': 0.3, 0.5 and 1.0 read the 32
#: held-out renders of make_heldout_scans.py alike (total CER 0.51 %); 0.3 reads the dev scans worse
TONE_WEIGHT = 0.5
#: weight of a faint line-final stop's log-odds (against blank) beside the log gain of the words around
#: it: 1, at par.  Fitted by scripts/calibrate_trailing_stops.py on 48 renders of corpora/dev text (seed
#: 11, not the dev scans nor the held-out renders): of 31 faint stops, 20 real, weights 0.5 / 1 / 2 keep
#: 11 / 9 / 7 real ones and 1 / 0 / 0 false ones; the recogniser under-calls a stop of three pixels
TRAILING_EVIDENCE_WEIGHT = 1.0
#: a character read with less than this probability is doubtful
DOUBTFUL = 0.95
#: at most this many doubtful characters are re-decided in one word (their readings are combined)
MAX_DOUBTFUL = 3
#: beam of the decoder: few positions have more than one reading
BEAM = 8


@cache
def tone_model() -> RestorerModel | None:
    """The restorer's model (shared with the restorer in this process); None when no model is built."""
    from vnrestore.errors import MissingDependencyError
    from vnrestore.restore.tables import shared_model

    try:
        return shared_model()
    except (MissingDependencyError, OSError):
        return None


def same_letter(a: str, b: str) -> bool:
    """Whether two characters differ only in their marks (``ể``/``ề``, ``ô``/``o``; ``đ`` is not ``d``)."""
    return a != b and strip_diacritics(a).lower() == strip_diacritics(b).lower() and (a in "đĐ") == (b in "đĐ")


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of a token: its model id, log P of its re-decided characters, and what changes."""

    token_id: int
    logp: float
    changes: tuple[tuple[int, str, float], ...]  # (index in the line, character, its probability)

    def stop_char(self, printed: str) -> str:
        """This reading of a stop printed as ``printed``."""
        return self.changes[0][1] if self.changes else printed


#: stops re-decided after a number: a list marker or an article number ("5.", "Điều 37.") read with a
#: comma, a semicolon read as a colon.  After a word they are left as read: even with the case of the
#: next word weighed (CAPITAL_LOG_ODDS), re-deciding them there changed as many right stops as wrong
#: ones on the held-out renders ("Việt Nam; Bộ" became "Nam, Bộ")
STOPS = ".,;:"
#: log odds of the next word being capitalised after each stop, against after a word (mid-sentence),
#: counted on corpora/train by scripts/measure_case_after_stops.py: P(capitalised) is 0.990 after a
#: full stop, 0.068 after a comma, 0.147 after a semicolon, 0.665 after a colon and 0.043 after a word.
#: The trigram model has no case: without this it could not see the capital a full stop announces
CAPITAL_LOG_ODDS = {".": 7.68, ",": 0.50, ";": 1.35, ":": 3.80}


def interchangeable(a: str, b: str) -> bool:
    """Whether ``b`` may stand for the doubtful ``a``: the same letter with other marks, or a stop for a stop.

    >>> interchangeable("ề", "ể"), interchangeable("ề", "c"), interchangeable(",", ";"), interchangeable(",", "-")
    (True, False, True, False)
    """
    return same_letter(a, b) if a.isalpha() else (a != b and a in STOPS and b in STOPS)


def case_shift(model: RestorerModel, stop: str, word: str) -> float:
    """log P(the case ``word`` is printed in | ``stop`` before it) - log P(that case | a word before it).

    The restorer's case model gives the odds of ``word`` capitalised mid-sentence;
    a stop multiplies them by its CAPITAL_LOG_ODDS.  Zero for a word the case model
    does not know, or printed in neither lower case nor capitalised.

    >>> from vnrestore.restore.tables import shared_model
    >>> model = shared_model()
    >>> case_shift(model, ".", "Tỉnh") > 3 > 0 > case_shift(model, ".", "tỉnh"), case_shift(model, ".", "UBND"), case_shift(model, ".", "")
    (True, 0.0, 0.0)
    """
    if not word or stop not in CAPITAL_LOG_ODDS:
        return 0.0
    token_id, pattern = model.id_of(word.lower()), case_pattern(word)
    if token_id < len(SPECIALS) or pattern not in ("lower", "title"):
        return 0.0
    mid = float(model.case_title[token_id]) - float(model.case_lower[token_id])
    after = mid + CAPITAL_LOG_ODDS[stop]
    sign = 1.0 if pattern == "title" else -1.0
    return _log_sigmoid(sign * after) - _log_sigmoid(sign * mid)


def _log_sigmoid(x: float) -> float:
    return -math.log1p(math.exp(-x)) if x > -30 else x


def reading_options(char: CtcChar) -> list[tuple[str, float]]:
    """The readings of a character that :func:`interchangeable` allows, its own first.

    >>> reading_options(CtcChar("ề", 0, 0, 0.6, (("ề", 0.6), ("ể", 0.3), ("e", 0.05), ("c", 0.05))))
    [('ề', 0.6), ('ể', 0.3), ('e', 0.05)]
    """
    return [(char.char, char.probability), *((a, p) for a, p in char.alternatives if interchangeable(char.char, a))]


def token_readings(chars: list[CtcChar], start: int, end: int, model: RestorerModel) -> list[Reading]:
    """Every reading of the word (or stop) ``chars[start:end]`` with its doubtful characters re-decided.

    The printed reading comes first.  Readings the vocabulary lacks are dropped
    when some reading is known; two readings of one token keep the likelier.
    """
    printed = "".join(c.char for c in chars[start:end])
    as_read = Reading(model.id_of(printed.lower()), 0.0, ())
    doubtful = [
        i for i in range(start, end)
        if chars[i].probability < DOUBTFUL and any(interchangeable(chars[i].char, a) for a, _ in chars[i].alternatives)
    ]
    if not doubtful or len(doubtful) > MAX_DOUBTFUL:
        return [as_read]
    best: dict[int, Reading] = {}
    letters = list(printed)
    for choice in itertools.product(*(reading_options(chars[i]) for i in doubtful)):
        for i, (char, _) in zip(doubtful, choice):
            letters[i - start] = char
        reading = Reading(
            model.id_of("".join(letters).lower()),
            sum(math.log(p) for _, p in choice) - sum(math.log(chars[i].probability) for i in doubtful),
            tuple((i, char, p) for i, (char, p) in zip(doubtful, choice) if char != chars[i].char),
        )
        if reading.token_id not in best or reading.logp > best[reading.token_id].logp:
            best[reading.token_id] = reading
    if len(best) > 1:
        best.pop(0, None)  # <unk>: never chosen over a known syllable
    return sorted(best.values(), key=lambda r: r.changes != ())


def line_readings(chars: list[CtcChar], model: RestorerModel) -> list[tuple[str, list[Reading]]]:
    """Each language-model token of a line, in order, as read and with its readings
    (see :mod:`vnrestore.restore.vocab`)."""
    positions: list[tuple[str, list[Reading]]] = []
    text = "".join(c.char for c in chars)
    end = 0
    previous = ""
    for kind, token in token_pairs(text):
        start, end = end, end + len(token)
        lm = lm_token((kind, token))
        if lm is None:
            previous = "space"
            continue
        if kind == "word" or (kind == "punct" and token in STOPS and previous == "number"):
            positions.append((token, token_readings(chars, start, end, model)))
        else:
            positions.append((token, [Reading(model.id_of(lm), 0.0, ())]))
        previous = kind
    return positions


def sequence_starts(lines: list[list[CtcChar]], lattice: list[list[tuple[str, list[Reading]]]]) -> list[int]:
    """Positions where the page's sequences start: at 0, and at each line opening an item; a line
    that wraps running text continues the sequence (a printed line ends where the paper does)."""
    starts, position = [0], 0
    for line, positions in zip(lines, lattice):
        if position and positions and ITEM_START.match("".join(c.char for c in line)):
            starts.append(position)
        position += len(positions)
    return starts


def stop_gain(lm: tuple[np.ndarray, ...], ids: list[int], starts: list[int], end: int, stop_id: int) -> float:
    """How much likelier (log) the page's tokens are with ``stop_id`` inserted after ``ids[end]``: the
    tokens up to two after it in its sequence (or the sequence's end) change their history."""
    from vnrestore.restore.decoder import BOS_ID, EOS_ID, insertion_gain

    after_start = bisect_right(starts, end)
    first, last = starts[after_start - 1], starts[after_start] if after_start < len(starts) else len(ids)
    history = tuple(ids[k] if k >= first else BOS_ID for k in (end - 1, end))
    after = ids[end + 1 : min(end + 3, last)]
    if end + 3 > last:
        after.append(EOS_ID)
    return insertion_gain(lm, stop_id, after, history)


@dataclass(frozen=True, slots=True)
class TrailingStop:
    """A stop seen faintly after a line's end: the recogniser's log-odds for it against blank, and how
    much likelier (log) the page's words are with it (trigram gain and the next word's case)."""

    line: int
    char: str
    evidence: float
    context: float

    def kept(self, evidence_weight: float = TRAILING_EVIDENCE_WEIGHT) -> bool:
        return evidence_weight * self.evidence + self.context > 0


def redecide_marks(
    lines: list[list[CtcChar]], model: RestorerModel | None, weight: float = TONE_WEIGHT,
    trailing: list[CtcChar | None] | None = None, report: list[TrailingStop] | None = None,
) -> list[list[CtcChar]]:
    """A page's lines with every doubtful mark re-decided in context, and each faint stop after a
    line's end kept where the context wants it; unchanged without a model.  Each faint stop weighed
    is added to ``report`` when one is given (``scripts/calibrate_trailing_stops.py``)."""
    if model is None or weight <= 0:
        return lines
    from vnrestore.restore.decoder import decode

    trailing = trailing or [None] * len(lines)
    lattice = [line_readings(line, model) for line in lines]
    flat = [readings for positions in lattice for _, readings in positions]
    if not flat or not (any(trailing) or any(len(readings) > 1 for readings in flat)):
        return lines
    starts = sequence_starts(lines, lattice)
    printed = [text for positions in lattice for text, _ in positions]
    # the token after each one in its sequence, whose case a stop before it predicts ("" at a sequence's end)
    following = [*printed[1:], ""]
    for start in starts[1:]:
        following[start - 1] = ""
    seq_start = np.array([*starts, len(flat)], np.int64)
    cand_start = np.cumsum([0, *(len(readings) for readings in flat)], dtype=np.int64)
    cand_ids = np.array([r.token_id for readings in flat for r in readings], np.int64)
    cand_score = np.array([
        r.logp / weight + (case_shift(model, r.stop_char(text), after) if len(readings) > 1 and text in STOPS else 0.0)
        for text, after, readings in zip(printed, following, flat) for r in readings], np.float64)
    choice = decode(model.lm, seq_start, cand_start, cand_ids, cand_score, BEAM)
    chosen = [readings[c] for readings, c in zip(flat, choice.tolist())]
    ids = [r.token_id for r in chosen]
    result = []
    position = 0
    for line, positions, stop in zip(lines, lattice, trailing):
        line = list(line)
        for reading in chosen[position : position + len(positions)]:
            for i, char, p in reading.changes:
                c = line[i]
                line[i] = CtcChar(char, c.first_step, c.last_step, p, c.alternatives)
        position += len(positions)
        if stop is not None and positions and 0 < stop.probability < 1:
            gain = stop_gain(model.lm, ids, starts, position - 1, model.id_of(stop.char))
            weighed = TrailingStop(len(result), stop.char, math.log(stop.probability) - math.log1p(-stop.probability),
                                   gain + case_shift(model, stop.char, following[position - 1]))
            if report is not None:
                report.append(weighed)
            if weighed.kept():
                line.append(stop)
        result.append(line)
    return result
