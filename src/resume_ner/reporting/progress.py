"""Progress of ``resume-ner run``: a live stage list, plus epoch and trial lines with an ETA.

On a terminal the stage list is a rich live table on stderr (pending, running, done, reused,
failed; elapsed seconds; the running stage's epoch or trial with its ETA). Elsewhere (pipes,
CI logs) the board draws nothing: the log records of the same events (``stage data reused in
0.1s``, ``epoch 2/3: ...``, ``trial ...``) are the one voice, one plain line each.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from resume_ner.common.constants import Stage
from resume_ner.infrastructure.tracking.callbacks import Callback, TrainInfo

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from resume_ner.training.hpo import TrialProgress

_STYLES = {
    "pending": "dim",
    "running": "bold cyan",
    "done": "green",
    "reused": "blue",
    "failed": "bold red",
}


def format_eta(seconds: float | None) -> str:
    """``h:mm:ss`` / ``m:ss`` of a remaining time, ``?`` when unknown."""
    if seconds is None or seconds < 0:
        return "?"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def remaining(elapsed: float, done: int, total: int) -> float | None:
    """Seconds left when ``done`` of ``total`` equal steps took ``elapsed`` seconds."""
    return elapsed / done * (total - done) if done > 0 else None


@dataclass
class _Row:
    state: str = "pending"
    started: float | None = None
    seconds: float | None = None
    detail: str = ""


class RunProgress:
    """The stage board; pass :meth:`on_stage`, :meth:`on_trial` and :meth:`train_callback`
    to :func:`~resume_ner.pipeline.run_pipeline`."""

    def __init__(
        self,
        stages: Sequence[Stage],
        console: Console | None = None,
        *,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        """Track ``stages``; drawn live on ``console`` when it is a terminal."""
        self.rows = {stage: _Row() for stage in stages}
        self.console = console
        self.clock = clock
        self.current: Stage | None = None

    @property
    def live(self) -> bool:
        """Whether the board is drawn live (the console is a terminal)."""
        return self.console is not None and self.console.is_terminal

    def on_stage(self, stage: Stage, state: str) -> None:
        """Pipeline hook: ``start`` marks the stage running, a final state ends it."""
        row = self.rows.setdefault(stage, _Row())
        now = self.clock()
        if state == "start":
            row.state, row.started, row.detail = "running", now, ""
            self.current = stage
            return
        row.seconds = now - (row.started if row.started is not None else now)
        row.state = "reused" if state == "reused" else "done"
        row.detail = state if row.state == "done" else ""
        self.current = None

    def fail(self) -> None:
        """Mark the running stage failed (the pipeline raised)."""
        if self.current is not None:
            row = self.rows[self.current]
            row.state = "failed"
            if row.started is not None:
                row.seconds = self.clock() - row.started

    def detail(self, stage: Stage, text: str) -> None:
        """Show ``text`` (an epoch or trial line) next to ``stage``."""
        self.rows.setdefault(stage, _Row()).detail = text

    def on_trial(self, progress: TrialProgress) -> None:
        """HPO hook: one finished trial, the best so far and the ETA of the remaining ones."""
        row = self.rows.get(Stage.HPO)
        started = row.started if row is not None and row.started is not None else self.clock()
        eta = remaining(self.clock() - started, progress.done, progress.total)
        best = "-" if progress.best_value is None else f"{progress.best_value:.4f}"
        self.detail(
            Stage.HPO,
            f"trial {progress.done}/{progress.total} {progress.state.lower()}, "
            f"best span-F1 {best}, ETA {format_eta(eta)}",
        )

    def train_callback(self) -> EpochProgress:
        """A training callback reporting the final training's epochs to this board."""
        return EpochProgress(self)

    def render(self) -> RenderableType:
        """The board as a rich table (elapsed time of the running stage is live)."""
        from rich.table import Table

        table = Table(box=None, show_header=False, pad_edge=False)
        for column in ("stage", "state", "seconds", "detail"):
            table.add_column(column, no_wrap=column != "detail")
        now = self.clock()
        for stage, row in self.rows.items():
            seconds = row.seconds
            if row.state == "running" and row.started is not None:
                seconds = now - row.started
            shown = "" if seconds is None else f"{seconds:6.1f}s"
            style = _STYLES.get(row.state, "")
            table.add_row(stage.value, f"[{style}]{row.state}[/]", shown, row.detail)
        return table

    @contextmanager
    def showing(self) -> Iterator[RunProgress]:
        """Draw the board live for the duration of the block (plain mode: nothing to draw)."""
        if not self.live or self.console is None:
            yield self
            return
        from rich.live import Live

        with Live(
            get_renderable=self.render, console=self.console, refresh_per_second=4, transient=False
        ):
            yield self


class EpochProgress(Callback):
    """Training callback: after each epoch, the loss, validation span-F1 and an ETA."""

    def __init__(self, board: RunProgress) -> None:
        """Report to ``board`` under the train stage."""
        self.board = board
        self.runs = 0
        self.started = 0.0
        self.info: TrainInfo | None = None

    def on_train_begin(self, info: TrainInfo) -> None:
        """A training (or its refit) starts."""
        self.runs += 1
        self.info = info
        self.started = self.board.clock()
        what = "refit" if self.runs > 1 else "training"
        self.board.detail(Stage.TRAIN, f"{what}: {info.epochs} epochs on {info.device}")

    def on_epoch_end(self, epoch: int, metrics: Mapping[str, float]) -> str | None:
        """Show the epoch's numbers and the ETA of the remaining epochs."""
        info = self.info
        total = info.epochs if info is not None else epoch
        first = info.start_epoch if info is not None else 0
        eta = remaining(self.board.clock() - self.started, epoch - first, total - first)
        parts = [f"{'refit ' if self.runs > 1 else ''}epoch {epoch}/{total}"]
        for key, name in (("train_loss", "loss"), ("span_f1", "val span-F1")):
            if metrics.get(key) is not None:
                parts.append(f"{name} {float(metrics[key]):.4f}")
        parts.append(f"ETA {format_eta(eta)}")
        self.board.detail(Stage.TRAIN, ", ".join(parts))
        return None
