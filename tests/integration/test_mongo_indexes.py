"""MongoDB collections and indexes of database-schema.md 3 / 5.2, created by `migrate`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from data_layer.db.mongo import COLLECTIONS, ensure_indexes, index_specs


def _key_fields(info: dict[str, Any]) -> list[str]:
    return [key for key, _ in info["key"]]


async def test_indexes_are_created_idempotently(mongo_db: Any) -> None:
    await ensure_indexes(mongo_db, 30)
    await ensure_indexes(mongo_db, 30)
    assert set(COLLECTIONS) <= set(await mongo_db.list_collection_names())
    for spec in index_specs(30):
        if spec.keys[0][1] == "text":
            continue  # checked by querying below: servers list text indexes differently
        info = await mongo_db[spec.collection].index_information()
        matching = [i for i in info.values() if _key_fields(i) == [k for k, _ in spec.keys]]
        assert len(matching) == 1, f"{spec.collection}.{spec.name}: {info}"
    conversations = await mongo_db["chat_conversations"].index_information()
    compound = [i for i in conversations.values() if _key_fields(i) == ["user_id", "last_activity"]]
    assert compound


async def test_conversation_session_id_is_unique(mongo_db: Any) -> None:
    await ensure_indexes(mongo_db, 30)
    await mongo_db.chat_conversations.insert_one({"session_id": "s-1", "conversation": []})
    with pytest.raises(DuplicateKeyError):
        await mongo_db.chat_conversations.insert_one({"session_id": "s-1", "conversation": []})


async def test_an_archive_chunk_has_one_home_per_position(mongo_db: Any) -> None:
    await ensure_indexes(mongo_db, 30)
    archive = mongo_db.chat_conversation_archive
    await archive.insert_one({"session_id": "s-1", "start": 0, "messages": []})
    await archive.insert_one({"session_id": "s-2", "start": 0, "messages": []})
    with pytest.raises(DuplicateKeyError):
        await archive.insert_one({"session_id": "s-1", "start": 0, "messages": []})


async def test_text_indexes_answer_full_text_queries(mongo_db: Any) -> None:
    await ensure_indexes(mongo_db, 30)
    await mongo_db.parsed_resumes.insert_many(
        [
            {"candidate_id": "a", "raw_text": "ICU registered nurse with CCRN and ten years"},
            {"candidate_id": "b", "raw_text": "Surgical technologist, OR experience"},
        ]
    )
    found = await mongo_db.parsed_resumes.find({"$text": {"$search": "CCRN"}}).to_list()
    assert [d["candidate_id"] for d in found] == ["a"]
    await mongo_db.ai_content.insert_one(
        {"content_type": "city_guide", "status": "draft", "generated_content": "Living in Austin"}
    )
    found = await mongo_db.ai_content.find({"$text": {"$search": "Austin"}}).to_list()
    assert len(found) == 1


async def test_analytics_ttl_follows_the_retention_setting(mongo_db: Any) -> None:
    await ensure_indexes(mongo_db, 30)
    await ensure_indexes(mongo_db, 7)  # a changed retention replaces the TTL index
    info = await mongo_db.analytics_events.index_information()
    ttl = [i for i in info.values() if "expireAfterSeconds" in i]
    assert len(ttl) == 1 and _key_fields(ttl[0]) == ["timestamp"]
    assert ttl[0]["expireAfterSeconds"] == 7 * 24 * 3600

    now = dt.datetime.now(dt.UTC)
    await mongo_db.analytics_events.insert_one(
        {"event_type": "chat_turn", "timestamp": now, "session_id": "fresh"}
    )
    assert await mongo_db.analytics_events.count_documents({"session_id": "fresh"}) == 1
