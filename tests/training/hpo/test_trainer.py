"""The real training loop as a trial trainer: epochs on the bus, prune stops, parameter counts."""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from pathlib import Path

import pytest
from hpo_configs import make_config
from hpo_fakes import make_documents, study, write_dataset

from resume_ner.data.stage import run_data_stage
from resume_ner.infrastructure.config import ResumeNerConfig, apply_overrides
from resume_ner.infrastructure.paths import OutputLayout
from resume_ner.infrastructure.tracking import STOP, NullTracker
from resume_ner.training.execution import run_final_training
from resume_ner.training.hpo import TrialData, TrialRecorder, run_hpo
from resume_ner.training.hpo.trainer import count_parameters, train_trial


class _StopAfter(TrialRecorder):
    """Records the run and asks to stop after ``epochs`` epochs, as a pruned trial does."""

    def __init__(self, epochs: int) -> None:
        super().__init__()
        self.limit = epochs
        self.scores: dict[int, float] = {}

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        super().on_epoch_end(epoch, metrics)
        self.scores[epoch] = metrics["span_f1"]
        return STOP if epoch >= self.limit else None


class _Trial:
    """The part of an Optuna trial a recorder talks to; prunes below ``threshold``."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.reports: list[tuple[float, int]] = []

    def report(self, value: float, step: int) -> None:
        self.reports.append((value, step))

    def should_prune(self) -> bool:
        return self.reports[-1][0] < self.threshold


def test_recorder_reports_span_f1_and_stops_once_pruned() -> None:
    trial = _Trial(threshold=0.3)
    recorder = TrialRecorder(trial)  # type: ignore[arg-type]
    assert recorder.on_epoch_end(1, {"span_f1": 0.5, "train_loss": 1.0}) is None
    assert recorder.on_epoch_end(2, {"train_loss": 0.5}) is None
    assert recorder.on_epoch_end(3, {"span_f1": float("nan")}) is None
    assert recorder.on_epoch_end(4, {"span_f1": 0.25}) == STOP
    assert recorder.on_epoch_end(5, {"span_f1": 0.9}) == STOP
    assert trial.reports == [(0.5, 1), (0.25, 4)]
    assert (recorder.epochs, recorder.last_epoch, recorder.pruned_at) == (4, 4, 4)
    recorder.on_metrics(3, {"span_f1": 0.1})
    recorder.on_metrics(None, {"param_count": 7})
    assert recorder.notes == {"param_count": 7}


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
    recorder = _StopAfter(99)
    data = TrialData(tuple(docs[:6]), tuple(docs[6:]), tmp_path / "trial")
    score = train_trial(config, data, [recorder])
    assert sorted(recorder.scores) == [1, 2]
    assert score == pytest.approx(max(recorder.scores.values()))
    assert recorder.notes["param_count"] > 1000
    assert recorder.notes["best_epoch"] in {1, 2} and recorder.notes["tokens_per_second"] > 0
    assert (tmp_path / "trial" / "best").is_dir()


def test_real_loop_stops_when_the_trial_is_pruned(tmp_path: Path, tiny_backbone: Path) -> None:
    config = _tiny_config(tmp_path, tiny_backbone, "training.epochs=3")
    docs = make_documents(8)
    recorder = _StopAfter(1)
    train_trial(config, TrialData(tuple(docs[:6]), tuple(docs[6:]), tmp_path / "t"), [recorder])
    assert sorted(recorder.scores) == [1]


def test_study_with_the_real_loop(tmp_path: Path, tiny_backbone: Path) -> None:
    config = _tiny_config(tmp_path, tiny_backbone, "hpo.n_trials=2")
    result = study(config, train_trial)
    assert result.ran == 2
    assert all(t.user_attrs["epochs_trained"] >= 1 for t in result.trials)
    assert result.best is not None and "param_count" in result.best.user_attrs


def test_a_trials_spec_fp_is_the_final_runs_when_their_settings_agree(
    tmp_path: Path, tiny_backbone: Path
) -> None:
    source = write_dataset(tmp_path / "docs.jsonl", count=10)
    sources = f"data.sources=[{{path: '{source}', format: native}}]"
    config = _tiny_config(tmp_path, tiny_backbone, "hpo.n_trials=1", sources)
    layout = OutputLayout.from_config(config.paths)
    data = run_data_stage(config.data, layout, tmp_path)
    result = run_hpo(config, layout, data, tracker=NullTracker())
    trial = result.trials[0]
    chosen = apply_overrides(config, trial.params)
    final = run_final_training(chosen, layout, tmp_path, tracker=NullTracker())
    assert final.fingerprints["data_fp"] == data.fingerprint.value
    assert final.fingerprints["spec_fp"] == trial.user_attrs["spec_fp"]
