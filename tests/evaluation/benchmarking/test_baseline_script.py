"""benchmarks/inference_vs_baseline.py: the pipeline runs the very same model; clear exits."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "inference_vs_baseline", REPO / "benchmarks" / "inference_vs_baseline.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plain_artifact(tiny_backbone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny classifier without word-shape features (what the pipeline can run)."""
    import torch

    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema.canonical()
    torch.manual_seed(1)
    config = ModelConfig(backbone=str(tiny_backbone), shape_features=False)
    model, tokenizer = build_model(config, schema)
    return save_model(model, tokenizer, schema, tmp_path_factory.mktemp("plain") / "model")


def test_the_pipeline_model_gives_our_logits(script: ModuleType, plain_artifact: Path) -> None:
    import torch

    from resume_ner.training.core import load_model

    pipe = script.hf_pipeline(plain_artifact, drop_shape_columns=False)
    model, tokenizer, schema = load_model(plain_artifact)
    inputs = tokenizer(["jane doe, python engineer at acme 2019"], return_tensors="pt")
    with torch.no_grad():
        ours = model(inputs["input_ids"], inputs["attention_mask"])
        theirs = pipe.model(**inputs).logits
    assert torch.equal(ours, theirs)
    assert pipe.model.config.id2label == schema.id2label


def test_a_shape_feature_model_is_refused_unless_asked(
    script: ModuleType, tiny_backbone: Path, tmp_path: Path
) -> None:
    import torch

    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    torch.manual_seed(0)
    model, tokenizer = build_model(
        ModelConfig(backbone=str(tiny_backbone)), LabelSchema.canonical()
    )
    folder = save_model(model, tokenizer, LabelSchema.canonical(), tmp_path / "shapes")
    with pytest.raises(SystemExit, match="uses word-shape features, which the Hugging Face"):
        script.hf_pipeline(folder, drop_shape_columns=False)
    assert script.hf_pipeline(folder, drop_shape_columns=True).model.classifier.in_features == 32


def test_missing_data_and_artifact_exit_with_a_clear_message(
    script: ModuleType, plain_artifact: Path, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit, match=r"DataTurks resumes not found at .*absent\.jsonl"):
        script.main(
            script.parse_args([str(plain_artifact), "--data", str(tmp_path / "absent.jsonl")])
        )
    data = tmp_path / "traindata.jsonl"
    data.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit, match="pass ARTIFACT or --train-quick"):
        script.main(script.parse_args(["--data", str(data)]))
