"""The training loop: AdamW, warm-up/decay, clipping, accumulation, AMP, early stopping, resume."""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resume_ner.data.processing import labels_to_propagate
from resume_ner.infrastructure.tracking.callbacks import STOP, Callback, CallbackList, TrainInfo
from resume_ner.training.core import checkpoint as ckpt
from resume_ner.training.core.artifact import load_model, save_model
from resume_ner.training.core.batching import epoch_batches
from resume_ner.training.core.decoding import tune_weight, with_prior
from resume_ner.training.core.evaluate import predict_encoded, score_decoded, window_log_probs
from resume_ner.training.core.features import EncodedSet, collate_tensors, to_tensor
from resume_ner.training.core.model import build_model, token_loss
from resume_ner.training.core.optim import make_optimizer, make_scheduler
from resume_ner.training.core.progress import Progress, run_key
from resume_ner.training.core.result import TrainResult
from resume_ner.training.core.runtime import (
    autocast,
    capture_rng,
    restore_rng,
    seed_everything,
)
from resume_ner.training.core.setup import RunSetup, prepare

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.data.loaders.document import Document
    from resume_ner.infrastructure.config.sections.data import DataConfig
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.infrastructure.config.sections.training import TrainingConfig
    from resume_ner.training.core.model import TokenClassifier

logger = logging.getLogger(__name__)


class Trainer:
    """One training run over prepared inputs; see :func:`train`."""

    def __init__(
        self,
        setup: RunSetup,
        model: TokenClassifier,
        tokenizer: PreTrainedTokenizerBase,
        callbacks: CallbackList,
    ) -> None:
        import torch

        self.setup = setup
        self.cfg = setup.training
        self.model = model.to(setup.device)
        self.tokenizer = tokenizer
        self.callbacks = callbacks
        self.pad_id = int(tokenizer.pad_token_id or 0)
        self.rows = [to_tensor(feature) for feature in setup.train_set.features]
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
        self.forward = torch.compile(self.model) if self.cfg.torch_compile else self.model
        self.progress = Progress(run_key=setup.run_key)

    def _batches(self, epoch: int) -> list[list[int]]:
        cfg = self.cfg
        lengths = self.setup.train_set.lengths
        return epoch_batches(lengths, cfg.batch_size, cfg.seed, epoch, cfg.group_by_length)

    def _optimizer_step(self) -> None:
        import torch

        self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.max_grad_norm)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.scheduler.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.progress.step += 1

    def train_epoch(self, epoch: int) -> dict[str, float]:
        """One pass over the training windows; returns loss, learning rate and throughput."""
        import torch

        device, accum = self.setup.device, self.cfg.gradient_accumulation_steps
        self.model.train()
        batches = self._batches(epoch)
        loss_sum = torch.zeros((), device=device)
        tokens = 0
        start = time.perf_counter()
        self.optimizer.zero_grad(set_to_none=True)
        for i, indices in enumerate(batches):
            batch = collate_tensors([self.rows[j] for j in indices], self.pad_id)
            tokens += int(batch["attention_mask"].sum())
            batch = {key: value.to(device, non_blocking=True) for key, value in batch.items()}
            with autocast(device, self.setup.precision):
                logits = self.forward(
                    batch["input_ids"], batch["attention_mask"], batch["shape_ids"]
                )
            loss = token_loss(logits, batch["labels"])
            self.scaler.scale(loss / accum).backward()
            loss_sum += loss.detach()
            if (i + 1) % accum == 0 or i + 1 == len(batches):
                self._optimizer_step()
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        self.progress.train_tokens += tokens
        self.progress.train_seconds += seconds
        return {
            "train_loss": float(loss_sum) / max(1, len(batches)),
            "learning_rate": float(self.scheduler.get_last_lr()[0]),
            "tokens_per_second": tokens / seconds if seconds > 0 else 0.0,
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
        """Continue from a last checkpoint: optimizer, scheduler, scaler, RNG and progress."""
        state = ckpt.load_training_state(folder)
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.scaler.load_state_dict(state["scaler"])
        restore_rng(state["rng"])
        self.progress = progress

    def run(self) -> TrainResult:
        """Train the remaining epochs, evaluating, checkpointing and early stopping."""
        progress, cfg = self.progress, self.cfg
        start_epoch = progress.epoch
        self.callbacks.on_train_begin(self._info(start_epoch))
        while progress.epoch < cfg.epochs and not progress.finished:
            epoch = progress.epoch + 1
            began = time.perf_counter()
            metrics: dict[str, float] = {"epoch": float(epoch), **self.train_epoch(epoch)}
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
        result = progress.result(self.setup, start_epoch, self.cfg.epochs)
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


def propagation_labels(
    setting: str | Sequence[str], train_documents: Sequence[Document], schema: LabelSchema
) -> tuple[str, ...]:
    """The labels whose mentions propagate: ``model.propagate_mentions`` resolved.

    ``"auto"`` reads the annotation convention of the training documents
    (:func:`labels_to_propagate`), ``"off"`` gives none, a list is checked against the schema.

    Raises:
        ValueError: If a listed label is not in the schema.
    """
    if setting == "off":
        return ()
    if setting == "auto":
        found = labels_to_propagate(train_documents)
        labels = tuple(label for label in found if label in schema.labels)
        logger.info("mention propagation from the training annotations: %s", labels or "none")
        return labels
    unknown = sorted(set(setting) - set(schema.labels))
    if unknown:
        raise ValueError(
            f"model.propagate_mentions names labels not in the schema: {', '.join(unknown)}"
        )
    return tuple(setting)


def train(
    *,
    model_config: ModelConfig,
    training_config: TrainingConfig,
    data_config: DataConfig,
    train_documents: Sequence[Document],
    validation_documents: Sequence[Document],
    schema: LabelSchema,
    output_dir: str | os.PathLike[str],
    callbacks: Sequence[Callback] = (),
    device: str = "auto",
    resume: bool = True,
) -> TrainResult:
    """Fine-tune a token classifier and keep its best and last checkpoints.

    Windows come from ``data_config`` (``max_length``, ``stride``, ``label_all_subtokens``);
    the model from ``model_config``; optimisation from ``training_config``. After each epoch
    the model is scored on whole validation documents (strict span-F1 of BIO-decoded spans);
    the best epoch is saved to ``<output_dir>/best`` and every epoch to ``<output_dir>/last``
    (with optimizer, scheduler and RNG state). With ``resume`` a run whose ``last`` checkpoint
    exists continues from it and reaches the same result as an uninterrupted run.

    Args:
        model_config: Backbone and head.
        training_config: Loop settings (epochs, batch size, learning rate, precision, ...).
        data_config: Window settings.
        train_documents: Training documents (must not be empty).
        validation_documents: Validation documents (empty: no early stopping; best = last).
        schema: Label schema; every span label must be in it.
        output_dir: Folder of the ``best`` and ``last`` checkpoints.
        callbacks: Event subscribers; ``on_epoch_end`` may return :data:`STOP`.
        device: ``auto``, ``cpu``, ``cuda`` or ``cuda:N``.
        resume: Continue from ``<output_dir>/last`` when it exists.

    Raises:
        ValueError: For an empty training split, labels unknown to the schema, a max_length
            beyond the backbone's positions, a checkpoint of different settings, or a bad
            device/precision.
    """
    setup = prepare(
        model=model_config,
        training=training_config,
        data=data_config,
        train_documents=train_documents,
        validation_documents=validation_documents,
        schema=schema,
        output_dir=output_dir,
        device=device,
    )
    key = run_key(setup, train_documents, validation_documents)
    setup = setup.with_run_key(key)
    last = None
    if resume:
        ckpt.recover_folder(setup.output_dir / ckpt.BEST_DIR)
        last = ckpt.recover_folder(setup.output_dir / ckpt.LAST_DIR)
    progress = Progress.load(last, key) if last is not None else None
    if progress is not None and progress.finished:
        logger.info("training in %s already finished; returning its result", setup.output_dir)
        return progress.result(setup, progress.epoch, training_config.epochs)
    seed_everything(training_config.seed)
    if progress is not None and last is not None:
        model, tokenizer, _ = load_model(last, setup.device)
        setup = setup.encode(tokenizer)
    else:
        propagate = propagation_labels(model_config.propagate_mentions, train_documents, schema)
        model, tokenizer = build_model(model_config, schema, propagate)
        setup = setup.encode(tokenizer)
        model.head = with_prior(model.head, model_config.transition_weight, setup.train_set, schema)
    trainer = Trainer(setup, model, tokenizer, CallbackList(callbacks))
    if progress is not None and last is not None:
        logger.info("resuming from %s after epoch %d", last, progress.epoch)
        trainer.restore(last, progress)
    return trainer.run()
