"""The sample output folder of the storage tests and a tree reader."""

from __future__ import annotations

from pathlib import Path

OUTPUT_FILES = {
    "metadata.json": b'{"stage": "train"}\n',
    "model/weights.bin": bytes(range(256)) * 64,
    "model/config.json": b'{"labels": 11}\n',
    "hpo/study/trial-0/score.txt": b"0.81\n",
    "train/checkpoint-5/optimizer.pt": b"opt-state",
}
"""Files of the sample output folder; a lock, a temp file and a cache are added beside them."""


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Relative POSIX path -> bytes of every file under ``root``."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
