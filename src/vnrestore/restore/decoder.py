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
def _decode_sequence(lm, first, last, cand_start, cand_ids, cand_score, beam, choice,
                     hist_back, hist_cand):  # pragma: no cover - compiled
    """Beam search over positions first..last-1; writes ``choice`` for them."""
    # live states: word ids (w_{i-1}, w_i), candidate index of w_i, score, history row
    prev_w = np.full(beam, BOS_ID, np.int64)
    cur_w = np.full(beam, BOS_ID, np.int64)
    cur_k = np.zeros(beam, np.int64)
    score = np.zeros(beam)
    n_live = 1
    prev_width = 1
    for p in range(first, last):
        lo = cand_start[p]
        width = cand_start[p + 1] - lo
        best = np.full(prev_width * width, NEG_INF)
        arg = np.zeros(prev_width * width, np.int64)
        for s in range(n_live):
            for k in range(width):
                value = score[s] + logp(lm, prev_w[s], cur_w[s], cand_ids[lo + k]) + cand_score[lo + k]
                slot = cur_k[s] * width + k
                if value > best[slot]:
                    best[slot] = value
                    arg[slot] = s
        slots = np.flatnonzero(best > NEG_INF / 2)
        if slots.size > beam:
            slots = slots[np.argsort(-best[slots])[:beam]]
        new_prev = np.empty(beam, np.int64)
        new_cur = np.empty(beam, np.int64)
        new_k = np.empty(beam, np.int64)
        new_score = np.empty(beam)
        row = (p - first) * beam
        for n in range(slots.size):
            slot = slots[n]
            s = arg[slot]
            k = slot % width
            new_prev[n] = cur_w[s]
            new_cur[n] = cand_ids[lo + k]
            new_k[n] = k
            new_score[n] = best[slot]
            hist_back[row + n] = s
            hist_cand[row + n] = k
        n_live = slots.size
        prev_w, cur_w, cur_k, score = new_prev, new_cur, new_k, new_score
        prev_width = width
    if last == first:
        return
    final = -1
    final_score = NEG_INF
    for s in range(n_live):
        value = score[s] + logp(lm, prev_w[s], cur_w[s], EOS_ID)
        if value > final_score:
            final_score = value
            final = s
    s = final
    for p in range(last - 1, first - 1, -1):
        row = (p - first) * beam
        choice[p] = hist_cand[row + s]
        s = hist_back[row + s]


@njit(cache=True, nogil=True)
def _decode_all(lm, seq_start, cand_start, cand_ids, cand_score, beam):  # pragma: no cover - compiled
    n_positions = cand_start.size - 1
    choice = np.zeros(n_positions, np.int64)
    longest = 0
    for q in range(seq_start.size - 1):
        longest = max(longest, seq_start[q + 1] - seq_start[q])
    hist_back = np.zeros(longest * beam, np.int64)
    hist_cand = np.zeros(longest * beam, np.int64)
    for q in range(seq_start.size - 1):
        _decode_sequence(lm, seq_start[q], seq_start[q + 1], cand_start, cand_ids, cand_score, beam,
                         choice, hist_back, hist_cand)
    return choice


def decode(lm: tuple[np.ndarray, ...], seq_start: np.ndarray, cand_start: np.ndarray,
           cand_ids: np.ndarray, cand_score: np.ndarray, beam: int = 16) -> np.ndarray:
    """Best candidate index per position of a lattice (see the module docstring).

    ``lm`` is :attr:`RestorerModel.lm`; ``seq_start`` (int64, n_sequences + 1) and
    ``cand_start`` (int64, n_positions + 1) are offsets; ``cand_ids`` (int64) and
    ``cand_score`` (float64) hold the candidates.  Every position needs at least one.
    """
    return _decode_all(lm, seq_start, cand_start, cand_ids, cand_score, beam)


@njit(cache=True, nogil=True)
def _local_scores(lm, seq_start, cand_start, cand_ids, cand_score, choice):  # pragma: no cover - compiled
    """Score of every candidate with its neighbours fixed to the chosen path."""
    out = np.empty(cand_ids.size)
    for q in range(seq_start.size - 1):
        first, last = seq_start[q], seq_start[q + 1]
        for p in range(first, last):
            w2 = BOS_ID if p - 2 < first else cand_ids[cand_start[p - 2] + choice[p - 2]]
            w1 = BOS_ID if p - 1 < first else cand_ids[cand_start[p - 1] + choice[p - 1]]
            n1 = EOS_ID if p + 1 >= last else cand_ids[cand_start[p + 1] + choice[p + 1]]
            for c in range(cand_start[p], cand_start[p + 1]):
                w = cand_ids[c]
                value = cand_score[c] + logp(lm, w2, w1, w) + logp(lm, w1, w, n1)
                if p + 1 < last:
                    n2 = EOS_ID if p + 2 >= last else cand_ids[cand_start[p + 2] + choice[p + 2]]
                    value += logp(lm, w, n1, n2)
                out[c] = value
    return out


def local_scores(lm: tuple[np.ndarray, ...], seq_start: np.ndarray, cand_start: np.ndarray,
                 cand_ids: np.ndarray, cand_score: np.ndarray, choice: np.ndarray) -> np.ndarray:
    """Per candidate: its log-score with the rest of the chosen path fixed (for confidences)."""
    return _local_scores(lm, seq_start, cand_start, cand_ids, cand_score, choice)
