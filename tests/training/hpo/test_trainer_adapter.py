"""The real training loop as a trial trainer: per-epoch reports, prune stops, parameter counts."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from hpo_configs import make_config
from hpo_fakes import make_documents

from resume_ner.data.processing.splits import split_documents
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import NullTracker
from resume_ner.training.core.events import STOP
from resume_ner.training.hpo import RecordingReporter, TrialData, run_study
from resume_ner.training.hpo.trainer_adapter import (
    ReportingCallback,
    count_parameters,
    train_trial,
)


class _StopAfter(RecordingReporter):
    def __init__(self, epochs: int) -> None:
        super().__init__()
        self.limit = epochs

    def report(self, epoch: int, score: float) -> bool:
        super().report(epoch, score)
        return epoch >= self.limit


def test_callback_reports_span_f1_and_stops_when_told() -> None:
    reporter = _StopAfter(2)
    callback = ReportingCallback(reporter)
    assert callback.on_epoch_end(1, {"span_f1": 0.25, "train_loss": 1.0}) is None
    assert callback.on_epoch_end(2, {"span_f1": 0.5}) == STOP
    assert callback.on_epoch_end(3, {"train_loss": 0.5}) is None
    assert reporter.scores == {1: 0.25, 2: 0.5}


def test_count_parameters_reads_the_safetensors_header(tmp_path: Path) -> None:
    header = {
        "__metadata__": {"format": "pt"},
        "a.weight": {"dtype": "F32", "shape": [4, 3], "data_offsets": [0, 48]},
        "a.bias": {"dtype": "F32", "shape": [3], "data_offsets": [48, 60]},
    }
    raw = json.dumps(header).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"\0" * 60)
    assert count_parameters(path) == 15
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"abc")
    with pytest.raises(ValueError, match="not a safetensors file"):
        count_parameters(bad)


@pytest.fixture(scope="module")
def tiny_backbone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from resume_ner.testing.fixtures import build_tiny_backbone

    return build_tiny_backbone(tmp_path_factory.mktemp("tiny") / "backbone", hidden_size=16)


def _tiny_config(root: Path, backbone: Path, *extra: str) -> ResumeNerConfig:
    return make_config(
        root,
        f"model.backbone={backbone}",
        "data.max_length=64",
        "data.stride=8",
        "training.batch_size=4",
        "training.epochs=2",
        "training.num_threads=1",
        "platform.device=cpu",
        *extra,
    )


def test_real_loop_trains_a_trial_and_records_notes(tmp_path: Path, tiny_backbone: Path) -> None:
    config = _tiny_config(tmp_path, tiny_backbone)
    docs = make_documents(8)
    reporter = RecordingReporter()
    data = TrialData(tuple(docs[:6]), tuple(docs[6:]), tmp_path / "trial")
    score = train_trial(config, data, reporter)
    assert sorted(reporter.scores) == [1, 2]
    assert score == pytest.approx(max(reporter.scores.values()))
    assert reporter.notes["param_count"] > 1000
    assert (tmp_path / "trial" / "best").is_dir()


def test_real_loop_stops_when_the_trial_is_pruned(tmp_path: Path, tiny_backbone: Path) -> None:
    config = _tiny_config(tmp_path, tiny_backbone, "training.epochs=3")
    docs = make_documents(8)
    reporter = _StopAfter(1)
    train_trial(config, TrialData(tuple(docs[:6]), tuple(docs[6:]), tmp_path / "t"), reporter)
    assert sorted(reporter.scores) == [1]


def test_study_with_the_real_loop(tmp_path: Path, tiny_backbone: Path) -> None:
    config = _tiny_config(tmp_path, tiny_backbone, "hpo.n_trials=2")
    splits = split_documents(make_documents(10), 0.6, 0.2, 0.2, seed=1)
    layout = OutputLayout.from_config(config.paths)
    result = run_study(config, splits, layout, NullTracker(), train_trial)
    assert result.ran == 2
    assert all(t.user_attrs["epochs_trained"] >= 1 for t in result.trials)
    assert result.best is not None and "param_count" in result.best.user_attrs
