"""Pure text functions: Unicode form, diacritics, tone style, tokens, number words.

Nothing here imports any other part of vnrestore.
"""

from .diacritics import (
    has_diacritics,
    nfc,
    place_tone,
    skeleton,
    split_tone,
    strip_diacritics,
    to_tone_style,
)

__all__ = [
    "has_diacritics",
    "nfc",
    "place_tone",
    "skeleton",
    "split_tone",
    "strip_diacritics",
    "to_tone_style",
]
