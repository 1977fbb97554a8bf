"""Chat transcripts (``chat_conversations``) and per-turn ``analytics_events`` in MongoDB.

Writes never sit between the user and the reply: if MongoDB is unavailable the
write is queued in memory and retried in order; a write that still fails after
its retries is logged with its full content, so nothing is silently dropped.

Appending uses read-modify-replace guarded by a ``version`` field rather than
``$push``: the embedded nx-27017 server stores ``$push``-ed sub-documents as
JSON strings, and replace works the same on real MongoDB. Turns of one session
are already serialised by the chat session's row lock in PostgreSQL, and this
process keeps the document it last stored for each active conversation, so a
turn costs one replace instead of a read and a replace; the version guard
catches a copy gone stale (another process wrote), and the turn then re-reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from data_layer.db.mongo import ANALYTICS_EVENTS, CHAT_CONVERSATIONS

log = logging.getLogger(__name__)

RECENT_MESSAGES = 24
RECENT_SESSIONS = 5000
STORED_DOCUMENTS = 1000
METADATA_KEYS = ("job_searches", "job_views", "applications_started", "applications_completed")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class TurnRecord:
    """Everything one chat turn adds to the session's conversation document."""

    session_id: str
    user_id: str | None
    messages: list[dict[str, Any]]
    metadata: dict[str, list[str]] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    event: dict[str, Any] | None = None


def new_conversation(
    session_id: str, user_id: str | None, context: dict[str, Any], now: dt.datetime
) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "user_id": user_id,
        "conversation": [],
        "context": {
            "page_url": context.get("page_url"),
            "referrer": context.get("referrer"),
            "user_agent": context.get("user_agent"),
            "ip_address": context.get("ip_address"),
        },
        "metadata": {key: [] for key in METADATA_KEYS},
        "version": 0,
        "created_at": now,
        "updated_at": now,
        "last_activity": now,
    }


class ConversationStore:
    def __init__(
        self,
        db: AsyncDatabase,
        *,
        write_timeout_s: float = 1.0,
        retry_delays_s: tuple[float, ...] = (0.5, 1, 2, 5, 10, 30, 60),
    ) -> None:
        self._db = db
        self._timeout = write_timeout_s
        self._delays = retry_delays_s
        self._pending: deque[tuple[str, Callable[[], Awaitable[None]], Any]] = deque()
        self._drainer: asyncio.Task[None] | None = None
        self._in_flight: dict[str, asyncio.Task[None]] = {}
        # Recent messages of the conversations this process served: the model's history
        # without a MongoDB read on every turn. MongoDB stays the record (read on a miss).
        # Each entry knows how many turns it covers, so a conversation whose last turn
        # another API process answered is read afresh instead of served stale.
        self._recent: OrderedDict[str, tuple[int, list[dict[str, Any]]]] = OrderedDict()
        self._stored: OrderedDict[str, dict[str, Any]] = OrderedDict()

    @property
    def pending(self) -> int:
        return len(self._pending)

    # ---------------------------------------------------------------- writes
    async def start(self, session_id: str, user_id: str | None, context: dict[str, Any]) -> None:
        doc = new_conversation(session_id, user_id, context, _now())
        self._recent[session_id] = (0, [])
        await self._write(f"start {session_id}", lambda: self._insert(doc), doc)

    async def append_turn(self, turn: TurnRecord) -> None:
        await self._write(f"turn {turn.session_id}", lambda: self._append(turn), turn)

    def append_turn_soon(self, turn: TurnRecord) -> None:
        """Store the turn in the background, after earlier turns of the same session.

        The reply does not wait for MongoDB; :meth:`history` waits for what is in
        flight for its session, so a client reading right after a reply sees it.
        """
        self._remember(turn.session_id, turn.messages)
        self._after([turn.session_id], lambda: self.append_turn(turn))

    def assign_user_soon(self, session_ids: list[str], user_id: str) -> None:
        """Record the owner of conversations linked at login, after their pending turns."""
        if not session_ids:
            return
        for session_id in session_ids:
            self._stored.pop(session_id, None)  # its version changes: re-read next turn

        async def assign() -> None:
            await self._db[CHAT_CONVERSATIONS].update_many(
                {"session_id": {"$in": session_ids}},
                {"$set": {"user_id": user_id}, "$inc": {"version": 1}},
            )

        what = f"owner {user_id} of {len(session_ids)} conversations"
        payload = {"session_ids": session_ids, "user_id": user_id}
        self._after(session_ids, lambda: self._write(what, assign, payload))

    def _after(self, session_ids: list[str], write: Callable[[], Awaitable[None]]) -> None:
        """Run ``write`` in the background once earlier writes of these sessions are done."""
        previous = [t for t in map(self._in_flight.get, session_ids) if t is not None]

        async def ordered() -> None:
            if previous:
                await asyncio.gather(*previous, return_exceptions=True)
            await write()

        task = asyncio.get_running_loop().create_task(ordered())
        for session_id in session_ids:
            self._in_flight[session_id] = task
            task.add_done_callback(lambda t, sid=session_id: self._forget(sid, t))

    def _forget(self, session_id: str, task: asyncio.Task[None]) -> None:
        if self._in_flight.get(session_id) is task:
            del self._in_flight[session_id]
        if not task.cancelled() and task.exception() is not None:
            log.error("conversation write failed: %s", task.exception())

    def _keep(self, doc: dict[str, Any]) -> None:
        self._stored[doc["session_id"]] = doc
        self._stored.move_to_end(doc["session_id"])
        if len(self._stored) > STORED_DOCUMENTS:
            self._stored.popitem(last=False)

    async def _insert(self, doc: dict[str, Any]) -> None:
        stored = dict(doc)
        await self._db[CHAT_CONVERSATIONS].insert_one(stored)  # sets stored["_id"]
        self._keep(stored)

    async def _append(self, turn: TurnRecord) -> None:
        collection = self._db[CHAT_CONVERSATIONS]
        for _ in range(5):
            now = _now()
            doc = self._stored.pop(turn.session_id, None) or await collection.find_one(
                {"session_id": turn.session_id}
            )
            if doc is None:
                doc = new_conversation(turn.session_id, turn.user_id, turn.context, now)
                doc["conversation"] = list(turn.messages)
                _merge_metadata(doc, turn.metadata)
                await collection.insert_one(doc)
                self._keep(doc)
                break
            if _already_stored(doc, turn):
                # A retry after a write that reached MongoDB but timed out here.
                self._keep(doc)
                break
            version = doc.get("version", 0)
            doc["conversation"] = list(doc.get("conversation") or []) + turn.messages
            _merge_metadata(doc, turn.metadata)
            if turn.user_id:
                doc["user_id"] = turn.user_id
            doc["updated_at"] = now
            doc["last_activity"] = now
            doc["version"] = version + 1
            result = await collection.replace_one({"_id": doc["_id"], "version": version}, doc)
            if result.matched_count:
                self._keep(doc)
                break
        else:
            raise RuntimeError(f"conversation {turn.session_id} kept changing under us")
        if turn.event is not None:
            await self._db[ANALYTICS_EVENTS].insert_one(dict(turn.event))

    async def _write(self, what: str, op: Callable[[], Awaitable[None]], payload: Any) -> None:
        if self._pending:  # keep order: once something is queued, everything queues behind it
            self._enqueue(what, op, payload)
            return
        try:
            async with asyncio.timeout(self._timeout):
                await op()
        except (PyMongoError, TimeoutError, OSError) as exc:
            log.warning("mongo write deferred: %s (%s)", what, type(exc).__name__)
            self._enqueue(what, op, payload)

    def _enqueue(self, what: str, op: Callable[[], Awaitable[None]], payload: Any) -> None:
        self._pending.append((what, op, payload))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        attempt = 0
        while self._pending:
            what, op, payload = self._pending[0]
            try:
                await asyncio.wait_for(op(), self._timeout * 5)
            except (PyMongoError, TimeoutError, OSError) as exc:
                if attempt >= len(self._delays):
                    log.error(
                        "mongo write lost after retries: %s (%s); content=%r",
                        what,
                        exc,
                        payload,
                    )
                    self._pending.popleft()
                    attempt = 0
                    continue
                await asyncio.sleep(self._delays[attempt])
                attempt += 1
                continue
            self._pending.popleft()
            attempt = 0
            log.info("mongo write recovered: %s", what)

    async def flush(self, timeout_s: float = 30.0) -> bool:
        """Wait until queued writes are stored (or given up); True when nothing is left."""
        if self._drainer is not None and not self._drainer.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._drainer), timeout_s)
        return not self._pending

    async def close(self) -> None:
        if self._in_flight:
            await asyncio.wait(list(self._in_flight.values()), timeout=5.0)
        await self.flush(5.0)
        if self._pending:
            for what, _, payload in self._pending:
                log.error("mongo write lost at shutdown: %s; content=%r", what, payload)
            self._pending.clear()
        if self._drainer is not None:
            self._drainer.cancel()

    # ----------------------------------------------------------------- reads
    def _remember(self, session_id: str, messages: list[dict[str, Any]]) -> None:
        known = self._recent.get(session_id)
        if known is None:
            return  # unknown history: a later read fetches it whole from MongoDB
        turns, recent = known
        recent.extend(messages)
        del recent[:-RECENT_MESSAGES]
        self._recent[session_id] = (turns + 1, recent)
        self._recent.move_to_end(session_id)

    async def recent(self, session_id: str, turns: int) -> list[dict[str, Any]]:
        """The last messages of a conversation with ``turns`` answered turns.

        From memory when this process saw all of them, else from MongoDB.
        """
        cached = self._recent.get(session_id)
        if cached is not None and cached[0] == turns:
            self._recent.move_to_end(session_id)
            return list(cached[1])
        doc = await self.history(session_id)
        conversation = list((doc or {}).get("conversation") or [])
        messages = conversation[-RECENT_MESSAGES:]
        if sum(1 for m in conversation if m.get("role") == "user") == turns:
            self._recent[session_id] = (turns, messages)
            self._recent.move_to_end(session_id)
            if len(self._recent) > RECENT_SESSIONS:
                self._recent.popitem(last=False)
        else:  # a turn still on its way to MongoDB from elsewhere: do not keep a gap
            self._recent.pop(session_id, None)
        return list(messages)

    async def history(self, session_id: str) -> dict[str, Any] | None:
        in_flight = self._in_flight.get(session_id)
        if in_flight is not None:
            await asyncio.wait([in_flight], timeout=2.0)
        return await self._db[CHAT_CONVERSATIONS].find_one({"session_id": session_id}, {"_id": 0})


def _already_stored(doc: dict[str, Any], turn: TurnRecord) -> bool:
    ids = {m.get("message_id") for m in turn.messages} - {None}
    tail = (doc.get("conversation") or [])[-len(turn.messages) :]
    return bool(ids) and any(m.get("message_id") in ids for m in tail)


def _merge_metadata(doc: dict[str, Any], updates: dict[str, list[str]]) -> None:
    metadata = doc.setdefault("metadata", {})
    for key in METADATA_KEYS:
        values = list(metadata.get(key) or [])
        for value in updates.get(key, []):
            if value not in values:
                values.append(value)
        metadata[key] = values
