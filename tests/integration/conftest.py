"""Fixtures shared by the account tests."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from config.settings import Settings
from devstack.mailbox import LocalMailbox
from tests.conftest import SEEDED_JOBS, _create_database, _drop_database, _with_database
from tests.integration.account_helpers import SignUps
from tests.support.copilot_questions import (
    Asker,
    demo_today,
    pick_askers,
    plant_activity,
    settle_counters,
)
from tests.support.copilot_red_team import (
    Planted,
    ScopeMarkers,
    plant_injections,
    scope_markers,
)


@pytest.fixture
def auth_settings(chat_settings: Settings) -> Settings:
    """The seeded database; an http public URL so the test client sends the cookie back."""
    return chat_settings.model_copy(update={"public_base_url": "http://testserver.local"})


@pytest.fixture
def sign_up(auth_settings: Settings, mailbox: LocalMailbox) -> SignUps:
    """``await sign_up(client, email)``: registered, confirmed by the mailed link, signed in."""
    return SignUps(auth_settings, mailbox)


# ---------------------------------------------------------------------------
# The copilot's examination database: the session's demo data grown to 300 candidates,
# with certification expiries, handoffs and planted injection text, built once per
# session; the copilot tests each take a private copy (CREATE DATABASE ... TEMPLATE).

COPILOT_PASSWORD = "copper-lantern-orchard-42"
"""What the copilot tests' askers sign in with."""


@dataclass(frozen=True)
class CopilotTemplate:
    name: str
    today: dt.date
    askers: list[Asker]
    planted: Planted
    markers: dict[str, ScopeMarkers]


@pytest.fixture(scope="session")
async def copilot_template(
    admin_pg_url: str, seeded_template: str
) -> AsyncIterator[CopilotTemplate]:
    from assistant.auth.passwords import hash_password
    from devstack.demo_data import seed_demo

    name = f"t_copilot_{uuid.uuid4().hex[:8]}"
    await _create_database(admin_pg_url, name, template=seeded_template)
    engine = create_async_engine(_with_database(admin_pg_url, name), pool_size=5)
    try:
        async with engine.connect() as conn:
            today = await demo_today(conn)
        await seed_demo(
            async_sessionmaker(engine, expire_on_commit=False),
            jobs=SEEDED_JOBS,
            candidates=300,
            seed=11,  # the session's demo seed: the generator grows the same world
            today=today,
        )
        async with engine.begin() as conn:
            await plant_activity(conn, today)
            await settle_counters(conn)
            planted = await plant_injections(conn)
            askers = await pick_askers(conn, password_hash=await hash_password(COPILOT_PASSWORD))
        async with engine.connect() as conn:
            markers = {a.email: await scope_markers(conn, a.recruiter_id) for a in askers}
    finally:
        await engine.dispose()
    yield CopilotTemplate(name, today, askers, planted, markers)
    await _drop_database(admin_pg_url, name)
