"""Config of selection and benchmarking."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from resume_ner.infrastructure.config.base import StrictModel

Backend = Literal["pytorch", "pytorch_bf16", "onnx", "onnx_int8", "onnx_fp16"]
DEFAULT_BACKENDS: tuple[Backend, ...] = ("pytorch", "onnx", "onnx_int8")
"""Backends benchmarked unless configured."""


class SelectionConfig(StrictModel):
    """The accuracy-speed trade-off used to choose a configuration."""

    studies: list[str] = Field(
        default_factory=list, description="Studies to compare; empty uses hpo.study_name."
    )
    metric: str = Field("span_f1", description="Objective metric name.")
    tolerance: float = Field(
        0.01, ge=0, description="How far below the best score a candidate may be."
    )
    tolerance_mode: Literal["absolute", "relative"] = Field(
        "absolute", description="absolute: score >= best - tol; relative: >= best * (1 - tol)."
    )
    latency_source: Literal["auto", "benchmark", "param_count"] = Field(
        "auto",
        description="Where latency comes from: benchmark results when present (auto), or the "
        "parameter count as a proxy.",
    )


class BenchmarkConfig(StrictModel):
    """Latency and throughput measurement."""

    backends: list[Backend] = Field(
        default_factory=lambda: list(DEFAULT_BACKENDS),
        description="Backends to measure.",
    )
    batch_sizes: list[int] = Field(default_factory=lambda: [1, 8], description="Batch sizes.")
    sequence_lengths: list[int] = Field(
        default_factory=lambda: [128, 256], description="Window lengths in tokens."
    )
    warmup_runs: int = Field(3, ge=0, description="Untimed runs before timing.")
    timed_runs: int = Field(20, ge=1, description="Timed runs per cell.")
    threads: int | None = Field(None, ge=1, description="Intra-op threads; empty = all cores.")
    documents: int = Field(20, ge=0, description="Whole documents timed for documents/s.")


class ConversionConfig(StrictModel):
    """ONNX export, quantization and the parity proof."""

    opset: int = Field(17, ge=13, description="ONNX opset.")
    optimize: bool = Field(True, description="Apply ONNX Runtime transformer graph optimisation.")
    int8: bool = Field(True, description="Also write a dynamically quantized int8 model.")
    int8_per_channel: bool = Field(
        True,
        description="Quantize int8 weights per output channel (same size; its spans stay much "
        "closer to fp32 than per-tensor scales).",
    )
    fp16: bool = Field(False, description="Also write an fp16 model (GPU serving).")
    parity_atol: float = Field(1e-4, gt=0, description="Max |logit diff| fp32 vs PyTorch.")
    parity_max_f1_delta: float = Field(
        0.005, ge=0, description="Max span-F1 drop of int8 vs PyTorch on the evaluation set."
    )
    parity_documents: int = Field(20, ge=1, description="Documents used for the parity proof.")
