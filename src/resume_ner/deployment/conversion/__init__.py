"""ONNX export, ORT graph optimisation, int8 quantization and the parity proof against PyTorch."""

from resume_ner.deployment.conversion.export import ConversionError, export_onnx, input_names
from resume_ner.deployment.conversion.graphs import convert_fp16, optimize_graph, quantize_int8
from resume_ner.deployment.conversion.parity import ParityReport, SpanDiff, VariantParity
from resume_ner.deployment.conversion.stage import (
    ConversionResult,
    ParityError,
    convert_artifact,
    run_convert,
)

__all__ = [
    "ConversionError",
    "ConversionResult",
    "ParityError",
    "ParityReport",
    "SpanDiff",
    "VariantParity",
    "convert_artifact",
    "convert_fp16",
    "export_onnx",
    "input_names",
    "optimize_graph",
    "quantize_int8",
    "run_convert",
]
