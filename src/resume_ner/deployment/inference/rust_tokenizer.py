"""A model folder's ``tokenizer.json`` behind the calls windowing makes, without transformers.

``transformers`` imports torch, which costs a serving process that runs ONNX models about
300 MiB of memory and a second of start-up for nothing. The folder's ``tokenizer.json`` is the
very Rust tokenizer a Hugging Face *fast* tokenizer wraps, so the ``tokenizers`` library reads
it directly and gives the same ids and offsets.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from resume_ner.deployment.inference.artifact import TOKENIZER_FILE, ArtifactError

UNLIMITED_LENGTH = int(1e30)
"""What Hugging Face writes as ``model_max_length`` when a tokenizer has no limit."""


class _Batch(dict[str, Any]):
    """The result of one call: the columns asked for, plus ``word_ids(i)`` like a BatchEncoding."""

    def __init__(self, columns: dict[str, Any], word_ids: list[list[int | None]]) -> None:
        super().__init__(columns)
        self._word_ids = word_ids

    def word_ids(self, index: int = 0) -> list[int | None]:
        """Word index of each token of sequence ``index`` (``None`` for special tokens)."""
        return self._word_ids[index]


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{path}: not readable JSON ({exc})") from None
    return value if isinstance(value, dict) else {}


def _token_text(value: Any) -> str | None:
    """A special token as written by Hugging Face: a string or ``{"content": ...}``."""
    if isinstance(value, dict):
        value = value.get("content")
    return value if isinstance(value, str) else None


class RustTokenizer:
    """The subset of a Hugging Face fast tokenizer that window encoding and decoding use."""

    is_fast = True

    def __init__(self, folder: str | Path) -> None:
        """Load ``tokenizer.json``, the pad token and the length limit (``ArtifactError``)."""
        from tokenizers import Tokenizer

        folder = Path(folder)
        path = folder / TOKENIZER_FILE
        if not path.is_file():
            raise ArtifactError(f"{path}: missing; the model folder must ship its fast tokenizer")
        try:
            self._tokenizer = Tokenizer.from_file(str(path))
        except Exception as exc:  # the Rust side raises plain Exception subclasses
            raise ArtifactError(f"{path}: not a valid tokenizer file ({exc})") from None
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        config = _read_json(folder / "tokenizer_config.json")
        special = _read_json(folder / "special_tokens_map.json")
        limit = config.get("model_max_length")
        self.model_max_length = (
            int(limit) if isinstance(limit, int | float) and limit < UNLIMITED_LENGTH else None
        )
        pad = _token_text(config.get("pad_token")) or _token_text(special.get("pad_token"))
        self.pad_token_id = self._tokenizer.token_to_id(pad) if pad else None

    def __call__(
        self,
        texts: str | Sequence[str],
        *,
        add_special_tokens: bool = True,
        return_offsets_mapping: bool = False,
        return_special_tokens_mask: bool = False,
        truncation: bool = False,
        padding: bool = False,
        verbose: bool = True,
    ) -> _Batch:
        """Encode one text or a batch (lists per text), never padded or truncated (windows are)."""
        if truncation or padding:
            raise ValueError("RustTokenizer encodes whole texts: truncation and padding are off")
        single = isinstance(texts, str)
        batch = [texts] if isinstance(texts, str) else list(texts)
        encodings = self._tokenizer.encode_batch(batch, add_special_tokens=add_special_tokens)
        columns: dict[str, Any] = {
            "input_ids": [list(e.ids) for e in encodings],
            "attention_mask": [list(e.attention_mask) for e in encodings],
        }
        if return_offsets_mapping:
            columns["offset_mapping"] = [list(e.offsets) for e in encodings]
        if return_special_tokens_mask:
            columns["special_tokens_mask"] = [list(e.special_tokens_mask) for e in encodings]
        word_ids = [list(e.word_ids) for e in encodings]
        if single:
            columns = {key: value[0] for key, value in columns.items()}
        return _Batch(columns, word_ids)
