"""The editors' desk as a service: the queue, versions, diffs, edits and the review transitions.

Every function takes the Mongo database (``ai_content``) and, where a page is written or
taken down, the SQLAlchemy session factory. Bad input and transitions that are not
allowed raise :class:`ReviewRefused` (with a message for the editor); a missing page or
version raises :class:`ContentNotFound`.

Transitions (``status`` of one version):

- draft -> reviewed (approved with a future ``publish_at``) -> published
- draft -> published (approved now; the page row is written first, see publishing.py)
- draft -> changes_requested | rejected (a note is required)
- published -> unpublished (the page row deleted, a blog post archived; an FAQ article's
  passages go with its row)
- an older published version -> superseded when a newer one is published; an older
  pending version -> superseded when a newer version of the page is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy.ext.asyncio import async_sessionmaker

from data_layer.content import publishing
from data_layer.content.diffing import diff_versions
from data_layer.content.errors import ContentNotFound, ReviewRefused
from data_layer.content.gate import open_flags, run_gate
from data_layer.content.kinds import (
    ContentType,
    DraftStatus,
    EventAction,
    Source,
    faq_key,
    reference_id_for,
    slug,
)
from data_layer.content.store import (
    aware,
    collection,
    event,
    find_version,
    insert_version,
    page_filter,
    public,
    replace_version,
    update_version,
    utcnow,
)

__all__ = [
    "ContentNotFound",
    "DraftPage",
    "ReviewRefused",
    "approve",
    "create_faq_article",
    "diff_versions",
    "edit",
    "get_version",
    "history",
    "list_drafts",
    "list_versions",
    "publish_due",
    "reject",
    "request_changes",
    "unpublish",
]

NOTE_MAX = 2000
MARKDOWN_MAX = 100_000
LIST_MAX = 200
PUBLISH_DUE_BATCH = 100
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PAGE_FIELD_LIMITS: dict[str, int] = {
    "title": 500,
    "slug": 255,
    "seo_title": 255,
    "seo_description": 1024,
    "seo_keywords": 1024,
    "excerpt": 2000,
}
"""The page fields an editor may change (the columns' sizes)."""


@dataclass
class DraftPage:
    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0


# --- validation


def _content_type(value: ContentType | str) -> ContentType:
    try:
        return ContentType(value)
    except ValueError:
        raise ReviewRefused(f"unknown content type '{value}'") from None


def _note(note: str | None, *, required: bool, what: str = "a note") -> str | None:
    text = (note or "").strip()
    if required and not text:
        raise ReviewRefused(f"{what} is required")
    if len(text) > NOTE_MAX:
        raise ReviewRefused(f"{what} may be at most {NOTE_MAX} characters")
    return text or None


def _page_fields(fields: dict[str, Any] | None) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for name, value in (fields or {}).items():
        if name not in PAGE_FIELD_LIMITS:
            raise ReviewRefused(f"'{name}' is not a page field an editor can change")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ReviewRefused(f"'{name}' must be text")
        value = " ".join(value.split()) if name != "excerpt" else value.strip()
        if len(value) > PAGE_FIELD_LIMITS[name]:
            raise ReviewRefused(f"'{name}' may be at most {PAGE_FIELD_LIMITS[name]} characters")
        if name in {"title", "slug"} and not value:
            raise ReviewRefused(f"'{name}' must not be empty")
        if name == "slug" and not SLUG.fullmatch(value):
            raise ReviewRefused("a slug is lowercase letters and digits joined by single hyphens")
        cleaned[name] = value
    return cleaned


def _version_number(version: Any) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ReviewRefused("a version is a positive whole number")
    return version


# --- reading


def _summary(doc: dict[str, Any]) -> dict[str, Any]:
    page = doc.get("page") or {}
    gate = doc.get("gate") or {}
    return {
        "content_type": doc["content_type"],
        "reference_id": doc["reference_id"],
        "version": doc["version"],
        "status": doc["status"],
        "title": page.get("title"),
        "slug": page.get("slug"),
        "flags_count": int(gate.get("open_flags") or 0),
        "errors_count": int(gate.get("open_errors") or 0),
        "gate_passed": bool(gate.get("passed")),
        "source": doc.get("source"),
        "created_at": aware(doc.get("created_at")),
        "updated_at": aware(doc.get("updated_at")),
        "publish_at": aware(doc.get("publish_at")),
    }


async def list_drafts(
    db: AsyncDatabase,
    *,
    content_type: ContentType | str | None = None,
    status: DraftStatus | str | None = None,
    flagged: bool | None = None,
    older_than_days: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> DraftPage:
    """The review queue, oldest first.

    ``status`` None = every status but superseded; ``flagged`` = has gate errors not
    overridden (warnings alone hold nothing up); ``older_than_days`` = created before.
    """
    if not 1 <= limit <= LIST_MAX or offset < 0:
        raise ReviewRefused(f"limit is 1-{LIST_MAX} and offset at least 0")
    query: dict[str, Any] = {}
    if content_type is not None:
        query["content_type"] = _content_type(content_type).value
    if status is not None:
        try:
            query["status"] = DraftStatus(status).value
        except ValueError:
            raise ReviewRefused(f"unknown status '{status}'") from None
    else:
        query["status"] = {"$ne": DraftStatus.SUPERSEDED.value}
    if flagged is True:
        query["gate.open_errors"] = {"$gt": 0}
    elif flagged is False:
        query["gate.open_errors"] = 0
    if older_than_days is not None:
        if older_than_days < 0:
            raise ReviewRefused("older_than_days is at least 0")
        query["created_at"] = {"$lte": utcnow() - dt.timedelta(days=older_than_days)}
    coll = collection(db)
    total = await coll.count_documents(query)
    cursor = (
        coll.find(
            query,
            projection={
                "content_type": 1,
                "reference_id": 1,
                "version": 1,
                "status": 1,
                # whole sub-documents: nx-27017 (development) ignores dotted projections
                "page": 1,
                "gate": 1,
                "source": 1,
                "created_at": 1,
                "updated_at": 1,
                "publish_at": 1,
            },
        )
        .sort([("created_at", ASCENDING), ("reference_id", ASCENDING), ("version", ASCENDING)])
        .skip(offset)
        .limit(limit)
    )
    return DraftPage(items=[_summary(doc) async for doc in cursor], total=total)


async def get_version(
    db: AsyncDatabase,
    content_type: ContentType | str,
    reference_id: str,
    version: int | None = None,
) -> dict[str, Any]:
    """One version of a page (None = the latest), as stored (without Mongo's ``_id``)."""
    kind = _content_type(content_type)
    if version is not None:
        version = _version_number(version)
    return public(await find_version(db, kind, str(reference_id), version))


async def list_versions(
    db: AsyncDatabase, content_type: ContentType | str, reference_id: str
) -> list[dict[str, Any]]:
    """Every version of a page, oldest first (empty list: no such page)."""
    kind = _content_type(content_type)
    cursor = collection(db).find(page_filter(kind, str(reference_id))).sort("version", ASCENDING)
    return [public(doc) async for doc in cursor]


async def history(
    db: AsyncDatabase, content_type: ContentType | str, reference_id: str
) -> list[dict[str, Any]]:
    """Who did what to the page, over all its versions, oldest first."""
    events = [
        {**e, "version": doc["version"]}
        for doc in await list_versions(db, content_type, reference_id)
        for e in doc.get("events", [])
    ]
    return sorted(events, key=lambda e: (e["at"], e["version"]))


# --- editing


async def edit(
    db: AsyncDatabase,
    content_type: ContentType | str,
    reference_id: str,
    *,
    base_version: int,
    markdown: str,
    page_fields: dict[str, Any] | None,
    editor_id: str,
) -> dict[str, Any]:
    """An editor's rewrite as a new version (status draft), gate re-run.

    ``base_version`` must be the latest version: an edit of an older one would throw
    away whatever was saved since without anyone seeing it.
    """
    kind = _content_type(content_type)
    base_version = _version_number(base_version)
    if not isinstance(markdown, str) or not markdown.strip():
        raise ReviewRefused("the page text must not be empty")
    if len(markdown) > MARKDOWN_MAX:
        raise ReviewRefused(f"the page text may be at most {MARKDOWN_MAX} characters")
    fields = _page_fields(page_fields)
    base = await find_version(db, kind, str(reference_id), base_version)
    latest = await find_version(db, kind, str(reference_id), None)
    if latest["version"] != base_version:
        raise ReviewRefused(
            f"version {latest['version']} is newer than version {base_version}; edit the latest"
        )
    page = {**(base.get("page") or {}), **fields}
    snapshot = base.get("snapshot") or {}
    gate, minhash = await run_gate(
        db,
        content_type=kind.value,
        reference_id=str(reference_id),
        markdown=markdown,
        page=page,
        snapshot=snapshot,
    )
    now = utcnow()
    doc = {
        "content_type": kind.value,
        "reference_id": str(reference_id),
        "original_prompt": base.get("original_prompt") or "",
        "generated_content": markdown,
        "metadata": {
            "model": "editor",
            "parameters": {"based_on_version": base_version},
            "generation_time": 0.0,
        },
        "status": DraftStatus.DRAFT.value,
        "reviewer_id": None,
        "review_notes": None,
        "created_at": now,
        "updated_at": now,
        "page": page,
        "snapshot": snapshot,
        "snapshot_hash": base.get("snapshot_hash"),
        "gate": gate,
        "minhash": minhash,
        "source": Source.EDITOR.value,
        "author_id": str(editor_id),
        "based_on_version": base_version,
        "events": [event(EventAction.EDITED, str(editor_id), at=now)],
        "publish_at": None,
        "published_at": None,
    }
    return public(await insert_version(db, doc, expected_version=base_version + 1))


# --- FAQ articles: written by editors, never drafted


FAQ_KEY_MAX = 120
FAQ_TOPIC = re.compile(r"^[a-z0-9_]{1,64}$")


async def create_faq_article(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    *,
    language: str,
    article_key: str,
    markdown: str,
    page_fields: dict[str, Any],
    editor_id: str,
    topic: str | None = None,
) -> dict[str, Any]:
    """A new FAQ article (version 1, status draft), written by an editor.

    FAQ articles state the agency's policies, so no worker or model drafts them: they
    begin here, then change through :func:`edit` and go live through :func:`approve`
    like every page. ``article_key`` names the article across languages (the Spanish
    translation of ``pay-packages`` is ``pay-packages`` in ``es``); ``page_fields`` are
    the editable page fields (a title at least; the slug defaults to the title's).
    """
    language = (language or "").strip().lower()
    if language not in publishing.FAQ_LANGUAGES:
        raise ReviewRefused(f"language is one of {', '.join(sorted(publishing.FAQ_LANGUAGES))}")
    key = slug(article_key or "")
    if not key or len(key) > FAQ_KEY_MAX:
        raise ReviewRefused(
            f"an article key is 1-{FAQ_KEY_MAX} letters, digits and hyphens (e.g. pay-packages)"
        )
    topic_value = (topic or "").strip().lower() or key.replace("-", "_")[:64]
    if not FAQ_TOPIC.fullmatch(topic_value):
        raise ReviewRefused("a topic is lowercase letters, digits and underscores")
    if not isinstance(markdown, str) or not markdown.strip():
        raise ReviewRefused("the page text must not be empty")
    if len(markdown) > MARKDOWN_MAX:
        raise ReviewRefused(f"the page text may be at most {MARKDOWN_MAX} characters")
    given = dict(page_fields or {})
    if not given.get("slug") and isinstance(given.get("title"), str):
        given["slug"] = slug(given["title"])[:120].strip("-")
    fields = _page_fields(given)
    if "title" not in fields:
        raise ReviewRefused("'title' must not be empty")
    reference_id = reference_id_for(ContentType.FAQ_ARTICLE, faq_key(key, language))
    if await collection(db).find_one(
        page_filter(ContentType.FAQ_ARTICLE, reference_id), projection={"_id": 1}
    ):
        raise ReviewRefused(
            f"the {language} FAQ article '{key}' already exists; edit its latest version"
        )
    if await publishing.slug_taken(
        session_factory, ContentType.FAQ_ARTICLE, reference_id, fields["slug"]
    ):
        raise ReviewRefused(f"slug '{fields['slug']}' is already used by another page")
    page = {**fields, "article_key": key, "language": language, "topic": topic_value}
    gate, minhash = await run_gate(
        db,
        content_type=ContentType.FAQ_ARTICLE.value,
        reference_id=reference_id,
        markdown=markdown,
        page=page,
        snapshot={},
    )
    now = utcnow()
    doc = {
        "content_type": ContentType.FAQ_ARTICLE.value,
        "reference_id": reference_id,
        "original_prompt": "",
        "generated_content": markdown,
        "metadata": {"model": "editor", "parameters": {}, "generation_time": 0.0},
        "status": DraftStatus.DRAFT.value,
        "reviewer_id": None,
        "review_notes": None,
        "created_at": now,
        "updated_at": now,
        "page": page,
        "snapshot": {},
        "snapshot_hash": None,
        "gate": gate,
        "minhash": minhash,
        "source": Source.EDITOR.value,
        "author_id": str(editor_id),
        "based_on_version": None,
        "events": [event(EventAction.EDITED, str(editor_id), "new FAQ article", at=now)],
        "publish_at": None,
        "published_at": None,
    }
    try:
        return public(await insert_version(db, doc, expected_version=1))
    except ReviewRefused:
        raise ReviewRefused(
            f"the {language} FAQ article '{key}' already exists; edit its latest version"
        ) from None


# --- review transitions


async def _set_status(
    db: AsyncDatabase,
    doc: dict[str, Any],
    expected: set[str],
    values: dict[str, Any],
    events: list[dict[str, Any]],
) -> dict[str, Any]:
    """Compare-and-set on the version: a concurrent transition makes this refuse."""
    updated = None
    if doc["status"] in expected:
        updated = await replace_version(db, doc, values, events)
    if updated is None:
        raise ReviewRefused(f"version {doc['version']} changed meanwhile; reload it")
    return updated


def _reviewable(doc: dict[str, Any], action: str, allowed: set[str]) -> None:
    if doc["status"] not in allowed:
        raise ReviewRefused(
            f"version {doc['version']} is {doc['status'].replace('_', ' ')}; it cannot be {action}"
        )


async def request_changes(
    db: AsyncDatabase,
    content_type: ContentType | str,
    reference_id: str,
    version: int,
    *,
    reviewer_id: str,
    note: str,
) -> dict[str, Any]:
    text = _note(note, required=True, what="a note saying what to change")
    doc = await find_version(db, _content_type(content_type), str(reference_id), version)
    _reviewable(doc, "sent back", {DraftStatus.DRAFT.value})
    updated = await _set_status(
        db,
        doc,
        {DraftStatus.DRAFT.value},
        {
            "status": DraftStatus.CHANGES_REQUESTED.value,
            "reviewer_id": str(reviewer_id),
            "review_notes": text,
        },
        [event(EventAction.CHANGES_REQUESTED, str(reviewer_id), text)],
    )
    return public(updated)


async def reject(
    db: AsyncDatabase,
    content_type: ContentType | str,
    reference_id: str,
    version: int,
    *,
    reviewer_id: str,
    note: str,
) -> dict[str, Any]:
    text = _note(note, required=True, what="a note saying why")
    doc = await find_version(db, _content_type(content_type), str(reference_id), version)
    allowed = {DraftStatus.DRAFT.value, DraftStatus.CHANGES_REQUESTED.value}
    _reviewable(doc, "rejected", allowed)
    updated = await _set_status(
        db,
        doc,
        allowed,
        {
            "status": DraftStatus.REJECTED.value,
            "reviewer_id": str(reviewer_id),
            "review_notes": text,
        },
        [event(EventAction.REJECTED, str(reviewer_id), text)],
    )
    return public(updated)


def _unless(
    expected: DraftStatus, new: DraftStatus
) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
    def change(current: dict[str, Any]) -> dict[str, Any] | None:
        return {"status": new.value} if current.get("status") == expected.value else None

    return change


def _overridden(flags: list[dict[str, Any]], note: str) -> list[dict[str, Any]]:
    return [
        {**f, "overridden": True, "override_note": note}
        if f.get("severity") == "error" and not f.get("overridden")
        else f
        for f in flags
    ]


async def approve(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    content_type: ContentType | str,
    reference_id: str,
    version: int,
    *,
    reviewer_id: str,
    publish_at: dt.datetime | None = None,
    override_note: str | None = None,
) -> dict[str, Any]:
    """Approve a version: publish it now, or schedule it (``publish_at`` in the future).

    Refused while the gate has error flags that are not overridden, unless
    ``override_note`` says why they may stand (they are then marked overridden).
    Approving a version cancels any other version of the page scheduled before it.
    """
    kind = _content_type(content_type)
    version = _version_number(version)
    note = _note(override_note, required=False, what="the override note")
    if publish_at is not None and publish_at.tzinfo is None:
        raise ReviewRefused("publish_at needs a time zone (e.g. 2030-01-01T09:00:00Z)")
    doc = await find_version(db, kind, str(reference_id), version)
    allowed = {DraftStatus.DRAFT.value, DraftStatus.REVIEWED.value}
    _reviewable(doc, "approved", allowed)
    gate = doc.get("gate") or {}
    flags = list(gate.get("flags") or [])
    errors = open_flags(flags, "error")
    if errors and note is None:
        listed = "; ".join(f["message"] for f in errors[:3])
        raise ReviewRefused(
            f"the quality gate has {len(errors)} unresolved error(s) ({listed}); "
            "edit the draft or override them with a note"
        )
    page = doc.get("page") or {}
    if not SLUG.fullmatch(str(page.get("slug") or "")) or not str(page.get("title") or ""):
        raise ReviewRefused("the page needs a title and a valid slug before it is approved")
    if await publishing.slug_taken(session_factory, kind, str(reference_id), page["slug"]):
        raise ReviewRefused(f"slug '{page['slug']}' is already used by another page")
    now = utcnow()
    events = [event(EventAction.APPROVED, str(reviewer_id), note, at=now)]
    values: dict[str, Any] = {"status": DraftStatus.REVIEWED.value, "reviewer_id": str(reviewer_id)}
    if errors:
        resolved = _overridden(flags, note or "")
        values["gate"] = {
            **gate,
            "flags": resolved,
            "passed": True,
            "open_errors": 0,
            "open_flags": len(open_flags(resolved)),
        }
        events.append(event(EventAction.OVERRIDDEN, str(reviewer_id), note, at=now))
    scheduled = publish_at is not None and publish_at > now
    values["publish_at"] = publish_at if scheduled else now
    if scheduled:
        events.append(
            event(
                EventAction.SCHEDULED,
                str(reviewer_id),
                f"publish at {publish_at:%Y-%m-%d %H:%M %Z}",
                at=now,
            )
        )
    updated = await _set_status(db, doc, allowed, values, events)
    # An earlier schedule of another version would otherwise overwrite this one later.
    others = collection(db).find(
        {
            **page_filter(kind, str(reference_id)),
            "status": DraftStatus.REVIEWED.value,
            "_id": {"$ne": doc["_id"]},
        },
        projection={"_id": 1},
    )
    for other in [o async for o in others]:
        await update_version(
            db, other["_id"], _unless(DraftStatus.REVIEWED, DraftStatus.SUPERSEDED)
        )
    if scheduled:
        return public(updated)
    return public(await _publish(db, session_factory, updated, actor_id=str(reviewer_id)))


async def _publish(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    doc: dict[str, Any],
    *,
    actor_id: str | None,
) -> dict[str, Any]:
    """Write the page row, then mark the version published (see publishing.py for why)."""
    try:
        stamp, html = await publishing.write_page(
            session_factory, doc, reviewer_id=doc.get("reviewer_id")
        )
    except ReviewRefused as refused:
        reason = refused.message
        # The row could not be written (e.g. a slug taken meanwhile): the version goes back
        # to the editors with the reason, as if a reviewer had asked for that change.
        await update_version(
            db,
            doc["_id"],
            lambda current: (
                {
                    "status": DraftStatus.CHANGES_REQUESTED.value,
                    "publish_at": None,
                    "review_notes": reason,
                }
                if current.get("status") == DraftStatus.REVIEWED.value
                else None
            ),
            lambda _: [event(EventAction.CHANGES_REQUESTED, actor_id, reason)],
        )
        raise
    await publishing.mark_published(db, doc, stamp=stamp, html=html, actor_id=actor_id)
    return await find_version(db, doc["content_type"], doc["reference_id"], doc["version"])


async def unpublish(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    content_type: ContentType | str,
    reference_id: str,
    *,
    reviewer_id: str,
    note: str | None = None,
) -> dict[str, Any]:
    """Take the page down (row deleted; a blog post archived) and cancel its schedule.

    Returns the version that was live (now ``unpublished``), or the cancelled scheduled one.
    """
    kind = _content_type(content_type)
    text = _note(note, required=False)
    same_page = page_filter(kind, str(reference_id))
    live = await collection(db).find_one(
        {**same_page, "status": {"$in": [DraftStatus.PUBLISHED.value, DraftStatus.REVIEWED.value]}},
        sort=[("status", ASCENDING), ("version", -1)],  # "published" sorts before "reviewed"
    )
    if live is None:
        if await collection(db).find_one(same_page, projection={"_id": 1}) is None:
            raise ContentNotFound(f"no {kind.value} {reference_id}")
        raise ReviewRefused("the page is not published or scheduled")
    await publishing.remove_page(session_factory, kind, str(reference_id))
    down = {DraftStatus.PUBLISHED.value, DraftStatus.REVIEWED.value}
    affected = collection(db).find(
        {**same_page, "status": {"$in": sorted(down)}}, projection={"_id": 1}
    )
    for other in [o async for o in affected]:
        await update_version(
            db,
            other["_id"],
            lambda current: (
                {"status": DraftStatus.UNPUBLISHED.value} if current.get("status") in down else None
            ),
            lambda _: [event(EventAction.UNPUBLISHED, str(reviewer_id), text)],
        )
    return public(await find_version(db, kind, str(reference_id), live["version"]))


async def publish_due(
    db: AsyncDatabase, session_factory: async_sessionmaker, now: dt.datetime
) -> int:
    """Publish every approved version whose time came (the beat task runs this each minute).

    Also completes a publish that crashed between writing the row and marking the version.
    Returns how many versions went live.
    """
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    cursor = (
        collection(db)
        .find({"status": DraftStatus.REVIEWED.value, "publish_at": {"$lte": now}})
        .sort("publish_at", ASCENDING)
        .limit(PUBLISH_DUE_BATCH)
    )
    published = 0
    for doc in [d async for d in cursor]:
        try:
            await _publish(db, session_factory, doc, actor_id=None)
        except ReviewRefused:
            continue  # sent back to the queue with the reason in its history
        published += 1
    return published
