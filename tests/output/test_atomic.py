"""Atomic writes: the whole file or the old one, never a fragment; modes as ``open`` gives them."""

from __future__ import annotations

import os
import stat

import pytest

from vnrestore.output.atomic import atomic_open, write_text_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "quyết-định.txt"
    write_text_atomic(path, "cũ\n")
    with pytest.raises(RuntimeError):
        with atomic_open(path) as handle:
            handle.write("mới, nửa chừng")
            raise RuntimeError("stopped")
    assert path.read_text(encoding="utf-8") == "cũ\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quyết-định.txt"]


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_get_the_mode_a_plain_open_gives(tmp_path, umask):
    """Archive outputs are shared: not the 0600 of a temporary file."""
    old = os.umask(umask)
    try:
        write_text_atomic(tmp_path / "a.txt", "x")
        with open(tmp_path / "b.txt", "w") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    modes = [stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("a.txt", "b.txt")]
    assert modes[0] == modes[1] == 0o666 & ~umask
