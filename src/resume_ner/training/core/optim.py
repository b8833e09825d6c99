"""AdamW without decay on biases and norms, a faster head, and a linear warm-up/decay schedule."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

    from resume_ner.training.core.model import TokenClassifier

logger = logging.getLogger(__name__)

NO_DECAY_MARKERS: tuple[str, ...] = ("bias", "layernorm", "layer_norm", "norm.weight", "ln_")
"""Parameter-name parts (lower-cased) that are excluded from weight decay."""


ENCODER_PREFIX = "encoder."
"""Name prefix of the pre-trained encoder's parameters; the rest of a classifier is its head."""


def _is_head(model: TokenClassifier, name: str) -> bool:
    return hasattr(model, "encoder") and not name.startswith(ENCODER_PREFIX)


def parameter_groups(
    model: TokenClassifier, weight_decay: float, head_learning_rate: float | None = None
) -> list[dict[str, Any]]:
    """Trainable parameters split into a decayed group and a no-decay group (biases, norms).

    With ``head_learning_rate`` the head (every parameter outside ``model.encoder``: the
    word-shape embedding and the output layer) gets two further groups, decayed and not,
    that carry that learning rate; the encoder groups come first.
    """
    groups: dict[tuple[bool, bool], list[Any]] = {
        (head, decayed): [] for head in (False, True) for decayed in (True, False)
    }
    for name, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        lowered = name.lower()
        decayed = parameter.ndim >= 2 and not any(m in lowered for m in NO_DECAY_MARKERS)
        head = head_learning_rate is not None and _is_head(model, name)
        groups[(head, decayed)].append(parameter)
    result: list[dict[str, Any]] = [
        {"params": groups[(False, True)], "weight_decay": weight_decay},
        {"params": groups[(False, False)], "weight_decay": 0.0},
    ]
    if head_learning_rate is not None:
        result += [
            {
                "params": groups[(True, True)],
                "weight_decay": weight_decay,
                "lr": head_learning_rate,
            },
            {"params": groups[(True, False)], "weight_decay": 0.0, "lr": head_learning_rate},
        ]
    return result


def make_optimizer(
    model: TokenClassifier,
    learning_rate: float,
    weight_decay: float,
    device: str,
    head_learning_rate: float | None = None,
) -> torch.optim.Optimizer:
    """AdamW over :func:`parameter_groups`, fused where the device supports it.

    ``head_learning_rate`` (when given) is the peak rate of the head's groups; the schedule
    scales every group by the same factor.
    """
    import torch

    groups = parameter_groups(model, weight_decay, head_learning_rate)
    try:
        return torch.optim.AdamW(groups, lr=learning_rate, fused=True)
    except (RuntimeError, TypeError, ValueError) as exc:
        logger.info(
            "fused AdamW unavailable on %s (%s); using the default implementation", device, exc
        )
        return torch.optim.AdamW(groups, lr=learning_rate)


@dataclass(frozen=True)
class LinearWarmupDecay:
    """LR multiplier: 0 -> 1 over ``warmup_steps``, then 1 -> 0 at ``total_steps``."""

    warmup_steps: int
    total_steps: int

    def __call__(self, step: int) -> float:
        if step < self.warmup_steps:
            return (step + 1) / (self.warmup_steps + 1)
        remaining = self.total_steps - step
        return max(0.0, remaining / max(1, self.total_steps - self.warmup_steps))


def make_scheduler(
    optimizer: torch.optim.Optimizer, warmup_ratio: float, total_steps: int
) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over ``ceil(warmup_ratio * total_steps)`` steps, then linear decay to 0."""
    import torch

    warmup = math.ceil(warmup_ratio * total_steps)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, LinearWarmupDecay(warmup, total_steps))


def retarget_schedule(
    scheduler: torch.optim.lr_scheduler.LambdaLR, warmup_ratio: float, total_steps: int, step: int
) -> bool:
    """Move a restored schedule to ``step`` of a run of ``total_steps`` when it differs.

    A run resumed on another number of ranks has another number of steps per epoch; at the
    epoch boundary of a checkpoint the same fraction of the run is done, so the learning
    rate continues from the same point of warm-up and decay. Returns whether it moved.
    """
    schedule = LinearWarmupDecay(math.ceil(warmup_ratio * total_steps), total_steps)
    if scheduler.last_epoch == step and all(fn == schedule for fn in scheduler.lr_lambdas):
        return False
    scheduler.lr_lambdas = [schedule for _ in scheduler.lr_lambdas]
    scheduler.last_epoch = step - 1
    scheduler.step()  # sets every group's rate for ``step``
    return True
