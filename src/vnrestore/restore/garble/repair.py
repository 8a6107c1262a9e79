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
from collections.abc import Callable
from itertools import product
from dataclasses import dataclass, field, replace

import numpy as np
import regex

from vnrestore.restore.build import MAX_COUNTED_DIGITS
from vnrestore.restore.decoder import BOS_ID, EOS_ID, bigram_logp, decode, insertion_gain, local_scores
from vnrestore.restore.kneser_ney import find_bigrams
from vnrestore.restore.tables import RestorerModel
from vnrestore.restore.vocab import (NUM_ID, OTHER_ID, SENTENCE_OPENERS, SPECIALS, UNK_ID, is_roman, lm_token,
                                     next_list_letter)
from vnrestore.text.diacritics import skeleton
from vnrestore.text.tokenize import tokenize

from .align import FINAL_HORNS, core
from .candidates import CandidateIndex, Candidates, glued, index_from_vocabulary
from .channel import Channel, with_noise_floor
from .openings import Opening, line_opening, paragraph_starts
from .prepare import CHUNK, GLUE_MARKS, joined_parts, prepare_document
from .reading import (Reading, as_number_when_kept, case_twins, letter_case_patterns, list_letters_of, numeral_reading,
                      twins_of, with_readings_of)
from .tokens import apply_case, token_class

#: a horn-like mark inside a printed word, between two letters or a digit and a letter ("co’sé", "nu'c"): a
#: horn, or the space OCR glued shut (:meth:`GarbleRepairer.split_point` weighs both)
_INNER_MARK = regex.compile(r"(?<=[\p{L}\p{Nd}])[" + regex.escape(GLUE_MARKS) + r"](?=\p{L})")
#: letter runs of codes and abbreviations, and a Vietnamese syllable's one must-have: a vowel
_UPPER_RUN = regex.compile(r"\p{Lu}{2,}")
#: a capital after a lower-case letter: no Vietnamese word has one, names do ("TikTok", "eCabinet", "ZaloPay")
_INNER_CAPITAL = regex.compile(r"\p{Ll}\p{Lu}")
_VOWEL = regex.compile(r"[aeiouyAEIOUY]")
#: documents shorter than this (in repaired words) are not worth adapting the channel to
MIN_ADAPT_WORDS = 150
#: channel log-score below which a first-pass decision does not teach the adapted channel
ADAPT_MIN_SCORE = -12.0
#: EM rounds of the per-document adaptation: one reads the dev set as two did (97.88 / 91.77 % against
#: 97.88 / 91.79 %) at half the adaptation time (a fifth of the whole with two), which pays for more candidates
ADAPT_ROUNDS = 1
#: weight of the case model's log-probability (lower or capitalised mid-sentence)
CASE_WEIGHT = 0.5
#: log-odds of a syllable in capitals against its capitalised form, printed short and in capitals on a
#: line of lower-case text: 10 against 227 in the training pairs (Bộ, Tổ, Hồ, Sở printed "BO", "TO"...),
#: log -3.1; but the channel already favours the capitals reading ("Ở" prints "O" likelier than "ở"
#: does), and dev read "SO" as "SỞ" in running text: -3 / -4 / -5 / -6 read 98.50 / 99.01 / 95.14,
#: 98.51 / 99.02 / 95.14, 98.51 / 99.04 / 95.14, 98.51 / 99.04 / 95.14 %
CAPITALS_LOGP = -5.0
#: log P that a horn-like mark after a word is no horn of its last letter ("tl’" for "từ", the mark
#: printed for the horn of a letter read as "l"): log 0.1; -1 to -4.6 read the dev set alike
STRAY_MARK_LOGP = -2.3
#: final marks that may also end a sentence, kept after a word read without them ("khong?" is "không?");
#: a "?" after a letter is mostly a hook (ử, ữ printed "i?": 326 of 338 such words of the training pairs)
SENTENCE_MARKS = "?"
#: a letter whose channel prints such a mark with this log-probability or more (ữ -3.5, ử -3.9, ừ -4.5,
#: ứ -5.5 for "?") takes the mark as its own: "ti?" read "từ" is no question
MARK_PRINTING_LOGP = -6.0
#: weight of the channel's log-probability against the language model's.  With 80 candidates per word
#: (:data:`.candidates.KEEP`) the dev parts read 0.6: 98.24 / 98.72 / 94.96 %, 0.65: 98.39 / 98.80 / 94.99,
#: 0.7: 98.41 / 98.84 / 95.01, 0.75: 98.47 / 98.84 / 95.00, 0.8: 98.43 / 98.91 / 95.04, 0.9: 98.38 / 98.87 / 94.70
CHANNEL_WEIGHT = 0.75
#: hypotheses whose emission is this far (log) below the best of their word are dropped
EMISSION_BEAM = 12.0
#: beam of the first pass, whose decisions only teach the adapted channel (2 loses 0.03 points
#: on the dev set's first part, 3 nothing)
FIRST_PASS_BEAM = 3
#: a printed word is read as two glued syllables ("Chithis", "vacac") only when that beats one syllable by this (log)
SPLIT_MARGIN = 2.0
#: a word with a horn-like mark inside is cut there when two words beat one by this (log)
MARK_SPLIT_MARGIN = 0.0
#: a word read as one syllable at least this well (emission + unigram, log) is not tried as two: of the
#: 679 dev words tried at -7, the 33 split all read worse than -13 as one (32 worse than -15), and
#: -7 / -9 / -11 / -13 read the dev set alike, at 679 / 573 / 428 / 274 words tried
SPLIT_GATE = -13.0
#: hypotheses per side weighed when scoring two syllables together
PAIR_TOP = 3
#: exponent of a first-pass decision's confidence, its weight in the adapted channel's data and in the
#: cache's counts: a guess among near-equals teaches little.  Dev, every decision counted once: 98.50 /
#: 98.93 / 95.04 %; confidence^1: 98.48 / 98.93 / 95.12, ^2: 98.46 / 98.94 / 95.16, ^4: 98.48 / 98.97 /
#: 95.20, ^8: 98.48 / 98.96 / 95.20, ^16: 98.38 / 98.96 / 95.17
FIRST_PASS_TRUST = 4.0
#: a first-pass confidence weighs the hypotheses whose emission is within this of their word's best (a
#: sixth of them, at 80 candidates per word): dev 98.49 / 98.96 / 95.14 % at 4, 98.48 / 98.98 / 95.15 at
#: 6, 98.48 / 98.97 / 95.19 at 8, 98.48 / 98.97 / 95.20 weighing all; 6 and more cost 4–8 % of the cold speed
CONFIDENCE_WINDOW = 4.0
#: weight λ of the document's own vocabulary in the second pass, a cache model: legal text repeats its
#: terms ("niêm yết", "Ban Cứu trợ", "tỉnh"), and a word a damaged print hides once is read elsewhere on
#: the page. A syllable gains log(1 + λ · p_doc / p_corpus), what interpolating the unigram with the
#: document's own rate adds, so a word common everywhere ("số") gains little for being common here.
#: Dev, λ 0 → 1.0: 98.24 / 98.75 / 94.01 → 98.24 / 98.76 / 94.46% (log n of the uses instead: 94.36)
CACHE_WEIGHT = 1.0
#: printed types whose readings the root repairer keeps between documents (about 30 kB each with 80
#: candidates, more for the hard words given 128): bench_garbled's 123 documents meet 4,600, and a long
#: batch of training pages is held at 492 MB (568 MB at 8,000 types, with the longer hard-word lists)
MAX_CACHED_TYPES = 6000
#: shortest side of a split, and shortest and longest word considered for splitting (in letters):
#: of 1,206 unknown 2–4-letter words tried on the dev set 6 were split, at the cost of a third of the
#: cold time; one-letter halves changed one syllable in 24,000 and cost a quarter of the cuts tried
MIN_SPLIT_SIDE, MIN_SPLIT_WORD, MAX_SEGMENT_WORD = 2, 5, 12


@dataclass
class _Layout:
    """A printed type's hypotheses whatever the channel: texts and ids (keep-as-printed first), where
    the candidate spelled as printed sits among the forms (-1: none), which forms follow, case scores."""

    #: as an object array, so that a reading picks its kept hypotheses' texts in one step
    texts: np.ndarray
    ids: np.ndarray
    same: int
    others: np.ndarray
    case_scores: np.ndarray
    capitals: np.ndarray
    #: per hypothesis, its spelling in the other case (:func:`twins_of`)
    twins: np.ndarray
    #: ``texts`` as a list, and which hypothesis is the print kept (the first): a reading that keeps
    #: every hypothesis, three in four, takes the layout's arrays as they are
    text_list: list[str] = field(init=False)
    keep: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.text_list = self.texts.tolist()
        self.keep = np.zeros(len(self.texts), bool)
        self.keep[:1] = True


@dataclass
class Slot:
    """One lattice position: a word core with its reading, or one punctuation mark."""

    start: int
    end: int
    printed: str
    reading: Reading
    editable: bool = True
    #: written before the repaired word: a space when this is the second half of a glued word
    prefix: str = ""
    #: the word follows a hyphen between two words of one printed chunk ("quy-dinh", "té-xa", "cap-Giay",
    #: "Viét-Nam"), which the words are read without: a compound's hyphen or a
    #: space OCR misread, as :func:`hyphen_is_space` decides once they are
    after_hyphen: bool = False
    #: a model token of a word kept whole, after its first (:meth:`GarbleRepairer._with_model_tokens`): no
    #: width, never written, and no sentence opener (the "/" of "24/12/2021" opens nothing)
    hidden: bool = False
    #: the case the word is written in whatever its hypothesis's: "title" where it opens an item ("a) ",
    #: "1. ", :func:`capital_openers`), "upper" where a heading in capitals printed it in mixed case
    #: (:func:`heading_capitals`), "" elsewhere
    written_case: str = ""


#: the decoder's outcome for one slot: (slot, the chosen hypothesis, every hypothesis's local log-score
#: with its neighbours fixed to the chosen path, the chosen one's share of them); a plain tuple, made
#: for every slot of every pass
Decision = tuple[Slot, int, np.ndarray, float]


@dataclass
class WordChoice:
    """The outcome for one printed word: chosen form, alternatives with probabilities, confidence."""

    printed: str
    chosen: str
    alternatives: list[tuple[str, float]]
    confidence: float
    start: int
    end: int
    #: written before the chosen form: a space when the word is the second half of a glued word
    prefix: str = ""


def _keep_id(model: RestorerModel, word: str, cls: str) -> int:
    """The language-model token of a printed word kept as it stands.

    A word the vocabulary lacks ("Zalo") is scored as ``<other>``, the class of
    tokens outside the vocabulary (codes, foreign words), whose probability the
    model learned from text, and not as ``<unk>``, whose probability is only the
    smoothing left over (e^-13): with it no name could outweigh a common syllable.  But a word
    spelled as a Vietnamese syllable stripped of its marks ("Dieu" for "Điều") is that syllable
    printed by English OCR, no name: it stays ``<unk>``.
    """
    if cls == "number":
        return NUM_ID
    if cls in ("code", "alnum"):
        return NUM_ID if word[:1].isdigit() else OTHER_ID
    lower = word.lower()
    name_like = _name_like(word, cls) and lower not in model.candidates
    return model.ids.get(lower, OTHER_ID if name_like else UNK_ID)


def _name_like(word: str, cls: str) -> bool:
    """A capitalised word of plain Latin letters: if the vocabulary lacks it, a name or a foreign word may
    stand there.  Not one holding a letter no such name is written with: OCR's "ﬁ" ligature ("Thﬁ" for
    "Thủ"), or a Vietnamese mark ("Ouyén" for "Quyền"), as a Vietnamese syllable with marks is one the
    vocabulary has, and a vowel marked the French way is English OCR's misreading of a Vietnamese one.

    >>> [_name_like(w, "word") for w in ("Zalo", "zalo", "T&", "V&", "Thﬁ", "Ouyén", "Đak")]
    [True, False, False, False, False, False, True]
    """
    return cls == "word" and word[:1].isupper() and all(c in _NAME_LETTERS for c in word)


#: the letters names and foreign words the vocabulary lacks are written with: Latin (f, j, w, z included), and đ
_NAME_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzđ" + "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")


def offered_ids(model: RestorerModel) -> set[int]:
    """The ids the stripped restorer offers as candidates: every letter-only token but the corpus's typos."""
    return {int(token_id) for ids in model.candidates.values() for token_id in ids}


class GarbleRepairer:
    """Channel + candidate index + the restorer's model; one per channel, cheap to re-channel."""

    def __init__(self, model: RestorerModel, channel: Channel, index: CandidateIndex | None = None,
                 beam: int = 16, base: GarbleRepairer | None = None) -> None:
        self.model = model
        self.channel = channel
        self.index = index or index_from_vocabulary(model.vocab, channel, model.lm[0], lower_logp=model.case_lower,
                                                    offered=offered_ids(model))
        self.beam = beam
        #: the repairer this one was adapted from: its candidate lists are rescored, not searched again
        self.base = base
        self._readings: dict[str, Reading] = {}
        #: each printed type's hypotheses whatever the channel (made by the root, shared by adapted ones)
        self._layouts: dict[str, _Layout] = {}
        #: log P(printed | chosen) of first-pass decisions, which recur from document to document
        self._pair_scores: dict[tuple[str, str], float] = {}
        #: split decisions per printed type (made by the root repairer, shared by adapted ones)
        self._splits: dict[str, int] = {}
        #: per printed type, its class, kept id and reading as printed if it stands so (:meth:`_kind`, the root's)
        self._kinds: dict[str, tuple[str, int, Reading | None]] = {}
        #: per printed chunk, its slots' plan (:func:`_chunk_plan`, the root's)
        self._chunk_plans: dict[str, list[tuple[int, str, bool, bool]]] = {}
        #: a word kept whole, as the model's tokens (:meth:`_model_tokens`)
        self._token_runs: dict[str, tuple[Reading, list[tuple[str, Reading]]]] = {}
        #: per model id, a log bonus for syllables the document uses elsewhere (:meth:`repair_document`)
        self.document_bonus: np.ndarray | None = None
        self._unigram: np.ndarray | None = None
        #: per sentence mark, the letters that print it (:meth:`Channel.chars_printing`), made on first use
        self._mark_letters: dict[str, frozenset[str]] = {}

    def forget_types_beyond(self, limit: int) -> None:
        """Empty the per-type caches once they hold more than ``limit`` printed types.

        A batch of millions of lines meets new garbled spellings without end, and each
        type's candidates take tens of kilobytes: unbounded, the caches would take the
        machine.  Emptied at once (no LRU bookkeeping on the hot path), they refill with the
        types the next documents use, which recur most.
        """
        if len(self._readings) <= limit:
            return
        for cache in (self._readings, self._layouts, self._pair_scores, self._splits, self._token_runs, self._kinds,
                      self._chunk_plans, self.index.cache, self.index.shortlists):
            cache.clear()

    def with_channel(self, channel: Channel) -> GarbleRepairer:
        """The same repairer with another channel: the base's candidates, rescored (per-type cache of its own)."""
        root = self.base or self
        return GarbleRepairer(self.model, channel, root.index, self.beam, base=root)

    # -- lattice ---------------------------------------------------------------
    def reading(self, word: str) -> Reading:
        """Keep-as-printed plus channel-scored syllables for one printed word core (cached per type)."""
        found = self._readings.get(word)
        if found is None:
            found = self._read(word)
            if len(word) > 1 and word[-1] in FINAL_HORNS and word[-2].isalpha():
                found = with_readings_of(found, self._read(word[:-1]), CHANNEL_WEIGHT * STRAY_MARK_LOGP,
                                         mark_after=word[-1] in SENTENCE_MARKS)
                if found.mark_after is not None:
                    found = replace(found, mark_after=found.mark_after
                                    & self._free_of_letters_printing(word[-1], found.texts))
            self._readings[word] = found
        return found

    def _free_of_letters_printing(self, mark: str, texts: list[str]) -> np.ndarray:
        """Per text, whether none of its letters prints ``mark`` (:data:`MARK_PRINTING_LOGP`), by the trained
        channel: found once by the root repairer, not again for each document's adapted one."""
        root = self.base or self
        letters = root._mark_letters.get(mark)
        if letters is None:
            letters = root._mark_letters[mark] = root.channel.chars_printing(mark, MARK_PRINTING_LOGP)
        return np.fromiter((letters.isdisjoint(text) for text in texts), bool, len(texts))

    def _number_logp(self, word: str) -> float:
        """log P(this number | a number) for a short number of digits in running text, else 0: the
        language model's ``<num>`` stands for every number, and "13" is written more often than "56"."""
        return self.model.number_logp(word) if word.isdigit() and token_class(word) == "number" else 0.0

    def _as_marker(self, reading: Reading, printed: str) -> Reading:
        """``reading`` of a line's numbered marker without its number's rate in running text: which number
        a marker is its list says ("1)" after "4)" opens a new list), not how often the corpus writes it."""
        scores = reading.scores.copy()
        scores[0] -= self._number_logp(printed)
        return replace(reading, scores=scores)

    def _kind(self, word: str) -> tuple[str, int, Reading | None]:
        """What ``word`` is whatever the channel (made once by the root repairer, cached): its token class,
        the model id it is kept as, and its one reading when it stands as printed, else None."""
        root = self.base or self
        found = root._kinds.get(word)
        if found is None:
            found = root._kinds[word] = root._find_kind(word)
        return found

    def _find_kind(self, word: str) -> tuple[str, int, Reading | None]:
        cls = token_class(word)
        keep_id = _keep_id(self.model, word, cls)
        if cls == "code" or (cls == "upper" and not _VOWEL.search(word)):
            # codes and vowelless abbreviations stand as printed (with their Đ back: "ND" is "NĐ"); but two
            # capitals may be a short syllable OCR printed so ("BG" for "Bộ", "TS" for "Tổ"): the decoder weighs them
            fixed = self.with_dd(word)
            if cls == "code" or len(word) > 2 or fixed != word:
                return cls, keep_id, Reading([fixed], np.array([keep_id]), np.zeros(1), np.array([fixed == word]))
        if len(word) > 12 or (cls == "number" and len(word) > MAX_COUNTED_DIGITS):
            return cls, keep_id, Reading([word], np.array([keep_id]), np.zeros(1), np.ones(1, bool))
        return cls, keep_id, None

    def _read(self, word: str) -> Reading:
        cls, keep_id, as_printed = self._kind(word)
        if as_printed is not None:
            return as_printed
        keep_logp = self.channel.keep_logp.get(cls, math.log(0.5))
        change_logp = math.log1p(-math.exp(min(keep_logp, -1e-6)))
        found = self.index.lookup(word)  # an adapted repairer shares the root's index
        form_scores = found.scores if self.base is None else self._rescored(word, found)
        layout = self._layout(word, found, keep_id)
        form_scores = np.asarray(form_scores, np.float64)
        if layout.same < 0:  # no syllable spelled as printed: the print may owe nothing to the word written
            form_scores = with_noise_floor(form_scores, word)
        scores = np.empty(len(layout.texts), np.float64)
        scores[0] = keep_logp if layout.same < 0 else change_logp + form_scores[layout.same]
        scores[1:] = change_logp + form_scores[layout.others]
        scores *= CHANNEL_WEIGHT
        scores[0] += self._number_logp(word)  # which number: a language-model term, not scaled as the channel is
        kept = np.flatnonzero(scores >= scores.max() - EMISSION_BEAM)
        if len(kept) == len(scores):
            return Reading(layout.text_list, layout.ids, scores, layout.keep, layout.case_scores, layout.capitals,
                           layout.twins)
        if kept[0] != 0:
            kept = np.concatenate([[0], kept])
        keep = np.zeros(len(kept), bool)
        keep[0] = True
        position = np.full(len(layout.texts), -1, np.int64)
        position[kept] = np.arange(len(kept))
        twins = layout.twins[kept]
        return Reading(layout.texts[kept].tolist(), layout.ids[kept], scores[kept], keep,
                       layout.case_scores[kept], layout.capitals[kept],
                       np.where(twins >= 0, position[np.maximum(twins, 0)], -1))

    def _layout(self, word: str, candidates: Candidates, keep_id: int) -> _Layout:
        """The hypotheses of ``word`` whatever the channel: keep-as-printed first, a candidate spelled
        as printed merged into it (its id), the other candidates after; made once by the root repairer
        (an adapted channel rescores the same forms in the same order)."""
        root = self.base or self
        found = root._layouts.get(word)
        if found is None:
            forms = candidates.forms
            same = [i for i, form in enumerate(forms) if form == word] if word in forms else []
            others = np.ones(len(forms), bool)
            others[same] = False
            ids = np.empty(1 + int(others.sum()), np.int64)
            ids[0] = candidates.ids[same[-1]] if same else keep_id
            ids[1:] = np.asarray(candidates.ids, np.int64)[others]
            texts = [word] + [form for form, other in zip(forms, others) if other]
            patterns = np.concatenate([letter_case_patterns([word]), candidates.patterns[others]])
            capitals = patterns == "upper"
            capitals[0] = False
            found = root._layouts[word] = _Layout(np.array(texts, object), ids, same[-1] if same else -1, others,
                                                  self._case_scores(patterns, ids), capitals,
                                                  twins_of(texts, ids, patterns))
        return found

    def _case_scores(self, patterns: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """CASE_WEIGHT × log P(lower | form) or log P(capitalised | form) mid-sentence, from the restorer's
        case model: OCR capitalises "khoán" as "Khoan", and the channel alone would keep the capital.
        ``patterns``: each hypothesis's :func:`letter_case_patterns`."""
        model = self.model
        ids = np.asarray(ids)
        known = (ids >= len(SPECIALS)) & (ids < len(model.case_lower))  # no case for <unk>, <num>, ...
        if not known.any():
            return np.zeros(len(patterns))
        lower = (patterns == "lower") & known
        title = (patterns == "title") & known
        safe = np.where(known, ids, 0)
        out = np.where(lower, model.case_lower[safe], 0.0) + np.where(title, model.case_title[safe], 0.0)
        return CASE_WEIGHT * out.astype(np.float64)

    def _rescored(self, word: str, found: Candidates) -> np.ndarray:
        """The base's kept candidates of ``word`` scored with this (adapted) channel.

        Adaptation moves probability between the pieces a character prints as; it
        hardly changes which syllables are near a printed word, so searching the
        index again would cost much and find the same list.
        """
        if not found.forms:
            return np.zeros(0)
        return self.channel.score(word, found.rows, found.lengths)

    def with_dd(self, code: str) -> str:
        """A code or abbreviation with its Đ back where the corpus writes it so ("ND-CP" → "NĐ-CP").

        Each upper-case letter run holding a D becomes the spelling, D or Đ at each
        place, that the language model's unigrams like best; unknown runs stay.
        """
        unigram = self.model.lm[0]

        def best(match: regex.Match) -> str:
            run = match.group()
            places = [i for i, c in enumerate(run) if c == "D"]
            if not places or len(places) > 3:
                return run
            chosen, chosen_logp = run, -np.inf
            for flags in product((False, True), repeat=len(places)):
                letters = list(run)
                for place, flag in zip(places, flags):
                    letters[place] = "Đ" if flag else "D"
                variant = "".join(letters)
                token_id = self.model.ids.get(variant.lower())
                if token_id is not None and unigram[token_id] > chosen_logp:
                    chosen, chosen_logp = variant, unigram[token_id]
            return chosen

        return _UPPER_RUN.sub(best, code)

    def _pair_score(self, printed: str, truth: str) -> float:
        """log P(printed | truth) under this channel, cached (the cache is bounded)."""
        found = self._pair_scores.get((printed, truth))
        if found is None:
            found = self.channel.score_one(printed, truth)
            if len(self._pair_scores) < 500_000:
                self._pair_scores[printed, truth] = found
        return found

    def word_hypotheses(self, word: str) -> list[str]:
        """The readings of a printed word as text, keep-as-printed first.

        >>> from vnrestore.restore.garble.load import shared_repairer
        >>> "của" in shared_repairer().word_hypotheses("ctia")
        True
        """
        return self.reading(word).texts

    def slots(self, line: str) -> list[Slot]:
        """Lattice positions of one line: punctuation marks and word cores, in order; glued words split
        where the evidence is clear (:meth:`segment`)."""
        return self._line_slots(line)[0]

    def _line_slots(self, line: str) -> tuple[list[Slot], bool]:
        """:meth:`slots` and whether the line is set in capitals (:func:`_in_capitals`), found once: the
        model tokens added after it are hidden slots, which it does not count."""
        slots = self.segment(line, self._plain_slots(line))
        capitals = _in_capitals(slots)
        return self._with_model_tokens(self._with_roman_numerals(slots, capitals)), capitals

    def _with_roman_numerals(self, slots: list[Slot], in_capitals: bool) -> list[Slot]:
        """``slots`` with each Roman numeral of running text ("Phụ lục II", "khóa XV") kept as printed and read
        as ``<num>``, as the stripped mode reads it (:func:`vnrestore.restore.vocab.is_roman`): of the 600
        such words of the training pairs 578 were printed right and the rest were other numerals ("I" for
        "II", 7 "I" for "1"), while the candidates offer "Ia" and "IIA".  A lone I, V or X keeps its other
        readings, its printed one read as ``<num>``: a real scan prints "X hdi" for "Xã hội".  In a heading
        in capitals (``in_capitals``, :func:`_in_capitals`) "VI" may be "VỊ", and is repaired like any word."""
        if in_capitals:
            return slots
        return [replace(slot, reading=numeral_reading(slot.printed) if len(slot.printed) > 1
                        else as_number_when_kept(slot.reading))
                if slot.editable and is_roman(slot.printed) else slot for slot in slots]

    def _with_model_tokens(self, slots: list[Slot]) -> list[Slot]:
        """``slots`` with each word kept whole ("316/TTr-UBND", "24/12/2021", "NĐ-CP") read by the language
        model as the tokens it was trained on ("<num> / ttr - ubnd"), not as one ``<num>``: the code's last
        tokens are the next word's context ("UBND ngày", "<num> / <num> của").  The tokens after the first
        are hidden slots of no width, never written."""
        out: list[Slot] = []
        for slot in slots:
            if not slot.editable or len(slot.reading.texts) != 1:
                out.append(slot)
                continue
            first, hidden = self._model_tokens(slot.reading)
            out.append(slot if first is slot.reading else replace(slot, reading=first))
            out.extend(Slot(slot.end, slot.end, text, reading, False, hidden=True) for text, reading in hidden)
        return out

    def _model_tokens(self, reading: Reading) -> tuple[Reading, list[tuple[str, Reading]]]:
        """A one-hypothesis reading with its first model token's id, and a reading per further token (cached)."""
        text = reading.texts[0]
        found = self._token_runs.get(text)
        if found is None:
            tokens = [(token, NUM_ID if token.kind == "number" else self.model.ids.get(lm_token(token), UNK_ID))
                      for token in tokenize(text) if token.kind != "space"]
            if len(tokens) < 2:
                found = (reading, [])
            else:
                first = replace(reading, ids=np.array([tokens[0][1]]))
                found = (first, [(token.text, Reading([token.text], np.array([token_id]), np.zeros(1), np.ones(1, bool)))
                                 for token, token_id in tokens[1:]])
            self._token_runs[text] = found
        return found

    def _plain_slots(self, line: str) -> list[Slot]:
        """One slot per printed word core and per punctuation mark."""
        out: list[Slot] = []
        root = self.base or self
        plans = root._chunk_plans
        for match in CHUNK.finditer(line):
            chunk, base = match.group(), match.start()
            plan = plans.get(chunk)
            if plan is None:
                plan = plans[chunk] = _chunk_plan(chunk)
            for offset, text, is_word, after_hyphen in plan:
                if is_word:
                    out.append(Slot(base + offset, base + offset + len(text), text, self.reading(text),
                                    after_hyphen=after_hyphen))
                else:
                    out.append(self._punct(text, base + offset))
        return out

    # -- segmentation -------------------------------------------------------------
    def _known(self, word: str) -> bool:
        return word.lower() in self.model.ids

    def _top(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Best (ids, emission + unigram) readings of ``word`` as a syllable (keep-as-printed only if a known syllable)."""
        reading = self.reading(word)
        total = reading.scores + self.model.lm[0][reading.ids]
        if reading.ids[0] == UNK_ID or not self._known(word) or glued(word):
            total = total.copy()
            total[0] = -np.inf
        order = np.argsort(-total)[:PAIR_TOP]
        return reading.ids[order], total[order]

    def _one(self, word: str) -> float:
        """Score of reading ``word`` as one syllable."""
        return float(self._top(word)[1][0])

    def _two(self, left: str, right: str) -> float:
        """Score of reading ``left right`` as two syllables: emissions, unigram of the first, bigram of the second."""
        lm = self.model.lm
        left_ids, left_scores = self._top(left)
        right_ids, right_scores = self._top(right)
        best = -np.inf
        for a, sa in zip(left_ids.tolist(), left_scores.tolist()):
            for b, sb in zip(right_ids.tolist(), right_scores.tolist()):
                if sa == -np.inf or sb == -np.inf:
                    continue
                value = sa + sb - float(lm[0][b]) + float(bigram_logp(lm, a, b))
                best = max(best, value)
        return best

    def split_point(self, word: str) -> int:
        """Where a printed word is best read as two glued syllables, or 0 to read it as one (cached per type).

        A word with a horn-like mark inside ("co’sé", "nu'c") is read either whole
        (the mark printed for a horn) or as two words cut at the mark, whichever
        scores better; the returned cut is then the mark's place, and the mark goes.
        Otherwise only unknown all-letter words are considered (and words the corpus
        ran together, "nhànước"): a known word is never split, nor one with a capital inside ("TikTok").
        """
        root = self.base or self
        found = root._splits.get(word)
        if found is None:
            mark = _INNER_MARK.search(word)
            if mark is not None:
                found = root._mark_split(word, mark.start())
            elif (word.isalpha() and (not root._known(word) or glued(word)) and MIN_SPLIT_WORD <= len(word) <= MAX_SEGMENT_WORD
                    and token_class(word) == "word" and not _INNER_CAPITAL.search(word)):
                found = root._letter_split(word)
            else:
                found = 0
            root._splits[word] = found
        return found

    def _mark_split(self, word: str, at: int) -> int:
        """``at`` when ``word`` reads better as the two words around its mark than as one, else 0.

        With more marks after it ("vé’ké’hoach"), only the part up to the next one is weighed
        ("vé’ké" against "vé ké"); :meth:`segment` then cuts the rest in turn. A single letter between
        two marks is a syllable's horns, never a word ("phu'o'ng" is "phương").
        """
        left, right = word[:at], word[at + 1 :]
        further = _INNER_MARK.search(right)
        if further is not None:
            right = right[: further.start()]
            if len(right) < 2:
                return 0
        if not left or not right:
            return 0
        return at if self._two(left, right) > self._one(word[: at + 1 + len(right)]) + MARK_SPLIT_MARGIN else 0

    def _letter_split(self, word: str) -> int:
        """The best cut of an all-letter word into two syllables, or 0 when one token reads well enough: one
        syllable, or a name kept as printed (a capitalised word of plain letters the vocabulary lacks, read as
        ``<other>``: "Facebook", "Youtube" stay whole; the dev pages read the same)."""
        one = self._one(word)
        reading = self.reading(word)
        if reading.ids[0] == OTHER_ID:  # a name may stand as printed: "Facebook" is no "Face books"
            one = max(one, float(reading.scores[0] + self.model.lm[0][OTHER_ID]))
        if one >= SPLIT_GATE:
            return 0
        found, best = 0, one + SPLIT_MARGIN
        for cut in range(MIN_SPLIT_SIDE, len(word) - MIN_SPLIT_SIDE + 1):
            if word[cut].isupper():
                continue
            two = self._two(word[:cut], word[cut:])
            if two > best:
                found, best = cut, two
        return found

    def segment(self, line: str, slots: list[Slot]) -> list[Slot]:
        """``slots`` with glued words split; every part stays within the printed word's span (a mark
        at a cut belongs to the next part's span and is not written). A part after a cut is cut
        again where it reads better so ("vé’ké’hoach" → "vé", "ké", "hoach")."""
        out: list[Slot] = []
        for slot in slots:
            while True:
                cut = self.split_point(slot.printed) if slot.editable else 0
                if not cut:
                    out.append(slot)
                    break
                left, right = slot.printed[:cut], slot.printed[cut:]
                if right[0] in GLUE_MARKS:
                    right = right[1:]
                out.append(Slot(slot.start, slot.start + cut, left, self.reading(left), prefix=slot.prefix))
                slot = Slot(slot.start + cut, slot.end, right, self.reading(right), True, " ")
        return out

    def _punct(self, char: str, at: int) -> Slot:
        reading = self._readings.get(char)
        if reading is None:
            reading = self._readings[char] = Reading(
                [char], np.array([self.model.ids.get(char, UNK_ID)]), np.zeros(1), np.ones(1, bool))
        return Slot(at, at + 1, char, reading, False)

    # -- list markers ---------------------------------------------------------------
    def _with_list_markers(self, openings: list[Opening], all_slots: list[list[Slot]]) -> list[list[Slot]]:
        """Lines opening with a list marker ("e)", "(b)") keep its letter as printed, but for the letter
        the sequence expects where the print lost its marks (:func:`next_list_letter`: "d)" after "d)" is
        "đ)"), as the stripped mode does, or where the next marker confirms it (:func:`_between`: "a)"
        between "d)" and "e)"): English OCR reads a lone letter right and drops đ's bar, and a
        language model can only guess a letter alone ("e" → "c", "b" → "bố").  A numbered point that
        follows the one before it ("4)" after "3)") stays a number: English OCR prints "4)" for "đ)",
        and the decoder alone read the fourth point of "1) 2) 3) 4)" as "đ)".  Any other one or two
        characters in brackets opening a line are a marker too, read as printed or as a list letter
        (:func:`list_letters_of`: "8)" came out "B)", "qa)" "qua)")."""
        previous, previous_number = "", 0
        following = _following_letters(openings)
        for opening, slots, after in zip(openings, all_slots, following):
            index = next((i for i, slot in enumerate(slots) if slot.editable), None)
            if index is None:
                continue
            if opening.number:
                value = int(opening.number)
                if slots[index].printed == opening.number:
                    reading = (numeral_reading(opening.number) if value == previous_number + 1
                               else list_letters_of(self._as_marker(slots[index].reading, opening.number)))
                    slots[index] = replace(slots[index], reading=reading)
                previous_number = value
                continue
            if not opening.letter or slots[index].printed != opening.letter:
                if opening.bracketed and len(slots[index].printed) <= 2:
                    slots[index] = replace(slots[index], reading=list_letters_of(slots[index].reading))
                continue
            previous_number = 0
            letter, expected = opening.letter, next_list_letter(previous)
            if expected and (skeleton(expected) == letter or _between(expected, after)):
                letter = expected
            previous = letter
            slot = slots[index]
            reading = Reading([letter], np.array([self.model.ids.get(letter, UNK_ID)]), np.zeros(1),
                              np.array([letter == slot.printed]))
            slots[index] = Slot(slot.start, slot.end, slot.printed, reading)
        return all_slots

    # -- decoding ---------------------------------------------------------------
    def decode_lines(self, lines: list[str], details: bool = True, beam: int | None = None,
                     window: float = np.inf) -> list[list[Decision]]:
        """Per line of ``lines`` (as :func:`prepare` leaves them), per slot: its :class:`Decision`.

        The language model reads each paragraph (lines up to a blank one) as one
        sequence: a printed line ends where the page did, not where the sentence did.

        Without ``details`` the local scores are the emissions alone (no second pass over the lattice)
        and the confidences 1; with a ``window``, only hypotheses whose emission is within it of their
        slot's best are scored (:func:`vnrestore.restore.decoder.local_scores`).
        """
        openings = [line_opening(line) for line in lines]
        line_slots = [self._line_slots(line) for line in lines]
        in_capitals = [capitals for _, capitals in line_slots]
        all_slots = capital_openers(openings, self._with_list_markers(openings, [slots for slots, _ in line_slots]))
        all_slots = heading_capitals(all_slots, in_capitals)
        seq_start = paragraph_starts(openings, [len(slots) for slots in all_slots])
        readings = [slot.reading for slots in all_slots for slot in slots]
        cand_start = np.zeros(len(readings) + 1, np.int64)
        np.cumsum([len(r.texts) for r in readings], out=cand_start[1:])
        cand_ids = np.concatenate([r.ids for r in readings]) if readings else np.zeros(0, np.int64)
        emissions, mid = _emissions(openings, all_slots, in_capitals)
        cand_score = np.concatenate(emissions) if readings else np.zeros(0)
        if self.document_bonus is not None and len(cand_ids):
            cand_score = cand_score + self.document_bonus[cand_ids]
        lm = self.model.lm
        choice = decode(lm, seq_start, cand_start, cand_ids, cand_score, beam or self.beam)
        flat = [slot for slots in all_slots for slot in slots]
        choice, capitalise = recased(self.model, flat, choice, mid, seq_start, cand_start, cand_ids,
                                     self._capital_gain)
        for k in capitalise:
            flat[k] = replace(flat[k], written_case="title")
        local, confidence = cand_score, np.ones(len(flat))
        if details and len(cand_ids):
            local = local_scores(lm, seq_start, cand_start, cand_ids, cand_score, choice, window)
            confidence = chosen_shares(local, cand_start, choice)
        result = []
        position = 0
        bounds, chosen, shares = cand_start.tolist(), choice.tolist(), confidence.tolist()
        for slots in all_slots:
            row = []
            for _ in slots:
                slot = flat[position]
                row.append((slot, chosen[position], local[bounds[position]:bounds[position + 1]], shares[position]))
                position += 1
            result.append(row)
        return result

    def _capital_gain(self, slot: Slot, index: int) -> float:
        """How much likelier (weighted log) the channel finds the printed word as hypothesis ``index``
        capitalised than as written: "pied" for "Điều" prints its Đ as P."""
        text = slot.reading.texts[index]
        capital = self.channel.score_one(slot.printed, text[:1].upper() + text[1:])
        return CHANNEL_WEIGHT * (capital - self.channel.score_one(slot.printed, text))

    def repair_lines(self, lines: list[str], details: bool = True,
                     beam: int | None = None) -> tuple[list[str], list[list[WordChoice]]]:
        """Repaired lines (same count, same spacing) and the word choices behind them.

        Without ``details`` the choices carry no alternatives (enough to adapt the channel
        to, or to write the repaired text).
        """
        return self._repair_prepared(prepare_document(lines), details, beam)

    def _repair_prepared(self, prepared: list[str], details: bool = True, beam: int | None = None,
                         confidences: bool = False) -> tuple[list[str], list[list[WordChoice]]]:
        """:meth:`repair_lines` of lines :func:`prepare_document` has prepared; with ``confidences`` and
        without ``details`` the choices carry their confidence but no alternatives."""
        texts, choices = [], []
        window = CONFIDENCE_WINDOW if confidences and not details else np.inf
        for line, row in zip(prepared, self.decode_lines(prepared, details or confidences, beam, window)):
            parts, last, words = [], 0, []
            chosen_ids = ([int(slot.reading.ids[chosen]) for slot, chosen, _, _ in row]
                          if any(slot.after_hyphen for slot, _, _, _ in row) else [])
            for k, (slot, chosen, local, confidence) in enumerate(row):
                if not slot.editable:
                    continue
                if slot.after_hyphen and _in_vocabulary(chosen_ids[k - 1], chosen_ids[k]) \
                        and hyphen_is_space(self.model.lm, chosen_ids, k, self.model.ids["-"]):
                    # the word's span takes in the hyphen, and it is written after a space instead
                    slot = replace(slot, start=slot.start - 1, prefix=" " + slot.prefix)
                text = slot.reading.text(chosen, slot.printed)
                if slot.written_case and not slot.reading.keep[chosen]:
                    text = laid_in(text, slot.written_case)
                parts.append(line[last : slot.start])
                parts.append(slot.prefix + text)
                last = slot.end
                words.append(_choice(slot, chosen, local, text) if details
                             else WordChoice(slot.printed, text, [], confidence, slot.start, slot.end, slot.prefix))
            parts.append(line[last:])
            texts.append("".join(parts))
            choices.append(words)
        return texts, choices

    def repair_document(self, lines: list[str], rounds: int | None = None,
                        details: bool = True) -> tuple[list[str], list[list[WordChoice]]]:
        """Repair, adapt the channel to this document by EM over its own decisions, repair again.

        The first pass's (chosen syllable, printed word) pairs are the data, each weighed by
        its confidence (:data:`FIRST_PASS_TRUST`); each EM round re-estimates the expected
        piece counts with the channel of the previous round, and the base channel is the
        prior (:meth:`Channel.adapted`), so a short or odd document cannot pull the channel
        far.  The same weights count the document's syllables for the cache model
        (:meth:`_document_bonus`).  Without ``details`` the choices carry no alternatives
        (all that writing the text needs).
        """
        return self.repair_prepared_document(prepare_document(lines), rounds, details)

    def repair_prepared_document(self, prepared: list[str], rounds: int | None = None,
                                 details: bool = True) -> tuple[list[str], list[list[WordChoice]]]:
        """:meth:`repair_document` of lines :func:`prepare_document` has prepared, which the word choices'
        offsets refer to (so a caller that rewrites the lines from the choices prepares them once)."""
        rounds = ADAPT_ROUNDS if rounds is None else rounds
        if self.base is None:
            self.forget_types_beyond(MAX_CACHED_TYPES)
        if rounds < 1 or sum(len(line.split()) for line in prepared) < MIN_ADAPT_WORDS:
            return self._repair_prepared(prepared, details)
        _, choices = self._repair_prepared(prepared, details=False, beam=FIRST_PASS_BEAM, confidences=True)
        pairs: Counter = Counter()
        for row in choices:
            for w in row:
                if w.chosen.isalpha():
                    pairs[w.chosen, w.printed] += w.confidence ** FIRST_PASS_TRUST
        weighted = [(t, p, float(c)) for (t, p), c in sorted(pairs.items())
                    if self._pair_score(p, t) > ADAPT_MIN_SCORE]
        adapted = self.channel
        for _ in range(rounds):
            adapted = self.channel.adapted(adapted.expected_row_counts(weighted))
        second = self.with_channel(adapted)
        if CACHE_WEIGHT > 0:
            second.document_bonus = self._document_bonus(choices)
        return second._repair_prepared(prepared, details)

    def _document_bonus(self, choices: list[list[WordChoice]]) -> np.ndarray:
        """Per model id, the cache bonus log(1 + λ · p_doc / p_corpus) of :data:`CACHE_WEIGHT`, p_doc
        counting each syllable's uses, each weighed by its confidence (:data:`FIRST_PASS_TRUST`), but
        one (a token's own first choice never counts for it) and p_corpus the trigram's unigram."""
        ids = self.model.ids
        used = np.zeros(len(self.model.vocab))
        for row in choices:
            for w in row:
                token_id = ids.get(w.chosen.lower()) if w.chosen.isalpha() else None
                if token_id is not None and token_id >= len(SPECIALS):
                    used[token_id] += w.confidence ** FIRST_PASS_TRUST
        others = np.maximum(used - 1, 0) / max(float(used.sum()), 1.0)
        return np.log1p(CACHE_WEIGHT * others / self._unigram_probability())

    def _unigram_probability(self) -> np.ndarray:
        """P(syllable) of the trigram's unigram per model id, computed once for the root and its adaptations."""
        root = self.base or self
        if root._unigram is None:
            root._unigram = np.exp(np.asarray(self.model.lm[0][: len(self.model.vocab)], np.float64))
        return root._unigram


def recased(model: RestorerModel, slots: list[Slot], choice: np.ndarray, mid: np.ndarray, seq_start: np.ndarray,
            cand_start: np.ndarray, cand_ids: np.ndarray,
            capital_gain: Callable[[Slot, int], float] | None = None) -> tuple[np.ndarray, list[int]]:
    """``choice`` with each chosen syllable mid-sentence put in the case its neighbours ask for.

    The decoder weighs a form's case by the form alone (:attr:`Reading.case_scores`), and English
    OCR capitalises c, k, o, s, u, v, w, x and z at will: "ngày Kết thúc", "tương Ứng", and drops a
    name's capital.  Once the syllables are chosen, the case of each is decided again between its
    two spellings: their channel scores, and the case odds of the form after the word before and
    before the word after (:func:`vnrestore.restore.build._case_context`), the form's own odds
    counted once.  The trigram is caseless, so nothing else changes.

    A chosen syllable in lower case whose capitalised spelling is no hypothesis (the index reads a
    word printed in lower case in lower case: "pied" as "điều") is weighed the same way where its
    neighbours favour the capital, with ``capital_gain`` (the channel's odds of the capital, weighted
    as the emissions are): "khoản 5 pied 32" is "khoản 5 Điều 32", its Đ printed as P.  Returns the
    new choice and the slots to write capitalised (:attr:`Slot.written_case`).
    """
    if not len(slots):
        return choice, []
    picked = cand_start[:-1] + choice
    chosen = cand_ids[picked]
    twins = np.concatenate([case_twins(slot.reading) for slot in slots])[picked]
    editable = np.fromiter((slot.editable for slot in slots), bool, len(slots))
    cased = mid & editable & (chosen >= len(SPECIALS)) & (chosen < len(model.case_title))
    odds = np.zeros(len(slots))
    odds[cased] = context_odds(model, *_neighbours(chosen, seq_start), cased)
    out = choice
    capitalise: list[int] = []
    if capital_gain is not None:
        for k in np.flatnonzero(cased & (twins < 0) & (odds > 0)).tolist():
            slot, current = slots[k], int(choice[k])
            if slot.written_case or slot.reading.keep[current] or not slot.reading.texts[current][:1].islower():
                continue
            if capital_gain(slot, current) - CASE_WEIGHT * np.logaddexp(0.0, -odds[k]) > \
                    - CASE_WEIGHT * np.logaddexp(0.0, odds[k]):
                capitalise.append(k)
    for k in np.flatnonzero(cased & (twins >= 0)).tolist():
        slot, twin, current = slots[k], int(twins[k]), int(choice[k])
        title, lower = (current, twin) if slot.reading.texts[current][0].isupper() else (twin, current)
        scores = slot.reading.scores
        best = title if scores[title] - CASE_WEIGHT * np.logaddexp(0.0, -odds[k]) > \
            scores[lower] - CASE_WEIGHT * np.logaddexp(0.0, odds[k]) else lower
        if best != current:
            if out is choice:
                out = choice.copy()
            out[k] = best
    return out, capitalise


def _neighbours(chosen: np.ndarray, seq_start: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(word before, word, word after) per position, ``<s>`` / ``</s>`` at a sequence's edges."""
    before, after = np.empty_like(chosen), np.empty_like(chosen)
    before[1:], after[:-1] = chosen[:-1], chosen[1:]
    starts = seq_start[:-1][seq_start[:-1] < len(chosen)]
    before[starts] = BOS_ID
    after[seq_start[1:] - 1] = EOS_ID
    return before, chosen, after


def context_odds(model: RestorerModel, before: np.ndarray, form: np.ndarray, after: np.ndarray,
                 where: np.ndarray) -> np.ndarray:
    """Log-odds of the capital for each ``form`` (at ``where``) between its neighbours: the case odds after
    the word before and before the word after (:func:`vnrestore.restore.build._case_context`), the form's
    own odds counted once."""
    before, form, after = before[where], form[where], after[where]
    own = model.case_title[form].astype(np.float64)
    return (_log_odds(_bigram_values(model, before, form, model.case_title_after), own)
            + _log_odds(_bigram_values(model, form, after, model.case_title_before), own)
            - _log_odds(np.full(len(form), np.nan), own))


def _bigram_values(model: RestorerModel, first: np.ndarray, second: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` at each bigram (first, second) of the trie, NaN where the trie lacks it."""
    at, found = find_bigrams(model.bigram_keys, first, second)
    return np.where(found, values[at].astype(np.float64), np.nan)


def _log_odds(title_logp: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """log P(title) - log P(lower) from log P(title) (``fallback`` where it is NaN)."""
    value = np.minimum(np.where(np.isnan(title_logp), fallback, title_logp), -1e-6)
    return value - np.log(-np.expm1(value))


def _chunk_plan(chunk: str) -> list[tuple[int, str, bool, bool]]:
    """The slots of one printed chunk, as (offset, text, is a word, follows a left-out hyphen): a word core
    per part of it (:func:`joined_parts`), a mark per other character.  Hyphens between two words are left
    out of the lattice (see :attr:`Slot.after_hyphen`), unless one is a capital letter alone
    ("E-Government"); two capitalised ones may be a place OCR joined ("Việt-Nam").

    >>> _chunk_plan("(quy-dinh),")
    [(0, '(', False, False), (1, 'quy', True, False), (5, 'dinh', True, True), (9, ')', False, False), (10, ',', False, False)]
    >>> [text for _, text, _, _ in _chunk_plan("E-Government")]
    ['E', '-', 'Government']
    """
    word = core(chunk)
    if not word:
        return [(i, char, False, False) for i, char in enumerate(chunk)]
    lead = chunk.index(word)
    plan = [(i, chunk[i], False, False) for i in range(lead)]
    parts = joined_parts(word)
    joiners = {k for k, part in enumerate(parts)
               if part == "-" and 0 < k < len(parts) - 1
               and (parts[k - 1][:1].islower() or parts[k + 1][:1].islower()
                    or (len(parts[k - 1]) > 1 and len(parts[k + 1]) > 1))}
    start = lead
    for k, part in enumerate(parts):
        if part != "-":
            plan.append((start, part, True, k - 1 in joiners))
        elif k not in joiners:
            plan.append((start, part, False, False))
        start += len(part)
    plan.extend((i, chunk[i], False, False) for i in range(lead + len(word), len(chunk)))
    return plan


def _following_letters(openings: list[Opening]) -> list[str]:
    """Per line, the letter of the next list marker after it ("" for none).

    >>> _following_letters([Opening(letter="d"), Opening(), Opening(letter="a"), Opening(letter="e")])
    ['a', 'a', 'e', '']
    """
    out, after = [], ""
    for opening in reversed(openings):
        out.append(after)
        if opening.letter:
            after = opening.letter
    return out[::-1]


def _between(expected: str, after: str) -> bool:
    """Whether the marker after this one is the one after ``expected`` (its marks lost or not): then this
    one is ``expected`` whatever the OCR printed ("a)" between "d)" and "e)" is "đ)").

    >>> _between("đ", "e"), _between("d", "đ"), _between("d", "d"), _between("đ", "a"), _between("e", "")
    (True, True, True, False, False)
    """
    successor = next_list_letter(expected)
    return bool(after) and bool(successor) and skeleton(successor) == skeleton(after)


def _in_vocabulary(*ids: int) -> bool:
    """Whether every id is a vocabulary word's: the trigram cannot tell whether a foreign compound
    ("E-Government") keeps its hyphen, and it stays."""
    return all(i not in (UNK_ID, OTHER_ID) for i in ids)


def hyphen_is_space(lm: tuple[np.ndarray, ...], ids: list[int], at: int, hyphen_id: int) -> bool:
    """Whether a hyphen printed before the word ``ids[at]`` reads better as a space: the trigram's
    odds of the words after it with the hyphen and without.  "kinh tế-xã hội" keeps its hyphen
    (the corpus writes "tế - xã hội"); "quy-định" does not.
    """
    history = [BOS_ID, BOS_ID, *ids[max(0, at - 2):at]][-2:]
    return insertion_gain(lm, hyphen_id, ids[at:at + 2], (history[0], history[1])) < 0


def _emissions(openings: list[Opening], all_slots: list[list[Slot]],
               in_capitals: list[bool]) -> tuple[list[np.ndarray], np.ndarray]:
    """Each slot's hypothesis scores, with the case model's where no sentence starts: not at a
    paragraph's start, not after a full stop, colon, bracket or other opener (a printed line
    break is no sentence break: running text wraps anywhere).  On a line not set in capitals,
    a reading in capitals the OCR did not print as such ("BỘ" for "BO") pays CAPITALS_LOGP.
    Also returns, per slot, whether it stands mid-sentence.  ``in_capitals``: each line's
    :func:`_in_capitals`."""
    out, mid = [], []
    opener = True
    for opening, slots, capitals_line in zip(openings, all_slots, in_capitals):
        if opening.blank:
            opener = True
        for k, slot in enumerate(slots):
            scores = slot.reading.scores if opener else slot.reading.mid_sentence()
            capitals = slot.reading.capitals
            if not capitals_line and capitals is not None and capitals.any():
                scores = scores + CAPITALS_LOGP * capitals
            out.append(scores)
            mid.append(not opener)
            if slot.hidden:
                continue
            opener = (not slot.editable and slot.printed in SENTENCE_OPENERS) or (
                k == 0 and opening.section)
    return out, np.array(mid, bool)


def _in_capitals(slots: list[Slot]) -> bool:
    """Whether half or more of a line's printed words of two letters or more are in capitals (a heading)."""
    words = [slot.printed for slot in slots if slot.editable and len(slot.printed) > 1 and slot.printed.isalpha()]
    return bool(words) and 2 * sum(word.isupper() for word in words) >= len(words)


def capital_openers(openings: list[Opening], all_slots: list[list[Slot]]) -> list[list[Slot]]:
    """``all_slots`` with :attr:`Slot.written_case` "title" on the word that opens an item ("a) ", "1. ", "- " at a
    line's start): the dev text capitalises all 13,525 of them, while English OCR of some faces prints
    "1. ty ban" for "1. Ủy ban".  A word after a full stop is left alone: the OCR prints commas as stops
    ("chào bán. đợt phát hành"), and capitalising there cost 0.2 points of the dev set's first part.

    >>> def slots(line):  # a word per run of letters, a mark per other character
    ...     return [Slot(m.start(), m.end(), m.group(), None, m.group().isalpha())
    ...             for m in regex.finditer(r"\\p{L}+|\\S", line)]
    >>> lines = ["a) ty ban", "- ban. tinh", "va"]
    >>> openings = [line_opening(x) for x in lines]
    >>> [[s.printed for s in row if s.written_case] for row in capital_openers(openings, [slots(x) for x in lines])]
    [['ty'], ['ban'], []]
    """
    out = []
    for opening, slots in zip(openings, all_slots):
        if opening.opens_item:
            at = next((k for k, slot in enumerate(slots) if slot.editable and slot.start >= opening.item_end), None)
            if at is not None:
                slots = [*slots[:at], replace(slots[at], written_case="title"), *slots[at + 1:]]
        out.append(slots)
    return out


def heading_capitals(all_slots: list[list[Slot]], in_capitals: list[bool]) -> list[list[Slot]]:
    """``all_slots`` with :attr:`Slot.written_case` "upper" on each word of a line set in capitals (``in_capitals``,
    each line's :func:`_in_capitals`)
    printed in mixed case ("cAU", "yYEu", "TiN" for "CẦU", "YÊU", "TÍN"): in the training pairs 27 of 28
    such words were in capitals, while a lower-case word there stayed lower case 51 times in 53 and a
    capitalised one capitalised 31 times in 41 ("Mục", "Chương").

    >>> row = [Slot(0, 4, "YEU", None), Slot(5, 8, "cAU", None), Slot(9, 12, "Muc", None), Slot(13, 17, "TIEN", None)]
    >>> [s.written_case for s in heading_capitals([row], [_in_capitals(row)])[0]]
    ['', 'upper', '', '']
    """
    out = []
    for slots, capitals in zip(all_slots, in_capitals):
        if capitals:
            slots = [replace(slot, written_case="upper") if slot.editable and _mixed_case(slot.printed) else slot
                     for slot in slots]
        out.append(slots)
    return out


def _mixed_case(word: str) -> bool:
    """Letters in both cases, and not as a capitalised word has them ("cAU", "TiN"; not "Muc", "TIEN")."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return 0 < capitals < len(letters) and not (capitals == 1 and letters[0].isupper())


def laid_in(text: str, case: str) -> str:
    """A word written in ``case`` ("title", "upper", or "" for as it is); one that is not letters only as it is,
    and a capitalised one stays so ("iPhone").

    >>> laid_in("ủy", "title"), laid_in("Bộ", "title"), laid_in("iPhone", "title"), laid_in("cầu", "upper")
    ('Ủy', 'Bộ', 'iPhone', 'CẦU')
    >>> laid_in("ubnd2", "upper"), laid_in("cầu", "")
    ('ubnd2', 'cầu')
    """
    if not case or not text.isalpha():
        return text
    if case == "upper":
        return text.upper()
    return apply_case(text, "title") if text.islower() else text


def chosen_shares(local: np.ndarray, cand_start: np.ndarray, choice: np.ndarray) -> np.ndarray:
    """Per position of a lattice, the softmax share of its chosen hypothesis among its local scores.

    >>> chosen_shares(np.log(np.array([0.25, 0.75, 1.0])), np.array([0, 2, 3]), np.array([1, 0])).round(2).tolist()
    [0.75, 1.0]
    """
    starts = cand_start[:-1]
    top = np.maximum.reduceat(local, starts)
    exps = np.exp(local - np.repeat(top, np.diff(cand_start)))
    return exps[starts + choice] / np.add.reduceat(exps, starts)


def _choice(slot: Slot, chosen: int, local: np.ndarray, text: str) -> WordChoice:
    """Softmax of the local scores: the chosen form's share is its confidence.  Hypotheses written
    alike (both cases of a word that opens an item, :attr:`Slot.written_case`) are one alternative."""
    probs = np.exp(local - local.max())
    probs /= probs.sum()
    shares: dict[str, float] = {}
    for i in np.argsort(-probs).tolist():
        form = slot.reading.text(i, slot.printed)
        if slot.written_case and not slot.reading.keep[i]:
            form = laid_in(form, slot.written_case)
        if form not in shares and len(shares) == 4:
            break
        shares[form] = shares.get(form, 0.0) + float(probs[i])
    return WordChoice(slot.printed, text, list(shares.items()), shares.get(text, float(probs[chosen])),
                      slot.start, slot.end, slot.prefix)
