"""The ``garbled`` and ``auto`` modes of :class:`vnrestore.restore.api.Restorer`.

They work on whole lines, not on word tokens as the stripped mode does,
because wrong-language OCR breaks the tokenizer's idea of a word ("V&", "s6",
"D.‘:iy").  ``garbled`` repairs every line of a batch (one batch is one
document for the channel adaptation); ``auto`` looks at each paragraph and
repairs garbled ones, passes stripped ones to the stripped mode and leaves
clean ones untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .load import require_channel, shared_repairer
from .mode import detect_modes, known_word_test
from .repair import GarbleRepairer, WordChoice, prepare_document

if TYPE_CHECKING:  # pragma: no cover
    from vnrestore.restore.api import Restorer, TokenResult


def _token_result(word: WordChoice) -> TokenResult:
    from vnrestore.restore.api import TokenResult

    return TokenResult(word.printed, word.chosen, [(f, round(p, 4)) for f, p in word.alternatives],
                       round(word.confidence, 4))


def _marked(word: WordChoice, below: float) -> str:
    if word.confidence >= below:
        return word.chosen
    others = [form for form, p in word.alternatives if form != word.chosen and p >= 0.01]
    return "{" + "|".join([word.chosen, *others[:3]]) + "}"


class GarbledLines:
    """Repair every line as wrong-language OCR."""

    def __init__(self, restorer: Restorer) -> None:
        self.restorer = restorer
        require_channel(restorer.model_dir)  # a missing model is told at once, not at the first garbled paragraph
        self._repairer: GarbleRepairer | None = None

    @property
    def repairer(self) -> GarbleRepairer:
        """The garble repairer (channel and candidate index, 0.5 s), loaded on first use: auto mode on
        text with no garble never needs it."""
        if self._repairer is None:
            self._repairer = shared_repairer(self.restorer.model_dir)
        return self._repairer

    def repair(self, lines: Sequence[str], mark_below: float | None = None,
               details: bool = True) -> tuple[list[str], list[list[WordChoice]]]:
        prepared = prepare_document(list(lines))
        texts, choices = self.repairer.repair_prepared_document(prepared, details=details or mark_below is not None)
        if mark_below is not None:
            texts = [_rewrite(line, words, mark_below) for line, words in zip(prepared, choices)]
        return texts, choices

    def restore_batch(self, lines: Sequence[str], mark_below: float | None = None,
                      marker_state: list[str] | None = None) -> list[str]:
        return self.repair(lines, mark_below, details=False)[0]

    def explain(self, text: str) -> list[TokenResult]:
        _, choices = self.repair(text.split("\n"))
        return [_token_result(word) for words in choices for word in words]


class AutoLines(GarbledLines):
    """Per paragraph: repair garbled text, restore stripped text, keep clean text."""

    def __init__(self, restorer: Restorer) -> None:
        super().__init__(restorer)
        self.is_known = known_word_test(restorer.model.vocab)
        self._stripped: Restorer | None = None

    @property
    def stripped(self) -> Restorer:
        if self._stripped is None:
            from vnrestore.restore.api import Restorer

            self._stripped = Restorer(self.restorer.model_dir, mode="stripped", beam=self.restorer.beam)
        return self._stripped

    def modes(self, lines: Sequence[str]) -> list[tuple[int, int, str]]:
        """(first, end, mode) per paragraph of ``lines``."""
        return detect_modes(list(lines), self.is_known)

    def restore_batch(self, lines: Sequence[str], mark_below: float | None = None,
                      marker_state: list[str] | None = None) -> list[str]:
        """``marker_state`` is the stream's list-marker sequence ("c)" → "d)" → "đ)"), carried
        across the stripped paragraphs as the stripped mode carries it across its batches."""
        out = list(lines)
        marker_state = [] if marker_state is None else marker_state
        modes = self.modes(lines)
        repaired = self.repair_garbled(lines, modes, mark_below, details=False)
        for first, end, mode in modes:
            if mode == "garbled":
                out[first:end] = repaired[first][0]
            elif mode == "stripped":
                out[first:end] = self.stripped._restore_batch(list(lines[first:end]), marker_state, mark_below)
        return out

    def repair_garbled(self, lines: Sequence[str], modes: list[tuple[int, int, str]], mark_below: float | None = None,
                       details: bool = True) -> dict[int, tuple[list[str], list[list[WordChoice]]]]:
        """The garbled paragraphs' repaired lines and word choices, by each paragraph's first line.

        They are repaired together, as one document with a blank line between paragraphs (a
        paragraph break for the language model), so the channel adapts to the whole scan and the
        cache model sees all of it: paragraph by paragraph, most of a real document's paragraphs
        were too short to adapt to (under :data:`~vnrestore.restore.garble.repair.MIN_ADAPT_WORDS`).
        """
        joined: list[str] = []
        spans: dict[int, tuple[int, int]] = {}
        for first, end, mode in modes:
            if mode != "garbled":
                continue
            if joined:
                joined.append("")
            spans[first] = (len(joined), len(joined) + end - first)
            joined.extend(lines[first:end])
        if not joined:
            return {}
        texts, choices = self.repair(joined, mark_below, details)
        return {first: (texts[a:b], choices[a:b]) for first, (a, b) in spans.items()}

    def explain(self, text: str) -> list[TokenResult]:
        from vnrestore.restore.api import TokenResult

        lines = text.split("\n")
        modes = self.modes(lines)
        repaired = self.repair_garbled(lines, modes)
        results: list[TokenResult] = []
        for first, end, mode in modes:
            part = "\n".join(lines[first:end])
            if mode == "garbled":
                results.extend(_token_result(word) for words in repaired[first][1] for word in words)
            elif mode == "stripped":
                results.extend(self.stripped.explain(part))
            else:
                results.extend(TokenResult(word, word) for word in part.split())
        return results


def _rewrite(line: str, words: list[WordChoice], below: float) -> str:
    """The repaired line with low-confidence words written "{chosen|alternative}"."""
    parts, last = [], 0
    for word in words:
        parts.append(line[last : word.start])
        parts.append(word.prefix + _marked(word, below))
        last = word.end
    parts.append(line[last:])
    return "".join(parts)
