"""Reader of the final training's files (metadata.json, metrics.json) for the run report."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.constants import Stage, files
from resume_ner.reporting.sections import EpochPoint, LabelScore, TrainingSummary
from resume_ner.reporting.sources import guard, missing


def _run_dir(model_dir: Path) -> Path:
    """The variant folder (with a train ``metadata.json``) holding ``model_dir``."""
    from resume_ner.infrastructure.metadata import read_metadata

    for candidate in (model_dir, *model_dir.parents[:3]):
        if (candidate / files.METADATA_FILE).is_file():
            meta = read_metadata(candidate)
            if meta.stage == Stage.TRAIN:
                return candidate
    raise FileNotFoundError(f"no training {files.METADATA_FILE} at or above {model_dir}")


def _optional(value: Any) -> float | None:
    return None if value is None else float(value)


def label_scores(
    test: Mapping[str, float], per_label: Mapping[str, Mapping[str, Any]] | None = None
) -> list[LabelScore]:
    """Per-label rows, sorted by label: from ``test_per_label`` (precision, recall, F1,
    support) when recorded, else from the flat ``span_f1/<LABEL>`` test metrics (F1 only)."""
    if per_label:
        return [
            LabelScore(
                str(label),
                float(row["f1"]),
                _optional(row.get("precision")),
                _optional(row.get("recall")),
                None if row.get("support") is None else int(row["support"]),
            )
            for label, row in sorted(per_label.items())
        ]
    prefix = "span_f1/"
    return [
        LabelScore(key.removeprefix(prefix), float(value))
        for key, value in sorted(test.items())
        if key.startswith(prefix)
    ]


def _history(rows: Any) -> list[EpochPoint]:
    points = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping) or "epoch" not in row:
            continue
        loss, f1 = row.get("train_loss"), row.get("span_f1")
        points.append(
            EpochPoint(
                int(row["epoch"]),
                None if loss is None else float(loss),
                None if f1 is None else float(f1),
            )
        )
    return points


def read_training(model_dir: Path | None, notes: list[str]) -> TrainingSummary | None:
    """Test scores from the variant's ``metadata.json``, history from its ``metrics.json``."""
    if model_dir is None:
        missing(Stage.TRAIN, notes)
        return None

    def read() -> TrainingSummary:
        from resume_ner.common.shared import read_json
        from resume_ner.infrastructure.metadata import read_metadata
        from resume_ner.training.execution.result import METRICS_FILE

        run_dir = _run_dir(model_dir)
        meta = read_metadata(run_dir)
        test = {k: float(v) for k, v in dict(meta.metrics.get("test") or {}).items()}
        per_label = meta.metrics.get("test_per_label")
        metrics_file = run_dir / METRICS_FILE
        history = _history(read_json(metrics_file).get("history")) if metrics_file.is_file() else []
        best = meta.metrics.get("best_epoch")
        return TrainingSummary(
            model_dir=str(model_dir),
            run_dir=str(run_dir),
            variant=int(meta.extra["variant"]) if "variant" in meta.extra else None,
            best_epoch=int(best) if isinstance(best, int | float) else None,
            refit=bool(meta.extra.get("refit", False)),
            test={k: v for k, v in test.items() if "/" not in k},
            labels=label_scores(test, per_label if isinstance(per_label, Mapping) else None),
            history=history,
        )

    return guard(f"final training at {model_dir}", notes, read)
