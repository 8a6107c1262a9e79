"""Repair lines of wrong-language OCR: channel × trigram, decoded by the shared beam search.

Every printed word gets hypotheses: the syllables the candidate index finds
(emission = log P(printed | syllable) from the channel) and "keep as printed"
(emission = the learned rate for its class: a number, a code, an abbreviation,
a stray symbol).  Punctuation around a word is a fixed token.  All lines go
into one lattice for :func:`vnrestore.restore.decoder.decode`.  A document is
decoded twice: the second time with a channel adapted, by a few EM rounds, to
the document's own first-pass decisions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import regex

from vnrestore.restore.decoder import decode, local_scores
from vnrestore.restore.tables import RestorerModel
from vnrestore.restore.vocab import NUM_ID, OTHER_ID, UNK_ID

from .align import core
from .candidates import CandidateIndex, index_from_vocabulary
from .channel import Channel
from .tokens import token_class

_CHUNK = regex.compile(r"\S+")
#: documents shorter than this (in repaired words) are not worth adapting the channel to
MIN_ADAPT_WORDS = 150
#: channel log-score below which a first-pass decision does not teach the adapted channel
ADAPT_MIN_SCORE = -12.0


@dataclass
class Reading:
    """The hypotheses of one printed word type: texts, model ids, emission scores, keep flags."""

    texts: list[str]
    ids: np.ndarray
    scores: np.ndarray
    keep: np.ndarray

    def text(self, index: int, printed: str) -> str:
        return printed if self.keep[index] else self.texts[index]


@dataclass
class Slot:
    """One lattice position: a word core with its reading, or one punctuation mark."""

    start: int
    end: int
    printed: str
    reading: Reading
    editable: bool = True


@dataclass
class WordChoice:
    """The outcome for one printed word: chosen form, alternatives with probabilities, confidence."""

    printed: str
    chosen: str
    alternatives: list[tuple[str, float]]
    confidence: float
    start: int
    end: int


def _keep_id(model: RestorerModel, word: str, cls: str) -> int:
    if cls == "number":
        return NUM_ID
    if cls in ("code", "alnum"):
        return NUM_ID if word[:1].isdigit() else OTHER_ID
    return model.ids.get(word.lower(), UNK_ID)


class GarbleRepairer:
    """Channel + candidate index + the restorer's model; one per channel, cheap to re-channel."""

    def __init__(self, model: RestorerModel, channel: Channel, index: CandidateIndex | None = None,
                 beam: int = 16) -> None:
        self.model = model
        self.channel = channel
        self.index = index or index_from_vocabulary(model.vocab, channel, model.lm[0])
        self.beam = beam
        self._readings: dict[str, Reading] = {}

    def with_channel(self, channel: Channel) -> GarbleRepairer:
        """The same repairer with another channel (the index structure is shared, the cache is not)."""
        return GarbleRepairer(self.model, channel, self.index.with_channel(channel), self.beam)

    # -- lattice ---------------------------------------------------------------
    def reading(self, word: str) -> Reading:
        """Keep-as-printed plus channel-scored syllables for one printed word core (cached per type)."""
        found = self._readings.get(word)
        if found is None:
            found = self._readings[word] = self._read(word)
        return found

    def _read(self, word: str) -> Reading:
        cls = token_class(word)
        keep_logp = self.channel.keep_logp.get(cls, math.log(0.5))
        keep_id = _keep_id(self.model, word, cls)
        if cls == "code" or len(word) > 12 or (cls == "number" and len(word) > 3):
            return Reading([word], np.array([keep_id]), np.zeros(1), np.ones(1, bool))
        change_logp = math.log1p(-math.exp(min(keep_logp, -1e-6)))
        found = self.index.lookup(word)
        texts, ids, scores = [word], [keep_id], [keep_logp]
        for form, model_id, score in zip(found.forms, found.ids.tolist(), found.scores.tolist()):
            if form == word:
                ids[0], scores[0] = model_id, change_logp + score
            else:
                texts.append(form)
                ids.append(model_id)
                scores.append(change_logp + score)
        keep = np.zeros(len(texts), bool)
        keep[0] = True
        return Reading(texts, np.array(ids, np.int64), np.array(scores, np.float64), keep)

    def word_hypotheses(self, word: str) -> list[str]:
        """The readings of a printed word as text, keep-as-printed first.

        >>> from vnrestore.restore.garble.load import shared_repairer
        >>> "của" in shared_repairer().word_hypotheses("ctia")
        True
        """
        return self.reading(word).texts

    def slots(self, line: str) -> list[Slot]:
        """Lattice positions of one line: punctuation marks and word cores, in order."""
        out: list[Slot] = []
        for match in _CHUNK.finditer(line):
            chunk, base = match.group(), match.start()
            word = core(chunk)
            if not word:
                for i, char in enumerate(chunk):
                    out.append(self._punct(char, base + i))
                continue
            lead = chunk.index(word)
            for i in range(lead):
                out.append(self._punct(chunk[i], base + i))
            out.append(Slot(base + lead, base + lead + len(word), word, self.reading(word)))
            for i in range(lead + len(word), len(chunk)):
                out.append(self._punct(chunk[i], base + i))
        return out

    def _punct(self, char: str, at: int) -> Slot:
        reading = self._readings.get(char)
        if reading is None:
            reading = self._readings[char] = Reading(
                [char], np.array([self.model.ids.get(char, UNK_ID)]), np.zeros(1), np.ones(1, bool))
        return Slot(at, at + 1, char, reading, False)

    # -- decoding ---------------------------------------------------------------
    def decode_lines(self, lines: list[str]) -> list[list[tuple[Slot, int, np.ndarray]]]:
        """Per line, per slot: (slot, chosen hypothesis index, local log-scores of all hypotheses)."""
        all_slots = [self.slots(line) for line in lines]
        seq_start = np.zeros(len(lines) + 1, np.int64)
        np.cumsum([len(slots) for slots in all_slots], out=seq_start[1:])
        readings = [slot.reading for slots in all_slots for slot in slots]
        cand_start = np.zeros(len(readings) + 1, np.int64)
        np.cumsum([len(r.texts) for r in readings], out=cand_start[1:])
        cand_ids = np.concatenate([r.ids for r in readings]) if readings else np.zeros(0, np.int64)
        cand_score = np.concatenate([r.scores for r in readings]) if readings else np.zeros(0)
        lm = self.model.lm
        choice = decode(lm, seq_start, cand_start, cand_ids, cand_score, self.beam)
        local = local_scores(lm, seq_start, cand_start, cand_ids, cand_score, choice) if len(cand_ids) else cand_score
        result = []
        position = 0
        for slots in all_slots:
            row = []
            for slot in slots:
                lo, hi = cand_start[position], cand_start[position + 1]
                row.append((slot, int(choice[position]), local[lo:hi]))
                position += 1
            result.append(row)
        return result

    def repair_lines(self, lines: list[str]) -> tuple[list[str], list[list[WordChoice]]]:
        """Repaired lines (same count, same spacing) and the word choices behind them."""
        decoded = self.decode_lines(lines)
        texts, choices = [], []
        for line, row in zip(lines, decoded):
            parts, last, words = [], 0, []
            for slot, chosen, local in row:
                if not slot.editable:
                    continue
                text = slot.reading.text(chosen, slot.printed)
                parts.append(line[last : slot.start])
                parts.append(text)
                last = slot.end
                words.append(_choice(slot, chosen, local, text))
            parts.append(line[last:])
            texts.append("".join(parts))
            choices.append(words)
        return texts, choices

    def repair_document(self, lines: list[str], rounds: int = 1) -> tuple[list[str], list[list[WordChoice]]]:
        """Repair, then adapt the channel to this document's own decisions and repair again."""
        texts, choices = self.repair_lines(lines)
        repairer = self
        for _ in range(rounds):
            pairs = Counter((w.chosen, w.printed) for row in choices for w in row if w.chosen.isalpha())
            if sum(pairs.values()) < MIN_ADAPT_WORDS:
                break
            weighted = [(t, p, float(c)) for (t, p), c in sorted(pairs.items())
                        if repairer.channel.score_one(p, t) > ADAPT_MIN_SCORE]
            counts = self.channel.expected_counts(weighted)
            repairer = self.with_channel(self.channel.adapted(counts))
            texts, choices = repairer.repair_lines(lines)
        return texts, choices


def _choice(slot: Slot, chosen: int, local: np.ndarray, text: str) -> WordChoice:
    """Softmax of the local scores: the chosen form's share is its confidence."""
    probs = np.exp(local - local.max())
    probs /= probs.sum()
    order = np.argsort(-probs)[:4]
    alternatives = []
    for i in order:
        alternatives.append((slot.reading.text(int(i), slot.printed), float(probs[i])))
    return WordChoice(slot.printed, text, alternatives, float(probs[chosen]), slot.start, slot.end)
