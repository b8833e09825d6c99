"""Inference, ONNX conversion and the HTTP service."""
