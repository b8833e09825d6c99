"""The ONNX Runtime backend: same spans as PyTorch, batching invariance and clear load errors."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from resume_ner.deployment.inference import ArtifactError, TorchPredictor, load_predictor
from resume_ner.deployment.inference.onnx_backend import OnnxModelError, OnnxPredictor
from resume_ner.deployment.inference.types import Entity, Predictor

TEXTS = [
    "Jane Doe\nSenior Software Engineer at ACME Corp, Berlin\njane.doe@example.com\n"
    "B.Sc. Computer Science, 2015. Skills: Python, SQL, Docker.",
    "",
    "Zoë Müller — data analyst (5 years) at Globex; zoe@globex.io; +49 30 1234567",
]


@pytest.fixture(scope="session")
def onnx_folder(artifact: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The artifact with model.onnx and model.int8.onnx beside its PyTorch weights."""
    from resume_ner.deployment.conversion import export_onnx, quantize_int8
    from resume_ner.training.core import load_model

    folder = Path(shutil.copytree(artifact, tmp_path_factory.mktemp("onnx") / "model"))
    model, _, _ = load_model(folder)
    raw = export_onnx(model, folder / "model.onnx", opset=17)
    quantize_int8(raw, folder / "model.int8.onnx")
    return folder


def _keys(result: list[list[Entity]]) -> list[list[tuple[str, int, int, str]]]:
    return [[(e.label, e.start, e.end, e.text) for e in doc] for doc in result]


def test_onnx_spans_equal_pytorch_spans(onnx_folder: Path, long_text: Callable[[int], str]) -> None:
    texts = [*TEXTS, long_text(3000)]
    onnx = OnnxPredictor(onnx_folder, threads=1).predict(texts)
    torch = TorchPredictor(onnx_folder, threads=1).predict(texts)
    assert sum(map(len, torch)) > 10, "the fixture model must predict entities"
    assert _keys(onnx) == _keys(torch)
    for doc_onnx, doc_torch in zip(onnx, torch, strict=True):
        for a, b in zip(doc_onnx, doc_torch, strict=True):
            assert a.score == pytest.approx(b.score, abs=1e-5)
    for text, entities in zip(texts, onnx, strict=True):
        assert all(text[e.start : e.end] == e.text and 0 < e.score <= 1 for e in entities)


def test_batching_many_documents_equals_one_at_a_time(
    onnx_folder: Path, long_text: Callable[[int], str]
) -> None:
    predictor = OnnxPredictor(onnx_folder, batch_size=3)
    texts = [long_text(900), TEXTS[0], long_text(200), TEXTS[2]]
    together = predictor.predict(texts)
    alone = [predictor.predict([text])[0] for text in texts]
    assert _keys(together) == _keys(alone)
    assert predictor.predict([]) == []


def test_info_names_the_backend_and_the_folder_settings(onnx_folder: Path) -> None:
    fp32 = OnnxPredictor(onnx_folder)
    int8 = OnnxPredictor(onnx_folder, "model.int8.onnx", 1)
    reference = TorchPredictor(onnx_folder).info
    assert isinstance(fp32, Predictor)
    assert (fp32.info.backend, int8.info.backend) == ("onnx", "onnx_int8")
    assert fp32.info.labels == reference.labels and "NAME" in fp32.info.labels
    assert (fp32.info.max_length, fp32.info.stride) == (reference.max_length, reference.stride)
    assert fp32.info.name == reference.name and fp32.info.backbone == reference.backbone
    assert "input_ids" in fp32.runner.input_names and "shape_ids" in fp32.runner.input_names
    entities = int8.predict([TEXTS[0]])[0]
    assert all(TEXTS[0][e.start : e.end] == e.text for e in entities)


def test_load_predictor_picks_the_onnx_backends(onnx_folder: Path) -> None:
    assert load_predictor(onnx_folder).info.backend == "onnx_int8"
    chosen = load_predictor(onnx_folder, backend="onnx", threads=1)
    assert isinstance(chosen, OnnxPredictor) and chosen.info.backend == "onnx"


def _copy(folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(folder, tmp_path / "copy"))


def test_corrupted_onnx_file_is_a_clear_error(onnx_folder: Path, tmp_path: Path) -> None:
    folder = _copy(onnx_folder, tmp_path)
    (folder / "model.onnx").write_bytes(b"this is not a protobuf \x00\xff" * 50)
    with pytest.raises(OnnxModelError) as caught:
        OnnxPredictor(folder)
    assert str(caught.value).startswith(f"{folder / 'model.onnx'} is not a valid ONNX model: ")
    truncated = folder / "model.int8.onnx"
    truncated.write_bytes(truncated.read_bytes()[:2000])
    with pytest.raises(OnnxModelError, match=r"model\.int8\.onnx is not a valid ONNX model: \S"):
        OnnxPredictor(folder, "model.int8.onnx")


def test_missing_model_tokenizer_or_schema_are_named(onnx_folder: Path, tmp_path: Path) -> None:
    folder = _copy(onnx_folder, tmp_path)
    with pytest.raises(
        OnnxModelError,
        match=r"model folder .*copy is not a model artifact: it has no model\.fp16\.onnx",
    ):
        OnnxPredictor(folder, "model.fp16.onnx")
    (folder / "tokenizer.json").unlink()
    with pytest.raises(
        ArtifactError,
        match=r"model folder .*copy is not a model artifact: it has no tokenizer\.json",
    ):
        OnnxPredictor(folder)
    shutil.copy2(onnx_folder / "tokenizer.json", folder / "tokenizer.json")
    (folder / "label_schema.json").unlink()
    with pytest.raises(ArtifactError, match=r"it has no label_schema\.json"):
        OnnxPredictor(folder)
    with pytest.raises(FileNotFoundError, match="model artifact not found"):
        OnnxPredictor(tmp_path / "absent")


def test_bad_arguments_are_refused(onnx_folder: Path) -> None:
    with pytest.raises(ValueError, match="threads must be at least 1, got 0"):
        OnnxPredictor(onnx_folder, threads=0)
    with pytest.raises(ValueError, match="batch_size must be at least 1, got 0"):
        OnnxPredictor(onnx_folder, batch_size=0)
    with pytest.raises(TypeError, match=r"pass \[text\]"):
        OnnxPredictor(onnx_folder).predict("one text")


def _shape_driven_model(backbone: Path, propagate: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """A model whose logits come from shapes alone: O gets 1, and the shape embedding holds
    1 in dimension 0 for line-initial words, 1 in dimension 1 for the others; set classifier
    weights on ``hidden`` (+1) to score tags from them. Returns model, tokenizer, schema,
    hidden size."""
    import torch

    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model
    from resume_ner.training.core.shapes import NUM_SHAPE_IDS

    schema = LabelSchema.canonical()
    model, tokenizer = build_model(ModelConfig(backbone=str(backbone)), schema, propagate)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.zero_()
        model.classifier.bias[schema.tag_to_id("O")] = 1.0
        model.shape_embedding.weight.zero_()
        for shape_id in range(1, NUM_SHAPE_IDS):
            model.shape_embedding.weight[shape_id, shape_id % 2] = 1.0  # line-initial: dim 0
    return model, tokenizer, schema, model.encoder.config.hidden_size


def _save_with_onnx(model: Any, tokenizer: Any, schema: Any, folder: Path) -> Path:
    from resume_ner.deployment.conversion import export_onnx
    from resume_ner.training.core import save_model

    save_model(model, tokenizer, schema, folder)
    export_onnx(model.eval(), folder / "model.onnx", opset=17)
    return folder


def _line_start_company_model(backbone: Path, folder: Path) -> Path:
    """A model folder that tags the first word of each line as COMPANY (from its shape id
    alone) and propagates COMPANY mentions."""
    import torch

    model, tokenizer, schema, hidden = _shape_driven_model(backbone, ("COMPANY",))
    with torch.no_grad():
        model.classifier.weight[schema.tag_to_id("B-COMPANY"), hidden] = 5.0
    return _save_with_onnx(model, tokenizer, schema, folder)


def test_both_backends_propagate_the_saved_labels_to_every_mention(
    tiny_backbone: Path, tmp_path: Path
) -> None:
    folder = _line_start_company_model(tiny_backbone, tmp_path / "model")
    text = "Acme\nI work at Acme in Berlin.\nGlobex is not Acme, nor Acmeco."
    onnx = OnnxPredictor(folder, threads=1).predict([text])[0]
    torch = TorchPredictor(folder, threads=1).predict([text])[0]
    assert _keys([onnx]) == _keys([torch])
    assert [(e.text, e.start) for e in onnx] == [
        ("Acme", 0),
        ("I", 5),
        ("Acme", 15),
        ("Globex", 31),
        ("Acme", 45),
    ]
    assert {e.label for e in onnx} == {"COMPANY"}
    assert onnx[2].score == pytest.approx(onnx[0].score)


def _word_splitting_model(backbone: Path, folder: Path, weight: float) -> Path:
    """A model folder whose per-word scores make every word its own COMPANY entity (B-COMPANY
    a little above I-COMPANY after the first word of a line), with a transition prior in which
    B-COMPANY never follows B-COMPANY, at ``weight``."""
    import dataclasses

    import torch

    from resume_ner.data.processing import WordSequence, estimate_transitions

    model, tokenizer, schema, hidden = _shape_driven_model(backbone)
    with torch.no_grad():
        model.classifier.weight[schema.tag_to_id("B-COMPANY"), hidden] = 5.0
        model.classifier.weight[schema.tag_to_id("B-COMPANY"), hidden + 1] = 3.0
        model.classifier.weight[schema.tag_to_id("I-COMPANY"), hidden + 1] = 2.9
    gold = [WordSequence(("B-COMPANY", "I-COMPANY", "I-COMPANY", "O"), (0, 0, 0, 1))] * 20
    prior = estimate_transitions(gold, schema.tags)
    model.head = dataclasses.replace(model.head, transition_prior=prior, transition_weight=weight)
    return _save_with_onnx(model, tokenizer, schema, folder)


@pytest.mark.parametrize(
    ("weight", "expected"),
    [(0.0, ["Acme", "Corp", "Globex", "Inc", "Ltd"]), (1.0, ["Acme Corp", "Globex Inc Ltd"])],
)
def test_both_backends_decode_with_the_saved_transition_prior(
    tiny_backbone: Path, tmp_path: Path, weight: float, expected: list[str]
) -> None:
    folder = _word_splitting_model(tiny_backbone, tmp_path / "model", weight)
    text = "Acme Corp\nGlobex Inc Ltd"
    onnx = OnnxPredictor(folder, threads=1).predict([text])[0]
    torch = TorchPredictor(folder, threads=1).predict([text])[0]
    assert _keys([onnx]) == _keys([torch])
    assert [e.text for e in onnx] == expected
    assert {e.label for e in onnx} == {"COMPANY"}
