"""Interpolated modified Kneser-Ney trigram estimation over integer-coded text (build time).

Input is one flat array of token ids in which every line reads ``<s> <s> w1 .. wn </s>``.
Output is the sorted-array trie the decoder reads (:mod:`vnrestore.restore.tables`):

* unigrams ``uni_logp``, ``uni_bow`` and ``bi_start`` (where each word's bigrams begin);
* bigrams sorted by (w1, w2): ``bi_w2``, ``bi_logp``, ``bi_bow``, ``tri_start``;
* trigrams sorted by (w1, w2, w3): ``tri_w3``, ``tri_logp``.

Probabilities are natural logs of the *interpolated* estimates, backoff weights are the
interpolation weights (the ARPA form of an interpolated model), so a seen trigram costs
one lookup.  Singletons are kept.  Ids are below 2**16, so keys pack into int64.
"""

from __future__ import annotations

import numpy as np

from .vocab import BOS_ID

_SHIFT = np.int64(16)
_MASK = np.int64(0xFFFF)


def _discounts(counts: np.ndarray) -> np.ndarray:
    """D(0..3) from the count-of-counts (Chen & Goodman): D(c) for c = 1, 2, 3+.

    >>> _discounts(np.r_[np.ones(10, int), [2] * 5, [3] * 3, [4] * 2]).round(2).tolist()
    [0.0, 0.5, 1.1, 1.67]
    >>> _discounts(np.r_[np.ones(3, int), [4] * 100]).round(2).tolist()  # unnatural counts
    [0.0, 0.6, 0.2, 0.05]
    """
    n1, n2, n3, n4 = (max(int(np.count_nonzero(counts == k)), 1) for k in (1, 2, 3, 4))
    y = n1 / (n1 + 2 * n2)
    found = np.array([0.0, 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3])
    # counts that are not natural (a text repeated, few singletons) can give D <= 0, and a
    # zero or negative backoff weight then makes NaN log-probabilities: keep D in (0, c]
    return np.clip(found, [0.0, 0.05, 0.05, 0.05], [0.0, 1.0, 2.0, 3.0])


def _order(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Discounted main term and per-context interpolation weight of one order.

    Returns (context keys, gamma per context, main term per n-gram, context index per n-gram).
    """
    discount = _discounts(counts)
    main = counts - discount[np.minimum(counts, 3)]
    contexts = keys >> _SHIFT
    starts = np.flatnonzero(np.r_[True, contexts[1:] != contexts[:-1]])
    group = np.cumsum(np.r_[False, contexts[1:] != contexts[:-1]])
    total = np.add.reduceat(counts, starts).astype(np.float64)
    weight = sum(
        discount[k] * np.add.reduceat((np.minimum(counts, 3) == k).astype(np.float64), starts)
        for k in (1, 2, 3)
    )
    return contexts[starts], weight / total, main / total[group], group


def _ngram_counts(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted trigram keys (w1<<32 | w2<<16 | w3) and their counts; no trigram predicts <s>."""
    ids = ids.astype(np.int64)
    keep = ids[2:] != BOS_ID
    keys = (ids[:-2][keep] << (2 * _SHIFT)) | (ids[1:-1][keep] << _SHIFT) | ids[2:][keep]
    return np.unique(keys, return_counts=True)


def estimate(ids: np.ndarray, vocab_size: int) -> dict[str, np.ndarray]:
    """The trigram model of an id sequence, as flat arrays (see the module docstring)."""
    tri_keys, tri_counts = _ngram_counts(ids)
    # bigram adjusted counts: the number of distinct left neighbours, raw counts after <s>
    bi_all, bi_cont = np.unique(tri_keys & ((_MASK << _SHIFT) | _MASK), return_counts=True)
    after_bos = (bi_all >> _SHIFT) == BOS_ID
    bos_trigrams = (tri_keys >> (2 * _SHIFT)) == BOS_ID
    bos_raw = dict(zip((tri_keys[bos_trigrams & ((tri_keys >> _SHIFT & _MASK) == BOS_ID)] & _MASK).tolist(),
                       tri_counts[bos_trigrams & ((tri_keys >> _SHIFT & _MASK) == BOS_ID)].tolist()))
    bi_counts = bi_cont.copy()
    bi_counts[after_bos] = [bos_raw[int(k & _MASK)] for k in bi_all[after_bos]]
    # unigram adjusted counts: the number of distinct left neighbours
    uni_cont = np.bincount((bi_all & _MASK).astype(np.int64), minlength=vocab_size).astype(np.float64)

    uni_discount = _discounts(uni_cont[uni_cont > 0].astype(np.int64))
    uni_main = np.maximum(uni_cont - uni_discount[np.minimum(uni_cont, 3).astype(np.int64)], 0.0)
    total = uni_cont.sum()
    gamma0 = sum(uni_discount[k] * np.count_nonzero(np.minimum(uni_cont, 3) == k) for k in (1, 2, 3)) / total
    uni_p = uni_main / total + gamma0 / vocab_size
    uni_p[BOS_ID] = 1e-30

    bi_ctx, bi_gamma, bi_main, bi_group = _order(bi_all, bi_counts)
    bi_p = bi_main + bi_gamma[bi_group] * uni_p[bi_all & _MASK]

    tri_ctx, tri_gamma, tri_main, tri_group = _order(tri_keys, tri_counts)
    lower = np.searchsorted(bi_all, tri_keys & ((_MASK << _SHIFT) | _MASK))
    tri_p = tri_main + tri_gamma[tri_group] * bi_p[lower]

    # the bigram table also holds the context (<s>, <s>), which predicts nothing itself
    bos_bos = np.int64(BOS_ID) << _SHIFT | np.int64(BOS_ID)
    at = np.searchsorted(bi_all, bos_bos)
    bi_keys = np.insert(bi_all, at, bos_bos)
    bi_logp = np.insert(np.log(bi_p), at, -99.0)

    uni_bow = np.zeros(vocab_size)
    uni_bow[bi_ctx] = np.log(bi_gamma)
    bi_bow = np.zeros(len(bi_keys))
    bi_bow[np.searchsorted(bi_keys, tri_ctx)] = np.log(tri_gamma)

    bi_w1 = bi_keys >> _SHIFT
    tri_ctx_all = tri_keys >> _SHIFT
    return {
        "uni_logp": np.log(uni_p).astype(np.float32),
        "uni_bow": uni_bow.astype(np.float32),
        "bi_start": np.searchsorted(bi_w1, np.arange(vocab_size + 1)).astype(np.uint32),
        "bi_w2": (bi_keys & _MASK).astype(np.uint16),
        "bi_logp": bi_logp.astype(np.float16),
        "bi_bow": bi_bow.astype(np.float16),
        "tri_start": np.searchsorted(tri_ctx_all, np.r_[bi_keys, np.int64(1) << 40]).astype(np.uint32),
        "tri_w3": (tri_keys & _MASK).astype(np.uint16),
        "tri_logp": np.log(tri_p).astype(np.float16),
    }


def bigram_keys(bi_start: np.ndarray, bi_w2: np.ndarray) -> np.ndarray:
    """The trie's bigrams as sorted keys ``w1 << 32 | w2``, one per entry of ``bi_w2``: the rows are in
    w1 order and each row's w2 sorted, so the keys are too.

    >>> bigram_keys(np.array([0, 2, 2, 3]), np.array([4, 7, 1])).tolist() == [4, 7, (2 << 32) | 1]
    True
    """
    first = np.repeat(np.arange(len(bi_start) - 1, dtype=np.int64), np.diff(bi_start))
    return (first << 32) | bi_w2.astype(np.int64)


def find_bigrams(keys: np.ndarray, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(entry, found) per pair (first, second): where each bigram sits among :func:`bigram_keys`, and
    whether the trie has it at all (``entry`` is then meaningless).

    >>> keys = bigram_keys(np.array([0, 2, 2, 3]), np.array([4, 7, 1]))
    >>> [v.tolist() for v in find_bigrams(keys, np.array([0, 0, 2]), np.array([7, 5, 1]))]
    [[1, 1, 2], [True, False, True]]
    """
    wanted = (first.astype(np.int64) << 32) | second.astype(np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return at, keys[at] == wanted
