"""Atomic writes, inter-process locks, stable hashing, YAML/JSON IO and logging setup."""

from resume_ner.common.shared.atomic import atomic_open, atomic_write_bytes, atomic_write_text
from resume_ner.common.shared.hashing import (
    canonical,
    canonical_json,
    hash_file,
    hash_files,
    hash_value,
)
from resume_ner.common.shared.io import (
    FileFormatError,
    dump_yaml,
    read_json,
    read_jsonl,
    read_yaml,
    write_json,
    write_yaml,
)
from resume_ner.common.shared.locking import LockTimeoutError, file_lock
from resume_ner.common.shared.logging_setup import setup_logging

__all__ = [
    "FileFormatError",
    "LockTimeoutError",
    "atomic_open",
    "atomic_write_bytes",
    "atomic_write_text",
    "canonical",
    "canonical_json",
    "dump_yaml",
    "file_lock",
    "hash_file",
    "hash_files",
    "hash_value",
    "read_json",
    "read_jsonl",
    "read_yaml",
    "setup_logging",
    "write_json",
    "write_yaml",
]
