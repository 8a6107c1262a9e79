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
list marker) and keeps a full stop or comma the recogniser saw faintly after a
line's last character (blank won at that step): kept when its probability and
the words on both sides outweigh blank.  Without the model the engine reads as
before.

On the dev scans this took aster's diacritic error rate from 0.77% to 0.07%
(README, "OCR engines").
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from vnrestore.text.diacritics import strip_diacritics
from vnrestore.text.tokenize import token_pairs

from ._ctc import CtcChar

if TYPE_CHECKING:
    from vnrestore.restore.tables import RestorerModel

#: weight of the page's log-probability against the characters': 0.3, 0.5 and 1.0 read the 32
#: held-out renders of make_heldout_scans.py alike (total CER 0.51 %); 0.3 reads the dev scans worse
TONE_WEIGHT = 0.5
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


#: stops re-decided after a number: a list marker or an article number ("5.", "Điều 37.") read with a
#: comma.  After a word they are left as read: the trigram model has no case, so it cannot see the
#: capital that follows a full stop, and re-deciding them there broke as many as it fixed
STOPS = ".,"


def interchangeable(a: str, b: str) -> bool:
    """Whether ``b`` may stand for the doubtful ``a``: the same letter with other marks, or a stop for a stop.

    >>> interchangeable("ề", "ể"), interchangeable("ề", "c"), interchangeable(",", "."), interchangeable(",", ";")
    (True, False, True, False)
    """
    return same_letter(a, b) if a.isalpha() else (a != b and a in STOPS and b in STOPS)


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


def line_readings(chars: list[CtcChar], model: RestorerModel) -> list[list[Reading]]:
    """The readings of each language-model token of a line, in order (see :mod:`vnrestore.restore.vocab`)."""
    from vnrestore.restore.vocab import lm_token

    positions: list[list[Reading]] = []
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
            positions.append(token_readings(chars, start, end, model))
        else:
            positions.append([Reading(model.id_of(lm), 0.0, ())])
        previous = kind
    return positions


def stop_gain(lm: tuple[np.ndarray, ...], ids: list[int], end: int, stop_id: int) -> float:
    """How much likelier (log) the page's tokens are with ``stop_id`` inserted after ``ids[end]``: only the
    two tokens after it change their history."""
    from vnrestore.restore.decoder import BOS_ID, EOS_ID, sequence_logp

    padded = [BOS_ID, BOS_ID, *ids, EOS_ID]
    history, after = (padded[end + 1], padded[end + 2]), padded[end + 3 : end + 5]
    return sequence_logp(lm, [stop_id, *after], history) - sequence_logp(lm, after, history)


def redecide_marks(
    lines: list[list[CtcChar]], model: RestorerModel | None, weight: float = TONE_WEIGHT,
    trailing: list[CtcChar | None] | None = None,
) -> list[list[CtcChar]]:
    """A page's lines with every doubtful mark re-decided in context, and each faint stop after a
    line's end kept where the context wants it; unchanged without a model."""
    if model is None or weight <= 0:
        return lines
    from vnrestore.restore.decoder import decode

    trailing = trailing or [None] * len(lines)
    lattice = [line_readings(line, model) for line in lines]
    flat = [readings for positions in lattice for readings in positions]
    if not flat or not (any(trailing) or any(len(readings) > 1 for readings in flat)):
        return lines
    seq_start = np.array([0, len(flat)], np.int64)  # the page is one sequence: a printed line ends no sentence
    cand_start = np.cumsum([0, *(len(readings) for readings in flat)], dtype=np.int64)
    cand_ids = np.array([r.token_id for readings in flat for r in readings], np.int64)
    cand_score = np.array([r.logp / weight for readings in flat for r in readings], np.float64)
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
            evidence = math.log(stop.probability) - math.log1p(-stop.probability)
            if evidence / weight + stop_gain(model.lm, ids, position - 1, model.id_of(stop.char)) > 0:
                line.append(stop)
        result.append(line)
    return result
