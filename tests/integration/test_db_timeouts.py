"""The pool fails fast: a runaway statement, a long lock wait and an exhausted pool each
end in bounded time with a clear error, and error texts never carry bound values."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import exc, text

from config.settings import Settings
from data_layer.db.engine import create_engine


@pytest.fixture
def tight(test_settings: Settings) -> Settings:
    return test_settings.model_copy(
        update={
            "db_statement_timeout_ms": 300,
            "db_lock_timeout_ms": 300,
            "db_pool_size": 1,
            "db_max_overflow": 0,
            "db_pool_timeout_s": 0.5,
        }
    )


async def test_a_statement_beyond_the_timeout_fails_fast(tight: Settings) -> None:
    engine = create_engine(tight)
    try:
        started = time.monotonic()
        with pytest.raises(exc.DBAPIError) as caught:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT pg_sleep(10)"))
        assert time.monotonic() - started < 3
        assert "statement timeout" in str(caught.value)
        # The pooled connection is still usable afterwards.
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
    finally:
        await engine.dispose()


async def test_a_lock_wait_beyond_lock_timeout_fails_fast(tight: Settings) -> None:
    holder = create_engine(tight.model_copy(update={"db_statement_timeout_ms": 0}))
    waiter = create_engine(tight.model_copy(update={"db_statement_timeout_ms": 0}))
    try:
        async with holder.connect() as held:
            await held.execute(text("CREATE TABLE lock_probe (id int PRIMARY KEY)"))
            await held.execute(text("INSERT INTO lock_probe VALUES (1)"))
            await held.commit()
            await held.execute(text("SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE"))
            started = time.monotonic()
            with pytest.raises(exc.DBAPIError) as caught:
                async with waiter.connect() as conn:
                    await conn.execute(text("UPDATE lock_probe SET id = 2 WHERE id = 1"))
            assert time.monotonic() - started < 3
            assert "lock timeout" in str(caught.value)
            await held.rollback()
    finally:
        await holder.dispose()
        await waiter.dispose()


async def test_an_exhausted_pool_fails_after_the_pool_timeout(tight: Settings) -> None:
    engine = create_engine(tight)
    try:
        async with engine.connect():
            started = time.monotonic()
            with pytest.raises(exc.TimeoutError):
                async with engine.connect():
                    pass
            assert time.monotonic() - started < 3
    finally:
        await engine.dispose()


async def test_error_texts_never_carry_bound_values(tight: Settings) -> None:
    engine = create_engine(tight)
    try:
        with pytest.raises(exc.DBAPIError) as caught:
            async with engine.connect() as conn:
                await conn.execute(
                    text("SELECT CAST(:email AS integer)"), {"email": "dana.private@example.org"}
                )
        assert "dana.private@example.org" not in str(caught.value)
        assert "hidden due to hide_parameters" in str(caught.value)
    finally:
        await engine.dispose()
