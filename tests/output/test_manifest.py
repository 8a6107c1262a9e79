"""The manifest: records survive a round trip, a line cut short by a kill is skipped."""

from __future__ import annotations

from vnrestore.output.manifest import ManifestRecord, append_record, read_manifest, write_manifest


def record(output: str, status: str = "ok", **fields) -> ManifestRecord:
    return ManifestRecord(path=f"/scans/{output}.pdf", output=output, sha256="0" * 64, status=status, **fields)


def test_records_round_trip_and_the_latest_wins(tmp_path):
    path = tmp_path / "manifest.jsonl"
    append_record(path, record("quyết-định", "failed", error="corrupt PDF"))
    append_record(path, record("quyết-định", pages=3, seconds={"ocr": 4.5}, mean_confidence=91.2))
    append_record(path, record("2024/thông-báo", pages=1))
    records = read_manifest(path)
    assert set(records) == {"quyết-định", "2024/thông-báo"}
    assert records["quyết-định"] == record("quyết-định", pages=3, seconds={"ocr": 4.5}, mean_confidence=91.2)
    assert "quyết-định" in path.read_text(encoding="utf-8")  # readable, not \\u-escaped


def test_a_line_cut_short_is_ignored_and_compaction_drops_it(tmp_path):
    path = tmp_path / "manifest.jsonl"
    append_record(path, record("a"))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(record("b").to_json()[:30])  # killed mid-write
    records = read_manifest(path)
    assert list(records) == ["a"]
    write_manifest(path, records)
    assert path.read_text(encoding="utf-8").splitlines() == [record("a").to_json()]


def test_a_missing_manifest_is_empty(tmp_path):
    assert read_manifest(tmp_path / "none.jsonl") == {}
