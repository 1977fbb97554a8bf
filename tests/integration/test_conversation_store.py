"""The transcript store: one write per turn, no duplicates on retry, no lost turn from others."""

from __future__ import annotations

import datetime as dt
from typing import Any

from data_layer.chat.transcripts import ConversationStore, TurnRecord, stored_messages


def _turn(session_id: str, n: int) -> TurnRecord:
    now = dt.datetime.now(dt.UTC)
    return TurnRecord(
        session_id=session_id,
        user_id=None,
        messages=[
            {"role": "user", "content": f"question {n}", "timestamp": now},
            {
                "role": "assistant",
                "content": f"answer {n}",
                "timestamp": now,
                "message_id": f"m{n}",
            },
        ],
        metadata={"job_searches": [f"search-{n}"]},
    )


async def _contents(mongo_db: Any, session_id: str) -> list[str]:
    doc = await mongo_db.chat_conversations.find_one({"session_id": session_id})
    return [m["content"] for m in stored_messages(doc)]


async def test_a_retried_turn_is_stored_once(mongo_db: Any) -> None:
    store = ConversationStore(mongo_db)
    await store.start("s-retry", None, {"page_url": "https://careers.example.com/"})
    await store.append_turn(_turn("s-retry", 1))
    # A write that reached MongoDB but timed out here is queued again: same turn twice.
    fresh = ConversationStore(mongo_db)
    await fresh.append_turn(_turn("s-retry", 1))
    await store.append_turn(_turn("s-retry", 2))
    await store.close()
    await fresh.close()
    assert await _contents(mongo_db, "s-retry") == [
        "question 1",
        "answer 1",
        "question 2",
        "answer 2",
    ]
    doc = await mongo_db.chat_conversations.find_one({"session_id": "s-retry"})
    assert doc["metadata"]["job_searches"] == ["search-1", "search-2"]
    assert doc["context"]["page_url"] == "https://careers.example.com/"


async def test_a_turn_written_by_another_process_is_kept(mongo_db: Any) -> None:
    one, two = ConversationStore(mongo_db), ConversationStore(mongo_db)
    await one.start("s-two", None, {})
    await one.append_turn(_turn("s-two", 1))  # `one` now holds its own copy of the document
    await two.append_turn(_turn("s-two", 2))
    await one.append_turn(_turn("s-two", 3))  # its copy is stale: it must re-read, not overwrite
    await one.close()
    await two.close()
    assert await _contents(mongo_db, "s-two") == [
        "question 1",
        "answer 1",
        "question 2",
        "answer 2",
        "question 3",
        "answer 3",
    ]
