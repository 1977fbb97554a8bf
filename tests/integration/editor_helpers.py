"""Content editors in tests: the demo editor (``editor@example.com``) or a new one, signed in
through the login API with a known password (demo staff have none)."""

from __future__ import annotations

import httpx
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from tests.integration.recruiter_helpers import STAFF_PASSWORD, Staff, _login, execute, rows

DEMO_EDITOR_EMAIL = "editor@example.com"


async def _with_password(engine: AsyncEngine, user_id: object) -> None:
    from assistant.auth.passwords import hash_password

    await execute(
        engine,
        "UPDATE users SET password_hash = :h, status = 'active' WHERE id = :u",
        h=await hash_password(STAFF_PASSWORD),
        u=user_id,
    )


async def demo_editor(engine: AsyncEngine) -> Staff:
    """The demo data's content editor, given the known password."""
    found = await rows(
        engine,
        "SELECT u.id, u.email, u.first_name FROM users u JOIN user_roles r ON r.user_id = u.id "
        "WHERE r.role = 'content_editor' AND u.email = :e",
        e=DEMO_EDITOR_EMAIL,
    )
    assert found, "the demo data has no content editor (devstack/demo_data/people.py)"
    await _with_password(engine, found[0]["id"])
    return Staff(found[0]["id"], None, found[0]["email"], found[0]["first_name"])


async def new_editor(engine: AsyncEngine, email: str, first_name: str = "Eve") -> Staff:
    """Another content editor account (active, known password)."""
    from data_layer.accounts.staff import create_staff_user

    async with async_sessionmaker(engine)() as session, session.begin():
        account = await create_staff_user(
            session, email=email, role="content_editor", first_name=first_name
        )
    await _with_password(engine, account.user_id)
    return Staff(account.user_id, None, email, first_name)


async def signed_in_editor(
    client: AsyncTestClient | httpx.AsyncClient, engine: AsyncEngine, staff: Staff | None = None
) -> Staff:
    """``staff`` (default: the demo editor) signed in on ``client``."""
    staff = staff or await demo_editor(engine)
    await _login(client, staff.email)
    return staff
