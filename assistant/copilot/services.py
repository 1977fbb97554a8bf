"""The copilot's long-lived helpers of one app: conversations, answer cache, ask limits, model.

They are built on first use from the app's :class:`~assistant.resources.Resources` and own
nothing that needs closing: Redis and MongoDB are the app's clients, and the model speaks
through the chat engine's HTTP client (:class:`~assistant.agent.openai_wire.ChatCompletionsWire`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from litestar.datastructures import State

from assistant.copilot.cache import AnswerCache
from assistant.copilot.conversations import CopilotConversations
from assistant.copilot.llm import CopilotLLM
from assistant.copilot.rate_limit import AskLimits
from assistant.resources import Resources

STATE_KEY = "copilot"


def utc_today() -> dt.date:
    """Periods are calendar days in UTC, as the timestamps they count are stored."""
    return dt.datetime.now(dt.UTC).date()


@dataclass
class CopilotServices:
    conversations: CopilotConversations
    cache: AnswerCache
    limits: AskLimits
    llm: CopilotLLM | None
    today: Callable[[], dt.date] = field(default=utc_today)
    """The day relative periods count from; tests and the bench fix it."""


def copilot_services(state: State, resources: Resources) -> CopilotServices:
    """This app's copilot services (made once, on the first question)."""
    services = state.get(STATE_KEY)
    if isinstance(services, CopilotServices):
        return services
    settings = resources.settings
    llm = CopilotLLM(settings, resources.llm.wire) if resources.llm is not None else None
    services = CopilotServices(
        conversations=CopilotConversations(resources.mongo),
        cache=AnswerCache(
            resources.redis,
            ttl_s=settings.copilot_cache_ttl_s,
            database=settings.effective_database_url,
        ),
        limits=AskLimits(settings, resources.redis),
        llm=llm,
    )
    state[STATE_KEY] = services
    return services
