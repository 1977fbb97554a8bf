"""A worker's one question to the model: a streamed reply that must be JSON of a schema.

The content writer and the resume parser ask the same way: the OpenAI SDK with no retries
(each has a deterministic fallback, so a retry would only delay it), one deadline over the
whole streamed reply (the client's own timeout covers each read only, so a stalled stream
is cut off here), strict ``json_schema`` output, token usage from the last chunk for the
metrics (:class:`config.llm_calls.ModelCall`). Any failure is one :class:`ReplyFailed`
whose text names what went wrong and the setting that bounds it, never the prompt.
"""

from __future__ import annotations

import asyncio
from typing import Any

import openai

from config.llm_calls import ModelCall, Purpose
from config.settings import Settings

__all__ = ["ReplyFailed", "ask_for_json"]


class ReplyFailed(Exception):
    """The model gave no usable reply (refused, timed out, failed, or was cut short)."""


async def ask_for_json(
    settings: Settings,
    messages: list[dict[str, str]],
    *,
    purpose: Purpose,
    schema_name: str,
    schema: dict[str, Any],
    temperature: float,
    max_tokens: int,
    timeout_s: float,
    limits: tuple[str, str],
) -> str:
    """The reply's text. ``limits`` names the timeout and max-tokens settings for the
    error messages (``("CONTENT_LLM_TIMEOUT_S", "CONTENT_LLM_MAX_TOKENS")``)."""
    timeout_name, tokens_name = limits
    client = openai.AsyncOpenAI(
        api_key=settings.openai_api_key.get_secret_value() or "not-needed",
        base_url=settings.openai_base_url or None,
        timeout=timeout_s,
        max_retries=0,
    )
    parts: list[str] = []
    finish: str | None = None
    try:
        with ModelCall(settings.openai_model, purpose=purpose) as call:
            async with client, asyncio.timeout(timeout_s):
                stream = await client.chat.completions.create(
                    model=settings.openai_model,
                    messages=messages,  # type: ignore[arg-type]
                    response_format={
                        "type": "json_schema",
                        "json_schema": {"name": schema_name, "strict": True, "schema": schema},
                    },
                    temperature=temperature,
                    max_tokens=max_tokens,
                    stream=True,
                    # The last chunk then reports the tokens used (for the metrics).
                    stream_options={"include_usage": True},
                )
                async for chunk in stream:
                    if chunk.usage is not None:
                        call.usage = chunk.usage.model_dump()
                    for choice in chunk.choices:
                        if choice.delta.refusal:
                            raise ReplyFailed("the model refused")
                        if choice.delta.content:
                            parts.append(choice.delta.content)
                        finish = choice.finish_reason or finish
    except TimeoutError:
        raise ReplyFailed(f"no reply within {timeout_name}={timeout_s:g} s") from None
    except openai.OpenAIError as exc:
        raise ReplyFailed(f"the model call failed: {type(exc).__name__}") from exc
    if finish == "length":
        raise ReplyFailed(f"the reply was cut at {tokens_name}={max_tokens}")
    return "".join(parts)
