"""Start a command under torchrun with two CPU ranks, on this checkout's sources."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import resume_ner

SRC = Path(resume_ner.__file__).resolve().parents[1]
TORCHRUN = Path(sys.executable).with_name("torchrun")


def ranks_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a launch: this checkout first on the path, one thread per rank."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.update({"OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", **(extra or {})})
    return env


def torchrun(
    args: Sequence[str],
    cwd: Path,
    *,
    nproc: int = 2,
    env: Mapping[str, str] | None = None,
    timeout: float = 240,
) -> subprocess.CompletedProcess[str]:
    """``torchrun --standalone --nproc_per_node N ARGS`` in ``cwd``; output captured."""
    argv = [str(TORCHRUN), "--standalone", "--nnodes", "1", f"--nproc_per_node={nproc}"]
    return subprocess.run(
        [*argv, *args],
        cwd=cwd,
        env=ranks_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
