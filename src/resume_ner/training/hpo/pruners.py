"""The Optuna pruner of a study, fed with validation span-F1 after every epoch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resume_ner.infrastructure.config.sections.hpo import PrunerConfig

if TYPE_CHECKING:
    import optuna


def make_pruner(config: PrunerConfig, max_resource: int) -> optuna.pruners.BasePruner:
    """Build the pruner of ``config``.

    Steps are epochs (1-based), or completed folds with a k-fold objective.

    Args:
        config: The pruner section.
        max_resource: Most steps a trial reports (epochs per trial, or k); the Hyperband
            maximum resource.

    Returns:
        A median, successive-halving, Hyperband or no-op pruner.
    """
    import optuna

    if config.type == "median":
        return optuna.pruners.MedianPruner(
            n_startup_trials=config.n_startup_trials, n_warmup_steps=config.n_warmup_steps
        )
    if config.type == "successive_halving":
        return optuna.pruners.SuccessiveHalvingPruner(
            min_resource=config.min_resource, reduction_factor=config.reduction_factor
        )
    if config.type == "hyperband":
        return optuna.pruners.HyperbandPruner(
            min_resource=config.min_resource,
            max_resource=max(max_resource, config.min_resource),
            reduction_factor=config.reduction_factor,
        )
    return optuna.pruners.NopPruner()
