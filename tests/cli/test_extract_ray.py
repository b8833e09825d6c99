"""``resume-ner extract --engine ray`` on a real local Ray instance: the same records as the local
engine, resume by hash, a dying worker, Ctrl-C, usage errors.

One Ray instance (3 logical CPUs) serves the module; each run still starts its own actors
(a few seconds each). Skipped when ``RESUME_NER_SKIP_RAY=1``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_extract_cmd import _mixed
from typer.testing import CliRunner

import resume_ner
from resume_ner.cli.app import app
from resume_ner.data.documents import DocumentLimits
from resume_ner.deployment.extraction import RayOptions, list_inputs, open_results, run_extract_ray
from resume_ner.deployment.extraction.ray_engine import WORKER_FAILED
from resume_ner.deployment.extraction.ray_pipeline import READ_BATCH
from resume_ner.deployment.extraction.reading import ReadOutcome, read_one

pytestmark = [
    pytest.mark.ray,
    pytest.mark.skipif(
        os.environ.get("RESUME_NER_SKIP_RAY") == "1", reason="RESUME_NER_SKIP_RAY=1"
    ),
]

runner = CliRunner()
SRC = Path(resume_ner.__file__).resolve().parents[1]
"""The ``src`` folder of the code under test: Ray workers must import the same code."""
RUN = ("--backend", "pytorch", "--device", "cpu", "--threads", "1")
"""Same backend and threads for both engines, so that scores agree to the last bit."""


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """A local Ray instance for the module (its GCS address); its workers import
    ``resume_ner`` from ``SRC``."""
    import ray

    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), before]))
    try:
        context = ray.init(
            address="local", num_cpus=3, include_dashboard=False, logging_level="WARNING"
        )
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = before
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # for _dies_on_crash_files
    yield str(context.address_info["gcs_address"])
    ray.shutdown()


def _extract(*args: str) -> Any:
    return runner.invoke(app, ["extract", *args, *RUN])


def _jsonl(path: Path) -> dict[str, dict[str, Any]]:
    """Records by path, without their timing."""
    lines = path.read_text(encoding="utf-8").splitlines()
    by_path = {}
    for line in lines:
        record = json.loads(line)
        del record["seconds"]
        by_path[record.pop("path")] = record
    assert len(by_path) == len(lines)
    return by_path


def _csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, sorted(rows)


def test_ray_records_what_the_local_engine_records_and_skips_them_next_time(
    model_dir: Path, tmp_path: Path, ray_cluster: str
) -> None:
    folder = _mixed(tmp_path / "in")
    outputs = {name: tmp_path / name for name in ("l.jsonl", "r.jsonl", "l.csv", "r.csv")}
    model = ["--model", str(model_dir)]
    local = _extract(str(folder), *model, "--out", str(outputs["l.jsonl"]))
    ray = _extract(str(folder), *model, "--out", str(outputs["r.jsonl"]), "--engine", "ray")
    assert (local.exit_code, ray.exit_code) == (1, 1), ray.output  # two broken files
    assert "6 documents recorded" in ray.stderr and "2 failed" in ray.stderr
    expected = _jsonl(outputs["l.jsonl"])
    assert _jsonl(outputs["r.jsonl"]) == expected and len(expected) == 6

    again = _extract(str(folder), *model, "--out", str(outputs["r.jsonl"]), "--engine", "ray")
    assert again.exit_code == 1 and "0 documents recorded" in again.stderr  # Ray not started
    assert "6 skipped" in again.stderr and "2 of them failures" in again.stderr
    assert _jsonl(outputs["r.jsonl"]) == expected

    ray_csv = ["--out", str(outputs["r.csv"]), "--engine", "ray", "--actors", "2"]
    assert _extract(str(folder), *model, "--out", str(outputs["l.csv"])).exit_code == 1
    assert _extract(str(folder), *model, *ray_csv).exit_code == 1
    assert _csv(outputs["r.csv"]) == _csv(outputs["l.csv"])
    assert len(_csv(outputs["r.csv"])[1]) == 6


def _dies_on_crash_files(path: str, limits: DocumentLimits) -> ReadOutcome:
    """Reads like ``read_one``, but the worker process dies on a file named ``crash*``."""
    if Path(path).name.startswith("crash"):
        os._exit(3)
    return read_one(path, limits)


def test_a_batch_whose_worker_keeps_dying_is_recorded_and_the_run_goes_on(
    model_dir: Path, tmp_path: Path, ray_cluster: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(2 * READ_BATCH):
        name = "crash.txt" if number == 3 else f"cv{number:02d}.txt"
        (folder / name).write_text(f"Person {number}\np{number}@mail.io", encoding="utf-8")
    results = open_results(tmp_path / "r.jsonl")
    options = RayOptions(backend="pytorch", device="cpu", threads=1)
    with caplog.at_level(logging.ERROR, logger="resume_ner"):
        summary = run_extract_ray(
            list_inputs([str(folder)]),
            model_dir,
            results,
            options=options,
            read=_dies_on_crash_files,
        )
    records = _jsonl(results.path)
    given_up = {Path(p).name for p, r in records.items() if r["error"] is not None}
    assert len(records) == 2 * READ_BATCH == summary.processed
    assert "crash.txt" in given_up and len(given_up) <= READ_BATCH
    assert summary.failed == len(given_up)
    assert {records[p]["error"]["code"] for p in records if records[p]["error"]} == {WORKER_FAILED}
    assert all(len(records[p]["sha256"]) == 64 for p in records)  # skipped on resume
    assert "crash.txt" in caplog.text and WORKER_FAILED in caplog.text


def _ray_client_server(gcs_address: str) -> tuple[subprocess.Popen[bytes], int]:
    """A Ray Client server (what ``ray start --head`` runs on port 10001) for the cluster."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    argv = [sys.executable, "-m", "ray.util.client.server", f"--address={gcs_address}"]
    argv += ["--host=127.0.0.1", f"--port={port}", "--mode=proxy"]
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while server.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return server, port
        time.sleep(0.1)
    raise AssertionError(f"the Ray Client server did not start ({server.poll()})")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of a process group this test started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_ctrl_c_leaves_a_valid_file_that_a_ray_client_run_completes_and_repairs(
    model_dir: Path, tmp_path: Path, ray_cluster: str
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    total = 100
    for number in range(total):
        text = f"Person {number}\np{number}@mail.io\nPython SQL"
        (folder / f"cv{number:03d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "results.jsonl"
    argv = [sys.executable, "-m", "resume_ner.cli", "extract", str(folder), "--model"]
    argv += [str(model_dir), "--out", str(out), "--engine", "ray", *RUN]
    env = {**os.environ, "PYTHONPATH": str(SRC), "RAY_ADDRESS": ""}
    process = subprocess.Popen(  # no --address: a private local Ray instance
        [*argv, "--batch-size", "1"], env=env, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 10:
                break
            time.sleep(0.005)
        assert process.poll() is None, process.communicate()[1].decode()[-3000:]
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
        _, stderr = process.communicate(timeout=90)
    finally:
        _stop(process)
    assert process.returncode == 130, stderr.decode()[-3000:]
    assert "is valid: rerun the same command to resume" in stderr.decode()
    written = len(_jsonl(out))  # every line parses
    assert 10 <= written < total, stderr.decode()[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:3] + lines[6:]), encoding="utf-8")  # 3 records lost
    written -= 3

    server, port = _ray_client_server(ray_cluster)
    try:  # resumed through Ray Client, on the module's cluster
        resumed = subprocess.run(
            [*argv, "--address", f"ray://127.0.0.1:{port}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    finally:
        _stop(server)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert f"{total - written} documents recorded" in resumed.stderr
    records = _jsonl(out)
    assert len(records) == total and len({r["sha256"] for r in records.values()}) == total


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actors", "2"], "--actors need --engine ray"),
        (["--address", "auto", "--actors", "2"], "--address and --actors need --engine ray"),
        (["--engine", "ray", "--workers", "2"], "--workers is for the local engine"),
        (["--engine", "spark"], "unknown --engine 'spark'"),
    ],
)
def test_options_of_the_other_engine_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = _extract(
        str(tmp_path), "--model", str(tmp_path), "--out", str(tmp_path / "r.jsonl"), *args
    )
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert not (tmp_path / "r.jsonl").exists()


def test_without_ray_installed_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    out = tmp_path / "r.jsonl"
    result = _extract(str(tmp_path), "--model", str(tmp_path), "--out", str(out), "--engine", "ray")
    assert result.exit_code == 1 and "pip install 'resume-ner[ray]'" in result.stderr
    assert "Traceback" not in result.output and not out.exists()
