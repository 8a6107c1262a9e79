"""Which syllables a printed word may stand for: a delete index over folded skeletons.

Scoring every vocabulary form with the channel would cost a whole forward pass
per word type.  Instead the printed word is *folded* to bare letters with the
learned folds ("s6" → "so", "13" → "la" / "lu"), and every skeleton within a
small edit distance of a fold is found through a SymSpell-style table of
deletions.  Only their accented forms are scored with the channel, and the best
few are kept.  Results are cached per printed type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, product
from unicodedata import normalize

import numpy as np
import regex

from vnrestore.text.diacritics import strip_diacritics

from .channel import Channel
from .reading import letter_case_patterns
from .tokens import apply_case, printed_case

#: longest skeleton indexed (longer vocabulary words are left to "keep as printed")
MAX_SKELETON = 8
#: most fold variants looked up per printed word
MAX_VARIANTS = 12
#: most more variants per printed word with a two-character piece folded whole ("it" of "chitng" → "u")
MAX_PIECE_VARIANTS = 4
#: skeletons whose forms are scored exactly, per case
SKELETONS_SCORED = 60
#: forms kept per printed word, best by channel + unigram.  Dev parts seen / office / unseen faces:
#: 40 read 98.25 / 98.77 / 94.56 %, 56 98.26 / 98.77 / 94.77, 64 98.28 / 98.75 / 94.87, 80 98.38 / 98.76 /
#: 94.99, 96 98.39 / 98.77 / 95.06, 128 98.45 / 98.81 / 95.19; the unseen faces' candidate recall is 99.05 %
#: at 80 (98.63 at 40).  Each form costs cold speed (bench_garbled: 40 at 7,368 tokens/s, 80 at 5,668-6,385,
#: 96 at 5,152-5,364, 128 at 4,989): 80 keeps a margin over the 5,000 target on a noisy machine
KEEP = 80
#: forms kept for a printed word no form explains well (the best channel log-score below HARD_BELOW): the
#: true syllable of a badly damaged word ranks low, and only such words pay for a longer list.  Dev, KEEP
#: 80 throughout: 98.51 / 99.04 / 95.14 %; 128 below -6: 98.51 / 99.04 / 95.17, below -4: 98.52 / 99.05 /
#: 95.19, below -2: 98.52 / 99.05 / 95.25 (unseen recall 99.03 → 99.08 %), 160 below -2: 98.52 / 99.05 /
#: 95.30 (recall 99.15 %).  bench_garbled's peak memory is 464 MB without, 505 MB at 128, 533 MB at 160,
#: and a long batch 492 / 535 MB at 128 / 160; cold speed within the noise
KEEP_HARD, HARD_BELOW = 160, -2.0
#: a candidate's characters as channel row ids (a channel has a few hundred): the per-type lists hold
#: 80 to 160 padded rows each, and 16 bits instead of 64 keep the cached lists of a long batch a quarter the size
ROW_DTYPE = np.int16
#: a form whose log P(lower case | mid-sentence) is below this is also offered capitalised when printed
#: in lower case: log 0.1, 107 of the 30,000 forms, names ("việt", "hà", "giang"); at log 0.5 (937)
#: "điều" of "Điều 5" joined them and "các điều kiện" was capitalised
CAPITALISED_BELOW = float(np.log(0.1))


#: a Vietnamese syllable's skeleton: initial consonant, one to three vowels, final consonant
_SYLLABLE = regex.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnptk])?$")
#: the five tone marks (decomposed) and the vowel marks
_TONES = regex.compile("[\u0300\u0301\u0303\u0309\u0323]")
_VOWEL_MARKS = regex.compile("[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]")


def glued(form: str) -> bool:
    """Whether a vocabulary form is marked Vietnamese but no single syllable: words the corpus
    ran together ("vàcác", "côngty").  They are no candidates: the repair splits glued words instead.

    >>> [glued(f) for f in ("vàcác", "côngty", "nghiêng", "của", "ubnd", "internet", "đắk")]
    [True, True, False, False, False, False, False]
    """
    decomposed = normalize("NFD", form.lower())
    if not _VOWEL_MARKS.search(decomposed):
        return False
    return len(_TONES.findall(decomposed)) > 1 or not _SYLLABLE.match(strip_diacritics(form).lower())


def deletes(word: str, depth: int) -> set[str]:
    """Every string made by deleting up to ``depth`` characters of ``word``.

    >>> sorted(deletes("cua", 1))
    ['ca', 'cu', 'cua', 'ua']
    """
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def max_distance(length: int) -> int:
    """Edit distance allowed for a folded word of ``length`` letters (short words are ambiguous enough).

    >>> [max_distance(n) for n in (1, 2, 3, 6)]
    [1, 1, 2, 2]
    """
    return 1 if length <= 2 else 2


def readings(printed: str) -> list[str]:
    """The cases a printed word may have been written in, likeliest first.

    OCR loses or garbles first letters ("Ủy" → "y", "lợi" → "Idi", "Sở" → "SI"),
    so a capitalised word is also read in lower case, a lower-case one whose
    first character is no letter also capitalised, a short upper-case one also
    capitalised.

    >>> readings("Idi"), readings("ctia"), readings("SI"), readings("1a"), readings("CMCN")
    (['title', 'lower'], ['lower'], ['upper', 'title'], ['lower', 'title'], ['upper'])
    """
    case = printed_case(printed)
    if case == "title":
        return ["title", "lower"]
    if case == "upper":
        return ["upper", "title"] if len(printed) <= 3 else ["upper"]
    if not printed[:1].isalpha():
        return ["lower", "title"]
    return ["lower"]


@dataclass
class Candidates:
    """The kept candidates of one printed word: vocabulary ids, cased forms, channel log-scores,
    the forms as channel rows (padded, with lengths), for an adapted channel to rescore, and each
    form's :func:`.reading.letter_case_patterns` (from a table made once per case)."""

    ids: np.ndarray
    forms: list[str]
    scores: np.ndarray
    rows: np.ndarray
    lengths: np.ndarray
    patterns: np.ndarray


class CandidateIndex:
    """Skeleton deletes → skeletons → accented forms, scored by a channel."""

    def __init__(self, forms: Sequence[str], ids: Sequence[int], channel: Channel, keep: int = KEEP,
                 prior: Sequence[float] | None = None, capitalised: Sequence[bool] | None = None,
                 keep_hard: int = KEEP_HARD) -> None:
        """``forms``: lower-case letter-only vocabulary words, most frequent first; ``ids``: their model ids;
        ``prior``: their log unigram probabilities (candidates are pruned by channel + prior, the posterior);
        ``capitalised``: whether each is written capitalised more often than not ("việt", "hà"); ``keep``
        and ``keep_hard``: forms kept per printed word, and per one no form explains well (:data:`HARD_BELOW`)."""
        self.channel = channel
        self.capitalised = np.zeros(len(forms), bool) if capitalised is None else np.asarray(capitalised, bool)
        self.keep, self.keep_hard = keep, max(keep, keep_hard)
        self.forms = list(forms)
        self.ids = np.asarray(ids, dtype=np.int64)
        groups: dict[str, list[int]] = {}
        for index, form in enumerate(self.forms):
            key = strip_diacritics(form).lower()
            if len(key) <= MAX_SKELETON:
                groups.setdefault(key, []).append(index)
        self.prior = np.zeros(len(self.forms), np.float32) if prior is None else np.asarray(prior, np.float32)
        self.skeletons = list(groups)
        self.members = [np.array(groups[s], dtype=np.int64) for s in self.skeletons]
        self.skeleton_prior = np.array([self.prior[m].max() for m in self.members], dtype=np.float32)
        self.table: dict[str, list[int]] = {}
        for sid, key in enumerate(self.skeletons):
            for deleted in deletes(key, max_distance(len(key))):
                self.table.setdefault(deleted, []).append(sid)
        self._encoded: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        #: every form laid in a case, and those forms' case patterns, per case (made on first use)
        self._cased_forms: dict[str, np.ndarray] = {}
        self._cased_patterns: dict[str, np.ndarray] = {}
        self.cache: dict[str, Candidates] = {}
        self.shortlists: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def with_channel(self, channel: Channel) -> CandidateIndex:
        """A copy scoring with ``channel``: the delete table is shared, the caches start empty."""
        other = object.__new__(CandidateIndex)
        other.__dict__.update(self.__dict__)
        other.channel = channel
        other.cache = {}
        if channel.chars != self.channel.chars:
            other._encoded = {}
        return other

    def folds(self, printed: str) -> list[str]:
        """Bare-letter readings of a printed word, likeliest first: each character folded alone, then
        each two-character piece that stands for one letter folded whole.

        >>> index = CandidateIndex(["là"], [7], Channel.uniform("la"))
        >>> index.channel.folds = {"1": "l", "3": "au", "a": "a", "it": "u"}
        >>> index.folds("13"), index.folds("chitng")
        (['la', 'lu'], ['chitng', 'chung'])
        """
        options = [self._char_fold(char) for char in printed]
        variants: list[str] = []
        for combo in product(*options):
            variant = "".join(combo)
            if variant not in variants:
                variants.append(variant)
            if len(variants) >= MAX_VARIANTS:
                break
        firsts = [o[0] for o in options]
        extra = 0
        for start in range(len(printed) - 1):
            for letter in self.channel.folds.get(printed[start:start + 2], ""):
                variant = "".join(firsts[:start]) + letter + "".join(firsts[start + 2:])
                if variant not in variants and extra < MAX_PIECE_VARIANTS:
                    variants.append(variant)
                    extra += 1
        return variants

    def _char_fold(self, char: str) -> list[str]:
        """The bare letters one printed character may stand for ("" for none)."""
        fold = self.channel.folds.get(char)
        if fold is None:
            bare = strip_diacritics(char).lower()
            fold = bare if bare.isalpha() else ""
        return list(fold) if fold else [""]

    def skeleton_ids(self, printed: str) -> np.ndarray:
        """Skeletons sharing a deletion with some fold of ``printed`` (within the allowed distance)."""
        keys: set[str] = set()
        for variant in self.folds(printed):
            if variant:
                keys |= deletes(variant, max_distance(len(variant)))
        table = self.table
        found = set(chain.from_iterable(table[key] for key in keys if key in table))
        return np.sort(np.fromiter(found, np.int64, len(found)))

    def _rows(self, words: list[str], case: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Channel rows of ``words`` laid in ``case``, padded, with lengths (made once per list and case)."""
        cached = self._encoded.get((key, case))
        if cached is None:
            width = max(len(w) for w in words)
            rows = np.zeros((len(words), width), dtype=ROW_DTYPE)
            lengths = np.zeros(len(words), dtype=np.int64)
            for i, word in enumerate(words):
                code = self.channel.encode(apply_case(word, case))
                rows[i, : len(code)] = code
                lengths[i] = len(code)
            cached = self._encoded[key, case] = (rows, lengths)
        return cached

    def lookup(self, printed: str) -> Candidates:
        """The ``keep`` best forms for a printed word core, by channel score (``keep_hard`` when none scores well).

        Skeletons are first ranked by an optimistic bound (each bare letter scored
        as its best-printing marked form), and only the forms of the best
        ``SKELETONS_SCORED`` are scored exactly.  A capitalised printed word is
        also read in lower case ("Idi" may be "lợi").
        """
        cached = self.cache.get(printed)
        if cached is not None:
            return cached
        cases = readings(printed)
        shortlist = self.shortlists.get(printed)
        if shortlist is None:
            shortlist = self.shortlists[printed] = self._shortlist(printed, cases)
        members, form_cases = shortlist
        if len(members):
            rows, lengths = self._case_rows(members, form_cases, cases)
            exact = self.channel.score(printed, rows, lengths)
            keep = self.keep if float(exact.max()) > HARD_BELOW else self.keep_hard
            order = np.argsort(-(exact + self.prior[members]), kind="stable")[:keep]
            forms = self._cased(members[order], form_cases[order], cases, self._forms_in).tolist()
            patterns = self._cased(members[order], form_cases[order], cases, self._patterns_in)
            result = Candidates(self.ids[members[order]], forms, exact[order], rows[order], lengths[order], patterns)
            if "title" not in cases:
                result = self._with_capitals(printed, result, members[order])
        else:
            result = Candidates(np.zeros(0, np.int64), [], np.zeros(0, np.float32),
                                np.zeros((0, 1), ROW_DTYPE), np.zeros(0, np.int64), np.zeros(0, "<U6"))
        self.cache[printed] = result
        return result

    @staticmethod
    def _cased(members: np.ndarray, form_cases: np.ndarray, cases: list[str],
               table: Callable[[str], np.ndarray]) -> np.ndarray:
        """``table(case)[m]`` for each of ``members``, laid in ``cases[form_cases[i]]`` (its form, its pattern)."""
        if len(cases) == 1:
            return table(cases[0])[members]
        first = table(cases[0])
        out = np.empty(len(members), first.dtype)
        for code, this_case in enumerate(cases):
            pick = form_cases == code
            out[pick] = table(this_case)[members[pick]]
        return out

    def _forms_in(self, case: str) -> np.ndarray:
        """Every form laid in ``case``, as an object array (made on first use)."""
        found = self._cased_forms.get(case)
        if found is None:
            found = self._cased_forms[case] = np.array([apply_case(form, case) for form in self.forms], object)
        return found

    def _patterns_in(self, case: str) -> np.ndarray:
        """Every form's :func:`.reading.letter_case_patterns` once laid in ``case`` (made on first use)."""
        found = self._cased_patterns.get(case)
        if found is None:
            found = self._cased_patterns[case] = np.array(letter_case_patterns(self._forms_in(case).tolist()))
        return found

    def _with_capitals(self, printed: str, found: Candidates, members: np.ndarray) -> Candidates:
        """``found`` and, for each form usually written capitalised ("việt" of "Việt Nam"), its capitalised
        form too: OCR of some faces prints "viet", and the case model then decides."""
        extra = members[self.capitalised[members]]
        if not len(extra):
            return found
        rows, lengths = self._rows(self.forms, "title", "forms")  # as wide as every case's rows of the forms
        rows, lengths = rows[extra], lengths[extra]
        return Candidates(
            np.concatenate([found.ids, self.ids[extra]]),
            found.forms + self._forms_in("title")[extra].tolist(),
            np.concatenate([found.scores, self.channel.score(printed, rows, lengths)]),
            np.concatenate([found.rows, rows]),
            np.concatenate([found.lengths, lengths]),
            np.concatenate([found.patterns, self._patterns_in("title")[extra]]),
        )

    def _case_rows(self, members: np.ndarray, form_cases: np.ndarray, cases: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Channel rows (and lengths) of ``members``, each laid in its case (case never changes a length)."""
        if len(cases) == 1:
            case_rows, case_lengths = self._rows(self.forms, cases[0], "forms")
            return case_rows[members], case_lengths[members]
        width = self._rows(self.forms, cases[0], "forms")[0].shape[1]
        rows = np.empty((len(members), width), ROW_DTYPE)
        lengths = np.empty(len(members), np.int64)
        for code, this_case in enumerate(cases):
            pick = form_cases == code
            case_rows, case_lengths = self._rows(self.forms, this_case, "forms")
            rows[pick] = case_rows[members[pick]]
            lengths[pick] = case_lengths[members[pick]]
        return rows, lengths

    def _shortlist(self, printed: str, cases: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Forms worth exact scoring: those of the skeletons best by the bound, with their case index.

        Shared by channels adapted from the same one, so a document's second pass
        rescores only these.
        """
        sids = self.skeleton_ids(printed)
        if not len(sids):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        bound = self.channel.bound()
        members, form_cases = [], []
        for code, this_case in enumerate(cases):
            rows, lengths = self._rows(self.skeletons, this_case, "skeletons")
            rough = bound.score(printed, rows[sids], lengths[sids], best_cut=True) + self.skeleton_prior[sids]
            best = sids[_top_indices(rough, SKELETONS_SCORED)]
            chosen = np.concatenate([self.members[s] for s in best])
            members.append(chosen)
            form_cases.append(np.full(len(chosen), code))
        return np.concatenate(members), np.concatenate(form_cases)


def _top_indices(values: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` largest values, largest first, without a full sort (deterministic; ties at
    the cut may fall either way).

    >>> _top_indices(np.array([1.0, 5.0, 3.0, 5.0]), 3).tolist()
    [1, 3, 2]
    """
    if len(values) > count:
        part = np.argpartition(-values, count - 1)[:count]
        part.sort()
        return part[np.argsort(-values[part], kind="stable")]
    return np.argsort(-values, kind="stable")


def index_from_vocabulary(vocab: Iterable[str], channel: Channel, unigram_logp: np.ndarray | None = None,
                          limit: int = 30000, lower_logp: np.ndarray | None = None,
                          offered: set[int] | None = None) -> CandidateIndex:
    """An index over the first ``limit`` letter-only entries of a frequency-ordered vocabulary; with
    ``offered``, only those ids (the stripped restorer's candidates: no typo of the corpus, "đièu")."""
    forms, ids = [], []
    for token_id, token in enumerate(vocab):
        if token.isalpha() and token.islower() and not glued(token) and (offered is None or token_id in offered):
            forms.append(token)
            ids.append(token_id)
            if len(forms) >= limit:
                break
    prior = None if unigram_logp is None else np.asarray(unigram_logp)[ids]
    capitalised = None if lower_logp is None else np.asarray(lower_logp)[ids] < CAPITALISED_BELOW
    return CandidateIndex(forms, ids, channel, prior=prior, capitalised=capitalised)
