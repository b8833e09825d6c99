"""Documents/s of ``resume-ner extract`` over PDF resumes against posting them one at a time to
``/v1/extract/file`` of ``resume-ner serve`` on 127.0.0.1, same model, same files, same threads.

Run: .venv/bin/python benchmarks/extract_speed.py ARTIFACT [--count 200] [--threads 2]
     [--workers 1,2] [--backend auto] [--port 8765]

The PDFs (text layer) are written from the synthetic resumes (``generate_resumes``, seed 0)
with ``tests/document_files.py::pdf_with_text``. ``resume-ner extract`` is timed end to end
(process start, model load, reading, prediction, fsynced appends) and also by its own summary
line (after the model is loaded); the service is timed after ``/ready`` only (its start-up is
left out), one sequential request per file with httpx. Prints documents/s of each and the ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from document_files import pdf_with_text  # noqa: E402
from resume_ner.data.datasets import generate_resumes  # noqa: E402


def write_pdfs(folder: Path, count: int) -> list[Path]:
    """``count`` one-page PDF resumes with a text layer (Latin-1, as Helvetica draws)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, document in enumerate(generate_resumes(count, seed=0)):
        text = document.text.encode("latin-1", "replace").decode("latin-1")
        lines = [line for line in text.splitlines() if line.strip()]
        path = folder / f"resume{number:04d}.pdf"
        path.write_bytes(pdf_with_text(lines))
        paths.append(path)
    return paths


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def time_extract(
    folder: Path, artifact: str, args: argparse.Namespace, workers: int
) -> tuple[float, float]:
    """(wall seconds of the whole command, documents/s of its own summary line)."""
    out = folder.parent / f"results-w{workers}.jsonl"
    argv = [sys.executable, "-m", "resume_ner.cli", "extract", str(folder), "--model", artifact]
    argv += ["--out", str(out), "--threads", str(args.threads), "--workers", str(workers)]
    argv += ["--backend", args.backend]
    start = time.perf_counter()
    done = subprocess.run(argv, env=_env(), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"extract failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rate = re.search(r"\(([\d.]+) docs/s\)", done.stderr)
    return wall, float(rate.group(1)) if rate else float("nan")


def time_service(paths: list[Path], artifact: str, args: argparse.Namespace) -> float:
    """Seconds to post every file once, one at a time, after the service is ready."""
    import httpx

    env = {**_env(), "RESUME_NER_MODEL_THREADS": str(args.threads)}
    argv = [sys.executable, "-m", "resume_ner.cli", "serve", "--model", artifact]
    argv += ["--host", "127.0.0.1", "--port", str(args.port), "--backend", args.backend]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{args.port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if client.get("/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the service did not become ready")
                time.sleep(0.2)
            start = time.perf_counter()
            for path in paths:
                files = {"file": (path.name, path.read_bytes(), "application/pdf")}
                response = client.post("/v1/extract/file", files=files)
                response.raise_for_status()
            return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("artifact")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", default="1,2", help="Comma-separated --workers values.")
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "pdfs"
        paths = write_pdfs(folder, args.count)
        service_s = time_service(paths, args.artifact, args)
        service_rate = args.count / service_s
        print(f"service, one file per request: {service_rate:.1f} docs/s ({service_s:.1f} s)")
        for workers in (int(w) for w in args.workers.split(",")):
            wall, inner = time_extract(folder, args.artifact, args, workers)
            outer = args.count / wall
            print(
                f"extract --workers {workers}: {outer:.1f} docs/s end to end ({wall:.1f} s), "
                f"{inner:.1f} docs/s after loading; ratio vs service {outer / service_rate:.2f}x "
                f"end to end, {inner / service_rate:.2f}x after loading"
            )


if __name__ == "__main__":
    main()
