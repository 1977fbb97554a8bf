"""Celery tasks of backups: thin wrappers over ``data_layer.backups``.

- ``workers.ops.backup()`` (beat, ``BACKUP_CRON``: daily): one full backup, then retention;
- ``workers.ops.backup_drill()`` (beat, ``BACKUP_DRILL_CRON``: weekly): the latest backup
  restored into scratch databases and checked against its manifest.

Both record their outcome (``backup_runs``, read by ``/health``) and log a failure at
ERROR. A backup that finds another one running (its advisory lock) is skipped: a task
redelivered after a worker died never runs beside the first.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from config.settings import get_settings
from data_layer.backups import BackupError, run_backup, run_drill
from workers.celery_app import celery_app

log = logging.getLogger(__name__)


@celery_app.task(name="workers.ops.backup")
def backup() -> dict[str, Any]:
    try:
        report = asyncio.run(run_backup(get_settings()))
    except BackupError as exc:
        # Already logged at ERROR and recorded by run_backup; the task's result says why.
        return {"ok": False, "error": str(exc)}
    manifest = report.manifest
    return {
        "ok": True,
        "backup_id": manifest.id,
        "location": report.location,
        "bytes": manifest.size,
        "rows": manifest.rows,
        "documents": manifest.documents,
        "base_backup": manifest.base_backup is not None,
        "pruned": report.pruned,
        "seconds": round(report.seconds, 2),
    }


@celery_app.task(name="workers.ops.backup_drill")
def backup_drill() -> dict[str, Any]:
    report = asyncio.run(run_drill(get_settings()))
    return {
        "ok": report.ok,
        "backup_id": report.backup_id,
        "problems": report.problems,
        "checked": report.checked,
        "report": report.report_path,
        "seconds": round(report.seconds, 2),
    }
