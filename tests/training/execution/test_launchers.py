"""Launchers: the child config, subprocess and torchrun command lines, streaming, exit codes."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from execution_helpers import layout_of

from resume_ner.infrastructure.config import ResumeNerConfig, load_config
from resume_ner.infrastructure.metadata import MetadataIndex
from resume_ner.training.execution import (
    TrainArgs,
    plan_launch,
    run_final_training,
)
from resume_ner.training.execution import launcher as launcher_module
from resume_ner.training.execution.launcher import resume_ner_program, run_command, torchrun_command

MakeConfig = Callable[..., ResumeNerConfig]


def test_torchrun_command_line(tmp_path: Path) -> None:
    config_path = tmp_path / "c.yaml"
    selection = tmp_path / "selection.json"
    argv = torchrun_command(config_path, 4, TrainArgs(force=True, from_selection=selection))
    assert Path(argv[0]).name == "torchrun"
    assert argv[1:] == [
        "--standalone", "--nnodes", "1", "--nproc_per_node", "4", "--max_restarts", "0",
        "-m", "resume_ner.cli", "train", "--config", str(config_path),
        "--force", "--from-selection", str(selection),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="nproc_per_node must be >= 1"):
        torchrun_command(config_path, 0)


def test_torchrun_command_line_of_several_nodes(tmp_path: Path) -> None:
    config_path = tmp_path / "c.yaml"
    argv = torchrun_command(config_path, 2, nnodes=3, rdzv_endpoint="node0:29500", rdzv_id="j7")
    assert argv[1:13] == [
        "--nnodes", "3", "--rdzv_backend", "c10d", "--rdzv_endpoint", "node0:29500",
        "--rdzv_id", "j7", "--nproc_per_node", "2", "--max_restarts", "0",
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"training\.nnodes=3 needs training\.rdzv_endpoint"):
        torchrun_command(config_path, 2, nnodes=3)


def test_plans_write_a_child_config_that_trains_in_process(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config("training.launcher=torchrun", "training.nproc_per_node=2")
    layout = layout_of(config)
    plan = plan_launch(config, layout, workdir, args=TrainArgs(device="cpu"))
    assert plan.launcher == "torchrun"
    assert plan.config_path.parent == layout.root / "logs" / "launch"
    assert plan.argv[plan.argv.index("--nproc_per_node") + 1] == "2"
    assert plan.argv[-4:] == ("--config", str(plan.config_path), "--device", "cpu")
    assert shlex.split(plan.describe()) == list(plan.argv)
    child = load_config(plan.config_path, env={})
    assert child.training.launcher == "inprocess" and child.training.nproc_per_node == 2
    assert child.paths.output_root == str(layout.root)
    assert child.data.sources[0].path == str(workdir / "resumes.json")
    assert child.model == config.model and child.data.split == config.data.split
    again = plan_launch(config, layout, workdir, "subprocess")
    assert again.argv[: len(resume_ner_program())] == tuple(resume_ner_program())
    assert again.argv[-3:] == ("train", "--config", str(again.config_path))
    with pytest.raises(ValueError, match="'inprocess' has nothing to launch"):
        plan_launch(config, layout, workdir, "inprocess")


def test_the_console_script_next_to_the_interpreter_is_used() -> None:
    script = Path(sys.executable).with_name("resume-ner")
    if script.is_file():
        assert resume_ner_program() == [str(script)]
    else:
        assert resume_ner_program()[:2] == [sys.executable, "-c"]


def test_run_command_streams_lines_and_returns_the_exit_code(tmp_path: Path) -> None:
    lines: list[str] = []
    code = "import sys; print('one'); print('two', file=sys.stderr); sys.exit(3)"
    status = run_command([sys.executable, "-c", code], cwd=tmp_path, on_output=lines.append)
    assert status == 3 and lines == ["one", "two"]
    assert run_command([sys.executable, "-c", "pass"], cwd=tmp_path) == 0


def test_plans_of_several_nodes_carry_the_rendezvous(
    make_config: MakeConfig, workdir: Path
) -> None:
    config = make_config(
        "training.launcher=torchrun",
        "training.nnodes=2",
        "training.rdzv_endpoint=head:29400",
    )
    plan = plan_launch(config, layout_of(config), workdir)
    assert plan.argv[plan.argv.index("--nnodes") + 1] == "2"
    assert plan.argv[plan.argv.index("--rdzv_endpoint") + 1] == "head:29400"
    assert "--standalone" not in plan.argv


def test_a_launcher_inside_a_torchrun_job_is_refused(
    make_config: MakeConfig, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resume_ner.training.execution import run_train

    config = make_config()
    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.setenv("RANK", "1")
    with pytest.raises(ValueError, match="launcher 'torchrun' inside a torchrun job"):
        run_train(config, layout_of(config), workdir, launcher="torchrun")


STAND_IN = (
    "import typer\n"
    "from resume_ner.cli.train_cmd import train\n"
    "app = typer.Typer()\n"
    "app.callback()(lambda: None)\n"
    "app.command('train')(train)\n"
    "app()\n"
)


@pytest.mark.slow
def test_subprocess_launcher_trains_in_a_child(
    make_config: MakeConfig, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        launcher_module, "resume_ner_program", lambda: [sys.executable, "-c", STAND_IN]
    )
    config = make_config("training.epochs=1")
    layout = layout_of(config)
    plan = plan_launch(config, layout, workdir, "subprocess")
    lines: list[str] = []
    assert run_command(plan.argv, cwd=workdir, on_output=lines.append) == 0, "\n".join(lines)
    assert any(line.startswith("trained ") for line in lines)
    [entry] = MetadataIndex(layout.root).find_completed("train")
    assert run_final_training(config, layout, workdir).run_dir == layout.root / entry.run_dir
