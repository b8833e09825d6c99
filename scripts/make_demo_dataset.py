"""Regenerate the bundled demo dataset (deterministic: same seed, same records, same bytes)."""

from __future__ import annotations

import argparse
from pathlib import Path

from resume_ner.data.datasets.bundled import (
    BUNDLED_SUFFIX,
    DEMO_NAME,
    DEMO_SEED,
    DEMO_SIZE,
    write_demo,
)

DEFAULT_OUTPUT = (
    Path(__file__).resolve().parents[1]
    / "src/resume_ner/data/datasets/bundled"
    / f"{DEMO_NAME}{BUNDLED_SUFFIX}"
)


def main() -> None:
    """Write the demo dataset and report its size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="destination file")
    args = parser.parse_args()
    path = write_demo(args.output)
    path.chmod(0o644)  # package data must be readable by every user (temp files start as 0600)
    print(f"wrote {DEMO_SIZE} resumes (seed {DEMO_SEED}) to {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
