"""k-fold validator: build the folds and prove they partition the documents and cover labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from resume_ner.data.loaders.document import Document
from resume_ner.data.processing.splits import Fold, kfold_documents
from resume_ner.testing.checks import CheckResult, failed, passed, warned


def _partition(documents: Sequence[Document], folds: Sequence[Fold]) -> CheckResult:
    ids = [doc.id for doc in documents]
    validated = Counter(doc.id for fold in folds for doc in fold.validation)
    missing = [doc_id for doc_id in ids if validated[doc_id] == 0]
    repeated = sorted(doc_id for doc_id, count in validated.items() if count > 1)
    leaking = [
        fold.index
        for fold in folds
        if {doc.id for doc in fold.train} & {doc.id for doc in fold.validation}
        or len(fold.train) + len(fold.validation) != len(ids)
    ]
    problems = []
    if missing:
        problems.append(f"{len(missing)} document(s) never validated, e.g. {missing[:3]}")
    if repeated:
        problems.append(f"{len(repeated)} document(s) validated twice, e.g. {repeated[:3]}")
    if leaking:
        problems.append(f"fold(s) {leaking} do not split the documents into train + validation")
    if problems:
        return failed("kfold.partition", "; ".join(problems))
    return passed(
        "kfold.partition",
        f"each of {len(ids)} documents is validated exactly once over {len(folds)} folds",
    )


def _sizes(folds: Sequence[Fold]) -> CheckResult:
    sizes = [len(fold.validation) for fold in folds]
    if max(sizes) - min(sizes) > 1:
        return warned("kfold.sizes", f"validation sizes differ by more than one: {sizes}")
    return passed("kfold.sizes", f"validation sizes {sizes}", sizes=sizes)


def _labels(documents: Sequence[Document], folds: Sequence[Fold]) -> list[CheckResult]:
    labels = sorted({label for doc in documents for label in doc.labels})
    results = []
    for fold in folds:
        seen = {"validation": set[str](), "train": set[str]()}
        for part, docs in (("validation", fold.validation), ("train", fold.train)):
            for doc in docs:
                seen[part] |= doc.labels
        for part in ("train", "validation"):
            absent = [label for label in labels if label not in seen[part]]
            if absent:
                results.append(
                    warned(
                        "kfold.labels",
                        f"fold {fold.index}: {part} set has no {', '.join(absent)}",
                        fold=fold.index,
                        split=part,
                        missing=absent,
                    )
                )
    if not results:
        results.append(
            passed("kfold.labels", f"every fold trains and validates on all {len(labels)} labels")
        )
    return results


def validate_kfold(
    documents: Sequence[Document], k: int, seed: int, stratify: bool = True
) -> list[CheckResult]:
    """Build the k folds the objective would use and check them.

    Checks that every document is validated exactly once (and trained on in every other
    fold), that fold sizes differ by at most one, and which labels each fold's train and
    validation sets lack.

    Args:
        documents: The validated documents.
        k: Number of folds.
        seed: The split seed (``data.seed``).
        stratify: Stratify by label set, as configured (``data.split.stratify``).
    """
    try:
        folds = kfold_documents(documents, k, seed=seed, stratify=stratify)
    except ValueError as exc:
        return [failed("kfold.folds", f"cannot build {k} folds: {exc}")]
    return [_partition(documents, folds), _sizes(folds), *_labels(documents, folds)]
