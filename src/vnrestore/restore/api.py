"""The restorer's public API: ``restore``, ``Restorer`` and the per-token ``TokenResult``.

>>> restore("Uy ban nhan dan tinh phe duyet De an chuyen doi so")
'Ủy ban nhân dân tỉnh phê duyệt Đề án chuyển đổi số'

Text is tokenized so that everything but the restored words is written back
untouched (spaces, line breaks, punctuation, numbers, codes, URLs).  A mode names
the candidate source (:mod:`.candidates`); every mode shares one decoder
(:func:`.decoder.decode`).  The model loads on first use, once per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from unicodedata import is_normalized
from pathlib import Path

import numpy as np

from vnrestore.errors import BadInputError
from vnrestore.text.diacritics import has_diacritics, nfc, skeleton
from vnrestore.text.tokenize import Token, token_pairs, tokenize

from .candidates import CandidateSource, StrippedCandidates, apply_case
from .tables import RestorerModel, shared_model
from .vocab import NUM_ID, SENTENCE_OPENERS, UNK_ID, is_roman, lm_token, next_list_letter, running_text

#: a token as (kind, text); :class:`Token` is one too
Pair = tuple[str, str]
#: lines decoded per call of the compiled decoder when streaming
BATCH_LINES = 256
#: OCR words at or above this confidence (0-100) are kept as printed
KEEP_CONFIDENCE = 90.0
#: log-score bonus, at confidence 100, of the printed form of a less confident OCR word
PRINTED_BONUS = 4.0
#: --show-uncertain marks words whose confidence is below this
UNCERTAIN_BELOW = 0.9
#: the mode a Restorer uses when none is given
DEFAULT_MODE = "auto"


@dataclass(frozen=True)
class TokenResult:
    """How one token was restored: like ftfy's ``fix_and_explain``, the choice and why."""

    original: str
    chosen: str
    #: (form, probability) of every candidate, best first; empty when the token is left alone
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    #: probability of the chosen form with its neighbours fixed (1.0 when there was no choice)
    confidence: float = 1.0

    @property
    def changed(self) -> bool:
        return self.chosen != self.original


@dataclass
class _Lattice:
    """Candidates of a batch of lines, flat, as :func:`.decoder.decode` takes them."""

    seq_start: list[int] = field(default_factory=lambda: [0])
    cand_start: list[int] = field(default_factory=lambda: [0])
    cand_ids: list[int] = field(default_factory=list)
    cand_score: list[float] = field(default_factory=list)
    #: (position, line number, token number) of every token the decoder may rewrite
    edits: list[tuple[int, int, int]] = field(default_factory=list)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (
            np.array(self.seq_start, dtype=np.int64),
            np.array(self.cand_start, dtype=np.int64),
            np.array(self.cand_ids, dtype=np.int64),
            np.array(self.cand_score, dtype=np.float64),
        )


def _list_marker(tokens: Sequence[Pair]) -> int:
    """Index of a one-letter list marker opening the line ("d)" or "d."), else -1."""
    start = 1 if tokens and tokens[0][0] == "space" else 0
    if (
        len(tokens) > start + 1
        and tokens[start][0] == "word"
        and len(tokens[start][1]) == 1
        and tokens[start + 1][1] in (")", ".")
    ):
        return start
    return -1


class Restorer:
    """Restores Vietnamese diacritics; thread-safe, the model shared by all instances.

    ``mode`` names the candidate source: ``stripped`` (diacritics missing or partly
    missing).  Other modes register in :attr:`MODES`; the line modes ``garbled``
    (wrong-language OCR) and ``auto`` (the default: per paragraph clean text is kept,
    stripped text restored, garbled text repaired) in :attr:`LINE_MODES`.
    """

    #: mode -> factory of its candidate source (the garble engineer adds "garbled", "auto")
    MODES: dict[str, str] = {"stripped": "vnrestore.restore.candidates:StrippedCandidates"}
    #: modes that rewrite whole lines (wrong-language OCR): mode -> factory taking the Restorer
    LINE_MODES: dict[str, str] = {"garbled": "vnrestore.restore.garble.modes:GarbledLines",
                                  "auto": "vnrestore.restore.garble.modes:AutoLines"}

    def __init__(self, model_dir: str | Path | None = None, mode: str | None = None, beam: int = 16) -> None:
        mode = mode or DEFAULT_MODE
        if mode not in self.MODES and mode not in self.LINE_MODES:
            known = sorted([*self.MODES, *self.LINE_MODES])
            raise BadInputError(f"unknown restore mode {mode!r} (known: {', '.join(known)})")
        self.model_dir = Path(model_dir) if model_dir else None
        self.mode = mode
        self.beam = beam
        self._source: CandidateSource | None = None
        self._line_mode = None
        self._model: RestorerModel | None = None

    # -- model and candidate source, both lazy ---------------------------------------
    @property
    def model(self) -> RestorerModel:
        """The process-wide model, looked up once per Restorer (path resolution is not free)."""
        if self._model is None:
            self._model = shared_model(self.model_dir)
        return self._model

    @property
    def source(self) -> CandidateSource:
        """The word-level candidate source; line modes (garbled, auto) restore single OCR words
        (:meth:`restore_words`, where each word keeps its box) with the stripped source."""
        if self._source is None:
            from importlib import import_module

            module, _, name = self.MODES.get(self.mode, self.MODES["stripped"]).partition(":")
            self._source = getattr(import_module(module), name)(self.model)
        return self._source

    @property
    def line_mode(self):
        """The line-level mode object (garbled, auto), made on first use."""
        if self._line_mode is None:
            from importlib import import_module

            module, _, name = self.LINE_MODES[self.mode].partition(":")
            self._line_mode = getattr(import_module(module), name)(self)
        return self._line_mode

    # -- lattice building ----------------------------------------------------------
    def _add_line(self, lattice: _Lattice, line_no: int, tokens: Sequence[Pair], marker_state: list[str],
                  overrides: dict[int, tuple[tuple[int, ...], tuple[float, ...]] | None] | None = None,
                  continues: bool = False) -> None:
        """Append one line's positions; ``overrides`` replaces the source for given token numbers.

        With ``continues`` the language model reads on into the next line (a wrapped sentence).
        """
        model, source = self.model, self.source
        ids, scores, starts, edits = lattice.cand_ids, lattice.cand_score, lattice.cand_start, lattice.edits
        marker = _list_marker(tokens)
        opener = True
        romans = None  # whether Roman numerals are numbers here: found out at the first one
        for number, token in enumerate(tokens):
            kind, text = token
            if kind == "space":
                continue
            numeral = kind == "word" and text.isupper() and is_roman(text)
            if numeral:
                romans = running_text(tokens) if romans is None else romans
                numeral = romans
            if overrides is not None and number in overrides:
                found = overrides[number]
            elif kind == "word" and not numeral:
                found = source(text, opener)
            else:
                found = None
            if number == marker:
                found = self._marker_candidates(token, marker_state, found)
            if found is None:
                ids.append(NUM_ID if kind == "number" or numeral else model.ids.get(lm_token(Token(kind, text)), UNK_ID))
                scores.append(0.0)
            else:
                ids.extend(found[0])
                scores.extend(found[1])
                edits.append((len(starts) - 1, line_no, number))
            starts.append(len(ids))
            opener = kind == "punct" and text in SENTENCE_OPENERS
        if not continues:
            lattice.seq_start.append(len(starts) - 1)

    def _add_lines(self, lattice: _Lattice, lines: Sequence[str], token_lists: Sequence[Sequence[Pair]],
                   marker_state: list[str]) -> None:
        """Every line's positions, a wrapped sentence read on into the next line (:func:`_wraps`)."""
        for line_no, tokens in enumerate(token_lists):
            continues = line_no + 1 < len(lines) and _wraps(tokens) and bool(lines[line_no + 1].strip())
            self._add_line(lattice, line_no, tokens, marker_state, continues=continues)

    def _marker_candidates(self, token: Pair, marker_state: list[str], found):
        """List markers follow their sequence: after "c)" comes "d)", after "d)" comes "đ)"."""
        letter = token[1].lower()
        previous = marker_state[0] if marker_state else ""
        expected = next_list_letter(previous)
        if expected and skeleton(expected) == skeleton(letter) and not has_diacritics(letter):
            marker_state[:] = [expected]
            return (self.model.ids.get(expected, 0),), (0.0,)
        marker_state[:] = [letter]
        return found

    def _decode(self, lattice: _Lattice) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        from .decoder import decode

        arrays = lattice.arrays()
        return decode(self.model.lm, *arrays, beam=self.beam), arrays

    def _rewrite(self, lattice: _Lattice, choice: np.ndarray, token_lists: Sequence[Sequence[Pair]]) -> list[list[str]]:
        vocab, cand_ids, cand_start = self.model.vocab, lattice.cand_ids, lattice.cand_start
        texts = [[text for _, text in tokens] for tokens in token_lists]
        for position, line_no, number in lattice.edits:
            form = vocab[cand_ids[cand_start[position] + int(choice[position])]]
            original = texts[line_no][number]
            if form.isalpha():
                texts[line_no][number] = apply_case(original, form)
        return texts

    # -- public API -----------------------------------------------------------------
    def restore_lines(self, lines: Iterable[str], batch_lines: int = BATCH_LINES) -> Iterator[str]:
        """Restore line by line, streaming: output line i is input line i (endings kept).

        Lines are decoded ``batch_lines`` at a time; an interactive caller passes 1
        so each line comes back as soon as it is typed.
        """
        return self._stream(lines, batch_lines, None)

    def _stream(self, lines: Iterable[str], batch_lines: int, mark_below: float | None) -> Iterator[str]:
        marker_state: list[str] = []
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= batch_lines:
                yield from self._restore_batch(batch, marker_state, mark_below)
                batch = []
        if batch:
            yield from self._restore_batch(batch, marker_state, mark_below)

    def _restore_batch(self, lines: Sequence[str], marker_state: list[str], mark_below: float | None = None) -> list[str]:
        lines = [line if is_normalized("NFC", line) else nfc(line) for line in lines]
        if self.mode in self.LINE_MODES:
            return self.line_mode.restore_batch(lines, mark_below, marker_state)
        lattice = _Lattice()
        token_lists = [token_pairs(line) for line in lines]
        self._add_lines(lattice, lines, token_lists, marker_state)
        if not lattice.edits:
            return lines
        choice, arrays = self._decode(lattice)
        texts = self._rewrite(lattice, choice, token_lists)
        if mark_below is not None:
            self._mark_uncertain(lattice, choice, arrays, texts, token_lists, mark_below)
        return ["".join(line_texts) for line_texts in texts]

    def _mark_uncertain(self, lattice: _Lattice, choice: np.ndarray, arrays: tuple[np.ndarray, ...],
                        texts: list[list[str]], token_lists: Sequence[Sequence[Pair]], mark_below: float) -> None:
        """Rewrite tokens whose confidence is below ``mark_below`` as "{chosen|alternative|..}"."""
        from .decoder import local_scores

        scores = local_scores(self.model.lm, *arrays, choice)
        for position, line_no, number in lattice.edits:
            result = self._token_result(token_lists[line_no][number][1], texts[line_no][number],
                                        lattice, position, scores)
            if result.confidence < mark_below:
                others = [form for form, p in result.alternatives if form != result.chosen and p >= 0.01]
                texts[line_no][number] = "{" + "|".join([result.chosen, *others[:3]]) + "}"

    def mark_uncertain_lines(self, lines: Iterable[str], below: float = UNCERTAIN_BELOW,
                             batch_lines: int = BATCH_LINES) -> Iterator[str]:
        """Like :meth:`restore_lines`, with low-confidence words written "{chosen|alternative}"."""
        return self._stream(lines, batch_lines, below)

    def restore(self, text: str) -> str:
        """Restore a whole text; its line structure and white space are kept exactly."""
        return "\n".join(self.restore_lines(text.split("\n")))

    def explain(self, text: str) -> list[TokenResult]:
        """One :class:`TokenResult` per non-space token, with alternatives and confidence."""
        if self.mode in self.LINE_MODES:
            return self.line_mode.explain(nfc(text))
        from .decoder import local_scores

        lines = text.split("\n")
        token_lists = [tokenize(line) for line in lines]
        lattice = _Lattice()
        marker_state: list[str] = []
        self._add_lines(lattice, lines, token_lists, marker_state)
        choice, arrays = self._decode(lattice)
        scores = local_scores(self.model.lm, *arrays, choice) if lattice.edits else np.zeros(0)
        texts = self._rewrite(lattice, choice, token_lists)
        explained = {(line_no, number): position for position, line_no, number in lattice.edits}
        results = []
        for line_no, tokens in enumerate(token_lists):
            for number, token in enumerate(tokens):
                if token.kind == "space":
                    continue
                chosen = texts[line_no][number]
                position = explained.get((line_no, number))
                if position is None:
                    results.append(TokenResult(token.text, chosen))
                    continue
                results.append(self._token_result(token.text, chosen, lattice, position, scores))
        return results

    def _token_result(self, original: str, chosen: str, lattice: _Lattice, position: int,
                      scores: np.ndarray) -> TokenResult:
        lo, hi = lattice.cand_start[position], lattice.cand_start[position + 1]
        local = scores[lo:hi]
        probabilities = np.exp(local - local.max())
        probabilities /= probabilities.sum()
        vocab = self.model.vocab
        forms = [apply_case(original, vocab[lattice.cand_ids[c]]) for c in range(lo, hi)]
        ranked = sorted(zip(forms, probabilities.tolist()), key=lambda pair: -pair[1])
        confidence = next((p for form, p in ranked if form == chosen), 0.0)
        return TokenResult(original, chosen, [(f, round(p, 4)) for f, p in ranked], round(confidence, 4))

    def restore_words(self, words: Sequence[str], confidences: Sequence[float] | None = None) -> list[str]:
        """Restore one OCR line given as words; returns exactly one word per input word.

        ``confidences`` (0-100, as Tesseract reports) keep confident words as printed
        (at or above :data:`KEEP_CONFIDENCE`); a less confident word may change, its
        printed form favoured in proportion to its confidence.  Without confidences
        every word is treated as stripped text, in every mode (the OCR ``--restore`` path:
        garbled and auto repair whole lines, which would not keep one word per box).
        """
        if confidences is not None and len(confidences) != len(words):
            raise ValueError("restore_words: one confidence per word is needed")
        tokens: list[Token] = []
        owner: list[int] = []
        overrides: dict[int, tuple[tuple[int, ...], tuple[float, ...]] | None] = {}
        for index, word in enumerate(words):
            if index:
                tokens.append(Token("space", " "))
                owner.append(-1)
            for token in tokenize(word):
                if token.kind == "word" and confidences is not None:
                    overrides[len(tokens)] = self._ocr_candidates(token, float(confidences[index]))
                tokens.append(token)
                owner.append(index)
        lattice = _Lattice()
        self._add_line(lattice, 0, tokens, [], overrides)
        texts = self._rewrite(lattice, self._decode(lattice)[0], [tokens])[0] if lattice.edits else [t.text for t in tokens]
        out = [""] * len(words)
        for index, text in zip(owner, texts):
            if index >= 0:
                out[index] += text
        return out

    def _ocr_candidates(self, token: Token, confidence: float) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
        """Candidates of an OCR word: kept when confident, else every form of its skeleton."""
        if confidence >= KEEP_CONFIDENCE:
            return None
        model = self.model
        lower = token.text.lower()
        ids = model.candidates.get(skeleton(lower))
        if ids is None:
            return None
        printed = model.ids.get(lower, -1)
        bonus = PRINTED_BONUS * max(confidence, 0.0) / 100.0
        id_list = tuple(ids.tolist())
        return id_list, tuple(bonus if i == printed else 0.0 for i in id_list)


_DEFAULT: Restorer | None = None


def _wraps(tokens: Sequence[Pair]) -> bool:
    """Whether a line ends inside a sentence: its last token is a word (no full stop, colon, semicolon...),
    as when a page wraps running text ("... của Ủy ban" / "nhân dân tỉnh").

    >>> [_wraps(token_pairs(line)) for line in ("của Ủy ban ", "nhân dân tỉnh.", "ngày 24", "")]
    [True, False, False, False]
    """
    for kind, _ in reversed(tokens):
        if kind != "space":
            return kind == "word"
    return False


def restore(text: str) -> str:
    """Restore ``text`` with the default model in auto mode: per paragraph, clean text is kept,
    stripped text gets its diacritics back and wrong-language OCR is repaired.

    >>> restore("Quyet dinh so 12/QD-UBND cua UBND tinh Lam Dong")
    'Quyết định số 12/QĐ-UBND của UBND tỉnh Lâm Đồng'
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Restorer()
    return _DEFAULT.restore(text)


__all__ = ["Restorer", "TokenResult", "restore"]
