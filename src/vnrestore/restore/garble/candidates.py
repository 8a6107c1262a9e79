"""Which syllables a printed word may stand for: a delete index over folded skeletons.

Scoring every vocabulary form with the channel would cost a whole forward pass
per word type.  Instead the printed word is *folded* to bare letters with the
learned folds ("s6" → "so", "13" → "la" / "lu"), and every skeleton within a
small edit distance of a fold is found through a SymSpell-style table of
deletions.  Only their accented forms are scored with the channel, and the best
few are kept.  Results are cached per printed type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
from rapidfuzz.distance import Levenshtein

from vnrestore.text.diacritics import strip_diacritics

from .channel import Channel
from .tokens import apply_case, printed_case

#: longest skeleton indexed (longer vocabulary words are left to "keep as printed")
MAX_SKELETON = 8
#: most fold variants looked up per printed word
MAX_VARIANTS = 12


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to ``depth`` characters of ``word``.

    >>> sorted(deletes("cua", 1))
    ['ca', 'cu', 'cua', 'ua']
    """
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def max_distance(length: int) -> int:
    """Edit distance allowed for a folded word of ``length`` letters (short words are ambiguous enough).

    >>> [max_distance(n) for n in (1, 2, 3, 6)]
    [1, 1, 2, 2]
    """
    return 1 if length <= 2 else 2


@dataclass
class Candidates:
    """The kept candidates of one printed word: vocabulary ids, cased forms, channel log-scores."""

    ids: np.ndarray
    forms: list[str]
    scores: np.ndarray


class CandidateIndex:
    """Skeleton deletes → skeletons → accented forms, scored by a channel."""

    def __init__(self, forms: Sequence[str], ids: Sequence[int], channel: Channel, keep: int = 24) -> None:
        """``forms``: lower-case letter-only vocabulary words, most frequent first; ``ids``: their model ids."""
        self.channel = channel
        self.keep = keep
        self.forms = list(forms)
        self.ids = np.asarray(ids, dtype=np.int64)
        groups: dict[str, list[int]] = {}
        for index, form in enumerate(self.forms):
            key = strip_diacritics(form).lower()
            if len(key) <= MAX_SKELETON:
                groups.setdefault(key, []).append(index)
        self.skeletons = list(groups)
        self.members = [np.array(groups[s], dtype=np.int64) for s in self.skeletons]
        self.table: dict[str, list[int]] = {}
        for sid, key in enumerate(self.skeletons):
            for deleted in deletes(key, max_distance(len(key))):
                self.table.setdefault(deleted, []).append(sid)
        self._encoded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.cache: dict[str, Candidates] = {}

    def with_channel(self, channel: Channel) -> CandidateIndex:
        """A copy scoring with ``channel``: the delete table is shared, the caches start empty."""
        other = object.__new__(CandidateIndex)
        other.__dict__.update(self.__dict__)
        other.channel = channel
        other.cache = {}
        if channel.chars != self.channel.chars:
            other._encoded = {}
        return other

    def encoded(self, case: str) -> tuple[np.ndarray, np.ndarray]:
        """Channel rows of every form in ``case``, padded, and their lengths (made once per case)."""
        if case not in self._encoded:
            width = max(len(f) for f in self.forms)
            rows = np.zeros((len(self.forms), width), dtype=np.int64)
            lengths = np.zeros(len(self.forms), dtype=np.int64)
            for i, form in enumerate(self.forms):
                code = self.channel.encode(apply_case(form, case))
                rows[i, : len(code)] = code
                lengths[i] = len(code)
            self._encoded[case] = (rows, lengths)
        return self._encoded[case]

    def folds(self, printed: str) -> list[str]:
        """Bare-letter readings of a printed word, likeliest first.

        >>> index = CandidateIndex(["là"], [7], Channel.uniform("la"))
        >>> index.channel.folds = {"1": "l", "3": "au", "a": "a"}
        >>> index.folds("13")
        ['la', 'lu']
        """
        options = []
        for char in printed:
            fold = self.channel.folds.get(char)
            if fold is None:
                bare = strip_diacritics(char).lower()
                fold = bare if bare.isalpha() else ""
            options.append(fold or "")
        choices = [list(o) if o else [""] for o in options]
        variants: list[str] = []
        for combo in product(*choices):
            variant = "".join(combo)
            if variant not in variants:
                variants.append(variant)
            if len(variants) >= MAX_VARIANTS:
                break
        return variants

    def skeleton_ids(self, printed: str) -> set[int]:
        """Skeletons within the allowed edit distance of any fold of ``printed``."""
        found: set[int] = set()
        for variant in self.folds(printed):
            if not variant:
                continue
            limit = max_distance(len(variant))
            hits: set[int] = set()
            for deleted in deletes(variant, limit):
                hits.update(self.table.get(deleted, ()))
            for sid in hits:
                if sid not in found and Levenshtein.distance(variant, self.skeletons[sid], score_cutoff=limit) <= limit:
                    found.add(sid)
        return found

    def lookup(self, printed: str) -> Candidates:
        """The ``keep`` best forms for a printed word core, cased like it, by channel score."""
        cached = self.cache.get(printed)
        if cached is not None:
            return cached
        sids = self.skeleton_ids(printed)
        if not sids:
            result = Candidates(np.zeros(0, np.int64), [], np.zeros(0, np.float32))
        else:
            members = np.concatenate([self.members[s] for s in sorted(sids)])
            case = printed_case(printed)
            rows, lengths = self.encoded(case)
            scores = self.channel.score(printed, rows[members], lengths[members])
            order = np.argsort(-scores, kind="stable")[: self.keep]
            chosen = members[order]
            result = Candidates(self.ids[chosen], [apply_case(self.forms[i], case) for i in chosen], scores[order])
        self.cache[printed] = result
        return result


def index_from_vocabulary(vocab: Iterable[str], channel: Channel, limit: int = 30000) -> CandidateIndex:
    """An index over the first ``limit`` letter-only entries of a frequency-ordered vocabulary."""
    forms, ids = [], []
    for token_id, token in enumerate(vocab):
        if token.isalpha() and token.islower():
            forms.append(token)
            ids.append(token_id)
            if len(forms) >= limit:
                break
    return CandidateIndex(forms, ids, channel)
