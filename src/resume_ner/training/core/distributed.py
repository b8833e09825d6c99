"""Data-parallel plumbing: ranks from the environment, the process group and its collectives.

torchrun (and Azure ML's PyTorch distribution) start one process per device and set
``RANK``, ``WORLD_SIZE`` and ``LOCAL_RANK``. Without them, or with ``WORLD_SIZE=1``, a
:class:`World` is the single process: every helper is the identity and no process group is
made. Training collectives (DistributedDataParallel) use the default group (NCCL on CUDA,
gloo on CPU); the helpers here (objects, small reductions) use a gloo *control* group with a
long timeout, since the other ranks wait in it while rank 0 works alone (validation,
checkpoints, tracking, a whole pipeline stage).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

TRAINING_TIMEOUT = timedelta(minutes=60)
"""Timeout of the default group's collectives (gradient all-reduce)."""
CONTROL_TIMEOUT = timedelta(hours=6)
"""Timeout of the control group, in which the other ranks wait while rank 0 works alone."""


class _Groups:
    """The control group while a :func:`session` owns the process group."""

    control: Any = None


_groups = _Groups()


class RankZeroFailed(RuntimeError):
    """Rank 0 failed with an error that cannot be re-raised here; the message says which."""


@dataclass(frozen=True)
class World:
    """This process's place in a data-parallel job (one process: rank 0 of 1)."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    local_world_size: int = 1

    @property
    def enabled(self) -> bool:
        """Whether several processes train together."""
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """Whether this is rank 0, the one that writes, tracks and decides."""
        return self.rank == 0

    def local_device(self, device: str) -> str:
        """``device`` for this rank: ``cuda:LOCAL_RANK`` for any CUDA device in a job."""
        if self.enabled and device.startswith("cuda"):
            return f"cuda:{self.local_rank}"
        return device

    def sum(self, *values: float) -> list[float]:
        """Each value summed over the ranks (float64)."""
        if not self.enabled:
            return list(values)
        return _reduce(values, "sum")

    def max(self, value: float) -> float:
        """The largest ``value`` of any rank."""
        if not self.enabled:
            return value
        return _reduce([value], "max")[0]

    def broadcast(self, value: T) -> T:
        """Rank 0's ``value`` on every rank (pickled; anything picklable)."""
        if not self.enabled:
            return value
        import torch.distributed as dist

        box = [value if self.is_main else None]
        dist.broadcast_object_list(box, src=0, group=_groups.control)
        return box[0]  # type: ignore[return-value]

    def on_main(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on rank 0 alone and give its result to every rank.

        An error on rank 0 is raised on every rank (the same exception where it pickles,
        else :class:`RankZeroFailed`), so no rank waits for a result that never comes.
        """
        if not self.enabled:
            return fn()
        if not self.is_main:
            shared: T = unpack(self.broadcast(None))
            return shared
        try:
            value = fn()
        except BaseException as exc:
            self.broadcast(("error", pack_error(exc)))
            raise
        self.broadcast(("ok", value))
        return value

    def barrier(self) -> None:
        """Wait until every rank gets here."""
        if self.enabled:
            import torch.distributed as dist

            dist.barrier(group=_groups.control)

    def wrap(self, model: Any, device: str) -> Any:
        """``model`` in DistributedDataParallel in a job (parameters broadcast from rank 0)."""
        if not self.enabled:
            return model
        from torch.nn.parallel import DistributedDataParallel

        ids = [self.local_rank] if device.startswith("cuda") else None
        return DistributedDataParallel(model, device_ids=ids, output_device=ids and ids[0])


SINGLE = World()
"""The single-process world."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"environment variable {name}={raw!r} is not an integer") from None


def from_env(env: Mapping[str, str] | None = None) -> World:
    """The world torchrun (or Azure ML) describes in ``RANK``/``WORLD_SIZE``/``LOCAL_RANK``.

    Raises:
        ValueError: Naming the variable, for a non-integer or a rank outside the world.
    """
    environ = os.environ if env is None else env
    world = _int(environ, "WORLD_SIZE", 1)
    if world <= 1:
        return SINGLE
    rank = _int(environ, "RANK", 0)
    local = _int(environ, "LOCAL_RANK", rank)
    local_world = _int(environ, "LOCAL_WORLD_SIZE", world)
    if not 0 <= rank < world:
        raise ValueError(f"RANK={rank} is outside WORLD_SIZE={world}")
    return World(rank, world, local, local_world)


def _reduce(values: Any, op: str) -> list[float]:
    import torch
    import torch.distributed as dist

    tensor = torch.tensor([float(v) for v in values], dtype=torch.float64)
    reduce_op = dist.ReduceOp.SUM if op == "sum" else dist.ReduceOp.MAX
    dist.all_reduce(tensor, op=reduce_op, group=_groups.control)
    return [float(v) for v in tensor.tolist()]


def pack_error(exc: BaseException) -> Any:
    """``exc`` if it survives pickling, else its text (for :func:`unpack`)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return f"{type(exc).__name__}: {exc}"
    return exc


def unpack(message: Any) -> Any:
    """The value of an ``("ok", value)`` message; raise the error of an ``("error", e)``."""
    kind, payload = message
    if kind == "ok":
        return payload
    if isinstance(payload, BaseException):
        raise payload
    raise RankZeroFailed(f"rank 0 failed: {payload}")


@contextlib.contextmanager
def session(device: str) -> Iterator[World]:
    """The world of this process, its process group made on entry and destroyed on exit.

    NCCL when ``device`` (a preference such as ``auto``) resolves to CUDA, else gloo
    (env:// rendezvous: torchrun's ``MASTER_ADDR``/``MASTER_PORT``). A single process gets
    :data:`SINGLE`, no group and no device lookup; a group made by an outer session is reused
    and left alone.
    """
    world = from_env()
    if not world.enabled:
        yield world
        return
    import torch
    import torch.distributed as dist

    from resume_ner.infrastructure.platform.adapters.device import resolve_device

    if dist.is_initialized():
        yield world
        return
    backend = "nccl" if resolve_device(device).startswith("cuda") else "gloo"
    if backend == "nccl":
        torch.cuda.set_device(world.local_rank)
    dist.init_process_group(
        backend, rank=world.rank, world_size=world.world_size, timeout=TRAINING_TIMEOUT
    )
    _groups.control = dist.new_group(backend="gloo", timeout=CONTROL_TIMEOUT)
    logger.info("rank %d of %d joined (%s)", world.rank, world.world_size, backend)
    try:
        yield world
    finally:
        _groups.control = None
        dist.destroy_process_group()
