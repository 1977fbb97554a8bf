"""Who a copilot question is asked for, and the transaction every copilot query runs in.

The scope is enforced by PostgreSQL, not by the code that writes the query: the copilot's
views (schema ``copilot``, migration 0010) read the base tables through row-level security
policies keyed by per-transaction settings. :func:`scoped_read` opens a READ ONLY
transaction, becomes the ``copilot_reader`` role (it can SELECT the copilot views and
nothing else), sets the scope through ``copilot.enter_scope`` and a ``statement_timeout``,
and always rolls back.

``copilot.enter_scope`` signs the settings with a key the reader cannot read, so even a
statement that slipped past the SQL guard and called ``set_config('copilot.admin', 'on')``
would widen nothing: the policies trust only a correctly signed scope.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from data_layer.models import Recruiter

__all__ = [
    "READER_ROLE",
    "RecruiterScope",
    "admin_scope_of",
    "scope_for_user",
    "scoped_read",
]

READER_ROLE = "copilot_reader"
"""The database role copilot queries run as (created by migration 0010)."""
WORK_MEM = "64MB"


@dataclass(frozen=True)
class RecruiterScope:
    """The rows a copilot user may see: their own (``recruiter_id``) or all (``is_admin``)."""

    user_id: UUID
    recruiter_id: UUID | None
    is_admin: bool

    @property
    def sees_nothing(self) -> bool:
        """A recruiter login without a ``recruiters`` row owns no candidates yet."""
        return not self.is_admin and self.recruiter_id is None


def admin_scope_of(scope: RecruiterScope) -> RecruiterScope:
    """The same user widened to everything: only to tell "outside your scope" from "none"."""
    return RecruiterScope(user_id=scope.user_id, recruiter_id=scope.recruiter_id, is_admin=True)


async def scope_for_user(
    session: AsyncSession, user_id: UUID, roles: Collection[str]
) -> RecruiterScope | None:
    """The copilot scope of a signed-in user, or ``None`` when they may not use the copilot.

    An admin sees everything; a recruiter sees what belongs to their ``recruiters`` row
    (a recruiter login without one keeps a scope that sees nothing, so the console can
    explain instead of failing).
    """
    if "admin" not in roles and "recruiter" not in roles:
        return None
    recruiter_id = await session.scalar(select(Recruiter.id).where(Recruiter.user_id == user_id))
    return RecruiterScope(user_id=user_id, recruiter_id=recruiter_id, is_admin="admin" in roles)


@asynccontextmanager
async def scoped_read(
    engine: AsyncEngine, scope: RecruiterScope, *, timeout_ms: int
) -> AsyncIterator[AsyncConnection]:
    """A connection inside a READ ONLY transaction that sees only ``scope``'s rows.

    Every copilot query (analytic tools and guarded SQL) runs in here. Nothing is ever
    committed: the transaction is rolled back on the way out, whatever happened.
    """
    if timeout_ms < 1:
        raise ValueError("timeout_ms must be at least 1")
    async with engine.connect() as conn:
        # SQLAlchemy has begun the transaction; this first statement makes it read-only.
        await conn.execute(text("SET TRANSACTION READ ONLY"))
        try:
            # The signature is made while still the application role (the reader may not
            # call enter_scope); the role switch comes last so nothing after it can undo it.
            await conn.execute(
                text("SELECT copilot.enter_scope(CAST(:rid AS uuid), :admin)"),
                {
                    "rid": str(scope.recruiter_id) if scope.recruiter_id else None,
                    "admin": scope.is_admin,
                },
            )
            await conn.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
            # The policies check parent rows with IN (subquery), hashed only when the
            # planner expects the hash to fit in work_mem; otherwise it rescans per row.
            await conn.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
            await conn.execute(text(f"SET LOCAL ROLE {READER_ROLE}"))
            # Fail closed: on a connection without a transaction (AUTOCOMMIT) the SET LOCALs
            # above would already be gone and the query would run as the application.
            held = await conn.scalar(
                text(
                    "SELECT current_user = :role "
                    "AND current_setting('transaction_read_only') = 'on'"
                ),
                {"role": READER_ROLE},
            )
            if held is not True:
                raise RuntimeError("scoped_read needs a transaction; the scope did not hold")
            yield conn
        finally:
            await conn.rollback()
