"""Tests of training-variant discovery, the one part of paths that reads the disk."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from resume_ner.infrastructure.config.sections.paths import PathsConfig
from resume_ner.infrastructure.paths import (
    OutputLayout,
    claim_variant,
    existing_variants,
)

SPEC = "abcdef0123456789"
EXEC = "0123456789abcdef"


@pytest.fixture
def layout(tmp_path: Path) -> OutputLayout:
    return OutputLayout.from_config(PathsConfig(output_root=str(tmp_path / "out")))


def _parent(layout: OutputLayout) -> Path:
    return layout.training_dir("minilm", SPEC, EXEC, 1).parent


def test_no_folder_means_variant_one(layout: OutputLayout) -> None:
    assert existing_variants(layout, "minilm", SPEC, EXEC) == ()
    assert not layout.root.exists()


def test_next_after_existing_ignoring_other_names(layout: OutputLayout) -> None:
    parent = _parent(layout)
    for name in ("v1", "v2", "v", "vx", "v3-old", "V9", "notes", "1", "av4"):
        (parent / name).mkdir(parents=True)
    (parent / "README.md").write_text("x")
    assert existing_variants(layout, "minilm", SPEC, EXEC) == (1, 2)
    assert claim_variant(layout, "minilm", SPEC, EXEC)[0] == 3


def test_gaps_and_files_that_would_collide(layout: OutputLayout) -> None:
    parent = _parent(layout)
    (parent / "v1").mkdir(parents=True)
    (parent / "v5").write_text("a stray file named like a variant")
    assert existing_variants(layout, "minilm", SPEC, EXEC) == (1, 5)
    assert claim_variant(layout, "minilm", SPEC, EXEC)[0] == 6


def test_other_fingerprints_are_separate(layout: OutputLayout) -> None:
    (_parent(layout) / "v4").mkdir(parents=True)
    assert claim_variant(layout, "minilm", "ffffffff00000000", EXEC)[0] == 1
    assert claim_variant(layout, "other", SPEC, EXEC)[0] == 1


def test_custom_template_with_variant_in_the_middle(tmp_path: Path) -> None:
    config = PathsConfig(
        output_root=str(tmp_path),
        templates={"train": "models/{backbone}/r{variant}-{spec8}/{exec8}"},
    )
    layout = OutputLayout.from_config(config)
    location = layout.variant_location("MiniLM", SPEC, EXEC)
    assert location.parent == tmp_path / "models/minilm"
    assert location.pattern.pattern == r"r(\d+)\-abcdef01"
    (tmp_path / "models/minilm/r2-abcdef01").mkdir(parents=True)
    (tmp_path / "models/minilm/r7-ffffffff").mkdir(parents=True)
    assert claim_variant(layout, "MiniLM", SPEC, EXEC)[0] == 3


def test_claim_creates_folder_and_never_reuses(layout: OutputLayout) -> None:
    first, first_dir = claim_variant(layout, "minilm", SPEC, EXEC)
    second, second_dir = claim_variant(layout, "minilm", SPEC, EXEC)
    assert (first, second) == (1, 2)
    assert first_dir.is_dir() and second_dir.is_dir()
    assert second_dir == layout.training_dir("minilm", SPEC, EXEC, 2)


def test_concurrent_claims_get_distinct_variants(layout: OutputLayout) -> None:
    results: list[int] = []
    lock = threading.Lock()

    def claim() -> None:
        variant, _ = claim_variant(layout, "minilm", SPEC, EXEC)
        with lock:
            results.append(variant)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 9))
