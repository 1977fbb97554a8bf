"""``python -m assistant backup [run|drill|list]`` and ``python -m assistant restore``.

``backup`` makes one full backup (PostgreSQL dump and, when the server archives WAL, a
base backup; MongoDB collections with their indexes; a manifest) into ``BACKUP_TARGET``,
then applies retention. ``backup drill`` restores the latest backup into scratch
databases and checks it against its manifest (exit 1 when it fails). ``backup list``
shows the backups. ``restore --from BACKUP [--to-time T]`` restores into new databases
and reports the counts; replacing the live data takes ``--over-live --yes-really``.

Each prints a progress bar on a terminal and one summary line at the end; an error is
one line (exit 1; 2 for a refused request or bad flags), never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import re
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from config.settings import Settings

__all__ = ["add_backup_parser", "cmd_backup", "cmd_restore"]

err = Console(stderr=True)
T = TypeVar("T")

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class _OneLineParser(argparse.ArgumentParser):
    """Bad flags are one line naming the problem (and --help), not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Any = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, []


def _time(value: str) -> dt.datetime:
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO 8601 time like 2025-01-31T14:05:00Z, got {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _database_name(value: str) -> str:
    if not _NAME.match(value):
        raise argparse.ArgumentTypeError(
            f"expected a database name of letters, digits and _ (up to 63), got {value!r}"
        )
    return value


def _add(sub: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    # The subcommand's parser is ours (one-line errors); argparse offers no other hook.
    previous = sub._parser_class
    sub._parser_class = _OneLineParser
    try:
        return sub.add_parser(name, **kwargs)  # type: ignore[no-any-return]
    finally:
        sub._parser_class = previous


def add_backup_parser(sub: Any) -> None:
    """Add the ``backup`` and ``restore`` subcommands to the CLI's subparsers."""
    backup = _add(
        sub,
        "backup",
        help="back up PostgreSQL and MongoDB (or: drill, list)",
        description="run (default): one full backup, then retention; drill: restore the "
        "latest backup into scratch databases and check it against its manifest; list: "
        "the backups",
    )
    backup.add_argument(
        "action", nargs="?", choices=["run", "drill", "list"], default="run", help="default: run"
    )
    backup.add_argument(
        "--from",
        dest="source",
        default="latest",
        metavar="BACKUP",
        help="drill: which backup (latest, an id, a folder, s3://bucket/prefix/id)",
    )
    restore = _add(
        sub,
        "restore",
        help="restore a backup into new databases, optionally to a point in time",
        description="Restores into NEW databases (refused if they exist) and reports counts.",
    )
    restore.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="BACKUP",
        help="latest, a backup id (20250131T031500Z), a backup folder or s3://bucket/prefix/id",
    )
    restore.add_argument(
        "--to-time",
        type=_time,
        default=None,
        metavar="T",
        help="point in time (ISO 8601; UTC when no offset): base backup + archived WAL",
    )
    restore.add_argument(
        "--into",
        type=_database_name,
        default=None,
        help="new PostgreSQL database (default <database>_restored_<time>)",
    )
    restore.add_argument(
        "--mongo-into",
        type=_database_name,
        default=None,
        help="new MongoDB database (default <MONGODB_DB>_restored_<time>)",
    )
    restore.add_argument(
        "--over-live",
        action="store_true",
        help="replace the live data (after a fresh backup of it); needs --yes-really too",
    )
    restore.add_argument("--yes-really", action="store_true", help="confirms --over-live")


def _with_progress(run: Callable[[Callable[[str, int, int], None]], Coroutine[Any, Any, T]]) -> T:
    interactive = err.is_terminal
    if interactive:  # log lines would tear the live bar
        logging.getLogger("data_layer.backups").setLevel(logging.WARNING)
    with Progress(
        TextColumn("{task.description:<48}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not interactive,
    ) as progress:
        task = progress.add_task("starting", total=None)

        def on_step(name: str, done: int, total: int) -> None:
            progress.update(task, description=name, completed=done, total=total)

        return asyncio.run(run(on_step))


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{count} B"
        value /= 1024
    return f"{count} B"


def _fail(message: str, code: int = 1) -> int:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)
    return code


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from data_layer.backups import BackupError, RestoreRefused

    try:
        if args.action == "list":
            return asyncio.run(_list(settings))
        if args.action == "drill":
            return _drill(settings, args.source)
        return _backup(settings)
    except RestoreRefused as exc:
        return _fail(str(exc), 2)
    except BackupError as exc:
        return _fail(str(exc))


def _backup(settings: Settings) -> int:
    from data_layer.backups import run_backup

    report = _with_progress(lambda step: run_backup(settings, progress=step))
    m = report.manifest
    mongo = (
        f"{len(m.mongo.collections)} collections, {m.documents:,} documents"
        if m.mongo
        else "no MongoDB"
    )
    base = "base backup" if m.base_backup else f"no base backup ({report.base_backup_note})"
    pruned = f"; pruned {len(report.pruned)} backups, {report.wal_pruned} WAL files"
    print(
        f"backup {m.id}: {len(m.postgres.tables)} tables, {m.rows:,} rows; {mongo}; {base}; "
        f"{_size(m.size)} in {report.location} ({report.seconds:.1f} s){pruned}"
    )
    return 0


def _drill(settings: Settings, source: str) -> int:
    from data_layer.backups import run_drill

    report = _with_progress(lambda step: run_drill(settings, source, progress=step))
    checked = report.checked
    counts = (
        f"{checked.get('files', 0)} files, {checked.get('tables', 0)} tables, "
        f"{checked.get('rows', 0):,} rows, {checked.get('collections', 0)} collections, "
        f"{checked.get('documents', 0):,} documents"
    )
    where = f"; report {report.report_path}" if report.report_path else ""
    if report.ok:
        print(f"drill passed: backup {report.backup_id}: {counts} ({report.seconds:.1f} s){where}")
        return 0
    print(
        f"drill FAILED: backup {report.backup_id}: {len(report.problems)} problems: "
        f"{'; '.join(report.problems[:3])}{where}"
    )
    return 1


async def _list(settings: Settings) -> int:
    from data_layer.backups import backup_target

    target = backup_target(settings)
    ids = await target.list_ids()
    if not ids:
        print(f"no backups in {target.name}")
        return 0
    table = Table("backup", "tables", "rows", "collections", "documents", "size", "base backup")
    for backup_id in ids:
        m = await target.read_manifest(backup_id)
        table.add_row(
            backup_id,
            str(len(m.postgres.tables)),
            f"{m.rows:,}",
            str(len(m.mongo.collections) if m.mongo else 0),
            f"{m.documents:,}",
            _size(m.size),
            "yes" if m.base_backup else "no",
        )
    Console(width=120 if not sys.stdout.isatty() else None).print(table)
    print(f"{len(ids)} backups in {target.name}")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from data_layer.backups import BackupError, RestoreRefused, run_restore

    if args.over_live and not args.yes_really:
        return _fail(
            "--over-live replaces the live databases: add --yes-really to confirm "
            "(or leave both out to restore into new databases)",
            2,
        )
    if args.yes_really and not args.over_live:
        return _fail("--yes-really confirms --over-live, which is missing", 2)
    if args.over_live and (args.into or args.mongo_into):
        return _fail("--over-live replaces the live databases: --into/--mongo-into do not apply", 2)
    try:
        report = _with_progress(
            lambda step: run_restore(
                settings,
                args.source,
                to_time=args.to_time,
                into=args.into,
                mongo_into=args.mongo_into,
                over_live=args.over_live,
                progress=step,
            )
        )
    except RestoreRefused as exc:
        return _fail(str(exc), 2)
    except BackupError as exc:
        return _fail(str(exc))
    moment = f" to {report.to_time:%Y-%m-%d %H:%M:%S} UTC" if report.to_time else ""
    mongo = (
        f"; MongoDB {report.mongo_database}: {len(report.collections)} collections, "
        f"{report.documents:,} documents"
        if report.mongo_database
        else ""
    )
    extra = f" ({report.recovery})" if report.recovery else ""
    if report.previous_database:
        extra += (
            f"; the live data was replaced: previous PostgreSQL database kept as "
            f"{report.previous_database}, safety backup {report.safety_backup}"
        )
    print(
        f"restored backup {report.backup_id}{moment}: PostgreSQL {report.database}: "
        f"{len(report.tables)} tables, {report.rows:,} rows{mongo}{extra}"
    )
    for problem in report.problems:
        err.print(f"[yellow]warning:[/yellow] {problem}", highlight=False)
    return 1 if report.problems else 0
