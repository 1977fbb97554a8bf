"""The record of backups and drills (MongoDB collection ``backup_runs``) and the
``backups`` detail of ``/health`` read from it.

One document per run: ``kind`` (backup / drill), ``backup_id``, ``ok``, ``problems``
(one line each), ``started_at``, ``finished_at``, ``location`` and a ``summary`` of
counts. Nothing in it is personal data: table and collection names and numbers only.
A drill also leaves its report as JSON in the backup location (``drills/``), so the
evidence survives the database it checks.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Literal

import msgspec
from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from config.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["BACKUP_RUNS", "BackupsHealth", "backups_health", "record_run"]

BACKUP_RUNS = "backup_runs"
Kind = Literal["backup", "drill"]


class BackupsHealth(msgspec.Struct, omit_defaults=True):
    """What operators see of backups in ``/health`` (with the ops token).

    ``status``: ``ok``; ``failing`` (the last backup or the last drill failed);
    ``stale`` (no good backup within BACKUP_MAX_AGE_HOURS, or no drill within
    BACKUP_DRILL_MAX_AGE_DAYS); ``none`` (never backed up); ``unknown`` (the record
    could not be read). Informative: it never turns /health to 503.
    """

    status: str
    last_backup_at: dt.datetime | None = None
    last_backup_id: str | None = None
    last_backup_ok: bool | None = None
    backup_age_hours: float | None = None
    last_drill_at: dt.datetime | None = None
    last_drill_backup_id: str | None = None
    last_drill_ok: bool | None = None
    drill_age_days: float | None = None
    problems: list[str] = []


async def record_run(
    db: AsyncDatabase,
    kind: Kind,
    *,
    backup_id: str | None,
    ok: bool,
    started_at: dt.datetime,
    problems: list[str] | None = None,
    location: str | None = None,
    summary: dict[str, Any] | None = None,
) -> None:
    collection = db[BACKUP_RUNS]
    await collection.create_index([("kind", 1), ("finished_at", DESCENDING)], name="kind_finished")
    await collection.insert_one(
        {
            "kind": kind,
            "backup_id": backup_id,
            "ok": ok,
            "problems": list(problems or [])[:50],
            "started_at": started_at,
            "finished_at": dt.datetime.now(dt.UTC),
            "location": location,
            "summary": summary or {},
        }
    )


async def _latest(db: AsyncDatabase, kind: Kind, **extra: Any) -> dict[str, Any] | None:
    return await db[BACKUP_RUNS].find_one(
        {"kind": kind, **extra}, sort=[("finished_at", DESCENDING)]
    )


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def backups_health(
    db: AsyncDatabase, settings: Settings, now: dt.datetime | None = None
) -> BackupsHealth:
    now = now or dt.datetime.now(dt.UTC)
    last_backup = await _latest(db, "backup")
    last_good = await _latest(db, "backup", ok=True)
    last_drill = await _latest(db, "drill")
    if last_backup is None:
        return BackupsHealth("none")
    report = BackupsHealth(
        "ok",
        last_backup_at=_aware(last_backup["finished_at"]),
        last_backup_id=last_backup.get("backup_id"),
        last_backup_ok=bool(last_backup.get("ok")),
    )
    problems: list[str] = []
    if last_good is not None:
        age = (now - _aware(last_good["finished_at"])).total_seconds() / 3600
        report.backup_age_hours = round(age, 2)
        if age > settings.backup_max_age_hours:
            report.status = "stale"
            problems.append(f"the last good backup is {age:.0f} h old")
    else:
        report.status = "stale"
        problems.append("no backup has succeeded yet")
    if last_drill is not None:
        report.last_drill_at = _aware(last_drill["finished_at"])
        report.last_drill_backup_id = last_drill.get("backup_id")
        report.last_drill_ok = bool(last_drill.get("ok"))
        days = (now - report.last_drill_at).total_seconds() / 86400
        report.drill_age_days = round(days, 2)
        if days > settings.backup_drill_max_age_days and report.status == "ok":
            report.status = "stale"
            problems.append(f"the last recovery drill is {days:.0f} days old")
    elif report.status == "ok":
        report.status = "stale"
        problems.append("no recovery drill has run yet")
    if not report.last_backup_ok:
        report.status = "failing"
        problems = [f"backup: {p}" for p in last_backup.get("problems", [])] + problems
    if last_drill is not None and not last_drill.get("ok"):
        report.status = "failing"
        problems = [f"drill: {p}" for p in last_drill.get("problems", [])] + problems
    report.problems = problems[:10]
    return report
