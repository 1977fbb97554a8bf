"""The recruiter console's HTTP side: the `/recruiter` pages, the handoff inbox API and
share links (`/j/{code}`)."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from assistant.recruiter.console import RecruiterConsoleController
from assistant.recruiter.inbox_api import InboxController
from assistant.recruiter.share_api import ShareController, ShareRedirectController

RECRUITER_ROUTES: list[ControllerRouterHandler] = [
    RecruiterConsoleController,
    InboxController,
    ShareController,
    ShareRedirectController,
]
