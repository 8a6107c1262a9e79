"""Re-deciding the diacritics a recogniser was unsure of, with how common each syllable is.

``aster`` reads the small hook above (``ể``, ``ổ``) as a grave (``ề``, ``ồ``)
on some faces: at the model's 32-pixel height the hook is three pixels.  Where
a character's reading is doubtful and the runner-up differs only in its
marks, the word is re-read as the reading with the best

    sum of log P(character) + TONE_WEIGHT * log P(syllable)

where P(syllable) is the unigram probability of the restorer's language model
(``models/restorer``: vocabulary and ``uni_logp``, 0.2 MB).  Only marks are
re-decided, never letters, so a misread letter stays visible to CER.  Without
the model the engine reads as before.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np

from vnrestore.text.diacritics import strip_diacritics

from ._ctc import CtcChar

#: weight of the syllable's log-probability against the characters': fitted on 32 held-out renders
#: (make_heldout_scans.py), not the dev set: 0.5 and 1.0 within one word of each other, 2.0 worse
TONE_WEIGHT = 0.5
#: a character read with less than this probability is doubtful
DOUBTFUL = 0.95
#: log P of a reading the vocabulary lacks: the model's floor (log 1e-30), so a re-decision never
#: trades a known syllable for an unknown one
UNKNOWN_LOGP = math.log(1e-30)
#: at most this many doubtful characters are re-decided in one word (their readings are combined)
MAX_DOUBTFUL = 3
_STRIP = ".,;:!?()[]\"'“”‘’…"


@dataclass(frozen=True, slots=True)
class SyllablePrior:
    """log P(syllable) of the restorer's unigram model, lower-case, in its tone style."""

    logp: dict[str, float]
    unknown: float

    def score(self, word: str) -> float:
        """The log-probability of ``word`` without its punctuation and case; ``unknown`` if not in the vocabulary."""
        key = unicodedata.normalize("NFC", word).strip(_STRIP).lower()
        return self.logp.get(key, self.unknown)


@cache
def syllable_prior() -> SyllablePrior | None:
    """The prior from the restorer's model folder, once per process; None when no model is built."""
    from vnrestore.restore.tables import default_model_dir, load_unigrams

    try:
        table = load_unigrams(default_model_dir())
    except OSError:
        return None
    return SyllablePrior(table, UNKNOWN_LOGP)


def same_letter(a: str, b: str) -> bool:
    """Whether two characters differ only in their marks (``ể``/``ề``, ``ô``/``o``; ``đ`` is not ``d``)."""
    return a != b and strip_diacritics(a).lower() == strip_diacritics(b).lower() and (a in "đĐ") == (b in "đĐ")


def redecide_word(chars: list[CtcChar], prior: SyllablePrior, weight: float = TONE_WEIGHT) -> list[CtcChar]:
    """The characters of one word, the marks of its doubtful letters re-decided (see module doc)."""
    doubtful = [
        i
        for i, c in enumerate(chars)
        if c.probability < DOUBTFUL and c.char.isalpha() and any(same_letter(a, c.char) for a, _ in c.alternatives)
    ]
    if not doubtful or len(doubtful) > MAX_DOUBTFUL:
        return chars
    options = [
        [(a, p) for a, p in chars[i].alternatives if a == chars[i].char or same_letter(a, chars[i].char)]
        for i in doubtful
    ]
    letters = [c.char for c in chars]

    def score(choice: tuple[tuple[str, float], ...]) -> float:
        for i, (a, _) in zip(doubtful, choice):
            letters[i] = a
        return sum(np.log(p) for _, p in choice) + weight * prior.score("".join(letters))

    best = max(itertools.product(*options), key=score)
    result = list(chars)
    for i, (a, p) in zip(doubtful, best):
        if a != chars[i].char:
            c = chars[i]
            result[i] = CtcChar(a, c.first_step, c.last_step, p, c.alternatives)
    return result


def redecide_marks(chars: list[CtcChar], prior: SyllablePrior | None, weight: float = TONE_WEIGHT) -> list[CtcChar]:
    """A line's characters with every word's doubtful marks re-decided; unchanged without a prior."""
    if prior is None:
        return chars
    result: list[CtcChar] = []
    word: list[CtcChar] = []
    for char in [*chars, None]:
        if char is None or char.char.isspace():
            result += redecide_word(word, prior, weight) if word else []
            word = []
            if char is not None:
                result.append(char)
        else:
            word.append(char)
    return result
