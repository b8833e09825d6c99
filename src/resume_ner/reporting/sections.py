"""The run report and its plain, JSON-able sections, one per stage output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from resume_ner.common.constants import Stage

NOT_RUN = "not run"
"""State of a stage that did not run in this invocation."""


@dataclass(frozen=True)
class DataSummary:
    """The prepared dataset: name, fingerprint, documents per split and label count."""

    name: str
    data_fp: str
    folder: str
    splits: dict[str, int]
    labels: int


@dataclass(frozen=True)
class HpoSummary:
    """The study after the run: trials per state and the best completed trial.

    ``source`` is ``study`` when read from the storage, ``stage`` when only the HPO stage's
    own facts were available (the storage could not be read).
    """

    study: str
    trials: int
    counts: dict[str, int]
    best_value: float | None
    best_trial: int | None
    best_params: dict[str, Any]
    source: str


@dataclass(frozen=True)
class SelectionSummary:
    """The chosen configuration, its score, its params and the reason it won."""

    chosen: str
    score: float
    metric: str
    params: dict[str, Any]
    reason: str
    candidates: int
    path: str


@dataclass(frozen=True)
class LabelScore:
    """Test scores of one label (precision, recall, support ``None`` when not recorded)."""

    label: str
    f1: float
    precision: float | None = None
    recall: float | None = None
    support: int | None = None


@dataclass(frozen=True)
class EpochPoint:
    """One epoch of the final training: train loss and validation span-F1."""

    epoch: int
    train_loss: float | None
    span_f1: float | None


@dataclass(frozen=True)
class TrainingSummary:
    """The final model: where it is, its test scores and its per-epoch history."""

    model_dir: str
    run_dir: str | None
    variant: int | None
    best_epoch: int | None
    refit: bool
    test: dict[str, float]
    labels: list[LabelScore] = field(default_factory=list)
    history: list[EpochPoint] = field(default_factory=list)


@dataclass(frozen=True)
class ParityVariant:
    """The parity verdict on one converted file."""

    name: str
    file: str
    passed: bool
    max_abs_logit_diff: float
    span_f1: float
    span_f1_delta: float
    failures: list[str]


@dataclass(frozen=True)
class ParitySummary:
    """``parity.json`` of the conversion: overall verdict and one row per variant."""

    folder: str
    passed: bool
    documents: int
    reference_f1: float
    variants: list[ParityVariant]
    source_model: str | None = None


@dataclass(frozen=True)
class LatencyRow:
    """One latency cell: backend x batch size x window length."""

    backend: str
    batch_size: int
    seq_len: int
    p50_ms: float
    p95_ms: float | None
    p99_ms: float | None
    windows_per_s: float | None


@dataclass(frozen=True)
class DocumentRate:
    """Whole documents per second of one backend."""

    backend: str
    documents: int
    documents_per_s: float | None


@dataclass(frozen=True)
class BenchmarkSummary:
    """The benchmark: its folder, markdown, model, latency cells, document rates, skips."""

    folder: str
    markdown: str | None
    model: str | None
    latency: list[LatencyRow]
    documents: list[DocumentRate]
    skipped: list[str]


@dataclass(frozen=True)
class StageLine:
    """One stage of the run: its state (``not run`` when absent), duration and folder."""

    stage: str
    state: str
    seconds: float | None = None
    folder: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Artifacts:
    """Where the final model files are (``None``: not produced by a stage of this run)."""

    model: str | None = None
    conversion: str | None = None
    onnx: str | None = None
    onnx_int8: str | None = None

    def items(self) -> list[tuple[str, str | None]]:
        """``(name, path)`` of the model, conversion, ONNX and int8 ONNX files."""
        return [
            ("model", self.model),
            ("conversion", self.conversion),
            ("ONNX", self.onnx),
            ("int8 ONNX", self.onnx_int8),
        ]


@dataclass(frozen=True)
class RunReport:
    """Everything the final report shows; sections are ``None`` for stages that did not run.

    Attributes:
        run_id: UTC creation time, ``YYYYmmddTHHMMSSZ`` (names the report folder).
        created_at: ISO-8601 UTC creation time.
        output_root: The output root of the run.
        stages: Every pipeline stage in order, ``not run`` included.
        data: The dataset manifest's summary.
        hpo: The study's trial counts and best value.
        selection: The chosen configuration and why.
        training: Test scores (micro and per label) and per-epoch history of the final model.
        parity: The ONNX parity proof.
        benchmark: Latency cells and whole-document throughput.
        artifacts: Model, conversion, ONNX and int8 paths.
        serve_command: The command serving the final model, or ``None`` without one.
        notes: Files that could not be read, and why.
    """

    run_id: str
    created_at: str
    output_root: str
    stages: list[StageLine]
    data: DataSummary | None = None
    hpo: HpoSummary | None = None
    selection: SelectionSummary | None = None
    training: TrainingSummary | None = None
    parity: ParitySummary | None = None
    benchmark: BenchmarkSummary | None = None
    artifacts: Artifacts = field(default_factory=Artifacts)
    serve_command: str | None = None
    notes: list[str] = field(default_factory=list)

    def stage(self, stage: Stage | str) -> StageLine:
        """The line of ``stage``."""
        name = Stage(stage).value
        return next(line for line in self.stages if line.stage == name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (absent sections are ``null``)."""
        return asdict(self)
