"""ONNX export, ORT graph optimisation, int8 quantization and the parity proof against PyTorch."""

from resume_ner.deployment.conversion.export import ConversionError, export_onnx, input_names
from resume_ner.deployment.conversion.graphs import quantize_int8
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
    "convert_artifact",
    "export_onnx",
    "input_names",
    "quantize_int8",
    "run_convert",
]
