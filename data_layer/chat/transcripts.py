"""Chat transcripts (``chat_conversations``) and per-turn ``analytics_events`` in MongoDB.

Bounded documents. A conversation's document (database-schema.md section 3.3) holds its
latest ``window`` messages; a turn appends with ``$push`` + ``$each`` + ``$slice``, never
rewriting the document. When a turn would overflow the window, the oldest half of the
window first moves to ``chat_conversation_archive`` as one chunk ``{session_id, start,
messages}`` (``start`` = the position of its first message in the whole conversation;
written by an idempotent upsert), then the push slices it off. The document also counts
``message_count`` and ``user_messages`` (beyond the schema, like ``version``), so a page
of history knows where each message sits and whether older ones exist.

Every message gets a ``message_id`` (a user message: its reply's id + ``-q``), the cursor
of history pages. Writes are guarded by ``version``: a process whose idea of the document
is stale (another process wrote) re-reads instead of appending out of place.

The embedded nx-27017 server stores ``$push``-ed sub-documents as Extended JSON strings
(and ``$set`` dates as strings); reads decode those, so the same code runs on both.

Writes never sit between the user and the reply: if MongoDB is unavailable the write goes
to a bounded queue in Redis (``transcript_queue``) that survives a restart, and a drainer
(started with the store, so at every API start) writes it when MongoDB is back. Logs name
sessions, counts and error classes, never message content or contact details.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from bson import json_util
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from data_layer.chat.transcript_queue import MemoryWriteQueue, RedisWriteQueue, WriteQueue
from data_layer.db.mongo import ANALYTICS_EVENTS, CHAT_CONVERSATION_ARCHIVE, CHAT_CONVERSATIONS

log = logging.getLogger(__name__)

RECENT_MESSAGES = 24
METADATA_KEYS = ("job_searches", "job_views", "applications_started", "applications_completed")
_INDEX_CURSOR = "idx-"
_JSON = json_util.JSONOptions(tz_aware=True)


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


@dataclass(frozen=True)
class HistoryPage:
    """Messages oldest first; ``next_before`` is the cursor of the older page, if any."""

    messages: list[dict[str, Any]]
    has_more: bool
    next_before: str | None
    user_messages: int


class UnknownMessage(LookupError):
    """A ``before`` cursor naming no message of the conversation."""


@dataclass
class _Head:
    """What a turn needs to know of a stored document, without its messages."""

    version: int
    length: int
    count: int | None  # None: a document from before the counters
    last_ids: tuple[str, ...]
    users: int = 0  # user messages so far (counted once for a document from before)


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
        "message_count": 0,
        "user_messages": 0,
        "created_at": now,
        "updated_at": now,
        "last_activity": now,
    }


def with_message_ids(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The turn's messages, each with an id (user messages: the reply's id + ``-q``)."""
    anchor = next((m["message_id"] for m in messages if m.get("message_id")), uuid.uuid4().hex)
    named = []
    for i, message in enumerate(messages):
        if message.get("message_id"):
            named.append(message)
        else:
            suffix = "q" if message.get("role") == "user" else f"m{i}"
            named.append({**message, "message_id": f"{anchor}-{suffix}"})
    return named


def _message(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):  # nx-27017 keeps $push-ed sub-documents as Extended JSON
        decoded: dict[str, Any] = json_util.loads(raw, json_options=_JSON)
        return decoded
    return dict(raw)


def stored_messages(doc: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The messages of a ``chat_conversations`` document as read from MongoDB, decoded
    (for any reader of the raw collection: nx-27017 returns pushed ones as strings)."""
    return [_message(m) for m in (doc or {}).get("conversation") or []]


_messages = stored_messages


def _head(doc: dict[str, Any]) -> _Head:
    messages = _messages(doc)
    count = doc.get("message_count")
    users = doc.get("user_messages")
    return _Head(
        version=int(doc.get("version", 0)),
        length=len(messages),
        count=int(count) if isinstance(count, int) else None,
        last_ids=tuple(str(m.get("message_id")) for m in messages[-8:] if m.get("message_id")),
        users=users
        if isinstance(users, int)
        else sum(1 for m in messages if m.get("role") == "user"),
    )


class ConversationStore:
    def __init__(
        self,
        db: AsyncDatabase,
        *,
        redis: Redis | None = None,
        window: int = 200,
        cache_size: int = 200,
        queue_max: int = 10_000,
        write_timeout_s: float = 1.0,
        retry_delays_s: tuple[float, ...] = (0.5, 1, 2, 5, 10, 30, 60),
    ) -> None:
        self._db = db
        self._window = window
        self._cache_size = cache_size
        self._timeout = write_timeout_s
        self._delays = retry_delays_s
        self._queue: WriteQueue = (
            RedisWriteQueue(redis, db.name, queue_max)
            if redis is not None
            else MemoryWriteQueue(queue_max)
        )
        self._backlog = 0  # writes known to wait in the queue (checked by the drainer)
        self._drainer: asyncio.Task[None] | None = None
        self._in_flight: dict[str, asyncio.Task[None]] = {}
        # Recent messages of the conversations this process served: the model's history
        # without a MongoDB read on every turn. MongoDB stays the record (read on a miss).
        # Each entry knows how many turns it covers, so a conversation whose last turn
        # another API process answered is read afresh instead of served stale.
        self._recent: OrderedDict[str, tuple[int, list[dict[str, Any]]]] = OrderedDict()
        # Per conversation only a few numbers and ids, never its messages: bounded memory.
        self._heads: OrderedDict[str, _Head] = OrderedDict()

    @property
    def pending(self) -> int:
        """Writes waiting for MongoDB, as this process last saw the queue."""
        return self._backlog

    # ------------------------------------------------------------- lifecycle
    async def resume(self) -> None:
        """At start: drain what an earlier process left in the queue (e.g. killed in an
        outage). Until it is empty, new writes queue behind it, so order is kept."""
        try:
            self._backlog = await self._queue.length()
        except RedisError as exc:
            log.warning("transcript write queue unreadable at start (%s)", type(exc).__name__)
            return
        if self._backlog:
            log.info("transcript writes waiting from before the start: %d", self._backlog)
            self._start_drainer()

    async def flush(self, timeout_s: float = 30.0) -> bool:
        """Wait until queued writes are stored; True when nothing is left."""
        if self._drainer is not None and not self._drainer.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._drainer), timeout_s)
        return not self._backlog

    async def close(self) -> None:
        if self._in_flight:
            await asyncio.wait(list(self._in_flight.values()), timeout=5.0)
        await self.flush(5.0)
        if self._drainer is not None:
            self._drainer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._drainer
        with contextlib.suppress(RedisError):
            await self._queue.release()
        if self._backlog:
            log.warning("transcript writes left queued at shutdown: %d", self._backlog)

    # ---------------------------------------------------------------- writes
    async def start(self, session_id: str, user_id: str | None, context: dict[str, Any]) -> None:
        doc = new_conversation(session_id, user_id, context, _now())
        self._recent[session_id] = (0, [])
        await self._write({"op": "start", "session_id": session_id, "doc": doc})

    async def append_turn(self, turn: TurnRecord) -> None:
        turn.messages = with_message_ids(turn.messages)
        await self._write({"op": "turn", "session_id": turn.session_id, "turn": asdict(turn)})

    def append_turn_soon(self, turn: TurnRecord) -> None:
        """Store the turn in the background, after earlier turns of the same session.

        The reply does not wait for MongoDB; :meth:`page` waits for what is in flight for
        its session, so a client reading right after a reply sees it.
        """
        turn.messages = with_message_ids(turn.messages)
        self._remember(turn.session_id, turn.messages)
        self._after([turn.session_id], lambda: self.append_turn(turn))

    async def add_message(self, session_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """Store a message that is no turn of the conversation (a recruiter's reply), after
        the writes in flight for it; returns it with its ``message_id``.

        It counts neither as a turn nor as a user message, so the turn counts the model's
        history relies on stay right.
        """
        [named] = with_message_ids([message])
        turn = TurnRecord(session_id=session_id, user_id=None, messages=[named])
        self._after([session_id], lambda: self.append_turn(turn))
        # Stored (or queued for MongoDB) before the caller says it was sent.
        await asyncio.wait([self._in_flight[session_id]])
        return named

    def assign_user_soon(self, session_ids: list[str], user_id: str) -> None:
        """Record the owner of conversations linked at login, after their pending turns."""
        if not session_ids:
            return
        for session_id in session_ids:
            self._heads.pop(session_id, None)  # its version changes: re-read next turn
        entry = {"op": "owner", "session_id": session_ids[0], "ids": session_ids, "user": user_id}
        self._after(session_ids, lambda: self._write(entry))

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
            error = type(task.exception()).__name__
            log.error("conversation write failed: session %s (%s)", session_id, error)

    async def _write(self, entry: dict[str, Any]) -> None:
        if self._backlog:  # keep order: once something is queued, everything queues behind it
            await self._enqueue(entry)
            return
        try:
            async with asyncio.timeout(self._timeout):
                await self._apply(entry)
        except (PyMongoError, TimeoutError, OSError) as exc:
            log.warning(
                "mongo write deferred: %s of session %s (%s)",
                entry["op"],
                entry["session_id"],
                type(exc).__name__,
            )
            await self._enqueue(entry)

    async def _enqueue(self, entry: dict[str, Any]) -> None:
        try:
            self._backlog = await self._queue.push(entry)
        except (RedisError, OSError) as exc:
            log.error(
                "transcript write lost: %s of session %s; neither MongoDB nor Redis (%s)",
                entry["op"],
                entry["session_id"],
                type(exc).__name__,
            )
            return
        self._start_drainer()

    def _start_drainer(self) -> None:
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        attempt = 0
        while True:
            delay = self._delays[min(attempt, len(self._delays) - 1)]
            try:
                self._backlog = await self._queue.length()
                if not self._backlog:
                    await self._queue.release()
                    return
                entry = await self._queue.head()
            except (RedisError, OSError) as exc:
                log.warning("transcript write queue unreachable (%s)", type(exc).__name__)
                await asyncio.sleep(delay)
                attempt += 1
                continue
            if entry is None:  # another process holds the lease and drains
                await asyncio.sleep(1.0)
                continue
            try:
                await asyncio.wait_for(self._apply(entry), self._timeout * 5)
            except (PyMongoError, TimeoutError, OSError):
                await asyncio.sleep(delay)
                attempt += 1
                continue
            except Exception as exc:  # a malformed entry would block every write behind it
                log.error(
                    "transcript write discarded: %s of session %s (%s)",
                    entry.get("op"),
                    entry.get("session_id"),
                    type(exc).__name__,
                )
            else:
                log.info(
                    "mongo write recovered: %s of session %s", entry["op"], entry["session_id"]
                )
            attempt = 0
            with contextlib.suppress(RedisError, OSError):
                await self._queue.pop()

    async def _apply(self, entry: dict[str, Any]) -> None:
        if entry["op"] == "start":
            await self._insert(entry["doc"])
        elif entry["op"] == "turn":
            await self._append(TurnRecord(**entry["turn"]))
        elif entry["op"] == "owner":
            await self._db[CHAT_CONVERSATIONS].update_many(
                {"session_id": {"$in": entry["ids"]}},
                {"$set": {"user_id": entry["user"]}, "$inc": {"version": 1}},
            )
        else:
            raise ValueError(f"unknown transcript write {entry['op']!r}")

    def _keep(self, session_id: str, head: _Head) -> None:
        if self._cache_size <= 0:
            return
        self._heads[session_id] = head
        self._heads.move_to_end(session_id)
        while len(self._heads) > self._cache_size:
            self._heads.popitem(last=False)

    async def _insert(self, doc: dict[str, Any]) -> None:
        collection = self._db[CHAT_CONVERSATIONS]
        # Idempotent: a start retried from the queue after its turns must not reset them.
        if await collection.find_one({"session_id": doc["session_id"]}, {"_id": 1}) is None:
            await collection.insert_one(dict(doc))
            self._keep(doc["session_id"], _head(doc))

    async def _append(self, turn: TurnRecord) -> None:
        collection = self._db[CHAT_CONVERSATIONS]
        messages = with_message_ids(turn.messages)
        ids = {m["message_id"] for m in messages}
        users = sum(1 for m in messages if m.get("role") == "user")
        for _ in range(5):
            now = _now()
            head = self._heads.pop(turn.session_id, None)
            doc: dict[str, Any] | None = None
            if head is None:
                doc = await collection.find_one({"session_id": turn.session_id})
                if doc is None:
                    doc = new_conversation(turn.session_id, turn.user_id, turn.context, now)
                    doc["conversation"] = messages
                    doc["message_count"] = len(messages)
                    doc["user_messages"] = users
                    _merge_metadata(doc, turn.metadata)
                    await collection.insert_one(doc)
                    self._keep(turn.session_id, _head(doc))
                    break
                head = _head(doc)
            if ids & set(head.last_ids):
                # A retry after a write that reached MongoDB but timed out here.
                self._keep(turn.session_id, head)
                break
            archived = await self._archive_overflow(turn.session_id, head, len(messages), doc)
            if archived is None:
                continue  # the document changed under us: read it again
            update = _append_update(head, messages, users, archived, turn)
            result = await collection.update_one(
                {"session_id": turn.session_id, "version": head.version}, update
            )
            if result.matched_count:
                count = (head.count if head.count is not None else head.length) + len(messages)
                self._keep(
                    turn.session_id,
                    _Head(
                        version=head.version + 1,
                        length=head.length + len(messages) - archived,
                        count=count,
                        last_ids=(*head.last_ids, *(m["message_id"] for m in messages))[-8:],
                        users=head.users + users,
                    ),
                )
                break
        else:
            raise RuntimeError(f"conversation {turn.session_id} kept changing under us")
        if turn.event is not None:
            await self._db[ANALYTICS_EVENTS].insert_one(dict(turn.event))

    async def _archive_overflow(
        self, session_id: str, head: _Head, adding: int, doc: dict[str, Any] | None
    ) -> int | None:
        """Move the oldest messages to the archive when ``adding`` would overflow the window.

        Returns how many to slice off the document (0: none), None if the document moved on.
        """
        overflow = head.length + adding - self._window
        if overflow <= 0:
            return 0
        if doc is None or int(doc.get("version", 0)) != head.version:
            doc = await self._db[CHAT_CONVERSATIONS].find_one({"session_id": session_id})
            if doc is None or int(doc.get("version", 0)) != head.version:
                return None
        messages = _messages(doc)
        if len(messages) != head.length:
            return None
        # Half a window at once: the archive is written once per window/2 messages.
        archived = min(len(messages), max(overflow, self._window // 2))
        count = head.count if head.count is not None else head.length
        start = count - head.length
        await self._db[CHAT_CONVERSATION_ARCHIVE].replace_one(
            {"session_id": session_id, "start": start},
            {
                "session_id": session_id,
                "start": start,
                "messages": messages[:archived],
                "archived_at": _now(),
            },
            upsert=True,
        )
        return archived

    # ----------------------------------------------------------------- reads
    def _remember(self, session_id: str, messages: list[dict[str, Any]]) -> None:
        known = self._recent.get(session_id)
        if known is None:
            return  # unknown history: a later read fetches it from MongoDB
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
        doc = await self._read_head(session_id)
        messages = _messages(doc)[-RECENT_MESSAGES:]
        users = (doc or {}).get("user_messages")
        if not isinstance(users, int):
            users = sum(1 for m in _messages(doc) if m.get("role") == "user")
        if users == turns:
            self._recent[session_id] = (turns, messages)
            self._recent.move_to_end(session_id)
            while len(self._recent) > max(self._cache_size, 1):
                self._recent.popitem(last=False)
        else:  # a turn still on its way to MongoDB from elsewhere: do not keep a gap
            self._recent.pop(session_id, None)
        return list(messages)

    async def _read_head(self, session_id: str) -> dict[str, Any] | None:
        in_flight = self._in_flight.get(session_id)
        if in_flight is not None:
            await asyncio.wait([in_flight], timeout=2.0)
        return await self._db[CHAT_CONVERSATIONS].find_one({"session_id": session_id}, {"_id": 0})

    async def history(self, session_id: str) -> dict[str, Any] | None:
        """The conversation document (its latest window of messages), decoded."""
        doc = await self._read_head(session_id)
        if doc is not None:
            doc["conversation"] = _messages(doc)
        return doc

    async def message_counts(self, session_ids: list[str]) -> dict[str, int]:
        """Messages per conversation (the whole conversation, archive included); a
        conversation without a document is missing from the answer."""
        if not session_ids:
            return {}
        counts: dict[str, int] = {}
        uncounted: list[str] = []
        cursor = self._db[CHAT_CONVERSATIONS].find(
            {"session_id": {"$in": session_ids}}, {"_id": 0, "session_id": 1, "message_count": 1}
        )
        async for doc in cursor:
            count = doc.get("message_count")
            if isinstance(count, int):
                counts[doc["session_id"]] = count
            else:
                uncounted.append(doc["session_id"])
        for session_id in uncounted:  # documents from before the counters: what they hold
            counts[session_id] = len(_messages(await self._read_head(session_id)))
        return counts

    async def page(
        self, session_id: str, *, before: str | None = None, limit: int = 50
    ) -> HistoryPage | None:
        """Up to ``limit`` messages just before ``before`` (default: the newest), oldest
        first. None when the conversation has no document."""
        doc = await self._read_head(session_id)
        if doc is None:
            return None
        head = _messages(doc)
        count = doc.get("message_count")
        total = count if isinstance(count, int) and count >= len(head) else len(head)
        head_start = total - len(head)
        users = doc.get("user_messages")
        if not isinstance(users, int):
            users = sum(1 for m in head if m.get("role") == "user")
        by_index = {head_start + i: m for i, m in enumerate(head)}
        end = total if before is None else await self._position(session_id, before, by_index)
        start = max(0, end - limit)
        if start < head_start:
            await self._load_archive(session_id, start, min(end, head_start), by_index)
        picked = [(i, by_index[i]) for i in range(start, end) if i in by_index]
        messages = [
            {**m, "message_id": m.get("message_id") or f"{_INDEX_CURSOR}{i}"} for i, m in picked
        ]
        has_more = start > 0
        return HistoryPage(
            messages=messages,
            has_more=has_more,
            next_before=messages[0]["message_id"] if has_more and messages else None,
            user_messages=users,
        )

    async def _position(
        self, session_id: str, message_id: str, known: dict[int, dict[str, Any]]
    ) -> int:
        if message_id.startswith(_INDEX_CURSOR) and message_id[len(_INDEX_CURSOR) :].isdigit():
            return int(message_id[len(_INDEX_CURSOR) :])
        for index, message in known.items():
            if message.get("message_id") == message_id:
                return index
        chunk = await self._db[CHAT_CONVERSATION_ARCHIVE].find_one(
            {"session_id": session_id, "messages.message_id": message_id}
        )
        for offset, message in enumerate(_messages_of(chunk)):
            if message.get("message_id") == message_id:
                return int(chunk["start"]) + offset  # type: ignore[index]
        raise UnknownMessage(message_id)

    async def _load_archive(
        self, session_id: str, start: int, end: int, into: dict[int, dict[str, Any]]
    ) -> None:
        cursor = (
            self._db[CHAT_CONVERSATION_ARCHIVE]
            .find({"session_id": session_id, "start": {"$lt": end}})
            .sort("start", -1)
        )
        async for chunk in cursor:
            first = int(chunk["start"])
            for offset, message in enumerate(_messages_of(chunk)):
                into.setdefault(first + offset, message)
            if first <= start:
                break


def _messages_of(chunk: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [_message(m) for m in (chunk or {}).get("messages") or []]


def _append_update(
    head: _Head,
    messages: list[dict[str, Any]],
    users: int,
    archived: int,
    turn: TurnRecord,
) -> dict[str, Any]:
    """One turn as update operators: the document is never sent whole."""
    keep = head.length + len(messages) - archived
    update: dict[str, Any] = {
        "$push": {"conversation": {"$each": messages, "$slice": -keep}},
        # The server's clock, as a date ($set would store a string on nx-27017).
        "$currentDate": {"updated_at": True, "last_activity": True},
        "$set": {},
        "$inc": {"version": 1},
    }
    if head.count is None:  # a document from before the counters: count what it holds
        update["$set"]["message_count"] = head.length + len(messages)
        update["$set"]["user_messages"] = head.users + users
    else:
        update["$inc"]["message_count"] = len(messages)
        update["$inc"]["user_messages"] = users
    if turn.user_id:
        update["$set"]["user_id"] = turn.user_id
    additions = {
        f"metadata.{key}": {"$each": list(values)}
        for key, values in turn.metadata.items()
        if key in METADATA_KEYS and values
    }
    if additions:
        update["$addToSet"] = additions
    if not update["$set"]:
        del update["$set"]
    return update


def _merge_metadata(doc: dict[str, Any], updates: dict[str, list[str]]) -> None:
    metadata = doc.setdefault("metadata", {})
    for key in METADATA_KEYS:
        values = list(metadata.get(key) or [])
        for value in updates.get(key, []):
            if value not in values:
                values.append(value)
        metadata[key] = values
