"""Build and judge the model files of a conversion: fp32 (raw or fused graph), int8, fp16."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from resume_ner.common.constants import files
from resume_ner.deployment.conversion.compare import ParityInputs, check_file
from resume_ner.deployment.conversion.export import ConversionError
from resume_ner.deployment.conversion.graphs import (
    FP16_MODEL_FILE,
    convert_fp16,
    optimize_graph,
    quantize_int8,
)
from resume_ner.deployment.conversion.parity import (
    STRICT,
    TOLERANT,
    ParityReport,
    VariantParity,
    gold_f1,
)
from resume_ner.deployment.inference.onnx_backend import OnnxModelError
from resume_ner.infrastructure.config.sections import ConversionConfig

logger = logging.getLogger(__name__)

OPTIMIZED_FILE = "model.optimized.onnx"
"""Temporary name of the fused graph while both fp32 graphs are compared."""


def _graph_entry(verdict: VariantParity, **extra: Any) -> dict[str, Any]:
    return {
        "passed": verdict.passed,
        "max_abs_logit_diff": verdict.logits.max_abs_diff,
        "latency_ms_first_batch": verdict.details.get("latency_ms_first_batch"),
        **extra,
    }


def _fp32(
    folder: Path,
    raw: Path,
    check: Callable[..., VariantParity],
    optimize: bool,
    model_config: Mapping[str, Any],
) -> tuple[VariantParity, dict[str, Any], list[str]]:
    """Judge the raw export and, when enabled, the fused graph; keep the faster valid one."""
    chosen = check("fp32", raw, STRICT)
    graphs: dict[str, Any] = {"raw": _graph_entry(chosen)}
    notes: list[str] = []
    kept = "raw"
    if optimize:
        optimized_path = folder / OPTIMIZED_FILE
        try:
            fused = optimize_graph(raw, optimized_path, model_config)
            optimized = check("fp32", optimized_path, STRICT)
        except (ConversionError, OnnxModelError) as exc:
            notes.append(f"graph optimisation skipped: {exc}")
            optimized_path.unlink(missing_ok=True)
        else:
            graphs["optimized"] = _graph_entry(optimized, fused_operators=fused)
            faster = (
                optimized.details["latency_ms_first_batch"]
                < chosen.details["latency_ms_first_batch"]
            )
            if optimized.passed and (faster or not chosen.passed):
                chosen, kept = optimized, "optimized"
    graphs["kept"] = kept
    return chosen, graphs, notes


def build_variants(
    folder: Path,
    raw: Path,
    inputs: ParityInputs,
    conversion: ConversionConfig,
    model_config: Mapping[str, Any],
    *,
    source: str,
    threads: int | None = None,
) -> ParityReport:
    """Turn the raw export ``folder/model.onnx`` into the final files and prove their parity.

    ``model.onnx`` ends up as the faster of the raw and fused graphs among those that pass;
    ``model.int8.onnx`` is quantized from the raw export; ``model.fp16.onnx`` is written only
    when asked and ONNX Runtime offers CUDA here (noted otherwise).

    Raises:
        ConversionError: If int8 quantization or fp16 conversion fails.
    """
    from resume_ner.deployment.inference.onnx_backend import CUDA_PROVIDER, execution_providers

    thresholds = {
        "parity_atol": conversion.parity_atol,
        "parity_max_f1_delta": conversion.parity_max_f1_delta,
    }
    check = functools.partial(check_file, inputs=inputs, thresholds=thresholds, threads=threads)
    fp32, graphs, notes = _fp32(folder, raw, check, conversion.optimize, model_config)
    variants: list[VariantParity] = []
    if conversion.int8:
        int8_path = quantize_int8(
            raw, folder / files.ONNX_INT8_MODEL_FILE, per_channel=conversion.int8_per_channel
        )
        variants.append(check("int8", int8_path, TOLERANT))
    optimized = folder / OPTIMIZED_FILE
    if graphs["kept"] == "optimized":
        optimized.replace(raw)
    elif optimized.exists():
        optimized.unlink()
    fp32 = dataclasses.replace(fp32, file=raw.name, size_bytes=raw.stat().st_size)
    fp32.details["graph"] = graphs["kept"]
    variants.insert(0, fp32)
    if conversion.fp16:
        providers = execution_providers()
        if CUDA_PROVIDER in providers:
            fp16_path = convert_fp16(raw, folder / FP16_MODEL_FILE)
            variants.append(check("fp16", fp16_path, TOLERANT, providers=providers))
        else:
            notes.append(
                "fp16 skipped: ONNX Runtime offers no CUDAExecutionProvider here "
                "(fp16 is for GPU serving; convert on a GPU machine)"
            )
    return ParityReport(
        documents=len(inputs.documents),
        windows=len(inputs.encoded.features),
        source=source,
        thresholds=thresholds,
        reference_f1=gold_f1(inputs.documents, inputs.spans),
        variants=variants,
        graphs=graphs,
        notes=notes,
    )
