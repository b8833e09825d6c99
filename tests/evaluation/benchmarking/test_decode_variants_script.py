"""benchmarks/decode_variants.py: prior variants from gold sequences, scored on a kept model."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from resume_ner.data.datasets import LabelSchema, generate_resumes
from resume_ner.data.processing import WordSequence

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    return importlib.import_module("decode_variants")


def test_prior_variants_are_normalised_and_pmi_divides_out_the_marginal(
    script: ModuleType,
) -> None:
    schema = LabelSchema(("X",))
    sequences = [WordSequence(("B-X", "I-X", "O", "O"), (0, 0, 1, 2))] * 5
    priors = script.prior_arrays(sequences, schema)
    start, one = priors["one-matrix"]
    assert np.exp(one).sum(axis=1) == pytest.approx(np.ones(3))
    _, gaps = priors["per-gap"]
    assert gaps.shape == (3, 3, 3)
    pmi_start, pmi = priors["pmi"]
    shift = gaps - pmi  # the log-marginal of the next tag, the same in every row
    assert shift == pytest.approx(np.broadcast_to(shift[0, 0], shift.shape))
    assert start - pmi_start == pytest.approx(shift[0, 0])


def test_fold_scores_measure_every_variant_on_the_same_model(
    script: ModuleType, tiny_backbone: Path, tmp_path: Path
) -> None:
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    folder = save_model(model, tokenizer, schema, tmp_path / "round-0" / "best")
    docs = generate_resumes(6, seed=3)
    split = {"train": docs[:3], "validation": docs[3:4], "held_out": docs[4:]}
    result = script.fold_scores(folder, split, 64, 16)
    assert set(result) == {"constraints", "one-matrix", "per-gap", "pmi"}
    for name in ("one-matrix", "per-gap", "pmi"):
        assert result[name]["weights"]["0.0"] == pytest.approx(result["constraints"])
        tuned = result[name]["tuned_weight"]
        assert result[name]["tuned"] == result[name]["weights"][str(tuned)]


def test_a_folder_without_fold_models_is_a_clear_error(script: ModuleType, tmp_path: Path) -> None:
    data = REPO.parent / "shared" / "data" / "dataturks" / "traindata.jsonl"
    if not data.is_file():
        pytest.skip("the DataTurks file in ../shared/data is absent")
    with pytest.raises(SystemExit, match="round-0/best does not exist"):
        script.main([str(tmp_path), "--data", str(data)])
