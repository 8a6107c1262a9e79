"""Damage of the kind that survives restoration, to test extraction's robustness.

Strips the accents of some words, writes "số" as "so" and "QĐ" as "QD",
moves a stray tone mark onto a few words, and breaks some citations across
two lines (after the number, and inside "04-NQ/TU"), and for odd seeds
hard-wraps every line as a scanned page does.  Deterministic for a seed.
"""

from __future__ import annotations

import random
import textwrap

import regex

from vnrestore.text.diacritics import place_tone, split_tone, strip_diacritics

_CITATION_BREAK = regex.compile(r"(\d+[-/][A-ZĐ][\w/-]*) (ngày)")
_HYPHEN_NUMBER = regex.compile(r"(\d+)-(NQ|KH|CT)/")


def wrap(text: str, width: int) -> str:
    """Hard-wrap every line at ``width`` characters, as OCR of a page does."""
    lines = text.split("\n")
    return "\n".join("\n".join(textwrap.wrap(line, width, break_on_hyphens=False)) or line for line in lines)


def damage(text: str, seed: int = 0, strip_share: float = 0.15, tone_share: float = 0.02) -> str:
    """A copy of ``text`` with restoration-like damage (line count may grow).

    Odd seeds also hard-wrap the lines at 60-90 characters.
    """
    rng = random.Random(seed)
    if seed % 2:
        text = wrap(text, rng.randint(60, 90))

    def word(match: regex.Match) -> str:
        token = match.group()
        roll = rng.random()
        if roll < strip_share:
            return strip_diacritics(token)
        if roll < strip_share + tone_share:
            untoned, tone = split_tone(token)
            return place_tone(untoned, (tone % 5) + 1)
        return token

    text = regex.sub(r"\bsố(?=\s*\d)", "so", text)
    text = text.replace("QĐ-", "QD-")
    text = _CITATION_BREAK.sub(lambda m: f"{m.group(1)}\n{m.group(2)}" if rng.random() < 0.5 else m.group(), text)
    text = _HYPHEN_NUMBER.sub(r"\1-\n\2/", text)
    return regex.sub(r"\p{L}+", word, text)
