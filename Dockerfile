# resume-ner HTTP service: `docker build -t resume-ner .` then see compose.yaml / docs/api.md.
# Two stages: the build stage installs into a virtual environment, the runtime stage copies it.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY constraints.txt pyproject.toml README.md ./
COPY src ./src
# The CPU build of torch (pinned in constraints.txt) comes from the PyTorch CPU index.
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -c constraints.txt ".[serve]"

FROM python:3.11-slim
# Tesseract reads images and scanned PDFs (OCR); its English data comes with it.
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HOME=/tmp/hf \
    RESUME_NER_HOST=0.0.0.0 \
    RESUME_NER_PORT=8000 \
    RESUME_NER_MODEL_PATH=/models/model
COPY --from=build /opt/venv /opt/venv
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin resume
USER resume
WORKDIR /home/resume
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('RESUME_NER_PORT', '8000') + '/ready', timeout=4)"
CMD ["resume-ner", "serve"]
