"""Hand resumes to the parser: after an upload, and after a visitor's uploads became
their new candidate's (sign-up or login in the conversation they uploaded in)."""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

from assistant.resources import Resources, broker_client
from data_layer.resumes.parsed_store import adopt_parsed

log = logging.getLogger(__name__)

__all__ = ["after_hand_over", "enqueue_parse"]

PARSE_TASK = "workers.resumes.parse_resume"


async def enqueue_parse(resources: Resources, resume_id: UUID) -> None:
    client = broker_client(resources.settings)

    def publish() -> None:
        with client.connection_for_write() as connection:
            client.send_task(PARSE_TASK, args=[str(resume_id)], connection=connection)

    try:
        await asyncio.to_thread(publish)
    except Exception as exc:  # the row is committed: beat's parse_pending picks it up
        log.warning("could not enqueue resume %s (%s); beat will", resume_id, type(exc).__name__)


async def after_hand_over(
    resources: Resources, candidate_id: UUID | None, resume_ids: list[UUID]
) -> None:
    """After the commit that gave a visitor's uploads to their new candidate: their parsed
    documents follow, and each is parsed again so it is embedded for matching."""
    if candidate_id is None or not resume_ids:
        return
    try:
        await adopt_parsed(resources.mongo, resume_ids, candidate_id)
    except Exception as exc:  # the re-parse below rewrites the document with its owner
        log.warning("parsed resumes not re-owned yet: %s", type(exc).__name__)
    for resume_id in resume_ids:
        await enqueue_parse(resources, resume_id)
