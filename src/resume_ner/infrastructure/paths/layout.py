"""The output layout: every output path, built from validated templates under one root."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from resume_ner.common.constants.files import OPTUNA_DB_FILE
from resume_ner.core.placeholders import PlaceholderError
from resume_ner.core.tokens import TOKENS
from resume_ner.infrastructure.paths.template import PathTemplate

if TYPE_CHECKING:
    from resume_ner.infrastructure.config.sections.paths import PathsConfig

STAGE_VALUE_KEYS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "data": frozenset({"dataset", "data_fp"}),
        "hpo": frozenset({"study"}),
        "hpo_trial": frozenset({"study", "trial"}),
        "select": frozenset({"spec_fp"}),
        "train": frozenset({"backbone", "spec_fp", "exec_fp", "variant"}),
        "convert": frozenset({"backbone", "conv_fp"}),
        "bench": frozenset({"bench_fp"}),
        "cache": frozenset(),
        "logs": frozenset(),
    }
)
"""Values each typed method supplies to its template; a template may use only these."""

_VARIANT = "variant"


class LayoutError(ValueError):
    """An unknown template key, a bad root, or a path outside the output root."""


@dataclass(frozen=True)
class VariantLocation:
    """Where the variant folders of one training live (pure description, no disk access).

    Attributes:
        parent: Folder holding one entry per variant.
        pattern: Matches an entry name; group 1 is the variant number.
    """

    parent: Path
    pattern: re.Pattern[str]


def resolve_root(
    root: str | os.PathLike[str], base_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Make ``root`` absolute and lexically normalized (``~`` expanded; no disk access).

    Args:
        root: The output root; a relative root resolves against ``base_dir``.
        base_dir: Base of a relative root; the current working directory when ``None``.
    """
    path = Path(os.path.expanduser(os.fspath(root)))
    if not path.is_absolute():
        base = os.path.expanduser(os.fspath(base_dir)) if base_dir is not None else os.curdir
        path = Path(base) / path
    return Path(os.path.abspath(path))


@dataclass(frozen=True)
class OutputLayout:
    """Builds every output path. Pure: no method touches the filesystem.

    Build it with :meth:`from_config`. ``root`` is absolute; ``templates`` are compiled once;
    ``constants`` are values (such as ``env``) available to every template.
    """

    root: Path
    templates: Mapping[str, PathTemplate]
    constants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not self.root.is_absolute():
            raise LayoutError(f"output root must be absolute, got {str(self.root)!r}")
        object.__setattr__(self, "templates", MappingProxyType(dict(self.templates)))
        object.__setattr__(self, "constants", MappingProxyType(dict(self.constants)))
        for key, values in STAGE_VALUE_KEYS.items():
            if key in self.templates:
                _check_fillable(self.templates[key], values | frozenset(self.constants))
        train = self.templates.get("train")
        if train is not None and train.tokens.count(_VARIANT) != 1:
            raise PlaceholderError(
                f"paths template 'train' ({train.text!r}): must contain {{variant}} exactly "
                "once, so repeated trainings with the same fingerprints never share a folder"
            )

    @classmethod
    def from_config(
        cls,
        config: PathsConfig,
        *,
        root: str | os.PathLike[str] | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        constants: Mapping[str, object] | None = None,
    ) -> OutputLayout:
        """Compile ``config``'s templates and resolve the root once.

        Args:
            config: The paths section.
            root: Root given by a platform adapter; overrides ``config.output_root``.
            base_dir: Base for a relative root (default: the current working directory).
            constants: Values available to every template, e.g. ``{"env": "colab"}``.

        Raises:
            PlaceholderError: Naming the template key when a template is invalid.
        """
        compiled = {key: PathTemplate.compile(key, text) for key, text in config.templates.items()}
        fixed = {key: str(value) for key, value in (constants or {}).items()}
        unknown = sorted(set(fixed) - set(TOKENS))
        if unknown:
            raise LayoutError(f"unknown constant token(s) {unknown}; known: {sorted(TOKENS)}")
        resolved = resolve_root(root if root is not None else config.output_root, base_dir)
        return cls(resolved, compiled, fixed)

    def stage_dir(self, key: str, /, **values: object) -> Path:
        """Fill the template ``key`` with ``values`` (plus the constants).

        Raises:
            LayoutError: If ``key`` is unknown (the message lists the known keys).
            PlaceholderError: Naming the template and token when a value is missing or unusable.
        """
        template = self.templates.get(key)
        if template is None:
            known = ", ".join(sorted(self.templates))
            raise LayoutError(f"unknown path template key {key!r}; known keys: {known}")
        merged = {**self.constants, **values} if self.constants else values
        return self.root / template.render(merged)

    def data_dir(self, dataset: str, data_fp: str) -> Path:
        """Folder of a prepared dataset (default ``data/<dataset>/<data8>``)."""
        return self.stage_dir("data", dataset=dataset, data_fp=data_fp)

    def hpo_trial_dir(self, study: str, trial: int | str) -> Path:
        """Folder of one trial (default ``hpo/<study>/trials/trial-<trial>``)."""
        return self.stage_dir("hpo_trial", study=study, trial=trial)

    def selection_dir(self, spec_fp: str) -> Path:
        """Folder of a selection result (default ``selection/<spec8>``)."""
        return self.stage_dir("select", spec_fp=spec_fp)

    def training_dir(self, backbone: str, spec_fp: str, exec_fp: str, variant: int) -> Path:
        """Folder of a final training (default ``training/<backbone>/<spec8>-<exec8>/v<N>``).

        Raises:
            ValueError: If ``variant`` is not a positive integer.
        """
        if isinstance(variant, bool) or not isinstance(variant, int) or variant < 1:
            raise ValueError(f"variant must be a positive integer, got {variant!r}")
        return self.stage_dir(
            "train", backbone=backbone, spec_fp=spec_fp, exec_fp=exec_fp, variant=variant
        )

    def conversion_dir(self, backbone: str, conv_fp: str) -> Path:
        """Folder of a converted model (default ``conversion/<backbone>/<conv8>``)."""
        return self.stage_dir("convert", backbone=backbone, conv_fp=conv_fp)

    def benchmark_dir(self, bench_fp: str) -> Path:
        """Folder of a benchmark (default ``benchmarks/<bench8>``)."""
        return self.stage_dir("bench", bench_fp=bench_fp)

    def logs_dir(self) -> Path:
        """Log folder (default ``logs``)."""
        return self.stage_dir("logs")

    def optuna_db_path(self) -> Path:
        """File of the embedded Optuna SQLite storage."""
        return self.root / OPTUNA_DB_FILE

    def optuna_storage_url(self) -> str:
        """Storage URL of the embedded Optuna study: ``sqlite:///<root>/optuna.db``."""
        return f"sqlite:///{self.optuna_db_path().as_posix()}"

    def variant_location(self, backbone: str, spec_fp: str, exec_fp: str) -> VariantLocation:
        """Describe where variants of a training live; see ``paths.variants`` for the lookup."""
        template = self.templates["train"]
        index = template.component_index(_VARIANT)
        if index is None:  # excluded in __post_init__; kept for type narrowing
            raise PlaceholderError(f"paths template 'train' ({template.text!r}) has no {{variant}}")
        values = {**self.constants, "backbone": backbone, "spec_fp": spec_fp, "exec_fp": exec_fp}
        parent = self.root.joinpath(
            *(template.render_component(c, values) for c in template.components[:index])
        )
        pattern = template.component_pattern(template.components[index], _VARIANT, values)
        return VariantLocation(parent, pattern)

    def ensure_under_root(self, path: str | os.PathLike[str]) -> Path:
        """Return ``path`` normalized, checking lexically that it lies under the root.

        A relative ``path`` is taken relative to the root. Symlinks are not followed.

        Raises:
            LayoutError: If the path escapes the output root.
        """
        candidate = Path(os.fspath(path))
        normalized = Path(os.path.normpath(self.root / candidate))
        if normalized != self.root and self.root not in normalized.parents:
            raise LayoutError(
                f"path {os.fspath(path)!r} is outside the output root {str(self.root)!r}"
            )
        return normalized

    def relative_to_root(self, path: str | os.PathLike[str]) -> str:
        """The portable, ``/``-separated form of ``path`` relative to the root (for metadata).

        Raises:
            LayoutError: If the path escapes the output root.
        """
        return self.ensure_under_root(path).relative_to(self.root).as_posix()

    def from_relative(self, relative: str) -> Path:
        """Inverse of :meth:`relative_to_root`: the absolute path of a stored relative path.

        Raises:
            LayoutError: If ``relative`` is absolute or escapes the output root.
        """
        if Path(relative).is_absolute() or relative.startswith("/"):
            raise LayoutError(f"stored path {relative!r} must be relative to the output root")
        return self.ensure_under_root(relative)


def _check_fillable(template: PathTemplate, available: frozenset[str]) -> None:
    missing = sorted(
        f"{{{name}}}" for name in template.tokens if TOKENS[name].value_key not in available
    )
    if missing:
        raise PlaceholderError(
            f"paths template {template.key!r} ({template.text!r}): token(s) {', '.join(missing)} "
            f"cannot be filled here; available values: {', '.join(sorted(available)) or 'none'}"
        )
