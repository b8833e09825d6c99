"""The Trainer: epochs of AdamW steps (accumulation, clipping, AMP), validation, checkpoints.

In a data-parallel job (see :mod:`.distributed`) every rank takes its share of each global
batch (:func:`~.batching.shard`), the model is wrapped in DistributedDataParallel and the loss
is divided by the labelled tokens of the whole global batch, so a step equals the step of
one process on the global batch. Rank 0 alone validates, calls the callbacks, decides to stop
and writes checkpoints; the others get its metrics and progress by broadcast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.infrastructure.tracking.callbacks import STOP, CallbackList, TrainInfo
from resume_ner.training.core import checkpoint as ckpt
from resume_ner.training.core.artifact import save_model
from resume_ner.training.core.batching import epoch_batches, shard
from resume_ner.training.core.decoding import tune_weight
from resume_ner.training.core.distributed import SINGLE, World
from resume_ner.training.core.evaluate import predict_encoded, score_decoded, window_log_probs
from resume_ner.training.core.features import EncodedSet, collate_tensors, to_tensor
from resume_ner.training.core.model import token_loss
from resume_ner.training.core.optim import make_optimizer, make_scheduler, retarget_schedule
from resume_ner.training.core.progress import Progress
from resume_ner.training.core.result import TrainResult
from resume_ner.training.core.runtime import autocast, capture_rng, restore_rng
from resume_ner.training.core.setup import RunSetup

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

    from resume_ner.training.core.model import TokenClassifier

logger = logging.getLogger(__name__)


class Trainer:
    """One training run over prepared inputs; see :func:`~.loop.train`."""

    def __init__(
        self,
        setup: RunSetup,
        model: TokenClassifier,
        tokenizer: PreTrainedTokenizerBase,
        callbacks: CallbackList,
        world: World = SINGLE,
    ) -> None:
        import torch

        self.setup = setup
        self.cfg = setup.training
        self.world = world
        self.model = model.to(setup.device)
        self.tokenizer = tokenizer
        self.callbacks = callbacks
        self.pad_id = int(tokenizer.pad_token_id or 0)
        features = setup.train_set.features
        self.rows = [to_tensor(feature) for feature in features]
        self.labelled: list[int] = []  # per window; a data-parallel step divides by their sum
        if world.enabled:
            self.labelled = [sum(label != -100 for label in f.labels) for f in features]
        self.steps_per_epoch = math.ceil(
            len(self._batches(1)) / self.cfg.gradient_accumulation_steps
        )
        self.optimizer = make_optimizer(
            model,
            self.cfg.learning_rate,
            self.cfg.weight_decay,
            setup.device,
            head_learning_rate=self.cfg.head_learning_rate,
        )
        self.scheduler = make_scheduler(
            self.optimizer, self.cfg.warmup_ratio, self.steps_per_epoch * self.cfg.epochs
        )
        device_type = setup.device.partition(":")[0]
        self.scaler = torch.amp.GradScaler(device_type, enabled=setup.precision == "fp16")
        self.ddp = world.wrap(self.model, setup.device) if world.enabled else None
        wrapped = self.ddp if self.ddp is not None else self.model
        self.forward = torch.compile(wrapped) if self.cfg.torch_compile else wrapped
        self.progress = Progress(run_key=setup.run_key, world_size=world.world_size)

    def _batches(self, epoch: int) -> list[list[int]]:
        """The epoch's global batches (``batch_size`` windows per rank), the same on every rank."""
        cfg = self.cfg
        lengths = self.setup.train_set.lengths
        size = cfg.batch_size * self.world.world_size
        return epoch_batches(lengths, size, cfg.seed, epoch, cfg.group_by_length)

    def _optimizer_step(self) -> None:
        import torch

        self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.max_grad_norm)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.scheduler.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.progress.step += 1

    def _loss(self, indices: list[int], whole: list[int]) -> tuple[Any, int]:
        """This rank's loss on its windows of the global batch ``whole``, and their tokens.

        A rank with no window of a short last batch runs the first one with every label
        ignored (zero loss and gradient), so that every rank takes part in every step.
        """
        import torch

        device, world = self.setup.device, self.world
        batch = collate_tensors([self.rows[j] for j in indices or whole[:1]], self.pad_id)
        if not indices:
            batch["labels"] = torch.full_like(batch["labels"], -100)
        tokens = int(batch["attention_mask"].sum()) if indices else 0
        batch = {key: value.to(device, non_blocking=True) for key, value in batch.items()}
        with autocast(device, self.setup.precision):
            logits = self.forward(batch["input_ids"], batch["attention_mask"], batch["shape_ids"])
        if not world.enabled:
            return token_loss(logits, batch["labels"]), tokens
        total = sum(self.labelled[j] for j in whole)
        return token_loss(logits, batch["labels"], total=total), tokens

    def train_epoch(self, epoch: int) -> dict[str, float]:
        """One pass over the training windows; returns loss, learning rate and throughput
        (loss and tokens summed over the ranks, seconds of the slowest)."""
        import torch

        device, accum, world = self.setup.device, self.cfg.gradient_accumulation_steps, self.world
        self.model.train()
        batches = self._batches(epoch)
        loss_sum = torch.zeros((), device=device)
        tokens = 0
        start = time.perf_counter()
        self.optimizer.zero_grad(set_to_none=True)
        for i, whole in enumerate(batches):
            sync = (i + 1) % accum == 0 or i + 1 == len(batches)
            quiet = self.ddp.no_sync() if self.ddp is not None and not sync else None
            with quiet or contextlib.nullcontext():
                loss, count = self._loss(shard(whole, world.rank, world.world_size), whole)
                scaled = loss * world.world_size if world.enabled else loss
                self.scaler.scale(scaled / accum).backward()
            tokens += count
            loss_sum += loss.detach()
            if sync:
                self._optimizer_step()
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        seconds = world.max(time.perf_counter() - start)
        total_loss, total_tokens = world.sum(float(loss_sum), tokens)
        self.progress.train_tokens += int(total_tokens)
        self.progress.train_seconds += seconds
        return {
            "train_loss": total_loss / max(1, len(batches)),
            "learning_rate": float(self.scheduler.get_last_lr()[0]),
            "tokens_per_second": total_tokens / seconds if seconds > 0 else 0.0,
            "epoch_seconds": seconds,
        }

    def evaluate(self) -> dict[str, float]:
        """Validation metrics on whole documents (empty without validation documents)."""
        val: EncodedSet = self.setup.validation_set
        if not val.documents:
            return {}
        head = self.model.head
        run: dict[str, Any] = {
            "batch_size": self.cfg.eval_batch_size,
            "device": self.setup.device,
            "precision": self.setup.precision,
            "pad_token_id": self.pad_id,
        }
        if self.setup.model.transition_weight == "auto" and head.transition_prior is not None:
            rows = window_log_probs(self.model, val.features, **run)
            weight, tuned = tune_weight(head, val, rows, self.setup.schema)
            self.model.head = dataclasses.replace(head, transition_weight=weight)
            return {**tuned.metrics, "transition_weight": weight}
        decoded = predict_encoded(self.model, val, self.setup.schema, **run)
        return score_decoded(val, decoded, self.setup.schema).metrics

    def save(self, best: bool) -> None:
        """Write the best model (when ``best``) and the last checkpoint, as configured."""
        out = self.setup.output_dir
        schema = self.setup.schema
        if best and self.cfg.save_best:

            def write_best(folder: Path) -> None:
                save_model(self.model, self.tokenizer, schema, folder)
                ckpt.write_exact_json(folder / ckpt.METRICS_FILE, self.progress.best_metrics)

            ckpt.write_folder_atomically(out / ckpt.BEST_DIR, write_best)
        if self.cfg.save_last:

            def write_last(folder: Path) -> None:
                save_model(self.model, self.tokenizer, schema, folder)
                ckpt.save_training_state(folder, self._state(), self.progress.to_dict())

            ckpt.write_folder_atomically(out / ckpt.LAST_DIR, write_last)

    def _state(self) -> dict[str, Any]:
        return {
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "scaler": self.scaler.state_dict(),
            "rng": capture_rng(),
        }

    def restore(self, folder: Path, progress: Progress) -> None:
        """Continue from a last checkpoint: optimizer, scheduler, scaler, RNG and progress.

        A checkpoint written by another number of ranks has another number of steps per
        epoch: the schedule is moved to the same point of the run (see
        :func:`~.optim.retarget_schedule`) and the global batch changes with the ranks.
        """
        state = ckpt.load_training_state(folder)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        total = self.steps_per_epoch * self.cfg.epochs
        at = progress.epoch * self.steps_per_epoch
        if retarget_schedule(self.scheduler, self.cfg.warmup_ratio, total, at):
            logger.info(
                "checkpoint of %d rank(s) continues on %d: %d steps per epoch, global batch %d",
                progress.world_size,
                self.world.world_size,
                self.steps_per_epoch,
                self.cfg.batch_size * self.world.world_size,
            )
        self.scaler.load_state_dict(state["scaler"])
        restore_rng(state["rng"])
        self.progress = dataclasses.replace(progress, world_size=self.world.world_size)

    def run(self) -> TrainResult:
        """Train the remaining epochs, evaluating, checkpointing and early stopping."""
        start_epoch = self.progress.epoch
        if self.world.is_main:
            self.callbacks.on_train_begin(self._info(start_epoch))
        while self.progress.epoch < self.cfg.epochs and not self.progress.finished:
            epoch = self.progress.epoch + 1
            began = time.perf_counter()
            metrics: dict[str, float] = {"epoch": float(epoch), **self.train_epoch(epoch)}
            conclude = functools.partial(self._conclude, epoch, metrics, began)
            self.progress, weight = self.world.on_main(conclude)
            if weight != self.model.head.transition_weight:
                self.model.head = dataclasses.replace(self.model.head, transition_weight=weight)
        return self.world.on_main(functools.partial(self._finish, start_epoch))

    def _conclude(
        self, epoch: int, metrics: dict[str, float], began: float
    ) -> tuple[Progress, float]:
        """Rank 0's end of an epoch: validate, record, decide to stop, checkpoint."""
        progress, cfg = self.progress, self.cfg
        validation = self.evaluate()
        metrics.update(validation)
        improved = progress.record(
            epoch,
            metrics,
            bool(validation),
            cfg.early_stopping_patience,
            keep_last=cfg.checkpoint_selection == "last",
        )
        progress.spend(time.perf_counter() - began, cfg.max_minutes, cfg.epochs)
        if self.callbacks.on_epoch_end(epoch, metrics) == STOP:
            progress.finish("callback")
        elif progress.epoch >= cfg.epochs:
            progress.finish(progress.stop_reason)
        logger.info("epoch %d/%d: %s", epoch, cfg.epochs, _summary(metrics))
        self.save(improved)
        return progress, self.model.head.transition_weight

    def _finish(self, start_epoch: int) -> TrainResult:
        result = self.progress.result(self.setup, start_epoch, self.cfg.epochs)
        self.callbacks.on_train_end(result)
        return result

    def _info(self, start_epoch: int) -> TrainInfo:
        return TrainInfo(
            epochs=self.cfg.epochs,
            start_epoch=start_epoch,
            steps_per_epoch=self.steps_per_epoch,
            train_windows=len(self.rows),
            validation_documents=len(self.setup.validation_set.documents),
            device=self.setup.device,
            precision=self.setup.precision,
            output_dir=str(self.setup.output_dir),
        )


def _summary(metrics: dict[str, float]) -> str:
    keys = (
        "train_loss",
        "span_f1",
        "span_precision",
        "span_recall",
        "transition_weight",
        "tokens_per_second",
    )
    return ", ".join(f"{key}={metrics[key]:.4g}" for key in keys if key in metrics)
