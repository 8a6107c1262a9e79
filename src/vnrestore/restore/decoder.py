"""Beam search over per-position candidates under the trigram model, compiled with numba.

This is the one decoder every restoring mode shares.  A *lattice* is three flat
arrays: for position ``p`` the candidates are ``cand_ids[cand_start[p]:cand_start[p+1]]``
(model token ids) with an emission log-score each in ``cand_score`` (0 for plain
stripped restoration; a channel log-probability for garbled OCR; a bonus for
the printed form of a confident OCR word).  Sequences (lines) are ranges of
positions given by ``seq_start``; each is decoded as ``<s> <s> x1 .. xn </s>``.
:func:`decode` returns, per position, the index of the chosen candidate
within that position's range.  Compilation is cached on disk (``cache=True``),
so only the first run on a machine pays for it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

BOS_ID = 1
EOS_ID = 2
NEG_INF = -1e30
#: states scoring this far (natural log) below the best at a position are dropped: a path
#: that far behind does not come back within a trigram's reach, so accuracy does not move
PRUNE = 12.0
#: states kept after a sequence's first position, where the beam would rank each word by P(w | <s>)
#: alone: "cài" (e^-19 after <s>) lost its place to "cái" before "đặt" could tell them apart
FIRST_BEAM = 64
#: a context's bigram or trigram successors are walked (and matched to the candidates by id, :func:`_spread`)
#: when there are at most this many per candidate, else each candidate is searched among them
SCAN_PER_CANDIDATE = 8


@njit(cache=True, nogil=True)
def _find(keys, lo, hi, x):  # pragma: no cover - compiled
    """Index of ``x`` in the sorted slice ``keys[lo:hi]``, or -1."""
    while lo < hi:
        mid = (lo + hi) >> 1
        value = keys[mid]
        if value < x:
            lo = mid + 1
        elif value > x:
            hi = mid
        else:
            return mid
    return -1


@njit(cache=True, nogil=True)
def _spread(keys, values, lo, hi, first_of, next_of, out, offset):  # pragma: no cover - compiled
    """``out[offset + k] = values[m]`` for each entry ``m`` of ``lo..hi-1`` whose id ``keys[m]`` is candidate
    ``k``'s (``first_of`` / ``next_of``: the position's candidates chained by id)."""
    for m in range(lo, hi):
        k = first_of[keys[m]]
        while k >= 0:
            out[offset + k] = values[m]
            k = next_of[k]


@njit(cache=True, nogil=True)
def logp(lm, a, b, c):  # pragma: no cover - compiled
    """log P(c | a, b) with backing off to bigrams and unigrams."""
    uni_logp, uni_bow, bi_start, bi_w2, bi_logp, bi_bow, tri_start, tri_w3, tri_logp = lm
    backoff = 0.0
    j = _find(bi_w2, bi_start[a], bi_start[a + 1], b)
    if j >= 0:
        k = _find(tri_w3, tri_start[j], tri_start[j + 1], c)
        if k >= 0:
            return tri_logp[k]
        backoff = bi_bow[j]
    m = _find(bi_w2, bi_start[b], bi_start[b + 1], c)
    if m >= 0:
        return backoff + bi_logp[m]
    return backoff + uni_bow[b] + uni_logp[c]


@njit(cache=True, nogil=True)
def bigram_logp(lm, b, c):  # pragma: no cover - compiled
    """log P(c | b) with backing off to the unigram."""
    uni_logp, uni_bow, bi_start, bi_w2, bi_logp = lm[0], lm[1], lm[2], lm[3], lm[4]
    m = _find(bi_w2, bi_start[b], bi_start[b + 1], c)
    if m >= 0:
        return bi_logp[m]
    return uni_bow[b] + uni_logp[c]


def sequence_logp(lm: tuple[np.ndarray, ...], ids, history: tuple[int, int] = (BOS_ID, BOS_ID)) -> float:
    """log P of the tokens ``ids`` under the trigram model, after the two tokens of ``history``."""
    total, a, b = 0.0, history[0], history[1]
    for c in ids:
        total += float(logp(lm, a, b, c))
        a, b = b, c
    return total


def insertion_gain(lm: tuple[np.ndarray, ...], token_id: int, after,
                   history: tuple[int, int] = (BOS_ID, BOS_ID)) -> float:
    """How much likelier (log) the tokens ``after`` are with ``token_id`` inserted before them, after the
    two tokens of ``history``: whether a faint stop or a printed hyphen belongs between two words."""
    return sequence_logp(lm, [token_id, *after], history) - sequence_logp(lm, after, history)


@njit(cache=True, nogil=True)
def _decode_sequence(lm, first, last, cand_start, cand_ids, cand_score, beam, choice,
                     hist_back, hist_cand, buffers):  # pragma: no cover - compiled
    """Beam search over positions first..last-1; writes ``choice`` for them.

    A state is (w_{i-1}, w_i); states ending in the same two candidates recombine.
    Per state the trigram context is found once; P(c | w_i) is computed once per
    (w_i, c) pair, not per state.
    """
    uni_logp, uni_bow, bi_start, bi_w2, bi_logp = lm[0], lm[1], lm[2], lm[3], lm[4]
    bi_bow, tri_start, tri_w3, tri_logp = lm[5], lm[6], lm[7], lm[8]
    prev_w, cur_w, cur_k, score, new_prev, new_cur, new_k, new_score, best, arg, lower, done, rows, \
        first_of, next_of, trigram = buffers
    stride = prev_w.size  # states a position may keep: FIRST_BEAM after the first position, else beam
    prev_w[0] = BOS_ID
    cur_w[0] = BOS_ID
    cur_k[0] = 0
    score[0] = 0.0
    n_live = 1
    prev_lo = 0
    prev_width = 1
    for p in range(first, last):
        lo = cand_start[p]
        width = cand_start[p + 1] - lo
        cells = prev_width * width
        if cells > best.size:
            return False
        # candidates by token id (a chain per id: case twins share one), so that a short list of
        # bigram or trigram successors is walked once instead of searched once per candidate
        for k in range(width):
            c = cand_ids[lo + k]
            next_of[k] = first_of[c]
            first_of[c] = k
        # the rows of the (previous candidate, candidate) grid some live state reaches: only they
        # are filled and searched (at 64 candidates a position, a sixteenth of the grid or less)
        for a in range(prev_width):
            done[a] = False
        n_rows = 0
        for s in range(n_live):
            a = cur_k[s]
            if done[a]:
                continue
            done[a] = True
            rows[n_rows] = a
            n_rows += 1
            # P(c | w_i) for the previous candidates some live state ends in, once per pair
            b = BOS_ID if p == first else cand_ids[prev_lo + a]
            b_lo, b_hi = bi_start[b], bi_start[b + 1]
            if b_hi - b_lo <= SCAN_PER_CANDIDATE * width:
                for k in range(width):  # the unigram back-off of bigram_logp, then the bigrams seen
                    lower[a * width + k] = uni_bow[b] + uni_logp[cand_ids[lo + k]]
                _spread(bi_w2, bi_logp, b_lo, b_hi, first_of, next_of, lower, a * width)
            else:
                for k in range(width):
                    lower[a * width + k] = bigram_logp(lm, b, cand_ids[lo + k])
            for k in range(width):
                best[a * width + k] = NEG_INF
        for r in range(1, n_rows):  # ascending, so the beam is chosen in grid order as before
            a = rows[r]
            q = r - 1
            while q >= 0 and rows[q] > a:
                rows[q + 1] = rows[q]
                q -= 1
            rows[q + 1] = a
        for s in range(n_live):
            j = _find(bi_w2, bi_start[prev_w[s]], bi_start[prev_w[s] + 1], cur_w[s])
            t_lo, t_hi, backoff = 0, 0, 0.0
            if j >= 0:
                t_lo, t_hi, backoff = tri_start[j], tri_start[j + 1], bi_bow[j]
            row = cur_k[s] * width
            if t_hi - t_lo <= SCAN_PER_CANDIDATE * width:
                for k in range(width):
                    trigram[k] = backoff + lower[row + k]
                _spread(tri_w3, tri_logp, t_lo, t_hi, first_of, next_of, trigram, 0)
            else:
                for k in range(width):
                    t = _find(tri_w3, t_lo, t_hi, cand_ids[lo + k])
                    trigram[k] = tri_logp[t] if t >= 0 else backoff + lower[row + k]
            for k in range(width):
                value = trigram[k]
                value += score[s] + cand_score[lo + k]
                if value > best[row + k]:
                    best[row + k] = value
                    arg[row + k] = s
        # keep the best `beam` recombined states within `PRUNE` of the best one (`stride` after the first position)
        keep = stride if p == first else beam
        top = NEG_INF
        for r in range(n_rows):
            for slot in range(rows[r] * width, (rows[r] + 1) * width):
                if best[slot] > top:
                    top = best[slot]
        floor = top - PRUNE
        n_new = 0
        for r in range(n_rows):
            for slot in range(rows[r] * width, (rows[r] + 1) * width):
                # a slot no state reached (NEG_INF) has no back pointer: never keep it
                if best[slot] >= floor and best[slot] > NEG_INF:
                    if n_new < keep:
                        new_score[n_new] = best[slot]
                        new_k[n_new] = slot
                        n_new += 1
                    else:
                        worst = 0
                        for n in range(1, keep):
                            if new_score[n] < new_score[worst]:
                                worst = n
                        if best[slot] > new_score[worst]:
                            new_score[worst] = best[slot]
                            new_k[worst] = slot
        for k in range(width):
            first_of[cand_ids[lo + k]] = -1
        row = (p - first) * stride
        for n in range(n_new):
            slot = new_k[n]
            s = arg[slot]
            k = slot % width
            new_prev[n] = cur_w[s]
            new_cur[n] = cand_ids[lo + k]
            hist_back[row + n] = s
            hist_cand[row + n] = k
            new_k[n] = k
        for n in range(n_new):
            prev_w[n] = new_prev[n]
            cur_w[n] = new_cur[n]
            cur_k[n] = new_k[n]
            score[n] = new_score[n]
        n_live = n_new
        prev_lo = lo
        prev_width = width
    if last == first:
        return True
    final = 0
    final_score = NEG_INF
    for s in range(n_live):
        j = _find(bi_w2, bi_start[prev_w[s]], bi_start[prev_w[s] + 1], cur_w[s])
        value = score[s]
        t = -1
        if j >= 0:
            t = _find(tri_w3, tri_start[j], tri_start[j + 1], EOS_ID)
        if t >= 0:
            value += tri_logp[t]
        else:
            value += (bi_bow[j] if j >= 0 else 0.0) + bigram_logp(lm, cur_w[s], EOS_ID)
        if value > final_score:
            final_score = value
            final = s
    s = final
    for p in range(last - 1, first - 1, -1):
        row = (p - first) * stride
        choice[p] = hist_cand[row + s]
        s = hist_back[row + s]
    return True


@njit(cache=True, nogil=True)
def _decode_all(lm, seq_start, cand_start, cand_ids, cand_score, beam):  # pragma: no cover - compiled
    n_positions = cand_start.size - 1
    choice = np.zeros(n_positions, np.int64)
    longest = 0
    widest = 1
    for q in range(seq_start.size - 1):
        longest = max(longest, seq_start[q + 1] - seq_start[q])
    for p in range(n_positions):
        widest = max(widest, cand_start[p + 1] - cand_start[p])
    stride = max(beam, FIRST_BEAM)
    hist_back = np.zeros(longest * stride, np.int64)
    hist_cand = np.zeros(longest * stride, np.int64)
    cells = widest * widest
    buffers = (np.empty(stride, np.int64), np.empty(stride, np.int64), np.empty(stride, np.int64), np.empty(stride),
               np.empty(stride, np.int64), np.empty(stride, np.int64), np.empty(stride, np.int64), np.empty(stride),
               np.empty(cells), np.empty(cells, np.int64), np.empty(cells), np.empty(widest, np.bool_),
               np.empty(widest, np.int64), np.full(lm[0].size, -1, np.int64), np.empty(widest, np.int64),
               np.empty(widest))
    for q in range(seq_start.size - 1):
        _decode_sequence(lm, seq_start[q], seq_start[q + 1], cand_start, cand_ids, cand_score, beam,
                         choice, hist_back, hist_cand, buffers)
    return choice


@njit(cache=True, nogil=True)
def _lattice_fault(vocabulary, seq_start, cand_start, cand_ids, n_scores):  # pragma: no cover - compiled
    """0 for a sound lattice, else the number of the first rule it breaks (see :func:`check_lattice`)."""
    n_positions = cand_start.size - 1
    if n_positions < 0 or seq_start.size < 1:
        return 1
    if cand_start[0] != 0 or cand_start[n_positions] != cand_ids.size or n_scores != cand_ids.size:
        return 2
    for p in range(n_positions):
        if cand_start[p + 1] <= cand_start[p]:
            return 3
    if seq_start[0] != 0 or seq_start[seq_start.size - 1] != n_positions:
        return 4
    for q in range(seq_start.size - 1):
        if seq_start[q + 1] < seq_start[q]:
            return 4
    for c in range(cand_ids.size):
        if cand_ids[c] < 0 or cand_ids[c] >= vocabulary:
            return 5
    return 0


@njit(cache=True, nogil=True)
def _path_fits(cand_start, choice):  # pragma: no cover - compiled
    """Whether ``choice`` names one of each position's candidates."""
    if choice.size != cand_start.size - 1:
        return False
    for p in range(choice.size):
        if choice[p] < 0 or choice[p] >= cand_start[p + 1] - cand_start[p]:
            return False
    return True


_LATTICE_FAULTS = {
    1: "offsets need at least one entry",
    2: "candidate offsets must run from 0 to the number of ids, with one score per id",
    3: "every position needs at least one candidate",
    4: "sequence offsets must rise from 0 to the number of positions",
    5: "a token id is outside the model's vocabulary",
}


def check_lattice(lm: tuple[np.ndarray, ...], seq_start: np.ndarray, cand_start: np.ndarray,
                  cand_ids: np.ndarray, cand_score: np.ndarray) -> None:
    """Raise ``ValueError`` for a lattice the compiled code would read out of bounds.

    The compiled loops index the model's tables by token id without checking, so a stray id or a
    broken offset would read garbage (or crash) instead of failing.  The check is one compiled pass.

    >>> ids = np.array([5, 7]); check_lattice((np.zeros(8),), np.array([0, 1]), np.array([0, 2]), ids, np.zeros(2))
    >>> check_lattice((np.zeros(8),), np.array([0, 1]), np.array([0, 2]), np.array([5, 9]), np.zeros(2))
    Traceback (most recent call last):
    ValueError: lattice: a token id is outside the model's vocabulary
    """
    fault = _lattice_fault(lm[0].size, seq_start, cand_start, cand_ids, cand_score.size)
    if fault:
        raise ValueError(f"lattice: {_LATTICE_FAULTS[fault]}")


def decode(lm: tuple[np.ndarray, ...], seq_start: np.ndarray, cand_start: np.ndarray,
           cand_ids: np.ndarray, cand_score: np.ndarray, beam: int = 16) -> np.ndarray:
    """Best candidate index per position of a lattice (see the module docstring).

    ``lm`` is :attr:`RestorerModel.lm`; ``seq_start`` (int64, n_sequences + 1) and
    ``cand_start`` (int64, n_positions + 1) are offsets; ``cand_ids`` (int64) and
    ``cand_score`` (float64) hold the candidates.  Every position needs at least one
    (:func:`check_lattice` says what is wrong with a lattice that breaks these rules).
    """
    check_lattice(lm, seq_start, cand_start, cand_ids, cand_score)
    return _decode_all(lm, seq_start, cand_start, cand_ids, cand_score, beam)


@njit(cache=True, nogil=True)
def _local_scores(lm, seq_start, cand_start, cand_ids, cand_score, choice, window):  # pragma: no cover - compiled
    """Score of every candidate with its neighbours fixed to the chosen path; ``NEG_INF`` for one
    whose emission is more than ``window`` below its position's best (but the chosen one)."""
    out = np.empty(cand_ids.size)
    for q in range(seq_start.size - 1):
        first, last = seq_start[q], seq_start[q + 1]
        for p in range(first, last):
            w2 = BOS_ID if p - 2 < first else cand_ids[cand_start[p - 2] + choice[p - 2]]
            w1 = BOS_ID if p - 1 < first else cand_ids[cand_start[p - 1] + choice[p - 1]]
            n1 = EOS_ID if p + 1 >= last else cand_ids[cand_start[p + 1] + choice[p + 1]]
            floor = NEG_INF
            for c in range(cand_start[p], cand_start[p + 1]):
                floor = max(floor, cand_score[c] - window)
            for c in range(cand_start[p], cand_start[p + 1]):
                if cand_score[c] < floor and c != cand_start[p] + choice[p]:
                    out[c] = NEG_INF
                    continue
                w = cand_ids[c]
                value = cand_score[c] + logp(lm, w2, w1, w) + logp(lm, w1, w, n1)
                if p + 1 < last:
                    n2 = EOS_ID if p + 2 >= last else cand_ids[cand_start[p + 2] + choice[p + 2]]
                    value += logp(lm, w, n1, n2)
                out[c] = value
    return out


def local_scores(lm: tuple[np.ndarray, ...], seq_start: np.ndarray, cand_start: np.ndarray,
                 cand_ids: np.ndarray, cand_score: np.ndarray, choice: np.ndarray,
                 window: float = np.inf) -> np.ndarray:
    """Per candidate: its log-score with the rest of the chosen path fixed (for confidences).  With a
    ``window``, only candidates whose emission is within it of their position's best are scored (and
    the chosen one), the others get ``NEG_INF``: a quick confidence, not the alternatives to show."""
    check_lattice(lm, seq_start, cand_start, cand_ids, cand_score)
    if not _path_fits(cand_start, choice):
        raise ValueError("lattice: the chosen path must name one of each position's candidates")
    return _local_scores(lm, seq_start, cand_start, cand_ids, cand_score, choice, float(window))
