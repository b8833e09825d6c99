"""A rich table of a dataset manifest (for ``resume-ner data inspect``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resume_ner.data.assets.manifest import DatasetManifest

if TYPE_CHECKING:
    from rich.table import Table


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return (
        f"{value:,.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:,.0f}"
    )


def manifest_table(manifest: DatasetManifest) -> Table:
    """One column per split (and a total when there are several), one row per count.

    Rows: documents, spans, spans per label, then characters, words and (when recorded)
    tokens per document as mean / max.
    """
    from rich.table import Table

    splits = list(manifest.splits.items())
    table = Table(
        title=f"Dataset {manifest.name} (data_fp {manifest.data8})",
        caption=", ".join(source.name for source in manifest.sources) or None,
    )
    table.add_column("")
    for name, _ in splits:
        table.add_column(name, justify="right")
    total = len(splits) > 1
    if total:
        table.add_column("total", justify="right")

    def add(label: str, values: list[float | None], style: str | None = None) -> None:
        cells = [_number(value) for value in values]
        if total:
            known = [value for value in values if value is not None]
            cells.append(_number(sum(known)) if len(known) == len(values) else "-")
        table.add_row(label, *cells, style=style)

    add("documents", [stats.documents for _, stats in splits], style="bold")
    add("spans", [stats.spans for _, stats in splits], style="bold")
    labels = list(dict.fromkeys(label for _, s in splits for label in s.spans_per_label))
    for label in labels:
        add(f"  {label}", [stats.spans_per_label.get(label, 0) for _, stats in splits])
    table.add_section()
    for what in ("chars", "words", "tokens"):
        means = [getattr(stats, f"{what}_mean") for _, stats in splits]
        if all(mean is None for mean in means):
            continue
        maxima = [getattr(stats, f"{what}_max") for _, stats in splits]
        cells = [f"{_number(m)} / {_number(x)}" for m, x in zip(means, maxima, strict=True)]
        table.add_row(f"{what} mean / max", *cells, *([""] if total else []))
    return table
