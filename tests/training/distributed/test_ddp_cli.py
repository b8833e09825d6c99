"""``resume-ner train`` under torchrun with two CPU ranks: one tracked run, one model, rank 0
alone writes, and a rank killed with SIGKILL mid-epoch is resumed by the next launch; the
whole pipeline (HPO trials included) under torchrun (slow)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from ddp_launch import torchrun
from typer.testing import CliRunner

from resume_ner.cli.app import app
from resume_ner.data.datasets import generate_resumes
from tiny_pipeline import tiny_pipeline_config

HERE = Path(__file__).resolve().parent
_HEX = re.compile(r"[0-9a-f]{8,}")


def _workdir(folder: Path, backbone: Path, epochs: int = 2) -> Path:
    """``folder`` with 12 synthetic resumes and ``tiny.yaml`` (tracked, output ``out``)."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {
            "id": doc.id,
            "text": doc.text,
            "annotations": [[s.start, s.end, s.label] for s in doc.spans],
        }
        for doc in generate_resumes(12, seed=3)
    ]
    (folder / "resumes.json").write_text(json.dumps(records), encoding="utf-8")
    config = {
        "model": {"backbone": str(backbone)},
        "data": {
            "sources": [{"path": "resumes.json", "format": "native"}],
            "max_length": 64,
            "stride": 16,
            "split": {"train": 0.6, "validation": 0.2, "test": 0.2},
        },
        "training": {"epochs": epochs, "batch_size": 4, "learning_rate": 5e-3, "num_threads": 1},
        "paths": {"output_root": "out"},
    }
    (folder / "tiny.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder


def _tree(folder: Path) -> list[str]:
    """Every file and folder under ``folder``, hashes and run ids masked."""
    return sorted(_HEX.sub("#", str(p.relative_to(folder))) for p in folder.rglob("*"))


def _runs(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{folder / 'out' / 'mlflow.db'}?mode=ro", uri=True) as db:
        return list(db.execute("SELECT name, status FROM runs"))


def _index(folder: Path) -> list[dict[str, object]]:
    """The latest record of every indexed run (the index is append-only)."""
    lines = (folder / "out" / "index.jsonl").read_text(encoding="utf-8").splitlines()
    latest = {record["run_id"]: record for record in map(json.loads, lines)}
    return list(latest.values())


def _metadata(folder: Path) -> dict[str, object]:
    (path,) = (folder / "out" / "training").rglob("metadata.json")
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_torchrun_train_tracks_one_run_and_writes_what_one_rank_writes(
    tiny_backbone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    two = _workdir(tmp_path / "two", tiny_backbone)
    done = torchrun(["-m", "resume_ner.cli", "train", "-c", "tiny.yaml"], cwd=two)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    assert done.stdout.count("trained ") == 1  # rank 0 alone prints the summary

    one = _workdir(tmp_path / "one", tiny_backbone)
    monkeypatch.chdir(one)
    single = CliRunner().invoke(app, ["train", "-c", "tiny.yaml"])
    assert single.exit_code == 0, single.output

    assert _tree(two) == _tree(one)
    assert [status for _, status in _runs(two)] == ["FINISHED"]
    (entry,) = [e for e in _index(two) if e["stage"] == "train"]
    assert entry["status"] == "completed"
    meta = _metadata(two)
    extra = meta["extra"]
    assert isinstance(extra, dict)
    assert (extra["world_size"], extra["global_batch_size"]) == (2, 8)
    config = meta["config"]
    assert isinstance(config, dict) and config["training"]["nproc_per_node"] == 2
    artifacts = meta["artifacts"]
    assert isinstance(artifacts, dict)
    assert (two / "out" / str(artifacts["model"]) / "model.safetensors").is_file()


def test_a_rank_killed_mid_epoch_is_resumed_by_the_next_launch(
    tiny_backbone: Path, tmp_path: Path
) -> None:
    work = _workdir(tmp_path, tiny_backbone, epochs=2)
    script = [str(HERE / "cli_with_faults.py"), "train", "-c", "tiny.yaml"]
    watch = {"WATCH_ROOT": str(tmp_path)}

    killed = torchrun(script, cwd=work, env={**watch, "KILL_EPOCH": "2", "KILL_STEP": "2"})
    assert killed.returncode != 0
    assert "Signal 9 (SIGKILL) received" in killed.stderr or "-9" in killed.stderr
    (last,) = (work / "out" / "training").rglob("last/trainer_state.json")
    state = json.loads(last.read_text(encoding="utf-8"))
    assert (state["epoch"], state["finished"], state["world_size"]) == (1, False, 2)

    resumed = torchrun(script, cwd=work, env=watch)
    assert resumed.returncode == 0, resumed.stdout[-3000:] + resumed.stderr[-5000:]
    assert "resumed " in resumed.stdout and "(from epoch 1)" in resumed.stdout
    state = json.loads(last.read_text(encoding="utf-8"))
    assert (state["epoch"], state["finished"]) == (2, True)
    (entry,) = [e for e in _index(work) if e["stage"] == "train"]
    assert entry["status"] == "completed"
    assert "RANK1-WRITE" not in killed.stderr + resumed.stderr


@pytest.mark.slow
def test_the_pipeline_under_torchrun_trains_every_model_on_both_ranks(
    tiny_backbone: Path, tmp_path: Path
) -> None:
    tiny_pipeline_config(tmp_path, tiny_backbone)
    script = [str(HERE / "cli_with_faults.py"), "run", "-c", "tiny.yaml", "--quiet"]
    script += ["--set", "training.num_threads=1"]
    done = torchrun(script, cwd=tmp_path, env={"WATCH_ROOT": str(tmp_path)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    (report,) = done.stdout.split()  # rank 0 alone prints the report path
    text = Path(report).read_text(encoding="utf-8")
    assert "study `tiny`: 2 trials (complete 2)" in text and "| bench | written |" in text
    # rank 1 trained both trials and the final model with rank 0, and wrote nothing
    assert done.stderr.count("mention propagation from the training annotations") >= 3
    assert "RANK1-WRITE" not in done.stderr
