"""Scoring extracted document JSON against hand-made gold, per field family.

Each family compares a multiset of keys: a legal basis is matched on (type,
number, date), a target on (value, value_max, unit, year), a section on
(level, line) and so on.  Used by ``scripts/eval_extract.py`` and the tests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from vnrestore.text.diacritics import skeleton

DOCUMENT_FIELDS = ("doc_type", "number", "issuer", "place", "date", "title")


@dataclass
class Tally:
    """True positives, false positives and false negatives of one family."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: list, predicted: list) -> None:
        gold_counts, predicted_counts = Counter(gold), Counter(predicted)
        common = sum((gold_counts & predicted_counts).values())
        self.tp += common
        self.fp += sum(predicted_counts.values()) - common
        self.fn += sum(gold_counts.values()) - common

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _comparable(value):
    """Text compared on letters and digits of its skeleton; numbers as floats.

    >>> _comparable("UBND tỉnh Quảng Nam") == _comparable("UBND  tinh Quang Nam.")
    True
    """
    if isinstance(value, str):
        return " ".join(regex.findall(r"[\p{L}\d]+", skeleton(value)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def _keys(items: list[dict] | None, fields: tuple[str, ...]) -> list[tuple]:
    return [tuple(_comparable(item.get(field)) for field in fields) for item in items or []]


FAMILIES: dict[str, tuple[str, ...]] = {
    "legal_bases": ("doc_type", "number", "date"),
    "legal_bases+issuer": ("doc_type", "number", "date", "issuer"),
    "references": ("doc_type", "number", "date"),
    "targets": ("value", "value_max", "unit", "year"),
    "target_values": ("value", "value_max", "unit"),
    "facts": ("value", "unit", "year"),
    "sections": ("level", "line"),
}


def score(gold: dict, predicted: dict, tallies: dict[str, Tally] | None = None) -> dict[str, Tally]:
    """Add one document's comparison to ``tallies`` (new ones when None) and return them."""
    tallies = tallies if tallies is not None else {}
    for family, fields in FAMILIES.items():
        source = family.split("+")[0]
        source = "targets" if source == "target_values" else source
        tallies.setdefault(family, Tally()).add(_keys(gold.get(source), fields), _keys(predicted.get(source), fields))
    for field in DOCUMENT_FIELDS:
        wanted = _comparable(gold["document"].get(field))
        got = _comparable(predicted["document"].get(field))
        tallies.setdefault(f"document.{field}", Tally()).add([wanted], [got])
    _score_budget(gold.get("budget"), predicted.get("budget"), tallies)
    return tallies


def _score_budget(gold: dict | None, predicted: dict | None, tallies: dict[str, Tally]) -> None:
    """Budget totals and items must be exact; problems are matched on (code, item)."""
    gold_total = [gold["total_vnd"]] if gold else []
    predicted_total = [predicted["total_vnd"]] if predicted else []
    tallies.setdefault("budget.total", Tally()).add(gold_total, predicted_total)
    fields = ("amount_vnd", "words_vnd")
    tallies.setdefault("budget.items", Tally()).add(
        _keys(gold["items"] if gold else [], fields), _keys(predicted["items"] if predicted else [], fields)
    )
    tallies.setdefault("budget.problems", Tally()).add(
        _keys(gold["problems"] if gold else [], ("code", "item")),
        _keys(predicted["problems"] if predicted else [], ("code", "item")),
    )
