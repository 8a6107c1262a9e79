"""Inputs to work units: folders walked, output names mirror the tree, the output folder is not an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnrestore.batch.inputs import file_sha256, work_units
from vnrestore.errors import InputMissingError


def touch(path: Path, data: bytes = b"%PDF-1.4\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_folder_mirrors_its_tree_and_skips_other_files(tmp_path):
    scans = tmp_path / "lưu-trữ"
    for name in ("2023/scan.pdf", "2024/scan.pdf", "2024/tháng-5/ảnh.JPG", "ghi-chú.txt", ".ẩn.pdf"):
        touch(scans / name)
    units = work_units([scans])
    assert [u.output for u in units] == ["2023/scan", "2024/scan", "2024/tháng-5/ảnh"]
    assert all(u.path.is_absolute() for u in units)


def test_single_files_keep_their_name_and_named_files_are_always_taken(tmp_path):
    pdf = touch(tmp_path / "sample-scan.pdf")
    assert [u.output for u in work_units([pdf])] == ["sample-scan"]
    notes = touch(tmp_path / "notes.txt", b"not a scan")
    assert [u.output for u in work_units([notes, pdf, pdf])] == ["notes", "sample-scan"]


def test_inputs_in_different_folders_and_same_stems_do_not_collide(tmp_path):
    a, b = touch(tmp_path / "a" / "scan.pdf"), touch(tmp_path / "b" / "scan.pdf")
    png = touch(tmp_path / "b" / "scan.png", b"\x89PNG\r\n\x1a\n")
    assert [u.output for u in work_units([a, tmp_path / "b"])] == ["a/scan", "b/scan.pdf", "b/scan.png"]
    assert len({u.output for u in work_units([a, b, png])}) == 3


def test_the_output_folder_inside_an_input_folder_is_not_walked(tmp_path):
    touch(tmp_path / "scans" / "scan.pdf")
    touch(tmp_path / "scans" / "out" / "scan.pdf")  # a searchable PDF of an earlier run
    units = work_units([tmp_path / "scans"], out_dir=tmp_path / "scans" / "out")
    assert [u.output for u in units] == ["scan"]


def test_missing_inputs_and_empty_folders_are_errors(tmp_path):
    with pytest.raises(InputMissingError, match="no such file or folder"):
        work_units([tmp_path / "không-có.pdf"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputMissingError, match="no PDF or image files found"):
        work_units([tmp_path / "empty"])


def test_the_hash_is_of_the_bytes(tmp_path):
    one, two = touch(tmp_path / "1.pdf", b"Quyet dinh"), touch(tmp_path / "2.pdf", b"Quyet dinh")
    assert file_sha256(one) == file_sha256(two) != file_sha256(touch(tmp_path / "3.pdf", "Quyết định".encode()))
