"""Variant discovery for final trainings: the one part of ``paths`` that reads the disk.

:class:`~resume_ner.infrastructure.paths.layout.OutputLayout` stays pure; these functions
list the folder that holds a training's variants (``v1``, ``v2``...) and claim the next one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from resume_ner.infrastructure.paths.layout import OutputLayout

logger = logging.getLogger(__name__)

_MAX_CLAIM_ATTEMPTS = 1000


def existing_variants(
    layout: OutputLayout, backbone: str, spec_fp: str, exec_fp: str
) -> tuple[int, ...]:
    """Variant numbers already present on disk for one training, sorted.

    Reads the filesystem. Every entry whose name matches the variant folder pattern counts,
    folder or file, because creating that variant would collide with it; other names are
    ignored. A missing parent folder means no variants.
    """
    location = layout.variant_location(backbone, spec_fp, exec_fp)
    try:
        with os.scandir(location.parent) as entries:
            names = [entry.name for entry in entries]
    except (FileNotFoundError, NotADirectoryError):
        return ()
    found = {int(m.group(1)) for name in names if (m := location.pattern.fullmatch(name))}
    return tuple(sorted(found))


def claim_variant(
    layout: OutputLayout, backbone: str, spec_fp: str, exec_fp: str
) -> tuple[int, Path]:
    """Create the variant folder after the highest on disk; return its number and training dir.

    The folder is made with an exclusive ``mkdir``, so concurrent callers each get their own
    number.

    Raises:
        RuntimeError: If no free variant is found after many attempts.
    """
    location = layout.variant_location(backbone, spec_fp, exec_fp)
    variant = max(existing_variants(layout, backbone, spec_fp, exec_fp), default=0) + 1
    for _ in range(_MAX_CLAIM_ATTEMPTS):
        training_dir = layout.training_dir(backbone, spec_fp, exec_fp, variant)
        variant_folder = location.parent / training_dir.relative_to(location.parent).parts[0]
        location.parent.mkdir(parents=True, exist_ok=True)
        try:
            variant_folder.mkdir()
        except FileExistsError:
            logger.debug("variant folder %s taken, trying the next one", variant_folder)
            variant += 1
            continue
        return variant, training_dir
    raise RuntimeError(f"no free training variant under {location.parent}")
