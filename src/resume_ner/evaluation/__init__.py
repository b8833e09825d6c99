"""Benchmarking of served backends and selection of the best configuration."""
