"""MongoDB collections of database-schema.md section 3 and their indexes (section 5.2).

Only standard driver calls are used: production runs on real MongoDB, local
development and tests on the nx-27017 wire-protocol server.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING, DESCENDING, TEXT
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure

log = logging.getLogger(__name__)

PARSED_RESUMES = "parsed_resumes"
AI_CONTENT = "ai_content"
CHAT_CONVERSATIONS = "chat_conversations"
ANALYTICS_EVENTS = "analytics_events"
CHAT_CONVERSATION_ARCHIVE = "chat_conversation_archive"
"""Older messages of long conversations, in chunks (ours: the schema's 3.3 bounded)."""
COPILOT_CONVERSATIONS = "copilot_conversations"
"""The recruiter copilot's conversations: questions, answers' sentences, metric queries."""
COLLECTIONS = (
    PARSED_RESUMES,
    AI_CONTENT,
    CHAT_CONVERSATIONS,
    CHAT_CONVERSATION_ARCHIVE,
    ANALYTICS_EVENTS,
    COPILOT_CONVERSATIONS,
)


@dataclass(frozen=True)
class IndexSpec:
    collection: str
    name: str
    keys: list[tuple[str, Any]]
    options: dict[str, Any] = field(default_factory=dict)


def index_specs(analytics_retention_days: int) -> list[IndexSpec]:
    """Every index the service relies on, with stable names so re-runs are no-ops."""
    ttl_seconds = analytics_retention_days * 24 * 3600
    return [
        # parsed_resumes: looked up by candidate, searched by text
        IndexSpec(PARSED_RESUMES, "candidate_id_1", [("candidate_id", ASCENDING)]),
        IndexSpec(PARSED_RESUMES, "resume_id_1", [("resume_id", ASCENDING)], {"unique": True}),
        IndexSpec(PARSED_RESUMES, "created_at_-1", [("created_at", DESCENDING)]),
        IndexSpec(PARSED_RESUMES, "raw_text_text", [("raw_text", TEXT)]),
        # ai_content: the editor's review queue and an entity's version history
        IndexSpec(
            AI_CONTENT,
            "content_type_1_status_1_reference_id_1",
            [("content_type", ASCENDING), ("status", ASCENDING), ("reference_id", ASCENDING)],
        ),
        IndexSpec(
            AI_CONTENT,
            "reference_id_1_version_-1",
            [("reference_id", ASCENDING), ("version", DESCENDING)],
        ),
        IndexSpec(
            AI_CONTENT,
            "status_1_updated_at_-1",
            [("status", ASCENDING), ("updated_at", DESCENDING)],
        ),
        # one number per version of a page: concurrent drafts/edits retry on the clash
        IndexSpec(
            AI_CONTENT,
            "content_type_1_reference_id_1_version_1",
            [("content_type", ASCENDING), ("reference_id", ASCENDING), ("version", ASCENDING)],
            {"unique": True},
        ),
        # publish_due: the scheduled versions whose time came
        IndexSpec(
            AI_CONTENT,
            "status_1_publish_at_1",
            [("status", ASCENDING), ("publish_at", ASCENDING)],
        ),
        IndexSpec(AI_CONTENT, "reviewer_id_1", [("reviewer_id", ASCENDING)]),
        IndexSpec(AI_CONTENT, "generated_content_text", [("generated_content", TEXT)]),
        # chat_conversations: one document per chat session; a user's recent conversations
        IndexSpec(
            CHAT_CONVERSATIONS,
            "session_id_1",
            [("session_id", ASCENDING)],
            {"unique": True},
        ),
        IndexSpec(
            CHAT_CONVERSATIONS,
            "user_id_1_last_activity_-1",
            [("user_id", ASCENDING), ("last_activity", DESCENDING)],
        ),
        IndexSpec(CHAT_CONVERSATIONS, "last_activity_-1", [("last_activity", DESCENDING)]),
        # chat_conversation_archive: a conversation's chunks by position (one per start),
        # and the chunk holding a message (history pages start from a message id)
        IndexSpec(
            CHAT_CONVERSATION_ARCHIVE,
            "session_id_1_start_1",
            [("session_id", ASCENDING), ("start", ASCENDING)],
            {"unique": True},
        ),
        IndexSpec(
            CHAT_CONVERSATION_ARCHIVE,
            "session_id_1_messages.message_id_1",
            [("session_id", ASCENDING), ("messages.message_id", ASCENDING)],
        ),
        # copilot_conversations: one per conversation id; a staff user's recent conversations
        IndexSpec(
            COPILOT_CONVERSATIONS,
            "conversation_id_1",
            [("conversation_id", ASCENDING)],
            {"unique": True},
        ),
        IndexSpec(
            COPILOT_CONVERSATIONS,
            "user_id_1_updated_at_-1",
            [("user_id", ASCENDING), ("updated_at", DESCENDING)],
        ),
        # analytics_events: per user / session / type over time; expired by TTL
        IndexSpec(
            ANALYTICS_EVENTS,
            "user_id_1_timestamp_-1",
            [("user_id", ASCENDING), ("timestamp", DESCENDING)],
        ),
        IndexSpec(
            ANALYTICS_EVENTS,
            "event_type_1_timestamp_-1",
            [("event_type", ASCENDING), ("timestamp", DESCENDING)],
        ),
        IndexSpec(ANALYTICS_EVENTS, "session_id_1", [("session_id", ASCENDING)]),
        IndexSpec(
            ANALYTICS_EVENTS,
            "timestamp_ttl",
            [("timestamp", ASCENDING)],
            {"expireAfterSeconds": ttl_seconds},
        ),
    ]


async def ensure_indexes(db: AsyncDatabase, analytics_retention_days: int) -> list[str]:
    """Create every collection and index; safe to run any number of times.

    Returns the names of the indexes that were created or replaced in this call.
    """
    existing_collections = set(await db.list_collection_names())
    changed: list[str] = []
    for name in COLLECTIONS:
        if name not in existing_collections:
            await db.create_collection(name)
    for spec in index_specs(analytics_retention_days):
        collection = db[spec.collection]
        current = await collection.index_information()
        existing = _find_existing(current, spec)
        if existing is not None:
            if _same_options(current[existing], spec.options):
                continue
            # Options changed (e.g. a new retention): replace the index.
            log.info("replacing index %s.%s", spec.collection, existing)
            await collection.drop_index(existing)
        try:
            await collection.create_index(spec.keys, name=spec.name, **spec.options)
        except OperationFailure as exc:
            raise RuntimeError(
                f"could not create index {spec.collection}.{spec.name}: {exc}"
            ) from exc
        changed.append(f"{spec.collection}.{spec.name}")
    return changed


def _find_existing(current: dict[str, dict[str, Any]], spec: IndexSpec) -> str | None:
    """The name of the index already covering `spec`'s keys, matched by key fields.

    Matching by fields rather than by name keeps this idempotent on servers that
    name indexes their own way (nx-27017 does).
    """
    if spec.keys[0][1] == TEXT:
        fields = {key for key, _ in spec.keys}
        for name, info in current.items():
            if any(key == "_fts" for key, _ in info["key"]) and fields <= set(
                info.get("weights", {})
            ):
                return name
        return None
    wanted = [key for key, _ in spec.keys]
    for name, info in current.items():
        if [key for key, _ in info["key"]] == wanted:
            return name
    return None


def _same_options(current: dict[str, Any], wanted: dict[str, Any]) -> bool:
    if "expireAfterSeconds" in wanted:
        return int(current.get("expireAfterSeconds", -1)) == int(wanted["expireAfterSeconds"])
    return bool(current.get("unique", False)) == bool(wanted.get("unique", False))
