"""Structured extraction: restored text -> the document JSON of ``spec/extraction.md``.

One small pure parser per part (outline, metadata, citations, targets, budget);
:func:`vnrestore.extract.api.extract` puts them together.
"""
