"""``vnrestore run`` on a folder: outputs, manifest, failure isolation, resume, interruption."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from batch_helpers import CLI, manifest, run_cli, scan_folder  # noqa: F401 - scan_folder is a fixture
from batch_scans import save_pdf, strip

from vnrestore.errors import ExitCode

GOOD = ["2023/strip", "2024/strip", "2024/two-pages", "ảnh"]
BAD = {
    "bad/corrupt": "corrupt PDF",
    "bad/encrypted": "encrypted",
    "bad/empty": "empty file",
    "bad/notes": "not a PDF or image",
}
SUFFIXES = [".txt", ".raw.txt", ".json", ".pdf", ".hocr", ".alto.xml"]


@pytest.fixture(scope="module")
def first_run(scan_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    result = run_cli("run", scan_folder, "--out-dir", out, "--jobs", "2", "--dpi", "200", "--hocr", "--alto")
    return result, out


def copy_of(out: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return copy


def test_bad_inputs_fail_alone_with_a_clear_message(first_run):
    result, out = first_run
    assert result.returncode == ExitCode.batch_failures, result.stderr
    assert "Traceback" not in result.stderr
    records = manifest(out)
    assert sorted(records) == sorted(GOOD + list(BAD))
    for name, cause in BAD.items():
        assert records[name]["status"] == "failed"
        assert cause in records[name]["error"]
        assert f"{name.split('/')[1]}.pdf: {records[name]['error']}" in result.stderr
        assert not list(out.glob(f"{name}.*"))  # no output at all for a failed input


def test_good_inputs_have_every_output_under_mirrored_names(first_run):
    _, out = first_run
    records = manifest(out)
    for name in GOOD:
        record = records[name]
        assert record["status"] == "ok", record
        assert all((out / (name + suffix)).is_file() for suffix in SUFFIXES)
        assert set(record["seconds"]) >= {"ocr", "restore", "extract", "write", "total"}
        assert record["mean_confidence"] > 50 and record["tokens"] > 10
        assert len(record["sha256"]) == 64
    assert records["2024/two-pages"]["pages"] == 2
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


def test_restored_text_matches_the_raw_text_but_for_restored_tokens(first_run):
    _, out = first_run
    for name in GOOD:
        raw = (out / f"{name}.raw.txt").read_text(encoding="utf-8").split()
        restored = (out / f"{name}.txt").read_text(encoding="utf-8").split()
        assert len(raw) == len(restored)
        changed = sum(a != b for a, b in zip(raw, restored))
        assert changed <= manifest(out)[name]["tokens_restored"]


def test_the_searchable_pdf_text_layer_is_the_restored_text(first_run):
    _, out = first_run
    for name in GOOD:
        layer = subprocess.run(["pdftotext", out / f"{name}.pdf", "-"], capture_output=True, text=True, check=True)
        restored = (out / f"{name}.txt").read_text(encoding="utf-8")
        assert layer.stdout.split() == restored.split()


def test_a_rerun_skips_what_is_done_and_retries_what_failed(first_run, tmp_path, scan_folder):
    out = copy_of(first_run[1], tmp_path)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    result = run_cli("run", scan_folder, "--out-dir", out, "--jobs", "2", "--dpi", "200", "--hocr", "--alto")
    assert result.returncode == ExitCode.batch_failures
    records = manifest(out)
    assert {records[name]["status"] for name in GOOD} == {"skipped"}
    assert {records[name]["status"] for name in BAD} == {"failed"}
    assert records["2024/two-pages"]["pages"] == 2  # a skipped record keeps what the run that did it found
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == before


def test_a_changed_input_or_a_missing_output_is_redone_and_force_redoes_all(first_run, tmp_path, scan_folder):
    out = copy_of(first_run[1], tmp_path)
    folder = tmp_path / "scans"
    shutil.copytree(scan_folder, folder)
    shutil.rmtree(folder / "bad")
    save_pdf([strip(3)], folder / "2023" / "strip.pdf")  # new content, same name
    (out / "ảnh.alto.xml").unlink()
    run = ("run", folder, "--out-dir", out, "--jobs", "2", "--dpi", "200", "--hocr", "--alto")
    assert run_cli(*run).returncode == 0
    records = manifest(out)
    assert [records[n]["status"] for n in GOOD] == ["ok", "skipped", "skipped", "ok"]
    assert "Điều 3" in (out / "2023/strip.txt").read_text(encoding="utf-8")
    assert run_cli(*run, "--force", "--quiet").returncode == 0
    assert {manifest(out)[n]["status"] for n in GOOD} == {"ok"}


def four_documents(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    folder = tmp_path / "scans"
    for band in range(4):
        save_pdf([strip(band), strip((band + 1) % 4)], folder / f"doc-{band}.pdf")
    out = tmp_path / "out"
    return folder, out, [*CLI, "run", str(folder), "--out-dir", str(out), "--jobs", "1", "--dpi", "200"]


def stop_after_first_document(args: list[str], out: Path, signum: int = signal.SIGTERM) -> set[str]:
    """Run ``args``, send ``signum`` once a document is done; the names the manifest then says are done."""
    path = out / "manifest.jsonl"
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    # a suite started in the background has SIGINT ignored, and children inherit that: undo it
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and child.poll() is None:
        if path.is_file() and path.read_text(encoding="utf-8") != before and manifest(out):
            break
        time.sleep(0.05)
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == ExitCode.interrupted, stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    return {name for name, record in manifest(out).items() if record["status"] == "ok"}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_run_leaves_no_partial_output_and_the_next_carries_on(tmp_path, signum):
    _, out, args = four_documents(tmp_path)
    done = stop_after_first_document(args, out, signum)
    assert 1 <= len(done) < 4, "the run was to be stopped part way"
    for band in range(4):
        outputs = sorted(p.name for p in out.glob(f"doc-{band}.*"))
        expected = sorted(f"doc-{band}{suffix}" for suffix in SUFFIXES[:4])
        assert outputs == (expected if f"doc-{band}" in done else [])
    result = run_cli(*args[3:])
    assert result.returncode == 0, result.stderr
    records = manifest(out)
    assert {name for name, r in records.items() if r["status"] == "skipped"} == done
    assert {name for name, r in records.items() if r["status"] == "ok"} == {f"doc-{b}" for b in range(4)} - done


def test_an_interrupted_forced_rerun_vouches_only_for_outputs_that_exist(tmp_path):
    """--force redoes finished documents: stopped part way, the manifest must not keep their old records."""
    _, out, args = four_documents(tmp_path)
    assert run_cli(*args[3:]).returncode == 0
    redone = stop_after_first_document([*args, "--force"], out)
    assert 1 <= len(redone) < 4, "the run was to be stopped part way"
    records = manifest(out)
    for name, record in records.items():
        assert record["status"] == "ok"
        assert all((out / f"{name}{suffix}").is_file() for suffix in SUFFIXES[:4]), name
    # the next run carries the forced redo on: whatever it had not redone yet
    result = run_cli(*args[3:])
    assert result.returncode == 0, result.stderr
    statuses = {name: r["status"] for name, r in manifest(out).items()}
    assert statuses == {f"doc-{b}": ("skipped" if f"doc-{b}" in records else "ok") for b in range(4)}


def test_no_input_found_or_a_missing_input(tmp_path):
    missing = run_cli("run", tmp_path / "không-có.pdf", "--out-dir", tmp_path / "out")
    assert missing.returncode == ExitCode.input_missing
    assert "không-có.pdf: no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
