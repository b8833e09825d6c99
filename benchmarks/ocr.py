"""OCR engines on generated resume images: character error rate and seconds per page.

Run: .venv/bin/python benchmarks/ocr.py [--resumes 3] [--model PATH] [--json OUT]

Resumes from ``generate_resumes(n, seed=0)`` are drawn with ``render_text_image`` as Letter
pages in four conditions: 150 dpi, 300 dpi, rotated (a JPEG stored on its side with EXIF
orientation 6, and skewed 2 degrees), and noisy (150 dpi, 5% of the pixels random grey).
Each engine reads every page in the same run: Tesseract through ``resume_ner.data.documents``
(the project's reader: EXIF rotation, then ``ocr.recognize``), and RapidOCR (the ``bench``
extra; skipped when not installed) on the same upright-by-EXIF pixels. CER is the edit
distance over the reference length with whitespace runs as one space
(``character_error_rate``); ratios are against Tesseract, the engine the project uses.
With ``--model`` the same model extracts entities from the original text and from the
Tesseract text; span-F1 compares (label, text) pairs, since offsets differ between the two.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from resume_ner.data.datasets import generate_resumes
from resume_ner.data.documents import DocumentLimits, read_document
from resume_ner.testing.documents import character_error_rate
from resume_ner.testing.page_images import image_bytes, render_text_image

CONDITIONS: dict[str, Callable[[str], bytes]] = {
    "150 dpi": lambda text: image_bytes(render_text_image(text, 150)),
    "300 dpi": lambda text: image_bytes(render_text_image(text, 300)),
    "rotated": lambda text: image_bytes(
        render_text_image(text, 150, rotate=2), "JPEG", exif_orientation=6
    ),
    "noisy": lambda text: image_bytes(render_text_image(text, 150, noise=0.05, seed=1)),
}


def _tesseract(data: bytes) -> str:
    return read_document(data, DocumentLimits()).text


def _rapidocr() -> Callable[[bytes], str] | None:
    try:
        import numpy as np
        from PIL import Image, ImageOps
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    engine = RapidOCR()

    def read(data: bytes) -> str:
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
        result, _ = engine(np.asarray(image))
        return "\n".join(line[1] for line in result or [])

    return read


def _entity_f1(predictor: Any, originals: list[str], read: list[str]) -> float:
    def keys(entities: Any) -> Counter[tuple[str, str]]:
        return Counter((e.label, " ".join(e.text.split())) for e in entities)

    gold = [keys(e) for e in predictor.predict(originals)]
    found = [keys(e) for e in predictor.predict(read)]
    hits = sum(sum((g & f).values()) for g, f in zip(gold, found, strict=True))
    n_gold, n_found = sum(sum(g.values()) for g in gold), sum(sum(f.values()) for f in found)
    return 2 * hits / (n_gold + n_found) if n_gold + n_found else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=int, default=3)
    parser.add_argument("--model", help="a trained or converted model folder")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    texts = [d.text for d in generate_resumes(args.resumes, seed=0)]
    engines: dict[str, Callable[[bytes], str]] = {"tesseract": _tesseract}
    rapid = _rapidocr()
    if rapid is not None:
        engines["rapidocr"] = rapid
    predictor = None
    if args.model:
        from resume_ner.deployment.inference.loading import load_predictor

        predictor = load_predictor(args.model)
    rows: list[dict[str, Any]] = []
    for condition, build in CONDITIONS.items():
        pages = [build(text) for text in texts]
        for name, read in engines.items():
            outputs, seconds = [], []
            for data in pages:
                start = time.perf_counter()
                outputs.append(read(data))
                seconds.append(time.perf_counter() - start)
            row = {
                "condition": condition,
                "engine": name,
                "cer": statistics.mean(map(character_error_rate, texts, outputs)),
                "s_per_page": statistics.mean(seconds),
            }
            if predictor is not None and name == "tesseract":
                row["entity_f1"] = _entity_f1(predictor, texts, outputs)
            rows.append(row)
    base = {r["condition"]: r for r in rows if r["engine"] == "tesseract"}
    print(f"{'condition':<9} {'engine':<10} {'CER':>7} {'s/page':>7} {'CER x':>6} {'time x':>6}")
    for r in rows:
        b = base[r["condition"]]
        r["cer_ratio"] = r["cer"] / b["cer"] if b["cer"] else float("nan")
        r["time_ratio"] = r["s_per_page"] / b["s_per_page"]
        extra = f"  entity F1 {r['entity_f1']:.3f}" if "entity_f1" in r else ""
        print(
            f"{r['condition']:<9} {r['engine']:<10} {r['cer']:7.2%} {r['s_per_page']:7.2f} "
            f"{r['cer_ratio']:6.2f} {r['time_ratio']:6.2f}{extra}"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"resumes": args.resumes, "rows": rows}, out, indent=2)


if __name__ == "__main__":
    main()
