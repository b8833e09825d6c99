"""Regenerate docs/configuration.md from the pydantic config models.

Run: .venv/bin/python scripts/gen_config_docs.py  (a test fails when the file is stale)
"""

from __future__ import annotations

from pathlib import Path

from resume_ner.infrastructure.config import generate_config_reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"

HEADER = """# Configuration reference

Generated from the pydantic models by `scripts/gen_config_docs.py`; do not edit by hand.

A run's configuration is resolved in this order, later sources winning:
built-in defaults < YAML files (left to right, each file's `defaults:` list first) <
`RESUME_NER_<SECTION>__<KEY>` environment variables < `--set key=value` overrides.
`MLFLOW_TRACKING_URI` fills `tracking.uri` when nothing else sets it. Unknown keys are
errors that name their dotted path and the file they came from. Keys containing dots
(search-space entries) are quoted: `--set 'hpo.search_space."training.learning_rate".high=1e-3'`.
Inspect the result with `resume-ner config show FILE [--set ...] [--sources]`.

"""


def render() -> str:
    """The full markdown text of the reference."""
    return HEADER + generate_config_reference()


if __name__ == "__main__":
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
