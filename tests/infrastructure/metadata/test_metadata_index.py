"""Tests of MetadataIndex: updates, lookups, latest, partial lines, corruption."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.constants.files import INDEX_FILE, METADATA_FILE
from resume_ner.infrastructure.metadata import (
    MetadataError,
    MetadataIndex,
    RunMetadata,
    save_run,
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SPEC_A, SPEC_B = "a" * 64, "b" * 64
EXEC_A = "e" * 64


def _meta(
    stage: Stage,
    *,
    backbone: str | None = None,
    minute: int = 0,
    status: StageStatus = StageStatus.COMPLETED,
    **fps: str,
) -> RunMetadata:
    meta = RunMetadata(stage=stage, backbone=backbone, status=status, fingerprints=fps)
    meta.timings.started_at = T0 + timedelta(minutes=minute)
    if status is not StageStatus.RUNNING:
        meta.timings.finished_at = T0 + timedelta(minutes=minute + 1)
    return meta


@pytest.fixture
def index(tmp_path: Path) -> MetadataIndex:
    return MetadataIndex(tmp_path / "out")


def _record(index: MetadataIndex, meta: RunMetadata, name: str | None = None) -> None:
    index.record(meta, index.output_root / "runs" / (name or meta.run_id))


def test_empty_index_reads_as_empty(index: MetadataIndex) -> None:
    assert index.all() == []
    assert index.get("x") is None
    assert index.latest(Stage.TRAIN) is None
    assert not index.path.exists()


def test_latest_record_of_a_run_wins(index: MetadataIndex) -> None:
    meta = _meta(Stage.TRAIN, status=StageStatus.RUNNING, spec_fp=SPEC_A)
    _record(index, meta)
    assert index.get(meta.run_id).status is StageStatus.RUNNING  # type: ignore[union-attr]
    meta.finish()
    meta.metrics["f1"] = 0.7
    _record(index, meta)
    entry = index.get(meta.run_id)
    assert entry is not None
    assert entry.status is StageStatus.COMPLETED
    assert entry.run_dir == f"runs/{meta.run_id}"
    assert len(index.all()) == 1
    assert len(index.path.read_text().splitlines()) == 2


def test_find_by_any_fingerprint_and_prefix(index: MetadataIndex) -> None:
    one = _meta(Stage.TRAIN, spec_fp=SPEC_A, exec_fp=EXEC_A, minute=1)
    two = _meta(Stage.TRAIN, spec_fp=SPEC_B, exec_fp=EXEC_A, minute=2)
    data = _meta(Stage.DATA, data_fp="d" * 64, minute=0)
    for meta in (one, two, data):
        _record(index, meta)
    assert [e.run_id for e in index.find(exec_fp=EXEC_A)] == [two.run_id, one.run_id]
    assert [e.run_id for e in index.find(spec_fp=SPEC_A, exec_fp=EXEC_A)] == [one.run_id]
    assert [e.run_id for e in index.find(spec_fp=SPEC_B[:8])] == [two.run_id]
    assert [e.run_id for e in index.find(spec_fp=SPEC_B[:8].upper())] == [two.run_id]
    assert index.find(spec_fp=SPEC_B[:7]) == []
    assert [e.run_id for e in index.find(data_fp="d" * 64)] == [data.run_id]
    assert index.find(spec_fp=SPEC_A, exec_fp=SPEC_B) == []
    assert index.find(conv_fp="c" * 64) == []
    assert len(index.find()) == 3


def test_find_completed_filters_stage_and_status(index: MetadataIndex) -> None:
    done = _meta(Stage.TRAIN, spec_fp=SPEC_A, minute=1)
    failed = _meta(Stage.TRAIN, spec_fp=SPEC_A, minute=2, status=StageStatus.FAILED)
    running = _meta(Stage.TRAIN, spec_fp=SPEC_A, minute=3, status=StageStatus.RUNNING)
    other_stage = _meta(Stage.SELECT, spec_fp=SPEC_A, minute=4)
    for meta in (done, failed, running, other_stage):
        _record(index, meta)
    assert [e.run_id for e in index.find_completed(Stage.TRAIN, spec_fp=SPEC_A)] == [done.run_id]
    assert [e.run_id for e in index.find_completed("select", spec_fp=SPEC_A)] == [
        other_stage.run_id
    ]
    assert index.find_completed(Stage.TRAIN, spec_fp=SPEC_B) == []


def test_latest_completed_by_stage(index: MetadataIndex) -> None:
    old_mini = _meta(Stage.TRAIN, backbone="minilm", minute=10)
    new_mini = _meta(Stage.TRAIN, backbone="minilm", minute=20)
    bert = _meta(Stage.TRAIN, backbone="bert", minute=30)
    failed = _meta(Stage.TRAIN, backbone="minilm", minute=40, status=StageStatus.FAILED)
    convert = _meta(Stage.CONVERT, backbone="minilm", minute=50)
    # Recorded out of time order: finish time, not record order, decides.
    for meta in (new_mini, bert, old_mini, failed, convert):
        _record(index, meta)
    assert index.latest(Stage.TRAIN).run_id == bert.run_id  # type: ignore[union-attr]
    assert index.latest("convert").run_id == convert.run_id  # type: ignore[union-attr]
    assert index.latest(Stage.BENCH) is None


def test_trailing_partial_line_is_ignored_then_cut(
    index: MetadataIndex, caplog: pytest.LogCaptureFixture
) -> None:
    first = _meta(Stage.DATA, data_fp="d" * 64)
    _record(index, first)
    with index.path.open("ab") as handle:
        handle.write(b'{"run_id": "half-written", "stage": "tr')
    with caplog.at_level(logging.WARNING):
        entries = index.all()
    assert [e.run_id for e in entries] == [first.run_id]
    assert f"{index.path}:2: ignoring an incomplete last record" in caplog.text

    second = _meta(Stage.TRAIN, spec_fp=SPEC_A)
    _record(index, second)
    lines = index.path.read_text().splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["run_id"] for line in lines)
    assert {e.run_id for e in index.all()} == {first.run_id, second.run_id}


def test_corrupt_middle_line_is_named(index: MetadataIndex) -> None:
    _record(index, _meta(Stage.DATA))
    with index.path.open("ab") as handle:
        handle.write(b"{not json}\n")
    _record(index, _meta(Stage.DATA))
    with pytest.raises(MetadataError, match=rf"{INDEX_FILE}:2: corrupt index record"):
        index.all()


def test_invalid_record_names_line_and_field(index: MetadataIndex) -> None:
    _record(index, _meta(Stage.DATA))
    record = json.loads(index.path.read_text())
    record["stage"] = "deploy"
    with index.path.open("a") as handle:
        handle.write(json.dumps(record) + "\n")
    with pytest.raises(
        MetadataError, match=rf"{INDEX_FILE}:2: invalid index record: field 'stage'"
    ):
        index.all()


def test_run_dir_outside_the_root_is_refused(index: MetadataIndex, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="is not inside the output root"):
        index.record(_meta(Stage.DATA), tmp_path / "elsewhere")
    with pytest.raises(ValueError, match="is not inside the output root"):
        save_run(tmp_path / "elsewhere", _meta(Stage.DATA), index)
    assert not (tmp_path / "elsewhere").exists()


def test_save_run_writes_metadata_then_index(index: MetadataIndex) -> None:
    meta = _meta(Stage.CONVERT, backbone="minilm", conv_fp="c" * 64)
    run_dir = index.output_root / "conversion" / "minilm" / "cccccccc"
    entry = save_run(run_dir, meta, index)
    assert (run_dir / METADATA_FILE).is_file()
    assert entry.run_dir == "conversion/minilm/cccccccc"
    found = index.find_completed(Stage.CONVERT, conv_fp="c" * 8)
    assert found == [entry]
    assert index.run_path(entry) == run_dir
    assert index.load(entry) == meta


def test_index_survives_a_moved_output_root(index: MetadataIndex, tmp_path: Path) -> None:
    meta = _meta(Stage.TRAIN, spec_fp=SPEC_A)
    save_run(index.output_root / "training" / "x", meta, index)
    moved = tmp_path / "restored"
    index.output_root.rename(moved)
    reopened = MetadataIndex(moved)
    entry = reopened.get(meta.run_id)
    assert entry is not None
    assert reopened.load(entry) == meta
