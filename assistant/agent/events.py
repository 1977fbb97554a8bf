"""The events of one assistant turn, as both engines produce them and the chat API sends them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tools.results import ToolResult


@dataclass(frozen=True, slots=True)
class ChatEvent:
    type: str
    """message.delta, tool.started, tool.finished, jobs, action or message.done."""
    data: dict[str, Any]


def delta(text: str) -> ChatEvent:
    return ChatEvent("message.delta", {"text": text})


def tool_started(name: str) -> ChatEvent:
    return ChatEvent("tool.started", {"name": name})


def tool_finished(name: str) -> ChatEvent:
    return ChatEvent("tool.finished", {"name": name})


def after_tool(name: str, result: ToolResult) -> list[ChatEvent]:
    """What a finished tool call shows: ``tool.finished``, then its job cards or actions."""
    return [
        tool_finished(name),
        *(ChatEvent(event.kind, event.data) for event in result.client_events()),
    ]


def action(data: dict[str, Any]) -> ChatEvent:
    return ChatEvent("action", data)


def done(message_id: str, text: str, language: str | None = None) -> ChatEvent:
    """The finished reply; ``language``: the conversation's ("en"/"es"), so a client can
    speak it too (the widget's own buttons and notices)."""
    data: dict[str, Any] = {"message_id": message_id, "text": text}
    if language is not None:
        data["language"] = language
    return ChatEvent("message.done", data)


def text_pieces(text: str, size: int = 24) -> list[str]:
    """Split a finished reply into word-aligned pieces for streaming."""
    pieces: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) > size and current:
            pieces.append(current + " ")
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces
