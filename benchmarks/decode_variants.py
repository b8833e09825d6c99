"""Held-out span-F1 of decoding variants on the fold models a k-fold quality run kept.

Run: .venv/bin/python benchmarks/decode_variants.py DIR [--folds 5] [--config FILE]
     [--data PATH] [--checkpoint best|last] [--json OUT]

DIR is the ``--keep`` folder of ``quality_dataturks.py --folds K`` (``DIR/round-k/best`` and
``last``); the folds are rebuilt from the same data and config (``data.seed``) as that run.
The models run once per fold on its validation and held-out resumes; only decoding changes,
so each variant is measured on exactly the same log-probabilities:

- ``constraints``: BIO constraints only (no prior);
- ``one-matrix``: a transition prior without gap kinds (all word pairs counted together);
- ``per-gap``: the shipped prior (one matrix per gap kind: same line, line break, blank line);
- ``pmi``: the per-gap prior minus the log-marginal of the next tag (the hybrid decoders'
  posterior / prior correction).

Each prior variant is scored at every weight of the grid and at the weight its validation
resumes pick (``tuned``). Mention propagation follows the saved model, as served.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from quality_dataturks import (  # noqa: E402
    DEFAULT_DATA,
    load_documents,
    make_config,
    make_rounds,
    score,
)

VARIANTS = ("one-matrix", "per-gap", "pmi")


def prior_arrays(windows_by_doc: Sequence[Any], schema: Any) -> dict[str, tuple[Any, Any]]:
    """Unweighted ``(start, transition)`` scores of each prior variant from gold sequences."""
    import numpy as np

    from resume_ner.data.processing.transitions import PSEUDO_COUNT, estimate_transitions

    sequences = list(windows_by_doc)
    per_gap = estimate_transitions(sequences, schema.tags)
    index = {tag: i for i, tag in enumerate(schema.tags)}
    pairs = np.full((len(index), len(index)), PSEUDO_COUNT)
    marginal = np.full(len(index), PSEUDO_COUNT)
    for sequence in sequences:
        ids = [index[tag] for tag in sequence.tags]
        for previous, current in itertools.pairwise(ids):
            pairs[previous, current] += 1
        for tag in ids:
            marginal[tag] += 1
    start = np.asarray(per_gap.start)
    gaps = np.asarray(per_gap.scores)
    log_marginal = np.log(marginal / marginal.sum())
    return {
        "one-matrix": (start, np.log(pairs / pairs.sum(axis=1, keepdims=True))),
        "per-gap": (start, gaps),
        "pmi": (start - log_marginal, gaps - log_marginal[None, None, :]),
    }


def fold_scores(folder: Path, split: dict[str, Any], max_length: int, stride: int) -> dict:
    """Held-out (and validation) F1 of every variant and weight on one fold's model."""
    from resume_ner.data.processing.transitions import WEIGHTS, word_sequence
    from resume_ner.training.core import load_model
    from resume_ner.training.core.evaluate import decode_encoded, window_log_probs
    from resume_ner.training.core.features import encode_set

    model, tokenizer, schema = load_model(folder)
    train = encode_set(tokenizer, split["train"], schema, max_length=max_length, stride=stride)
    sequences = [
        word_sequence([train.windows[i] for i in indices], document.text)
        for document, indices in zip(train.documents, train.windows_by_document(), strict=True)
    ]
    priors = prior_arrays(sequences, schema)
    inputs = {}
    for part in ("validation", "held_out"):
        encoded = encode_set(tokenizer, split[part], schema, max_length=max_length, stride=stride)
        inputs[part] = (
            encoded,
            window_log_probs(model, encoded.features, batch_size=16, device="cpu"),
        )
    propagate = model.head.propagate_labels

    def f1(part: str, transitions: Any) -> dict[str, Any]:
        encoded, rows = inputs[part]
        decoded = decode_encoded(
            encoded, rows, schema, True, propagate=propagate, transitions=transitions
        )
        return score(split[part], [[s.span for s in d.spans] for d in decoded])

    result: dict[str, Any] = {"constraints": f1("held_out", None)["f1"]}
    for name, (start, matrix) in priors.items():
        by_weight = {}
        for weight in WEIGHTS:
            transitions = (weight * start, weight * matrix) if weight > 0 else None
            by_weight[weight] = (f1("validation", transitions)["f1"], f1("held_out", transitions))
        tuned = max(WEIGHTS, key=lambda w: (by_weight[w][0], -WEIGHTS.index(w)))
        result[name] = {
            "weights": {str(w): by_weight[w][1]["f1"] for w in WEIGHTS},
            "tuned_weight": tuned,
            "tuned": by_weight[tuned][1]["f1"],
            "tuned_per_label": {
                label: v["f1"] for label, v in by_weight[tuned][1]["per_label"].items()
            },
        }
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keep", type=Path, help="--keep folder of a k-fold quality run")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "dataturks.yaml")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--checkpoint", choices=("best", "last"), default="best")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    config = make_config(args.data, [], args.config)
    rounds = make_rounds(load_documents(config), args.folds, config.data.seed)
    folds = []
    for k, split in enumerate(rounds):
        folder = args.keep / f"round-{k}" / args.checkpoint
        if not folder.is_dir():
            sys.exit(f"{folder} does not exist: pass the --keep folder of a --folds run")
        folds.append(fold_scores(folder, split, config.data.max_length, config.data.stride))
        print(f"fold {k}: constraints {folds[-1]['constraints']:.4f}", end="")
        for name in VARIANTS:
            print(
                f", {name} {folds[-1][name]['tuned']:.4f} (w {folds[-1][name]['tuned_weight']})",
                end="",
            )
        print(flush=True)
    print(f"\nmean held-out strict F1 over {len(folds)} folds ({args.checkpoint} checkpoints)")
    print(f"{'constraints':<12}{statistics.mean(f['constraints'] for f in folds):.4f}")
    for name in VARIANTS:
        weights = folds[0][name]["weights"]
        cells = "  ".join(
            f"w{w} {statistics.mean(f[name]['weights'][w] for f in folds):.4f}" for w in weights
        )
        tuned = statistics.mean(f[name]["tuned"] for f in folds)
        print(f"{name:<12}tuned {tuned:.4f}  {cells}")
    report = {"keep": str(args.keep), "checkpoint": args.checkpoint, "folds": folds}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
