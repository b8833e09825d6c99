"""A simulated labelling loop on the DataTurks resumes: uncertainty-ranked vs random batches.

A fixed held-out set is scored after every round. The loop starts from ``--start`` labelled
resumes drawn at random from the pool, then adds ``--step`` per round: the ones the current
model is least sure of (``resume_ner.deployment.annotation.ranking``: least-confident span),
or random ones, with the gold labels standing in for a person's. Each round retrains from the
backbone with ``configs/dataturks.yaml``'s model and training settings (fewer epochs with
``--epochs``). Both strategies share round 0. Each seed (``--seeds``) draws its own held-out
set, starting set and random batches; the curves of every finished seed are kept in
``--results`` (JSON, written after each seed, so an interrupted run resumes at the next seed).
Prints a table of strict span-F1 per round and strategy (mean and standard deviation over the
seeds, and the per-seed gap) and writes a PNG plot with ``--plot``.

    .venv/bin/python benchmarks/labelling_loop.py --seeds 0 1 2 --rounds 2 --epochs 8 \
        --results loop.json --plot loop.png
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
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


Curves = dict[str, list[tuple[int, float]]]


def run_seed(documents: Sequence[Document], seed: int, args: argparse.Namespace) -> Curves:
    """Both strategies' (labelled, span-F1) curves for one seed."""
    shuffled = list(documents)
    random.Random(seed).shuffle(shuffled)
    held_out, pool = shuffled[: args.held_out], shuffled[args.held_out :]
    with tempfile.TemporaryDirectory() as tmp:
        first_f1, first_model = train_and_score(
            pool[: args.start], held_out, args.epochs, Path(tmp) / "r0"
        )
        print(f"seed {seed} round 0: {args.start} labelled, span-F1 {first_f1:.4f}", flush=True)
        curves: Curves = {}
        for strategy in ("uncertainty", "random"):
            labelled, rest, model = list(pool[: args.start]), list(pool[args.start :]), first_model
            curve = [(len(labelled), first_f1)]
            for round_ in range(1, args.rounds + 1):
                picked = set(choose(model, rest, args.step, strategy, seed * 1000 + round_))
                labelled += [d for i, d in enumerate(rest) if i in picked]
                rest = [d for i, d in enumerate(rest) if i not in picked]
                folder = Path(tmp) / f"{strategy}-{round_}"
                f1, model = train_and_score(labelled, held_out, args.epochs, folder)
                curve.append((len(labelled), f1))
                print(
                    f"seed {seed} {strategy} round {round_}: {len(labelled)} labelled, "
                    f"span-F1 {f1:.4f}",
                    flush=True,
                )
            curves[strategy] = curve
    return curves


def load_results(path: Path | None) -> dict[str, Curves]:
    """Curves of the seeds an earlier run finished, by seed."""
    if path is None or not path.exists():
        return {}
    stored = json.loads(path.read_text())
    return {
        seed: {name: [(int(n), float(f1)) for n, f1 in curve] for name, curve in curves.items()}
        for seed, curves in stored["seeds"].items()
    }


def save_results(path: Path | None, results: dict[str, Curves], args: argparse.Namespace) -> None:
    """Write the finished seeds atomically."""
    if path is None:
        return
    settings = {
        k: v
        for k, v in vars(args).items()
        if k in ("held_out", "start", "step", "rounds", "epochs")
    }
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps({"settings": settings, "seeds": results}, indent=1))
    os.replace(tmp, path)


def summary(results: dict[str, Curves]) -> list[str]:
    """Markdown rows: mean +- std per strategy, the mean gap, seeds where uncertainty led."""
    rows = [
        "| labelled | uncertainty span-F1 | random span-F1 | gap (unc. - random) "
        "| seeds uncertainty ahead |",
        "|---|---|---|---|---|",
    ]
    seeds = list(results.values())
    for index, (count, _) in enumerate(seeds[0]["uncertainty"]):
        unsure = [curves["uncertainty"][index][1] for curves in seeds]
        rand = [curves["random"][index][1] for curves in seeds]
        gaps = [u - r for u, r in zip(unsure, rand, strict=True)]
        ahead = sum(gap > 0 for gap in gaps)
        rows.append(
            f"| {count} | {mean_std(unsure)} | {mean_std(rand)} | {mean_std(gaps, signed=True)} "
            f"| {ahead} of {len(gaps)} |"
        )
    return rows


def mean_std(values: Sequence[float], signed: bool = False) -> str:
    """``0.512 +- 0.021`` (population spread of the seeds)."""
    mean = statistics.fmean(values)
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    return f"{mean:+.3f} ± {spread:.3f}" if signed else f"{mean:.3f} ± {spread:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--held-out", type=int, default=40)
    parser.add_argument("--start", type=int, default=40)
    parser.add_argument("--step", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--plot", type=Path, default=None)
    args = parser.parse_args()

    documents = load(args.data)
    results = load_results(args.results)
    start = time.perf_counter()
    for seed in args.seeds:
        if str(seed) in results:
            print(f"seed {seed}: kept from {args.results}")
            continue
        results[str(seed)] = run_seed(documents, seed, args)
        save_results(args.results, results, args)
    print(
        f"\n{len(documents)} resumes: {args.held_out} held out, start {args.start}, "
        f"+{args.step} per round, {args.epochs} epochs, seeds {', '.join(results)}, "
        f"{time.perf_counter() - start:.0f} s this run"
    )
    print("\n".join(summary(results)))
    if args.plot is not None:
        plot(results, args.plot)
        print(f"plot: {args.plot}")


def plot(results: dict[str, Curves], path: Path) -> None:
    """Mean span-F1 against labelled resumes, one line per strategy, bars one std."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(5, 3.2))
    seeds = list(results.values())
    for strategy in ("uncertainty", "random"):
        counts = [count for count, _ in seeds[0][strategy]]
        columns = list(zip(*[[f1 for _, f1 in curves[strategy]] for curves in seeds], strict=True))
        means = [statistics.fmean(column) for column in columns]
        spreads = [statistics.pstdev(column) if len(column) > 1 else 0.0 for column in columns]
        axes.errorbar(counts, means, yerr=spreads, marker="o", capsize=3, label=strategy)
    axes.set_xlabel("labelled resumes")
    axes.set_ylabel(f"held-out span-F1 (mean of {len(seeds)} seeds)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
