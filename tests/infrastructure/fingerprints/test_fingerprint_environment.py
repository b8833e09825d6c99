"""Tests of exec_fp and hardware_fp: components, git lookup, nvidia-smi, no torch import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import resume_ner
from resume_ner.infrastructure.fingerprints import environment, exec_fp, hardware, hardware_fp
from resume_ner.infrastructure.fingerprints.environment import GIT_SHA_ENV, NO_GIT

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_exec_fp_components(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_SHA_ENV, SHA.upper())
    fp = exec_fp()
    assert fp.kind == "exec"
    assert dict(fp.components) == {
        "resume_ner": resume_ner.__version__,
        "git_sha": SHA,
        "torch": environment.distribution_version("torch"),
        "transformers": environment.distribution_version("transformers"),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "device": "cpu",
    }
    assert fp.components["torch"] != environment.ABSENT
    assert exec_fp() == fp


def test_exec_fp_device_and_sha_change_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_SHA_ENV, SHA)
    cpu = exec_fp("cpu")
    assert exec_fp("cuda:1") == exec_fp("CUDA")
    assert exec_fp("cuda").components["device"] == "cuda"
    assert exec_fp("cuda") != cpu
    assert exec_fp("mps") != cpu
    monkeypatch.setenv(GIT_SHA_ENV, "f" * 40)
    assert exec_fp("cpu") != cpu


def test_exec_fp_rejects_unknown_device() -> None:
    with pytest.raises(ValueError, match="unknown device 'tpu'; expected one of cpu, cuda, mps"):
        exec_fp("tpu")


def test_missing_distribution_is_absent() -> None:
    assert environment.distribution_version("no-such-distribution-xyz") == "absent"


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_head_of_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GIT_SHA_ENV, raising=False)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "f.txt").write_text("x")
    for args in (["init", "-q"], ["add", "f.txt"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    environment._checkout_head.cache_clear()
    assert environment._checkout_head(repo) == head
    assert environment._checkout_head(tmp_path / "not-a-repo-dir") == NO_GIT
    site = tmp_path / "lib" / "site-packages" / "resume_ner"
    assert environment._checkout_head(site) == NO_GIT


def test_git_sha_falls_back_to_nogit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(GIT_SHA_ENV, raising=False)
    monkeypatch.setattr(environment, "_PACKAGE_DIR", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    environment._checkout_head.cache_clear()
    try:
        assert environment.git_sha() == NO_GIT
    finally:
        environment._checkout_head.cache_clear()


def test_hardware_fp_components() -> None:
    fp = hardware_fp()
    assert fp.kind == "hardware"
    assert set(fp.components) == {"cpu", "logical_cores", "memory_gib", "gpus", "gpu_count"}
    assert fp.components["cpu"]
    assert fp.components["logical_cores"] >= 1
    assert fp.components["memory_gib"] >= 0
    assert fp.components["gpu_count"] == len(fp.components["gpus"])
    assert hardware_fp() == fp


def _fake_smi(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "nvidia-smi"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)


def test_gpus_from_nvidia_smi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    _fake_smi(bin_dir, 'echo "NVIDIA H100  80GB HBM3"; echo "NVIDIA A100-SXM4-40GB"')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    fp = hardware_fp()
    assert fp.components["gpus"] == ["NVIDIA A100-SXM4-40GB", "NVIDIA H100 80GB HBM3"]
    assert fp.components["gpu_count"] == 2


@pytest.mark.parametrize("body", ["exit 9", "sleep 5"])
def test_failing_or_hanging_nvidia_smi_means_no_gpu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
) -> None:
    bin_dir = tmp_path / "bin"
    _fake_smi(bin_dir, body)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(hardware, "_NVIDIA_SMI_TIMEOUT_S", 0.5)
    assert hardware.gpu_names() == []


def test_fingerprints_do_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from resume_ner.infrastructure.fingerprints import exec_fp, hardware_fp, spec_fp\n"
        "hardware_fp(); exec_fp('cuda'); spec_fp({}, 'ab' * 32, {})\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
