#!/bin/sh
# The image's one entry point: the first argument says which process this container is.
#   api            the HTTP API (uvicorn): stateless, run as many as you like behind the proxy
#   worker         a Celery worker: any number
#   beat           the Celery scheduler: exactly one in the whole deployment
#   migrate        PostgreSQL migrations + MongoDB indexes, then exit (once per release)
#   laboredge-sim  the LaborEdge simulator (demo profile only; a development stand-in)
# Anything else runs as given, e.g. `python -m assistant users create --email ... --role admin`.
# None of them starts an embedded service: the stores are the configured URLs, and with
# APP_ENV=production every process refuses to start without them (config/settings.py).
set -eu

role="${1:-api}"
if [ "$#" -gt 0 ]; then shift; fi

case "$role" in
  api)
    # One process per container; scale with replicas. The proxy in front is the only
    # client, so the client address comes from its X-Forwarded-For (FORWARDED_ALLOW_IPS).
    exec uvicorn --factory assistant.app:create_app \
      --host "${API_HOST:-0.0.0.0}" --port "${API_PORT:-8000}" \
      --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
      --no-access-log --timeout-graceful-shutdown 20 "$@"
    ;;
  worker)
    exec celery -A workers.celery_app worker \
      --loglevel "${LOG_LEVEL:-INFO}" --concurrency "${CELERY_CONCURRENCY:-2}" \
      --hostname "${CELERY_HOSTNAME:-worker@%h}" "$@"
    ;;
  beat)
    exec celery -A workers.celery_app beat \
      --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${BEAT_SCHEDULE_FILE:-/var/lib/assistant/beat/celerybeat-schedule}" "$@"
    ;;
  migrate)
    exec python -m assistant migrate "$@"
    ;;
  laboredge-sim)
    exec python -m assistant laboredge-sim --host 0.0.0.0 "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
