"""``python -m assistant users create | list | password``: accounts from the command line.

``create`` makes a pending account without a password and prints a one-time
set-password link (nobody, not even the operator, ever picks a password for
someone else); ``list`` shows who has which roles and whether they have a
password; ``password`` sets a password read from standard input (one line, so it
can be piped; typed twice, unechoed, at a terminal), after the strength rules.
Exit codes: 0 done, 2 refused (unknown e-mail or role, e-mail taken, weak password).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from config.settings import Settings

__all__ = ["ROLE_CHOICES", "UsageError", "add_users_parser", "cmd_users"]

ROLE_CHOICES = ("recruiter", "content_editor", "admin", "candidate")
_ROLE_METAVAR = "{" + ",".join(ROLE_CHOICES) + "}"


class UsageError(Exception):
    """Bad input from the operator: printed as one line, exit code 2."""


def add_users_parser(sub: Any) -> None:
    """Add the ``users`` subcommand to the CLI's subparsers."""
    users = sub.add_parser("users", help="create and list accounts, set a password")
    actions = users.add_subparsers(dest="action", required=True)

    create = actions.add_parser(
        "create", help="make an account without a password and print a set-password link"
    )
    create.add_argument("--email", required=True, help="the owner's e-mail address")
    # Checked by cmd_users, not argparse choices: one clear line instead of the usage text.
    create.add_argument("--role", required=True, metavar=_ROLE_METAVAR, help="what they may do")
    create.add_argument("--first-name", default=None, help="optional")
    create.add_argument("--last-name", default=None, help="optional")

    listing = actions.add_parser("list", help="accounts with their roles and password state")
    listing.add_argument(
        "--role", default=None, metavar=_ROLE_METAVAR, help="only accounts with this role"
    )

    password = actions.add_parser(
        "password", help="set an account's password, read from standard input"
    )
    password.add_argument("--email", required=True, help="whose password")


def _role(value: str | None) -> str | None:
    if value is not None and value not in ROLE_CHOICES:
        raise UsageError(f"unknown role {value!r}; one of {', '.join(ROLE_CHOICES)}")
    return value


def cmd_users(settings: Settings, args: argparse.Namespace) -> int:
    from data_layer.accounts.service import EmailAlreadyRegistered, InvalidContactDetails

    err = Console(stderr=True, soft_wrap=True)
    try:
        if args.action == "create":
            return asyncio.run(
                _create(
                    settings,
                    email=args.email,
                    role=_role(args.role) or "",
                    first_name=args.first_name,
                    last_name=args.last_name,
                )
            )
        if args.action == "list":
            return asyncio.run(_list(settings, _role(args.role)))
        return _password(settings, args.email)
    except (UsageError, EmailAlreadyRegistered, InvalidContactDetails) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        return 2


# ------------------------------------------------------------------- create
async def _create(
    settings: Settings,
    *,
    email: str,
    role: str,
    first_name: str | None,
    last_name: str | None,
) -> int:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.accounts.staff import create_staff_user, staff_invitation
    from data_layer.db.engine import create_engine

    lifetime = dt.timedelta(hours=settings.set_password_link_hours)
    engine = create_engine(settings)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            account = await create_staff_user(
                session,
                email=email,
                role=role,  # type: ignore[arg-type]  # checked by _role
                first_name=first_name,
                last_name=last_name,
            )
            link = await staff_invitation(
                session,
                user_id=account.user_id,
                email=account.email,
                base_url=settings.public_base_url,
                lifetime=lifetime,
            )
    finally:
        await engine.dispose()
    out = Console(soft_wrap=True, highlight=False)
    name = " ".join(p for p in (account.first_name, account.last_name) if p)
    out.print(f"created {escape(account.email)}{f' ({escape(name)})' if name else ''}")
    out.print(f"  user id    {account.user_id}")
    out.print(f"  role       {account.role}")
    if account.recruiter_id is not None:
        how = "existing row linked" if account.linked_existing_recruiter else "new row"
        out.print(f"  recruiter  {account.recruiter_id} ({how})")
    out.print(f"  status     {account.status.value} until a password is set (no password yet)")
    out.print(
        f"One-time set-password link (works once, for {settings.set_password_link_hours} "
        "hours; give it only to the account's owner):"
    )
    out.print(f"  {escape(link)}", markup=True)
    return 0


# --------------------------------------------------------------------- list
async def _list(settings: Settings, role: str | None) -> int:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.accounts.staff import list_users
    from data_layer.db.engine import create_engine

    engine = create_engine(settings)
    try:
        async with async_sessionmaker(engine)() as session:
            users = await list_users(session, role)  # type: ignore[arg-type]  # checked
    finally:
        await engine.dispose()
    title = f"{len(users)} account(s)" + (f" with role {role}" if role else "")
    table = Table("e-mail", "roles", "recruiter id", "status", "password set", title=title)
    for user in users:
        table.add_row(
            escape(user.email),
            ", ".join(user.roles) or "-",
            str(user.recruiter_id) if user.recruiter_id else "-",
            user.status.value,
            "yes" if user.has_password else "no",
        )
    Console(highlight=False).print(table)
    return 0


# ----------------------------------------------------------------- password
def _read_password() -> str:
    """One line from standard input, or typed twice without echo at a terminal."""
    if sys.stdin.isatty():
        first = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise UsageError("the two passwords differ; nothing changed")
        return first
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise UsageError("no password on standard input (one line expected); nothing changed")
    return password


def _password(settings: Settings, email: str) -> int:
    from assistant.auth.strength import password_problem
    from data_layer.accounts.service import normalize_email

    address = normalize_email(email)
    owner = asyncio.run(_owner(settings, address))
    if owner is None:
        raise UsageError(f"no account has the e-mail {address}")
    user_id, first_name, last_name = owner
    # Read in the main thread, outside the event loop, so Ctrl-C at the prompt ends it.
    password = _read_password()
    problem = password_problem(
        password,
        min_length=settings.password_min_length,
        user_inputs=(address, first_name, last_name),
    )
    if problem:
        raise UsageError(f"password refused: {problem} Nothing changed.")
    status = asyncio.run(_store(settings, user_id, password))
    Console(highlight=False, soft_wrap=True).print(
        f"password set for {escape(address)} (status {status}); their login sessions, "
        "conversation tokens and set-password links have ended"
    )
    return 0


async def _owner(settings: Settings, email: str) -> tuple[Any, str | None, str | None] | None:
    """(user id, first name, last name) of the account, or None."""
    from sqlalchemy import select

    from data_layer.db.engine import create_engine
    from data_layer.models import User

    engine = create_engine(settings)
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    select(User.id, User.first_name, User.last_name).where(User.email == email)
                )
            ).one_or_none()
    finally:
        await engine.dispose()
    return None if row is None else (row[0], row[1], row[2])


async def _store(settings: Settings, user_id: Any, password: str) -> str:
    """Hash (argon2id) and set the password; the account's status afterwards."""
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from assistant.auth.passwords import hash_password
    from data_layer.accounts.credentials import set_password
    from data_layer.db.engine import create_engine
    from data_layer.models import User

    password_hash = await hash_password(password)
    engine = create_engine(settings)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            await set_password(session, user_id, password_hash)
            status = await session.scalar(select(User.status).where(User.id == user_id))
    finally:
        await engine.dispose()
    return str(getattr(status, "value", status))
