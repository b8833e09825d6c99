"""Request and response bodies of the service, with the examples shown in the OpenAPI docs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

_EXAMPLE_TEXT = "Jane Doe\nData Engineer at Acme Corp\njane.doe@example.com | +1 555 010 9999"
_EXAMPLE_ENTITY: dict[str, Any] = {
    "label": "NAME",
    "start": 0,
    "end": 8,
    "text": "Jane Doe",
    "score": 0.98,
}


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ExtractOptions(_Body):
    """What to return for each document."""

    labels: list[StrictStr] | None = Field(
        None, description="Keep only these entity labels (default: all).", examples=[["NAME"]]
    )
    min_score: float = Field(0.0, ge=0.0, le=1.0, description="Drop entities scored below this.")
    include_entities: bool = Field(True, description="Return the entity list.")


class ExtractRequest(_Body, json_schema_extra={"examples": [{"text": _EXAMPLE_TEXT}]}):
    """One whole resume as plain text."""

    text: StrictStr = Field(description="The resume text (any length up to the limit).")
    options: ExtractOptions = Field(default_factory=ExtractOptions)


class BatchDocument(_Body):
    """One document of a batch; an empty or too long text fails only this item."""

    id: StrictStr | None = Field(None, description="Your id, echoed in the result.")
    text: StrictStr = Field(description="The resume text.")


_BATCH_EXAMPLE = {"documents": [{"id": "a", "text": _EXAMPLE_TEXT}, {"id": "b", "text": "..."}]}


class BatchRequest(_Body, json_schema_extra={"examples": [_BATCH_EXAMPLE]}):
    """Several resumes, predicted together in shared batches."""

    documents: list[BatchDocument] = Field(min_length=1, description="The documents.")
    options: ExtractOptions = Field(default_factory=ExtractOptions)


class EntityOut(BaseModel, json_schema_extra={"examples": [_EXAMPLE_ENTITY]}):
    """One extracted value; ``text == document[start:end]``."""

    label: str
    start: int
    end: int
    text: str
    score: float


class DocumentResult(BaseModel):
    """Entities and grouped recruiter fields of one document."""

    text_chars: int = Field(description="Characters in the document.")
    entities: list[EntityOut] | None = Field(description="Entities (null when not requested).")
    fields: dict[str, Any] = Field(
        description="Grouped fields: name, emails, phones, skills, companies, titles, ...",
        examples=[{"name": "Jane Doe", "emails": ["jane.doe@example.com"], "skills": []}],
    )


class Timing(BaseModel):
    """Where the time went, in milliseconds."""

    inference_ms: float
    total_ms: float
    extraction_ms: float | None = None


class ExtractResponse(DocumentResult):
    """Result of ``POST /v1/extract``."""

    request_id: str
    model: str = Field(description="Name of the model that produced the result.")
    timing: Timing


class ErrorDetail(BaseModel):
    """A machine-readable code and a message."""

    code: str = Field(examples=["text_too_large"])
    message: str = Field(examples=["text has 250000 characters; the limit is 200000"])


class BatchItem(BaseModel):
    """One document's outcome: a result or an error, never both."""

    index: int
    id: str | None
    ok: bool
    result: DocumentResult | None = None
    error: ErrorDetail | None = None


class BatchResponse(BaseModel):
    """Result of ``POST /v1/extract/batch``, items in request order."""

    request_id: str
    model: str
    results: list[BatchItem]
    succeeded: int
    failed: int
    timing: Timing


class FileInfo(BaseModel):
    """What was read from the upload."""

    filename: str | None
    kind: Literal["pdf", "docx", "image", "text"] = Field(description="Detected from the bytes.")
    method: Literal["text_layer", "ocr", "docx", "text"] = Field(
        description="How the text was read: a PDF's text layer, OCR, a DOCX's XML, plain text."
    )
    bytes: int
    pages: int | None = Field(None, description="Pages read (PDF, TIFF).")
    ocr_confidence: float | None = Field(
        None, description="Mean OCR line confidence (0-1) when any page was read by OCR."
    )
    extracted_chars: int


class FileExtractResponse(ExtractResponse):
    """Result of ``POST /v1/extract/file``: the extraction plus what was read."""

    file: FileInfo


class ErrorInfo(ErrorDetail):
    """An error with the request id to quote when reporting it."""

    request_id: str


_ERROR_EXAMPLE = {"error": {"code": "not_ready", "message": "loading", "request_id": "3f2a9c"}}


class ErrorBody(BaseModel, json_schema_extra={"examples": [_ERROR_EXAMPLE]}):
    """Every error answered by the service."""

    error: ErrorInfo


class HealthResponse(BaseModel):
    """Liveness."""

    status: Literal["ok"] = "ok"


class ReadyResponse(BaseModel):
    """Readiness: ready only after the model loaded and a warm-up prediction succeeded."""

    ready: bool
    reason: str
    model: str | None = None


class ModelResponse(BaseModel, protected_namespaces=()):
    """Identity of the served model."""

    name: str
    backbone: str
    labels: list[str]
    backend: str
    max_length: int
    stride: int
    version: str
    fingerprints: dict[str, str]
    load_seconds: float | None = Field(None, description="Load plus warm-up time.")
