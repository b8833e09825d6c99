"""Fingerprint-idempotent final training, launched in-process, as a subprocess, torchrun or Azure ML (arrive with the training issue)."""
