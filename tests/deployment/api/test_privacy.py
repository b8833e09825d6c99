"""The service logs no request or entity text at any level, and no error answer echoes it: a
resume carrying a marker goes to every extract route, valid, invalid, too long and failing."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from api_fakes import RegexPredictor, docx_with_text, pdf_with_text
from fastapi.testclient import TestClient

from document_files import zip_of
from resume_ner.deployment.inference import Entity

MARKER = f"ZQXMARKER-{uuid.uuid4().hex[:12]}"
"""A string that can reach a log or an error only by copying a request."""
EMAIL = f"{MARKER.lower()}@example.org"
LINES = [MARKER, "Data Engineer at Acme Corp", f"{EMAIL} | +1 555 010 9999", "Skills: Python"]
RESUME = "\n".join(LINES)
LIMIT = 2_000
"""``max_text_chars`` of the service under test."""


@pytest.fixture
def every_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Records of every logger at DEBUG, including the ones that do not propagate."""
    names = ["", "uvicorn", "uvicorn.access", "uvicorn.error", "fastapi", "starlette"]
    names += list(logging.root.manager.loggerDict)
    for name in names:
        caplog.set_level(logging.DEBUG, logger=name)
    detached = [
        logger
        for name in names
        if isinstance(logger := logging.getLogger(name), logging.Logger) and not logger.propagate
    ]
    for logger in detached:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in detached:
        logger.removeHandler(caplog.handler)


def _logged(records: list[logging.LogRecord]) -> str:
    """Everything a handler could write of ``records``: message, args, traceback, stack."""
    formatter = logging.Formatter()
    parts = []
    for record in records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or ""]
        if record.exc_info:
            parts.append(formatter.formatException(record.exc_info))
        parts.append(record.stack_info or "")
    return "\n".join(parts)


def _file(client: TestClient, name: str, data: bytes) -> dict[str, object]:
    response = client.post("/v1/extract/file", files={"file": (name, data)})
    return {"status": response.status_code, "body": response.text}


def _calls(client: TestClient) -> list[dict[str, object]]:
    """Every extract call, successful or not; each as its status and raw body."""
    long_text = RESUME + "\n" + "x" * LIMIT
    posts = [
        ("/v1/extract", {"json": {"text": RESUME}}),
        ("/v1/extract", {"json": {"text": long_text}}),
        (
            "/v1/extract",
            {"json": {"text": RESUME, MARKER: RESUME, "options": {"min_score": EMAIL}}},
        ),
        ("/v1/extract", {"json": {"text": [RESUME], "options": {"labels": [RESUME, 1]}}}),
        ("/v1/extract", {"content": _TRUNCATED_JSON, "headers": _JSON}),
        ("/v1/extract", {"content": RESUME.encode("utf-16"), "headers": _JSON}),
        ("/v1/extract", {"json": {"text": f"{RESUME}\n{FAIL}"}}),
        (
            "/v1/extract/batch",
            {
                "json": {
                    "documents": [
                        {"id": "ok", "text": RESUME},
                        {"id": "long", "text": long_text},
                        {"id": "fails", "text": f"{RESUME}\n{FAIL}"},
                        {"id": "bad", "text": {"name": MARKER}},
                    ]
                }
            },
        ),
        ("/v1/extract/batch", {"json": {"documents": [{"text": RESUME}, {"text": FAIL}]}}),
        (
            "/label-studio/predict",
            {
                "json": {
                    "tasks": [
                        {"id": 1, "data": {"text": RESUME}},
                        {"id": 2, "data": {"text": long_text}},
                        {"id": 3, "data": {"text": f"{RESUME}\n{FAIL}"}},
                        {"id": 4, "data": {"text": {"name": MARKER}}},
                    ],
                    "label_config": f"<View><Text name='{MARKER}' value='$text'/></View",
                }
            },
        ),
        ("/label-studio/predict", {"json": {"tasks": RESUME, "label_config": MARKER}}),
        (
            "/label-studio/webhook",
            {"json": {"action": "ANNOTATION_CREATED", "project": {"id": 5}, "task": RESUME}},
        ),
        ("/label-studio/webhook", {"content": _TRUNCATED_JSON, "headers": _JSON}),
    ]
    out = [
        {"status": (r := client.post(path, **kwargs)).status_code, "body": r.text}  # type: ignore[arg-type]
        for path, kwargs in posts
    ]
    docx_xml = f"<w:document><w:body><w:p>{RESUME}</w:p></w:bod".encode()
    out += [
        _file(client, "resume.txt", RESUME.encode()),
        _file(client, "resume.pdf", pdf_with_text(LINES)),
        _file(client, "resume.docx", docx_with_text(LINES)),
        _file(client, "long.txt", long_text.encode()),
        _file(client, "broken.pdf", b"%PDF-1.7\n(" + RESUME.encode() + b")\n%%EOF"),
        _file(client, "broken.docx", zip_of({"word/document.xml": docx_xml})),
        _file(client, "latin1.txt", RESUME.encode() + b"\xff\xfe" + MARKER.encode()),
        _file(client, "fails.txt", f"{RESUME}\n{FAIL}".encode()),
    ]
    response = client.post(
        "/v1/extract/file",
        files={"file": ("r.txt", RESUME.encode())},
        data={"options": json.dumps({"min_score": MARKER, MARKER: 1})},
    )
    out.append({"status": response.status_code, "body": response.text})
    return out


_JSON = {"Content-Type": "application/json"}
_TRUNCATED_JSON = ('{"text": "' + RESUME.replace("\n", " ")).encode()
FAIL = "BREAKS-THE-MODEL"
"""Text on which the predictor raises an exception that quotes the resume."""


class _QuotingPredictor(RegexPredictor):
    """Raises an exception that quotes the whole text when it contains ``FAIL``."""

    def _one(self, text: str) -> list[Entity]:
        if FAIL in text:
            raise RuntimeError(f"the model cannot handle {text!r}")
        return super()._one(text)


def test_no_request_text_in_logs_or_error_answers(
    make_client: object, every_log: pytest.LogCaptureFixture
) -> None:
    client = make_client(predictor=_QuotingPredictor(), max_text_chars=LIMIT)  # type: ignore[operator]
    calls = _calls(client)

    statuses = [c["status"] for c in calls]
    assert statuses.count(200) >= 5, statuses  # text, both batches, file: text, PDF, DOCX
    assert {400, 413, 415, 422, 500} <= set(statuses), statuses
    assert all(EMAIL in str(c["body"]) for c in calls if c["status"] == 200)  # the product
    errors = [c for c in calls if c["status"] != 200]
    assert [c for c in errors if MARKER.lower() in str(c["body"]).lower()] == []

    logged = _logged(every_log.records)
    assert "inference failed" in logged  # the failures were logged, with their frames
    assert "RuntimeError" in logged
    assert MARKER.lower() not in logged.lower()
    assert RESUME.splitlines()[1] not in logged
