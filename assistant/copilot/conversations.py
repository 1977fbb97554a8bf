"""Copilot conversations in MongoDB (``copilot_conversations``): one document per conversation.

A document belongs to the staff user who started it (``user_id``); every read is by
``conversation_id`` *and* ``user_id``, so another user's id reads as "not found". It keeps
what a follow-up needs (the engine's state: the last metric query, the ids of the rows
it showed, a pending clarification) and, per message, the question, the answer's
sentence and the metric query. Table rows (names, contacts) are never stored: they go to
the browser only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from bson import json_util
from pymongo.asynchronous.database import AsyncDatabase

from data_layer.db.mongo import COPILOT_CONVERSATIONS

MAX_MESSAGES = 200
"""Messages kept per conversation (the oldest drop off): a follow-up needs only the last."""


@dataclass(frozen=True)
class StoredConversation:
    conversation_id: str
    user_id: str
    state: dict[str, Any] | None
    """The engine's state after the last answer, as plain data (None: nothing to follow)."""
    questions: list[str]
    """The questions asked so far, oldest first."""


_JSON = json_util.JSONOptions(tz_aware=True)


def new_conversation_id() -> str:
    return secrets.token_hex(16)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _message(raw: Any) -> dict[str, Any]:
    # The embedded nx-27017 server keeps $push-ed sub-documents as Extended JSON text.
    if isinstance(raw, str):
        decoded: dict[str, Any] = json_util.loads(raw, json_options=_JSON)
        return decoded
    return dict(raw)


class CopilotConversations:
    def __init__(self, db: AsyncDatabase) -> None:
        self._collection = db[COPILOT_CONVERSATIONS]

    async def load(self, conversation_id: str, user_id: str) -> StoredConversation | None:
        """The conversation if it exists and is ``user_id``'s; None otherwise (the same
        answer either way, so an id reveals nothing about other people's conversations)."""
        doc = await self._collection.find_one(
            {"conversation_id": conversation_id, "user_id": user_id},
            {"_id": 0, "conversation_id": 1, "user_id": 1, "state": 1, "messages": 1},
        )
        if doc is None:
            return None
        state = doc.get("state")
        if isinstance(state, str):
            state = json_util.loads(state, json_options=_JSON)
        return StoredConversation(
            conversation_id=str(doc["conversation_id"]),
            user_id=str(doc["user_id"]),
            state=state if isinstance(state, dict) else None,
            questions=[str(_message(m).get("question", "")) for m in doc.get("messages") or []],
        )

    async def record(
        self,
        conversation_id: str,
        user_id: str,
        *,
        message: dict[str, Any],
        state: dict[str, Any] | None,
    ) -> None:
        """Append one answered question (creating the conversation on its first)."""
        now = _utcnow()
        await self._collection.update_one(
            {"conversation_id": conversation_id, "user_id": user_id},
            {
                "$setOnInsert": {"created_at": now},
                # The server's clock as a date ($set would store text on nx-27017).
                "$currentDate": {"updated_at": True},
                "$set": {"state": state},
                "$push": {"messages": {"$each": [{**message, "at": now}], "$slice": -MAX_MESSAGES}},
            },
            upsert=True,
        )

    async def messages(self, conversation_id: str, user_id: str) -> list[dict[str, Any]] | None:
        """The stored messages of the user's conversation, oldest first (None: not theirs)."""
        doc = await self._collection.find_one(
            {"conversation_id": conversation_id, "user_id": user_id},
            {"_id": 0, "messages": 1},
        )
        if doc is None:
            return None
        return [_message(m) for m in doc.get("messages") or []]
