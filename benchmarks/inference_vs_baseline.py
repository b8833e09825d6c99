"""resume-ner's best CPU backend vs the Hugging Face token-classification pipeline.

Both run the SAME trained model on the DataTurks resumes, whole documents (nothing
truncated), with the same number of threads. Prints documents/s of each, the ratio and
both strict character-span micro-F1 scores (gold spans mapped with the ``dataturks``
preset). Target: ratio >= 3 at an equal or better span-F1.

Run: .venv/bin/python benchmarks/inference_vs_baseline.py ARTIFACT [--limit N] [--threads 2]
     [--backend auto|pytorch|onnx|onnx_int8] [--data PATH] [--work DIR]
     .venv/bin/python benchmarks/inference_vs_baseline.py --train-quick [--train-docs 40]
     [--train-epochs 1]

ARTIFACT is a trained model folder (or run folder holding best/). ``auto`` converts it to
ONNX (+ int8) when it has no ONNX files yet and uses the int8 model. The pipeline gets the
artifact's encoder and linear classifier as an ``AutoModelForTokenClassification``. It
cannot feed word-shape ids, so an artifact trained with ``model.shape_features=true`` is
refused unless ``--drop-shape-columns`` is given (the pipeline then runs the classifier
without the shape columns: a weaker model, so its F1 is no fair comparison; speed still is).
``--train-quick`` fine-tunes a small artifact with ``model.shape_features=false`` on the
LAST ``--train-docs`` resumes of the file, for a smoke run.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "dataturks" / "traindata.jsonl"
HF_STRIDE = 128


def load_dataturks(path: Path) -> list[Any]:
    """Every resume of the file (no de-duplication), spans mapped with the dataturks preset."""
    from resume_ner.data.processing import prepare_documents
    from resume_ner.infrastructure.config.sections.data import DataConfig, DataSourceConfig

    cfg = DataConfig(
        name="dataturks",
        sources=[DataSourceConfig(path=str(path), format="dataturks")],
        label_preset="dataturks",
        dedupe=False,
    )
    return list(prepare_documents(cfg, ROOT).documents)


def train_quick(documents: list[Any], work: Path, threads: int, epochs: int) -> Path:
    """Fine-tune MiniLM without shape features on ``documents``; return the model folder."""
    from resume_ner.common.constants import files
    from resume_ner.common.shared import write_yaml
    from resume_ner.data.datasets import LabelSchema
    from resume_ner.infrastructure.config.sections.data import DataConfig
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.infrastructure.config.sections.training import TrainingConfig
    from resume_ner.training.core import train

    data = DataConfig(max_length=256, stride=64)
    result = train(
        model_config=ModelConfig(shape_features=False),
        training_config=TrainingConfig(
            epochs=epochs, batch_size=8, learning_rate=3e-4, num_threads=threads, precision="fp32"
        ),
        data_config=data,
        train_documents=documents,
        validation_documents=[],
        schema=LabelSchema.canonical(),
        output_dir=work / "quick-model",
    )
    if result.best_path is None:
        sys.exit("quick training saved no model")
    windows = {"max_length": data.max_length, "stride": data.stride}
    write_yaml(result.best_path.parent / files.RESOLVED_CONFIG_FILE, {"data": windows})
    print(
        f"quick artifact: {result.best_path} ({result.epochs_run} epochs, "
        f"{result.tokens_per_second:.0f} tokens/s)"
    )
    return result.best_path


def our_predictor(artifact: Path, backend: str, threads: int, work: Path, docs: list[Any]) -> Any:
    """load_predictor on the artifact, converted to ONNX first when ``auto`` needs it."""
    from resume_ner.common.constants import files
    from resume_ner.deployment.inference import load_predictor, read_artifact

    folder = read_artifact(artifact).folder
    has_onnx = (folder / files.ONNX_MODEL_FILE).is_file()
    if backend in {"auto", "onnx", "onnx_int8"} and not has_onnx:
        try:
            from resume_ner.deployment.conversion import convert_artifact
        except ImportError as exc:
            print(f"no ONNX conversion available ({exc}); using PyTorch")
            backend = "pytorch"
        else:
            from resume_ner.infrastructure.config import load_config
            from resume_ner.infrastructure.paths import OutputLayout

            config = load_config(
                (), [f"paths.output_root={work}", "tracking.enabled=false"], env={}
            )
            result = convert_artifact(
                folder,
                config,
                OutputLayout.from_config(config.paths),
                documents=docs[:10],
                threads=threads,
            )
            print(f"converted: {result.folder} (parity {'passed' if result.passed else 'FAILED'})")
            folder = result.folder
    return load_predictor(folder, backend=backend, threads=threads, device="cpu")


def hf_pipeline(artifact: Path, drop_shape_columns: bool) -> Any:
    """The HF pipeline over the artifact's encoder and classifier, as one HF model."""
    import torch
    from transformers import AutoConfig, AutoModelForTokenClassification, pipeline

    from resume_ner.training.core import load_model

    model, tokenizer, schema = load_model(artifact)
    head = model.head
    if head.shape_features and not drop_shape_columns:
        sys.exit(
            f"{artifact} uses word-shape features, which the Hugging Face pipeline cannot feed. "
            "Pass an artifact trained with model.shape_features=false (or --train-quick), or "
            "--drop-shape-columns to run the pipeline without them (F1 then not comparable)."
        )
    config = AutoConfig.from_pretrained(artifact)
    config.id2label, config.label2id = schema.id2label, schema.label2id
    auto: Any = AutoModelForTokenClassification
    hf = auto.from_config(config)
    hf.base_model.load_state_dict(model.encoder.state_dict())
    hidden = int(config.hidden_size)
    with torch.no_grad():
        hf.classifier.weight.copy_(model.classifier.weight[:, :hidden])
        hf.classifier.bias.copy_(model.classifier.bias)
    hf.eval()
    positions = int(getattr(config, "max_position_embeddings", 512))
    tokenizer.model_max_length = min(int(tokenizer.model_max_length), positions)
    return pipeline(
        "token-classification",
        model=hf,
        tokenizer=tokenizer,
        aggregation_strategy="simple",
        stride=HF_STRIDE,
        device=-1,
    )


def time_hf(pipe: Any, documents: list[Any]) -> tuple[float, list[list[Any]]]:
    """Seconds for the pipeline over all texts (after a one-document warm-up), and spans."""
    from resume_ner.data.loaders.document import Span

    texts = [document.text for document in documents]
    pipe(texts[:1])
    start = time.perf_counter()
    outputs = pipe(texts)
    seconds = time.perf_counter() - start
    spans = [
        [Span(int(e["start"]), int(e["end"]), str(e["entity_group"])) for e in doc]
        for doc in outputs
    ]
    return seconds, spans


def main(args: argparse.Namespace) -> None:
    """Run both systems and print the comparison."""
    import torch

    from resume_ner.deployment.inference import evaluate_predictor
    from resume_ner.training.core import span_metrics

    if not args.data.is_file():
        sys.exit(f"DataTurks resumes not found at {args.data}; pass --data PATH/traindata.jsonl")
    if args.artifact is None and not args.train_quick:
        sys.exit("pass ARTIFACT or --train-quick")
    torch.set_num_threads(args.threads)
    documents = load_dataturks(args.data)
    evaluated = documents[: args.limit] if args.limit else documents
    work = args.work or Path(tempfile.mkdtemp(prefix="inference-vs-baseline-"))
    artifact = args.artifact
    if args.train_quick:
        trained_on = documents[-args.train_docs :]
        if len(trained_on) + len(evaluated) > len(documents):
            print("warning: the quick model is evaluated on documents it was trained on")
        artifact = train_quick(trained_on, work, args.threads, args.train_epochs)

    ours = our_predictor(artifact, args.backend, args.threads, work, evaluated)
    ours.predict([evaluated[0].text])  # warm-up
    result = evaluate_predictor(ours, evaluated, chunk_size=len(evaluated))
    pipe = hf_pipeline(artifact, args.drop_shape_columns)
    hf_seconds, hf_spans = time_hf(pipe, evaluated)
    hf_f1 = span_metrics([d.spans for d in evaluated], hf_spans, ours.info.labels).micro.f1

    ours_rate = len(evaluated) / result.seconds
    hf_rate = len(evaluated) / hf_seconds
    ratio = ours_rate / hf_rate
    f1 = result.spans.micro.f1
    print(
        f"documents: {len(evaluated)} DataTurks resumes, whole, {args.threads} threads, "
        f"model {ours.info.name} ({ours.info.backbone})"
    )
    print(f"resume-ner ({ours.info.backend}): {ours_rate:7.2f} docs/s  span-F1 {f1:.4f}")
    print(f"HF pipeline (simple, stride {HF_STRIDE}): {hf_rate:7.2f} docs/s  span-F1 {hf_f1:.4f}")
    verdict = "MET" if ratio >= 3 and f1 >= hf_f1 else "NOT MET"
    print(f"speed ratio: {ratio:.2f}x (target >= 3x at equal or better F1: {verdict})")
    if result.spans.micro.predicted == 0 and not any(hf_spans):
        print(
            "note: neither system predicted any entity (an undertrained model?): the F1 "
            "comparison says nothing here"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("artifact", nargs="?", type=Path, help="Trained model folder.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DataTurks JSONL file.")
    parser.add_argument("--limit", type=int, default=0, help="First N resumes (0: all).")
    parser.add_argument("--threads", type=int, default=2, help="Threads of both systems.")
    parser.add_argument(
        "--backend", default="auto", choices=["auto", "pytorch", "onnx", "onnx_int8"]
    )
    parser.add_argument("--work", type=Path, help="Folder for conversions and quick models.")
    parser.add_argument("--train-quick", action="store_true", help="Train a small artifact first.")
    parser.add_argument("--train-docs", type=int, default=40, help="Resumes for --train-quick.")
    parser.add_argument("--train-epochs", type=int, default=1, help="Epochs of --train-quick.")
    parser.add_argument(
        "--drop-shape-columns",
        action="store_true",
        help="Let the pipeline run a shape-feature model without its shape part.",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    main(parse_args())
