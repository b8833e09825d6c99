"""Stable fingerprints of data, specs, execution environments, conversions and hardware."""

from resume_ner.infrastructure.fingerprints.base import (
    FINGERPRINT_SCHEMA_VERSION,
    Fingerprint,
    make_fingerprint,
)
from resume_ner.infrastructure.fingerprints.data import data_fp
from resume_ner.infrastructure.fingerprints.derived import bench_fp, conv_fp
from resume_ner.infrastructure.fingerprints.environment import exec_fp, git_sha
from resume_ner.infrastructure.fingerprints.hardware import hardware_fp
from resume_ner.infrastructure.fingerprints.spec import SPEC_EXCLUDED_FIELDS, spec_fp

__all__ = [
    "FINGERPRINT_SCHEMA_VERSION",
    "SPEC_EXCLUDED_FIELDS",
    "Fingerprint",
    "bench_fp",
    "conv_fp",
    "data_fp",
    "exec_fp",
    "git_sha",
    "hardware_fp",
    "make_fingerprint",
    "spec_fp",
]
