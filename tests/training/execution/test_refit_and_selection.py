"""Refit on train+validation for the best epoch count; training from a selection.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from execution_helpers import layout_of

from resume_ner.common.constants import Stage
from resume_ner.data.processing.splits import Splits
from resume_ner.evaluation.selection import Candidate, SelectionResult, write_selection
from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.metadata import read_metadata
from resume_ner.training.execution import run_final_training
from resume_ner.training.execution.checks import label_schema, preflight
from resume_ner.training.execution.selection_input import SelectionFileError, read_selection

MakeConfig = Callable[..., ResumeNerConfig]


def test_refit_trains_on_train_and_validation_for_the_best_epoch_count(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config("training.refit=true", "training.epochs=2")
    layout = layout_of(config)
    result = run_final_training(config, layout, workdir)
    assert result.refit and result.best_epoch is not None
    assert result.model_dir == result.run_dir / "refit" / "best"
    state = json.loads((result.run_dir / "refit" / "last" / "trainer_state.json").read_text())
    assert state["epoch"] == result.best_epoch and state["finished"] is True
    assert all("span_f1" not in epoch for epoch in state["history"])  # no validation split
    data = read_metadata(result.run_dir)
    assert data.artifacts["model"] == layout.relative_to_root(result.model_dir)
    assert data.metrics["refit_epochs"] == result.best_epoch
    assert "refit" in data.timings.phases and "span_f1" in result.test_metrics
    no_refit = make_config("training.epochs=2")
    assert run_final_training(no_refit, layout_of(no_refit), workdir).run_dir.parent != (
        result.run_dir.parent
    )  # refit is part of the spec


def _write_selection(folder: Path, params: dict[str, object]) -> Path:
    chosen = Candidate(study="s1", trial=4, score=0.5, params=params, spec_fp="ab" * 32)
    result = SelectionResult(
        chosen=chosen, params=dict(params), score_table=[], reason="best", tolerance=0.01
    )
    return write_selection(result, folder, {"spec_fp": "cd" * 32})


def test_training_from_a_selection_applies_its_params_and_records_lineage(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config()
    layout = layout_of(config)
    path = _write_selection(
        layout.root / "selection" / "cdcdcdcd", {"training.learning_rate": 0.002}
    )
    selection = read_selection(path.parent)
    assert selection.params == {"training.learning_rate": 0.002}
    assert (selection.study, selection.trial, selection.fingerprint) == ("s1", 4, "cd" * 32)
    result = run_final_training(config, layout, workdir, from_selection=path)
    resolved = load_config(result.run_dir / "config.resolved.yaml", env={})
    assert resolved.training.learning_rate == 0.002
    meta = read_metadata(result.run_dir)
    assert [parent.stage for parent in meta.lineage] == [Stage.DATA, Stage.SELECT]
    assert meta.lineage[1].fingerprint == "cd" * 32
    assert meta.lineage[1].path == "selection/cdcdcdcd"
    assert meta.extra["selection_params"] == {"training.learning_rate": 0.002}
    direct = make_config("training.learning_rate=0.002")
    assert run_final_training(direct, layout, workdir).reused  # same spec either way


def test_bad_selection_files_name_the_file_and_field(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(SelectionFileError, match=r"nope\.json: no such selection file"):
        read_selection(missing)
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "other"}')
    with pytest.raises(SelectionFileError, match="not a selection file"):
        read_selection(wrong)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "resume-ner-selection/1",\n "params": [1]}')
    with pytest.raises(SelectionFileError, match=r"broken\.json: field 'params' must map"):
        read_selection(broken)
    bad_key = _write_selection(tmp_path / "sel", {"training.no_such_key": 1})
    config = load_config((), (), env={})
    with pytest.raises(SelectionFileError, match=r"selection\.json: field 'params'.*no_such_key"):
        run_final_training(config, layout_of(config), tmp_path, from_selection=bad_key)


def test_preflight_rejects_an_empty_training_split(make_config: MakeConfig) -> None:
    config = make_config()
    with pytest.raises(ValueError, match="training split is empty"):
        preflight(config, Splits((), (), ()), label_schema(config))
