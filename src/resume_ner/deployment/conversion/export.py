"""Export a token classifier to one self-contained ONNX file with dynamic batch and length."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

OUTPUT_NAME = "logits"
"""Name of the graph's only output (``batch x sequence x num_tags`` float logits)."""
_DUMMY_LENGTH = 16


class ConversionError(RuntimeError):
    """Export, optimisation or quantization failed; the message names the file and step."""


def input_names(model: Any) -> tuple[str, ...]:
    """The graph inputs: ``input_ids``, ``attention_mask``, plus ``shape_ids`` when the head
    embeds word shapes.

    The classifier's encoder is always called without ``token_type_ids`` (single-segment
    windows), so the graph never takes them.
    """
    names: tuple[str, ...] = ("input_ids", "attention_mask")
    if getattr(model, "shape_embedding", None) is not None:
        names += ("shape_ids",)
    return names


def dummy_inputs(model: Any) -> tuple[Any, ...]:
    """Two windows of ``_DUMMY_LENGTH`` tokens, the second padded, one tensor per input."""
    import torch

    generator = torch.Generator().manual_seed(0)
    vocab = int(getattr(model.config, "vocab_size", 100) or 100)
    ids = torch.randint(min(5, vocab - 1), vocab, (2, _DUMMY_LENGTH), generator=generator)
    mask = torch.ones_like(ids)
    mask[1, _DUMMY_LENGTH // 2 :] = 0
    inputs: tuple[Any, ...] = (ids, mask)
    if "shape_ids" in input_names(model):
        rows = int(model.shape_embedding.num_embeddings)
        inputs += (torch.randint(0, rows, (2, _DUMMY_LENGTH), generator=generator),)
    return inputs


def use_eager_attention(model: Any) -> None:
    """Switch the encoder to the eager attention implementation (the fastest graph for ORT)."""
    encoder = getattr(model, "encoder", model)
    setter = getattr(encoder, "set_attn_implementation", None)
    if callable(setter):
        try:
            setter("eager")
        except (ValueError, ImportError) as exc:
            logger.warning(
                "could not switch %s to eager attention: %s", type(encoder).__name__, exc
            )


def export_onnx(model: Any, path: str | os.PathLike[str], *, opset: int) -> Path:
    """Write a CPU token classifier as one ONNX file (weights inside), checked by ONNX.

    The model is put in eval mode and switched to eager attention first; batch and
    sequence axes of every input and of ``logits`` are dynamic.

    Raises:
        ConversionError: If the export or the checker fails.
    """
    import onnx
    import torch

    target = Path(path)
    model.eval()
    use_eager_attention(model)
    names = input_names(model)
    axes = {name: {0: "batch", 1: "sequence"} for name in (*names, OUTPUT_NAME)}
    try:
        with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                dummy_inputs(model),
                str(target),
                input_names=list(names),
                output_names=[OUTPUT_NAME],
                dynamic_axes=axes,
                opset_version=opset,
                do_constant_folding=True,
                dynamo=False,
            )
        onnx.checker.check_model(str(target))
    except Exception as exc:
        raise ConversionError(f"ONNX export to {target} failed (opset {opset}): {exc}") from exc
    size = target.stat().st_size / 1e6
    logger.info("exported %s (%.1f MB, inputs %s)", target.name, size, ", ".join(names))
    logger.debug("exported to %s", target)
    return target
