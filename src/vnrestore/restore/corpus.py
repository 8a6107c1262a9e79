"""The training text of the restorer's model: corpus lines, the word list, the gazetteer.

Build-time only.  Every line comes out in NFC with the output tone style ("hòa",
"thủy"), so that both spellings count as one form.  Order is fixed (sorted file
names, sorted gazetteer rows) so that two builds write the same bytes.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from vnrestore.errors import InputMissingError, MissingDependencyError
from vnrestore.text.diacritics import nfc, to_tone_style

#: the 2025 unit types are capitalised in the database; in running text they are not
_UNIT_TYPES = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Quận", "Huyện", "Phường", "Xã")

#: the bodies of a province or district, as provincial documents name them ("UBND tỉnh Quảng Nam")
_UNIT_BODIES = ("Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND")


def normalise(line: str) -> str:
    """NFC and the old tone style, the form every model count is made in.

    >>> normalise("Hoà Bình, thuỷ lợi")
    'Hòa Bình, thủy lợi'
    """
    return to_tone_style(nfc(line), "old")


def corpus_lines(corpora: Path, split: str = "train") -> Iterator[str]:
    """The non-empty lines of every ``corpora/<split>/*.txt.gz`` file, normalised."""
    folder = corpora / split
    files = sorted(folder.glob("*.txt.gz"))
    if not files:
        raise InputMissingError(f"no {split} corpus files (*.txt.gz)", folder)
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line:
                    yield normalise(line)


def wordlist_lines(corpora: Path) -> Iterator[str]:
    """The entries of the cleaned Viet74K word list, one per line."""
    path = corpora / "dictionary" / "Viet74K.clean.txt"
    if not path.is_file():
        raise InputMissingError("word list missing", path)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                yield normalise(line)


def _lower_type(name: str) -> str:
    """'Huyện Quan Sơn' -> 'huyện Quan Sơn' (the unit type is lower case mid-sentence)."""
    for unit_type in _UNIT_TYPES:
        if name.lower().startswith(unit_type.lower() + " "):
            return unit_type.lower() + name[len(unit_type) :]
    return name


def _gazetteer_db() -> Path:
    try:
        import vietnamadminunits
    except ImportError as error:  # pragma: no cover - the build extra is missing
        raise MissingDependencyError(
            "the model build needs vietnamadminunits: pip install -e '.[build]'"
        ) from error
    return Path(os.path.dirname(vietnamadminunits.__file__)) / "data" / "dataset.db"


def gazetteer_lines() -> list[str]:
    """Every commune, district and province as an address line, before and after 2025.

    E.g. "xã Lâm Hà, huyện Lâm Hà, tỉnh Lâm Đồng" and "xã Quan Sơn, tỉnh Thanh Hóa".
    """
    connection = sqlite3.connect(f"file:{_gazetteer_db()}?mode=ro", uri=True)
    try:
        legacy = connection.execute("SELECT ward, district, province FROM admin_units_legacy").fetchall()
        current = connection.execute("SELECT ward, province FROM admin_units").fetchall()
    finally:
        connection.close()
    lines = {", ".join(_lower_type(part) for part in row if part) for row in legacy + current}
    units = {_lower_type(part) for row in legacy + current for part in row[1:] if part}
    lines |= {f"{body} {unit}" for unit in units for body in _UNIT_BODIES}
    return sorted(normalise(line) for line in lines)
