"""Edge-case detector: tiny data, splits too small for a batch, labels absent from a split,
k-fold with too many folds or labels rarer than the folds, HPO budgets that never prune."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.splits import Splits, split_documents
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.config.sections.hpo import CategoricalParam, IntParam
from resume_ner.testing.checks import CheckResult, failed, passed, warned
from resume_ner.testing.validators.config import kfold_size_result

TINY_DATASET = 20
"""Fewer documents than this give a warning: every score is noisy."""
RARE_LABEL_DOCUMENTS = 3
"""A label held by fewer documents than this gives a warning."""


def _size_results(documents: Sequence[Document]) -> list[CheckResult]:
    results = []
    if len(documents) < TINY_DATASET:
        results.append(
            warned(
                "edge.dataset_size",
                f"tiny dataset: {len(documents)} document(s) (< {TINY_DATASET}); "
                "scores will be noisy",
                documents=len(documents),
            )
        )
    per_label = Counter(label for doc in documents for label in doc.labels)
    rare = {label: n for label, n in sorted(per_label.items()) if n < RARE_LABEL_DOCUMENTS}
    if rare:
        listed = ", ".join(f"{label} ({n})" for label, n in rare.items())
        results.append(
            warned(
                "edge.rare_labels",
                f"label(s) in fewer than {RARE_LABEL_DOCUMENTS} documents: {listed}",
                labels=rare,
            )
        )
    return results


def _largest_batch(config: ResumeNerConfig) -> int:
    sizes = [config.training.batch_size]
    param = config.hpo.search_space.get("training.batch_size")
    if isinstance(param, CategoricalParam):
        sizes.extend(c for c in param.choices if isinstance(c, int))
    elif isinstance(param, IntParam):
        sizes.append(param.high)
    return max(sizes)


def _split_results(config: ResumeNerConfig, splits: Splits) -> list[CheckResult]:
    results = []
    batch = _largest_batch(config)
    if not splits.validation:
        make = warned if config.hpo.kfold.enabled else failed
        results.append(
            make(
                "edge.validation_size",
                "the validation split is empty (data.split.validation=0): early stopping, "
                "pruning and selection need validation scores",
            )
        )
    elif len(splits.validation) < batch:
        results.append(
            warned(
                "edge.validation_size",
                f"the validation split holds {len(splits.validation)} document(s), fewer than "
                f"one batch of {batch} (training.batch_size / search space): its span-F1 is noisy",
                documents=len(splits.validation),
                batch_size=batch,
            )
        )
    if len(splits.train) < batch:
        results.append(
            warned(
                "edge.train_size",
                f"the training split holds {len(splits.train)} document(s), fewer than one "
                f"batch of {batch}: every epoch is a single optimisation step",
            )
        )
    labels = sorted(
        {label for doc in (*splits.train, *splits.validation, *splits.test) for label in doc.labels}
    )
    for name, docs in splits.as_dict().items():
        if not docs:
            continue
        absent = sorted(set(labels) - {label for doc in docs for label in doc.labels})
        if absent:
            make = failed if name == "train" else warned
            results.append(
                make(
                    f"edge.{name}_labels",
                    f"{name} split has no {', '.join(absent)}",
                    missing=absent,
                )
            )
    return results


def _kfold_results(config: ResumeNerConfig, documents: Sequence[Document]) -> list[CheckResult]:
    k = config.hpo.kfold.k
    if k > len(documents):
        return [kfold_size_result(k, len(documents))]
    per_label = Counter(label for doc in documents for label in doc.labels)
    rare = {label: n for label, n in sorted(per_label.items()) if n < k}
    if not rare:
        return []
    listed = ", ".join(f"{label} ({n} docs)" for label, n in rare.items())
    return [
        warned(
            "edge.fold_labels",
            f"with k={k}, some folds validate without: {listed}",
            labels=rare,
        )
    ]


def _hpo_results(config: ResumeNerConfig) -> list[CheckResult]:
    hpo, results = config.hpo, []
    if hpo.sampler.type == "tpe" and hpo.n_trials <= hpo.sampler.n_startup_trials:
        results.append(
            warned(
                "edge.hpo_budget",
                f"hpo.n_trials ({hpo.n_trials}) <= hpo.sampler.n_startup_trials "
                f"({hpo.sampler.n_startup_trials}): TPE never leaves random sampling",
            )
        )
    if hpo.pruner.type != "none" and hpo.n_trials <= hpo.pruner.n_startup_trials:
        results.append(
            warned(
                "edge.hpo_budget",
                f"hpo.n_trials ({hpo.n_trials}) <= hpo.pruner.n_startup_trials "
                f"({hpo.pruner.n_startup_trials}): no trial is ever pruned",
            )
        )
    patience = config.training.early_stopping_patience
    if patience is not None and patience >= config.training.epochs:
        results.append(
            warned(
                "edge.early_stopping",
                f"training.early_stopping_patience ({patience}) >= training.epochs "
                f"({config.training.epochs}): early stopping never triggers",
            )
        )
    return results


def detect_edge_cases(config: ResumeNerConfig, documents: Sequence[Document]) -> list[CheckResult]:
    """Find the configurations that run but produce useless or misleading results.

    Args:
        config: The loaded config.
        documents: The validated documents the pipeline would use.

    Returns:
        Warnings and failures (one per finding), or one passing result when none is found.
    """
    if not documents:
        return [failed("edge.dataset_size", "no documents: nothing to train or validate on")]
    split = config.data.split
    results = _size_results(documents)
    try:
        splits = split_documents(
            documents,
            split.train,
            split.validation,
            split.test,
            seed=config.data.seed,
            stratify=split.stratify,
        )
    except ValueError as exc:
        results.append(failed("edge.split", f"data.split: {exc}"))
    else:
        results.extend(_split_results(config, splits))
    if config.hpo.kfold.enabled:
        results.extend(_kfold_results(config, documents))
    results.extend(_hpo_results(config))
    if not results:
        results.append(passed("edge.none", "no edge case found"))
    return results
