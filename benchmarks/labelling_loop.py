"""A simulated labelling loop on the DataTurks resumes: uncertainty-ranked vs random batches.

A fixed held-out set is scored after every round. The loop starts from ``--start`` labelled
resumes drawn at random from the pool, then adds ``--step`` per round: the ones the current
model is least sure of (``resume_ner.deployment.annotation.ranking``: least-confident span),
or random ones, with the gold labels standing in for a person's. Each round retrains from the
backbone with ``configs/dataturks.yaml``'s model and training settings (fewer epochs with
``--epochs``). Both strategies share round 0. Prints a table of strict span-F1 per round and
strategy and writes a PNG plot with ``--plot``.

    .venv/bin/python benchmarks/labelling_loop.py --rounds 2 --epochs 4 --plot loop.png
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from resume_ner.data.loaders.document import Document

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "dataturks" / "traindata.jsonl"


def load(path: Path) -> list[Document]:
    """The DataTurks resumes, validated and mapped as ``configs/dataturks.yaml`` does."""
    from resume_ner.data.processing import prepare_documents
    from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig

    config = DataConfig(
        name="dataturks",
        sources=[DataSourceConfig(path=str(path), format="dataturks")],
        label_preset="dataturks",
    )
    return list(prepare_documents(config, REPO).documents)


def train_and_score(
    labelled: Sequence[Document], held_out: Sequence[Document], epochs: int, folder: Path
) -> tuple[float, object]:
    """Train on ``labelled`` (its last tenth for validation); span-F1 on ``held_out``."""
    from resume_ner.data.datasets import LabelSchema
    from resume_ner.deployment.inference import evaluate_predictor, load_predictor
    from resume_ner.infrastructure.config import load_config
    from resume_ner.training.core.loop import train

    config = load_config([REPO / "configs" / "dataturks.yaml"], [f"training.epochs={epochs}"])
    cut = max(1, len(labelled) // 10)
    train(
        model_config=config.model,
        training_config=config.training,
        data_config=config.data,
        train_documents=list(labelled[cut:]),
        validation_documents=list(labelled[:cut]),
        schema=LabelSchema.canonical(),
        output_dir=folder,
        device="cpu",
    )
    predictor = load_predictor(folder / "last", backend="pytorch")
    score = evaluate_predictor(predictor, list(held_out)).spans.micro.f1
    return float(score), predictor


def choose(
    predictor: object, pool: Sequence[Document], step: int, strategy: str, seed: int
) -> list[int]:
    """Indices of the ``step`` pool documents to label next."""
    from resume_ner.deployment.annotation.ranking import rank

    if strategy == "random":
        order = list(range(len(pool)))
        random.Random(seed).shuffle(order)
        return order[:step]
    predictions = predictor.predict([d.text for d in pool])  # type: ignore[attr-defined]
    return rank(predictions, "uncertainty")[:step]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--held-out", type=int, default=40)
    parser.add_argument("--start", type=int, default=40)
    parser.add_argument("--step", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args()

    documents = load(args.data)
    random.Random(args.seed).shuffle(documents)
    held_out, pool = documents[: args.held_out], documents[args.held_out :]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        first_f1, first_model = train_and_score(
            pool[: args.start], held_out, args.epochs, Path(tmp) / "r0"
        )
        curves: dict[str, list[tuple[int, float]]] = {}
        for strategy in ("uncertainty", "random"):
            labelled, rest, model = list(pool[: args.start]), list(pool[args.start :]), first_model
            curve = [(len(labelled), first_f1)]
            for round_ in range(1, args.rounds + 1):
                picked = set(choose(model, rest, args.step, strategy, args.seed + round_))
                labelled += [d for i, d in enumerate(rest) if i in picked]
                rest = [d for i, d in enumerate(rest) if i not in picked]
                folder = Path(tmp) / f"{strategy}-{round_}"
                f1, model = train_and_score(labelled, held_out, args.epochs, folder)
                curve.append((len(labelled), f1))
                print(f"{strategy} round {round_}: {len(labelled)} labelled, span-F1 {f1:.4f}")
            curves[strategy] = curve
    print(
        f"\n{len(documents)} resumes: {len(held_out)} held out, start {args.start}, "
        f"+{args.step} per round, {args.epochs} epochs, seed {args.seed}, "
        f"{time.perf_counter() - start:.0f} s"
    )
    print("| labelled | uncertainty span-F1 | random span-F1 |")
    print("|---|---|---|")
    for (count, unsure), (_, rand) in zip(curves["uncertainty"], curves["random"], strict=True):
        print(f"| {count} | {unsure:.4f} | {rand:.4f} |")
    if args.plot is not None:
        plot(curves, args.plot)
        print(f"plot: {args.plot}")


def plot(curves: dict[str, list[tuple[int, float]]], path: Path) -> None:
    """Span-F1 against labelled resumes, one line per strategy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(5, 3.2))
    for strategy, curve in curves.items():
        axes.plot(*zip(*curve, strict=True), marker="o", label=strategy)
    axes.set_xlabel("labelled resumes")
    axes.set_ylabel("held-out span-F1")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
