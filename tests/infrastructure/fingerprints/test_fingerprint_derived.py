"""Tests of conv_fp and bench_fp."""

from __future__ import annotations

import pytest

from resume_ner.infrastructure.config.sections import BenchmarkConfig, ConversionConfig
from resume_ner.infrastructure.fingerprints import bench_fp, conv_fp, make_fingerprint

SPEC = "a" * 64
EXEC = "b" * 64
HW = "c" * 64

# Golden values for default configs; changing them invalidates reuse of earlier conversions
# and benchmarks, so only update them on purpose.
GOLDEN_CONV_FP = "130f3aca5264815367ccbfd07a9067ee645f26550648ee17619cd467430c131a"
GOLDEN_BENCH_FP = "c59920d8e022b7a7a9e567e338c6738c700c8cc2433bae84fdb7b00e9e767b38"


def test_conv_fp_golden() -> None:
    spec = make_fingerprint("spec", {"x": 1})
    assert conv_fp({"spec_fp": SPEC, "exec_fp": "0" * 64}, {}).value == GOLDEN_CONV_FP
    assert conv_fp({"spec_fp": spec}, {}) == conv_fp({"spec_fp": spec.value}, {})


def test_conv_fp_is_stable_and_sensitive() -> None:
    base = conv_fp({"spec_fp": SPEC, "exec_fp": EXEC}, ConversionConfig())
    assert conv_fp({"exec_fp": EXEC, "spec_fp": SPEC.upper()}, {}) == base
    assert conv_fp({"spec_fp": SPEC, "exec_fp": EXEC}, {"parity_atol": 0.0001}) == base
    assert conv_fp({"spec_fp": SPEC, "exec_fp": EXEC}, {"opset": 18}) != base
    assert conv_fp({"spec_fp": SPEC, "exec_fp": EXEC}, {"int8": False}) != base
    assert conv_fp({"spec_fp": SPEC}, {}) != base
    assert conv_fp({"spec_fp": SPEC, "exec_fp": "d" * 64}, {}) != base
    assert base.components["parents"] == {"spec_fp": SPEC, "exec_fp": EXEC}


def test_conv_fp_errors() -> None:
    with pytest.raises(ValueError, match="at least one parent fingerprint"):
        conv_fp({}, {})
    with pytest.raises(ValueError, match="conv_fp parent 'spec_fp': 'xyz' is not a hexadecimal"):
        conv_fp({"spec_fp": "xyz"}, {})
    with pytest.raises(ValueError, match=r"invalid conversion config: conversion\.opset"):
        conv_fp({"spec_fp": SPEC}, {"opset": 5})


def test_bench_fp_golden() -> None:
    assert bench_fp("1" * 64, {}, "2" * 64).value == GOLDEN_BENCH_FP


def test_bench_fp_is_stable_and_sensitive() -> None:
    base = bench_fp(SPEC, BenchmarkConfig(), HW)
    assert bench_fp(SPEC, {"batch_sizes": [1, 8]}, HW) == base
    assert bench_fp(SPEC, {"batch_sizes": [1]}, HW) != base
    assert bench_fp(SPEC, {"threads": 2}, HW) != base
    assert bench_fp(SPEC, {}, "e" * 64) != base
    assert bench_fp("f" * 64, {}, HW) != base
    with_exec = bench_fp(SPEC, {}, HW, exec_fp=EXEC)
    assert with_exec != base
    assert with_exec.components["exec"] == EXEC
    with pytest.raises(ValueError, match="bench_fp hardware_fp"):
        bench_fp(SPEC, {}, "")
