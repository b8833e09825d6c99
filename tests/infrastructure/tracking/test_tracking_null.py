"""The disabled tracker: same interface, records nothing, never imports mlflow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from resume_ner.infrastructure.tracking import (
    NullTracker,
    RunCallback,
    RunHandle,
    TrackingError,
)


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_null_tracker_never_imports_mlflow(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
import resume_ner.infrastructure.tracking as tracking
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig

tracker = tracking.make_tracker(TrackingConfig(enabled=False), Path({str(tmp_path)!r}))
assert isinstance(tracker, tracking.NullTracker), tracker
with tracker.stage_run("e", "r", tags={{"a": 1}}, params={{"p": {{"q": 2}}}}) as run:
    run.log_metrics({{"f1": 0.5}}, step=1)
    run.log_artifact("model.safetensors", "model", model=True)
    run.log_dict({{"a": 1}}, "a.json")
    run.log_text("t", "t.txt")
    cb = tracking.RunCallback(run)
    cb.on_stage_start({{"x": 1}})
    cb.on_metrics(0, {{"loss": 1.0}})
    cb.on_stage_end("completed")
print(sorted(m for m in sys.modules if m == "mlflow" or m.startswith("mlflow.")))
"""
    assert _run(code) == "[]"
    assert list(tmp_path.iterdir()) == [], "the null tracker must not write anything"


def test_mlflow_tracker_imports_mlflow_only_on_first_use(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
import resume_ner.infrastructure.tracking as tracking
from resume_ner.infrastructure.config.sections.tracking import TrackingConfig

tracker = tracking.make_tracker(TrackingConfig(), Path({str(tmp_path)!r}), env={{}})
before = "mlflow" in sys.modules
tracker.experiment_id("nothing")
print(before, "mlflow" in sys.modules)
"""
    assert _run(code) == "False True"
    assert (tmp_path / "mlflow.db").is_file()


def test_base_run_handle_still_validates() -> None:
    handle = RunHandle()
    assert handle.run_id is None
    with pytest.raises(TrackingError, match=r"^metric 'loss' has a non-numeric value"):
        handle.log_metrics({"loss": "x"})
    with pytest.raises(TrackingError, match="not a terminal status"):
        RunCallback(handle).on_stage_end("running")


def test_null_tracker_propagates_exceptions() -> None:
    tracker = NullTracker()
    with pytest.raises(ZeroDivisionError), tracker.stage_run("e", "r"):
        _ = 1 / 0
