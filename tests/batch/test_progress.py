"""The progress bar: on a terminal only, page by page, with pages/min and the ETA; ``--quiet`` silences it."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
from batch_helpers import CLI, run_cli
from batch_scans import save_pdf, strip


def two_documents(tmp_path: Path) -> Path:
    """Two three-page PDFs: a bar moving by whole documents shows only 0, 3 and 6 pages."""
    folder = tmp_path / "scans"
    for name, bands in (("a", (0, 1, 2)), ("b", (3, 0, 1))):
        save_pdf([strip(band) for band in bands], folder / f"{name}.pdf")
    return folder


#: how long a run on the pseudo-terminal may take before the test stops it and fails
TERMINAL_TIMEOUT = 240.0


def run_on_terminal(args: list[str], columns: int, rows: int = 24) -> tuple[int, str]:
    """Run ``args`` with stderr on a pseudo-terminal of that size (0 x 0: one that reports no size).

    Reading stops when the child has exited and the terminal has nothing more to give, not at the
    terminal's end of file: a process the run left behind holding the terminal must fail the test
    within the timeout, not hang it.
    """
    main, child_end = os.openpty()
    fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child_end)
    os.close(child_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + TERMINAL_TIMEOUT
    try:
        while True:
            if time.monotonic() > deadline:
                child.kill()
                pytest.fail(f"{' '.join(args)} did not finish in {TERMINAL_TIMEOUT:.0f} s; "
                            f"the terminal showed: {b''.join(chunks).decode('utf-8', 'replace')[-2000:]}")
            ready, _, _ = select.select([main], [], [], 0.2)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: every process holding the terminal closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
    return child.wait(timeout=10), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("columns", "rows"), [(120, 24), (0, 0)])
def test_the_bar_counts_pages_as_they_finish_with_rate_and_eta(tmp_path, columns, rows):
    folder = two_documents(tmp_path)
    code, screen = run_on_terminal([*CLI, "run", str(folder), "--out-dir", str(tmp_path / "out"), "--jobs", "2",
                                    "--dpi", "200"], columns, rows)
    assert code == 0, screen
    counts = {int(n) for n in re.findall(r"\b(\d)/6 pages", screen)}
    assert {0, 6} <= counts
    assert counts - {0, 3, 6}, f"the bar moved by whole documents only: {sorted(counts)}"
    assert re.search(r"6/6 pages \[\d\d:\d\d<00:00, [\d.]+ pages/min\]", screen), screen  # not cut off
    assert re.search(r"\d/6 pages \[\d\d:\d\d<\d\d:\d\d", screen)  # elapsed < remaining (the ETA)
    assert "2 done, 0 skipped, 0 failed" in screen


def test_no_bar_off_a_terminal_and_nothing_at_all_when_quiet(tmp_path):
    folder = two_documents(tmp_path)
    plain = run_cli("run", folder, "--out-dir", tmp_path / "out", "--jobs", "2", "--dpi", "200")
    assert plain.returncode == 0 and "pages/min" not in plain.stderr and "2 done" in plain.stderr
    code, screen = run_on_terminal([*CLI, "run", str(folder), "--out-dir", str(tmp_path / "out"), "--quiet",
                                    "--force", "--jobs", "2", "--dpi", "200"], 120)
    assert code == 0 and screen.strip() == ""
