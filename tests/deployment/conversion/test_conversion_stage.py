"""The conversion stage: servable folder, parity proof, conv_fp reuse, lineage and failures."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import pytest

from resume_ner.common.constants import Stage, StageStatus, files
from resume_ner.common.shared import read_json
from resume_ner.data.datasets import generate_resumes
from resume_ner.data.loaders.document import Document, Span
from resume_ner.deployment.conversion import convert_artifact
from resume_ner.infrastructure.config import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import make_fingerprint
from resume_ner.infrastructure.metadata import MetadataIndex, RunMetadata, read_metadata, save_run
from resume_ner.infrastructure.paths import OutputLayout

MakeConfig = Callable[..., ResumeNerConfig]


def test_convert_writes_a_servable_folder_whose_fp32_parity_holds(
    tiny_model: Path, layout: OutputLayout, make_config: MakeConfig
) -> None:
    config = make_config(optimize=True, parity_max_f1_delta=1.0)
    result = convert_artifact(tiny_model, config, layout)

    assert result.passed and not result.reused
    assert result.folder == layout.conversion_dir("bert", result.fingerprint.value)
    names = {path.name for path in result.folder.iterdir()}
    assert {"model.onnx", "model.int8.onnx", "parity.json", "metadata.json", "config.json",
            "label_schema.json", "tokenizer.json"} <= names  # fmt: skip
    assert not any(name.endswith(".partial") or "optimized" in name for name in names)
    parity = read_json(result.folder / files.PARITY_FILE)
    assert parity == result.parity
    assert parity["source"] == "4 synthetic resumes (seed 0)"
    assert parity["documents"] == 4 and parity["windows"] >= 4
    fp32 = parity["variants"]["fp32"]
    assert fp32["file"] == "model.onnx"
    assert fp32["size_bytes"] == (result.folder / "model.onnx").stat().st_size
    assert fp32["logits"]["max_abs_diff"] <= 1e-4
    assert fp32["logits"]["argmax_agreement"] == 1.0
    assert fp32["spans_identical"] and fp32["differing_documents"] == []
    assert fp32["graph"] == parity["graphs"]["kept"]
    assert set(parity["graphs"]) == {"raw", "optimized", "kept"}
    assert parity["graphs"]["optimized"]["fused_operators"]["Attention"] == 2
    int8 = parity["variants"]["int8"]
    assert int8["mode"] == "tolerant" and 0.5 < int8["logits"]["argmax_agreement"] <= 1.0
    assert int8["size_bytes"] < fp32["size_bytes"]

    meta = read_metadata(result.folder)
    assert meta.stage == Stage.CONVERT and meta.status == StageStatus.COMPLETED
    assert meta.fingerprints["conv_fp"] == result.fingerprint.value
    assert meta.config["data"] == {"max_length": 256, "stride": 64}
    assert meta.artifacts["model.onnx"] == layout.relative_to_root(result.folder / "model.onnx")
    [entry] = MetadataIndex(layout.root).find_completed(Stage.CONVERT, conv_fp=result.fingerprint)
    assert layout.root / entry.run_dir == result.folder


def test_same_conv_fp_is_reused_unless_forced_and_config_changes_it(
    tiny_model: Path, layout: OutputLayout, make_config: MakeConfig
) -> None:
    config = make_config(int8=False)
    first = convert_artifact(tiny_model, config, layout)
    stamp = (first.folder / "model.onnx").stat().st_mtime_ns

    again = convert_artifact(tiny_model, config, layout)
    assert again.reused and again.folder == first.folder and again.parity == first.parity
    assert (first.folder / "model.onnx").stat().st_mtime_ns == stamp

    forced = convert_artifact(tiny_model, config, layout, force=True)
    assert not forced.reused and forced.folder == first.folder
    assert not (first.folder / "model.int8.onnx").exists()

    other = convert_artifact(tiny_model, make_config(int8=False, parity_documents=2), layout)
    assert other.fingerprint != first.fingerprint and other.folder != first.folder


def _own_predictions(model_folder: Path, documents: list[Document]) -> list[Document]:
    """The documents with PyTorch's own predictions as gold: PyTorch scores F1 = 1."""
    from resume_ner.training.core import load_model, predict_documents

    model, tokenizer, schema = load_model(model_folder)
    spans = predict_documents(
        model, tokenizer, schema, [d.text for d in documents], max_length=256, stride=64
    )
    return [
        Document(d.id, d.text, tuple(Span(s.start, s.end, s.label) for s in predicted))
        for d, predicted in zip(documents, spans, strict=True)
    ]


def test_int8_span_changes_fail_a_zero_f1_delta_and_are_listed(
    tiny_model: Path, layout: OutputLayout, make_config: MakeConfig
) -> None:
    documents = _own_predictions(tiny_model, generate_resumes(4, seed=5))
    assert all(d.spans for d in documents)
    config = make_config(parity_max_f1_delta=0.0)
    result = convert_artifact(tiny_model, config, layout, documents=documents)

    assert not result.passed
    parity = result.parity
    assert parity["source"] == "4 given documents"
    assert parity["pytorch_span_f1"] == pytest.approx(1.0)
    assert parity["variants"]["fp32"]["passed"] is True
    int8 = parity["variants"]["int8"]
    assert int8["passed"] is False
    assert int8["span_f1_delta"] > 0
    assert int8["failures"] == [f"span-F1 drop {int8['span_f1_delta']:.4f} exceeds 0"]
    listed = int8["differing_documents"]
    assert listed and {d["document"] for d in listed} <= {d.id for d in documents}
    for diff in listed:
        assert diff["missing"] or diff["extra"]
        assert all(len(span) == 3 for span in diff["missing"] + diff["extra"])
    assert read_metadata(result.folder).status == StageStatus.FAILED
    rerun = convert_artifact(tiny_model, config, layout, documents=documents)
    assert not rerun.reused, "a failed conversion is never reused"


class _Run:
    def __init__(self) -> None:
        self.run_id = "run-1"
        self.metrics: dict[str, Any] = {}
        self.dicts: dict[str, Any] = {}
        self.status: str | None = None

    def log_metrics(self, metrics: Mapping[str, Any], step: int | None = None) -> None:
        self.metrics.update(metrics)

    def log_dict(self, obj: Any, file_name: str) -> None:
        self.dicts[file_name] = obj

    def set_end_status(self, status: str) -> None:
        self.status = status


class _Tracker:
    enabled = True
    uri = "memory://"

    def __init__(self) -> None:
        self.runs: list[tuple[str, str, dict[str, Any], dict[str, Any], _Run]] = []

    @contextmanager
    def stage_run(self, experiment: str, run_name: str, **kwargs: Any) -> Iterator[_Run]:
        run = _Run()
        self.runs.append((experiment, run_name, kwargs["tags"], kwargs["params"], run))
        yield run


def _training_run(
    tiny_model: Path, layout: OutputLayout, tmp_path: Path
) -> tuple[Path, RunMetadata]:
    """A training run folder (model in best/) whose lineage points at a prepared dataset."""
    from resume_ner.data.loaders.native import write_native
    from resume_ner.data.stage import run_data_stage
    from resume_ner.infrastructure.config.sections.data import DataConfig

    source = write_native(generate_resumes(20, seed=11), tmp_path / "resumes.jsonl")
    data = run_data_stage(
        DataConfig(name="demo", sources=[{"path": str(source)}]), layout, tmp_path
    )
    spec = make_fingerprint("spec", {"x": 1}).value
    exec_ = make_fingerprint("exec", {"y": 2}).value
    run_dir = layout.training_dir("bert", spec, exec_, 1)
    shutil.copytree(tiny_model, run_dir / "best")
    meta = RunMetadata(stage=Stage.TRAIN, backbone="tiny-bert", run_name="train-tiny-v1")
    meta.add_fingerprint("spec_fp", spec)
    meta.add_fingerprint("exec_fp", exec_)
    meta.add_parent(Stage.DATA, data.fingerprint, path=layout.relative_to_root(data.folder))
    meta.mlflow_run_id = "train-run"
    meta.config = {"data": {"max_length": 64, "stride": 16}}
    meta.finish()
    save_run(run_dir, meta, MetadataIndex(layout.root))
    return run_dir, meta


def test_training_run_gives_test_split_lineage_and_tracking(
    tiny_model: Path, layout: OutputLayout, make_config: MakeConfig, tmp_path: Path
) -> None:
    run_dir, train = _training_run(tiny_model, layout, tmp_path)
    tracker = _Tracker()
    result = convert_artifact(run_dir, make_config(int8=False), layout, tracker=cast(Any, tracker))

    assert result.passed
    assert result.folder.parent == layout.root / "conversion" / "tiny-bert"
    assert result.parity["source"].startswith("test split of ")
    assert 1 <= result.parity["documents"] <= 4
    meta = read_metadata(result.folder)
    assert meta.fingerprints["spec_fp"] == train.fingerprints["spec_fp"]
    assert meta.fingerprints["exec_fp"] == train.fingerprints["exec_fp"]
    assert set(result.fingerprint.components["parents"]) == {"spec_fp", "exec_fp", "weights_fp"}
    [parent] = meta.lineage
    assert (parent.stage, parent.run_id) == (Stage.TRAIN, train.run_id)
    assert parent.path == layout.relative_to_root(run_dir)
    assert meta.config["data"] == {"max_length": 64, "stride": 16}
    assert meta.mlflow_run_id == "run-1"
    [(experiment, run_name, tags, params, run)] = tracker.runs
    assert experiment == "resume-ner-convert"
    assert run_name == f"convert-tiny-bert-{result.fingerprint.short}"
    assert tags["resume_ner.conv_fp"] == result.fingerprint.value
    assert tags["resume_ner.parent.run_id"] == "train-run"
    assert params["parity_documents"] == 4
    assert run.metrics["parity_passed"] == 1.0 and run.dicts["parity.json"] == result.parity


def test_output_folder_option_and_refusal_of_foreign_folders(
    tiny_model: Path, layout: OutputLayout, make_config: MakeConfig, tmp_path: Path
) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"mine is not empty and holds no earlier conversion"):
        convert_artifact(tiny_model, make_config(int8=False), layout, output=foreign)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"

    target = tmp_path / "elsewhere" / "onnx"
    result = convert_artifact(tiny_model, make_config(int8=False), layout, output=target)
    assert result.folder == target and (target / "model.onnx").is_file()
    assert read_metadata(target).artifacts == {}
    assert not (layout.root / files.INDEX_FILE).exists()


def test_missing_artifact_is_a_clear_error(layout: OutputLayout, make_config: MakeConfig) -> None:
    with pytest.raises(FileNotFoundError, match=r"model artifact not found: .*nowhere"):
        convert_artifact("/nowhere", make_config(), layout)


def test_failed_graph_optimisation_keeps_the_raw_graph_with_a_note(
    tiny_model: Path, layout: OutputLayout, make_config: MakeConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resume_ner.deployment.conversion import ConversionError, variants

    def broken(*args: Any) -> dict[str, int]:
        raise ConversionError("graph optimisation of model.onnx failed: unsupported pattern")

    monkeypatch.setattr(variants, "optimize_graph", broken)
    result = convert_artifact(tiny_model, make_config(optimize=True, int8=False), layout)
    assert result.passed
    assert result.parity["graphs"]["kept"] == "raw"
    assert result.parity["variants"]["fp32"]["graph"] == "raw"
    assert result.parity["notes"] == [
        "graph optimisation skipped: graph optimisation of model.onnx failed: unsupported pattern"
    ]
    assert not list(result.folder.glob("*optimized*"))
