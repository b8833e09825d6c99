"""The documents a study searches on, from the data config: prepared, split, fingerprinted."""

from __future__ import annotations

import logging
from pathlib import Path

from resume_ner.data.processing.prepare import prepare_documents
from resume_ner.data.processing.splits import Splits, split_documents
from resume_ner.infrastructure.config.root import ResumeNerConfig
from resume_ner.infrastructure.fingerprints import data_fp

logger = logging.getLogger(__name__)


def load_splits(config: ResumeNerConfig, base_dir: Path) -> tuple[Splits, str]:
    """Load, validate and split ``config.data``'s documents; fingerprint their source files.

    Args:
        config: The config (``data`` section: sources, labels, split, seed).
        base_dir: Folder that relative source paths resolve against.

    Returns:
        The document-level splits and the data fingerprint of the source files.

    Raises:
        FileNotFoundError, ValueError: For missing or invalid sources (naming the key).
    """
    prepared = prepare_documents(config.data, base_dir)
    split = config.data.split
    splits = split_documents(
        prepared.documents,
        split.train,
        split.validation,
        split.test,
        seed=config.data.seed,
        stratify=split.stratify,
    )
    fingerprint = data_fp([Path(source.resolved) for source in prepared.sources]).value
    logger.info(
        "data: %d train, %d validation, %d test documents (data_fp %s)",
        len(splits.train),
        len(splits.validation),
        len(splits.test),
        fingerprint[:8],
    )
    return splits, fingerprint
