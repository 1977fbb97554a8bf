"""The lexicon this process understands messages with, kept current with the master tables.

Until told otherwise it is the bundled catalog's. The API loads the database's vocabulary
when it starts (:func:`lexicon_from_database`), then every ``refresh_s`` seconds asks one
cheap question (:func:`~data_layer.master.vocabulary.master_fingerprint`): did any master row
change (a master-data sync, a seed, an edit)? Only then does it re-read the rows, compile the
new lexicon in a worker thread and swap it in. A message never waits for the database: it is
understood with whichever lexicon is current.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine

from assistant.agent.nlu.lexicon import Lexicon, build_lexicon
from data_layer.master.lookup import forget_master_snapshots
from data_layer.master.vocabulary import catalog_vocabulary, master_fingerprint, read_vocabulary

__all__ = ["LexiconRefresher", "current_lexicon", "lexicon_from_database", "use_lexicon"]

log = logging.getLogger(__name__)

LOAD_TIMEOUT_S = 10.0
"""How long the API's start waits for the database's vocabulary before starting without it."""

_current: Lexicon | None = None


def current_lexicon() -> Lexicon:
    """The lexicon in use (the bundled catalog's until another is installed)."""
    global _current
    lexicon = _current
    if lexicon is None:
        lexicon = _current = build_lexicon(catalog_vocabulary())
    return lexicon


def use_lexicon(lexicon: Lexicon | None) -> None:
    """Understand messages with ``lexicon`` from now on (``None``: the bundled catalog's)."""
    global _current
    _current = lexicon


class LexiconRefresher:
    """Keeps :func:`current_lexicon` equal to the database's master data."""

    def __init__(self, engine: AsyncEngine, refresh_s: float) -> None:
        self._engine = engine
        self._refresh_s = refresh_s
        self._fingerprint: str | None = None

    async def refresh(self) -> bool:
        """Re-read the vocabulary if the master rows changed since the last look.

        Returns whether a new lexicon was installed.
        """
        async with self._engine.connect() as conn:
            fingerprint = await master_fingerprint(conn)
            if fingerprint == self._fingerprint:
                return False
            vocabulary = await read_vocabulary(conn)
        # Compiling takes ~0.1 s of CPU: in a thread, so turns in flight are not held up.
        lexicon = await asyncio.to_thread(build_lexicon, vocabulary)
        changed = self._fingerprint is not None
        self._fingerprint = fingerprint
        use_lexicon(lexicon)
        if changed:
            forget_master_snapshots()  # the job search's name -> id snapshot is stale too
        log.info(
            "chat vocabulary loaded",
            extra={
                "source": vocabulary.source,
                "professions": len(vocabulary.professions),
                "specialties": len(vocabulary.specialties),
            },
        )
        return True

    async def run(self) -> None:
        """Refresh every ``refresh_s`` seconds, until cancelled."""
        while True:
            await asyncio.sleep(self._refresh_s)
            try:
                await self.refresh()
            except Exception as exc:  # the current lexicon keeps answering; try again later
                log.warning("chat vocabulary refresh failed: %s: %s", type(exc).__name__, exc)


@contextlib.asynccontextmanager
async def lexicon_from_database(
    engine: AsyncEngine, *, refresh_s: float
) -> AsyncIterator[LexiconRefresher]:
    """Understand messages with the database's master data while the block runs.

    Loads it now (the bundled catalog answers if the database cannot be read in
    :data:`LOAD_TIMEOUT_S`), keeps it current in a background task, and puts back the
    lexicon that was in use before on exit.
    """
    before = _current
    refresher = LexiconRefresher(engine, refresh_s)
    try:
        await asyncio.wait_for(refresher.refresh(), LOAD_TIMEOUT_S)
    except Exception as exc:  # start anyway: the next refresh tries again
        log.warning("chat vocabulary not loaded: %s: %s", type(exc).__name__, exc)
    task = asyncio.create_task(refresher.run(), name="chat-vocabulary-refresh")
    try:
        yield refresher
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        use_lexicon(before)
