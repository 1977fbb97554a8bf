"""The long-lived clients of one API process, opened in the lifespan and closed on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from celery import Celery
from litestar.params import Dependency
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from assistant.limits.chat import ChatLimits
from assistant.limits.turn_queue import TurnQueue
from config.settings import Settings
from data_layer.chat.transcripts import ConversationStore
from data_layer.db.engine import create_engine

if TYPE_CHECKING:
    from assistant.agent.llm import LLMEngine
    from assistant.agent.query_embedding import QueryEmbedder


@dataclass
class Resources:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker
    mongo_client: AsyncMongoClient
    redis: Redis
    conversations: ConversationStore
    query_embedder: QueryEmbedder | None
    llm: LLMEngine | None
    chat_limits: ChatLimits
    turn_queue: TurnQueue

    @property
    def mongo(self) -> AsyncDatabase:
        return self.mongo_client[self.settings.mongodb_db]


AppResources = Annotated[Resources, Dependency(skip_validation=True)]
"""``Resources`` as a parameter: Litestar passes it on as it is (its fields name types
that are imported lazily, which validation would try to resolve)."""


@asynccontextmanager
async def open_resources(
    settings: Settings, *, with_embeddings: bool = True
) -> AsyncIterator[Resources]:
    engine = create_engine(settings)
    timeout_ms = int(settings.health_timeout_s * 1000)
    mongo_client: AsyncMongoClient = AsyncMongoClient(
        settings.effective_mongodb_url,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        tz_aware=True,
    )
    redis = Redis.from_url(
        settings.effective_redis_url,
        socket_timeout=settings.health_timeout_s,
        socket_connect_timeout=settings.health_timeout_s,
    )
    from assistant.agent.query_embedding import QueryEmbedder

    llm = None
    if settings.llm_enabled:
        from assistant.agent.llm import LLMEngine

        llm = LLMEngine(settings)
    conversations = ConversationStore(
        mongo_client[settings.mongodb_db],
        redis=redis,
        window=settings.chat_transcript_window,
        cache_size=settings.chat_transcript_cache,
        queue_max=settings.chat_write_queue_max,
    )
    # Writes an earlier process queued in Redis (e.g. killed during a MongoDB outage).
    await conversations.resume()
    embedder = QueryEmbedder() if with_embeddings else None
    try:
        yield Resources(
            settings=settings,
            engine=engine,
            session_factory=async_sessionmaker(engine, expire_on_commit=False),
            mongo_client=mongo_client,
            redis=redis,
            conversations=conversations,
            query_embedder=embedder,
            llm=llm,
            chat_limits=ChatLimits(settings, redis),
            turn_queue=TurnQueue(
                running=settings.effective_chat_turns_running,
                per_address=settings.chat_turns_in_flight_per_address,
                wait_s=settings.chat_turn_queue_wait_s,
            ),
        )
    finally:
        await conversations.close()
        if llm is not None:
            await llm.aclose()
        await redis.aclose()
        await mongo_client.close()
        await engine.dispose()


def broker_client(settings: Settings) -> Celery:
    """A Celery client that only publishes tasks to the broker (no result backend).

    Making one opens no connection; each publish takes a connection of its own.
    """
    client = Celery("excel_staffing_api", broker=settings.effective_redis_url)
    client.conf.update(
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=False,
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
    )
    return client
