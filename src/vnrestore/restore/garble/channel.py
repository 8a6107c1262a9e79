"""The noisy channel: P(what the OCR printed | what was written), one true character at a time.

Each true character (with its marks and case) prints as a *piece* of 0–3
characters: "ố" as "é", "6", "o" or "d", "ủ" as "ti" ("của" → "ctia"), "l" as
"1".  A syllable's probability sums over every way of cutting the printed
string into one piece per true character (a small forward pass).  The table is
learned by EM (:mod:`.train`); here it is only used: scored against many
candidate syllables at once with numpy, and adapted to one document.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numba import njit

from vnrestore.text.diacritics import strip_diacritics

#: longest piece one true character may print as
MAX_PIECE = 3
#: log-probability of a multi-character piece never seen in training
UNSEEN_PIECE_LOGP = -30.0
#: row of true characters the model has no row for, column of unseen single characters
UNKNOWN_CHAR, UNSEEN_SINGLE = 0, 1
#: placeholder for the unknown-character row and the unseen-single column (a private-use code point)
SLOT = "\ue000"


@dataclass
class Channel:
    """A dense table ``logp[true char id, piece id]`` plus the lookups to use it.

    Piece ids: 0 is the empty piece (a dropped character), 1 any single character
    never seen in training; the rest are the learned pieces.
    """

    chars: str
    pieces: list[str]
    logp: np.ndarray
    keep_logp: dict[str, float] = field(default_factory=dict)
    folds: dict[str, str] = field(default_factory=dict)
    char_index: dict[str, int] = field(init=False)
    piece_index: dict[str, int] = field(init=False)
    _bound: Channel | None = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.char_index = {c: i for i, c in enumerate(self.chars)}
        self.piece_index = {p: i for i, p in enumerate(self.pieces)}
        self.piece_index.pop(SLOT, None)

    # -- storage ---------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the table compactly (float16 log-probabilities in a zip with fixed dates: same bytes each build)."""
        keep_names = sorted(self.keep_logp)
        arrays = {
            "chars": np.array(list(self.chars)),
            "pieces": np.array(self.pieces),
            "logp": self.logp.astype(np.float16),
            "keep_names": np.array(keep_names),
            "keep_logp": np.array([self.keep_logp[k] for k in keep_names], dtype=np.float32),
            "folds": np.array([k + v for k, v in sorted(self.folds.items())]),
        }
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, values in arrays.items():
                buffer = io.BytesIO()
                np.save(buffer, values, allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> Channel:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                chars="".join(data["chars"].tolist()),
                pieces=[str(p) for p in data["pieces"].tolist()],
                logp=data["logp"].astype(np.float32),
                keep_logp=dict(zip(data["keep_names"].tolist(), data["keep_logp"].tolist())),
                folds={str(f)[0]: str(f)[1:] for f in data["folds"].tolist()},
            )

    # -- scoring ---------------------------------------------------------
    def encode(self, word: str) -> list[int]:
        """Row ids of the characters of a true word (unknown characters share row 0)."""
        return [self.char_index.get(c, UNKNOWN_CHAR) for c in word]

    def piece_id(self, piece: str) -> int:
        found = self.piece_index.get(piece)
        if found is not None:
            return found
        if len(piece) == 1:
            return UNSEEN_SINGLE
        return -1

    def span_logp(self, printed: str) -> np.ndarray:
        """``table[char, j, k]`` = log P(printed[j:j+k] | char), -inf past the end."""
        m = len(printed)
        ids = np.zeros((m + 1, MAX_PIECE + 1), dtype=np.int64)
        unseen = np.zeros((m + 1, MAX_PIECE + 1), dtype=bool)
        past_end = np.zeros((m + 1, MAX_PIECE + 1), dtype=bool)
        for j in range(m + 1):
            for k in range(MAX_PIECE + 1):
                if j + k > m:
                    past_end[j, k] = True
                    continue
                pid = self.piece_id(printed[j : j + k])
                if pid < 0:
                    unseen[j, k] = True
                else:
                    ids[j, k] = pid
        table = self.logp[:, ids]
        table[:, unseen] = UNSEEN_PIECE_LOGP
        table[:, past_end] = -np.inf
        return table

    def score(self, printed: str, candidates: np.ndarray, lengths: np.ndarray, best_cut: bool = False) -> np.ndarray:
        """log P(printed | candidate) for a batch of encoded candidates (rows padded with 0).

        >>> ch = Channel.uniform("abc")
        >>> ids = np.array([ch.encode("ab"), ch.encode("ca")]); lens = np.array([2, 2])
        >>> s = ch.score("ab", ids, lens); bool(s[0] > s[1])
        True
        """
        table = self.span_logp(printed)
        return _forward(table, np.ascontiguousarray(candidates, dtype=np.int64),
                        np.ascontiguousarray(lengths, dtype=np.int64), best_cut)

    def bound(self) -> Channel:
        """A channel whose bare-letter rows are the best of their marked forms (made once).

        Scoring a skeleton with it is an optimistic bound on every accented form of
        that skeleton, which ranks skeletons before their forms are scored exactly.
        """
        if self._bound is None:
            logp = self.logp.copy()
            groups: dict[str, list[int]] = defaultdict(list)
            for row, char in enumerate(self.chars):
                groups[strip_diacritics(char)].append(row)
            for bare, rows in groups.items():
                target = self.char_index.get(bare)
                if target is not None:
                    logp[target] = self.logp[rows].max(axis=0)
            self._bound = Channel(self.chars, self.pieces, logp, self.keep_logp, self.folds)
        return self._bound

    def score_one(self, printed: str, truth: str) -> float:
        """log P(printed | truth) for one pair.

        >>> ch = Channel.uniform("lao")
        >>> ch.score_one("la", "la") > ch.score_one("lo", "la")
        True
        """
        ids = np.array([self.encode(truth) or [0]])
        return float(self.score(printed, ids, np.array([len(truth)]))[0])

    # -- learning ---------------------------------------------------------
    def expected_counts(self, pairs: Iterable[tuple[str, str, float]]) -> dict[tuple[int, int], float]:
        """E-step: expected (true char, piece) counts over weighted (truth, printed, weight) pairs."""
        counts: dict[tuple[int, int], float] = defaultdict(float)
        prob = np.exp(self.logp.astype(np.float64))
        for truth, printed, weight in pairs:
            _accumulate(prob, self, truth, printed, weight, counts)
        return counts

    def adapted(self, counts: dict[tuple[int, int], float], prior_weight: float = 30.0) -> Channel:
        """A copy whose rows are the MAP mix of ``counts`` and this table (a document's own channel)."""
        rows: dict[int, dict[int, float]] = defaultdict(dict)
        for (c, p), value in counts.items():
            rows[c][p] = value
        logp = self.logp.copy()
        for c, row in rows.items():
            total = sum(row.values())
            prior = np.exp(self.logp[c].astype(np.float64)) * prior_weight
            for p, value in row.items():
                prior[p] += value
            logp[c] = np.log(prior / (prior_weight + total)).astype(np.float32)
        return Channel(self.chars, self.pieces, logp, dict(self.keep_logp), dict(self.folds))

    @classmethod
    def uniform(cls, chars: str) -> Channel:
        """A channel that copies each character with probability 0.8 (a starting point and for tests)."""
        pieces = ["", SLOT] + sorted(set(chars))
        alphabet = SLOT + chars
        logp = np.full((len(alphabet), len(pieces)), math.log(0.2 / len(pieces)), dtype=np.float32)
        for i, c in enumerate(alphabet):
            if c in pieces:
                logp[i, pieces.index(c)] = math.log(0.8)
        return cls(alphabet, pieces, logp)


@njit(cache=True, nogil=True)
def _forward(table, candidates, lengths, best_cut):  # pragma: no cover - compiled
    """log P(printed | candidate) per candidate: sum (or, ``best_cut``, max) over the cuts into pieces."""
    count = candidates.shape[0]
    m = table.shape[1] - 1
    out = np.empty(count, np.float32)
    alpha = np.empty(m + 1, np.float64)
    new = np.empty(m + 1, np.float64)
    for c in range(count):
        alpha[:] = -np.inf
        alpha[0] = 0.0
        for i in range(lengths[c]):
            row = candidates[c, i]
            new[:] = -np.inf
            for j in range(m + 1):
                a = alpha[j]
                if a == -np.inf:
                    continue
                for k in range(min(MAX_PIECE, m - j) + 1):
                    value = a + table[row, j, k]
                    target = new[j + k]
                    if best_cut:
                        if value > target:
                            new[j + k] = value
                    elif value > target:
                        new[j + k] = value + np.log1p(np.exp(target - value))
                    elif value > -np.inf:
                        new[j + k] = target + np.log1p(np.exp(value - target))
            alpha[:] = new
        out[c] = alpha[m]
    return out


def _accumulate(prob: np.ndarray, channel: Channel, truth: str, printed: str, weight: float,
                counts: dict[tuple[int, int], float]) -> None:
    """Forward-backward over the cuts of ``printed`` into len(truth) pieces; add posteriors to counts."""
    n, m = len(truth), len(printed)
    rows = channel.encode(truth)
    piece = {}
    for j in range(m + 1):
        for k in range(min(MAX_PIECE, m - j) + 1):
            pid = channel.piece_id(printed[j : j + k])
            if pid >= 0:
                piece[j, k] = pid
    fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
    fwd[0][0] = 1.0
    for i in range(n):
        row, cur, nxt = prob[rows[i]], fwd[i], fwd[i + 1]
        for j in range(m + 1):
            if cur[j]:
                for k in range(min(MAX_PIECE, m - j) + 1):
                    pid = piece.get((j, k))
                    if pid is not None:
                        nxt[j + k] += cur[j] * row[pid]
    total = fwd[n][m]
    if total <= 0.0:
        return
    bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
    bwd[n][m] = 1.0
    scale = weight / total
    for i in range(n - 1, -1, -1):
        row, cur, nxt = prob[rows[i]], bwd[i], bwd[i + 1]
        for j in range(m + 1):
            if fwd[i][j] == 0.0:
                continue
            acc = 0.0
            for k in range(min(MAX_PIECE, m - j) + 1):
                pid = piece.get((j, k))
                if pid is not None and nxt[j + k]:
                    value = row[pid] * nxt[j + k]
                    acc += value
                    counts[rows[i], pid] += fwd[i][j] * value * scale
            cur[j] = acc
