"""One forward pass on a batch of windows, per backend: the unit the latency cells time."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from resume_ner.evaluation.benchmarking.synthetic import WindowBatch


@runtime_checkable
class WindowForward(Protocol):
    """Runs a backend's model on prepared windows; ``run`` returns when the work is done."""

    def prepare(self, batch: WindowBatch) -> Any:
        """Turn a batch into the backend's inputs (untimed: device copies happen here)."""
        ...

    def run(self, prepared: Any) -> None:
        """One forward pass on ``prepared``, finished (synchronised) when it returns."""
        ...


class TorchWindowForward:
    """Forward passes of a PyTorch token classifier in fp32, or under bf16/fp16 autocast."""

    def __init__(self, model: Any, device: str = "cpu", precision: str = "fp32") -> None:
        """Wrap a model from ``load_model`` (already on ``device``, in eval mode).

        Args:
            model: The token classifier.
            device: Its device (``cpu``, ``cuda``, ``cuda:N``...).
            precision: ``fp32``, or ``bf16``/``fp16`` autocast.
        """
        self.model = model
        self.device = device
        self.precision = precision

    def prepare(self, batch: WindowBatch) -> dict[str, Any]:
        """The batch as int64 tensors on the model's device."""
        import torch

        return {
            name: torch.as_tensor(array, dtype=torch.long).to(self.device)
            for name, array in batch.items()
        }

    def run(self, prepared: dict[str, Any]) -> None:
        """One forward pass without gradients; waits for CUDA kernels to finish."""
        import torch

        from resume_ner.training.core.runtime import autocast

        with torch.inference_mode(), autocast(self.device, self.precision):
            self.model(prepared["input_ids"], prepared["attention_mask"], prepared["shape_ids"])
        if self.device.startswith("cuda"):
            torch.cuda.synchronize(self.device)
