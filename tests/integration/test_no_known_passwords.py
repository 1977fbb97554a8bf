"""No account has a password this code knows: not after a demo seed, not after `make run`'s
staff links, not after staff made through the CLI.

"Known" is every string literal (6+ characters) in the project's Python sources, the
1,000 most common passwords of zxcvbn's bundled list and "123456"; each stored argon2
hash is verified against all of them. The one password set here is a fresh random
value, so there is a hash to check; it is hashed with cheap argon2 parameters (the
hash carries them, and verifying ~7,000 candidates with production parameters would
take minutes), which changes how long a check takes, not what it finds.
"""

from __future__ import annotations

import ast
import inspect
import secrets
from functools import cache
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zxcvbn.frequency_lists import FREQUENCY_LISTS

import assistant.auth.passwords
import devstack.demo_data
import devstack.demo_data.keys
from config.settings import Settings
from data_layer.models import Candidate, Recruiter, User, UserRole, UserStatus
from devstack.demo_data import seed_demo
from devstack.demo_data.world import DemoSpec
from devstack.seeding import seed
from devstack.staff_links import staff_link_lines, staff_sign_in_links
from tests.integration import test_staff_users as staff_cli
from tests.integration.test_staff_users import STRONG, CliRunner, link_token

Factory = async_sessionmaker[AsyncSession]
PROJECT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = (
    "config", "assistant", "tools", "prompts", "data_layer", "workers", "cli", "devstack",
    "tests", "bench",
)  # fmt: skip
COMMON_PASSWORDS = 1000

# The CLI fixtures of the staff-account tests (this test's settings, the CLI in-process).
staff_settings = staff_cli.staff_settings
cli_runner = staff_cli.cli_runner


@cache
def known_strings() -> frozenset[str]:
    """Every password this code could know."""
    known = {"123456", *FREQUENCY_LISTS["passwords"][:COMMON_PASSWORDS]}
    for folder in SOURCE_DIRS:
        for path in sorted((PROJECT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and len(node.value) >= 6
                ):
                    known.add(node.value)
    return frozenset(known)


def known_password_of(password_hash: str) -> str | None:
    """The known string the hash is of, if any."""
    hasher = PasswordHasher()
    for candidate in known_strings():
        try:
            if hasher.verify(password_hash, candidate):
                return candidate
        except VerificationError:
            continue
        except InvalidHashError:
            pytest.fail(f"not an argon2 hash: {password_hash[:20]}...")
    return None


def _cheap_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def test_the_check_finds_known_passwords() -> None:
    """The checker itself: literals of the sources (the tests' too) and common passwords."""
    known = known_strings()
    assert len(known) > COMMON_PASSWORDS + 1000
    assert {"123456", "password", "qwerty", STRONG} <= known
    hasher = _cheap_hasher()
    assert known_password_of(hasher.hash(STRONG)) == STRONG
    assert known_password_of(hasher.hash("iloveyou")) == "iloveyou"
    assert known_password_of(hasher.hash(secrets.token_urlsafe(16))) is None


def test_seeding_cannot_give_demo_users_a_password() -> None:
    for function in (seed_demo, seed):
        assert not [p for p in inspect.signature(function).parameters if "password" in p]
    with pytest.raises(TypeError, match="demo_password"):
        seed_demo(None, jobs=0, candidates=0, seed=1, demo_password="demo1234")  # type: ignore[arg-type, call-arg]
    assert not hasattr(devstack.demo_data, "demo_password_hash")
    assert not hasattr(devstack.demo_data.keys, "demo_password_hash")
    assert "password_hash" not in DemoSpec.__dataclass_fields__


async def test_no_user_has_a_known_password(
    cli_runner: CliRunner,
    staff_settings: Settings,
    db_session_factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seeded = await cli_runner("seed", "--jobs", "60", "--candidates", "25", "--seed", "5")
    assert seeded.code == 0, seeded.err
    async with db_session_factory() as session:
        demo_users = (await session.execute(select(User))).scalars().all()
        roles = {(r.user_id, r.role) for r in (await session.execute(select(UserRole))).scalars()}
        recruiter_users = set((await session.execute(select(Recruiter.user_id))).scalars())
        candidate_users = set((await session.execute(select(Candidate.user_id))).scalars())
    by_email = {u.email: u for u in demo_users}
    assert all(u.password_hash is None for u in demo_users)
    # Every demo user has the role its rows imply; the editor and the admin wait for a link.
    assert recruiter_users and candidate_users
    assert {(u, "recruiter") for u in recruiter_users} <= roles
    assert {(u, "candidate") for u in candidate_users} <= roles
    for email, role in (("admin@example.com", "admin"), ("editor@example.com", "content_editor")):
        assert by_email[email].status is UserStatus.PENDING
        assert (by_email[email].id, role) in roles
    assert len(roles) == len(demo_users)

    # `make run`'s links: admin and editor first, then recruiters; nobody gets a password.
    links = await staff_sign_in_links(staff_settings, limit=3)
    assert [(email, role) for email, role, _ in links.links[:2]] == [
        ("admin@example.com", "admin"),
        ("editor@example.com", "content_editor"),
    ]
    assert links.links[2][1] == "recruiter"
    active_recruiters = sum(
        1 for u in demo_users if u.id in recruiter_users and u.status is not UserStatus.INACTIVE
    )
    assert links.more == active_recruiters - 1
    banner = staff_link_lines(links)
    assert "Staff sign-in" in banner and f"and {links.more} more" in banner
    for _, _, link in links.links:
        assert link_token(link)

    # Staff made through the CLI, one of them with a (fresh, random) password.
    monkeypatch.setattr(assistant.auth.passwords, "_hasher", _cheap_hasher)
    for email, role in (("new.recruiter@example.com", "recruiter"), ("ops@example.com", "admin")):
        made = await cli_runner("users", "create", "--email", email, "--role", role)
        assert made.code == 0, made.err
    fresh = {
        email: secrets.token_urlsafe(24) for email in ("ops@example.com", "editor@example.com")
    }
    for email, password in fresh.items():
        done = await cli_runner("users", "password", "--email", email, stdin=f"{password}\n")
        assert done.code == 0, done.err

    async with db_session_factory() as session:
        rows = await session.execute(
            select(User.email, User.password_hash).where(User.password_hash.is_not(None))
        )
        hashes: dict[str, str] = {email: password_hash for email, password_hash in rows.all()}
    assert set(hashes) == {"ops@example.com", "editor@example.com"}
    checked = 0
    for email, password_hash in sorted(hashes.items()):
        assert _cheap_hasher().verify(password_hash, fresh[email])  # the check can match
        assert known_password_of(password_hash) is None, email
        checked += 1
    assert checked > 0
