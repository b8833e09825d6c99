"""The one config loader: YAML files, ``RESUME_NER_*`` environment and ``key=value`` overrides.

Precedence, lowest first: model defaults < files (left to right, each after the files in its
``defaults:`` list) < environment < overrides. Results are cached per files, overrides and
environment and re-read when a file changes.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path

from resume_ner.infrastructure.config.build import BuiltConfig, build_config, relevant_env
from resume_ner.infrastructure.config.files import stamp
from resume_ner.infrastructure.config.root import ResumeNerConfig

CACHE_SIZE = 32
"""Loaded configs kept in the cache."""

_CacheKey = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]

_lock = threading.RLock()
_cache: OrderedDict[_CacheKey, BuiltConfig] = OrderedDict()
_sources: dict[int, dict[str, str]] = {}


def load_config(
    files: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] = (),
    overrides: Sequence[str] | str = (),
    env: Mapping[str, str] | None = None,
) -> ResumeNerConfig:
    """Load, merge and validate the configuration.

    Args:
        files: YAML files (or one path) merged left to right: mappings deep-merged, lists
            replaced. A file's ``defaults: [a.yaml, ...]`` (relative to it) is merged first.
        overrides: ``key=value`` texts (or one text), applied last. Values are YAML
            (``true``, ``3e-4``, ``[8, 16]``, ``null``); a key part containing dots is
            double-quoted: ``hpo.search_space."training.learning_rate".high=1e-3``.
        env: Environment to read (default ``os.environ``): ``RESUME_NER_<SECTION>__<KEY>``
            variables override files; ``MLFLOW_TRACKING_URI`` fills ``tracking.uri`` when
            it is still empty after files, variables and overrides.

    Returns:
        The validated config; the same object for the same files (path, mtime, size),
        overrides and environment.

    Raises:
        ConfigError: Listing every problem with its dotted key and source.
    """
    paths = [files] if isinstance(files, str | os.PathLike) else list(files)
    texts = [overrides] if isinstance(overrides, str) else list(overrides)
    environment = os.environ if env is None else env
    key: _CacheKey = (
        tuple(str(Path(file).expanduser().resolve()) for file in paths),
        tuple(texts),
        relevant_env(environment),
    )
    with _lock:
        cached = _cache.get(key)
        if cached is not None and all(stamp(s.path) == s for s in cached.stamps):
            _cache.move_to_end(key)
            return cached.config
        built = build_config(paths, texts, environment)
        _cache[key] = built
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        _sources[id(built.config)] = built.sources
        weakref.finalize(built.config, _sources.pop, id(built.config), None)
        return built.config


def clear_config_cache() -> None:
    """Forget every cached config, so the next load reads the files again."""
    with _lock:
        _cache.clear()


def config_sources(config: ResumeNerConfig) -> dict[str, str]:
    """Return, for each leaf dotted key of a loaded config, where its value came from.

    Sources are a file path, ``override: <key>=<value>``, ``env: <VAR>`` or ``default``.

    Raises:
        ValueError: If ``config`` was not returned by :func:`load_config`.
    """
    with _lock:
        sources = _sources.get(id(config))
    if sources is None:
        raise ValueError("this config was not created by load_config; its sources are unknown")
    return dict(sources)
