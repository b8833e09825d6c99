"""``resume-ner convert``: export a trained model to ONNX (+ int8) and prove parity."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from resume_ner.cli.context import ConfigFiles, Overrides, clean_errors, configured, fail

if TYPE_CHECKING:
    from rich.table import Table


app = typer.Typer(
    help="Export a trained model to ONNX (fp32 + dynamic int8), prove parity with PyTorch "
    "(parity.json) and exit 1 when it does not hold.",
    context_settings={"allow_interspersed_args": True},
)

_SHOWN_DOCUMENTS = 10


def parity_table(parity: Mapping[str, Any]) -> Table:
    """One row per model file: size, logit difference, argmax agreement, span F1, verdict."""
    from rich.table import Table

    table = Table(
        title=f"parity vs PyTorch on {parity['documents']} documents, "
        f"{parity['windows']} windows ({parity['source']})"
    )
    for column in ("variant", "file", "MB", "max|Δlogit|", "argmax", "span F1", "ΔF1"):
        table.add_column(column, justify="left" if column in {"variant", "file"} else "right")
    table.add_column("diff docs", justify="right")
    table.add_column("result")
    table.add_row(
        "pytorch", "model.safetensors", "", "", "", f"{parity['pytorch_span_f1']:.4f}", "", "", ""
    )
    for name, variant in parity["variants"].items():
        logits = variant["logits"]
        table.add_row(
            name,
            variant["file"],
            f"{variant['size_bytes'] / 1e6:.1f}",
            f"{logits['max_abs_diff']:.2e}",
            f"{logits['argmax_agreement']:.2%}",
            f"{variant['span_f1']:.4f}",
            f"{variant['span_f1_delta']:+.4f}",
            str(len(variant["differing_documents"])),
            "pass" if variant["passed"] else "FAIL",
        )
    return table


def detail_lines(parity: Mapping[str, Any]) -> list[str]:
    """Failures, documents whose spans differ (first few per variant) and notes."""
    lines: list[str] = []
    for name, variant in parity["variants"].items():
        lines.extend(f"{name}: {failure}" for failure in variant["failures"])
        differing = variant["differing_documents"]
        for diff in differing[:_SHOWN_DOCUMENTS]:
            lines.append(
                f"{name}: document {diff['document']}: {len(diff['missing'])} span(s) missing, "
                f"{len(diff['extra'])} extra"
            )
        if len(differing) > _SHOWN_DOCUMENTS:
            lines.append(f"{name}: ... {len(differing) - _SHOWN_DOCUMENTS} more in parity.json")
    lines.extend(f"note: {note}" for note in parity.get("notes", []))
    return lines


@app.callback(invoke_without_command=True)
def convert(
    artifact: Annotated[
        Path, typer.Argument(help="Trained model folder (or a training run folder with best/).")
    ],
    config: ConfigFiles = None,
    overrides: Overrides = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of conversion/<backbone>/<conv8>."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Convert again even if this conversion exists.")
    ] = False,
    no_int8: Annotated[
        bool, typer.Option("--no-int8", help="Skip the int8 model (sets conversion.int8=false).")
    ] = False,
) -> None:
    """Write model.onnx (+ model.int8.onnx) with parity.json; exit 1 when parity fails."""
    from rich.console import Console

    from resume_ner.deployment.conversion import ConversionResult, ParityError, run_convert
    from resume_ner.infrastructure.tracking import make_tracker

    extra = ["conversion.int8=false"] if no_int8 else []
    cfg, layout = configured(config, [*(overrides or []), *extra])
    failure: ParityError | None = None
    with clean_errors():
        tracker = make_tracker(cfg.tracking, layout.root)
        with Console(stderr=True).status(f"converting {artifact}"):
            try:
                result: ConversionResult = run_convert(
                    cfg, layout, artifact, tracker=tracker, output=output, force=force
                )
            except ParityError as exc:
                failure, result = exc, exc.result
    from resume_ner.reporting.console import stdout_console

    stdout_console().print(parity_table(result.parity))
    for line in detail_lines(result.parity):
        typer.echo(line)
    state = "reused" if result.reused else "written"
    typer.echo(f"conversion {state} (conv8 {result.fingerprint.short}): {result.folder}")
    if failure is not None:
        fail(str(failure))
