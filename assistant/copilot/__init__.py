"""The recruiter copilot's HTTP side: the question API (JSON and SSE), its conversations,
the offline and LLM engines that answer, and the answer cache."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from assistant.copilot.api import CopilotController

COPILOT_ROUTES: list[ControllerRouterHandler] = [CopilotController]
