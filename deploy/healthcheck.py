"""The container health checks of the image: ``python deploy/healthcheck.py api|worker|beat``.

Exit status 0 healthy, 1 not, with one line saying why (Docker keeps the last few).

- ``api``: ``GET /health`` of this container answers 200 (every store answers); 503 or
  no answer is unhealthy. It is the proxy's readiness check too.
- ``worker``: this container's Celery worker answers a ping over the broker (within
  ``HEALTHCHECK_TIMEOUT_S``, default 5).
- ``beat``: the scheduler wrote its schedule file lately (it does so every few minutes
  while it sends tasks; ``BEAT_HEALTH_MAX_AGE_S``, default 600).

It runs inside the container, with the container's environment (the same settings).
"""

from __future__ import annotations

import glob
import http.client
import os
import socket
import sys
import time
from urllib.parse import urlsplit


def _api() -> tuple[bool, str]:
    from config.settings import get_settings

    settings = get_settings()
    # The Host the app answers by default (its public name); 127.0.0.1 may be left out of
    # ALLOWED_HOSTS in production.
    host = urlsplit(settings.public_base_url).hostname or "127.0.0.1"
    connection = http.client.HTTPConnection("127.0.0.1", settings.api_port, timeout=5)
    try:
        connection.request("GET", "/health", headers={"Host": host})
        status = connection.getresponse().status
    except OSError as exc:
        return False, f"api: no answer on port {settings.api_port} ({type(exc).__name__})"
    finally:
        connection.close()
    return status == 200, f"api: /health answered {status}"


def _worker() -> tuple[bool, str]:
    from workers.celery_app import celery_app

    name = os.environ.get("CELERY_HOSTNAME", "worker@%h").replace("%h", socket.gethostname())
    try:
        timeout = float(os.environ.get("HEALTHCHECK_TIMEOUT_S", "5"))
        replies = celery_app.control.ping(destination=[name], timeout=timeout)
    except Exception as exc:  # the broker itself is down: as unhealthy as no answer
        return False, f"worker: broker unreachable ({type(exc).__name__})"
    finally:
        celery_app.close()
    answered = any(name in reply for reply in replies)
    return answered, f"worker: {name} {'answered' if answered else 'did not answer'} a ping"


def _beat() -> tuple[bool, str]:
    path = os.environ.get("BEAT_SCHEDULE_FILE", "/var/lib/assistant/beat/celerybeat-schedule")
    max_age = float(os.environ.get("BEAT_HEALTH_MAX_AGE_S", "600"))
    # shelve's dbm backend decides the file names: the path itself, or with a suffix.
    written = [os.path.getmtime(f) for f in glob.glob(glob.escape(path) + "*")]
    if not written:
        return False, f"beat: no schedule file at {path}"
    age = time.time() - max(written)
    return age <= max_age, f"beat: schedule written {age:.0f} s ago (limit {max_age:.0f} s)"


CHECKS = {"api": _api, "worker": _worker, "beat": _beat}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in CHECKS:
        print(f"usage: healthcheck.py {'|'.join(CHECKS)}", file=sys.stderr)
        return 2
    healthy, line = CHECKS[argv[0]]()
    print(line)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
