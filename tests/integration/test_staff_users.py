"""`python -m assistant users ...`: staff accounts without a known password, on real PostgreSQL.

The CLI runs in-process through ``cli.main.main`` (in a thread: it calls ``asyncio.run``)
with this test's settings; one password is piped into a real ``python -m assistant``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from uuid import UUID

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import cli.main
import config.logs
from config.settings import Settings
from data_layer.accounts.service import new_token
from data_layer.accounts.sessions import create_user_session
from data_layer.accounts.staff import list_users
from data_layer.models import (
    AccountToken,
    AccountTokenPurpose,
    Recruiter,
    User,
    UserRole,
    UserSession,
    UserStatus,
    UserType,
)

Factory = async_sessionmaker[AsyncSession]
BASE_URL = "https://careers.example.com"
LINK = re.compile(re.escape(BASE_URL) + r"/account/password#token=([A-Za-z0-9_-]{40,})")
STRONG = "plum-orbit-canvas-71-harbor"


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def staff_settings(test_settings: Settings) -> Settings:
    return test_settings.model_copy(update={"public_base_url": BASE_URL})


@pytest.fixture
def cli_runner(
    staff_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> CliRunner:
    monkeypatch.setattr(cli.main, "get_settings", lambda: staff_settings)
    # The CLI points the root logger at stderr; pytest's log capture must keep its own.
    monkeypatch.setattr(config.logs, "configure_logging", lambda *a, **k: None)
    monkeypatch.setenv("COLUMNS", "250")  # rich tables: one line per row
    return CliRunner(monkeypatch, capsys)


class CliRunner:
    """``python -m assistant <args>`` in-process, with ``stdin`` as standard input."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    async def __call__(self, *args: str, stdin: str = "") -> CliResult:
        self._capsys.readouterr()
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = await asyncio.to_thread(cli.main.main, list(args))
        captured = self._capsys.readouterr()
        return CliResult(code, captured.out, captured.err)


def link_token(output: str) -> str:
    found = LINK.findall(output)
    assert len(found) == 1, output
    return str(found[0])


async def _user(factory: Factory, email: str) -> User:
    async with factory() as session:
        return (await session.execute(select(User).where(User.email == email))).scalar_one()


async def _roles(factory: Factory, user_id: UUID) -> set[str]:
    async with factory() as session:
        rows = await session.execute(select(UserRole.role).where(UserRole.user_id == user_id))
        return set(rows.scalars())


def _one_line_error(result: CliResult, *needles: str) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    for needle in needles:
        assert needle in result.err, result.err


async def test_create_recruiter_grants_the_role_links_the_recruiter_and_prints_a_link(
    cli_runner: CliRunner, db_session_factory: Factory
) -> None:
    created = await cli_runner(
        "users", "create", "--email", " Ana.Diaz@Example.COM ", "--role", "recruiter",
        "--first-name", "Ana", "--last-name", "Diaz",
    )  # fmt: skip
    assert created.code == 0, created
    token = link_token(created.out)
    user = await _user(db_session_factory, "ana.diaz@example.com")
    assert (user.first_name, user.last_name) == ("Ana", "Diaz")
    assert user.status is UserStatus.PENDING and user.password_hash is None
    assert user.user_type is UserType.RECRUITER
    assert await _roles(db_session_factory, user.id) == {"recruiter"}
    async with db_session_factory() as session:
        recruiter = (
            await session.execute(select(Recruiter).where(Recruiter.user_id == user.id))
        ).scalar_one()
        assert recruiter.email == "ana.diaz@example.com" and recruiter.active
        assert str(recruiter.id) in created.out
        # Only the token's hash is stored, for this account and purpose.
        stored = (
            await session.execute(
                select(
                    AccountToken.token_hash,
                    AccountToken.purpose,
                    AccountToken.user_id,
                    AccountToken.email,
                    AccountToken.used_at,
                )
            )
        ).all()
    assert len(stored) == 1
    token_hash, purpose, owner, email, used_at = stored[0]
    assert token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert token not in created.err
    assert purpose == AccountTokenPurpose.SET_PASSWORD.value
    assert (owner, email, used_at) == (user.id, "ana.diaz@example.com", None)

    # A recruiters row mirrored without a login (same e-mail, any case) is linked, not doubled.
    async with db_session_factory() as session, session.begin():
        mirrored = Recruiter(email="Lee.Park@example.com", external_recruiter_id=4242, active=True)
        session.add(mirrored)
        await session.flush()
        mirrored_id = mirrored.id
    linked = await cli_runner("users", "create", "--email", "lee.park@example.com",
                              "--role", "recruiter")  # fmt: skip
    assert linked.code == 0, linked
    assert "existing row linked" in linked.out and str(mirrored_id) in linked.out
    link_token(linked.out)
    lee = await _user(db_session_factory, "lee.park@example.com")
    async with db_session_factory() as session:
        rows = (
            await session.execute(
                select(Recruiter.id, Recruiter.user_id).where(
                    func.lower(Recruiter.email) == "lee.park@example.com"
                )
            )
        ).all()
    assert [tuple(r) for r in rows] == [(mirrored_id, lee.id)]


async def test_bad_input_is_one_line_and_exit_code_2(
    cli_runner: CliRunner, db_session_factory: Factory
) -> None:
    first = await cli_runner("users", "create", "--email", "kim@example.com", "--role", "admin")
    assert first.code == 0, first
    again = await cli_runner(
        "users", "create", "--email", "KIM@example.com", "--role", "content_editor"
    )
    _one_line_error(again, "kim@example.com already has an account")
    assert await _roles(
        db_session_factory, (await _user(db_session_factory, "kim@example.com")).id
    ) == {"admin"}
    _one_line_error(
        await cli_runner("users", "create", "--email", "x@example.com", "--role", "boss"),
        "unknown role 'boss'",
        "content_editor",
    )
    _one_line_error(await cli_runner("users", "list", "--role", "owner"), "unknown role 'owner'")
    _one_line_error(
        await cli_runner("users", "create", "--email", "not-an-address", "--role", "admin"),
        "not a valid email address",
    )
    _one_line_error(
        await cli_runner("users", "password", "--email", "nobody@example.com", stdin=STRONG),
        "no account has the e-mail nobody@example.com",
    )
    async with db_session_factory() as session:
        emails = set((await session.execute(select(User.email))).scalars())
    assert emails == {"kim@example.com"}


async def test_list_shows_roles_recruiter_and_password_state_and_filters_by_role(
    cli_runner: CliRunner, db_session_factory: Factory
) -> None:
    for email, role in (
        ("boss@example.com", "admin"),
        ("ed@example.com", "content_editor"),
        ("rita@example.com", "recruiter"),
        ("cara@example.com", "candidate"),
    ):
        result = await cli_runner("users", "create", "--email", email, "--role", role)
        assert result.code == 0, result
    async with db_session_factory() as session, session.begin():
        ed = (
            await session.execute(select(User).where(User.email == "ed@example.com"))
        ).scalar_one()
        session.add(UserRole(user_id=ed.id, role="admin"))
    async with db_session_factory() as session:
        everyone = await list_users(session)
        admins = await list_users(session, "admin")
    assert [u.email for u in everyone] == sorted(
        ["boss@example.com", "ed@example.com", "rita@example.com", "cara@example.com"]
    )
    by_email = {u.email: u for u in everyone}
    assert by_email["ed@example.com"].roles == ("admin", "content_editor")
    assert by_email["rita@example.com"].recruiter_id is not None
    assert by_email["boss@example.com"].recruiter_id is None
    assert not any(u.has_password for u in everyone)
    assert {u.status for u in everyone} == {UserStatus.PENDING}
    assert [u.email for u in admins] == ["boss@example.com", "ed@example.com"]

    listed = await cli_runner("users", "list")
    assert listed.code == 0, listed
    rows = {line.split()[1]: line for line in listed.out.splitlines() if "@example.com" in line}
    assert set(rows) == set(by_email)
    rita = rows["rita@example.com"]
    assert "recruiter" in rita and str(by_email["rita@example.com"].recruiter_id) in rita
    assert all(" pending " in line and line.rstrip(" │|").endswith("no") for line in rows.values())
    only_admins = await cli_runner("users", "list", "--role", "admin")
    assert only_admins.code == 0, only_admins
    assert "boss@example.com" in only_admins.out and "ed@example.com" in only_admins.out
    assert "rita@example.com" not in only_admins.out and "cara@example.com" not in only_admins.out
    recruiters = await cli_runner("users", "list", "--role", "recruiter")
    assert "rita@example.com" in recruiters.out and "boss@example.com" not in recruiters.out


async def test_password_from_stdin_refuses_weak_ones_and_ends_sessions(
    cli_runner: CliRunner, db_session_factory: Factory, staff_settings: Settings
) -> None:
    created = await cli_runner(
        "users", "create", "--email", "sam.okafor@example.com", "--role", "recruiter",
        "--first-name", "Sam", "--last-name", "Okafor",
    )  # fmt: skip
    assert created.code == 0
    sam = await _user(db_session_factory, "sam.okafor@example.com")

    for weak, reason in (
        ("short1!", "too short"),
        ("password1234", "too easy to guess"),
        ("okafor-loves-2026", "e-mail address or name"),
        ("sam.okafor@example.com", "e-mail address or name"),
        ("", "no password on standard input"),
    ):
        refused = await cli_runner(
            "users", "password", "--email", "sam.okafor@example.com", stdin=f"{weak}\n"
        )
        _one_line_error(refused, reason)
        after = await _user(db_session_factory, "sam.okafor@example.com")
        assert after.password_hash is None and after.status is UserStatus.PENDING

    # Sam has a login session and an unused set-password link; a new password ends both.
    async with db_session_factory() as session, session.begin():
        await create_user_session(
            session,
            user_id=sam.id,
            token=new_token(),
            lifetime=dt.timedelta(hours=1),
            ip_address=None,
            user_agent=None,
        )
    password = f"{STRONG}-{secrets.token_hex(3)}"
    # A real pipe into a real process: `echo ... | python -m assistant users password ...`
    piped = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "assistant",
            "users",
            "password",
            "--email",
            "Sam.Okafor@example.com",
        ],
        input=f"{password}\n",
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DATABASE_URL": staff_settings.effective_database_url,
            "MONGODB_URL": staff_settings.effective_mongodb_url,
            "REDIS_URL": staff_settings.effective_redis_url,
            "LOG_JSON": "false",
        },
        timeout=120,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert "Traceback" not in piped.stderr and password not in piped.stdout + piped.stderr
    assert "password set for sam.okafor@example.com (status active)" in piped.stdout
    after = await _user(db_session_factory, "sam.okafor@example.com")
    assert after.password_hash is not None and after.password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(after.password_hash, password)
    assert after.status is UserStatus.ACTIVE
    async with db_session_factory() as session:
        sessions = await session.scalar(
            select(func.count()).select_from(UserSession).where(UserSession.user_id == sam.id)
        )
        open_links = await session.scalar(
            select(func.count())
            .select_from(AccountToken)
            .where(AccountToken.user_id == sam.id, AccountToken.used_at.is_(None))
        )
    assert sessions == 0 and open_links == 0


def test_at_a_terminal_the_password_is_typed_twice_unechoed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cli import users

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("never read\n"))
    typed = iter([STRONG, STRONG, STRONG, "something else"])
    monkeypatch.setattr(users.getpass, "getpass", lambda prompt="": next(typed))
    assert users._read_password() == STRONG
    with pytest.raises(users.UsageError, match="the two passwords differ"):
        users._read_password()
