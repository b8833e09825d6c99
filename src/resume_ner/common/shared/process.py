"""Run a short probe command and read its output, tolerating failure."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence

logger = logging.getLogger(__name__)


def command_output(argv: Sequence[str], timeout_s: float) -> str | None:
    """Standard output of ``argv`` when it exits 0 within ``timeout_s``, else ``None``."""
    try:
        result = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.debug("%s failed: %s", " ".join(argv), exc)
        return None
    return result.stdout if result.returncode == 0 else None
