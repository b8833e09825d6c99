"""The endpoints on good input: health, readiness, model, extract, batch, file, metrics, OpenAPI."""

from __future__ import annotations

from api_fakes import (
    RESUME,
    MakeClient,
    RegexPredictor,
    docx_with_text,
    owner_only_pdf,
    pdf_with_text,
)
from fastapi.testclient import TestClient

EXPECTED_FIELDS = {
    "name": "Jane Doe",
    "emails": ["jane.doe@example.com"],
    "phones": ["+1 555 010 9999"],
    "skills": ["Python", "SQL", "Docker"],
    "locations": [],
    "titles": [],
    "companies": [],
    "degrees": [],
    "colleges": [],
    "graduation_years": [],
    "years_of_experience": [],
}


def test_health_and_ready_answer_once_the_model_is_warm(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "reason": "ready", "model": "regex-rules"}


def test_model_endpoint_describes_the_loaded_model(client: TestClient) -> None:
    body = client.get("/v1/model").json()
    assert body["name"] == "regex-rules"
    assert body["labels"] == ["NAME", "EMAIL", "PHONE", "SKILLS"]
    assert body["fingerprints"] == {"spec8": "0123abcd"}
    assert (body["backend"], body["max_length"], body["stride"]) == ("python", 256, 64)
    assert body["load_seconds"] >= 0


def test_extract_returns_entities_with_offsets_and_grouped_fields(client: TestClient) -> None:
    response = client.post("/v1/extract", json={"text": RESUME})
    assert response.status_code == 200
    body = response.json()
    assert body["fields"] == EXPECTED_FIELDS
    assert body["text_chars"] == len(RESUME)
    assert body["model"] == "regex-rules"
    assert body["request_id"] == response.headers["X-Request-ID"]
    for entity in body["entities"]:
        assert RESUME[entity["start"] : entity["end"]] == entity["text"]
    labels = [e["label"] for e in body["entities"]]
    assert labels == ["NAME", "EMAIL", "PHONE", "SKILLS", "SKILLS", "SKILLS"]
    assert body["timing"]["total_ms"] >= body["timing"]["inference_ms"] >= 0


def test_options_filter_labels_and_scores(client: TestClient) -> None:
    options = {"labels": ["SKILLS", "EMAIL"], "min_score": 0.5, "include_entities": False}
    body = client.post("/v1/extract", json={"text": RESUME, "options": options}).json()
    assert body["entities"] is None
    assert body["fields"]["skills"] == ["Python", "SQL", "Docker"]
    assert body["fields"]["name"] is None and body["fields"]["phones"] == []
    strict = client.post("/v1/extract", json={"text": RESUME, "options": {"min_score": 0.95}})
    assert [e["label"] for e in strict.json()["entities"]] == ["NAME", "EMAIL"]


def test_a_long_document_is_sent_whole(make_client: MakeClient) -> None:
    predictor = RegexPredictor()
    client = make_client(predictor=predictor)
    text = RESUME + "\n" + "Worked with Kubernetes. " * 4000
    body = client.post("/v1/extract", json={"text": text}).json()
    assert body["text_chars"] == len(text) > 90_000
    assert body["fields"]["skills"] == ["Python", "SQL", "Docker", "Kubernetes"]


def test_batch_predicts_all_valid_documents_in_one_call(make_client: MakeClient) -> None:
    predictor = RegexPredictor()
    client = make_client(predictor=predictor, max_text_chars=500)
    docs = [
        {"id": "a", "text": RESUME},
        {"id": "empty", "text": "   "},
        {"id": "b", "text": "John Smith\njohn@smith.io"},
        {"id": "long", "text": "x" * 501},
        {"text": "Ann Lee knows Java"},
    ]
    calls_before = list(predictor.calls)
    response = client.post("/v1/extract/batch", json={"documents": docs})
    assert response.status_code == 200
    body = response.json()
    assert predictor.calls[len(calls_before) :] == [3]
    assert (body["succeeded"], body["failed"]) == (3, 2)
    results = body["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["id"] for r in results] == ["a", "empty", "b", "long", None]
    assert results[0]["result"]["fields"] == EXPECTED_FIELDS
    assert results[1] == {
        "index": 1,
        "id": "empty",
        "ok": False,
        "result": None,
        "error": {"code": "empty_text", "message": "text is empty"},
    }
    assert results[2]["result"]["fields"]["emails"] == ["john@smith.io"]
    assert results[3]["error"] == {
        "code": "text_too_large",
        "message": "text has 501 characters; the limit is 500",
    }
    assert results[4]["result"]["fields"]["skills"] == ["Java"]


def test_batch_isolates_a_document_the_model_fails_on(make_client: MakeClient) -> None:
    predictor = RegexPredictor(fail_on="@@crash@@")
    client = make_client(predictor=predictor)
    docs = [{"text": RESUME}, {"text": "Bad One @@crash@@"}, {"text": "John Smith"}]
    body = client.post("/v1/extract/batch", json={"documents": docs}).json()
    assert [r["ok"] for r in body["results"]] == [True, False, True]
    assert body["results"][1]["error"]["code"] == "inference_failed"
    assert body["results"][2]["result"]["fields"]["name"] == "John Smith"


def test_file_upload_reads_pdf_docx_and_text(client: TestClient) -> None:
    lines = RESUME.split("\n")
    uploads = {
        "cv.pdf": (pdf_with_text(lines, pages=2), "pdf", 2),
        "cv.docx": (docx_with_text(lines[:2], table=[lines[2:4]]), "docx", None),
        "cv.txt": (("\ufeff" + RESUME).encode("utf-8"), "text", None),
        "owner-locked.pdf": (owner_only_pdf(lines), "pdf", 1),
    }
    for name, (data, kind, pages) in uploads.items():
        response = client.post("/v1/extract/file", files={"file": (name, data, "text/plain")})
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert body["file"]["kind"] == kind and body["file"]["pages"] == pages, name
        assert body["file"]["bytes"] == len(data) and body["file"]["filename"] == name
        assert body["file"]["extracted_chars"] == body["text_chars"] > 0
        method = {"pdf": "text_layer", "docx": "docx", "text": "text"}[kind]
        assert body["file"]["method"] == method and body["file"]["ocr_confidence"] is None
        assert body["fields"]["emails"] == ["jane.doe@example.com"], name
        assert body["fields"]["name"] == "Jane Doe", name
        assert body["timing"]["extraction_ms"] is not None


def test_file_upload_accepts_options_as_json(client: TestClient) -> None:
    data = RESUME.encode()
    response = client.post(
        "/v1/extract/file",
        files={"file": ("cv.txt", data)},
        data={"options": '{"labels": ["EMAIL"]}'},
    )
    assert response.status_code == 200
    assert [e["label"] for e in response.json()["entities"]] == ["EMAIL"]


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    given = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    unsafe = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert unsafe.headers["X-Request-ID"] != "bad id\twith spaces"
    assert len(unsafe.headers["X-Request-ID"]) == 32


def test_metrics_count_requests_errors_documents_and_load_time(client: TestClient) -> None:
    client.post("/v1/extract", json={"text": RESUME})
    client.post("/v1/extract", json={"text": ""})
    client.post("/v1/extract/batch", json={"documents": [{"text": RESUME}, {"text": RESUME}]})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    assert 'resume_ner_requests_total{method="POST",route="/v1/extract",status="200"} 1' in text
    assert 'resume_ner_requests_total{method="POST",route="/v1/extract",status="422"} 1' in text
    assert 'resume_ner_errors_total{code="empty_text"} 1' in text
    assert 'resume_ner_documents_total{source="batch"} 2' in text
    assert 'resume_ner_documents_total{source="text"} 1' in text
    assert 'resume_ner_request_duration_seconds_count{route="/v1/extract"} 2' in text
    assert 'resume_ner_request_duration_seconds_bucket{route="/v1/extract",le="+Inf"} 2' in text
    assert "resume_ner_model_ready 1" in text
    assert "\nresume_ner_model_load_seconds " in text


def test_openapi_documents_routes_errors_and_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/health", "/ready", "/metrics", "/v1/model", "/v1/extract", "/v1/extract/batch"):
        assert path in paths
    upload = paths["/v1/extract/file"]["post"]
    assert set(upload["responses"]) >= {"200", "400", "413", "415", "422", "429", "503", "504"}
    example = upload["responses"]["415"]["content"]["application/json"]["example"]
    assert example["error"]["code"] == "unsupported_media_type"
    schemas = spec["components"]["schemas"]
    assert schemas["ExtractRequest"]["examples"][0]["text"].startswith("Jane Doe")
    assert "ErrorBody" in schemas
    assert {"HTTPBearer", "APIKeyHeader"} <= set(spec["components"]["securitySchemes"])


def test_cors_is_off_by_default_and_on_for_configured_origins(make_client: MakeClient) -> None:
    preflight = {"Origin": "https://hr.example", "Access-Control-Request-Method": "POST"}
    closed = make_client().options("/v1/extract", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    opened = make_client(cors_origins=["https://hr.example"])
    response = opened.options("/v1/extract", headers=preflight)
    assert response.headers["access-control-allow-origin"] == "https://hr.example"
    simple = opened.get("/health", headers={"Origin": "https://other.example"})
    assert "access-control-allow-origin" not in simple.headers
