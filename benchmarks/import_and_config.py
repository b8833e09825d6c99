"""Import time of each subpackage, config load cost (cold vs cached) and path resolution cost.

Run: .venv/bin/python benchmarks/import_and_config.py
Every figure is printed next to a baseline measured in the same run.
"""

from __future__ import annotations

import pkgutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import resume_ner
from resume_ner.infrastructure.config import clear_config_cache, load_config
from resume_ner.infrastructure.paths import OutputLayout

REPO = Path(__file__).resolve().parents[1]
REPEATS = 3


def _fresh_import_ms(statement: str) -> float:
    """Median time of running ``statement`` inside a fresh interpreter, in ms."""
    timed = (
        "import time as _t\n_s = _t.perf_counter()\n"
        + statement
        + "\nimport sys as _y\n_y.stderr.write(f'@@{(_t.perf_counter() - _s) * 1000}\\n')"
    )
    samples = []
    for _ in range(REPEATS):
        result = subprocess.run(
            [sys.executable, "-c", timed],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        marker = [line for line in result.stderr.splitlines() if line.startswith("@@")][-1]
        samples.append(float(marker[2:]))
    return statistics.median(samples)


def _subpackages() -> list[str]:
    names = ["resume_ner"]
    names += [
        info.name
        for info in pkgutil.walk_packages(resume_ner.__path__, "resume_ner.")
        if info.ispkg
    ]
    return names


def report_imports() -> None:
    """Print each subpackage's import cost over a bare interpreter start."""
    baseline = _fresh_import_ms("import json, logging, pathlib")
    print(f"baseline (import json, logging, pathlib): {baseline:.1f} ms")
    print(f"{'subpackage':48} {'import ms':>10} {'x baseline':>10}")
    for name in _subpackages():
        total = _fresh_import_ms(f"import {name}")
        print(f"{name:48} {total:10.1f} {total / baseline:10.1f}")
    heavy = _fresh_import_ms("import torch")
    print(f"{'(reference) import torch':48} {heavy:10.1f} {heavy / baseline:10.1f}")
    cli = _fresh_import_ms(
        "import sys; sys.argv=['resume-ner','--help']\n"
        "from resume_ner.cli import main\n"
        "try:\n main()\nexcept SystemExit:\n pass"
    )
    print(f"{'resume-ner --help (whole command)':48} {cli:10.1f} {cli / baseline:10.1f}")


def report_config() -> None:
    """Print a cold config load against a cached one."""
    config_file = REPO / "configs" / "default.yaml"
    overrides = ["training.learning_rate=3e-4", "hpo.n_trials=5"]
    cold = []
    for _ in range(20):
        clear_config_cache()
        start = time.perf_counter()
        load_config([config_file], overrides)
        cold.append(time.perf_counter() - start)
    warm = []
    for _ in range(2000):
        start = time.perf_counter()
        load_config([config_file], overrides)
        warm.append(time.perf_counter() - start)
    cold_ms, warm_us = statistics.median(cold) * 1e3, statistics.median(warm) * 1e6
    print(
        f"config load, cold: {cold_ms:.2f} ms; cached: {warm_us:.1f} us; "
        f"cached is {cold_ms * 1e3 / warm_us:.0f}x faster"
    )


def report_paths() -> None:
    """Print 10k training-path resolutions against 10k plain Path joins."""
    layout = OutputLayout.from_config(load_config([]).paths, base_dir=REPO)
    n = 10_000
    start = time.perf_counter()
    for i in range(n):
        layout.training_dir("minilm", f"{i:064x}", "f" * 64, i % 7 + 1)
    resolved = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(n):
        Path(layout.root, "training", "minilm", f"{i:08x}-ffffffff", f"v{i % 7 + 1}")
    joined = time.perf_counter() - start
    print(
        f"10k path resolutions: {resolved * 1e3:.1f} ms ({resolved / n * 1e6:.1f} us each); "
        f"plain Path joins: {joined * 1e3:.1f} ms; ratio {resolved / joined:.1f}x"
    )


if __name__ == "__main__":
    report_imports()
    report_config()
    report_paths()
