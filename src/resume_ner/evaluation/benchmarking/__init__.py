"""Latency p50/p95/p99 and throughput by backend, batch size and length (arrive with the conversion issue)."""
