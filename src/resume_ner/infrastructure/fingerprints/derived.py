"""conv_fp and bench_fp: fingerprints of stages derived from a trained model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resume_ner.infrastructure.config.sections import BenchmarkConfig, ConversionConfig
from resume_ner.infrastructure.fingerprints.base import (
    Fingerprint,
    as_config,
    fp_text,
    make_fingerprint,
)


def conv_fp(
    parents: Mapping[str, str | Fingerprint],
    conversion: ConversionConfig | Mapping[str, Any],
) -> Fingerprint:
    """Fingerprint a conversion: ONNX export, quantization, parity proof (docs/fingerprints.md).

    Components: ``parents``, the converted model's fingerprints by name (names and values
    count, order does not), and every ConversionConfig field (the parity settings decide the
    parity proof written with the model).

    Raises:
        ValueError: With no parent, a non-hex parent, or an invalid config (naming the field).
    """
    if not parents:
        raise ValueError("conv_fp needs at least one parent fingerprint (e.g. spec_fp)")
    parent_values = {
        str(name): fp_text(value, f"conv_fp parent {name!r}") for name, value in parents.items()
    }
    config = as_config(conversion, ConversionConfig, "conversion", "conv_fp")
    components = {"parents": parent_values, "conversion": config.model_dump(mode="json")}
    return make_fingerprint("conv", components)


def bench_fp(
    model_fp: str | Fingerprint,
    benchmark: BenchmarkConfig | Mapping[str, Any],
    hardware_fp: str | Fingerprint,
    *,
    exec_fp: str | Fingerprint | None = None,
) -> Fingerprint:
    """Fingerprint a benchmark (recipe: docs/fingerprints.md).

    Components: the benchmarked ``model`` fingerprint, every BenchmarkConfig field, the
    ``hardware`` fingerprint and, only when given, the benchmarking process's ``exec``
    fingerprint (library versions change timings).

    Raises:
        ValueError: On a non-hex fingerprint or an invalid config (naming the field).
    """
    config = as_config(benchmark, BenchmarkConfig, "benchmark", "bench_fp")
    components: dict[str, Any] = {
        "model": fp_text(model_fp, "bench_fp model_fp"),
        "benchmark": config.model_dump(mode="json"),
        "hardware": fp_text(hardware_fp, "bench_fp hardware_fp"),
    }
    if exec_fp is not None:
        components["exec"] = fp_text(exec_fp, "bench_fp exec_fp")
    return make_fingerprint("bench", components)
