"""Test-only entry point: ``resume-ner hpo ...`` with the fast fake trainer instead of the loop.

Usage: python hpo_worker_entry.py [hpo arguments...]   e.g. ``worker --study S --storage URL``.
"""

from __future__ import annotations

import sys

from hpo_fakes import fake_train

from resume_ner.cli import hpo_cmd
from resume_ner.training.hpo import trainer

if __name__ == "__main__":
    trainer.train_trial = fake_train
    hpo_cmd.app(sys.argv[1:], prog_name="resume-ner hpo")
