"""Logits parity summary: max and mean absolute difference and argmax agreement of two arrays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table


@dataclass(frozen=True)
class ParitySummary:
    """How closely two logit arrays agree over the compared positions.

    Attributes:
        max_abs_diff: Largest absolute difference of any logit.
        mean_abs_diff: Mean absolute difference.
        argmax_agreement: Fraction of positions whose top class is the same.
        positions: Positions compared (padding masked out).
        atol: The tolerance ``max_abs_diff`` is held to.
    """

    max_abs_diff: float
    mean_abs_diff: float
    argmax_agreement: float
    positions: int
    atol: float

    @property
    def passed(self) -> bool:
        """``max_abs_diff <= atol`` and every argmax identical."""
        return self.max_abs_diff <= self.atol and self.argmax_agreement == 1.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-able summary, verdict included."""
        return {
            "max_abs_diff": self.max_abs_diff,
            "mean_abs_diff": self.mean_abs_diff,
            "argmax_agreement": self.argmax_agreement,
            "positions": self.positions,
            "atol": self.atol,
            "passed": self.passed,
        }

    def table(self, names: tuple[str, str] = ("PyTorch", "ONNX")) -> Table:
        """A rich table of the summary."""
        from rich.table import Table

        table = Table(title=f"Logits parity: {names[0]} vs {names[1]}")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row("max |diff|", f"{self.max_abs_diff:.3g} (atol {self.atol:g})")
        table.add_row("mean |diff|", f"{self.mean_abs_diff:.3g}")
        table.add_row("argmax agreement", f"{self.argmax_agreement:.2%}")
        table.add_row("positions", str(self.positions))
        verdict = "[green]pass[/green]" if self.passed else "[red]fail[/red]"
        table.add_row("verdict", verdict)
        return table


def logits_parity(a: Any, b: Any, *, atol: float = 1e-4, mask: Any = None) -> ParitySummary:
    """Compare two logit arrays of shape ``(..., num_tags)``.

    Args:
        a: Reference logits (e.g. PyTorch), array-like.
        b: Logits to check (e.g. ONNX Runtime), same shape.
        atol: Tolerance on the largest absolute difference.
        mask: Optional array of shape ``a.shape[:-1]``; positions where it is 0 (padding)
            are left out.

    Raises:
        ValueError: If the shapes differ, the mask does not fit, or no position is compared.
    """
    import numpy as np

    left = np.asarray(a, dtype=np.float64)
    right = np.asarray(b, dtype=np.float64)
    if left.shape != right.shape:
        raise ValueError(f"logit shapes differ: {left.shape} vs {right.shape}")
    if left.ndim < 1:
        raise ValueError("logits need at least one axis (the tags)")
    keep = np.ones(left.shape[:-1], dtype=bool)
    if mask is not None:
        keep = np.asarray(mask).astype(bool)
        if keep.shape != left.shape[:-1]:
            raise ValueError(f"mask shape {keep.shape} does not match logits {left.shape[:-1]}")
    rows_a, rows_b = left[keep], right[keep]
    if rows_a.shape[0] == 0:
        raise ValueError("no position to compare (empty logits or all masked)")
    diff = np.abs(rows_a - rows_b)
    agree = np.argmax(rows_a, axis=-1) == np.argmax(rows_b, axis=-1)
    return ParitySummary(
        max_abs_diff=float(diff.max()),
        mean_abs_diff=float(diff.mean()),
        argmax_agreement=float(agree.mean()),
        positions=int(rows_a.shape[0]),
        atol=atol,
    )
