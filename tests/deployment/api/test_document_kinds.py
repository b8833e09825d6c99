"""Resumes as people send them, end to end: a PNG page, a photographed resume (an EXIF-rotated
JPEG), a scanned PDF and a two-column PDF each give their entities through ``resume-ner extract``,
``resume-ner predict`` and ``POST /v1/extract/file``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from api_fakes import RESUME, MakeClient, RegexPredictor
from typer.testing import CliRunner

from resume_ner.cli.app import app
from resume_ner.testing.documents import join_pdfs, resume_pdf, resume_texts, scanned_pdf
from resume_ner.testing.page_images import image_bytes, render_text_image

EMAIL = "jane.doe@example.com"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three files, with the name, email and phone of ``RESUME``."""
    folder = tmp_path_factory.mktemp("kinds")
    page = render_text_image(RESUME, dpi=150)
    two_columns = f"{RESUME}\n\n{resume_texts(1, seed=3)[0]}"
    data = {
        "photo.jpg": image_bytes(page, "JPEG", exif_orientation=6),
        "page.png": image_bytes(page, "PNG"),
        "scan.pdf": scanned_pdf([page], dpi=150),
        "columns.pdf": resume_pdf(two_columns, columns=2),
    }
    for name, content in data.items():
        (folder / name).write_bytes(content)
    return {name: folder / name for name in data}


EXPECTED = {
    "page.png": ("image", "ocr"),
    "photo.jpg": ("image", "ocr"),
    "scan.pdf": ("pdf", "ocr"),
    "columns.pdf": ("pdf", "text_layer"),
}


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch) -> Callable[..., RegexPredictor]:
    """The CLI's model loader answers with the regex rules (deterministic entities)."""
    loader = lambda *_args, **_kwargs: RegexPredictor()  # noqa: E731
    monkeypatch.setattr("resume_ner.deployment.inference.load_predictor", loader)
    return loader


def test_extract_reads_every_kind(files: dict[str, Path], rules: object, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    folder = next(iter(files.values())).parent
    result = CliRunner().invoke(app, ["extract", str(folder), "-m", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {Path(r["path"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == set(EXPECTED)
    for name, (kind, method) in EXPECTED.items():
        record = records[name]
        assert (record["kind"], record["method"], record["error"]) == (kind, method, None), name
        assert EMAIL in record["fields"]["emails"], (name, record["fields"])
        assert record["fields"]["name"] == "Jane Doe", (name, record["fields"])
        if method == "ocr":
            assert 0 < record["ocr_confidence"] <= 1


def test_predict_reads_every_kind(files: dict[str, Path], rules: object, tmp_path: Path) -> None:
    for name, path in files.items():
        result = CliRunner().invoke(app, ["predict", str(tmp_path), str(path)])
        assert result.exit_code == 0, (name, result.output)
        record = json.loads(result.stdout)
        assert (record["kind"], record["method"]) == EXPECTED[name]
        assert EMAIL in record["fields"]["emails"], (name, record["fields"])


def test_the_service_reads_every_kind(files: dict[str, Path], make_client: MakeClient) -> None:
    client = make_client()
    for name, path in files.items():
        upload = {"file": (name, path.read_bytes(), "application/octet-stream")}
        response = client.post("/v1/extract/file", files=upload)
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert (body["file"]["kind"], body["file"]["method"]) == EXPECTED[name]
        assert EMAIL in body["fields"]["emails"], (name, body["fields"])


def test_a_pdf_with_a_scanned_and_a_text_page(make_client: MakeClient) -> None:
    scanned = scanned_pdf([render_text_image("Jane Doe\njane.doe@example.com", dpi=150)])
    mixed = join_pdfs(scanned, resume_pdf("Skills: Python, SQL, Docker"))
    response = make_client().post("/v1/extract/file", files={"file": ("cv.pdf", mixed, "x/y")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["file"]["kind"], body["file"]["method"], body["file"]["pages"]) == (
        "pdf",
        "ocr",
        2,
    )
    assert body["fields"]["emails"] == [EMAIL] and body["fields"]["skills"] == [
        "Python",
        "SQL",
        "Docker",
    ]
    assert 0 < body["file"]["ocr_confidence"] <= 1


def test_image_limits_are_service_settings(files: dict[str, Path], make_client: MakeClient) -> None:
    client = make_client(max_image_pixels=10_000)
    photo = files["photo.jpg"].read_bytes()
    response = client.post("/v1/extract/file", files={"file": ("p.jpg", photo, "image/jpeg")})
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "image_too_large"
