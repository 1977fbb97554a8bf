"""Verified copilot answers kept in Redis for ``COPILOT_CACHE_TTL_S``.

A key is the normalised question, the asker and their scope, the day the answer counted
from ("this week" moves with it), the database it read, a time bucket as long as the
TTL and the jobs version: an answer is reused for at most that long, by the same user
only, and never after a sync changed jobs (the job events' cache consumer bumps the
version: data_layer/events/caches.py). Only verified
answers are put in (the caller decides: tier-1 tools or SQL that ran clean, not uncertain,
not a clarification, not a follow-up). A Redis outage only costs the reuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import msgspec
from redis.asyncio import Redis

from data_layer.events.caches import jobs_version
from data_layer.recruiting.scope import RecruiterScope

log = logging.getLogger(__name__)

KEY_PREFIX = "esa-copilot:answer:"
_version_read: ContextVar[str | None] = ContextVar("copilot_cache_version", default=None)
"""The jobs version this request's ``get`` read (each request runs in its own context)."""
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " ?!.,;:"


def normalise_question(question: str) -> str:
    """Case, spacing and trailing punctuation do not make a different question."""
    return _SPACES.sub(" ", question.lower()).strip().strip(_EDGE_PUNCTUATION).strip()


@dataclass(frozen=True)
class CachedAnswer:
    answer: dict[str, Any]
    """The CopilotAnswer as plain data."""
    state: dict[str, Any] | None
    """The engine's state after it, so a follow-up in the new conversation works."""


class AnswerCache:
    def __init__(self, redis: Redis, *, ttl_s: int, database: str) -> None:
        self._redis = redis
        self._ttl_s = ttl_s
        # Two databases on one Redis (tests, staging next to production) never share answers.
        self._database = hashlib.sha256(database.encode()).hexdigest()[:16]

    @property
    def enabled(self) -> bool:
        return self._ttl_s > 0

    def key(
        self,
        question: str,
        user_id: str,
        scope: RecruiterScope,
        today: dt.date,
        *,
        now: float,
        version: str = "0",
    ) -> str:
        bucket = int(now // self._ttl_s) if self._ttl_s else 0
        who = "admin" if scope.is_admin else f"recruiter:{scope.recruiter_id}"
        material = "\x1f".join(
            (
                self._database,
                user_id,
                who,
                today.isoformat(),
                str(bucket),
                normalise_question(question),
                version,
            )
        )
        return KEY_PREFIX + hashlib.sha256(material.encode()).hexdigest()

    async def get(
        self, question: str, user_id: str, scope: RecruiterScope, today: dt.date
    ) -> CachedAnswer | None:
        if not self.enabled:
            return None
        try:
            version = await jobs_version(self._redis)
            # put() stores the answer under this version, the one it was counted under: a
            # bump while it was being counted must not make a stale answer look fresh.
            _version_read.set(version)
            key = self.key(question, user_id, scope, today, now=time.time(), version=version)
            raw = await self._redis.get(key)
        except Exception as exc:
            log.warning("copilot cache unavailable: %s", type(exc).__name__)
            return None
        if raw is None:
            return None
        try:
            data = msgspec.json.decode(raw)
            return CachedAnswer(answer=dict(data["answer"]), state=data.get("state"))
        except (msgspec.DecodeError, KeyError, TypeError, ValueError):
            return None

    async def put(
        self,
        question: str,
        user_id: str,
        scope: RecruiterScope,
        today: dt.date,
        entry: CachedAnswer,
    ) -> None:
        if not self.enabled:
            return
        payload = msgspec.json.encode({"answer": entry.answer, "state": entry.state})
        try:
            version = _version_read.get() or await jobs_version(self._redis)
            key = self.key(question, user_id, scope, today, now=time.time(), version=version)
            await self._redis.set(key, payload, ex=self._ttl_s)
        except Exception as exc:
            log.warning("copilot cache unavailable: %s", type(exc).__name__)
