"""Staff in tests: a demo recruiter (or a new admin) signed in through the login API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

STAFF_PASSWORD = "quartz-meadow-lantern-58"


@dataclass(frozen=True)
class Staff:
    user_id: UUID
    recruiter_id: UUID | None
    email: str
    first_name: str | None


async def rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).mappings())


async def scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(text(sql), params)).scalar()


async def execute(engine: AsyncEngine, sql: str, **params: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(sql), params)


async def _login(client: AsyncTestClient | httpx.AsyncClient, email: str) -> None:
    response = await client.post(
        "/api/auth/login", json={"email": email, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 200, response.text


async def recruiter(engine: AsyncEngine, recruiter_id: UUID) -> Staff:
    """A demo recruiter given a known password (demo staff have none)."""
    from assistant.auth.passwords import hash_password

    row = (
        await rows(
            engine,
            "SELECT u.id, u.email, u.first_name FROM recruiters r JOIN users u ON u.id = r.user_id "
            "WHERE r.id = :r",
            r=recruiter_id,
        )
    )[0]
    await execute(
        engine,
        "UPDATE users SET password_hash = :h, status = 'active' WHERE id = :u",
        h=await hash_password(STAFF_PASSWORD),
        u=row["id"],
    )
    return Staff(row["id"], recruiter_id, row["email"], row["first_name"])


async def signed_in_recruiter(
    client: AsyncTestClient | httpx.AsyncClient, engine: AsyncEngine, recruiter_id: UUID
) -> Staff:
    staff = await recruiter(engine, recruiter_id)
    await _login(client, staff.email)
    return staff


async def signed_in_admin(
    client: AsyncTestClient | httpx.AsyncClient, engine: AsyncEngine, email: str
) -> Staff:
    """A new admin account (no recruiter profile), signed in."""
    from assistant.auth.passwords import hash_password
    from data_layer.accounts.staff import create_staff_user

    async with async_sessionmaker(engine)() as session, session.begin():
        account = await create_staff_user(session, email=email, role="admin", first_name="Ada")
    await execute(
        engine,
        "UPDATE users SET password_hash = :h, status = 'active' WHERE id = :u",
        h=await hash_password(STAFF_PASSWORD),
        u=account.user_id,
    )
    await _login(client, email)
    return Staff(account.user_id, None, email, "Ada")


async def active_recruiters(engine: AsyncEngine) -> list[UUID]:
    """Demo recruiters who can sign in, in a fixed order."""
    found = await rows(
        engine,
        "SELECT r.id FROM recruiters r JOIN users u ON u.id = r.user_id "
        "WHERE r.active AND u.status = 'active' ORDER BY r.created_at, r.id",
    )
    return [r["id"] for r in found]
