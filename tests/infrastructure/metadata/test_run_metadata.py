"""Tests of RunMetadata and metadata.json: round trip, clear errors, atomic writes."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from resume_ner.common.constants import Stage, StageStatus
from resume_ner.common.constants.files import METADATA_FILE
from resume_ner.common.shared import FileFormatError
from resume_ner.infrastructure.fingerprints import make_fingerprint
from resume_ner.infrastructure.metadata import (
    MetadataError,
    RunMetadata,
    read_metadata,
    write_metadata,
)


def _meta(root: Path) -> RunMetadata:
    meta = RunMetadata(stage=Stage.TRAIN, backbone="minilm", config={"training": {"epochs": 2}})
    spec = make_fingerprint("spec", {"lr": 1e-4})
    meta.add_fingerprint("spec_fp", spec)
    meta.add_fingerprint("exec_fp", "e" * 64)
    meta.add_parent(Stage.DATA, "d" * 64, path="data/demo/dddddddd")
    meta.add_artifact("model", root / "training" / "run" / "model", root)
    meta.metrics["span_f1"] = 0.5
    return meta


def test_round_trip(tmp_path: Path) -> None:
    meta = _meta(tmp_path)
    with meta.phase("train"):
        pass
    meta.finish()
    path = write_metadata(tmp_path / "run", meta)
    assert path == tmp_path / "run" / METADATA_FILE
    loaded = read_metadata(tmp_path / "run")
    assert loaded == meta
    assert loaded.status is StageStatus.COMPLETED
    assert loaded.fingerprint_components["spec_fp"] == {"lr": 0.0001}
    assert "exec_fp" not in loaded.fingerprint_components
    assert loaded.artifacts == {"model": "training/run/model"}
    assert loaded.lineage[0].stage is Stage.DATA
    assert "train" in loaded.timings.phases
    assert loaded.timings.finished_at is not None
    raw = json.loads(path.read_text())
    assert raw["timings"]["started_at"].endswith("Z")
    assert len(raw["run_id"]) == 36


def test_defaults_are_fresh() -> None:
    a, b = RunMetadata(stage=Stage.DATA), RunMetadata(stage=Stage.DATA)
    assert a.run_id != b.run_id
    assert a.status is StageStatus.RUNNING
    assert a.timings.started_at.tzinfo is not None
    assert a.timings.finished_at is None


def test_artifact_paths_must_stay_under_the_root(tmp_path: Path) -> None:
    meta = RunMetadata(stage=Stage.CONVERT)
    with pytest.raises(ValueError, match="is not inside the output root"):
        meta.add_artifact("onnx", tmp_path.parent / "model.onnx", tmp_path)
    with pytest.raises(ValueError, match="must be relative to the output root"):
        RunMetadata(stage=Stage.CONVERT, artifacts={"onnx": "/abs/model.onnx"})
    with pytest.raises(ValueError, match=r"must not leave the output root \('\.\.'\)"):
        RunMetadata(stage=Stage.CONVERT, artifacts={"onnx": "a/../../model.onnx"})
    assert RunMetadata(stage=Stage.CONVERT, artifacts={"o": "a\\b.onnx"}).artifacts == {
        "o": "a/b.onnx"
    }


def test_naive_timestamps_are_rejected() -> None:
    with pytest.raises(ValueError, match="timestamp must carry a timezone"):
        RunMetadata(stage=Stage.DATA, timings={"started_at": datetime(2024, 1, 1)})
    meta = RunMetadata(stage=Stage.DATA, timings={"started_at": "2024-01-01T02:00:00+02:00"})
    assert meta.timings.started_at == datetime(2024, 1, 1, tzinfo=UTC)


def test_bad_field_is_named_with_the_file(tmp_path: Path) -> None:
    run = tmp_path / "run"
    write_metadata(run, RunMetadata(stage=Stage.BENCH))
    data = json.loads((run / METADATA_FILE).read_text())
    data["status"] = "bogus"
    (run / METADATA_FILE).write_text(json.dumps(data))
    with pytest.raises(MetadataError) as info:
        read_metadata(run)
    message = str(info.value)
    assert message.startswith(f"{run / METADATA_FILE}: invalid metadata: field 'status': ")
    assert "(got 'bogus')" in message

    del data["stage"]
    data["status"] = "running"
    data["timings"]["started_at"] = "yesterday"
    (run / METADATA_FILE).write_text(json.dumps(data))
    with pytest.raises(MetadataError) as info:
        read_metadata(run)
    assert "field 'stage': Field required" in str(info.value)
    assert "field 'timings.started_at': " in str(info.value)


def test_unknown_field_and_bad_json_are_reported(tmp_path: Path) -> None:
    run = tmp_path / "run"
    write_metadata(run, RunMetadata(stage=Stage.HPO))
    data = json.loads((run / METADATA_FILE).read_text())
    data["stauts"] = "completed"
    (run / METADATA_FILE).write_text(json.dumps(data))
    with pytest.raises(MetadataError, match="field 'stauts': Extra inputs are not permitted"):
        read_metadata(run)
    (run / METADATA_FILE).write_text('{\n"stage": "hpo",\n')
    with pytest.raises(FileFormatError, match=rf"{METADATA_FILE}:3: invalid JSON"):
        read_metadata(run)
    (run / METADATA_FILE).write_text("[]")
    with pytest.raises(MetadataError, match="expected a JSON object, got list"):
        read_metadata(run)
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_metadata(tmp_path / "missing")


def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = tmp_path / "run"
    old = RunMetadata(stage=Stage.TRAIN)
    write_metadata(run, old)
    before = (run / METADATA_FILE).read_bytes()

    huge = old.model_copy(deep=True)
    huge.extra["blob"] = "x" * (8 << 20)

    def crash(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        write_metadata(run, huge)
    monkeypatch.undo()

    assert (run / METADATA_FILE).read_bytes() == before
    assert read_metadata(run) == old
    assert sorted(p.name for p in run.iterdir()) == [METADATA_FILE]


def test_unserialisable_value_leaves_the_old_file(tmp_path: Path) -> None:
    run = tmp_path / "run"
    write_metadata(run, RunMetadata(stage=Stage.TRAIN))
    before = (run / METADATA_FILE).read_bytes()
    bad = RunMetadata(stage=Stage.TRAIN, extra={"obj": object()})
    with pytest.raises(Exception, match="Unable to serialize"):
        write_metadata(run, bad)
    assert (run / METADATA_FILE).read_bytes() == before
    assert sorted(p.name for p in run.iterdir()) == [METADATA_FILE]


def test_phase_accumulates_even_on_error() -> None:
    meta = RunMetadata(stage=Stage.TRAIN)
    with pytest.raises(RuntimeError), meta.phase("epoch"):
        raise RuntimeError("boom")
    first = meta.timings.phases["epoch"]
    with meta.phase("epoch"):
        pass
    assert meta.timings.phases["epoch"] >= first
    meta.finish(StageStatus.FAILED)
    assert meta.status is StageStatus.FAILED
    assert meta.timings.finished_at is not None
