"""The PyTorch Predictor: whole documents, windows batched across texts, entities from the text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from resume_ner.data.datasets import LabelSchema
from resume_ner.data.loaders.document import Document
from resume_ner.deployment.inference import Entity, Predictor, TorchPredictor
from resume_ner.training.core import encode_set


@pytest.fixture(scope="module")
def predictor(artifact: Path) -> Iterator[TorchPredictor]:
    import torch

    threads = torch.get_num_threads()
    yield TorchPredictor(artifact, threads=1, device="cpu")
    torch.set_num_threads(threads)


def test_the_predictor_satisfies_the_protocol_and_describes_its_model(
    predictor: TorchPredictor,
) -> None:
    assert isinstance(predictor, Predictor)
    info = predictor.info
    assert info.backend == "pytorch"
    assert info.labels == LabelSchema.canonical().labels
    assert (info.max_length, info.stride) == (256, 64)
    assert info.backbone == "bert"  # the tiny backbone folder is named "bert"
    assert info.name == "model"
    assert len(info.version) == 12 and info.fingerprints == {}


def test_a_20000_character_document_is_covered_to_its_last_word(
    skills_artifact: Path, long_text: Callable[[int], str]
) -> None:
    text = long_text(20_000)
    predictor = TorchPredictor(skills_artifact, device="cpu")
    (entities,) = predictor.predict([text])
    # Every word is SKILLS, so BIO decoding gives one span from the first to the last word:
    # the windows reach the end of the document (nothing truncated).
    assert [(e.label, e.start, e.end) for e in entities] == [("SKILLS", 0, 20_000)]
    assert entities[0].text == text and 0.0 < entities[0].score <= 1.0
    windows = encode_set(
        predictor._tokenizer,
        [Document("d", text)],
        LabelSchema.canonical(),
        max_length=predictor.info.max_length,
        stride=predictor.info.stride,
    ).windows
    assert len(windows) > 10, "a 20k-character document needs many windows"


def test_entities_of_a_long_document_lie_inside_it_and_carry_their_text(
    predictor: TorchPredictor, long_text: Callable[[int], str]
) -> None:
    text = long_text(20_000)
    (entities,) = predictor.predict([text])
    assert len(entities) > 50, "the sharpened random model should predict many entities"
    assert max(e.end for e in entities) > 19_000, "entities near the end: no truncation"
    previous_end = 0
    for entity in entities:
        assert isinstance(entity, Entity)
        assert previous_end <= entity.start < entity.end <= len(text)
        assert entity.text == text[entity.start : entity.end]
        assert entity.text == entity.text.strip()
        assert entity.label in predictor.info.labels
        assert 0.0 < entity.score <= 1.0 and isinstance(entity.score, float)
        previous_end = entity.end


def test_batching_many_documents_gives_the_entities_of_one_by_one(
    predictor: TorchPredictor, long_text: Callable[[int], str]
) -> None:
    texts = [
        long_text(3_000),
        "Jane Doe\nPython engineer at ACME since 2019",
        "",
        long_text(700),
        "   \n ",
        "data " * 300,
        long_text(1_500)[::-1],
    ]
    together = predictor.predict(texts)
    alone = [predictor.predict([text])[0] for text in texts]
    assert len(together) == len(texts)
    assert together[2] == [] and together[4] == []
    for batched, single in zip(together, alone, strict=True):
        assert [(e.label, e.start, e.end, e.text) for e in batched] == [
            (e.label, e.start, e.end, e.text) for e in single
        ]
        assert [e.score for e in batched] == pytest.approx([e.score for e in single], abs=1e-5)


def test_predicting_nothing_returns_nothing(predictor: TorchPredictor) -> None:
    assert predictor.predict([]) == []


def test_a_bare_string_or_a_non_string_is_refused(predictor: TorchPredictor) -> None:
    with pytest.raises(TypeError, match=r"not one string: pass \[text\]"):
        predictor.predict("Jane Doe")
    with pytest.raises(TypeError, match=r"texts\[1\] is int, expected str"):
        predictor.predict(["Jane Doe", 3])  # type: ignore[list-item]


def test_a_bad_batch_size_or_thread_count_is_refused(artifact: Path) -> None:
    with pytest.raises(ValueError, match="batch_size must be at least 1, got 0"):
        TorchPredictor(artifact, batch_size=0)
    with pytest.raises(ValueError, match="threads must be at least 1, got 0"):
        TorchPredictor(artifact, threads=0)
