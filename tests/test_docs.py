"""Generated documentation stays in sync with the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_configuration_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts" / "gen_config_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert committed == module.render(), "run scripts/gen_config_docs.py to refresh the reference"
