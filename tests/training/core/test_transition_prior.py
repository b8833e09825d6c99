"""The transition prior in training: estimated from the training windows, its weight tuned on
validation, saved with the head and used by every decoder."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resume_ner.data.datasets import LabelSchema
from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.transitions import DEFAULT_WEIGHT, WEIGHTS
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.training.core import load_model, predict_documents, save_model
from resume_ner.training.core.artifact import ModelFolderError
from resume_ner.training.core.decoding import tune_weight, with_prior
from resume_ner.training.core.evaluate import predict_encoded, score_decoded, window_log_probs
from resume_ner.training.core.features import encode_set
from resume_ner.training.core.loop import train
from resume_ner.training.core.model import HEAD_KEY, build_model


def _train(configs: Callable[..., dict[str, Any]], weight: Any, **kwargs: Any) -> dict[str, Any]:
    settings = configs(epochs=2, learning_rate=1e-2, early_stopping_patience=None)
    model = settings["model_config"].model_dump()
    settings["model_config"] = ModelConfig.model_validate({**model, "transition_weight": weight})
    return {**settings, **kwargs}


def test_auto_weight_is_tuned_on_validation_and_saved_with_the_prior(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    result = train(
        **_train(configs, "auto"),
        train_documents=resumes[:8],
        validation_documents=resumes[8:],
        schema=schema,
        output_dir=tmp_path,
        device="cpu",
    )
    weights = [epoch["transition_weight"] for epoch in result.history]
    assert len(weights) == 2 and set(weights) <= set(WEIGHTS)
    model, tokenizer, _ = load_model(tmp_path / "best")
    head = model.head
    assert head.transition_weight == result.best_metrics["transition_weight"]
    assert head.transition_prior is not None and head.transition_prior.num_tags == schema.num_tags
    # The saved validation score is the score of the saved head's decoding.
    validation = encode_set(tokenizer, resumes[8:], schema, max_length=64, stride=16)
    decoded = predict_encoded(model, validation, schema, batch_size=8, device="cpu")
    again = score_decoded(validation, decoded, schema)
    assert again.metrics["span_f1"] == pytest.approx(result.best_metrics["span_f1"])


def test_fixed_zero_and_no_validation_weights(
    configs: Callable[..., dict[str, Any]],
    resumes: list[Document],
    schema: LabelSchema,
    tmp_path: Path,
) -> None:
    common = {"train_documents": resumes[:6], "schema": schema, "device": "cpu"}
    fixed = train(
        **_train(configs, 0.3),
        validation_documents=resumes[6:8],
        output_dir=tmp_path / "a",
        **common,
    )
    assert "transition_weight" not in fixed.best_metrics
    assert load_model(tmp_path / "a" / "best")[0].head.transition_weight == 0.3
    train(**_train(configs, 0), validation_documents=[], output_dir=tmp_path / "b", **common)
    head = load_model(tmp_path / "b" / "best")[0].head
    assert head.transition_prior is None and head.decoding_transitions() is None
    train(**_train(configs, "auto"), validation_documents=[], output_dir=tmp_path / "c", **common)
    head = load_model(tmp_path / "c" / "best")[0].head
    assert head.transition_weight == DEFAULT_WEIGHT and head.transition_prior is not None


def test_tuning_picks_the_weight_with_the_best_validation_f1(
    tiny_backbone: Path, resumes: list[Document], schema: LabelSchema
) -> None:
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    encoded = encode_set(tokenizer, resumes[:4], schema, max_length=64, stride=16)
    model.head = with_prior(model.head, "auto", encoded, schema)
    rows = window_log_probs(model, encoded.features, batch_size=8, device="cpu")
    weight, evaluation = tune_weight(model.head, encoded, rows, schema)
    scores = {}
    for candidate in WEIGHTS:
        head = dataclasses.replace(model.head, transition_weight=candidate)
        decoded = predict_encoded(
            model,
            encoded,
            schema,
            batch_size=8,
            device="cpu",
            transitions=head.decoding_transitions(),
        )
        scores[candidate] = score_decoded(encoded, decoded, schema).metrics["span_f1"]
    assert evaluation.metrics["span_f1"] == pytest.approx(scores[weight])
    assert scores[weight] == max(scores.values())
    assert weight == next(w for w in WEIGHTS if scores[w] == max(scores.values()))


def test_prior_travels_with_the_folder_and_old_folders_decode_without_it(
    tiny_backbone: Path, resumes: list[Document], schema: LabelSchema, tmp_path: Path
) -> None:
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    encoded = encode_set(tokenizer, resumes[:4], schema, max_length=64, stride=16)
    model.head = dataclasses.replace(
        with_prior(model.head, 1.0, encoded, schema), transition_weight=1.0
    )
    folder = save_model(model, tokenizer, schema, tmp_path / "m")
    loaded = load_model(folder)[0]
    assert loaded.head.transition_weight == 1.0
    assert loaded.head.transition_prior is not None and model.head.transition_prior is not None
    assert loaded.head.transition_prior.to_dict() == model.head.transition_prior.to_dict()
    texts = [doc.text for doc in resumes[:2]]
    kwargs = {"max_length": 64, "stride": 16}
    saved = predict_documents(loaded, tokenizer, schema, texts, **kwargs)
    explicit = predict_documents(
        loaded, tokenizer, schema, texts, transitions=loaded.head.decoding_transitions(), **kwargs
    )
    assert saved == explicit
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    for key in ("transition_prior", "transition_weight"):
        del config[HEAD_KEY][key]  # a folder saved before the prior existed
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    old = load_model(folder)[0]
    assert old.head.decoding_transitions() is None
    assert predict_documents(old, tokenizer, schema, texts, **kwargs) == predict_documents(
        old, tokenizer, schema, texts, transitions=None, **kwargs
    )


def test_a_malformed_saved_prior_names_the_file(
    tiny_backbone: Path, schema: LabelSchema, tmp_path: Path
) -> None:
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    folder = save_model(model, tokenizer, schema, tmp_path / "m")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config[HEAD_KEY]["transition_prior"] = {"start": [0.0], "scores": [[[0.0, 1.0]]] * 3}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelFolderError, match=r"config.json: invalid .* 3 square matrices"):
        load_model(folder)


def test_a_prior_of_another_tag_set_is_refused_at_load(
    tiny_backbone: Path, resumes: list[Document], schema: LabelSchema, tmp_path: Path
) -> None:
    model, tokenizer = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    encoded = encode_set(tokenizer, resumes[:2], schema, max_length=64, stride=16)
    folder = save_model(model, tokenizer, schema, tmp_path / "m")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    small = LabelSchema(("NAME",))
    prior = with_prior(model.head, 1.0, encoded, schema).transition_prior
    assert prior is not None
    other = dataclasses.replace(
        prior,
        start=prior.start[: small.num_tags],
        scores=tuple(
            tuple(row[: small.num_tags] for row in m[: small.num_tags]) for m in prior.scores
        ),
    )
    config[HEAD_KEY]["transition_prior"] = other.to_dict()
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelFolderError, match=r"config.json: the transition prior covers 3 tags"):
        load_model(folder)
