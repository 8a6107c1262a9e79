"""The noisy channel: P(what the OCR printed | what was written), one true character at a time.

Each true character (with its marks and case) prints as a *piece* of 0–3
characters: "ố" as "é", "6", "o" or "d", "ủ" as "ti" ("của" → "ctia"), "l" as
"1".  A syllable's probability sums over every way of cutting the printed
string into one piece per true character (a small forward pass).  The table is
learned by EM (:mod:`.train`); here it is only used: scored against many
candidate syllables at once with numpy, and adapted to one document.
"""

from __future__ import annotations

import copy
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
#: the channel's word-level floor: with probability e^NOISE_LOGP the OCR prints noise that owes nothing to the
#: word written, each character at e^NOISE_CHAR_LOGP (about one in seven).  A smudged word ("ugar" for
#: "người") then scores alike under every candidate and the language model chooses, where the character
#: table alone would rank them by which letters happen to match ("sugar").  The repair applies it only to
#: a print that is no syllable: "nhà" printed so is no noise, and the floor would let the context turn it
#: into "nhận".  On the dev pages (seen / unseen / office parts, ``eval_garbled.py``'s pages) no floor reads
#: 178 / 545 / 102 errors, (-8, -2.5) 177 / 541 / 109, (-12, -2) 177 / 538 / 104, (-14, -1.5) 177 / 536 / 103
NOISE_LOGP, NOISE_CHAR_LOGP = -12.0, -2.0
#: row of true characters the model has no row for, column of unseen single characters
UNKNOWN_CHAR, UNSEEN_SINGLE = 0, 1
#: between a printed piece and the letters it folds to, in the stored channel
FOLD_SEPARATOR = "\t"
#: placeholder for the unknown-character row and the unseen-single column (a private-use code point)
SLOT = "\ue000"


def with_noise_floor(scores: np.ndarray, printed: str) -> np.ndarray:
    """log P(printed | candidate) mixed with the floor of noise that owes nothing to the candidate
    (:data:`NOISE_LOGP`): scores far above it stay, scores below it rise to it.

    >>> [round(float(v), 2) for v in with_noise_floor(np.array([-1.0, -30.0, -60.0]), "fama")]
    [-1.0, -20.0, -20.0]
    """
    return np.logaddexp(scores, NOISE_LOGP + NOISE_CHAR_LOGP * len(printed))


@dataclass(frozen=True)
class RowCounts:
    """Expected piece counts of some of a channel's rows: ``counts[k]`` belongs to row ``rows[k]``, and
    only the pieces in ``columns`` (None: any) can be counted at all."""

    rows: np.ndarray
    counts: np.ndarray
    columns: np.ndarray | None = None


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
    #: the table as probabilities (float64), made on first use: the forward pass multiplies and adds
    _prob: np.ndarray | None = field(init=False, default=None, repr=False)
    #: piece ids of the substrings of printed words; shared with adapted copies (same pieces)
    _grids: dict[str, np.ndarray] = field(init=False, default_factory=dict, repr=False)

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
            "folds": np.array([f"{k}{FOLD_SEPARATOR}{v}" for k, v in sorted(self.folds.items())]),
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
                folds=dict(str(f).split(FOLD_SEPARATOR, 1) for f in data["folds"].tolist()),
            )

    def chars_printing(self, mark: str, min_logp: float) -> frozenset[str]:
        """The true characters that print as a piece holding ``mark`` with log-probability ``min_logp`` or more.

        >>> sorted(Channel(chars="\ue000aử", pieces=["", SLOT, "a", "u?", "u"],
        ...        logp=np.log(np.array([[.2, .2, .2, .2, .2], [0, 0, 1, 0, 0], [0, 0, 0, .3, .7]]) + 1e-9)
        ...        ).chars_printing("?", -3.0))
        ['ử']
        """
        columns = [k for k, piece in enumerate(self.pieces) if mark in piece and piece != SLOT]
        if not columns:
            return frozenset()
        mass = np.logaddexp.reduce(self.logp[:, columns].astype(np.float64), axis=1)
        return frozenset(c for c, value in zip(self.chars, mass.tolist()) if value >= min_logp and c != SLOT)

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

    def piece_grid(self, printed: str) -> np.ndarray:
        """``grid[j, k]``: piece id of ``printed[j:j+k]``; -1 an unseen multi-character piece, -2 past the end.

        >>> Channel.uniform("ab").piece_grid("ab").tolist()
        [[0, 2, -1, -2], [0, 3, -2, -2], [0, -2, -2, -2]]
        """
        grid = self._grids.get(printed)
        if grid is None:
            m = len(printed)
            grid = np.full((m + 1, MAX_PIECE + 1), -2, dtype=np.int64)
            for j in range(m + 1):
                for k in range(min(MAX_PIECE, m - j) + 1):
                    grid[j, k] = self.piece_id(printed[j : j + k])
            if len(self._grids) < 200_000:
                self._grids[printed] = grid
        return grid

    def score(self, printed: str, candidates: np.ndarray, lengths: np.ndarray, best_cut: bool = False) -> np.ndarray:
        """log P(printed | candidate) for a batch of encoded candidates (rows padded with 0).

        >>> ch = Channel.uniform("abc")
        >>> ids = np.array([ch.encode("ab"), ch.encode("ca")]); lens = np.array([2, 2])
        >>> s = ch.score("ab", ids, lens); bool(s[0] > s[1])
        True
        """
        # the table is read through the piece grid inside the compiled loop: no [char, j, k] table per call
        if self._prob is None:
            self._prob = np.exp(self.logp.astype(np.float64))
        return _forward(self._prob, self.piece_grid(printed), _as_rows(candidates),
                        np.ascontiguousarray(lengths, dtype=np.int64), best_cut, math.exp(UNSEEN_PIECE_LOGP))

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
    def expected_counts(self, pairs: Iterable[tuple[str, str, float]]) -> np.ndarray:
        """E-step: expected counts ``[true char, piece]`` over weighted (truth, printed, weight) pairs."""
        found = self.expected_row_counts(pairs)
        counts = np.zeros(self.logp.shape, dtype=np.float64)
        counts[found.rows] = found.counts
        return counts

    def expected_row_counts(self, pairs: Iterable[tuple[str, str, float]]) -> RowCounts:
        """:meth:`expected_counts` of the rows of the characters that occur only (a document uses few of
        the table's rows, and a full table per document would be mostly zeros to fill and sum)."""
        pairs = list(pairs)
        encoded = [np.array(self.encode(truth), dtype=np.int64) for truth, _, _ in pairs]
        used = np.unique(np.concatenate(encoded)) if encoded else np.zeros(0, np.int64)
        local = np.zeros(len(self.chars), dtype=np.int64)
        local[used] = np.arange(len(used))
        prob = self._prob[used] if self._prob is not None else np.exp(self.logp[used].astype(np.float64))
        sub = np.zeros((len(used), self.logp.shape[1]), dtype=np.float64)
        grids = [self.piece_grid(printed) for _, printed, _ in pairs]
        for rows, grid, (_, _, weight) in zip(encoded, grids, pairs):
            _accumulate(prob, local[rows], grid, float(weight), sub)
        # the pieces the document's words can be cut into: the only columns a count can land in
        columns = np.unique(np.concatenate([grid[grid >= 0] for grid in grids])) if grids else np.zeros(0, np.int64)
        return RowCounts(used, sub, columns)

    def adapted(self, counts: np.ndarray | RowCounts, prior_weight: float = 30.0) -> Channel:
        """A copy whose rows are the MAP mix of ``counts`` (a full table, or :class:`RowCounts`) and this
        table (a document's own channel).

        A touched row becomes (prior_weight × p + counts) / (prior_weight + row total): a
        common scale for the many pieces the document never printed, and a few pieces it
        did; so only those few are recomputed, not a log and an exp over the whole row.
        """
        if not isinstance(counts, RowCounts):
            counts = RowCounts(np.arange(len(counts)), counts)
        logp = self.logp.copy()
        table = counts.counts if counts.columns is None else counts.counts[:, counts.columns]
        totals = table.sum(axis=1)
        some = np.nonzero(totals > 0)[0]
        touched, totals, table = counts.rows[some], totals[some], table[some]
        scale = prior_weight / (prior_weight + totals)
        logp[touched] += np.log(scale).astype(np.float32)[:, None]
        rows, cells = np.nonzero(table)
        pieces = cells if counts.columns is None else counts.columns[cells]
        at = touched[rows]
        mixed = (np.exp(self.logp[at, pieces].astype(np.float64)) * prior_weight + table[rows, cells]) \
            / (prior_weight + totals[rows])
        logp[at, pieces] = np.log(mixed).astype(np.float32)
        other = self._sibling(logp)
        if self._prob is not None:  # only the touched rows change: no exp over the whole table per document
            other._prob = self._prob.copy()
            other._prob[touched] *= scale[:, None]
            other._prob[at, pieces] = mixed
        return other

    def _sibling(self, logp: np.ndarray) -> Channel:
        """A channel with another table and this one's characters, pieces, lookups and piece grids, shared
        (a document's channel would otherwise index 5,000 pieces again)."""
        other = copy.copy(self)
        other.logp, other._bound, other._prob = logp, None, None
        other.keep_logp, other.folds = dict(self.keep_logp), dict(self.folds)
        return other

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


def _as_rows(candidates: np.ndarray) -> np.ndarray:
    """Encoded candidates as the compiled forward pass takes them: contiguous, 16-bit (the candidate index's
    own) or 64-bit row ids, so that neither is copied."""
    if candidates.dtype not in (np.int16, np.int64):
        candidates = candidates.astype(np.int64)
    return np.ascontiguousarray(candidates)


@njit(cache=True, nogil=True)
def _forward(prob, grid, candidates, lengths, best_cut, unseen):  # pragma: no cover - compiled
    """log P(printed | candidate) per candidate: sum (or, ``best_cut``, max) over the cuts into pieces.

    ``grid[j, k]`` is the piece id of printed[j:j+k] (-1 unseen, probability ``unseen``; -2 past
    the end).  Probabilities, not logs: a syllable has at most a dozen characters, each piece at
    least e^-30 likely, far above float64's floor, and multiply-add is much cheaper than log-add.
    """
    count = candidates.shape[0]
    m = grid.shape[0] - 1
    out = np.empty(count, np.float32)
    alpha = np.empty(m + 1, np.float64)
    new = np.empty(m + 1, np.float64)
    for c in range(count):
        alpha[:] = 0.0
        alpha[0] = 1.0
        for i in range(lengths[c]):
            row = candidates[c, i]
            new[:] = 0.0
            for j in range(m + 1):
                a = alpha[j]
                if a == 0.0:
                    continue
                for k in range(min(MAX_PIECE, m - j) + 1):
                    pid = grid[j, k]
                    value = a * (prob[row, pid] if pid >= 0 else unseen)
                    if best_cut:
                        if value > new[j + k]:
                            new[j + k] = value
                    else:
                        new[j + k] += value
            alpha[:] = new
        out[c] = np.log(alpha[m]) if alpha[m] > 0.0 else -np.inf
    return out


@njit(cache=True, nogil=True)
def _accumulate(prob, rows, grid, weight, counts):  # pragma: no cover - compiled
    """Forward-backward over the cuts of a printed word into one piece per true character; add posteriors."""
    n = rows.shape[0]
    m = grid.shape[0] - 1
    fwd = np.zeros((n + 1, m + 1))
    fwd[0, 0] = 1.0
    for i in range(n):
        r = rows[i]
        for j in range(m + 1):
            f = fwd[i, j]
            if f == 0.0:
                continue
            for k in range(min(MAX_PIECE, m - j) + 1):
                pid = grid[j, k]
                if pid >= 0:
                    fwd[i + 1, j + k] += f * prob[r, pid]
    total = fwd[n, m]
    if total <= 0.0:
        return
    bwd = np.zeros((n + 1, m + 1))
    bwd[n, m] = 1.0
    scale = weight / total
    for i in range(n - 1, -1, -1):
        r = rows[i]
        for j in range(m + 1):
            if fwd[i, j] == 0.0:
                continue
            acc = 0.0
            for k in range(min(MAX_PIECE, m - j) + 1):
                pid = grid[j, k]
                if pid >= 0 and bwd[i + 1, j + k] != 0.0:
                    value = prob[r, pid] * bwd[i + 1, j + k]
                    acc += value
                    counts[r, pid] += fwd[i, j] * value * scale
            bwd[i, j] = acc
