"""Documents/s of ``extract --engine ray`` (1 and 2 actors) against the local engine on the same
PDF resumes, same model, in one run; plus what Ray's start-up costs.

Run: PYTHONPATH=src .venv/bin/python benchmarks/extract_ray.py ARTIFACT [--count 200]
     [--threads 2] [--backend auto] [--actors 1,2] [--workers 1,2]

The PDFs are those of ``benchmarks/extract_speed.py`` (synthetic resumes, seed 0, one page with
a text layer). Each engine runs in this process through its library call, into a fresh results
file, exactly as ``resume-ner extract`` does: the local engine with ``--threads`` threads for
each ``--workers`` value (reading processes; ratios are against the first), the Ray engine on a
private local Ray instance started and stopped by the run, with ``threads / actors`` threads
per actor (so both use the same cores). Reported per engine: end to end (model load or Ray
start included), time to the first record, and the rate after the first record. "Ray start"
is ``ray.init`` + ``ray.shutdown`` of an empty local instance alone.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract_speed import write_pdfs  # this folder is on sys.path when run as a script

from resume_ner.deployment.extraction import (
    ExtractProgress,
    ExtractSummary,
    RayOptions,
    list_inputs,
    open_results,
    run_extract,
    run_extract_ray,
)


@dataclass(frozen=True)
class Timing:
    """One engine's run."""

    name: str
    total: float
    first: float
    after_first: float

    def line(self, reference: Timing | None) -> str:
        ratio = ""
        if reference is not None:
            ratio = (
                f"; vs the first local {reference.total / self.total:.2f}x end to end, "
                f"{self.after_first / reference.after_first:.2f}x after the first record"
            )
        return (
            f"{self.name}: {self.total:.1f} s end to end, first record after {self.first:.1f} s, "
            f"{self.after_first:.1f} docs/s after it{ratio}"
        )


def _timed(name: str, run: Callable[[Callable[[ExtractProgress], None]], ExtractSummary]) -> Timing:
    """Run an engine, noting when each batch of records landed."""
    marks: list[tuple[float, int]] = []
    start = time.perf_counter()
    summary = run(lambda state: marks.append((time.perf_counter() - start, state.done)))
    total = time.perf_counter() - start
    if summary.processed == 0 or summary.failed:
        raise SystemExit(f"{name}: {summary}")
    first_at, first_done = marks[0]
    rate = (summary.processed - first_done) / (marks[-1][0] - first_at) if len(marks) > 1 else 0.0
    return Timing(name, total, first_at, rate)


def ray_start_seconds() -> float:
    """``ray.init`` + ``ray.shutdown`` of a private local instance, nothing run on it."""
    import ray

    start = time.perf_counter()
    ray.init(address="local", num_cpus=os.cpu_count(), include_dashboard=False)
    ray.shutdown()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("artifact")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--actors", default="1,2", help="Comma-separated --actors values.")
    parser.add_argument("--workers", default="1,2", help="Local --workers values (first: ratios).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "pdfs"
        write_pdfs(folder, args.count)
        paths = list_inputs([str(folder)])

        def on_local(workers: int) -> Callable[[Callable[[ExtractProgress], None]], ExtractSummary]:
            def run(on_progress: Callable[[ExtractProgress], None]) -> ExtractSummary:
                from resume_ner.deployment.inference import load_predictor

                predictor = load_predictor(
                    args.artifact, backend=args.backend, threads=args.threads
                )
                results = open_results(Path(work) / f"local-{workers}.jsonl")
                return run_extract(
                    paths, predictor, results, workers=workers, on_progress=on_progress
                )

            return run

        def on_ray(actors: int) -> Callable[[Callable[[ExtractProgress], None]], ExtractSummary]:
            threads = max(1, args.threads // actors)
            options = RayOptions(actors=actors, threads=threads, backend=args.backend)
            results = open_results(Path(work) / f"ray-{actors}.jsonl")
            return lambda progress: run_extract_ray(
                paths, args.artifact, results, options=options, on_progress=progress
            )

        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"{args.count} one-page PDFs, {os.cpu_count()} CPUs (load {load}), {args.artifact}")
        start = ray_start_seconds()
        print(f"Ray start (init + shutdown of an empty local instance): {start:.1f} s")
        reference: Timing | None = None
        for workers in (int(value) for value in args.workers.split(",")):
            name = f"local, {args.threads} threads, {workers} reading process(es)"
            timing = _timed(name, on_local(workers))
            print(timing.line(reference))
            reference = reference or timing
        for actors in (int(value) for value in args.actors.split(",")):
            threads = max(1, args.threads // actors)
            name = f"ray, {actors} actor(s) x {threads} thread(s)"
            print(_timed(name, on_ray(actors)).line(reference))


if __name__ == "__main__":
    main()
