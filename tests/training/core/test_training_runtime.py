"""Device and precision resolution, RNG capture/restore, optimizer groups and LR schedule."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import torch

from resume_ner.data.datasets import LabelSchema
from resume_ner.infrastructure.config.sections.model import ModelConfig
from resume_ner.infrastructure.platform.adapters.device import resolve_device
from resume_ner.training.core.model import build_model
from resume_ner.training.core.optim import (
    LinearWarmupDecay,
    make_optimizer,
    make_scheduler,
    parameter_groups,
)
from resume_ner.training.core.runtime import capture_rng, resolve_precision, restore_rng


def test_precision_on_cpu() -> None:
    assert resolve_precision("auto", "cpu") == "fp32"
    assert resolve_precision("fp32", "cpu") == "fp32"
    with pytest.raises(ValueError, match="precision bf16 is not offered on 'cpu'"):
        resolve_precision("bf16", "cpu")
    with pytest.raises(ValueError, match="precision fp16 needs a CUDA device, not 'cpu'"):
        resolve_precision("fp16", "cpu")
    with pytest.raises(ValueError, match="unknown precision 'int4'"):
        resolve_precision("int4", "cpu")


def test_device_names_are_checked() -> None:
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") in {"cpu", "cuda", "mps"}
    with pytest.raises(ValueError, match="unknown device 'tpu'"):
        resolve_device("tpu")
    with pytest.raises(ValueError, match="unknown device 'mps:1'"):
        resolve_device("mps:1")
    if torch.cuda.is_available():
        assert resolve_device("cuda:0") == "cuda:0"
    else:
        with pytest.raises(ValueError, match="device 'cuda:0' was requested"):
            resolve_device("cuda:0")


def test_rng_state_round_trip() -> None:
    state = capture_rng()
    first = (random.random(), float(np.random.rand()), float(torch.rand(1)))
    restore_rng(state)
    assert (random.random(), float(np.random.rand()), float(torch.rand(1))) == first


def test_no_weight_decay_on_biases_and_layer_norms(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    model, _ = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    decay, no_decay = parameter_groups(model, 0.01)
    names = {id(p): n for n, p in model.named_parameters()}
    decayed = {names[id(p)] for p in decay["params"]}
    plain = {names[id(p)] for p in no_decay["params"]}
    assert (decay["weight_decay"], no_decay["weight_decay"]) == (0.01, 0.0)
    assert "classifier.weight" in decayed and "shape_embedding.weight" in decayed
    assert "classifier.bias" in plain
    assert "encoder.embeddings.LayerNorm.weight" in plain
    assert not any("LayerNorm" in n or n.endswith("bias") for n in decayed)
    assert len(decayed) + len(plain) == len(names)


def test_linear_warmup_then_decay() -> None:
    schedule = LinearWarmupDecay(warmup_steps=2, total_steps=6)
    assert [round(schedule(s), 4) for s in range(7)] == [0.3333, 0.6667, 1.0, 0.75, 0.5, 0.25, 0.0]
    model = torch.nn.Linear(2, 2)
    optimizer = make_optimizer(model, 0.1, 0.0, "cpu")
    scheduler = make_scheduler(optimizer, warmup_ratio=0.25, total_steps=8)
    rates = []
    for _ in range(8):
        rates.append(scheduler.get_last_lr()[0])
        optimizer.step()
        scheduler.step()
    assert rates[0] == pytest.approx(0.1 / 3) and rates[2] == pytest.approx(0.1)
    assert rates == sorted(rates[:3]) + sorted(rates[3:], reverse=True)


def test_head_learning_rate_puts_the_head_in_its_own_groups(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    model, _ = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    names = {id(p): n for n, p in model.named_parameters()}
    optimizer = make_optimizer(model, 1e-4, 0.01, "cpu", head_learning_rate=5e-3)
    groups = [
        (g["lr"], g["weight_decay"], sorted(names[id(p)] for p in g["params"]))
        for g in optimizer.param_groups
    ]
    assert [(lr, wd) for lr, wd, _ in groups] == [
        (1e-4, 0.01),
        (1e-4, 0.0),
        (5e-3, 0.01),
        (5e-3, 0.0),
    ]
    assert groups[2][2] == ["classifier.weight", "shape_embedding.weight"]
    assert groups[3][2] == ["classifier.bias"]
    assert all(n.startswith("encoder.") for _, _, params in groups[:2] for n in params)
    assert sum(len(params) for _, _, params in groups) == len(names)
    scheduler = make_scheduler(optimizer, warmup_ratio=0.5, total_steps=4)
    optimizer.step()
    scheduler.step()
    encoder_lr, _, head_lr, _ = scheduler.get_last_lr()
    assert head_lr / encoder_lr == pytest.approx(50.0)


def test_without_head_learning_rate_every_parameter_shares_the_rate(
    tiny_backbone: Path, schema: LabelSchema
) -> None:
    model, _ = build_model(ModelConfig(backbone=str(tiny_backbone)), schema)
    optimizer = make_optimizer(model, 1e-4, 0.01, "cpu")
    assert [g["lr"] for g in optimizer.param_groups] == [1e-4, 1e-4]
