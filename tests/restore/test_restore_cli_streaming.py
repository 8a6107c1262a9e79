"""``vnrestore restore`` at a terminal answers each line as it is typed, before end of input."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

VNRESTORE = Path(sys.executable).with_name("vnrestore")


def _read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    seen = b""
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], seconds)
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        seen += chunk
    return seen


@pytest.mark.skipif(not VNRESTORE.exists(), reason="console script not installed")
def test_a_typed_line_comes_back_before_end_of_input() -> None:
    controller, terminal = pty.openpty()
    reader, writer = os.pipe()
    process = subprocess.Popen([str(VNRESTORE), "restore", "--mode", "stripped"],
                               stdin=terminal, stdout=writer, stderr=subprocess.DEVNULL)
    os.close(terminal)
    os.close(writer)
    try:
        os.write(controller, "Chinh quyen dien tu\n".encode())
        answer = _read_until(reader, b"\n", 60)
        assert answer.decode("utf-8") == "Chính quyền điện tử\n"
        assert process.poll() is None  # still waiting for more input
    finally:
        process.kill()
        process.wait()
        os.close(controller)
        os.close(reader)
