"""Saving a drafted page as a new ``ai_content`` version, gate included.

:func:`save_draft` is the one way a writer's or the model's text becomes a version;
:func:`draft_page` (below, added with the writers) decides the facts and the engine.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.metrics import CONTENT_GATE
from config.tracing import span
from data_layer.content.gate import run_gate
from data_layer.content.kinds import ContentType, DraftStatus, EventAction, Source
from data_layer.content.snapshots import build_snapshot, material_hash
from data_layer.content.store import (
    collection,
    event,
    insert_version,
    page_filter,
    public,
    utcnow,
)
from data_layer.content.targets import Target
from data_layer.content.writer import PROMPT, WRITER_VERSION, write_page

Engine = Literal["writer", "llm"]


@dataclass(frozen=True, slots=True)
class Written:
    """A page body and its fields, from whichever engine wrote it."""

    markdown: str
    page: dict[str, Any]
    prompt: str
    model: str
    parameters: dict[str, Any] = field(default_factory=dict)
    source: Source = Source.WRITER


class ContentModel(Protocol):
    """The model engine (workers/content/llm.py): a draft, or None and why not."""

    async def write(
        self, target: Target, snapshot: dict[str, Any]
    ) -> tuple[Written | None, str | None]: ...


async def save_draft(
    db: AsyncDatabase,
    *,
    content_type: ContentType,
    reference_id: str,
    markdown: str,
    page: dict[str, Any],
    snapshot: dict[str, Any],
    snapshot_hash: str,
    source: Source,
    prompt: str,
    metadata: dict[str, Any],
) -> dict[str, Any]:
    """Gate ``markdown`` and store it as the page's next version (status draft)."""
    with span("content.gate", attributes={"content.type": content_type.value}) as gate_span:
        gate, minhash = await run_gate(
            db,
            content_type=content_type.value,
            reference_id=reference_id,
            markdown=markdown,
            page=page,
            snapshot=snapshot,
        )
        outcome = "passed" if gate.get("passed") else "failed"
        gate_span.set_attribute("content.gate.outcome", outcome)
    CONTENT_GATE.labels(content_type.value, outcome).inc()
    now = utcnow()
    doc = {
        "content_type": content_type.value,
        "reference_id": reference_id,
        "original_prompt": prompt,
        "generated_content": markdown,
        "metadata": metadata,
        "status": DraftStatus.DRAFT.value,
        "reviewer_id": None,
        "review_notes": None,
        "created_at": now,
        "updated_at": now,
        "page": page,
        "snapshot": snapshot,
        "snapshot_hash": snapshot_hash,
        "gate": gate,
        "minhash": minhash,
        "source": source.value,
        "author_id": None,
        "based_on_version": None,
        "events": [event(EventAction.DRAFTED, None, f"{source.value}: {metadata.get('model')}")],
        "publish_at": None,
        "published_at": None,
    }
    return public(await insert_version(db, doc))


@dataclass(frozen=True, slots=True)
class DraftOutcome:
    status: str
    """``drafted`` | ``unchanged`` (facts as in the latest version) | ``pending`` (a version
    waits for review or is scheduled) | ``no_facts`` (nothing public to write about)."""
    target: Target
    doc: dict[str, Any] | None = None
    engine: str | None = None
    fallback: str | None = None
    """Why the model's draft was not used (the deterministic writer's was), if it wasn't."""


HOLDING = frozenset(
    {DraftStatus.DRAFT.value, DraftStatus.CHANGES_REQUESTED.value, DraftStatus.REVIEWED.value}
)


async def draft_page(
    db: AsyncDatabase,
    session_factory: async_sessionmaker,
    target: Target,
    *,
    engine: Engine = "writer",
    model: ContentModel | None = None,
    force: bool = False,
    now: dt.datetime | None = None,
) -> DraftOutcome:
    """Snapshot the facts, write the page (model or writer), gate it and save a version.

    Without ``force`` nothing is written while a version of the page waits for review
    or is scheduled, nor when the facts did not change materially since the latest one.
    """
    async with session_factory() as session:
        snapshot = await build_snapshot(session, target, now=now)
    if snapshot is None:
        return DraftOutcome("no_facts", target)
    snapshot_hash = material_hash(snapshot)
    if not force:
        latest = await collection(db).find_one(
            page_filter(target.content_type, target.reference_id),
            projection={"status": 1, "snapshot_hash": 1},
            sort=[("version", DESCENDING)],
        )
        if latest is not None and latest["status"] in HOLDING:
            return DraftOutcome("pending", target)
        if latest is not None and latest.get("snapshot_hash") == snapshot_hash:
            return DraftOutcome("unchanged", target)
    started = time.perf_counter()
    fallback: str | None = None
    written: Written | None = None
    if engine == "llm":
        if model is None:
            fallback = "no model is configured"
        else:
            written, fallback = await model.write(target, snapshot)
    if written is None:
        page = write_page(target.content_type, target.key, snapshot)
        written = Written(
            markdown=page.markdown,
            page=page.page,
            prompt=PROMPT,
            model="deterministic",
            parameters={"writer_version": WRITER_VERSION},
            source=Source.WRITER,
        )
    parameters = dict(written.parameters)
    if fallback:
        parameters["fallback"] = fallback
    doc = await save_draft(
        db,
        content_type=target.content_type,
        reference_id=target.reference_id,
        markdown=written.markdown,
        page=written.page,
        snapshot=snapshot,
        snapshot_hash=snapshot_hash,
        source=written.source,
        prompt=written.prompt,
        metadata={
            "model": written.model,
            "parameters": parameters,
            "generation_time": round(time.perf_counter() - started, 4),
        },
    )
    return DraftOutcome("drafted", target, doc, written.source.value, fallback)
