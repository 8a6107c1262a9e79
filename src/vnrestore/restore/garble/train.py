"""Learn the channel by EM over aligned (true syllable, printed word) pairs.

Build-time only.  The M-step backs each true character off to its unmarked
form (ố → ô), then to its bare letter (ô → o), then to a generic channel (copy,
case flip, drop, anything), and keeps a small share of that generic floor,
because real scans always differ from the ones trained on.  Counting is in a
fixed order, so two builds from the same pairs write the same bytes.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from vnrestore.text.diacritics import nfc, split_tone, strip_diacritics, to_tone_style

from .align import Fold, core, syllable_pairs
from .channel import MAX_PIECE, SLOT, UNSEEN_SINGLE, Channel
from .tokens import token_class

#: prior weight of each back-off level (unmarked form, bare letter, generic)
BACKOFF_WEIGHT = 4.0
#: share of the generic channel mixed into every row
GENERIC_FLOOR = 0.03
#: share of every marked vowel's row given to the symbols and digits all marked vowels print as
SYMBOL_SHARE = 0.003
#: a two-character piece folds to a letter when it stood for one character this often in training
#: (expected counts) and that letter's share of them is at least this
MIN_PAIR_FOLD_COUNT, PAIR_FOLD_SHARE = 20.0, 0.3
#: pseudo-count mass of "some single character never seen"
UNSEEN_SINGLE_MASS = 20.0


def read_pairs(files: Iterable[Path]) -> Iterator[tuple[str, str]]:
    """(true line, OCR line) from the generator's JSON lines, truth in NFC and the old tone style."""
    for path in files:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield to_tone_style(nfc(record["truth"]), "old"), nfc(record["ocr"])


def count_pairs(lines: Iterable[tuple[str, str]], fold: Fold | None = None) -> tuple[Counter, Counter]:
    """Aligned word pairs: (letters-only syllable pairs for EM, all pairs for the keep rates)."""
    syllables: Counter = Counter()
    everything: Counter = Counter()
    for truth, printed in lines:
        for true_word, printed_word in syllable_pairs(printed, truth, fold=fold):
            everything[true_word, printed_word] += 1
            if true_word.isalpha() and printed_word and len(printed_word) <= MAX_PIECE * len(true_word):
                syllables[true_word, printed_word] += 1
    return syllables, everything


def keep_rates(everything: Counter, vocabulary: set[str]) -> dict[str, float]:
    """log P(the printed word is right as it stands and no syllable | class of the printed word).

    Digits printed where "là" stood ("13") teach that a number in a word position
    is not always a number: "keep as printed" is a hypothesis with a learned rate.
    """
    kept: Counter = Counter()
    total: Counter = Counter()
    for (truth, printed), count in sorted(everything.items()):
        cls = token_class(printed)
        total[cls] += count
        if printed == truth and truth.lower() not in vocabulary:
            kept[cls] += count
    return {cls: math.log((kept[cls] + 1) / (total[cls] + 2)) for cls in sorted(total)}


def piece_inventory(pairs: Counter, min_count: int = 3) -> list[str]:
    """The empty piece, the unseen-single slot, then every printed substring of ≤ 3 characters seen often enough."""
    seen: Counter = Counter()
    for (_, printed), count in pairs.items():
        subs = {printed[j : j + k] for j in range(len(printed)) for k in range(1, MAX_PIECE + 1) if j + k <= len(printed)}
        for sub in subs:
            seen[sub] += count
    kept = sorted(p for p, c in seen.items() if len(p) == 1 or c >= min_count)
    return ["", SLOT] + kept


def _generic(chars: str, pieces: list[str]) -> np.ndarray:
    """The generic channel: copy, bare letter, unmarked form, case flip, drop, anything."""
    index = {p: i for i, p in enumerate(pieces)}
    table = np.full((len(chars), len(pieces)), 0.2 / (len(pieces) + UNSEEN_SINGLE_MASS))
    table[:, UNSEEN_SINGLE] *= UNSEEN_SINGLE_MASS
    for row, char in enumerate(chars):
        bare = strip_diacritics(char)
        unmarked = split_tone(char)[0]
        for piece, weight in ((char, 0.3), (bare, 0.3), (unmarked, 0.1), (bare.swapcase(), 0.05), ("", 0.05)):
            if piece in index:
                table[row, index[piece]] += weight
    return table / table.sum(axis=1, keepdims=True)


def _backoff_groups(chars: str) -> tuple[list[int], list[int]]:
    """For each row: the row group of its unmarked form and of its bare letter (same case)."""
    unmarked = [split_tone(c)[0] for c in chars]
    bare = [strip_diacritics(c) for c in chars]
    unmarked_ids = {u: i for i, u in enumerate(dict.fromkeys(unmarked))}
    bare_ids = {b: i for i, b in enumerate(dict.fromkeys(bare))}
    return [unmarked_ids[u] for u in unmarked], [bare_ids[b] for b in bare]


def smoothed(counts: np.ndarray, generic: np.ndarray, chars: str, pieces: list[str]) -> np.ndarray:
    """Rows of P(piece | char): counts backed off to unmarked form, bare letter, generic channel; a marked
    vowel's row also takes a small share of how marked vowels print as symbols (:data:`SYMBOL_SHARE`)."""
    unmarked_of, bare_of = _backoff_groups(chars)
    bare_counts = np.zeros((max(bare_of) + 1, counts.shape[1]))
    np.add.at(bare_counts, bare_of, counts)
    unmarked_counts = np.zeros((max(unmarked_of) + 1, counts.shape[1]))
    np.add.at(unmarked_counts, unmarked_of, counts)

    def mix(observed: np.ndarray, prior: np.ndarray) -> np.ndarray:
        return (observed + BACKOFF_WEIGHT * prior) / (observed.sum(axis=1, keepdims=True) + BACKOFF_WEIGHT)

    p_bare = mix(bare_counts[bare_of], generic)
    p_unmarked = mix(unmarked_counts[unmarked_of], p_bare)
    p_char = mix(counts, p_unmarked)
    marked = np.array([_is_marked_vowel(c) for c in chars])
    symbols = _marked_vowel_symbols(counts[marked], pieces)
    table = (1 - GENERIC_FLOOR) * p_char + GENERIC_FLOOR * generic
    table[marked] = (1 - SYMBOL_SHARE) * table[marked] + SYMBOL_SHARE * symbols
    return table


def _is_marked_vowel(char: str) -> bool:
    """ờ, Ế, â: a vowel with a tone or vowel mark (what English OCR turns into &, §, ¢ or a digit)."""
    bare = strip_diacritics(char)
    return bare != char and bare.lower() in "aeiouy"


def _marked_vowel_symbols(counts: np.ndarray, pieces: list[str]) -> np.ndarray:
    """How all marked vowels together print as one symbol or digit: & for ấ teaches & for ờ, which the
    training pages may never have shown (a uniform share over such pieces if none was seen)."""
    symbolic = np.array([len(p) == 1 and p != SLOT and not p.isalpha() and not p.isspace() for p in pieces])
    pooled = counts.sum(axis=0) * symbolic
    if pooled.sum() <= 0:
        pooled = symbolic.astype(np.float64)
    return pooled / pooled.sum()


def train_channel(pairs: Counter, everything: Counter, iterations: int = 5, log=None) -> Channel:
    """EM from the generic channel over the distinct syllable pairs, weighted by their counts."""
    chars = SLOT + "".join(sorted({c for truth, _ in pairs for c in truth}))
    pieces = piece_inventory(pairs)
    generic = _generic(chars, pieces)
    channel = Channel(chars, pieces, np.log(generic).astype(np.float32))
    ordered = [(t, p, float(c)) for (t, p), c in sorted(pairs.items())]
    for iteration in range(iterations):
        counts = channel.expected_counts(ordered)
        channel = Channel(chars, pieces, np.log(smoothed(counts, generic, chars, pieces)).astype(np.float32))
        if log:
            log(f"EM iteration {iteration + 1}: {counts.sum():.0f} characters")
    channel.folds = letter_folds(counts, chars, pieces)
    vocabulary = {t.lower() for (t, _), c in pairs.items() if c >= 2}
    channel.keep_logp = keep_rates(everything, vocabulary)
    return channel


def letter_folds(counts: np.ndarray, chars: str, pieces: list[str], min_share: float = 0.1) -> dict[str, str]:
    """For each printed character, the bare lower-case letters it most often stands for ("6" → "o");
    and for each two-character piece that mostly stands for one letter, that letter ("it" → "u", of
    "chitng" for "chứng").

    The candidate index looks printed words up by these, so "s6" finds "so" (số).
    """
    bare = [strip_diacritics(c).lower() for c in chars]
    folds = {}
    for pid, piece in enumerate(pieces):
        if piece == SLOT or not 1 <= len(piece) <= 2:
            continue
        shares: Counter = Counter()
        for row, letter in enumerate(bare):
            if letter.isalpha() and len(letter) == 1:
                shares[letter] += counts[row, pid]
        total = sum(shares.values())
        if total < (2 if len(piece) == 1 else MIN_PAIR_FOLD_COUNT):
            continue
        share = min_share if len(piece) == 1 else PAIR_FOLD_SHARE
        chosen = [b for b, v in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])) if v / total >= share]
        if chosen:
            folds[piece] = "".join(chosen[:3])
    return folds


def digit_folding(folds: dict[str, str]) -> Fold:
    """Read a printed word's digits and symbols as the letter each most often stands for.

    >>> digit_folding({"1": "l", "6": "o", "&": "ae", "a": "a"})("16 s& ab")
    'lo sa ab'
    """
    table = str.maketrans({c: f[0] for c, f in folds.items() if len(c) == 1 and not c.isalpha() and f})
    return lambda word: word.translate(table)


def build_channel(pair_files: list[Path], out: Path, iterations: int = 5, log=None) -> Channel:
    """Read the cached pairs, learn the channel, write it to ``out``.

    Learned twice: the first channel's folds align again the words the OCR printed as
    digits ("16" for "lễ", "13" for "là"), which a plain edit distance cannot pair;
    without them the channel would learn that a printed number is always a number.
    """
    lines = list(read_pairs(pair_files))
    fold = None
    for round_ in (1, 2):
        pairs, everything = count_pairs(lines, fold)
        if log:
            log(f"round {round_}: {sum(pairs.values())} syllable pairs ({len(pairs)} distinct) "
                f"from {len(pair_files)} files")
        channel = train_channel(pairs, everything, iterations, log)
        fold = digit_folding(channel.folds)
    channel.save(out)
    return channel


__all__ = ["build_channel", "core", "train_channel"]
