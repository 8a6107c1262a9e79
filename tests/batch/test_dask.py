"""The Dask engine: documents as tasks on a LocalCluster over loopback TCP, same manifest and resume."""

from __future__ import annotations

import pytest
from batch_helpers import manifest, run_cli
from batch_scans import save_bad_inputs, save_pdf, strip

from vnrestore.errors import ExitCode

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")

COMPARED = ["path", "output", "sha256", "status", "pages", "tokens", "tokens_restored", "low_confidence_tokens", "error"]


def test_a_cluster_run_writes_the_same_records_and_resumes_like_a_local_one(tmp_path):
    folder = tmp_path / "scans"
    save_pdf([strip(1)], folder / "2024" / "strip.pdf")
    save_bad_inputs(folder / "bad")
    for name in ("encrypted.pdf", "empty.pdf", "notes.pdf"):
        (folder / "bad" / name).unlink()
    local_out, cluster_out = tmp_path / "local", tmp_path / "cluster"
    local = run_cli("run", folder, "--out-dir", local_out, "--jobs", "1", "--dpi", "200")
    assert local.returncode == ExitCode.batch_failures, local.stderr
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        first = run_cli("run", folder, "--out-dir", cluster_out, "--scheduler", address, "--dpi", "200")
        assert first.returncode == ExitCode.batch_failures, first.stderr
        again = run_cli("run", folder, "--out-dir", cluster_out, "--scheduler", address, "--dpi", "200")
        # a folder a local run finished resumes on the cluster too
        across = run_cli("run", folder, "--out-dir", local_out, "--scheduler", address, "--dpi", "200")
    by_local, by_cluster = manifest(local_out), manifest(cluster_out)
    assert sorted(by_cluster) == ["2024/strip", "bad/corrupt"]
    for name in by_cluster:
        assert {k: by_cluster[name][k] for k in COMPARED} == {k: by_local[name][k] for k in COMPARED}
    assert (cluster_out / "2024/strip.txt").read_text(encoding="utf-8") == (local_out / "2024/strip.txt").read_text(encoding="utf-8")
    for result, out in ((again, cluster_out), (across, local_out)):
        assert result.returncode == ExitCode.batch_failures, result.stderr
        assert manifest(out)["2024/strip"]["status"] == "skipped"
        assert manifest(out)["bad/corrupt"]["status"] == "failed"


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    folder = tmp_path / "scans"
    save_pdf([strip(0)], folder / "strip.pdf")
    result = run_cli("run", folder, "--out-dir", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9", "--quiet",
                     env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert result.returncode == ExitCode.missing_dependency
    assert "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
