"""Launch final training in a child process or under torchrun: the command line and its run.

Both re-invoke ``resume-ner train`` on a *child config*: the resolved config with
``training.launcher=inprocess`` (so the child trains instead of launching again), the output
root made absolute and local data sources made absolute, written under
``<output_root>/logs/launch/``. In-process training calls
:func:`~resume_ner.training.execution.stage.run_final_training` directly; Azure ML jobs are
built in :mod:`~resume_ner.training.execution.azure_job`.

Under torchrun the child is a data-parallel job of ``training.nproc_per_node`` processes per
node (rank 0 writes and tracks; see ``training.core.leader``); an interrupted variant resumes
from its last checkpoint.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from resume_ner.common.shared import atomic_write_text, hash_value
from resume_ner.infrastructure.config import dump_config
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.paths import OutputLayout

logger = logging.getLogger(__name__)

LAUNCH_DIR = "launch"
"""Sub-folder of the logs folder holding child configs and job files."""
CHILD_LAUNCHER = "inprocess"
"""The launcher written into every child config."""


@dataclass(frozen=True)
class TrainArgs:
    """Arguments of ``resume-ner train`` passed on to a child or a job."""

    force: bool = False
    from_selection: Path | None = None
    device: str = "auto"

    def argv(self) -> list[str]:
        """The flags (``--force``, ``--from-selection PATH``, ``--device D``)."""
        args = ["--force"] if self.force else []
        if self.from_selection is not None:
            args += ["--from-selection", str(self.from_selection)]
        if self.device != "auto":
            args += ["--device", self.device]
        return args


@dataclass(frozen=True)
class LaunchPlan:
    """What a launcher will run: the config file it reads, and the command line
    (subprocess, torchrun) or the Azure ML job YAML."""

    launcher: str
    config_path: Path
    argv: tuple[str, ...] = ()
    job_path: Path | None = None

    def describe(self) -> str:
        """The command line, or the job YAML, as ``--dry-run`` prints it."""
        if self.job_path is not None:
            return self.job_path.read_text(encoding="utf-8")
        return shlex.join(self.argv)


def child_config(
    config: ResumeNerConfig, layout: OutputLayout, base_dir: str | os.PathLike[str]
) -> ResumeNerConfig:
    """``config`` for a child process: launcher inprocess, absolute output root and sources."""
    from resume_ner.data.datasets.bundled import BUNDLED_PREFIX
    from resume_ner.data.processing.prepare import resolve_source
    from resume_ner.infrastructure.config import apply_overrides

    sources = []
    for i, source in enumerate(config.data.sources):
        entry = source.model_dump(mode="json")
        if not source.path.startswith(BUNDLED_PREFIX):
            path = resolve_source(source.path, Path(base_dir), f"data.sources[{i}].path")
            entry["path"] = str(path)
        sources.append(entry)
    params = {
        "training.launcher": CHILD_LAUNCHER,
        "paths.output_root": str(layout.root),
        "data.sources": sources,
    }
    return apply_overrides(config, params)


def write_launch_config(config: ResumeNerConfig, layout: OutputLayout, kind: str) -> Path:
    """Write ``config`` as YAML to ``logs/launch/train-<hash8>.<kind>.yaml`` (same content,
    same file)."""
    text = dump_config(config)
    name = f"train-{hash_value(text, 8)}.{kind}.yaml"
    return atomic_write_text(layout.logs_dir() / LAUNCH_DIR / name, text)


def resume_ner_program() -> list[str]:
    """How to run the ``resume-ner`` command with this interpreter."""
    script = Path(sys.executable).with_name("resume-ner")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from resume_ner.cli import main; main()"]


def subprocess_command(config_path: Path, args: TrainArgs | None = None) -> list[str]:
    """``resume-ner train --config FILE [flags]``."""
    flags = (args or TrainArgs()).argv()
    return [*resume_ner_program(), "train", "--config", str(config_path), *flags]


def torchrun_command(
    config_path: Path,
    nproc_per_node: int = 1,
    args: TrainArgs | None = None,
    *,
    nnodes: int = 1,
    rdzv_endpoint: str | None = None,
    rdzv_id: str = "resume-ner",
) -> list[str]:
    """``torchrun <rendezvous> --nproc_per_node N --max_restarts 0 -m resume_ner.cli train
    --config FILE [flags]``.

    One node: ``--standalone --nnodes 1``. Several: ``--nnodes M --rdzv_backend c10d
    --rdzv_endpoint HOST:PORT --rdzv_id ID``, the same command on every node.

    Raises:
        ValueError: If ``nproc_per_node`` or ``nnodes`` is below 1, or several nodes have no
            ``rdzv_endpoint``.
    """
    if nproc_per_node < 1:
        raise ValueError(f"nproc_per_node must be >= 1, got {nproc_per_node}")
    if nnodes < 1:
        raise ValueError(f"nnodes must be >= 1, got {nnodes}")
    if nnodes == 1:
        rendezvous = ["--standalone", "--nnodes", "1"]
    elif not rdzv_endpoint:
        raise ValueError(
            f"training.nnodes={nnodes} needs training.rdzv_endpoint (host:port on the first "
            "node that every node reaches)"
        )
    else:
        rendezvous = ["--nnodes", str(nnodes), "--rdzv_backend", "c10d"]
        rendezvous += ["--rdzv_endpoint", rdzv_endpoint, "--rdzv_id", rdzv_id]
    local = Path(sys.executable).with_name("torchrun")
    program = str(local) if local.is_file() else "torchrun"
    return [
        program,
        *rendezvous,
        "--nproc_per_node",
        str(nproc_per_node),
        "--max_restarts",
        "0",
        "-m",
        "resume_ner.cli",
        "train",
        "--config",
        str(config_path),
        *(args or TrainArgs()).argv(),
    ]


def plan_local(
    config: ResumeNerConfig,
    layout: OutputLayout,
    base_dir: str | os.PathLike[str],
    launcher: str,
    args: TrainArgs | None = None,
) -> LaunchPlan:
    """Write the child config and build the ``subprocess`` or ``torchrun`` command line.

    Raises:
        FileNotFoundError: For a local data source that does not exist.
    """
    path = write_launch_config(child_config(config, layout, base_dir), layout, launcher)
    if launcher == "subprocess":
        argv = subprocess_command(path, args)
    else:
        training = config.training
        argv = torchrun_command(
            path,
            training.nproc_per_node,
            args,
            nnodes=training.nnodes,
            rdzv_endpoint=training.rdzv_endpoint,
            rdzv_id=training.rdzv_id,
        )
    return LaunchPlan(launcher, path, tuple(argv))


def run_command(
    argv: Sequence[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    on_output: Callable[[str], None] | None = None,
) -> int:
    """Run ``argv`` and return its exit code.

    ``on_output`` receives each line of the child's merged stdout/stderr as it arrives;
    without it the child writes straight to this process's terminal.

    Raises:
        FileNotFoundError: If the program does not exist.
    """
    logger.info("running %s", shlex.join(argv))
    if on_output is None:
        return subprocess.run(list(argv), cwd=cwd, check=False).returncode
    with subprocess.Popen(
        list(argv),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    ) as process:
        stream = process.stdout if process.stdout is not None else ()
        try:
            for line in stream:
                on_output(line.rstrip("\n"))
        except BaseException:
            process.terminate()
            raise
        return process.wait()
