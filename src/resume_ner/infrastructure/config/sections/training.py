"""Config of the training loop and final-training execution."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from resume_ner.infrastructure.config.base import StrictModel

Launcher = Literal["inprocess", "subprocess", "torchrun", "azureml"]
"""How final training runs: here, a child process, torchrun, or an Azure ML command job."""
LAUNCHERS: tuple[str, ...] = get_args(Launcher)
"""Every launcher, in-process (the default) first."""


class TrainingConfig(StrictModel):
    """Optimisation, precision, checkpoints and launch mode."""

    epochs: int = Field(10, ge=1, description="Maximum training epochs.")
    batch_size: int = Field(8, ge=1, description="Windows per optimisation step per device.")
    eval_batch_size: int = Field(32, ge=1, description="Windows per evaluation batch.")
    learning_rate: float = Field(5e-4, gt=0, description="Peak AdamW learning rate of the encoder.")
    head_learning_rate: float | None = Field(
        5e-3,
        gt=0,
        description="Peak learning rate of the freshly initialised head (word-shape embedding "
        "and output layer); empty uses learning_rate. At the encoder's rate the head learns "
        "too slowly for a short CPU budget.",
    )
    weight_decay: float = Field(0.01, ge=0, description="AdamW weight decay (not on biases/norms).")
    warmup_ratio: float = Field(0.1, ge=0, lt=1, description="Fraction of steps of linear warm-up.")
    max_grad_norm: float = Field(1.0, gt=0, description="Gradient clipping norm.")
    gradient_accumulation_steps: int = Field(1, ge=1, description="Batches per optimizer step.")
    group_by_length: bool = Field(True, description="Batch windows of similar length together.")
    early_stopping_patience: int | None = Field(
        3, ge=1, description="Stop after this many epochs without a better validation span-F1."
    )
    checkpoint_selection: Literal["best", "last"] = Field(
        "best",
        description="The epoch kept as the model (the best/ checkpoint that later stages use): "
        "'best' = the best validation span-F1; 'last' = the last epoch, whatever validation "
        "says (for small validation sets, whose best epoch is mostly noise; early stopping is "
        "then off).",
    )
    max_minutes: float | None = Field(
        None,
        gt=0,
        description="Wall-clock budget of the run (training and validation, summed over "
        "resumes); the next epoch is skipped when the longest epoch so far would overrun it. "
        "Empty: no budget.",
    )
    precision: Literal["auto", "fp32", "bf16", "fp16"] = Field(
        "auto",
        description="auto: bf16 on CUDA with bf16 support, else fp16 on CUDA, fp32 on CPU.",
    )
    torch_compile: bool = Field(False, description="Wrap the model in torch.compile.")
    seed: int = Field(42, description="Seed of initialisation, shuffling and dropout.")
    num_threads: int | None = Field(
        None, ge=1, description="torch intra-op threads on CPU; empty keeps torch's default."
    )
    save_best: bool = Field(True, description="Keep the checkpoint with the best validation F1.")
    save_last: bool = Field(True, description="Keep the last checkpoint (needed to resume).")
    refit: bool = Field(
        False,
        description="After training, retrain on train+validation for the best epoch count.",
    )
    launcher: Launcher = Field("inprocess", description="How final training is launched.")
    nproc_per_node: int = Field(
        1,
        ge=1,
        description="Training processes per node (one per GPU): data-parallel ranks for the "
        "torchrun launcher and Azure ML (process_count_per_instance). batch_size is per "
        "process, so a step takes batch_size x nproc_per_node x nnodes windows.",
    )
    nnodes: int = Field(
        1,
        ge=1,
        description="Nodes (machines) of a data-parallel run: torchrun --nnodes, Azure ML "
        "instance_count. Above 1, torchrun needs rdzv_endpoint and is started on every node.",
    )
    rdzv_endpoint: str | None = Field(
        None,
        description="host:port of torchrun's c10d rendezvous for nnodes > 1 (a port on the "
        "first node that every node can reach); empty: one node, torchrun --standalone.",
    )
    rdzv_id: str = Field(
        "resume-ner",
        min_length=1,
        description="Rendezvous id of a multi-node torchrun job: the same on every node, "
        "another one for each concurrent job.",
    )
