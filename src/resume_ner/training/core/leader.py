"""Rank 0 leads a data-parallel job; the other ranks follow its trainings.

Under torchrun every rank runs the same command. Rank 0 runs it as a single process would
(data, fingerprints, reuse, metadata, tracking, HPO decisions) inside :func:`lead`; each
:func:`~resume_ner.training.core.loop.train` call it makes is announced first, and the other
ranks, waiting in :func:`follow`, make the same call with no callbacks, so the training
runs on every rank. They write nothing, track nothing and return what rank 0 returned.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from resume_ner.training.core import distributed
from resume_ner.training.core.distributed import World

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.root import ResumeNerConfig

logger = logging.getLogger(__name__)

T = TypeVar("T")

TRAIN, DONE = "train", "done"
"""Commands of rank 0 to the followers."""


@dataclass
class _Leader:
    world: World
    in_step: bool = True  # the followers wait for a command (not inside a training)


_leading: list[_Leader] = []  # the leader of the running :func:`lead`, if any


@contextlib.contextmanager
def announcing(kwargs: Mapping[str, Any]) -> Iterator[None]:
    """Tell the followers to train with ``kwargs`` (when this rank leads; else nothing).

    Raises:
        RuntimeError: When an earlier announced training failed here: the followers may
            still be inside it, so they cannot take another command.
    """
    if not _leading:
        yield
        return
    leader = _leading[0]
    if not leader.in_step:
        raise RuntimeError(
            "an earlier data-parallel training failed on rank 0; the other ranks cannot follow "
            "another one (restart the job)"
        )
    leader.world.broadcast((TRAIN, dict(kwargs)))
    leader.in_step = False
    yield
    leader.in_step = True


def follow(world: World) -> Any:
    """Train whatever rank 0 announces until it is done; return what it sent at the end.

    Raises:
        The error rank 0 failed with (or :class:`~.distributed.RankZeroFailed`).
    """
    from resume_ner.training.core.loop import train

    while True:
        kind, payload = cast("tuple[str, Any]", world.broadcast(None))
        if kind == TRAIN:
            train(**payload)
        elif kind == DONE:
            return distributed.unpack(payload)
        else:
            raise distributed.RankZeroFailed(f"unknown command from rank 0: {kind!r}")


def lead(device: str, fn: Callable[[], T]) -> T:
    """Run ``fn`` on rank 0 while the other ranks follow its trainings.

    A single process (or a call inside a running :func:`lead`) just returns ``fn()``. In a
    job this opens the process group (see :func:`~.distributed.session`; the ``device``
    preference picks the backend); rank 0 returns ``fn()`` and sends it to the others,
    which return it too. An error of ``fn`` is raised on every rank.
    """
    world = distributed.from_env()
    if not world.enabled or _leading:
        return fn()
    with distributed.session(device) as world:
        if not world.is_main:
            shared: T = follow(world)
            return shared
        leader = _Leader(world)
        _leading.append(leader)
        try:
            result = fn()
        except BaseException as exc:
            if leader.in_step:
                world.broadcast((DONE, ("error", distributed.pack_error(exc))))
            raise
        finally:
            _leading.clear()
        world.broadcast((DONE, ("ok", result)))
        return result


def is_follower() -> bool:
    """Whether this process is a rank other than 0 of a data-parallel job."""
    return not distributed.from_env().is_main


def with_job_shape(config: ResumeNerConfig) -> ResumeNerConfig:
    """``config`` with ``training.nproc_per_node``/``nnodes`` of the running torchrun job when
    they differ (``torchrun --nproc_per_node 2`` on a config saying 1), so that fingerprints,
    metadata and tracked params count the ranks that really train. Outside a job: ``config``.
    """
    from resume_ner.infrastructure.config import apply_overrides

    world = distributed.from_env()
    training = config.training
    if not world.enabled or training.nproc_per_node * training.nnodes == world.world_size:
        return config
    nproc = world.local_world_size
    nnodes = max(1, world.world_size // nproc)
    logger.info("%d rank(s): nproc_per_node=%d, nnodes=%d", world.world_size, nproc, nnodes)
    return apply_overrides(config, {"training.nproc_per_node": nproc, "training.nnodes": nnodes})
