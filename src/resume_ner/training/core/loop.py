"""The training entry point: check inputs, resume or build the model, run the Trainer.

AdamW, warm-up/decay, clipping, accumulation, AMP, early stopping and checkpoints live in
:mod:`.trainer`; under torchrun every rank trains its share of each batch (:mod:`.distributed`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from resume_ner.data.processing import labels_to_propagate
from resume_ner.infrastructure.platform.adapters.device import resolve_device
from resume_ner.infrastructure.tracking.callbacks import Callback, CallbackList
from resume_ner.training.core import checkpoint as ckpt
from resume_ner.training.core import distributed
from resume_ner.training.core.artifact import load_model
from resume_ner.training.core.decoding import with_prior
from resume_ner.training.core.leader import announcing
from resume_ner.training.core.model import build_model
from resume_ner.training.core.progress import Progress, run_key
from resume_ner.training.core.result import TrainResult
from resume_ner.training.core.runtime import seed_everything
from resume_ner.training.core.setup import RunSetup, prepare
from resume_ner.training.core.trainer import Trainer

if TYPE_CHECKING:
    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.data.loaders.document import Document
    from resume_ner.infrastructure.config.sections.data import DataConfig
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.infrastructure.config.sections.training import TrainingConfig
    from resume_ner.training.core.distributed import World

logger = logging.getLogger(__name__)


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

    Under torchrun (``WORLD_SIZE`` > 1) every rank makes this call with the same arguments
    (or follows rank 0's, see :mod:`.leader`): ``batch_size`` is per rank, so a step takes
    ``batch_size x ranks`` windows; rank 0 alone validates, calls ``callbacks`` and writes
    the checkpoints, which resume on any number of ranks (on storage every rank can read).

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
    kwargs: dict[str, Any] = {
        "model_config": model_config,
        "training_config": training_config,
        "data_config": data_config,
        "train_documents": list(train_documents),
        "validation_documents": list(validation_documents),
        "schema": schema,
        "output_dir": output_dir,
        "device": device,
        "resume": resume,
    }
    with announcing(kwargs), distributed.session(device) as world:
        if world.enabled:
            kwargs["device"] = world.local_device(resolve_device(device))
        return _train(world, CallbackList(callbacks), **kwargs)


def _saved_progress(setup: RunSetup, resume: bool) -> Progress | None:
    """Rank 0: the progress of the ``last`` checkpoint to resume (recovering swapped folders)."""
    if not resume:
        return None
    ckpt.recover_folder(setup.output_dir / ckpt.BEST_DIR)
    last = ckpt.recover_folder(setup.output_dir / ckpt.LAST_DIR)
    return Progress.load(last, setup.run_key) if last is not None else None


def _train(
    world: World,
    callbacks: CallbackList,
    *,
    model_config: ModelConfig,
    training_config: TrainingConfig,
    data_config: DataConfig,
    train_documents: Sequence[Document],
    validation_documents: Sequence[Document],
    schema: LabelSchema,
    output_dir: str | os.PathLike[str],
    device: str,
    resume: bool,
) -> TrainResult:
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
    setup = setup.with_run_key(run_key(setup, train_documents, validation_documents))
    progress = world.on_main(lambda: _saved_progress(setup, resume))
    if progress is not None and progress.finished:
        logger.info("training in %s already finished; returning its result", setup.output_dir)
        return world.on_main(lambda: progress.result(setup, progress.epoch, training_config.epochs))
    seed_everything(training_config.seed)
    last = setup.output_dir / ckpt.LAST_DIR
    if progress is not None:
        model, tokenizer, _ = load_model(last, setup.device)
        setup = setup.encode(tokenizer)
    else:
        propagate = propagation_labels(model_config.propagate_mentions, train_documents, schema)
        model, tokenizer = build_model(model_config, schema, propagate)
        setup = setup.encode(tokenizer)
        model.head = with_prior(model.head, model_config.transition_weight, setup.train_set, schema)
    trainer = Trainer(setup, model, tokenizer, callbacks, world)
    if progress is not None:
        logger.info("resuming from %s after epoch %d", last, progress.epoch)
        trainer.restore(last, progress)
    return trainer.run()
