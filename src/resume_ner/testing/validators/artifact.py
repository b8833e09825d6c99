"""Artifact validator: model files, label schema consistency, parity proof and metadata.

A model folder is one holding ``model.safetensors`` (PyTorch) or ``model.onnx`` /
``model.int8.onnx`` (ONNX). The artifact is such a folder, or a run folder whose direct
subfolders are; its ``metadata.json`` sits in it or in its parent. Nothing is loaded: files
are checked by presence, size, header bytes and JSON content.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from resume_ner.common.constants import files
from resume_ner.common.shared import FileFormatError, read_json
from resume_ner.data.datasets.schema import LabelSchema
from resume_ner.infrastructure.metadata import read_metadata
from resume_ner.testing.checks import CheckResult, failed, passed, warned
from resume_ner.testing.validators.files import onnx_problem, parity_verdict, safetensors_problem

WEIGHTS_FILE = "model.safetensors"
"""PyTorch weights of a model folder."""
CONFIG_FILE = "config.json"
"""Hugging Face config of a model folder, holding id2label."""
ONNX_FILES = (files.ONNX_MODEL_FILE, files.ONNX_INT8_MODEL_FILE)
"""ONNX model files a converted folder may hold."""
MODEL_FILES = (WEIGHTS_FILE, *ONNX_FILES)
"""Files that make a folder a model folder."""
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt")
"""Files of which a model folder needs at least one."""


def _is_model_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in MODEL_FILES)


def model_folders(root: Path) -> list[Path]:
    """``root`` when it is a model folder, else its direct subfolders that are."""
    if _is_model_folder(root):
        return [root]
    return sorted(child for child in root.iterdir() if child.is_dir() and _is_model_folder(child))


def _metadata_result(root: Path) -> CheckResult:
    for folder in (root, root.parent):
        if (folder / files.METADATA_FILE).is_file():
            try:
                meta = read_metadata(folder)
            except (FileFormatError, OSError) as exc:
                return failed("artifact.metadata", str(exc))
            where = folder / files.METADATA_FILE
            text = f"{where}: {meta.stage.value} run, status {meta.status.value}"
            if meta.status.value != "completed":
                return warned("artifact.metadata", text + " (not completed)", path=str(where))
            return passed("artifact.metadata", text, path=str(where), run_id=meta.run_id)
    return warned(
        "artifact.metadata",
        f"no {files.METADATA_FILE} in {root} or its parent: lineage and fingerprints unknown",
    )


def _schema(folder: Path) -> tuple[LabelSchema | None, CheckResult]:
    path = folder / files.LABEL_SCHEMA_FILE
    if not path.is_file():
        return None, failed("artifact.label_schema", f"{folder} has no {files.LABEL_SCHEMA_FILE}")
    try:
        schema = LabelSchema.load(path)
    except (FileFormatError, OSError) as exc:
        return None, failed("artifact.label_schema", str(exc))
    return schema, passed(
        "artifact.label_schema", f"{path}: {len(schema.labels)} labels", labels=list(schema.labels)
    )


def _id2label(data: Any) -> dict[int, str] | None:
    raw = data.get("id2label") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        return None
    try:
        return {int(key): str(value) for key, value in raw.items()}
    except (TypeError, ValueError):
        return None


def _config_result(folder: Path, schema: LabelSchema | None, required: bool) -> CheckResult:
    path = folder / CONFIG_FILE
    if not path.is_file():
        text = f"{folder} has no {CONFIG_FILE}"
        return failed("artifact.config", text) if required else warned("artifact.config", text)
    try:
        id2label = _id2label(read_json(path))
    except (FileFormatError, OSError) as exc:
        return failed("artifact.config", str(exc))
    if id2label is None:
        return failed("artifact.config", f"{path}: no valid id2label mapping")
    if schema is None:
        return warned("artifact.config", f"{path}: id2label not compared (no valid label schema)")
    expected = schema.id2label
    if id2label != expected:
        first = next(
            i for i in sorted(set(expected) | set(id2label)) if id2label.get(i) != expected.get(i)
        )
        return failed(
            "artifact.config",
            f"{path}: id2label does not match {files.LABEL_SCHEMA_FILE} ({len(id2label)} vs "
            f"{len(expected)} tags; id {first}: {id2label.get(first)!r} vs "
            f"{expected.get(first)!r}): the folder was edited or mixed",
        )
    return passed("artifact.config", f"{path}: id2label matches the label schema")


def _file_results(folder: Path) -> list[CheckResult]:
    results = []
    for name, read in (
        (WEIGHTS_FILE, safetensors_problem),
        *((n, onnx_problem) for n in ONNX_FILES),
    ):
        model = folder / name
        if model.is_file():
            check = "artifact.weights" if name == WEIGHTS_FILE else "artifact.onnx"
            problem = read(model)
            text = problem or f"{model}: {model.stat().st_size:,} bytes"
            results.append(failed(check, text) if problem else passed(check, text))
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        results.append(
            failed("artifact.tokenizer", f"{folder} has no {' or '.join(TOKENIZER_FILES)}")
        )
    else:
        results.append(passed("artifact.tokenizer", f"{folder}: tokenizer files present"))
    return results


def _failure_text(report: Any, name: str) -> str:
    variants = report.get("variants") if isinstance(report, dict) else None
    section = (variants if isinstance(variants, dict) and name in variants else report).get(name)
    reasons = section.get("failures") if isinstance(section, dict) else None
    if isinstance(reasons, list) and reasons:
        return f"{name}: {', '.join(str(reason) for reason in reasons)}"
    return name


def _parity_result(folder: Path, root: Path) -> CheckResult:
    path = next(
        (p / files.PARITY_FILE for p in (folder, root) if (p / files.PARITY_FILE).is_file()), None
    )
    if path is None:
        return failed(
            "artifact.parity",
            f"{folder} holds an ONNX model but no {files.PARITY_FILE}: the conversion was not "
            "proven equal to PyTorch (run resume-ner convert)",
        )
    try:
        data = read_json(path)
    except (FileFormatError, OSError) as exc:
        return failed("artifact.parity", str(exc))
    verdict, failing = parity_verdict(data)
    if verdict is None:
        return failed("artifact.parity", f"{path}: states no verdict (no 'passed' field)")
    if not verdict:
        parts = f" ({'; '.join(_failure_text(data, name) for name in failing)})" if failing else ""
        return failed("artifact.parity", f"{path}: parity failed{parts}", failing=failing)
    return passed("artifact.parity", f"{path}: parity passed")


def validate_artifact(path: str | os.PathLike[str]) -> list[CheckResult]:
    """Check a model or run folder without loading the model (see the module docstring).

    Args:
        path: A model folder, or a run folder whose direct subfolders are model folders.

    Returns:
        Results for metadata, and per model folder: weights or ONNX files, tokenizer, label
        schema, config id2label and (with ONNX files) the parity proof.
    """
    root = Path(path)
    if not root.is_dir():
        state = "is not a folder" if root.exists() else "does not exist"
        return [failed("artifact.folder", f"artifact {root} {state}")]
    results = [_metadata_result(root)]
    folders = model_folders(root)
    if not folders:
        names = ", ".join(MODEL_FILES)
        results.append(failed("artifact.files", f"no model file ({names}) in {root} or below"))
        return results
    for folder in folders:
        results.extend(_file_results(folder))
        schema, schema_result = _schema(folder)
        results.append(schema_result)
        results.append(_config_result(folder, schema, (folder / WEIGHTS_FILE).is_file()))
        if any((folder / name).is_file() for name in ONNX_FILES):
            results.append(_parity_result(folder, root))
    return results
