#!/usr/bin/env bash
# The project's test command: set up .venv, then lint, check import layers, type-check and test.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -m slow` or `-k config`); the
# coverage of src/resume_ner is printed after the tests (measured, no threshold).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
V=.venv/bin

echo "== ruff"
"$V/ruff" check src tests benchmarks scripts
"$V/ruff" format --check src tests benchmarks scripts
echo "== import-linter"
"$V/lint-imports"
echo "== mypy"
"$V/mypy"
echo "== pytest"
"$V/pytest" -p no:cacheprovider -n 2 --cov=resume_ner --cov-report=term "$@"
