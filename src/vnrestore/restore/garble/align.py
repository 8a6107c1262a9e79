"""Pair the words of an OCR line with the words of its true line.

Training the channel and scoring a repair both need to know which printed word
stands for which true word.  OCR splits and glues words ("thﬁng'tin",
"Chithis"), so the alignment allows one-to-two and two-to-one links as well as
one-to-one, insertions and deletions (a dynamic programme over word costs).
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import Levenshtein

from vnrestore.text.diacritics import skeleton

#: cost of leaving a word unpaired; a pair dearer than two of these is no pair
GAP = 1.0
#: marks around a word that are no part of it (an underscore too: a form's blank "______" or underline)
_EDGE_PUNCT = "\"'“”‘’()[]{},.;:!?…«»_"


#: marks English OCR prints for a horn or hook after a word's last letter ("tu’" for "tư", "ké’" for
#: "kể", "ti?" for "từ": the hook above reads as a question mark): part of the word, not a closing quote
#: (legal text quotes with “ ”) nor, mostly, a question's end (12 of 338 in the training pairs)
FINAL_HORNS = "'’`°?"


def core(word: str) -> str:
    """A word without the punctuation OCR and writers put around it, but with a horn mark after its last letter.

    >>> core("(ctia"), core("quyết),"), core("..."), core("s6017/NQ-CP;"), core("tu’,"), core("'tu'"), core("_theo")
    ('ctia', 'quyết', '', 's6017/NQ-CP', 'tu’', "tu'", 'theo')
    >>> core("ti?"), core("khong?)")
    ('ti?', 'khong?')
    """
    stripped = word.strip(_EDGE_PUNCT)
    if stripped and stripped[-1].isalpha():
        end = word.index(stripped) + len(stripped)
        if word[end : end + 1] and word[end] in FINAL_HORNS:
            return stripped + word[end]
    return stripped


#: dearest one-to-one link taken as a training pair: 4/3, a three-letter word with one letter changed and
#: one added ("tir" for "từ"), is one (at 1.3, 590 of 79,633 links in 20 training shards were left out,
#: most of them "từ"); 1.6 read the dev set no better
MAX_PAIR_COST = 1.4
#: what a printed word is compared as, besides itself: its digits and symbols read as letters ("16" → "lo")
Fold = Callable[[str], str]


def _cost(printed: str, truth: str, fold: Fold | None = None) -> float:
    """0 for equal words, up to 2 for unrelated ones (normalised edit distance on skeletons); with a
    ``fold``, the cheaper of the printed word as it stands and folded.

    >>> _cost("16", "lễ"), _cost("16", "lễ", lambda w: w.replace("1", "l").replace("6", "o"))
    (2.0, 1.0)
    """
    a, b = skeleton(printed), skeleton(truth)
    if not a and not b:
        return 0.0
    cost = 2.0 * Levenshtein.normalized_distance(a, b)
    if fold is not None and cost > 0:
        cost = min(cost, 2.0 * Levenshtein.normalized_distance(skeleton(fold(printed)), b))
    return cost


def align_words(printed: list[str], truth: list[str],
                fold: Fold | None = None) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Links (printed indices, truth indices) of a cheapest alignment, in order.

    >>> align_words(["Pé", "an", "ddy", "manh"], ["Đề", "án", "đẩy", "mạnh"])
    [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    >>> align_words(["Chithis", "14/CT-TTg"], ["Chỉ", "thị", "14/CT-TTg"])
    [((0,), (0, 1)), ((1,), (2,))]
    """
    n, m = len(printed), len(truth)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            steps = ((1, 0, GAP), (0, 1, GAP))
            for di, dj, cost in steps:
                _relax(best, back, i, j, di, dj, here + cost)
            if i < n and j < m:
                _relax(best, back, i, j, 1, 1, here + _cost(printed[i], truth[j], fold))
            if i < n and j + 1 < m:
                _relax(best, back, i, j, 1, 2, here + 0.2 + _cost(printed[i], truth[j] + truth[j + 1], fold))
            if i + 1 < n and j < m:
                _relax(best, back, i, j, 2, 1, here + 0.2 + _cost(printed[i] + printed[i + 1], truth[j], fold))
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        i, j = i - di, j - dj
        if di and dj:
            links.append((tuple(range(i, i + di)), tuple(range(j, j + dj))))
    links.reverse()
    return links


def _relax(best, back, i, j, di, dj, value) -> None:
    ni, nj = i + di, j + dj
    if ni < len(best) and nj < len(best[0]) and value < best[ni][nj]:
        best[ni][nj] = value
        back[ni][nj] = (di, dj)


def syllable_pairs(printed_line: str, truth_line: str, max_cost: float = MAX_PAIR_COST,
                   fold: Fold | None = None) -> list[tuple[str, str]]:
    """(true word core, printed word core) for every one-to-one link cheaper than ``max_cost``;
    a ``fold`` pairs words printed as digits too ("16" for "lễ").

    >>> syllable_pairs("V& du thiao Nghi quyét: dién tir", "Về dự thảo Nghị quyết: điện tử")
    [('Về', 'V&'), ('dự', 'du'), ('thảo', 'thiao'), ('Nghị', 'Nghi'), ('quyết', 'quyét'), ('điện', 'dién'), ('tử', 'tir')]
    """
    printed, truth = printed_line.split(), truth_line.split()
    pairs = []
    for p_idx, t_idx in align_words(printed, truth, fold):
        if len(p_idx) == 1 and len(t_idx) == 1:
            p, t = core(printed[p_idx[0]]), core(truth[t_idx[0]])
            if t and _cost(p, t, fold) <= max_cost:
                pairs.append((t, p))
    return pairs
