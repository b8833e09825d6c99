"""The transformers-free tokenizer equals the fast tokenizer and keeps ONNX serving off torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_onnx_backend import onnx_folder  # noqa: F401  (the session fixture)

from resume_ner.deployment.inference.artifact import ArtifactError
from resume_ner.deployment.inference.rust_tokenizer import RustTokenizer

TEXTS = [
    "Jane Doe\nSenior Software Engineer at ACME Corp, Berlin\njane.doe@example.com",
    "Zoë Müller — data analyst (5 years) at Globex; +49 30 1234567\tC++ C# .NET",
    "",
    "   \n\n  ",
    "naïve café résumé 北京 😀 x@y.io",
]


def test_ids_offsets_and_word_ids_equal_the_fast_tokenizer(artifact: Path) -> None:
    from transformers import AutoTokenizer

    fast, rust = AutoTokenizer.from_pretrained(artifact), RustTokenizer(artifact)
    options = {
        "add_special_tokens": False,
        "return_offsets_mapping": True,
        "truncation": False,
        "padding": False,
    }
    expected, got = fast(TEXTS, **options), rust(TEXTS, **options)
    for i in range(len(TEXTS)):
        assert got["input_ids"][i] == expected["input_ids"][i]
        assert [tuple(o) for o in got["offset_mapping"][i]] == [
            tuple(o) for o in expected["offset_mapping"][i]
        ]
        assert got.word_ids(i) == expected.word_ids(i)
    one = {"add_special_tokens": True, "return_special_tokens_mask": True}
    expected_one, got_one = fast("x", **one), rust("x", **one)
    for key in ("input_ids", "attention_mask", "special_tokens_mask"):
        assert got_one[key] == list(expected_one[key])
    assert rust.pad_token_id == fast.pad_token_id
    assert rust.model_max_length == fast.model_max_length


def test_truncation_or_padding_is_refused(artifact: Path) -> None:
    with pytest.raises(ValueError, match="truncation and padding are off"):
        RustTokenizer(artifact)(["a"], truncation=True)


def test_missing_or_broken_tokenizer_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError, match=r"tokenizer\.json: missing"):
        RustTokenizer(tmp_path)
    (tmp_path / "tokenizer.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ArtifactError, match=r"tokenizer\.json: not a valid tokenizer file"):
        RustTokenizer(tmp_path)
    (tmp_path / "tokenizer.json").unlink()


SERVE_WITHOUT_TORCH = """
import json, sys
from fastapi.testclient import TestClient
from resume_ner.deployment.api import ServiceSettings, create_app

settings = ServiceSettings(model_path=sys.argv[1], backend="onnx_int8", model_threads=1)
with TestClient(create_app(settings)) as client:
    body = client.post("/v1/extract", json={"text": "Jane Doe, engineer at ACME"}).json()
heavy = sorted(m for m in ("torch", "transformers") if m in sys.modules)
print(json.dumps({"entities": len(body["entities"]), "heavy": heavy}))
"""


def test_serving_an_onnx_model_never_imports_torch(onnx_folder: Path) -> None:  # noqa: F811
    done = subprocess.run(
        [sys.executable, "-c", SERVE_WITHOUT_TORCH, str(onnx_folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []
    assert report["entities"] > 0
