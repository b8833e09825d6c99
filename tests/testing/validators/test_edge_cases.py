"""The edge-case detector: each risky setting is found and named."""

from __future__ import annotations

from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.testing.checks import CheckResult, CheckStatus
from resume_ner.testing.fixtures import tiny_documents
from resume_ner.testing.validators.edge_cases import detect_edge_cases

CALM: dict[str, Any] = {
    "training": {"batch_size": 2, "epochs": 5, "early_stopping_patience": 2},
    "hpo": {
        "n_trials": 10,
        "search_space": {"training.batch_size": {"type": "categorical", "choices": [2, 4]}},
    },
}


def _config(**changes: Any) -> ResumeNerConfig:
    data: dict[str, Any] = {key: dict(value) for key, value in CALM.items()}
    for section, values in changes.items():
        data[section] = {**data.get(section, {}), **values}
    return ResumeNerConfig.model_validate(data)


def _by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {result.name: result for result in results}


def _doc(doc_id: str, *labels: str) -> Document:
    text = " ".join(f"w{i}" for i in range(len(labels) + 1))
    spans = [Span(3 * i, 3 * i + 2, label) for i, label in enumerate(labels)]
    return Document(doc_id, text, tuple(spans))


def test_a_reasonable_setup_has_no_edge_case() -> None:
    results = detect_edge_cases(_config(), tiny_documents(60))
    assert [(r.name, r.status) for r in results] == [("edge.none", CheckStatus.PASS)]


def test_tiny_dataset_and_rare_labels_warn() -> None:
    docs = [_doc(f"d{i}", "NAME") for i in range(9)] + [_doc("x", "NAME", "EMAIL")]
    results = _by_name(detect_edge_cases(_config(), docs))
    assert results["edge.dataset_size"].message == (
        "tiny dataset: 10 document(s) (< 20); scores will be noisy"
    )
    assert results["edge.rare_labels"].message == "label(s) in fewer than 3 documents: EMAIL (1)"
    assert results["edge.rare_labels"].status is CheckStatus.WARN


def test_validation_smaller_than_a_batch_warns() -> None:
    config = _config(training={"batch_size": 8})
    result = _by_name(detect_edge_cases(config, tiny_documents(40)))["edge.validation_size"]
    assert result.status is CheckStatus.WARN
    assert result.message.startswith(
        "the validation split holds 4 document(s), fewer than one batch of 8"
    )
    # the largest batch size of the search space counts too
    config = _config(
        hpo={"search_space": {"training.batch_size": {"type": "int", "low": 2, "high": 32}}}
    )
    results = _by_name(detect_edge_cases(config, tiny_documents(40)))
    assert "fewer than one batch of 32" in results["edge.validation_size"].message
    assert "edge.train_size" not in results  # 32 training documents fill one batch of 32


def test_training_split_smaller_than_a_batch_warns() -> None:
    config = _config(training={"batch_size": 64})
    result = _by_name(detect_edge_cases(config, tiny_documents(40)))["edge.train_size"]
    assert result.status is CheckStatus.WARN
    assert result.message == (
        "the training split holds 32 document(s), fewer than one batch of 64: every epoch is a "
        "single optimisation step"
    )


def test_empty_validation_split_fails_unless_kfold_scores_the_trials() -> None:
    split = {"split": {"train": 0.9, "validation": 0.0, "test": 0.1}}
    result = _by_name(detect_edge_cases(_config(data=split), tiny_documents(30)))
    assert result["edge.validation_size"].status is CheckStatus.FAIL
    assert result["edge.validation_size"].message.startswith(
        "the validation split is empty (data.split.validation=0)"
    )
    kfold = _config(data=split, hpo={"kfold": {"enabled": True, "k": 3}})
    result = _by_name(detect_edge_cases(kfold, tiny_documents(30)))
    assert result["edge.validation_size"].status is CheckStatus.WARN


def test_labels_absent_from_a_split() -> None:
    docs = [_doc("a", "NAME"), _doc("b", "EMAIL"), _doc("c", "SKILLS")]
    config = _config(data={"split": {"train": 0.34, "validation": 0.33, "test": 0.33}})
    results = _by_name(detect_edge_cases(config, docs))
    train = results["edge.train_labels"]
    assert train.status is CheckStatus.FAIL
    assert train.message.startswith("train split has no ")
    assert len(train.details["missing"]) == 2
    assert results["edge.validation_labels"].status is CheckStatus.WARN
    assert results["edge.test_labels"].status is CheckStatus.WARN


def test_too_few_documents_to_split_fails() -> None:
    result = _by_name(detect_edge_cases(_config(), [_doc("a", "NAME"), _doc("b", "NAME")]))
    assert result["edge.split"].status is CheckStatus.FAIL
    assert result["edge.split"].message.startswith("data.split: cannot split 2 documents")


def test_kfold_edge_cases() -> None:
    docs = [_doc(f"d{i}", "NAME") for i in range(24)] + [_doc("e", "NAME", "EMAIL")]
    too_many = _config(hpo={"kfold": {"enabled": True, "k": 30}})
    result = _by_name(detect_edge_cases(too_many, docs))["config.kfold"]
    assert result.status is CheckStatus.FAIL
    assert result.message.startswith(
        "hpo.kfold.k=30 needs at least 30 documents, the dataset has 25"
    )
    rare = _config(hpo={"kfold": {"enabled": True, "k": 5}})
    result = _by_name(detect_edge_cases(rare, docs))["edge.fold_labels"]
    assert result.message == "with k=5, some folds validate without: EMAIL (1 docs)"


def test_hpo_and_early_stopping_budgets() -> None:
    config = _config(
        hpo={"n_trials": 2, "sampler": {"n_startup_trials": 5}, "pruner": {"n_startup_trials": 2}},
        training={"epochs": 3, "early_stopping_patience": 3},
    )
    messages = [
        r.message
        for r in detect_edge_cases(config, tiny_documents(40))
        if r.name != "edge.validation_size"
    ]
    assert messages == [
        "hpo.n_trials (2) <= hpo.sampler.n_startup_trials (5): TPE never leaves random sampling",
        "hpo.n_trials (2) <= hpo.pruner.n_startup_trials (2): no trial is ever pruned",
        "training.early_stopping_patience (3) >= training.epochs (3): early stopping never triggers",
    ]


def test_no_documents_fails() -> None:
    assert [r.message for r in detect_edge_cases(_config(), [])] == [
        "no documents: nothing to train or validate on"
    ]
