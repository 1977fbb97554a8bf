"""Saving a drafted page as a new ``ai_content`` version, gate included.

:func:`save_draft` is the one way a writer's or the model's text becomes a version;
:func:`draft_page` (below, added with the writers) decides the facts and the engine.
"""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from data_layer.content.gate import run_gate
from data_layer.content.kinds import ContentType, DraftStatus, EventAction, Source
from data_layer.content.store import event, insert_version, public, utcnow


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
    gate = await run_gate(
        db,
        content_type=content_type.value,
        reference_id=reference_id,
        markdown=markdown,
        page=page,
        snapshot=snapshot,
    )
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
        "source": source.value,
        "author_id": None,
        "based_on_version": None,
        "events": [event(EventAction.DRAFTED, None, f"{source.value}: {metadata.get('model')}")],
        "publish_at": None,
        "published_at": None,
    }
    return public(await insert_version(db, doc))
