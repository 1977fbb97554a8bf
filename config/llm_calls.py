"""One observer of every call to the language model: its metrics and its span.

The chat's wire (``assistant.agent.openai_wire``), the content writer
(``workers.content.llm``) and the resume parser (``workers.resumes.llm_engine``) each
talk to the model with their own client, and workers may not import the assistant. So
the recording lives here, in the bottom layer, and every caller counts the same way:
``esa_llm_request_duration_seconds`` and ``esa_llm_tokens_total`` by ``purpose`` (chat,
copilot, content, resume), model and outcome, and an ``llm chat.completions`` client span.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Final, Literal

from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from config.metrics import LLM_DURATION, LLM_TOKENS
from config.tracing import start_span

__all__ = ["PURPOSES", "ModelCall", "Purpose"]

Purpose = Literal["chat", "copilot", "content", "resume"]
PURPOSES: Final[tuple[Purpose, ...]] = ("chat", "copilot", "content", "resume")
"""The ``purpose`` label's values: a fixed set, as every label's."""


class ModelCall:
    """One model call's metrics and span, finished once: by the answer, the end of its
    stream, or the error that cut it short.

    Either call :meth:`finish` (a stream that ends elsewhere), or use it as a context
    manager around the whole call, setting :attr:`usage` from the reply: leaving the block
    finishes it, ``ok`` or by the exception that left it.
    """

    def __init__(self, model: str, *, purpose: Purpose) -> None:
        self.model = model
        self.purpose = purpose
        self.usage: Mapping[str, Any] | None = None
        self.started = time.perf_counter()
        self.span: Span = start_span(
            "llm chat.completions",
            kind=SpanKind.CLIENT,
            attributes={
                "gen_ai.operation.name": "chat",
                "gen_ai.request.model": model,
                "esa.llm.purpose": purpose,
            },
        )
        self.finished = False

    def finish(self, usage: Mapping[str, Any] | None, outcome: str) -> None:
        if self.finished:
            return
        self.finished = True
        elapsed = time.perf_counter() - self.started
        LLM_DURATION.labels(self.purpose, self.model, outcome).observe(elapsed)
        for kind in ("prompt", "completion"):
            tokens = (usage or {}).get(f"{kind}_tokens")
            if isinstance(tokens, int) and tokens > 0:
                LLM_TOKENS.labels(self.purpose, self.model, kind).inc(tokens)
                name = "input" if kind == "prompt" else "output"
                self.span.set_attribute(f"gen_ai.usage.{name}_tokens", tokens)
        if outcome != "ok":
            self.span.set_status(Status(StatusCode.ERROR, outcome))
        self.span.end()

    def __enter__(self) -> ModelCall:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish(self.usage, outcome_of(exc))


def outcome_of(exc: BaseException | None) -> str:
    """``ok``, ``cancelled`` (the caller gave up: its deadline, a shutdown) or ``error``."""
    if exc is None:
        return "ok"
    return "cancelled" if isinstance(exc, (asyncio.CancelledError, TimeoutError)) else "error"
