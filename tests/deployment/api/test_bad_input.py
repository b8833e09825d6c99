"""Bad input gets the right status and error code, and the service keeps serving afterwards."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import pytest
from api_fakes import RESUME, MakeClient, RegexPredictor, pdf_with_text
from bad_cases import CASES, FILE, LINES, TEXT
from fastapi.testclient import TestClient

from document_files import zip_of
from resume_ner.deployment.api import ServiceSettings, create_app, get_predictor
from resume_ner.deployment.inference import Entity


@pytest.fixture(scope="module")
def shared_client() -> Any:
    app = create_app(ServiceSettings(), predictor_factory=lambda _s: RegexPredictor())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _assert_still_serving(client: TestClient) -> None:
    after = client.post(TEXT, json={"text": RESUME})
    assert after.status_code == 200
    assert after.json()["fields"]["name"] == "Jane Doe"


@pytest.mark.parametrize(
    ("path", "kwargs", "status", "code", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_input_is_refused_cleanly(
    shared_client: TestClient,
    path: str,
    kwargs: dict[str, Any],
    status: int,
    code: str,
    message: str,
) -> None:
    response = shared_client.post(path, **kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert message in body["error"]["message"]
    assert body["error"]["request_id"] == response.headers["X-Request-ID"]
    assert "Traceback" not in response.text
    _assert_still_serving(shared_client)


def test_file_limits_from_settings(make_client: MakeClient) -> None:
    client = make_client(max_file_bytes=4096, max_pdf_pages=2)
    big = client.post(FILE, files={"file": ("cv.txt", b"Jane Doe " * 1000)})
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "file_too_large"
    assert big.json()["error"]["message"] == "file has 9000 bytes; the limit is 4096"
    huge = client.post(FILE, files={"file": ("cv.txt", b"x" * 200_000)})
    assert huge.status_code == 413
    assert huge.json()["error"]["code"] == "request_too_large"
    pages = client.post(FILE, files={"file": ("cv.pdf", pdf_with_text(LINES, pages=3))})
    assert pages.status_code == 413
    assert pages.json()["error"] == {
        "code": "too_many_pages",
        "message": "the PDF has 3 pages; the limit is 2",
        "request_id": pages.headers["X-Request-ID"],
    }
    _assert_still_serving(client)


def test_docx_expanding_past_the_total_limit_is_refused(make_client: MakeClient) -> None:
    client = make_client(max_docx_uncompressed_bytes=20_000)
    padded = zip_of({"word/document.xml": b"<w:document/>", "word/media/pad.bin": b"ab" * 15_000})
    response = client.post(FILE, files={"file": ("cv.docx", padded)})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unsafe_document"
    assert "the DOCX would expand to 30013 bytes; the limit is 20000" in response.text


def test_oversized_body_is_refused_before_it_is_read_in_full() -> None:
    app = create_app(ServiceSettings(max_request_bytes=4096))
    chunks_read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "path": TEXT,
        "raw_path": TEXT.encode(),
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    assert chunks_read == 5
    assert sent[0]["status"] == 413
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert body["error"]["code"] == "request_too_large"
    assert body["error"]["message"] == "request body exceeds the limit of 4096 bytes"


def test_declared_length_over_the_limit_is_refused_without_reading(make_client: MakeClient) -> None:
    client = make_client(max_request_bytes=2048)
    response = client.post(
        TEXT, content=b"{}", headers={"Content-Type": "application/json", "Content-Length": "5000"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        "request body of 5000 bytes exceeds the limit of 2048 bytes"
    )


def test_model_failure_is_a_clean_500(make_client: MakeClient) -> None:
    client = make_client(predictor=RegexPredictor(fail_on="@@crash@@"))
    response = client.post(TEXT, json={"text": "Jane @@crash@@"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "inference_failed"
    assert "crash" not in response.text and "Traceback" not in response.text
    _assert_still_serving(client)


def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    missing = client.get("/v2/extract")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = client.get(TEXT)
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


class _MalformedPredictor(RegexPredictor):
    """Returns something that is not entities (a bug in a backend)."""

    def predict(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [["not an entity"] for _ in texts]  # type: ignore[list-item]


def test_unexpected_error_is_a_json_500_without_details() -> None:
    app = create_app(ServiceSettings(), predictor_factory=lambda _s: RegexPredictor())
    app.dependency_overrides[get_predictor] = _MalformedPredictor
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(TEXT, json={"text": RESUME}, headers={"X-Request-ID": "r-500"})
        assert response.status_code == 500
        assert response.json() == {
            "error": {
                "code": "internal_error",
                "message": "internal server error",
                "request_id": "r-500",
            }
        }
        assert response.headers["X-Request-ID"] == "r-500"
        assert client.get("/health").status_code == 200
        assert 'resume_ner_errors_total{code="internal_error"} 1' in client.get("/metrics").text
