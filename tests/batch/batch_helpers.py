"""Helpers of the batch tests: run the CLI as a user does, read the manifest, a folder of scans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from batch_scans import save_bad_inputs, save_pdf, save_png, strip

CLI = [sys.executable, "-c", "from vnrestore.cli import main; main()"]


def run_cli(*args: str | Path, timeout: float = 240, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``vnrestore ARGS`` in a child process, as a user runs it (``env`` added to the environment)."""
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def manifest(out_dir: Path) -> dict[str, dict]:
    lines = (out_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["output"]: record for record in map(json.loads, lines)}


@pytest.fixture(scope="session")
def scan_folder(tmp_path_factory) -> Path:
    """Two ``strip.pdf`` in different folders, a two-page PDF, a PNG, and four bad inputs."""
    root = tmp_path_factory.mktemp("scans") / "lưu-trữ"
    save_pdf([strip(0)], root / "2023" / "strip.pdf")
    save_pdf([strip(1)], root / "2024" / "strip.pdf")
    save_pdf([strip(2), strip(3)], root / "2024" / "two-pages.pdf")
    save_png(strip(3), root / "ảnh.png")
    save_bad_inputs(root / "bad")
    return root
