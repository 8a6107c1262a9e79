"""Greedy CTC decoding that keeps what later stages need: per-character confidence and position.

A CTC recogniser gives, for every time step (a narrow column of the line
image), a probability for each symbol and for "blank".  Greedy decoding takes
the best symbol per step, merges repeats and drops blanks.  Here each kept
character also remembers the steps it was read at (to place word boxes) and
its probability (to give words a confidence).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class CtcChar:
    """One decoded character: the time steps it spans and its probability (0-1)."""

    char: str
    first_step: int
    last_step: int
    probability: float
    #: the likeliest symbols at the character's peak step, (char, probability), best first
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(slots=True)
class CtcWord:
    """A run of decoded characters between spaces."""

    text: str
    first_step: int
    last_step: int
    confidence: float  # 0-1


def decode_greedy(best: np.ndarray, probability: np.ndarray, charset: list[str], blank: int = 0) -> list[CtcChar]:
    """Characters from per-step best indices and their probabilities.

    ``charset[i]`` is the character of index ``i``.  A character's probability
    is the highest of its steps (CTC puts one sharp peak per character).

    >>> charset = ["<blank>", "V", "i", "ệ", "t", " "]
    >>> steps = np.array([1, 0, 2, 2, 0, 3, 4, 0])
    >>> probs = np.array([0.9, 1, 0.8, 0.7, 1, 0.6, 0.95, 1])
    >>> "".join(c.char for c in decode_greedy(steps, probs, charset))
    'Việt'
    >>> [(c.first_step, c.last_step, c.probability) for c in decode_greedy(steps, probs, charset)][1]
    (2, 3, 0.8)
    """
    chars: list[CtcChar] = []
    previous = blank
    for step, index in enumerate(best.tolist()):
        if index != blank:
            if index == previous:
                chars[-1].last_step = step
                chars[-1].probability = max(chars[-1].probability, float(probability[step]))
            else:
                chars.append(CtcChar(charset[index], step, step, float(probability[step])))
        previous = index
    return chars


def add_alternatives(
    chars: list[CtcChar], probabilities: np.ndarray, charset: list[str], keep: int = 4, floor: float = 0.02
) -> list[CtcChar]:
    """Give each character the ``keep`` likeliest symbols (not blank, at least ``floor``) of its peak step.

    ``probabilities`` is the [steps, symbols] output of the line.  What the
    recogniser nearly read (``ề`` beside ``ể``) lets a later stage re-decide.

    >>> probs = np.array([[0.1, 0.6, 0.3], [0.9, 0.05, 0.05]])
    >>> add_alternatives([CtcChar("a", 0, 0, 0.6)], probs, ["<blank>", "a", "á"])[0].alternatives
    (('a', 0.6), ('á', 0.3))
    """
    for char in chars:
        span = probabilities[char.first_step : char.last_step + 1]
        peak = span[int(span.max(axis=1).argmax())]
        order = np.argsort(peak)[::-1][:keep]
        char.alternatives = tuple((charset[i], float(peak[i])) for i in order if i and peak[i] >= floor)
    return chars


def shift(chars: list[CtcChar], steps: int) -> list[CtcChar]:
    """The characters of a piece of a line, placed ``steps`` further along the whole line."""
    return [
        CtcChar(c.char, c.first_step + steps, c.last_step + steps, c.probability, c.alternatives) for c in chars
    ]


def group_words(chars: list[CtcChar]) -> list[CtcWord]:
    """Split decoded characters into words at spaces; a word's confidence is its weakest character.

    The weakest character, not the mean: one doubtful tone mark makes the
    whole syllable doubtful, which is what the restorer needs to know.

    >>> chars = [CtcChar(c, i, i, p) for i, (c, p) in enumerate(zip("Hà Nội", [1, .6, 1, .9, .8, .7]))]
    >>> [(w.text, w.first_step, w.last_step, w.confidence) for w in group_words(chars)]
    [('Hà', 0, 1, 0.6), ('Nội', 3, 5, 0.7)]
    """
    words: list[CtcWord] = []
    current: list[CtcChar] = []
    for char in [*chars, None]:
        if char is None or char.char.isspace():
            if current:
                text = unicodedata.normalize("NFC", "".join(c.char for c in current))
                words.append(
                    CtcWord(text, current[0].first_step, current[-1].last_step, min(c.probability for c in current))
                )
            current = []
        else:
            current.append(char)
    return words


def word_spans(words: list[CtcWord], steps: int) -> list[tuple[float, float]]:
    """Where each word lies along the line, in time steps (fractional), without overlaps.

    A CTC peak marks a character's middle, not its edges: a word reaches half
    way to its neighbours' peaks, at most a few steps beyond its own.

    >>> words = [CtcWord("Hà", 2, 5, 1.0), CtcWord("Nội", 10, 14, 1.0)]
    >>> word_spans(words, 20)
    [(0.0, 8.0), (8.0, 18.0)]
    """
    reach = 3.0
    spans = []
    for i, word in enumerate(words):
        before = (words[i - 1].last_step + 1 + word.first_step) / 2 if i else 0.0
        after = (word.last_step + 1 + words[i + 1].first_step) / 2 if i + 1 < len(words) else float(steps)
        start = max(word.first_step - reach, before, 0.0)
        end = min(word.last_step + 1 + reach, after, float(steps))
        spans.append((float(start), float(end)))
    return spans
