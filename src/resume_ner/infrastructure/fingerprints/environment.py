"""exec_fp: the fingerprint of the software environment and device class a stage runs with."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

from resume_ner import __version__
from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.common.shared.process import command_output
from resume_ner.infrastructure.fingerprints.base import Fingerprint, make_fingerprint

GIT_SHA_ENV = f"{ENV_PREFIX}GIT_SHA"
"""Environment variable that supplies the git commit (for installs without a checkout)."""
NO_GIT = "nogit"
"""The git component when no commit can be found."""
ABSENT = "absent"
"""The version component of a library that is not installed."""
DEVICE_CLASSES = frozenset({"cpu", "cuda", "mps"})
"""Accepted device classes."""
_GIT_TIMEOUT_S = 3.0
_PACKAGE_DIR = Path(__file__).resolve().parents[2]


def exec_fp(device: str = "cpu") -> Fingerprint:
    """Fingerprint the execution environment (recipe: docs/fingerprints.md).

    Components: the package version, :func:`git_sha` (uncommitted edits are not detected),
    the installed torch and transformers versions (not imported; ``"absent"`` when missing),
    python ``major.minor`` and the device class (``cuda:1`` counts as ``cuda``).

    Raises:
        ValueError: For a device outside cpu/cuda/mps.
    """
    device_class = device.strip().lower().split(":", 1)[0]
    if device_class not in DEVICE_CLASSES:
        known = ", ".join(sorted(DEVICE_CLASSES))
        raise ValueError(f"exec_fp: unknown device {device!r}; expected one of {known}")
    components = {
        "resume_ner": __version__,
        "git_sha": git_sha(),
        "torch": distribution_version("torch"),
        "transformers": distribution_version("transformers"),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "device": device_class,
    }
    return make_fingerprint("exec", components)


def distribution_version(name: str) -> str:
    """Installed version of distribution ``name`` without importing it, or ``"absent"``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ABSENT


def git_sha() -> str:
    """The commit of this code: ``RESUME_NER_GIT_SHA``, the package checkout's HEAD, or nogit."""
    from_env = os.environ.get(GIT_SHA_ENV, "").strip().lower()
    if from_env:
        return from_env
    return _checkout_head(_PACKAGE_DIR)


@functools.lru_cache(maxsize=8)
def _checkout_head(folder: Path) -> str:
    if {"site-packages", "dist-packages"} & set(folder.parts):
        return NO_GIT
    git = shutil.which("git")
    if git is None:
        return NO_GIT
    output = command_output([git, "-C", str(folder), "rev-parse", "HEAD"], _GIT_TIMEOUT_S)
    sha = (output or "").strip().lower()
    if len(sha) < 40 or not all(c in "0123456789abcdef" for c in sha):
        return NO_GIT
    return sha
