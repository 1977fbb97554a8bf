"""LLM mode: a LangChain agent over ChatOpenAI, streaming text and tool activity as chat events."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import (
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.utils import convert_to_messages
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_openai import ChatOpenAI

from assistant.agent import events
from assistant.agent.events import ChatEvent
from assistant.agent.llm_tools import AGENT_TOOLS, ToolCallShown
from assistant.agent.openai_wire import ChatCompletionsWire
from config.settings import Settings
from data_layer.chat.dialogue import DialogueState
from prompts import load_prompt
from tools.context import ToolContext

log = logging.getLogger(__name__)

_HISTORY_ROLES = frozenset({"user", "assistant"})

_TOOL_SCHEMAS = {tool.name: convert_to_openai_tool(tool) for tool in AGENT_TOOLS}


class _AgentChatModel(ChatOpenAI):
    """ChatOpenAI with the agent's tool schemas converted once instead of on every model call."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        schemas = [
            _TOOL_SCHEMAS.get(tool.name, tool) if isinstance(tool, BaseTool) else tool
            for tool in tools
        ]
        return super().bind_tools(schemas, **kwargs)


def chat_model(settings: Settings, wire: ChatCompletionsWire) -> ChatOpenAI:
    """The model client of the agent: ChatOpenAI speaking through the lean wire client."""
    return _AgentChatModel(
        model=settings.openai_model,
        api_key=settings.openai_api_key.get_secret_value() or "not-needed",  # type: ignore[arg-type]
        base_url=settings.openai_base_url or None,
        async_client=wire,
        streaming=True,
        stream_usage=True,
        # The turn has one deadline (llm_timeout_s); a per-chunk timer would
        # cost a task per streamed token.
        stream_chunk_timeout=0,
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=0.2,
    )


class LLMEngine:
    """One compiled agent per process; each turn streams through it with its own context."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.wire = ChatCompletionsWire(
            api_key=settings.openai_api_key.get_secret_value() or "not-needed",
            base_url=settings.openai_base_url or None,
            timeout_s=settings.llm_timeout_s,
        )
        self.model = chat_model(settings, self.wire)
        self.agent = create_agent(self.model, tools=AGENT_TOOLS, context_schema=ToolContext)

    async def aclose(self) -> None:
        await self.wire.aclose()

    def _messages(
        self, ctx: ToolContext, text: str, history: list[dict[str, Any]]
    ) -> list[BaseMessage]:
        actor = ctx.actor
        who = (
            f"{actor.first_name or 'a candidate'} (signed in)"
            if actor.is_candidate
            else "an anonymous visitor of the career site"
        )
        messages: list[BaseMessage] = [
            SystemMessage(load_prompt("candidate_system", today=dt.date.today(), who=who))
        ]
        summary = _state_summary(ctx.state)
        if summary:
            messages.append(SystemMessage(summary))
        earlier = history[-self.settings.llm_history_messages :]
        messages += convert_to_messages(
            (str(item["role"]), str(item.get("content", "")))
            for item in earlier
            if item.get("role") in _HISTORY_ROLES
        )
        messages.append(HumanMessage(text))
        return messages

    async def run(
        self, ctx: ToolContext, text: str, history: list[dict[str, Any]]
    ) -> AsyncIterator[ChatEvent]:
        """Stream one turn. Raises on model errors; the caller falls back to the offline engine.

        Text and tool calls come from the model's message stream; what a finished tool
        shows comes from the tools themselves, through the agent's custom stream.
        """
        started_tools: set[str] = set()
        finished_calls: set[str | None] = set()
        async for mode, payload in self.agent.astream(
            {"messages": self._messages(ctx, text, history)},
            context=ctx,
            stream_mode=["messages", "custom"],
        ):
            if mode == "custom":
                if isinstance(payload, ToolCallShown):
                    finished_calls.add(payload.tool_call_id)
                    for event in payload.events:
                        yield event
                continue
            chunk, metadata = payload
            if isinstance(chunk, ToolMessage):
                # A call that never reached the tool (an unknown tool name) ends here.
                if chunk.tool_call_id not in finished_calls:
                    yield events.tool_finished(chunk.name or "tool")
                continue
            node = metadata.get("langgraph_node") if isinstance(metadata, dict) else None
            if node != "model" or not isinstance(chunk, AIMessageChunk):
                continue
            for call in chunk.tool_call_chunks or []:
                key = f"{call.get('index')}:{call.get('id')}"
                name = call.get("name")
                if name and key not in started_tools:
                    started_tools.add(key)
                    yield events.tool_started(name)
            if isinstance(chunk.content, str) and chunk.content:
                yield events.delta(chunk.content)


def _state_summary(state: DialogueState) -> str:
    """What earlier turns established, so the model can say "the second one" with real ids.

    The transcript holds only text; job ids and the pending application live here.
    """
    lines: list[str] = []
    if state.results:
        lines.append("Jobs shown in the last search (in order):")
        for n, job in enumerate(state.results, 1):
            lines.append(f"{n}. id={job.id} {job.title} - {job.city or ''}")
    if state.filters is not None and not state.filters.is_empty():
        lines.append(f"Filters of the last search: {state.filters.as_dict()}")
    if state.focus is not None:
        lines.append(f"Job in focus: id={state.focus.id} {state.focus.title}")
    if state.pending_apply is not None:
        lines.append(
            f"Application waiting for the candidate's confirmation: job id={state.pending_apply.id}"
        )
    return "\n".join(lines)
