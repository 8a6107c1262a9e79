"""A printed word type's reading: its hypotheses (texts, model ids, emission scores) and what is known
of their case, and the small pure operations on readings the repair composes.

A reading is made once per printed type and per channel (:meth:`.repair.GarbleRepairer.reading`) and
shared by every occurrence; the functions here return new readings and never change one in place,
but for the case twins a reading made without them finds on first use (:func:`case_twins`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from vnrestore.restore.vocab import LIST_LETTERS, NUM_ID, SPECIALS, case_pattern


@dataclass
class Reading:
    """The hypotheses of one printed word type: texts, model ids, emission scores, keep flags."""

    texts: list[str]
    ids: np.ndarray
    scores: np.ndarray
    keep: np.ndarray
    #: log P(this case | the form) in mid-sentence, per hypothesis (0 where case says nothing)
    case_scores: np.ndarray | None = None
    #: hypotheses written all in capitals that are no keep-as-printed ("BỘ" for "BO")
    capitals: np.ndarray | None = None
    #: per hypothesis, its spelling in the other case (:func:`case_twins`, made on first use)
    twins: np.ndarray | None = None
    #: per hypothesis, whether it reads the word without its final question mark, which is then written
    #: after it ("khong?" is "không?"), where "ti?" read with the mark is "từ" (:func:`with_readings_of`)
    mark_after: np.ndarray | None = None
    #: :meth:`mid_sentence`, made on first use (a reading is shared by every slot of its type)
    _mid: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def text(self, index: int, printed: str) -> str:
        """The hypothesis as written for the printed word: as printed when kept, with the word's final
        mark after it where the hypothesis reads the word without it."""
        if self.keep[index]:
            return printed
        if self.mark_after is not None and self.mark_after[index]:
            return self.texts[index] + printed[-1]
        return self.texts[index]

    def mid_sentence(self) -> np.ndarray:
        """Emission scores where a sentence does not start: the case model has its say."""
        if self.case_scores is None:
            return self.scores
        if self._mid is None:
            self._mid = self.scores + self.case_scores
        return self._mid


def list_letters_of(reading: Reading) -> Reading:
    """``reading`` with only the hypotheses a list marker can be: as printed, or a lower-case list letter
    ("¢" may be "c", "4" may be "đ"; "qa" is no "qua", "8" no "B")."""
    allowed = np.array([k == 0 or (text in LIST_LETTERS and text.islower()) for k, text in enumerate(reading.texts)])
    if allowed.all():
        return reading

    def kept(values):
        return None if values is None else values[allowed]

    return Reading([t for t, ok in zip(reading.texts, allowed) if ok], reading.ids[allowed], reading.scores[allowed],
                   reading.keep[allowed], kept(reading.case_scores), kept(reading.capitals))


def with_readings_of(reading: Reading, other: Reading, penalty: float, mark_after: bool = False) -> Reading:
    """``reading`` with the hypotheses of ``other`` it lacks (or scores worse), each ``penalty`` lower;
    ``reading``'s keep-as-printed stays the only one.  With ``mark_after`` those taken from ``other``
    write the printed word's last mark after them (:attr:`Reading.mark_after`)."""
    best = {int(i): k for k, i in enumerate(reading.ids.tolist())}
    texts, rows = list(reading.texts), []
    scores = reading.scores.copy()
    taken = np.zeros(len(texts), bool)
    for k in np.flatnonzero(~other.keep).tolist():
        value = other.scores[k] + penalty
        at = best.get(int(other.ids[k]))
        if at is None:
            texts.append(other.texts[k])
            rows.append(k)
        elif not reading.keep[at] and value > scores[at]:
            scores[at] = value
            taken[at] = True
    extra = np.array(rows, np.int64)

    def joined(mine, theirs):
        return None if mine is None or theirs is None else np.concatenate([mine, theirs[extra]])

    return Reading(texts, np.concatenate([reading.ids, other.ids[extra]]),
                   np.concatenate([scores, other.scores[extra] + penalty]),
                   np.concatenate([reading.keep, np.zeros(len(rows), bool)]),
                   joined(reading.case_scores, other.case_scores), joined(reading.capitals, other.capitals),
                   mark_after=np.concatenate([taken, np.ones(len(rows), bool)]) if mark_after else None)


def letter_case_patterns(texts: list[str]) -> list[str]:
    """:func:`case_pattern` of each text, ``mixed`` for one that is not letters only.

    >>> letter_case_patterns(["Kết", "kết", "KẾT", "k3t"])
    ['title', 'lower', 'upper', 'mixed']
    """
    return [case_pattern(text) if text.isalpha() else "mixed" for text in texts]


def twins_of(texts: list[str], ids: np.ndarray, patterns: np.ndarray | None = None) -> np.ndarray:
    """Per hypothesis, the one spelled the same in the other case ("kết" for "Kết"), or -1;
    ``patterns`` as :func:`letter_case_patterns` gives them (made here if not given).

    >>> twins_of(["Ket", "Kết", "kết", "két", "Két"], np.array([9, 7, 7, 8, 8])).tolist()
    [-1, 2, 1, 4, 3]
    """
    if patterns is None:
        patterns = np.array(letter_case_patterns(texts))
    first: dict[str, int] = {}
    twins = [-1] * len(texts)
    id_list, pattern_list = np.asarray(ids).tolist(), np.asarray(patterns).tolist()  # plain values: a loop per type
    for k in np.flatnonzero((patterns == "lower") | (patterns == "title")).tolist():
        other = first.setdefault(texts[k].lower(), k)
        if other != k and twins[other] < 0 and id_list[other] == id_list[k] >= len(SPECIALS) \
                and pattern_list[other] != pattern_list[k]:
            twins[k], twins[other] = other, k
    return np.array(twins, np.int64)


def case_twins(reading: Reading) -> np.ndarray:
    """A reading's :attr:`Reading.twins`, found on first use where it was made without them."""
    if reading.twins is None:
        reading.twins = twins_of(reading.texts, reading.ids)
    return reading.twins



@lru_cache(maxsize=1024)
def numeral_reading(numeral: str) -> Reading:
    """A numeral (Roman or a point's number) kept as printed, the language model's ``<num>``."""
    return Reading([numeral], np.array([NUM_ID]), np.zeros(1), np.ones(1, bool))


def as_number_when_kept(reading: Reading) -> Reading:
    """``reading`` with its keep-as-printed hypothesis (the first) read as ``<num>``, which has no case twin."""
    ids = reading.ids.copy()
    ids[0] = NUM_ID
    twins = case_twins(reading).copy()
    partner = int(twins[0])
    if partner >= 0:
        twins[partner] = twins[0] = -1
    return replace(reading, ids=ids, twins=twins)
