"""``resume-ner ARGS`` as one rank of a torchrun job, with test hooks on rank 1.

``WATCH_ROOT``: rank 1 reports every write under that folder (files opened for writing,
folders made, renames, removals, SQLite connections) as a ``RANK1-WRITE`` line on stderr.
``KILL_EPOCH``/``KILL_STEP``: rank 1 kills itself with SIGKILL after optimizer step
``KILL_STEP`` of epoch ``KILL_EPOCH``, mid-epoch, as a crashed node would die.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "shutil.rmtree", "os.truncate"}


def _watch(root: str) -> None:
    prefix = os.path.realpath(root) + os.sep

    def report(event: str, path: Any) -> None:
        if isinstance(path, bytes | str) and os.path.abspath(os.fsdecode(path)).startswith(prefix):
            sys.stderr.write(f"RANK1-WRITE {event} {os.fsdecode(path)}\n")

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and len(args) >= 3:
            path, mode, flags = args[:3]
            writes = any(c in mode for c in "wax+") if isinstance(mode, str) else False
            if writes or (isinstance(flags, int) and flags & _WRITE_FLAGS):
                report(event, path)
        elif event in _PATH_EVENTS or event == "sqlite3.connect":
            report(event, args[0] if args else None)

    sys.addaudithook(hook)


def _kill_at(epoch: int, step: int) -> None:
    from resume_ner.training.core.trainer import Trainer

    original = Trainer._optimizer_step

    def optimizer_step(self: Trainer) -> None:
        original(self)
        done = self.progress.step - self.progress.epoch * self.steps_per_epoch
        if self.progress.epoch == epoch - 1 and done >= step:
            os.kill(os.getpid(), signal.SIGKILL)

    Trainer._optimizer_step = optimizer_step  # type: ignore[method-assign]


if __name__ == "__main__":
    if os.environ.get("RANK") == "1":
        if os.environ.get("WATCH_ROOT"):
            _watch(os.environ["WATCH_ROOT"])
        if os.environ.get("KILL_EPOCH"):
            _kill_at(int(os.environ["KILL_EPOCH"]), int(os.environ.get("KILL_STEP", "1")))
    from resume_ner.cli import main

    sys.argv = ["resume-ner", *sys.argv[1:]]
    main()
