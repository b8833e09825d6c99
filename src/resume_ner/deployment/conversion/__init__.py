"""ONNX export, int8 quantization and the parity proof (arrive with the conversion issue)."""
