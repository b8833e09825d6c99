"""Mixed precision, seeding and RNG state capture for exact resumption."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from typing import Any

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
"""Accepted precision settings."""


def resolve_precision(precision: str, device: str) -> str:
    """The concrete precision (fp32, bf16 or fp16) for a setting on a device.

    ``auto`` is bf16 on CUDA devices that support it, else fp16 on CUDA, and fp32 elsewhere.
    bf16 autocast is not offered on CPU: it measured slower than fp32 (AVX-512 BF16, no AMX).

    Raises:
        ValueError: For an unknown setting, fp16 or bf16 off CUDA, or bf16 on a CUDA card
            without it.
    """
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}: use one of {', '.join(PRECISIONS)}")
    cuda = device.startswith("cuda")
    if precision == "auto":
        if not cuda:
            return "fp32"
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    if precision == "fp16" and not cuda:
        raise ValueError(f"precision fp16 needs a CUDA device, not {device!r}; use fp32")
    if precision == "bf16" and not cuda:
        raise ValueError(
            f"precision bf16 is not offered on {device!r}: bf16 autocast trained slower than fp32 "
            "on CPU in our measurements; use fp32 (or auto)"
        )
    if precision == "bf16" and cuda and not torch.cuda.is_bf16_supported():
        raise ValueError("precision bf16 is not supported by this CUDA device; use fp16")
    return precision


@contextlib.contextmanager
def autocast(device: str, precision: str) -> Iterator[None]:
    """Autocast to bf16/fp16 for ``precision`` (a no-op for fp32)."""
    if precision == "fp32":
        yield
        return
    import torch

    dtype = torch.bfloat16 if precision == "bf16" else torch.float16
    with torch.autocast(device_type=device.partition(":")[0], dtype=dtype):
        yield


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and torch's (CPU and CUDA) random generators."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def capture_rng() -> dict[str, Any]:
    """State of every random generator: JSON-able Python/NumPy parts and torch tensors.

    Returns:
        ``{"python": [...], "numpy": [...], "torch": ByteTensor, "cuda": [ByteTensor, ...]}``.
    """
    import numpy as np
    import torch

    version, internal, gauss = random.getstate()
    name, keys, pos, has_gauss, cached = np.random.get_state(legacy=True)
    return {
        "python": [version, list(internal), gauss],
        "numpy": [name, [int(k) for k in keys], int(pos), int(has_gauss), float(cached)],
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }


def restore_rng(state: dict[str, Any]) -> None:
    """Restore generators from :func:`capture_rng` output."""
    import numpy as np
    import torch

    version, internal, gauss = state["python"]
    random.setstate((version, tuple(internal), gauss))
    name, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((name, np.asarray(keys, dtype=np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(state["torch"])
    if state.get("cuda") and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
