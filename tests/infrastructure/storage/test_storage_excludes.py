"""Glob excludes: names at any depth, rooted patterns with **, folders excluding contents."""

from __future__ import annotations

import pytest

from resume_ner.infrastructure.storage import Excludes


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (["*.tmp"], "notes.tmp", True),
        (["*.tmp"], "a/b/notes.tmp", True),
        (["*.tmp"], "notes.tmp.json", False),
        (["**/checkpoint-*"], "checkpoint-5/optimizer.pt", True),
        (["**/checkpoint-*"], "train/run/checkpoint-10/model.bin", True),
        (["**/checkpoint-*"], "train/checkpoints.txt", False),
        (["hpo/*.db"], "hpo/optuna.db", True),
        (["hpo/*.db"], "x/hpo/optuna.db", False),
        (["logs"], "train/logs/run.log", True),
        (["trial-?"], "hpo/trial-3/score", True),
        (["trial-?"], "hpo/trial-30/score", False),
        ([], "anything", False),
    ],
)
def test_matches(patterns: list[str], path: str, excluded: bool) -> None:
    assert Excludes(patterns).matches(path) is excluded


def test_blank_patterns_are_ignored() -> None:
    assert not Excludes(["", "  ", "/"])
    assert Excludes(["*.tmp"]).patterns == ("*.tmp",)
