"""The Predictor: text to entities over PyTorch or ONNX Runtime (arrives with the training issue)."""
