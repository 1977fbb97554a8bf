"""`python -m assistant <command>`: services, migrate, seed, run, users, backup, restore."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Sequence

from pymongo.errors import PyMongoError
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from config.settings import Settings, get_settings
from devstack.services import DevStack, DevStackError, ServiceStatus

console = Console(stderr=True)
log = logging.getLogger("cli.main")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {number}")
    return number


def _port(value: str) -> int:
    number = _positive(value)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port between 1 and 65535, got {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    services = sub.add_parser("services", help="start, stop or inspect the embedded services")
    services.add_argument("action", choices=["start", "stop", "status"])
    services.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object (each service's name, url, embedded, running)",
    )

    sub.add_parser("migrate", help="apply PostgreSQL migrations and create MongoDB indexes")

    seed = sub.add_parser("seed", help="load master data and deterministic demo data")
    seed.add_argument("--jobs", type=_positive, default=None, help="demo jobs (default DEMO_JOBS)")
    seed.add_argument(
        "--candidates",
        type=_positive,
        default=None,
        help="demo candidates (default DEMO_CANDIDATES)",
    )
    seed.add_argument("--seed", type=int, default=None, help="random seed (default DEMO_SEED)")
    seed.add_argument(
        "--faq-only",
        action="store_true",
        help="only the demo FAQ articles (approved through review; re-running changes nothing)",
    )

    sub.add_parser("run", help="start everything: services, API, worker with beat")

    sim = sub.add_parser("laboredge-sim", help="serve the local LaborEdge simulator")
    sim.add_argument(
        "--jobs", type=_positive, default=None, help="jobs (default LABOREDGE_SIM_JOBS)"
    )
    sim.add_argument("--port", type=_port, default=None, help="port (default LABOREDGE_SIM_PORT)")
    sim.add_argument(
        "--host", default="127.0.0.1", help="bind address (0.0.0.0 in a container; default local)"
    )
    sim.add_argument("--seed", type=int, default=None, help="seed (default LABOREDGE_SIM_SEED)")
    sim.add_argument(
        "--faults",
        default=None,
        help='fault injection as JSON, e.g. \'{"rate_limit_every": 5, "error_every": 7}\'',
    )
    from cli.backup import add_backup_parser
    from cli.content import add_content_parser
    from cli.embeddings import add_embeddings_parser
    from cli.sync import add_sync_parser
    from cli.users import add_users_parser

    add_sync_parser(sub)
    add_users_parser(sub)
    add_embeddings_parser(sub)
    add_content_parser(sub)
    add_backup_parser(sub)
    return parser


# ---------------------------------------------------------------- services
def _services_json(statuses: Sequence[ServiceStatus]) -> str:
    services = [
        {"name": s.name, "url": s.url, "embedded": s.embedded, "running": s.answering}
        for s in statuses
    ]
    return json.dumps({"services": services, "all_running": all(s.answering for s in statuses)})


def _services_plain(statuses: Sequence[ServiceStatus]) -> str:
    """Aligned columns with every value whole: for pipes and files, which rich would cut."""
    rows = [("service", "url", "kind", "answers")] + [
        (s.name, s.url, s.detail, "yes" if s.answering else "no") for s in statuses
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[3]])
        for row in rows
    )


def cmd_services(settings: Settings, action: str, *, as_json: bool = False) -> int:
    stack = DevStack(settings)
    if action == "start":
        statuses = stack.start()
    elif action == "stop":
        stack.stop()
        console.print(f"embedded services stopped (data kept in {stack.root})")
        return 0
    else:
        statuses = stack.status()
    healthy = 0 if all(s.answering for s in statuses) else 1
    if as_json:
        print(_services_json(statuses))
        return healthy
    if not sys.stdout.isatty():
        print(_services_plain(statuses))
        return healthy
    table = Table("service", "url", "kind", "answers")
    for status in statuses:
        table.add_row(
            status.name,
            status.url,
            status.detail,
            "[green]yes[/green]" if status.answering else "[red]no[/red]",
        )
    Console().print(table)
    return healthy


def _print_counts(title: str, counts: dict[str, int], elapsed: float) -> None:
    table = Table(title=f"{title} ({elapsed:.1f}s)")
    table.add_column("table")
    table.add_column("inserted", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    console.print(table)


def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    from devstack.seeding import seed, seed_faq_only

    if args.faq_only:
        started = time.perf_counter()
        counts = asyncio.run(seed_faq_only(settings))
        _print_counts("seed --faq-only", counts, time.perf_counter() - started)
        return 0

    jobs = settings.demo_jobs if args.jobs is None else args.jobs
    candidates = settings.demo_candidates if args.candidates is None else args.candidates
    random_seed = settings.demo_seed if args.seed is None else args.seed
    started = time.perf_counter()
    counts = asyncio.run(seed(settings, jobs=jobs, candidates=candidates, random_seed=random_seed))
    _print_counts("seed", counts, time.perf_counter() - started)
    return 0


def cmd_migrate(settings: Settings) -> int:
    from data_layer.db.setup import migrate

    changed = asyncio.run(migrate(settings))
    console.print(f"PostgreSQL at head; MongoDB indexes ensured ({len(changed)} created/updated)")
    return 0


def cmd_laboredge_sim(settings: Settings, args: argparse.Namespace) -> int:
    import msgspec

    from devstack.laboredge_simulator import FaultConfig, run_simulator

    faults = None
    if args.faults:
        try:
            faults = msgspec.json.decode(args.faults, type=FaultConfig)
        except msgspec.DecodeError as exc:
            console.print(f"[red]error:[/red] --faults is not valid fault JSON: {exc}")
            return 2
    run_simulator(
        port=settings.laboredge_sim_port if args.port is None else args.port,
        jobs=settings.laboredge_sim_jobs if args.jobs is None else args.jobs,
        seed=settings.laboredge_sim_seed if args.seed is None else args.seed,
        host=args.host,
        faults=faults,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    from config.logs import configure_logging

    configure_logging(settings.log_level, json_lines=False)
    try:
        if args.command == "services":
            return cmd_services(settings, args.action, as_json=args.json)
        if args.command == "migrate":
            return cmd_migrate(settings)
        if args.command == "seed":
            return cmd_seed(settings, args)
        if args.command == "laboredge-sim":
            return cmd_laboredge_sim(settings, args)
        if args.command == "sync":
            from cli.sync import cmd_sync

            return cmd_sync(settings, args)
        if args.command == "users":
            from cli.users import cmd_users

            return cmd_users(settings, args)
        if args.command == "embeddings":
            from cli.embeddings import cmd_embeddings

            return cmd_embeddings(settings, args)
        if args.command == "content":
            from cli.content import cmd_content

            return cmd_content(settings, args)
        if args.command == "backup":
            from cli.backup import cmd_backup

            return cmd_backup(settings, args)
        if args.command == "restore":
            from cli.backup import cmd_restore

            return cmd_restore(settings, args)
        if args.command == "run":
            if settings.app_env == "production":
                # `run` starts embedded stand-ins and loads demo data into an empty database.
                console.print(
                    "[red]error:[/red] `run` is the development launcher; with APP_ENV=production"
                    " start the API, workers and beat on their own (README: Running in production)"
                )
                return 2
            from devstack.runner import run_everything

            return run_everything(settings)
    except DevStackError as exc:
        console.print(f"[red]error:[/red] {exc}")
        return 2
    except (OSError, ConnectionError, SQLAlchemyError, PyMongoError) as exc:
        # A store that is down or refuses us: one line for the operator, no traceback.
        log.error("command %s failed: %s: %s", args.command, type(exc).__name__, exc)
        console.print(f"[red]error:[/red] {args.command} failed: {type(exc).__name__}: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
