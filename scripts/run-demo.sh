#!/usr/bin/env bash
# The main job: set up .venv, then run the whole pipeline on the bundled demo data
# (data -> hpo -> select -> train -> convert -> bench). Outputs go to ./outputs; a re-run
# reuses every finished stage. Extra arguments go to `resume-ner run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/resume-ner run --config configs/demo.yaml "$@"
