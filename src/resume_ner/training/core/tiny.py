"""A tiny random-weight BERT backbone folder (fast tokenizer included) for tests and demos."""

from __future__ import annotations

import os
import string
from collections.abc import Iterable
from pathlib import Path

SPECIAL_TOKENS: tuple[str, ...] = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
"""BERT special tokens, first in the vocabulary."""

TINY_WORDS: tuple[str, ...] = (
    "name", "email", "phone", "address", "skills", "experience", "education", "summary",
    "engineer", "developer", "manager", "analyst", "scientist", "senior", "software", "data",
    "university", "college", "institute", "bachelor", "master", "degree", "technology",
    "python", "java", "sql", "cloud", "machine", "learning", "years", "worked", "at", "in",
    "and", "the", "of", "with", "for", "com", "gmail", "inc", "ltd", "limited", "solutions",
)  # fmt: skip
"""Whole words in the tiny vocabulary; any other text falls back to single characters."""


def tiny_vocab(words: Iterable[str] = TINY_WORDS) -> dict[str, int]:
    """Vocabulary of special tokens, every ASCII character (plain and ``##``) and ``words``.

    Every lower-cased ASCII text tokenizes without ``[UNK]``.
    """
    chars = [ch for ch in string.printable if not ch.isspace() and not ch.isupper()]
    tokens = [*SPECIAL_TOKENS, *chars, *(f"##{ch}" for ch in chars if ch.isalnum())]
    tokens.extend(word.lower() for word in words)
    return {token: i for i, token in enumerate(dict.fromkeys(tokens))}


def build_tiny_backbone(
    folder: str | os.PathLike[str],
    *,
    words: Iterable[str] = TINY_WORDS,
    hidden_size: int = 32,
    num_layers: int = 2,
    num_heads: int = 2,
    max_positions: int = 512,
    seed: int = 0,
    fast_tokenizer: bool = True,
) -> Path:
    """Write a random-weight BERT encoder and its uncased tokenizer into ``folder``.

    The folder loads like any Hugging Face backbone (``config.json``, ``model.safetensors``,
    tokenizer files); building it takes well under a second.

    Args:
        folder: Destination (created).
        words: Whole words added to the character vocabulary.
        hidden_size: Encoder width.
        num_layers: Transformer layers.
        num_heads: Attention heads.
        max_positions: Position embeddings (the longest window it accepts).
        seed: Seed of the random weights.
        fast_tokenizer: False writes a slow (pure Python) tokenizer instead, for error tests.

    Returns:
        The folder path.
    """
    import torch
    from transformers import BertConfig, BertModel

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    vocab = tiny_vocab(words)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=2 * hidden_size,
        max_position_embeddings=max_positions,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = BertModel(config, add_pooling_layer=False)
    model.save_pretrained(target)
    _write_tokenizer(target, vocab, fast_tokenizer, max_positions)
    return target


def _write_tokenizer(target: Path, vocab: dict[str, int], fast: bool, max_length: int) -> None:
    if fast:
        from transformers.models.bert.tokenization_bert import BertTokenizer

        tokenizer = BertTokenizer(vocab=vocab, do_lower_case=True, model_max_length=max_length)
    else:
        from transformers.models.bert.tokenization_bert_legacy import BertTokenizerLegacy

        vocab_file = target / "vocab.txt"
        vocab_file.write_text("".join(f"{token}\n" for token in vocab), encoding="utf-8")
        tokenizer = BertTokenizerLegacy(str(vocab_file), model_max_length=max_length)
    tokenizer.save_pretrained(target)
