"""Metric and prediction diffs between artifacts or runs, PyTorch-vs-ONNX parity tables."""
