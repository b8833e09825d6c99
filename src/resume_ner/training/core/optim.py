"""AdamW without decay on biases and norms, and a linear warm-up/decay schedule."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

NO_DECAY_MARKERS: tuple[str, ...] = ("bias", "layernorm", "layer_norm", "norm.weight", "ln_")
"""Parameter-name parts (lower-cased) that are excluded from weight decay."""


def parameter_groups(model: Any, weight_decay: float) -> list[dict[str, Any]]:
    """Trainable parameters split into a decayed group and a no-decay group (biases, norms)."""
    decay, no_decay = [], []
    for name, parameter in model.named_parameters():
        if not parameter.requires_grad:
            continue
        lowered = name.lower()
        if parameter.ndim < 2 or any(marker in lowered for marker in NO_DECAY_MARKERS):
            no_decay.append(parameter)
        else:
            decay.append(parameter)
    return [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]


def make_optimizer(model: Any, learning_rate: float, weight_decay: float, device: str) -> Any:
    """AdamW over :func:`parameter_groups`, fused where the device supports it."""
    import torch

    groups = parameter_groups(model, weight_decay)
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


def make_scheduler(optimizer: Any, warmup_ratio: float, total_steps: int) -> Any:
    """Linear warm-up over ``ceil(warmup_ratio * total_steps)`` steps, then linear decay to 0."""
    import torch

    warmup = math.ceil(warmup_ratio * total_steps)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, LinearWarmupDecay(warmup, total_steps))
