"""``ai_content`` documents: one per version of a page, numbered 1, 2, ... per page.

Version numbers are assigned by reading the latest and inserting the next under the
unique index (content_type, reference_id, version): two writers racing for the same
number make one of them fail with a duplicate key, and it retries with the next one.

A version document is changed only by replacing it whole, guarded by its ``rev``
counter (optimistic locking): a concurrent change makes the replace match nothing and
the caller re-reads. Whole-document writes also keep dates and booleans typed on every
server (the nx-27017 wire server of development stores ``$set`` dates as strings and
``$push``-ed sub-documents as JSON text, which later date queries would not match).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bson import json_util
from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from data_layer.content.errors import ContentNotFound, ReviewRefused
from data_layer.content.kinds import PENDING, ContentType, DraftStatus, EventAction
from data_layer.db.mongo import AI_CONTENT

VERSION_RETRIES = 20
_indexed: set[tuple[int, str]] = set()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """Mongo clients without ``tz_aware`` hand back naive UTC datetimes."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def collection(db: AsyncDatabase) -> AsyncCollection:
    return db[AI_CONTENT]


async def ensure_version_index(db: AsyncDatabase) -> None:
    """The unique version index, once per process and database (``migrate`` makes it too;
    this keeps numbering safe on a database that was never migrated, e.g. a test's)."""
    key = (id(db.client), db.name)
    if key in _indexed:
        return
    await collection(db).create_index(
        [("content_type", ASCENDING), ("reference_id", ASCENDING), ("version", ASCENDING)],
        name="content_type_1_reference_id_1_version_1",
        unique=True,
    )
    _indexed.add(key)


def event(
    action: EventAction,
    actor_id: str | None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    return {"at": at or utcnow(), "actor_id": actor_id, "action": action.value, "note": note}


def page_filter(content_type: ContentType | str, reference_id: str) -> dict[str, Any]:
    return {"content_type": ContentType(content_type).value, "reference_id": str(reference_id)}


async def latest_version(db: AsyncDatabase, content_type: ContentType, reference_id: str) -> int:
    found = await collection(db).find_one(
        page_filter(content_type, reference_id),
        projection={"version": 1},
        sort=[("version", DESCENDING)],
    )
    return int(found["version"]) if found else 0


async def find_version(
    db: AsyncDatabase, content_type: ContentType | str, reference_id: str, version: int | None
) -> dict[str, Any]:
    """One version (the latest when ``version`` is None), raw (with ``_id``)."""
    query = page_filter(content_type, reference_id)
    if version is not None:
        query["version"] = int(version)
    found = await collection(db).find_one(query, sort=[("version", DESCENDING)])
    if found is None:
        raise ContentNotFound(
            f"no {ContentType(content_type).value} {reference_id}"
            + (f" version {version}" if version is not None else "")
        )
    return found


async def insert_version(
    db: AsyncDatabase, doc: dict[str, Any], *, expected_version: int | None = None
) -> dict[str, Any]:
    """Store ``doc`` as the page's next version and return it (with its number).

    ``expected_version``: the number this version must get (an edit of the latest
    version); if someone saved another version first, the edit is refused instead
    of silently landing on top of work its author never saw. Older pending versions
    (draft, changes requested) become superseded: the queue only offers the newest.
    """
    await ensure_version_index(db)
    content_type, reference_id = doc["content_type"], doc["reference_id"]
    for _ in range(VERSION_RETRIES):
        version = (
            expected_version
            if expected_version is not None
            else await latest_version(db, content_type, reference_id) + 1
        )
        candidate = {**doc, "version": version, "rev": 1}
        candidate.pop("_id", None)
        try:
            result = await collection(db).insert_one(candidate)
        except DuplicateKeyError:
            if expected_version is not None:
                raise ReviewRefused(
                    f"version {expected_version} was saved by someone else meanwhile; "
                    "reload the latest version and edit that"
                ) from None
            continue
        candidate["_id"] = result.inserted_id
        older = collection(db).find(
            {
                **page_filter(content_type, reference_id),
                "version": {"$lt": version},
                "status": {"$in": [s.value for s in PENDING]},
            }
        )
        for stale in [d async for d in older]:
            await update_version(db, stale["_id"], _supersede_pending)
        return candidate
    raise RuntimeError(f"no free version number for {content_type} {reference_id}")


def _supersede_pending(doc: dict[str, Any]) -> dict[str, Any] | None:
    if doc.get("status") not in {s.value for s in PENDING}:
        return None
    return {"status": DraftStatus.SUPERSEDED.value}


async def replace_version(
    db: AsyncDatabase,
    doc: dict[str, Any],
    changes: dict[str, Any],
    events: list[dict[str, Any]] | None = None,
) -> dict[str, Any] | None:
    """``doc`` with ``changes`` and ``events`` appended, written if nobody changed it since
    it was read (same ``rev``); returns the new document, or None after a concurrent change."""
    now = utcnow()
    new = {
        **doc,
        **changes,
        "events": [*(decoded_events(doc)), *(events or [])],
        "rev": int(doc.get("rev") or 0) + 1,
        "updated_at": now,
    }
    result = await collection(db).replace_one({"_id": doc["_id"], "rev": doc.get("rev")}, new)
    return new if result.matched_count == 1 else None


async def update_version(
    db: AsyncDatabase,
    doc_id: Any,
    change: Callable[[dict[str, Any]], dict[str, Any] | None],
    events: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None,
    retries: int = 10,
) -> dict[str, Any] | None:
    """Re-read, decide (``change`` returns the changes, or None for "nothing to do") and
    replace, until no concurrent change interferes. Returns the document as it ends up."""
    for _ in range(retries):
        doc = await collection(db).find_one({"_id": doc_id})
        if doc is None:
            return None
        changes = change(doc)
        if changes is None:
            return doc
        written = await replace_version(db, doc, changes, events(doc) if events else None)
        if written is not None:
            return written
    raise RuntimeError("a content version kept changing under an update; giving up")


def decoded_events(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The version's history, with any entry a server kept as JSON text decoded."""
    return [json_util.loads(e) if isinstance(e, str) else dict(e) for e in doc.get("events") or []]


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """A document as the service hands it out: without Mongo's ``_id``, datetimes in UTC."""
    out = {key: value for key, value in doc.items() if key != "_id"}
    for key in ("created_at", "updated_at", "publish_at", "published_at"):
        if isinstance(out.get(key), dt.datetime):
            out[key] = aware(out[key])
    out["events"] = [
        {**e, "at": aware(e["at"]) if isinstance(e.get("at"), dt.datetime) else e.get("at")}
        for e in decoded_events(doc)
    ]
    gate = out.get("gate")
    if isinstance(gate, dict) and "passed" in gate:
        out["gate"] = {**gate, "passed": bool(gate["passed"])}
    out.pop("rev", None)
    out.pop("minhash", None)  # the gate's signature of the text: internal
    return out
