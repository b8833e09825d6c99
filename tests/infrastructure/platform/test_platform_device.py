"""Device choice without importing torch: env, torch build, nvidia-smi, and torch when loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from resume_ner.infrastructure.platform.adapters import (
    LocalAdapter,
    PlatformError,
    cuda_availability,
    get_adapter,
)
from resume_ner.infrastructure.platform.adapters import device as device_module

GPU_LISTING = "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0a1b2c3d)\n"


def _fake_nvidia_smi(folder: Path, listing: str, code: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "nvidia-smi"
    exe.write_text(f"#!/bin/sh\nprintf '%s' '{listing}'\nexit {code}\n")
    exe.chmod(0o755)
    return folder


@pytest.fixture
def no_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide an imported torch and pretend a CUDA build of torch is installed."""
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.setattr(device_module, "installed_torch_version", lambda: "2.13.0")


@pytest.fixture
def not_mac(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_module.platform, "machine", lambda: "x86_64")


def test_cpu_preference_is_always_cpu() -> None:
    assert LocalAdapter({}).device("cpu") == "cpu"
    assert LocalAdapter({}).device(" CPU ") == "cpu"


def test_unknown_preference_is_a_clear_error() -> None:
    with pytest.raises(PlatformError) as info:
        LocalAdapter({}).device("gpu")
    assert str(info.value) == (
        "local: unknown device 'gpu' (platform.device); choose one of auto, cpu, cuda, mps or cuda:N"
    )


@pytest.mark.usefixtures("no_torch", "not_mac")
def test_empty_cuda_visible_devices_means_no_cuda(tmp_path: Path) -> None:
    bin_dir = _fake_nvidia_smi(tmp_path / "bin", GPU_LISTING)
    env = {"CUDA_VISIBLE_DEVICES": "", "PATH": str(bin_dir)}
    assert get_adapter("kaggle", env).device() == "cpu"
    with pytest.raises(PlatformError) as info:
        get_adapter("kaggle", env).device("cuda")
    assert str(info.value) == (
        "kaggle: device 'cuda' was requested (platform.device) but is not available: "
        "CUDA_VISIBLE_DEVICES='' hides every GPU; set platform.device to 'auto' or 'cpu'"
    )


@pytest.mark.usefixtures("no_torch", "not_mac")
def test_nvidia_smi_listing_a_gpu_means_cuda(tmp_path: Path) -> None:
    env = {"PATH": str(_fake_nvidia_smi(tmp_path / "bin", GPU_LISTING))}
    assert LocalAdapter(env).device() == "cuda"
    assert LocalAdapter(env).device("cuda") == "cuda"
    assert LocalAdapter(env).device("cpu") == "cpu"


@pytest.mark.usefixtures("no_torch", "not_mac")
def test_nvidia_smi_without_gpu_or_failing_means_cpu(tmp_path: Path) -> None:
    empty = {"PATH": str(_fake_nvidia_smi(tmp_path / "empty", "No devices were found\n"))}
    assert LocalAdapter(empty).device() == "cpu"
    assert "-L lists no GPU" in cuda_availability(empty).reason
    broken = {"PATH": str(_fake_nvidia_smi(tmp_path / "broken", GPU_LISTING, code=9))}
    assert LocalAdapter(broken).device() == "cpu"


@pytest.mark.usefixtures("no_torch", "not_mac")
def test_missing_nvidia_smi_means_cpu(tmp_path: Path) -> None:
    (tmp_path / "empty-bin").mkdir()
    env = {"PATH": str(tmp_path / "empty-bin")}
    assert LocalAdapter(env).device() == "cpu"
    with pytest.raises(PlatformError, match=r"nvidia-smi was not found on PATH"):
        LocalAdapter(env).device("cuda")


def test_cpu_only_torch_build_means_no_cuda(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.setattr(device_module, "installed_torch_version", lambda: "2.13.0+cpu")
    env = {"PATH": str(_fake_nvidia_smi(tmp_path / "bin", GPU_LISTING))}
    availability = cuda_availability(env)
    assert not availability.available
    assert availability.reason == "the installed torch 2.13.0+cpu is a CPU-only build"
    monkeypatch.setattr(device_module, "installed_torch_version", lambda: None)
    assert cuda_availability(env).reason == "torch is not installed"


@pytest.mark.usefixtures("not_mac")
def test_imported_torch_is_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_torch(cuda: bool) -> SimpleNamespace:
        return SimpleNamespace(
            cuda=SimpleNamespace(is_available=lambda: cuda),
            backends=SimpleNamespace(mps=SimpleNamespace(is_available=lambda: False)),
        )

    env = {"CUDA_VISIBLE_DEVICES": "", "PATH": ""}
    monkeypatch.setitem(sys.modules, "torch", fake_torch(True))
    assert LocalAdapter(env).device() == "cuda"
    monkeypatch.setitem(sys.modules, "torch", fake_torch(False))
    with pytest.raises(PlatformError, match=r"torch\.cuda\.is_available\(\) is False"):
        LocalAdapter({}).device("cuda")


def test_mps_only_on_apple_silicon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    env = {"CUDA_VISIBLE_DEVICES": ""}
    monkeypatch.setattr(device_module.sys, "platform", "linux")
    monkeypatch.setattr(device_module.platform, "machine", lambda: "x86_64")
    with pytest.raises(PlatformError, match="MPS needs macOS on Apple silicon, not linux x86_64"):
        LocalAdapter(env).device("mps")
    monkeypatch.setattr(device_module.sys, "platform", "darwin")
    monkeypatch.setattr(device_module.platform, "machine", lambda: "arm64")
    assert LocalAdapter(env).device() == "mps"
    assert LocalAdapter(env).device("mps") == "mps"


def test_device_detection_does_not_import_torch(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import sys
        from resume_ner.infrastructure.platform.adapters import get_adapter
        device = get_adapter().device()
        get_adapter("local").device("auto")
        print(device, "torch" in sys.modules)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLAB_", "KAGGLE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    device, torch_imported = result.stdout.split()
    assert device in {"cpu", "cuda", "mps"}
    assert torch_imported == "False"
