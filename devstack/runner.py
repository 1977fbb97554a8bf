"""`make run`: services, migrations, first-run data, then the API and a worker in the foreground.

Ctrl-C (or SIGTERM) stops the API, the worker and the embedded services; data is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from types import FrameType

from rich.console import Console

from assistant.webhooks import webhook_secret
from config.settings import Settings
from data_layer.db.setup import migrate
from devstack.mailbox import LocalMailbox
from devstack.seeding import database_is_empty, seed
from devstack.services import DevStack
from devstack.staff_links import local_staff_links, staff_link_lines

console = Console(stderr=True)


def _child_env(settings: Settings) -> dict[str, str]:
    """Pass the effective store URLs on so children agree with this process."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", settings.effective_database_url)
    env.setdefault("MONGODB_URL", settings.effective_mongodb_url)
    env.setdefault("REDIS_URL", settings.effective_redis_url)
    # The ops endpoints need a token; a local run makes one up and prints it.
    if not env.get("OPS_TOKEN"):
        env["OPS_TOKEN"] = settings.ops_token.get_secret_value() or secrets.token_urlsafe(24)
    # Every process (API workers, celery, the simulator) signs and checks webhooks with one
    # secret: the configured one, or this install's own (made once, kept in DATA_DIR).
    if not env.get("LABOREDGE_WEBHOOK_SECRET"):
        env["LABOREDGE_WEBHOOK_SECRET"] = webhook_secret(settings)
    return env


def _ops_hint(settings: Settings, env: dict[str, str], base: str) -> str:
    """How to call /ops; the token is shown only when this run made it up."""
    configured = os.environ.get("OPS_TOKEN") or settings.ops_token.get_secret_value()
    token = "$OPS_TOKEN" if configured else env["OPS_TOKEN"]
    return f"curl -H 'Authorization: Bearer {token}' {base}/ops/sync"


def _start_simulator(settings: Settings, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    """No LaborEdge URL configured: serve the local simulator, which the sync then reads."""
    if settings.laboredge_api_url.strip():
        return []
    port = settings.laboredge_sim_port
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant",
            "laboredge-sim",
            "--port",
            str(port),
            "--jobs",
            str(settings.laboredge_sim_jobs),
            "--seed",
            str(settings.laboredge_sim_seed),
        ],
        env=env,
        start_new_session=True,
    )
    # Not waited for: the first sync (enqueued when beat starts) retries until it answers.
    console.print(
        f"  laboredge   http://127.0.0.1:{port}  (simulator, {settings.laboredge_sim_jobs} jobs)"
    )
    return [proc]


def _laboredge_label(settings: Settings) -> str:
    if settings.laboredge_api_url.strip():
        return settings.laboredge_api_url
    return f"the LaborEdge simulator on port {settings.laboredge_sim_port}"


def _start_mailbox(settings: Settings, stack: DevStack, env: dict[str, str]) -> LocalMailbox | None:
    """No SMTP server configured: the workers send to a local one that prints each mail."""
    if settings.smtp_host:
        return None
    mailbox = LocalMailbox(
        port=settings.local_smtp_port,
        directory=stack.root / "mail",
        echo=lambda text: console.print(text, markup=False, highlight=False, soft_wrap=True),
    )
    mailbox.start()
    # Overridden, not defaulted: an empty SMTP_HOST in the environment means "none".
    env.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(settings.local_smtp_port),
        SMTP_STARTTLS="false",
        SMTP_USERNAME="",
    )
    return mailbox


def _mail_line(settings: Settings, mailbox: LocalMailbox | None) -> str:
    if mailbox is None:
        return f"  Mail       SMTP {settings.smtp_host}:{settings.smtp_port}\n"
    where = f"127.0.0.1:{mailbox.port}"
    return f"  Mail       local SMTP on {where} (mail is printed here, not sent)\n"


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signum)


def run_everything(settings: Settings) -> int:
    started = time.perf_counter()
    stack = DevStack(settings)
    console.print("[bold]Starting services[/bold]")
    for status in stack.start():
        console.print(f"  {status.name:<11} {status.url}  ({status.detail})")
    asyncio.run(migrate(settings))
    console.print("  migrations applied, MongoDB indexes ensured")
    if asyncio.run(database_is_empty(settings)):
        console.print(f"  empty database: loading master data and {settings.demo_jobs} demo jobs")
        asyncio.run(
            seed(
                settings,
                jobs=settings.demo_jobs,
                candidates=settings.demo_candidates,
                random_seed=settings.demo_seed,
                show_progress=sys.stderr.isatty(),
            )
        )
    staff = local_staff_links(settings)  # fresh set-password links for demo staff
    env = _child_env(settings)
    mailbox = _start_mailbox(settings, stack, env)
    simulator = _start_simulator(settings, env)
    children = [
        *simulator,
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "assistant.app:create_app",
                "--host",
                settings.api_host,
                "--port",
                str(settings.api_port),
                "--no-access-log",
            ],
            env=env,
            start_new_session=True,
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers.celery_app",
                "worker",
                "--beat",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(settings.celery_worker_concurrency),
                "--schedule",
                str(stack.root / "celerybeat-schedule"),
            ],
            env=env,
            start_new_session=True,
        ),
    ]
    base = f"http://{settings.api_host}:{settings.api_port}"
    console.print(
        f"\n[bold green]Excel Staffing Assistant[/bold green] ready in "
        f"{time.perf_counter() - started:.1f}s (the API answers in a moment)\n"
        f"  Site       {base}/  (career site with the chat widget)\n"
        f"  Chat API   {base}/api/chat/sessions\n"
        f"  Health     {base}/health\n"
        f"{_mail_line(settings, mailbox)}"
        f"  OpenAPI    {base}/schema\n"
        f"  Job sync   {base}/ops/sync  (from {_laboredge_label(settings)})\n"
        f"             {_ops_hint(settings, env, base)}\n"
        f"{staff_link_lines(staff)}"
        "Press Ctrl-C to stop.",
        soft_wrap=True,  # keep the curl line whole for copying
    )

    stopping = False

    def request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exit_code = 0
    try:
        while not stopping:
            for child in children:
                if child.poll() is not None:
                    console.print(f"[red]{child.args[2]} exited with {child.returncode}[/red]")
                    exit_code = child.returncode or 1
                    stopping = True
            time.sleep(0.2)
    finally:
        console.print("stopping...")
        # Each child leads its own process group, so its helpers (Celery's pool processes)
        # get the signal too and none is left behind.
        for child in children:
            if child.poll() is None:
                _signal_group(child, signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait(timeout=5)
            _signal_group(child, signal.SIGKILL)  # whatever of its group outlived it
        if mailbox is not None:
            mailbox.stop()
        stack.stop()
        console.print(f"stopped (data kept in {stack.root})")
    return exit_code
