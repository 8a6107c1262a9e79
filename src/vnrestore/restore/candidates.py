"""Candidate sources: which model tokens a text token may become, with emission log-scores.

A source is called once per word token (letters only) with its text and ``opener``
(True at the start of a line or after sentence punctuation, where a capital says
nothing) and returns
``(ids, scores)`` or None when the token stays as written.  The stripped source
here looks the token's skeleton up in the model's candidate table (one dict
probe, cached) and scores the token's case against each form's mid-sentence
case habit, so that a capitalised "Ban" or "So" mid-sentence prefers the
noun ("Ban", "Sở").  Other modes (garbled OCR) add their own sources.
"""

from __future__ import annotations

from collections.abc import Callable

from .tables import RestorerModel

Candidates = tuple[tuple[int, ...], tuple[float, ...]]
CandidateSource = Callable[[str, bool], "Candidates | None"]


def apply_case(original: str, form: str) -> str:
    """Write the lower-case ``form`` with the letter case of ``original``.

    >>> apply_case("Chinh", "chính"), apply_case("CHINH", "chính"), apply_case("HDND", "hđnd")
    ('Chính', 'CHÍNH', 'HĐND')
    >>> apply_case("iPhone", "iphone")
    'iPhone'
    """
    if original.islower():
        return form
    if original.isupper():
        return form.upper()
    if len(original) != len(form):
        return form[:1].upper() + form[1:] if original[:1].isupper() else form
    return "".join(f.upper() if o.isupper() else f for o, f in zip(original, form))


class StrippedCandidates:
    """Every accented form of the token's skeleton (the token itself kept if it has marks)."""

    def __init__(self, model: RestorerModel) -> None:
        self.model = model
        # lower-case token -> (ids, scores if title case, scores if lower case) or None
        self._cache: dict[str, tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]] | None] = {}

    def _entry(self, lower: str) -> tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]] | None:
        model = self.model
        ids = model.candidates.get(lower)
        if ids is None:  # not a stripped Vietnamese word: marked already, English, a code
            entry = None
        else:
            entry = (tuple(ids.tolist()), tuple(model.case_title[ids].tolist()), tuple(model.case_lower[ids].tolist()))
        self._cache[lower] = entry
        return entry

    def __call__(self, text: str, opener: bool) -> Candidates | None:
        lower = text.lower()
        entry = self._cache[lower] if lower in self._cache else self._entry(lower)
        if entry is None:
            return None
        ids, title, low = entry
        if opener or len(ids) == 1:
            return ids, (0.0,) * len(ids)
        if text == lower:
            return ids, low
        if text[0].isupper() and text[1:] == lower[1:]:
            return ids, title
        return ids, (0.0,) * len(ids)
