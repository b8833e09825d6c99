"""Test-only entry point: ``resume-ner hpo ...`` with the fast fake trainer instead of the loop.

Usage: python hpo_worker_entry.py [hpo arguments...]   e.g. ``worker --study S --storage URL``.
"""

from __future__ import annotations

import sys

from hpo_fakes import fake_train

from resume_ner.cli import hpo_cmd


def _fake_factory(config: object) -> object:
    return fake_train


if __name__ == "__main__":
    hpo_cmd.make_train_fn = _fake_factory  # type: ignore[assignment]
    hpo_cmd.app(sys.argv[1:], prog_name="resume-ner hpo")
