"""The batch manifest: ``manifest.jsonl``, one JSON record per input.

Records are appended as each document finishes (after its outputs, so a
record always describes outputs that exist), and the file is compacted to one
record per input at the end of a run.  A line cut short by a kill is ignored
when reading, so the next run simply redoes that document.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vnrestore.output.atomic import write_text_atomic

MANIFEST_NAME = "manifest.jsonl"
OK, FAILED, SKIPPED = "ok", "failed", "skipped"


@dataclass(slots=True)
class ManifestRecord:
    """What happened to one input.

    ``output`` is the output path stem relative to the output folder (the key
    of the record); ``seconds`` maps each stage to its wall time.
    """

    path: str
    output: str
    sha256: str
    status: str
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    mean_confidence: float | None = None
    tokens: int = 0
    tokens_restored: int = 0
    low_confidence_tokens: int = 0
    error: str | None = None
    exit_code: int | None = None

    def to_json(self) -> str:
        """One line of JSON, Vietnamese kept readable.

        >>> ManifestRecord("scans/quyết-định.pdf", "quyết-định", "ab", "ok", pages=2).to_json()[:40]
        '{"path": "scans/quyết-định.pdf", "output'
        """
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> ManifestRecord:
        data: dict[str, Any] = json.loads(line)
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


def read_manifest(path: str | Path) -> dict[str, ManifestRecord]:
    """The latest record per output stem; unreadable lines (a run killed mid-write) are skipped."""
    records: dict[str, ManifestRecord] = {}
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return records
    for line in text.splitlines():
        try:
            record = ManifestRecord.from_json(line)
        except (ValueError, TypeError):
            continue
        records[record.output] = record
    return records


def append_record(path: str | Path, record: ManifestRecord) -> None:
    """Append one record as a single write, flushed to disk before returning."""
    data = (record.to_json() + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_manifest(path: str | Path, records: dict[str, ManifestRecord]) -> None:
    """Replace the manifest with exactly ``records``, sorted by output, atomically."""
    lines = [records[key].to_json() + "\n" for key in sorted(records)]
    write_text_atomic(path, "".join(lines))
