"""The extraction API: restored text in, the document JSON of ``spec/extraction.md`` out."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from vnrestore.text.diacritics import nfc, skeleton

from .budget import find_budget
from .citations import find_citations, split_bases
from .layout import Layout
from .metadata import extract_metadata
from .numbers import mend_digit_lookalikes
from .outline import outline
from .targets import find_facts, find_targets, period_end

SCHEMA_VERSION = "1"
#: how far into a text to look for the plan period that dates undated targets
PERIOD_LOOKAHEAD_CHARS = 3000


@cache
def schema() -> dict:
    """The JSON Schema of the document JSON, shipped as package data."""
    return json.loads(resources.files("vnrestore.extract").joinpath("schema.json").read_text("utf-8"))


def validate(document: dict) -> None:
    """Raise ``jsonschema.ValidationError`` when ``document`` breaks the schema."""
    import jsonschema

    jsonschema.validate(document, schema())


def _is_own_number(citation, document: dict) -> bool:
    """The header's "Số: 215/KH-UBND" is the document itself, not a reference."""
    return citation.number is not None and citation.number == document["number"]


def extract(text: str, source: str | None = None, quality: dict | None = None) -> dict:
    """The document JSON for one restored text.

    ``quality`` carries the restorer's/OCR's token counts when known
    (``restored_tokens`` or the pipeline's ``tokens_restored``, ``low_confidence_tokens``).

    >>> doc = extract("QUYẾT ĐỊNH\\nCăn cứ Luật Đầu tư công ngày 13/6/2019;\\nTổng kinh phí: 5 tỷ đồng.")
    >>> doc["document"]["doc_type"], doc["legal_bases"][0]["date"], doc["budget"]["total_vnd"]
    ('Quyết định', '2019-06-13', 5000000000)
    """
    text = mend_digit_lookalikes(nfc(text))
    layout = Layout(text)
    paragraphs = layout.paragraphs()
    document = extract_metadata(layout.text)
    citations = [c for c in find_citations(layout) if not _is_own_number(c, document)]
    bases, references = split_bases(layout, citations, paragraphs)
    default_year = period_end(skeleton(document["title"] or "")) or period_end(layout.key[:PERIOD_LOOKAHEAD_CHARS])
    counts = quality or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "document": document,
        "legal_bases": [citation.as_dict() for citation in bases],
        "references": [citation.as_dict() for citation in references],
        "targets": find_targets(layout, paragraphs, default_year),
        "facts": find_facts(layout, paragraphs),
        "budget": find_budget(layout, paragraphs),
        "sections": outline(layout.text),
        "quality": {
            "restored_tokens": int(counts.get("restored_tokens", counts.get("tokens_restored", 0))),
            "low_confidence_tokens": int(counts.get("low_confidence_tokens", 0)),
        },
    }
