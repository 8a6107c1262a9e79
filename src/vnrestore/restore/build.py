"""``vnrestore model build``: the restorer's tables from the corpora, byte-for-byte reproducible.

Steps are named in :data:`STEPS` so that another model (e.g. the garble channel)
joins with one entry.  The ``lm`` step writes ``models/restorer/``:

* ``vocab.txt``: one model token per line, the line number is its id;
* ``candidates.txt``: skeleton, TAB, the ids of its accented forms (most frequent first);
* ``numbers.txt``: each number of one to three digits the text writes, TAB, how often (the model reads
  every number as ``<num>``; which one it is matters where OCR prints digits for letters);
* ``*.npy``: the trigram trie (:mod:`.kneser_ney`) and the case model (``case_title``,
  ``case_lower``: log P(capitalised | form) and log P(lower case | form) mid-sentence);
* ``meta.json``: sizes and the sources, no time stamps.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from vnrestore.text.diacritics import skeleton
from vnrestore.text.tokenize import tokenize

from . import corpus
from .kneser_ney import bigram_keys, estimate, find_bigrams
from .vocab import (BOS_ID, ENTRY_ID, EOS_ID, NUM, SENTENCE_OPENERS, SPECIALS, UNK_ID, case_pattern, is_roman,
                    lm_token, running_text)

RESTORER_DIR = "restorer"
MODEL_FORMAT = 2
#: numbers this short are counted one by one (:data:`NUMBERS_FILE`); the garble repair weighs only these
MAX_COUNTED_DIGITS = 3
NUMBERS_FILE = "numbers.txt"
#: the id space is uint16; rarer tokens become <unk>
MAX_VOCAB = 65535
#: case codes recorded per token while counting
_NO_CASE, _MID_LOWER, _MID_TITLE = 0, 1, 2


class _Encoder:
    """Turns lines into provisional token ids, remembering counts and mid-sentence case."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {token: i for i, token in enumerate(SPECIALS)}
        self.tokens: list[str] = list(SPECIALS)
        self.ids = array("i")
        self.case = array("b")
        #: how often each short number (:data:`MAX_COUNTED_DIGITS`) is written, and all numbers
        self.numbers: Counter[str] = Counter()
        self.number_total = 0

    def _id(self, token: str) -> int:
        found = self.index.get(token)
        if found is None:
            found = self.index[token] = len(self.tokens)
            self.tokens.append(token)
        return found

    def add(self, line: str, entry: bool = False) -> None:
        """Count one line; a word list ``entry`` is bounded by ``<entry>``, not ``<s>``/``</s>``.

        >>> encoder = _Encoder(); encoder.add("nhà", entry=True); encoder.add("Nhà")
        >>> list(encoder.ids)
        [5, 5, 6, 5, 1, 1, 6, 2]
        """
        ids, case = self.ids, self.case
        start, end = (ENTRY_ID, ENTRY_ID) if entry else (BOS_ID, EOS_ID)
        ids.extend((start, start))
        case.extend((_NO_CASE, _NO_CASE))
        opener = True
        tokens = list(tokenize(line))
        romans = running_text(tokens)
        for token in tokens:
            model_token = NUM if romans and token.kind == "word" and is_roman(token.text) else lm_token(token)
            if model_token is None:
                continue
            ids.append(self._id(model_token))
            if model_token == NUM:
                self._count_number(token.text)
            code = _NO_CASE
            if token.kind == "word" and not opener:
                pattern = case_pattern(token.text)
                code = _MID_LOWER if pattern == "lower" else _MID_TITLE if pattern == "title" else _NO_CASE
            case.append(code)
            opener = token.kind == "punct" and token.text in SENTENCE_OPENERS
        ids.append(end)
        case.append(_NO_CASE)

    def _count_number(self, text: str) -> None:
        """Count a number the model reads as ``<num>``; a short one by itself too.

        >>> encoder = _Encoder(); encoder.add("Điều 13 khoản 2 năm 2025, khóa XV")
        >>> sorted(encoder.numbers.items()), encoder.number_total
        ([('13', 1), ('2', 1)], 4)
        """
        self.number_total += 1
        if len(text) <= MAX_COUNTED_DIGITS and text.isdigit():
            self.numbers[text] += 1


def _final_ids(tokens: list[str], counts: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Specials first, then by falling count and spelling; returns the vocabulary and old->new ids."""
    order = sorted(range(len(SPECIALS), len(tokens)), key=lambda i: (-counts[i], tokens[i]))
    order = order[: MAX_VOCAB - len(SPECIALS)]
    remap = np.full(len(tokens), UNK_ID, dtype=np.int32)
    remap[: len(SPECIALS)] = np.arange(len(SPECIALS))
    remap[order] = np.arange(len(SPECIALS), len(SPECIALS) + len(order))
    return list(SPECIALS) + [tokens[i] for i in order], remap


#: a marked form seen at most this often, and in neither word list nor gazetteer, is a typo
RARE_UNLISTED = 3


def is_typo(form: str, count: int, lexicon: set[str]) -> bool:
    """A rare tone-marked form no word list knows ("ngưòi", "gỉao"): never offered as a candidate.

    Forms marked only by đ are kept (abbreviations such as "đkhđ").

    >>> is_typo("ngưòi", 1, {"người"}), is_typo("người", 1, {"người"}), is_typo("đkhđ", 1, set())
    (True, False, False)
    """
    if count > RARE_UNLISTED or form in lexicon:
        return False
    plain = form.replace("đ", "d")
    return skeleton(plain) != plain


def _candidates(vocab: list[str], counts: np.ndarray, lexicon: set[str]) -> list[str]:
    """Lines 'skeleton<TAB>id id ..' for every letter-only token, most frequent form first.

    Typos of the corpus (:func:`is_typo`) stay in the language model but are no candidates.
    """
    groups: dict[str, list[int]] = {}
    for token_id in range(len(SPECIALS), len(vocab)):
        token = vocab[token_id]
        if token.isalpha() and not is_typo(token, int(counts[token_id]), lexicon):
            groups.setdefault(skeleton(token), []).append(token_id)
    return [
        key + "\t" + " ".join(str(i) for i in sorted(ids, key=lambda i: (-counts[i], i)))
        for key, ids in sorted(groups.items())
    ]


def _case_model(ids: np.ndarray, case: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """log P(title | form) and log P(lower | form) mid-sentence, smoothed towards the global rate."""
    lower = np.bincount(ids[case == _MID_LOWER], minlength=size).astype(np.float64)
    title = np.bincount(ids[case == _MID_TITLE], minlength=size).astype(np.float64)
    prior = title.sum() / (title.sum() + lower.sum())
    strength = 2.0
    p_title = (title + strength * prior) / (title + lower + strength)
    return np.log(p_title).astype(np.float16), np.log1p(-p_title).astype(np.float16)


#: pseudo-counts that pull a bigram's case odds towards the form's own (:func:`_case_context`)
CASE_CONTEXT_STRENGTH = 3.0


def _case_context(ids: np.ndarray, case: np.ndarray, bi_start: np.ndarray, bi_w2: np.ndarray,
                  title_logp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log P(title | the word before, form) and log P(title | form, the word after) mid-sentence, one value
    per bigram of the trie (its order: ``bi_start``, ``bi_w2``), smoothed towards the form's own rate.

    The form's rate alone cannot tell "của Luật Đất đai" from "pháp luật", or "Ủy ban" from "ủy quyền":
    its neighbours can.  A bigram never seen with a case decision keeps the form's rate.

    >>> ids = np.array([1, 1, 6, 7, 2, 1, 1, 8, 7, 2]); case = np.array([0, 0, 0, 1, 0, 0, 0, 0, 2, 0])
    >>> bi_start = np.array([0, 0, 2, 2, 2, 2, 2, 3, 4, 5]); bi_w2 = np.array([6, 8, 7, 2, 7])
    >>> left, right = _case_context(ids, case, bi_start, bi_w2, np.log(np.full(9, 0.5)))
    >>> np.exp(left).round(3).tolist()  # (6, 7) was lower once, (8, 7) title once
    [0.5, 0.5, 0.375, 0.5, 0.625]
    >>> np.exp(right).round(3).tolist()  # (7, 2) was lower once and title once
    [0.5, 0.5, 0.5, 0.5, 0.5]
    """
    keys = bigram_keys(bi_start, bi_w2)
    decided = np.flatnonzero((case == _MID_LOWER) | (case == _MID_TITLE))
    decided = decided[(decided > 0) & (decided < len(ids) - 1)]
    title = case[decided] == _MID_TITLE
    p_title = np.exp(title_logp.astype(np.float64))

    def table(first: np.ndarray, second: np.ndarray, form: np.ndarray) -> np.ndarray:
        at, found = find_bigrams(keys, first, second)
        titles = np.bincount(at[found & title], minlength=len(keys)).astype(np.float64)
        seen = np.bincount(at[found], minlength=len(keys)).astype(np.float64)
        prior = p_title[form]
        return np.log((titles + CASE_CONTEXT_STRENGTH * prior) / (seen + CASE_CONTEXT_STRENGTH)).astype(np.float16)

    left = table(ids[decided - 1], ids[decided], bi_w2.astype(np.int64))
    right = table(ids[decided], ids[decided + 1], keys >> 32)
    return left, right


def training_lines(corpora: Path) -> Iterable[tuple[str, bool]]:
    """(line, is a word list entry): the corpus, then the word list, then the gazetteer (fixed order).

    Word list entries are no sentences: counted as lines they made every entry's first
    syllable a likely sentence opener ("Tời" for "Tội"); on a held-out slice of general
    prose bounding them by ``<entry>`` fixed 8 syllables in 22,826 (97.70 -> 97.74%).
    """
    yield from ((line, False) for line in corpus.corpus_lines(corpora, "train"))
    yield from ((line, True) for line in corpus.wordlist_lines(corpora))
    yield from ((line, False) for line in corpus.gazetteer_lines())


def lexicon(corpora: Path) -> set[str]:
    """Every lower-case syllable of the word list and the gazetteer."""
    found: set[str] = set()
    for line in (*corpus.wordlist_lines(corpora), *corpus.gazetteer_lines()):
        found.update(token.text.lower() for token in tokenize(line) if token.kind == "word")
    return found


def build_lm(corpora: Path, out: Path, log: Callable[[str], None] = lambda _: None) -> Path:
    """Count, estimate and write the restorer's model to ``out/restorer``."""
    encoder = _Encoder()
    for number, (line, entry) in enumerate(training_lines(corpora), 1):
        encoder.add(line, entry)
        if number % 100_000 == 0:
            log(f"  {number:,} lines, {len(encoder.ids):,} tokens")
    raw = np.frombuffer(encoder.ids, dtype=np.int32)
    case = np.frombuffer(encoder.case, dtype=np.int8)
    target = write_lm(encoder.tokens, raw, case, corpora, out, log)
    write_numbers(target, encoder.numbers, encoder.number_total)
    return target


def write_numbers(target: Path, numbers: Counter[str], total: int) -> None:
    """``numbers.txt``: a first line with the count of all numbers, then each short number and its count,
    most frequent first (ties in string order, so the file is reproducible)."""
    rows = sorted(numbers.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"<num>\t{total}", *(f"{number}\t{count}" for number, count in rows)]
    (target / NUMBERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_lm(tokens: list[str], raw: np.ndarray, case: np.ndarray, corpora: Path, out: Path,
             log: Callable[[str], None] = lambda _: None) -> Path:
    """Estimate and write the model of provisionally coded text (``_Encoder`` ids and case codes)."""
    counts = np.bincount(raw, minlength=len(tokens))
    vocab, remap = _final_ids(tokens, counts)
    ids = remap[raw]
    final_counts = np.bincount(ids, minlength=len(vocab))
    log(f"  vocabulary {len(vocab):,}; estimating the trigram model")
    arrays = estimate(ids, len(vocab))
    arrays["counts"] = final_counts.astype(np.uint32)
    arrays["case_title"], arrays["case_lower"] = _case_model(ids, case, len(vocab))
    arrays["case_title_after"], arrays["case_title_before"] = _case_context(
        ids, case, arrays["bi_start"], arrays["bi_w2"], arrays["case_title"])

    target = out / RESTORER_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, values in sorted(arrays.items()):
        np.save(target / f"{name}.npy", np.ascontiguousarray(values), allow_pickle=False)
    (target / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (target / "candidates.txt").write_text("\n".join(_candidates(vocab, final_counts, lexicon(corpora))) + "\n", encoding="utf-8")
    meta = {
        "format": MODEL_FORMAT,
        "order": 3,
        "smoothing": "interpolated modified Kneser-Ney",
        "tone_style": "old",
        "sources": ["corpora/train/*.txt.gz", "corpora/dictionary/Viet74K.clean.txt", "vietnamadminunits"],
        "tokens": int(len(ids)),
        "vocabulary": len(vocab),
        "bigrams": int(len(arrays["bi_w2"])),
        "trigrams": int(len(arrays["tri_w3"])),
    }
    (target / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def build_garble(corpora: Path, out: Path, log: Callable[[str], None] = lambda _: None) -> Path:
    """The garble channel (:mod:`.garble`): training pairs made if missing, then EM."""
    from .garble.load import build_garble as build

    return build(corpora, out, log=log)


#: model build steps by name, in build order
STEPS: dict[str, Callable[..., Path]] = {"lm": build_lm, "garble": build_garble}


def build(corpora: Path, out: Path, only: Iterable[str] | None = None, log: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Run the named build steps (all by default) and return what they wrote."""
    names = list(only) if only else list(STEPS)
    written = []
    for name in names:
        log(f"building {name}")
        written.append(STEPS[name](corpora, out, log=log))
    return written
