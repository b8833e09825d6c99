"""Strict span-F1 of resume-ner's default config vs a spaCy blank-English NER on DataTurks resumes.

Run: .venv/bin/python benchmarks/quality_dataturks.py [--data PATH] [--folds 5] [--json OUT]

The validated, label-mapped DataTurks documents (the data stage's loader with the
``dataturks`` label preset) are split by a seeded document split into a held-out set of 20
documents and a train side; 10% of the train side (18 documents) is carved off,
deterministically, as the validation set for early stopping and checkpoint selection. Both
systems train on exactly the same documents in the same run, pick their best epoch on the
same validation documents, and are scored on the same held-out gold spans with
``resume_ner.training.core.span_metrics`` (strict: start, end and label must match). Each
system runs in its own child process so its peak RSS (``resource.getrusage``) is its own.
``--folds K`` repeats this with every document held out once (K-fold) and reports the mean.
resume-ner trains under ``training.max_minutes`` (``--minutes``, 30 by default: the
wall-clock budget this comparison allows, validation included); the loop skips an epoch
that would overrun it. With ``training.refit`` on, a second run trains on train+validation
for the best epoch count within what is left of that budget, and its last checkpoint is
scored (as final training does). ``--set key=value`` applies config overrides (for
variants); without it the shipped defaults are measured, with only ``data.sources``/
``data.label_preset``/``data.name`` pointing at the DataTurks file. ``--keep DIR`` keeps the
checkpoints and the held-out predictions for error analysis.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing import ScoredSpan, labels_to_propagate, propagate_mentions
from resume_ner.data.processing.splits import kfold_documents, split_documents
from resume_ner.infrastructure.config import ResumeNerConfig, load_config

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "dataturks" / "traindata.jsonl"
HELD_OUT = 20
VALIDATION_FRACTION = 0.1
SPACY_EPOCHS, SPACY_DROPOUT, SPACY_BATCH = 30, 0.2, 8
HF_EPOCHS = 5
SYSTEMS = ("resume-ner", "spacy", "hf-recipe")


def make_config(
    data: Path, overrides: Sequence[str], config_file: Path | None = None
) -> ResumeNerConfig:
    """``config_file`` (else the built-in defaults) with the DataTurks source at ``data``, plus
    ``overrides`` (environment ignored)."""
    source = json.dumps({"path": str(data), "format": "dataturks"})
    base = [f"data.sources=[{source}]", "data.label_preset=dataturks", "data.name=dataturks"]
    files = [config_file] if config_file else []
    return load_config(files, [*base, *overrides], env={})


def load_documents(config: ResumeNerConfig) -> list[Document]:
    """Validated, label-mapped documents of the configured sources."""
    from resume_ner.data.processing.prepare import prepare_documents

    return prepare_documents(config.data, REPO).documents


def carve_validation(train_side: Sequence[Document], seed: int) -> tuple[list[Document], ...]:
    """Seeded split of the train side into training and validation documents."""
    n = len(train_side)
    n_val = max(1, round(VALIDATION_FRACTION * n))
    inner = split_documents(train_side, (n - n_val) / n, n_val / n, 0.0, seed=seed)
    return list(inner.train), list(inner.validation)


def make_rounds(documents: Sequence[Document], folds: int, seed: int) -> list[dict[str, Any]]:
    """Per round: train, validation and held-out documents (one round without ``folds``)."""
    if folds > 1:
        sides = [(f.train, f.validation) for f in kfold_documents(documents, folds, seed)]
    else:
        n = len(documents)
        outer = split_documents(documents, (n - HELD_OUT) / n, 0.0, HELD_OUT / n, seed=seed)
        sides = [(outer.train, outer.test)]
    rounds = []
    for train_side, held_out in sides:
        train, validation = carve_validation(train_side, seed)
        rounds.append({"train": train, "validation": validation, "held_out": list(held_out)})
    return rounds


Portable = dict[str, list[tuple[str, str, list[tuple[int, int, str]]]]]


def portable(split: dict[str, Any]) -> Portable:
    """The split as plain tuples: a child process can receive it (``Document.meta`` is a
    mappingproxy, which does not pickle)."""
    return {
        name: [(d.id, d.text, [(s.start, s.end, s.label) for s in d.spans]) for d in documents]
        for name, documents in split.items()
    }


def restore(split: Portable) -> dict[str, list[Document]]:
    """Documents back from :func:`portable`."""
    return {
        name: [Document(i, text, tuple(Span(*s) for s in spans)) for i, text, spans in rows]
        for name, rows in split.items()
    }


def overlap_f1(gold: Sequence[Document], predicted: Sequence[Sequence[Span]]) -> float:
    """Lenient span-F1: a predicted span is right when it overlaps a gold span of its label by
    at least one character (precision over predicted spans), and a gold span is found when a
    predicted span of its label overlaps it (recall over gold spans)."""

    def hits(spans: Sequence[Span], others: Sequence[Span]) -> int:
        return sum(
            any(o.label == s.label and o.start < s.end and s.start < o.end for o in others)
            for s in spans
        )

    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(d.spans) for d in gold)
    right = sum(hits(p, d.spans) for d, p in zip(gold, predicted, strict=True))
    found = sum(hits(d.spans, p) for d, p in zip(gold, predicted, strict=True))
    precision = right / n_pred if n_pred else 0.0
    recall = found / n_gold if n_gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold: Sequence[Document], predicted: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Strict span micro P/R/F1, overlap F1 and per-label strict scores (with support)."""
    from resume_ner.training.core import span_metrics

    metrics = span_metrics([doc.spans for doc in gold], predicted)
    micro = metrics.micro
    return {
        "precision": micro.precision,
        "recall": micro.recall,
        "f1": micro.f1,
        "overlap_f1": overlap_f1(gold, predicted),
        "per_label": {
            label: {"f1": s.f1, "precision": s.precision, "recall": s.recall, "support": s.gold}
            for label, s in metrics.per_label.items()
        },
    }


def _child_setup(threads: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    import torch

    torch.set_num_threads(threads)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def refit_config(training: Any, epochs: int, spent_seconds: float) -> Any:
    """The refit's training config: ``epochs`` epochs on train+validation, no early stopping,
    and whatever is left of ``training.max_minutes`` after the first run."""
    update: dict[str, Any] = {"epochs": epochs, "early_stopping_patience": None}
    if training.max_minutes:
        update["max_minutes"] = max(training.max_minutes - spent_seconds / 60, 1e-3)
    return training.model_copy(update=update)


def run_resume_ner(
    config: ResumeNerConfig, portable_split: Portable, threads: int, keep: str | None = None
) -> dict[str, Any]:
    """Train with ``config`` on the split, predict the held-out documents, score them.

    With ``keep`` the checkpoints and the held-out predictions (``held_out.jsonl``: text,
    gold and predicted spans per document) stay in that folder for error analysis."""
    _child_setup(threads)
    split = restore(portable_split)
    from resume_ner.data.datasets.schema import LabelSchema
    from resume_ner.training.core import load_model, predict_documents, train

    labels = config.data.labels
    schema = LabelSchema(tuple(labels)) if labels else LabelSchema.canonical()
    with tempfile.TemporaryDirectory(prefix="quality-") as scratch:
        out = keep or scratch
        start = time.perf_counter()
        result = train(
            model_config=config.model,
            training_config=config.training,
            data_config=config.data,
            train_documents=split["train"],
            validation_documents=split["validation"],
            schema=schema,
            output_dir=out,
            device="cpu",
            resume=False,
        )
        assert result.best_path is not None
        final_path, refit_epochs = result.best_path, None
        if config.training.refit and result.best_epoch:
            refit_epochs = result.best_epoch
            refit = refit_config(config.training, refit_epochs, time.perf_counter() - start)
            refit_result = train(
                model_config=config.model,
                training_config=refit,
                data_config=config.data,
                train_documents=[*split["train"], *split["validation"]],
                validation_documents=[],
                schema=schema,
                output_dir=str(Path(out) / "refit"),
                device="cpu",
                resume=False,
            )
            final_path = refit_result.last_path or result.best_path
        train_seconds = time.perf_counter() - start
        model, tokenizer, schema = load_model(final_path)
        held_out = split["held_out"]
        start = time.perf_counter()
        texts = [doc.text for doc in held_out]
        windows = {
            "max_length": config.data.max_length,
            "stride": config.data.stride,
            "batch_size": config.training.eval_batch_size,
        }
        predicted = predict_documents(model, tokenizer, schema, texts, propagate=(), **windows)
        propagate = model.head.propagate_labels
        served = [
            propagate_mentions(d.text, p, propagate)
            for d, p in zip(held_out, predicted, strict=True)
        ]
        predict_seconds = time.perf_counter() - start
        plain = predict_documents(model, tokenizer, schema, texts, transitions=None, **windows)
        if keep:
            _write_predictions(Path(keep) / "held_out.jsonl", held_out, served)
    return {
        **score(held_out, [[s.span for s in spans] for spans in served]),
        "propagate_labels": list(propagate),
        "without_propagation": score(held_out, [[s.span for s in spans] for spans in predicted]),
        "without_transitions": score(held_out, [[s.span for s in spans] for spans in plain]),
        "transition_weight": model.head.transition_weight,
        "train_seconds": train_seconds,
        "epochs_run": result.epochs_run,
        "stop_reason": result.stop_reason,
        "best_epoch": result.best_epoch,
        "refit_epochs": refit_epochs,
        "validation_f1": result.best_score,
        "train_tokens_per_second": result.tokens_per_second,
        "docs_per_second": len(held_out) / predict_seconds,
        "peak_rss_mib": _peak_rss_mib(),
        "history": [
            {k: h[k] for k in ("epoch", "train_loss", "span_f1", "epoch_seconds") if k in h}
            for h in result.history
        ],
    }


def _write_predictions(path: Path, gold: Sequence[Document], predicted: Sequence[Any]) -> None:
    """One JSON line per held-out document: id, text, gold spans, predicted spans."""
    with path.open("w", encoding="utf-8") as handle:
        for doc, spans in zip(gold, predicted, strict=True):
            row = {
                "id": doc.id,
                "text": doc.text,
                "gold": [[s.start, s.end, s.label] for s in doc.spans],
                "predicted": [[s.span.start, s.span.end, s.span.label] for s in spans],
            }
            handle.write(json.dumps(row) + "\n")


def _spacy_examples(nlp: Any, documents: Sequence[Document]) -> list[Any]:
    """Training examples; gold spans are expanded to spaCy tokens, overlaps after that dropped."""
    from spacy.training import Example

    examples = []
    for doc in documents:
        predicted = nlp.make_doc(doc.text)
        reference = nlp.make_doc(doc.text)
        ents, taken = [], set()
        for span in sorted(doc.spans, key=lambda s: (s.start, s.end)):
            ent = reference.char_span(span.start, span.end, span.label, alignment_mode="expand")
            tokens = set(range(ent.start, ent.end)) if ent is not None else set()
            if tokens and not tokens & taken:
                ents.append(ent)
                taken |= tokens
        reference.ents = ents
        examples.append(Example(predicted, reference))
    return examples


def _spacy_spans(nlp: Any, texts: Sequence[str]) -> list[list[Span]]:
    """Predicted entities as character spans, whitespace trimmed at the edges."""
    result = []
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        spans = []
        for ent in doc.ents:
            start, end = ent.start_char, ent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append(Span(start, end, ent.label_))
        result.append(spans)
    return result


def run_spacy(
    portable_split: Portable, threads: int, seed: int, epochs: int, keep: str | None = None
) -> dict[str, Any]:
    """spaCy 3 blank-English NER: ``epochs`` epochs, dropout 0.2, batch 8, best validation epoch.

    With ``keep`` its held-out predictions go to ``held_out.spacy.jsonl`` in that folder."""
    _child_setup(threads)
    split = restore(portable_split)
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in sorted({s.label for doc in split["train"] for s in doc.spans}):
        ner.add_label(label)
    examples = _spacy_examples(nlp, split["train"])
    validation = split["validation"]
    optimizer = nlp.initialize(lambda: examples)
    rng, best, best_bytes, history = random.Random(seed), -1.0, b"", []
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=SPACY_BATCH):
            nlp.update(batch, drop=SPACY_DROPOUT, sgd=optimizer, losses=losses)
        val_f1 = score(validation, _spacy_spans(nlp, [d.text for d in validation]))["f1"]
        history.append({"epoch": epoch, "train_loss": losses.get("ner", 0.0), "span_f1": val_f1})
        logging.getLogger("spacy-baseline").info("epoch %d: val span_f1=%.4f", epoch, val_f1)
        if val_f1 > best:
            best, best_epoch, best_bytes = val_f1, epoch, nlp.to_bytes()
    train_seconds = time.perf_counter() - start
    held_out = split["held_out"]
    texts = [doc.text for doc in held_out]
    last = score(held_out, _spacy_spans(nlp, texts))
    nlp.from_bytes(best_bytes)
    start = time.perf_counter()
    predicted = _spacy_spans(nlp, texts)
    predict_seconds = time.perf_counter() - start
    scored = [[ScoredSpan(s.start, s.end, s.label, 1.0) for s in spans] for spans in predicted]
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        _write_predictions(Path(keep) / "held_out.spacy.jsonl", held_out, scored)
    propagate = labels_to_propagate(split["train"])
    propagated = [
        propagate_mentions(d.text, p, propagate) for d, p in zip(held_out, scored, strict=True)
    ]
    return {
        **score(held_out, predicted),
        "propagate_labels": list(propagate),
        "with_propagation": score(held_out, [[s.span for s in spans] for spans in propagated]),
        "last_epoch_f1": last["f1"],
        "train_seconds": train_seconds,
        "epochs_run": epochs,
        "best_epoch": best_epoch,
        "validation_f1": best,
        "docs_per_second": len(held_out) / predict_seconds,
        "peak_rss_mib": _peak_rss_mib(),
        "history": history,
    }


def run_hf_recipe(
    config: ResumeNerConfig, portable_split: Portable, threads: int, epochs: int, keep: str | None
) -> dict[str, Any]:
    """The plain Hugging Face recipe (``hf_recipe.py``) on the same backbone and documents.

    With ``keep`` its held-out predictions go to ``held_out.hf-recipe.jsonl`` in that folder."""
    _child_setup(threads)
    split = restore(portable_split)
    from hf_recipe import train_and_predict

    from resume_ner.data.datasets.schema import LabelSchema

    labels = config.data.labels or list(LabelSchema.canonical().labels)
    held_out = split["held_out"]
    with tempfile.TemporaryDirectory(prefix="hf-recipe-") as scratch:
        out = train_and_predict(
            config.model.backbone,
            split["train"],
            held_out,
            labels,
            epochs=epochs,
            seed=config.training.seed,
            work=Path(scratch),
        )
    predicted = out["spans"]
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        scored = [[ScoredSpan(s.start, s.end, s.label, 1.0) for s in spans] for spans in predicted]
        _write_predictions(Path(keep) / "held_out.hf-recipe.jsonl", held_out, scored)
    return {
        **score(held_out, predicted),
        "train_seconds": out["train_seconds"],
        "epochs_run": epochs,
        "best_epoch": epochs,
        "validation_f1": float("nan"),
        "docs_per_second": len(held_out) / out["predict_seconds"],
        "peak_rss_mib": _peak_rss_mib(),
    }


def in_child(function: Any, *args: Any) -> dict[str, Any]:
    """Run ``function(*args)`` in a fresh spawned process (own memory, own peak RSS)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        result: dict[str, Any] = pool.submit(function, *args).result()
    return result


def _print_system(name: str, r: dict[str, Any]) -> None:
    print(
        f"{name:<10} span-F1 {r['f1']:.4f} (P {r['precision']:.3f}, R {r['recall']:.3f})  "
        f"train {r['train_seconds'] / 60:.1f} min ({r['epochs_run']} epochs, best "
        f"{r['best_epoch']}, val F1 {r['validation_f1']:.3f})  {r['docs_per_second']:.1f} docs/s"
        f"  peak RSS {r['peak_rss_mib']:.0f} MiB"
    )


def print_round(index: int, split: dict[str, Any], results: dict[str, dict[str, Any]]) -> None:
    """Print one round's micro scores and the per-label table."""
    sizes = "/".join(str(len(split[k])) for k in ("train", "validation", "held_out"))
    print(f"\nround {index}: train/validation/held-out documents = {sizes}")
    for name, r in results.items():
        _print_system(name, r)
    if "spacy" in results and "resume-ner" in results:
        delta = results["resume-ner"]["f1"] - results["spacy"]["f1"]
        print(f"delta (resume-ner - spacy): {delta:+.4f}")
    labels = sorted({label for r in results.values() for label in r["per_label"]})
    print(f"{'label':<22}{'support':>8}" + "".join(f"{name:>12}" for name in results))
    for label in labels:
        support = next(r["per_label"].get(label, {}).get("support", 0) for r in results.values())
        cells = "".join(
            f"{r['per_label'].get(label, {}).get('f1', 0.0):>12.3f}" for r in results.values()
        )
        print(f"{label:<22}{support:>8}{cells}")


ABLATIONS = {
    "resume-ner": (
        ("without_propagation", "resume-ner, no propagation"),
        ("without_transitions", "resume-ner, no transition prior"),
    ),
    "spacy": (("with_propagation", "spacy + propagation"),),
}
"""Per system, the extra scores it reports and the row names of those variants."""


def _systems(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A round's systems plus their ablation variants as rows of their own."""
    rows = dict(results)
    for name, r in results.items():
        for key, row in ABLATIONS.get(name, ()):
            if key in r:
                extra = {k: r[k] for k in ("train_seconds", "docs_per_second")}
                rows[row] = {**r[key], **extra}
    return rows


def _mean_std(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": statistics.mean(values),
        "std": statistics.stdev(values) if len(values) > 1 else 0.0,
    }


def summarize(rounds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Mean and standard deviation over folds per system (strict P/R/F1, overlap F1, per label,
    training minutes, docs/s, peak RSS) and the per-fold paired difference to spaCy."""
    per_round = [_systems(r["results"]) for r in rounds]
    names = list(dict.fromkeys(n for r in per_round for n in r))
    summary: dict[str, Any] = {"folds": len(rounds), "systems": {}}
    for name in names:
        rows = [r[name] for r in per_round if name in r]
        labels = sorted({label for row in rows for label in row["per_label"]})
        entry = {
            key: _mean_std([row[key] for row in rows])
            for key in ("precision", "recall", "f1", "overlap_f1")
            if all(key in row for row in rows)
        }
        entry["per_label_f1"] = {
            label: statistics.mean(row["per_label"].get(label, {}).get("f1", 0.0) for row in rows)
            for label in labels
        }
        entry["train_minutes"] = statistics.mean(row.get("train_seconds", 0) / 60 for row in rows)
        entry["docs_per_second"] = statistics.mean(row.get("docs_per_second", 0) for row in rows)
        if all("peak_rss_mib" in row for row in rows):
            entry["peak_rss_mib"] = max(row["peak_rss_mib"] for row in rows)
        entry["folds"] = len(rows)
        paired = [r for r in per_round if name in r and "spacy" in r]
        if name != "spacy" and paired:
            deltas = [r[name]["f1"] - r["spacy"]["f1"] for r in paired]
            entry["minus_spacy"] = {
                "per_fold": deltas,
                **_mean_std(deltas),
                "folds_ahead": sum(d > 0 for d in deltas),
            }
        summary["systems"][name] = entry
    return summary


def print_summary(summary: dict[str, Any]) -> None:
    """The k-fold table: mean +- std per system, paired differences, per-label means."""
    systems = summary["systems"]
    print(f"\n{summary['folds']}-fold summary (mean +- std over folds)")
    head = f"{'system':<28}{'strict F1':>16}{'P':>8}{'R':>8}{'overlap F1':>12}{'- spaCy':>10}"
    print(head + f"{'ahead':>7}{'train min':>10}{'docs/s':>8}")
    for name, e in systems.items():
        f1 = f"{e['f1']['mean']:.4f} +- {e['f1']['std']:.3f}"
        diff = e.get("minus_spacy")
        delta = f"{diff['mean']:+.4f}" if diff else ""
        ahead = f"{diff['folds_ahead']}/{len(diff['per_fold'])}" if diff else ""
        label = name if e["folds"] == summary["folds"] else f"{name} ({e['folds']} folds)"
        print(
            f"{label:<28}{f1:>16}{e['precision']['mean']:>8.3f}{e['recall']['mean']:>8.3f}"
            f"{e.get('overlap_f1', {}).get('mean', float('nan')):>12.4f}{delta:>10}{ahead:>7}"
            f"{e['train_minutes']:>10.1f}{e['docs_per_second']:>8.1f}"
        )
    labels = sorted({label for e in systems.values() for label in e["per_label_f1"]})
    print(f"\n{'label (mean strict F1)':<24}" + "".join(f"{n[:14]:>16}" for n in systems))
    for label in labels:
        cells = "".join(f"{e['per_label_f1'].get(label, 0.0):>16.3f}" for e in systems.values())
        print(f"{label:<24}{cells}")


def write_json(path: Path, report: dict[str, Any]) -> None:
    """Write the report atomically (a temporary file renamed over the target)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    partial.replace(path)


def merge_reports(paths: Sequence[Path]) -> dict[str, Any]:
    """One report from several runs over the same folds (e.g. each system run on its own, or
    some rounds run apart with ``--rounds``): rounds with the same documents are joined."""
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    data = {r.get("data") for r in reports if r.get("data")}
    if len(data) > 1:
        sys.exit(f"reports of different data files cannot be merged: {sorted(data)}")
    rounds: dict[str, dict[str, Any]] = {}
    ordered = sorted(zip(reports, paths, strict=True), key=lambda pair: -len(pair[0]["rounds"]))
    for report, path in ordered:
        for round_ in report["rounds"]:
            key = json.dumps(round_["documents"], sort_keys=True)
            if key in rounds:
                rounds[key]["results"].update(round_["results"])
                continue
            held_out = set(round_["documents"].get("held_out", ()))
            if any(held_out & set(r["documents"].get("held_out", ())) for r in rounds.values()):
                sys.exit(f"{path} was run on other folds than {ordered[0][1]}; cannot merge")
            rounds[key] = {"documents": round_["documents"], "results": dict(round_["results"])}
    return {"merged": [str(p) for p in paths], "rounds": list(rounds.values())}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DataTurks JSONL file")
    parser.add_argument(
        "--config",
        type=Path,
        default=REPO / "configs" / "dataturks.yaml",
        help="resume-ner's config (data.sources is replaced by --data); 'none' for the defaults",
    )
    parser.add_argument("--folds", type=int, default=1, help="K-fold mode when > 1")
    parser.add_argument(
        "--rounds", help="comma-separated fold indices to run (screening); default all"
    )
    parser.add_argument("--epochs", type=int, help="override training.epochs (smoke runs)")
    parser.add_argument(
        "--minutes",
        type=float,
        default=30.0,
        help="training.max_minutes of resume-ner (the wall-clock budget; 0 for none)",
    )
    parser.add_argument("--spacy-epochs", type=int, default=SPACY_EPOCHS)
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated systems to run (of {', '.join(SYSTEMS)})",
    )
    parser.add_argument("--hf-epochs", type=int, default=HF_EPOCHS)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--threads", type=int, default=2, help="torch/spaCy threads")
    parser.add_argument("--limit", type=int, help="use only the first N documents (smoke runs)")
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument(
        "--keep", type=Path, help="keep resume-ner's checkpoints and held-out predictions here"
    )
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="REPORT",
        help="summarise --json reports of earlier runs over the same folds instead of running",
    )
    return parser


def run_round(
    split: dict[str, Any], systems: Sequence[str], config: ResumeNerConfig, args: Any, keep: Any
) -> dict[str, dict[str, Any]]:
    """Train and score each of ``systems`` on one round's documents, each in its own process."""
    results: dict[str, dict[str, Any]] = {}
    seed = config.data.seed
    if "resume-ner" in systems:
        results["resume-ner"] = in_child(
            run_resume_ner, config, portable(split), args.threads, keep
        )
    if "spacy" in systems:
        results["spacy"] = in_child(
            run_spacy, portable(split), args.threads, seed, args.spacy_epochs, keep
        )
    if "hf-recipe" in systems:
        results["hf-recipe"] = in_child(
            run_hf_recipe, config, portable(split), args.threads, args.hf_epochs, keep
        )
    return results


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Parse arguments, run every round and print (and optionally write) the report."""
    args = _parser().parse_args(argv)
    systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = sorted(set(systems) - set(SYSTEMS))
    if unknown:
        sys.exit(f"--systems: unknown {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}")
    if args.merge:
        merged = merge_reports(args.merge)
        merged["summary"] = summarize(merged["rounds"])
        print_summary(merged["summary"])
        if args.json:
            write_json(args.json, merged)
        return merged
    if not args.data.is_file():
        sys.exit(f"no DataTurks file at {args.data}; pass --data PATH")
    overrides = [*args.set, *([f"training.epochs={args.epochs}"] if args.epochs else [])]
    if args.minutes:
        overrides.insert(0, f"training.max_minutes={args.minutes}")
    config_file = None if str(args.config) == "none" else args.config
    config = make_config(args.data.resolve(), overrides, config_file)
    documents = load_documents(config)[: args.limit]
    rounds = make_rounds(documents, args.folds, config.data.seed)
    print(
        f"{len(documents)} validated documents from {args.data}; overrides: {overrides or 'none'}"
    )
    report: dict[str, Any] = {"data": str(args.data), "overrides": overrides, "rounds": []}
    chosen = {int(i) for i in args.rounds.split(",")} if args.rounds else set(range(len(rounds)))
    for index, split in enumerate(rounds):
        if index not in chosen:
            continue
        keep = str(args.keep / f"round-{index}") if args.keep else None
        results = run_round(split, systems, config, args, keep)
        print_round(index, split, results)
        ids = {k: [d.id for d in v] for k, v in split.items()}
        report["rounds"].append({"documents": ids, "results": results})
        if args.json:  # after every round, so a stopped run keeps what it measured
            write_json(args.json, report)
    if len(rounds) > 1:
        report["summary"] = summarize(report["rounds"])
        print_summary(report["summary"])
    if args.json:
        write_json(args.json, report)
    return report


if __name__ == "__main__":
    main()
