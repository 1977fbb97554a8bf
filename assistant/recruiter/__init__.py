"""The recruiter console's HTTP side: the `/recruiter` pages, the handoff inbox API and
share links (`/j/{code}`)."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

RECRUITER_ROUTES: list[ControllerRouterHandler] = []
