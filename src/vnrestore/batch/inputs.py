"""Inputs -> work units: which files to read and where each one's outputs go.

Output names mirror the input tree below the inputs' common folder, so two
``scan.pdf`` in different folders do not collide; a file given alone keeps
just its name (``sample-scan.pdf`` -> ``sample-scan.txt``).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vnrestore.errors import InputMissingError

#: what a folder walk picks up; a file named on the command line is always taken
SCAN_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".pbm", ".pgm", ".ppm"})
HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """One document to process: its path and its output stem relative to the output folder."""

    path: Path
    output: str


def scans_in(folder: Path, skip: Path | None = None) -> list[Path]:
    """The scans below ``folder`` (sorted), leaving out the folder ``skip`` (the outputs)."""
    found = []
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if skip is None or Path(parent, name) != skip]
        found += [
            Path(parent, name) for name in names
            if Path(name).suffix.lower() in SCAN_SUFFIXES and not name.startswith(".")
        ]
    return sorted(found)


def expand(inputs: Iterable[str | Path], skip: Path | None = None) -> list[tuple[Path, Path]]:
    """(file, root) pairs: folders walked recursively, files as given; duplicates dropped.

    ``skip`` is a folder never walked into: the output folder, when it lies
    inside an input folder, holds searchable PDFs that are results, not scans.
    """
    seen: set[Path] = set()
    found: list[tuple[Path, Path]] = []
    skip = skip.resolve() if skip is not None else None
    for given in inputs:
        path = Path(given).resolve()
        if path.is_dir():
            pairs = [(file, path) for file in scans_in(path, skip)]
        elif path.exists():
            pairs = [(path, path.parent)]
        else:
            raise InputMissingError("no such file or folder", given)
        for file, root in pairs:
            if file not in seen:
                seen.add(file)
                found.append((file, root))
    return found


def output_stems(files: Sequence[Path], base: Path) -> list[str]:
    """Each file's output stem: its path below ``base`` without the suffix.

    Files whose stems would collide (``a.pdf`` and ``a.png``) keep their suffix.

    >>> output_stems([Path("/s/2024/qđ.pdf"), Path("/s/2025/qđ.pdf"), Path("/s/x.pdf"), Path("/s/x.png")], Path("/s"))
    ['2024/qđ', '2025/qđ', 'x.pdf', 'x.png']
    """
    relative = [file.relative_to(base) for file in files]
    stems = [rel.with_suffix("").as_posix() for rel in relative]
    counts = Counter(stems)
    return [rel.as_posix() if counts[stem] > 1 else stem for rel, stem in zip(relative, stems)]


def work_units(inputs: Iterable[str | Path], out_dir: Path | None = None) -> list[WorkUnit]:
    """The work units for the command line's INPUT arguments, in a stable order."""
    inputs = list(inputs)
    pairs = expand(inputs, skip=out_dir)
    if not pairs:
        raise InputMissingError("no PDF or image files found", ", ".join(map(str, inputs)))
    base = Path(os.path.commonpath([str(root) for _, root in pairs]))
    files = [file for file, _ in pairs]
    return [WorkUnit(file, stem) for file, stem in zip(files, output_stems(files, base))]


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (inputs can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
