"""What handlers receive by parameter name (Litestar dependency injection), registered on the app.

| parameter | type | what |
|---|---|---|
| ``resources`` | :data:`AppResources` | the process's clients, opened by the lifespan |
| ``settings`` | ``Settings`` | the configuration |
| ``db_session`` | ``AsyncSession`` | this request's SQLAlchemy session, closed after the response |
| ``conversations`` | ``ConversationStore`` | the MongoDB transcripts |
| ``current_user`` | ``SessionUser | None`` | the logged-in user of the ``esa_session`` cookie |
| ``client_info`` | ``ClientInfo`` | the client's address and user agent |
| ``task_queue`` | ``Celery`` | a broker-only Celery client, made on first use, one per app |

A handler declares ``name: type`` and gets the value; a dependency is only built
for the handlers that name it (directly or through another dependency), so a
handler pays for nothing it does not use.

``db_session`` does not commit: the handler decides its units of work with
``async with db_session.begin():`` (data_layer functions only flush), as before.
The session takes a pool connection only while it is used and gives it back at
the end of each transaction, so slow steps between two units of work (password
hashing, a MongoDB read) never hold one. Making and closing a session costs about
0.2 ms even unused, so ``current_user`` does not take it: it reads the login
session on a session of its own, and only when there is a cookie. A chat turn
runs in a transaction of its own (``assistant.chat.turns``), never on this session.

Identity only ever comes from the server side: the login cookie's session row or
the conversation's bearer token, never from a request body.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import cast

from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.auth.current import client_info, current_user
from assistant.resources import AppResources, Resources, broker_client
from config.settings import Settings
from data_layer.accounts.sessions import SessionUser
from data_layer.chat.transcripts import ConversationStore

__all__ = ["AppResources", "app_resources", "dependencies"]


def app_resources(state: State) -> Resources:
    """The clients the lifespan opened: the one place that reads them from the app state."""
    return cast(Resources, state.resources)


def _settings(resources: AppResources) -> Settings:
    return resources.settings


def _conversations(resources: AppResources) -> ConversationStore:
    return resources.conversations


async def _db_session(resources: AppResources) -> AsyncIterator[AsyncSession]:
    # Closing rolls back whatever the handler left uncommitted (an error, a plain read).
    async with resources.session_factory() as session:
        yield session


async def _current_user(request: Request, resources: AppResources) -> SessionUser | None:
    # A wrapper only to pass ``resources`` unvalidated (see AppResources).
    return await current_user(request, resources)


def dependencies() -> dict[str, Provide]:
    """Fresh providers for one app (``task_queue`` keeps its client for the app's life)."""

    def inline(fn: Callable[..., object], *, use_cache: bool = False) -> Provide:
        # Cheap synchronous lookups: run them on the event loop, never in a worker thread.
        return Provide(fn, sync_to_thread=False, use_cache=use_cache)

    return {
        "resources": inline(app_resources),
        "settings": inline(_settings),
        "conversations": inline(_conversations),
        "db_session": Provide(_db_session),
        "current_user": Provide(_current_user),
        "client_info": inline(client_info),
        "task_queue": inline(broker_client, use_cache=True),
    }
