"""``python -m assistant sync [--full]`` and ``python -m assistant sync status``.

``sync`` runs one LaborEdge sync in the foreground (incremental unless
``--full``) with a progress bar of pages and jobs, prints the run summary and
enqueues the embedding task when jobs were inserted or changed. Exit code: 0
succeeded, 1 failed, 3 skipped (another sync held the lock). ``sync status``
prints the latest runs, the open quarantine and whether a sync runs now.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from config.settings import Settings

__all__ = ["add_sync_parser", "cmd_sync"]

out = Console()
err = Console(stderr=True)

_PHASES = {
    "master": "master lists",
    "full": "full scan",
    "changes": "changed jobs",
    "scan": "board scan",
    "close": "closing",
    "done": "done",
}
_COUNTERS = (
    "pages",
    "fetched",
    "inserted",
    "updated",
    "unchanged",
    "closed",
    "reopened",
    "quarantined",
    "errors",
)


def add_sync_parser(sub: Any) -> None:
    """Add the ``sync`` subcommand to the CLI's subparsers."""
    sync = sub.add_parser(
        "sync", help="sync jobs from LaborEdge in the foreground, or show the latest runs"
    )
    sync.add_argument(
        "action", nargs="?", choices=["run", "status"], default="run", help="default: run"
    )
    sync.add_argument(
        "--full", action="store_true", help="full sync (also closes jobs that left the board)"
    )
    sync.add_argument(
        "--no-embed", action="store_true", help="do not enqueue the embedding task afterwards"
    )
    sync.add_argument("--limit", type=int, default=15, help="runs listed by `sync status`")


def cmd_sync(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "status":
        return asyncio.run(_status(settings, max(1, args.limit)))
    return _run(settings, full=bool(args.full), embed=not args.no_embed)


# ----------------------------------------------------------------------- run
def _run(settings: Settings, *, full: bool, embed: bool) -> int:
    from data_layer.models.operations import SyncRunStatus
    from workers.sync.options import SyncProgress
    from workers.sync.pipeline import changed_jobs, run_sync

    interactive = err.is_terminal
    if interactive:  # log lines would tear the live progress bar
        for name in ("workers.sync.pipeline", "workers.laboredge"):
            logging.getLogger(name).setLevel(logging.WARNING)
    with Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("jobs"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def on_progress(event: SyncProgress) -> None:
            if event.phase == "done":
                return
            label = _PHASES.get(event.phase, event.phase)
            if event.phase not in tasks:
                tasks[event.phase] = progress.add_task(label, total=event.total)
            progress.update(
                tasks[event.phase],
                description=f"{label} · {event.pages} pages",
                completed=event.done if event.phase != "close" else 0,
                total=event.total,
            )

        info = asyncio.run(
            run_sync(settings, "full" if full else "incremental", progress=on_progress)
        )
    _print_run(info)
    if info.status is SyncRunStatus.SKIPPED:
        err.print("[yellow]skipped:[/yellow] another sync is running")
        return 3
    if embed and settings.sync_embed_after_sync and changed_jobs(info):
        _enqueue_embeddings(settings)
    if info.status is SyncRunStatus.FAILED:
        if not settings.laboredge_api_url:
            err.print(
                "[dim]LABOREDGE_API_URL is empty: is the simulator running "
                f"(python -m assistant laboredge-sim, port {settings.laboredge_sim_port})?[/dim]"
            )
        return 1
    return 0


def _enqueue_embeddings(settings: Settings) -> None:
    from celery import Celery

    client = Celery("excel_staffing_cli", broker=settings.effective_redis_url)
    try:
        with client.connection_for_write() as connection:
            client.send_task(
                "workers.sync.embed_jobs", connection=connection, retry=False, ignore_result=True
            )
        err.print("embedding task enqueued (a worker computes the new and changed jobs' vectors)")
    except Exception as exc:  # no broker: the scheduled syncs' workers will do it later
        err.print(f"[yellow]embedding task not enqueued:[/yellow] {type(exc).__name__}: {exc}")
    finally:
        client.close()


def _print_run(info: Any) -> None:
    status = info.status.value
    color = {"succeeded": "green", "failed": "red", "skipped": "yellow"}.get(status, "white")
    duration = f"{info.duration_s:.1f}s" if info.duration_s is not None else "-"
    table = Table(title=f"{info.kind.value} sync [{color}]{status}[/{color}] in {duration}")
    table.add_column("counter")
    table.add_column("value", justify="right")
    for name in _COUNTERS:
        table.add_row(name, str(getattr(info, name)))
    out.print(table)
    out.print(f"run {info.id}")
    if info.fetched and info.duration_s:
        out.print(f"{info.fetched / info.duration_s:,.0f} jobs/s")
    if info.error_message:
        out.print(f"[red]error:[/red] {info.error_message}")


# -------------------------------------------------------------------- status
async def _status(settings: Settings, limit: int) -> int:
    from sqlalchemy import func, select

    from data_layer.db.engine import create_engine
    from data_layer.models.operations import SyncQuarantine
    from data_layer.sync.locks import sync_lock_held
    from data_layer.sync.runs import latest_runs

    engine = create_engine(settings)
    try:
        async with engine.connect() as conn:
            runs = await latest_runs(conn, limit)
            quarantine_open = await conn.scalar(
                select(func.count()).select_from(SyncQuarantine).where(~SyncQuarantine.resolved)
            )
            held = await sync_lock_held(conn)
    finally:
        await engine.dispose()
    table = Table(title=f"LaborEdge sync: latest {len(runs)} run(s)")
    for column in ("started (UTC)", "run", "kind", "status", "duration"):
        table.add_column(column)
    for name in _COUNTERS:
        table.add_column(name, justify="right")
    table.add_column("error")
    for info in runs:
        color = {"succeeded": "green", "failed": "red", "skipped": "yellow"}.get(
            info.status.value, "white"
        )
        table.add_row(
            info.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            str(info.id)[:8],
            info.kind.value,
            f"[{color}]{info.status.value}[/{color}]",
            f"{info.duration_s:.1f}s" if info.duration_s is not None else "running",
            *(str(getattr(info, name)) for name in _COUNTERS),
            (info.error_message or "")[:60],
        )
    out.print(table)
    out.print(
        f"sync running now: {'yes' if held else 'no'}; "
        f"open quarantine: {int(quarantine_open or 0)} record(s)"
    )
    return 0
