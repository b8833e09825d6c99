"""Preflight and verification toolkit used by the CLI and the test suite (not the suite)."""
