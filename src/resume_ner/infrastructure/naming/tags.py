"""The MLflow tag keys the project writes, all under one prefix, and tag builders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from resume_ner.common.constants.stages import Stage
from resume_ner.core.normalize import normalize
from resume_ner.core.placeholders import SCOPE_RULES
from resume_ner.core.tokens import TOKENS, Scope

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections.naming import NamingConfig

FINGERPRINT_NAMES: tuple[str, ...] = tuple(name for name in TOKENS if name.endswith("_fp"))
"""Every fingerprint a tag may record: data_fp, spec_fp, exec_fp, conv_fp, bench_fp, ..."""

_STAGES = frozenset(stage.value for stage in Stage)
_PREFIX = re.compile(r"[A-Za-z0-9_.\-/ ]*")
_MAX_PREFIX = 200
_RUN_TAGS = (
    "backbone", "study", "trial", "fold", "variant", "status", "package_version", "git_sha"
)  # fmt: skip


def tag_value(value: object, key: str = "tag") -> str:
    """Normalize ``value`` for the tag scope (as text, at most 250 characters).

    Raises:
        ValueError: Naming ``key`` when nothing usable is left of the value.
    """
    try:
        return normalize(value, SCOPE_RULES[Scope.TAG]).value
    except ValueError as exc:
        raise ValueError(f"tag {key!r}: {exc}") from None


def _checked_stage(stage: Stage | str, what: str) -> str:
    if stage not in _STAGES:
        raise ValueError(f"{what}: unknown stage {str(stage)!r}; known stages: {sorted(_STAGES)}")
    return str(stage)


@dataclass(frozen=True)
class TagKeys:
    """Registry of tag keys; each is ``prefix`` + a fixed suffix (``resume_ner.spec_fp``).

    Only ``prefix`` is given; every other attribute is derived from it.
    """

    prefix: str
    stage: str = field(init=False)
    backbone: str = field(init=False)
    study: str = field(init=False)
    trial: str = field(init=False)
    fold: str = field(init=False)
    variant: str = field(init=False)
    status: str = field(init=False)
    package_version: str = field(init=False)
    git_sha: str = field(init=False)
    parent_run_id: str = field(init=False)
    parent_stage: str = field(init=False)

    def __post_init__(self) -> None:
        if len(self.prefix) > _MAX_PREFIX or not _PREFIX.fullmatch(self.prefix):
            raise ValueError(
                f"naming.tag_prefix {self.prefix!r}: use at most {_MAX_PREFIX} letters, digits, "
                "'_', '-', '.', '/' or spaces"
            )
        for name in ("stage", *_RUN_TAGS):
            object.__setattr__(self, name, f"{self.prefix}{name}")
        object.__setattr__(self, "parent_run_id", f"{self.prefix}parent.run_id")
        object.__setattr__(self, "parent_stage", f"{self.prefix}parent.stage")

    @classmethod
    def from_config(cls, config: NamingConfig) -> TagKeys:
        """The registry for ``config.tag_prefix``."""
        return cls(config.tag_prefix)

    def fingerprint(self, name: str) -> str:
        """The key of fingerprint ``name`` (``spec_fp`` -> ``<prefix>spec_fp``)."""
        return f"{self.prefix}{_checked_fingerprint(name)}"

    def parent_fingerprint(self, name: str) -> str:
        """The key of the parent's fingerprint ``name`` (``<prefix>parent.spec_fp``)."""
        return f"{self.prefix}parent.{_checked_fingerprint(name)}"

    def fingerprint_tags(self, **fingerprints: str | None) -> dict[str, str]:
        """Tags recording this run's fingerprints; ``None`` values are left out.

        Raises:
            ValueError: On an unknown fingerprint name or an unusable value.
        """
        return {
            self.fingerprint(name): tag_value(value, name)
            for name, value in fingerprints.items()
            if value is not None
        }

    def lineage_tags(
        self, parent_stage: Stage | str, parent_run_id: str | None = None, **parent_fps: str | None
    ) -> dict[str, str]:
        """Tags linking a run to its parent: stage, MLflow run id, fingerprints (``None`` left out).

        Raises:
            ValueError: On an unknown stage or fingerprint name, or an unusable value.
        """
        tags = {self.parent_stage: _checked_stage(parent_stage, "parent_stage")}
        if parent_run_id is not None:
            tags[self.parent_run_id] = tag_value(parent_run_id, "parent_run_id")
        for name, value in parent_fps.items():
            if value is not None:
                tags[self.parent_fingerprint(name)] = tag_value(value, name)
        return tags

    def run_tags(self, stage: Stage | str, **values: object) -> dict[str, str]:
        """Tags describing a run: its stage plus any of ``backbone``, ``study``, ``trial``,
        ``fold``, ``variant``, ``status``, ``package_version``, ``git_sha`` (``None`` left out).

        Raises:
            ValueError: On an unknown stage or field name, or an unusable value.
        """
        tags = {self.stage: _checked_stage(stage, "stage")}
        for name, value in values.items():
            if name not in _RUN_TAGS:
                raise ValueError(f"unknown run tag {name!r}; known: {', '.join(sorted(_RUN_TAGS))}")
            if value is not None:
                tags[f"{self.prefix}{name}"] = tag_value(value, name)
        return tags


def _checked_fingerprint(name: str) -> str:
    if name not in FINGERPRINT_NAMES:
        raise ValueError(f"unknown fingerprint {name!r}; known: {', '.join(FINGERPRINT_NAMES)}")
    return name
