"""Config of hyper-parameter optimisation: search space, sampler, pruner, storage."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from resume_ner.infrastructure.config.base import StrictModel


class _Condition(StrictModel):
    when: dict[str, Any] | None = Field(
        None,
        description="Suggest this parameter only when each named parameter has the given value.",
    )


class FloatParam(_Condition):
    """A float in [low, high], optionally log-scaled or stepped."""

    type: Literal["float"] = Field(description="Parameter kind.")
    low: float = Field(description="Lower bound (inclusive).")
    high: float = Field(description="Upper bound (inclusive).")
    log: bool = Field(False, description="Sample on a log scale.")
    step: float | None = Field(None, gt=0, description="Discretisation step.")

    @model_validator(mode="after")
    def _bounds(self) -> FloatParam:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must be <= high ({self.high:g})")
        if self.log and self.low <= 0:
            raise ValueError(f"a log-scaled range needs low > 0, got {self.low:g}")
        if self.log and self.step is not None:
            raise ValueError("step and log cannot be combined")
        return self


class IntParam(_Condition):
    """An integer in [low, high]."""

    type: Literal["int"] = Field(description="Parameter kind.")
    low: int = Field(description="Lower bound (inclusive).")
    high: int = Field(description="Upper bound (inclusive).")
    log: bool = Field(False, description="Sample on a log scale.")
    step: int = Field(1, ge=1, description="Step between values.")

    @model_validator(mode="after")
    def _bounds(self) -> IntParam:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) must be <= high ({self.high})")
        if self.log and self.low <= 0:
            raise ValueError(f"a log-scaled range needs low > 0, got {self.low}")
        return self


class CategoricalParam(_Condition):
    """One of a list of choices."""

    type: Literal["categorical"] = Field(description="Parameter kind.")
    choices: list[Any] = Field(min_length=1, description="The values to choose from.")


SearchParam = Annotated[FloatParam | IntParam | CategoricalParam, Field(discriminator="type")]


class SamplerConfig(StrictModel):
    """The Optuna sampler."""

    type: Literal["tpe", "random", "grid"] = Field("tpe", description="Sampler algorithm.")
    seed: int | None = Field(42, description="Sampler seed (empty: non-deterministic).")
    n_startup_trials: int = Field(5, ge=0, description="Random trials before TPE models.")


class PrunerConfig(StrictModel):
    """The Optuna pruner fed with validation span-F1 after every epoch."""

    type: Literal["median", "successive_halving", "hyperband", "none"] = Field(
        "median", description="Pruning algorithm."
    )
    n_startup_trials: int = Field(2, ge=0, description="Trials completed before pruning starts.")
    n_warmup_steps: int = Field(
        1, ge=0, description="Epochs reported before a trial may be pruned."
    )
    min_resource: int = Field(1, ge=1, description="Min epochs (successive halving/hyperband).")
    reduction_factor: int = Field(3, ge=2, description="Reduction factor (halving/hyperband).")


class KFoldConfig(StrictModel):
    """Cross-validated objective."""

    enabled: bool = Field(False, description="Average the objective over k document folds.")
    k: int = Field(5, ge=2, description="Number of folds.")
    prune_after_first_fold: bool = Field(
        True, description="Allow a prune decision after the first fold's score."
    )


def default_search_space() -> dict[str, FloatParam | IntParam | CategoricalParam]:
    """Return the default search space: learning rate, batch size and dropout."""
    return {
        "training.learning_rate": FloatParam(type="float", low=1e-4, high=1e-3, log=True),
        "training.batch_size": CategoricalParam(type="categorical", choices=[8, 16]),
        "model.dropout": FloatParam(type="float", low=0.0, high=0.3),
    }


class HpoConfig(StrictModel):
    """An Optuna study over the training config."""

    study_name: str = Field("resume-ner-hpo", description="Study name, the {study} token.")
    direction: Literal["maximize", "minimize"] = Field(
        "maximize", description="Objective direction (validation span-F1 is maximised)."
    )
    n_trials: int = Field(
        10,
        ge=1,
        description="Finished (complete or pruned) trials the study should hold across all "
        "runs and workers; a re-run continues until it has them (--n-trials caps one process).",
    )
    timeout_s: float | None = Field(None, gt=0, description="Stop starting trials after this.")
    epochs_per_trial: int | None = Field(
        None, ge=1, description="Epochs per trial; empty uses training.epochs."
    )
    search_space: dict[str, SearchParam] = Field(
        default_factory=default_search_space,
        description="Dotted config key -> parameter distribution.",
    )
    sampler: SamplerConfig = Field(default_factory=SamplerConfig, description="Sampler.")
    pruner: PrunerConfig = Field(default_factory=PrunerConfig, description="Pruner.")
    kfold: KFoldConfig = Field(default_factory=KFoldConfig, description="k-fold objective.")
    storage: str | None = Field(
        None,
        description="SQLAlchemy URL of the study storage (postgresql://...); empty means "
        "sqlite:///<output_root>/optuna.db. Env: RESUME_NER_HPO__STORAGE.",
    )
    heartbeat_s: int = Field(
        60, ge=1, description="Trial heartbeat; a silent trial is failed and retried."
    )
    max_retries: int = Field(2, ge=0, description="Retries of a trial whose worker died.")
    keep_checkpoints: Literal["best", "all", "none"] = Field(
        "best", description="Which trial checkpoints stay on disk."
    )

    @model_validator(mode="after")
    def _non_empty(self) -> HpoConfig:
        if not self.search_space:
            raise ValueError("search_space is empty: declare at least one parameter")
        return self
