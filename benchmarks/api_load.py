"""Load test of the HTTP service: N concurrent clients send whole resumes to /v1/extract.

Run: .venv/bin/python benchmarks/api_load.py --model PATH [--backend onnx_int8]
     [--concurrency 4] [--duration 30] [--max-requests 5000] [--workers 1] [--json OUT]

It starts `resume-ner serve` itself on 127.0.0.1 (a free port), waits for /ready, sends
real resumes (../shared/data/dataturks/traindata.jsonl when present, else the bundled demo
set) from N clients for a fixed time or request count, then prints requests/s, p50/p95/p99
latency, errors by status and the server's resident memory, and stops the server.
Targets (2 CPU cores, int8 model, concurrency 4): zero errors, p95 < 1 s, >= 5 resumes/s,
server RSS < 600 MiB after the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DATATURKS = REPO.parent / "shared" / "data" / "dataturks" / "traindata.jsonl"
HOST = "127.0.0.1"
P95_TARGET_S = 1.0
RATE_TARGET = 5.0
RSS_TARGET_MIB = 600.0


@dataclass
class LoadResult:
    """What one load run measured."""

    model: str
    backend: str
    concurrency: int
    documents: int
    mean_chars: float
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    errors_by_status: dict[str, int]
    server_rss_mib: float


def load_texts(path: Path | None) -> list[str]:
    """Resume texts: a JSONL file with ``content`` or ``text``, else the bundled demo set."""
    source = path or (DATATURKS if DATATURKS.is_file() else None)
    if source is None:
        from resume_ner.data.datasets.bundled import load_bundled

        return [doc.text for doc in load_bundled("demo") if doc.text.strip()]
    texts = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                text = record.get("content") or record.get("text") or ""
                if text.strip():
                    texts.append(text)
    return texts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _serve_command() -> list[str]:
    from resume_ner.cli.app import app

    names = [g.name for g in app.registered_groups] + [c.name for c in app.registered_commands]
    if "serve" in names:
        return [sys.executable, "-c", "from resume_ner.cli import main; main()", "serve"]
    return [sys.executable, "-c", "from resume_ner.cli.serve_cmd import app; app()"]


def start_server(args: argparse.Namespace, port: int) -> subprocess.Popen[bytes]:
    """Start ``resume-ner serve`` on 127.0.0.1 and wait until /ready answers 200."""
    command = [*_serve_command(), "--host", HOST, "--port", str(port)]
    command += ["--backend", args.backend, "--workers", str(args.workers)]
    if args.model:
        command += ["--model", str(args.model)]
    if args.predictor_factory:
        command += ["--predictor-factory", args.predictor_factory]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESUME_NER_")}
    env["RESUME_NER_MAX_QUEUE"] = str(max(64, args.concurrency * 4))
    if args.threads:
        env["RESUME_NER_MODEL_THREADS"] = str(args.threads)
    proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode} before it was ready")
        try:
            if httpx.get(f"http://{HOST}:{port}/ready", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not become ready within 180 s")


def server_rss_mib(pid: int) -> float:
    """Resident memory of the server process and its workers, in MiB."""
    try:
        import psutil

        parent = psutil.Process(pid)
        procs = [parent, *parent.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20
    except ImportError:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return kib / 1024


@dataclass
class _Run:
    """State shared by the clients of one run."""

    texts: list[str]
    stop_at: float
    budget: int
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)


async def _client(base: str, run: _Run, start_index: int) -> None:
    index = start_index
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.perf_counter() < run.stop_at and run.budget > 0:
            run.budget -= 1
            text = run.texts[index % len(run.texts)]
            index += 1
            began = time.perf_counter()
            try:
                response = await client.post("/v1/extract", json={"text": text})
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            run.latencies.append(time.perf_counter() - began)
            run.statuses[status] += 1


async def run_load(
    base: str, texts: list[str], concurrency: int, duration_s: float, max_requests: int
) -> tuple[list[float], Counter[str], float]:
    """Send requests from ``concurrency`` clients; returns latencies, statuses and seconds."""
    start = time.perf_counter()
    run = _Run(texts, start + duration_s, max_requests)
    step = max(1, len(texts) // concurrency)
    await asyncio.gather(*(_client(base, run, i * step) for i in range(concurrency)))
    return run.latencies, run.statuses, time.perf_counter() - start


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def measure(args: argparse.Namespace) -> LoadResult:
    """Start the server, warm it up, run the load, read its memory, stop it."""
    texts = load_texts(args.data)
    port = _free_port()
    base = f"http://{HOST}:{port}"
    proc = start_server(args, port)
    try:
        model = httpx.get(f"{base}/v1/model", timeout=10).json()
        asyncio.run(run_load(base, texts, args.concurrency, 60.0, args.warmup))
        latencies, statuses, seconds = asyncio.run(
            run_load(base, texts, args.concurrency, args.duration, args.max_requests)
        )
        rss = server_rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    errors = {status: n for status, n in statuses.items() if status != "200"}
    return LoadResult(
        model=model.get("name", "?"),
        backend=model.get("backend", "?"),
        concurrency=args.concurrency,
        documents=len(texts),
        mean_chars=round(statistics.mean(len(t) for t in texts), 1),
        requests=len(latencies),
        seconds=round(seconds, 2),
        requests_per_s=round(len(latencies) / seconds, 2),
        p50_ms=round(_percentile(latencies, 50) * 1000, 1),
        p95_ms=round(_percentile(latencies, 95) * 1000, 1),
        p99_ms=round(_percentile(latencies, 99) * 1000, 1),
        errors=sum(errors.values()),
        errors_by_status=errors,
        server_rss_mib=round(rss, 1),
    )


def report(result: LoadResult) -> None:
    """Print the result and whether it meets the targets."""
    print(f"model {result.model} (backend {result.backend}), concurrency {result.concurrency}")
    print(f"resumes: {result.documents} (mean {result.mean_chars:.0f} characters)")
    print(f"requests: {result.requests} in {result.seconds:.1f} s = {result.requests_per_s} req/s")
    print(f"latency ms: p50 {result.p50_ms}  p95 {result.p95_ms}  p99 {result.p99_ms}")
    print(f"errors: {result.errors} {result.errors_by_status or ''}")
    print(f"server RSS after the run: {result.server_rss_mib:.0f} MiB")
    checks = {
        "zero errors": result.errors == 0,
        f"p95 < {P95_TARGET_S:g} s": result.p95_ms < P95_TARGET_S * 1000,
        f">= {RATE_TARGET:g} resumes/s": result.requests_per_s >= RATE_TARGET,
        f"RSS < {RSS_TARGET_MIB:g} MiB": result.server_rss_mib < RSS_TARGET_MIB,
    }
    print("targets: " + ", ".join(f"{k}: {'ok' if v else 'MISSED'}" for k, v in checks.items()))


def main() -> None:
    """Parse the arguments, run the load test, print (and optionally save) the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="Model folder to serve.")
    parser.add_argument("--backend", default="auto", help="auto, pytorch, onnx or onnx_int8.")
    parser.add_argument("--predictor-factory", help="Custom predictor factory module:callable.")
    parser.add_argument("--concurrency", type=int, default=4, help="Concurrent clients.")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load (max 600).")
    parser.add_argument("--max-requests", type=int, default=5000, help="Request budget.")
    parser.add_argument("--warmup", type=int, default=8, help="Requests sent before timing.")
    parser.add_argument("--workers", type=int, default=1, help="Server worker processes.")
    parser.add_argument("--threads", type=int, help="Threads of one inference call.")
    parser.add_argument("--data", type=Path, help="JSONL of resumes (content or text field).")
    parser.add_argument("--json", type=Path, help="Also write the result as JSON here.")
    args = parser.parse_args()
    if not args.model and not args.predictor_factory:
        parser.error("--model (or --predictor-factory) is required")
    if not 1 <= args.concurrency <= 64 or not 0 < args.duration <= 600:
        parser.error("--concurrency must be 1..64 and --duration 0..600 s")
    result = measure(args)
    report(result)
    if args.json:
        from resume_ner.common.shared import write_json

        write_json(args.json, asdict(result))


if __name__ == "__main__":
    main()
