"""`create_app()`: the Litestar application with its routes, dependencies and lifespan.

Handlers get what they need by parameter name (:mod:`assistant.dependencies`);
every error of the API has one shape, made by the handlers of :mod:`assistant.errors`.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from sqlalchemy.orm import configure_mappers

from assistant.admin import AdminController
from assistant.agent.nlu import lexicon_from_database
from assistant.auth.api import AuthController
from assistant.auth.origin import RequestGuard, allowed_origins
from assistant.auth.recovery import AccountLinksController
from assistant.chat.api import ChatController
from assistant.copilot import COPILOT_ROUTES
from assistant.dependencies import dependencies
from assistant.editor import EDITOR_ROUTES
from assistant.errors import EXCEPTION_HANDLERS
from assistant.health import HealthController, check_dependencies
from assistant.me import MeController
from assistant.observability.endpoint import MetricsController
from assistant.observability.http import RequestMetrics
from assistant.ops import OpsController
from assistant.recruiter import RECRUITER_ROUTES
from assistant.resources import open_resources
from assistant.resumes import ChatResumeController, MyResumeController
from assistant.web.account_pages import AccountPagesController
from assistant.web.content_pages import PUBLIC_CONTENT_ROUTES
from assistant.web.pages import CareerSiteController
from assistant.web.widget import WidgetController
from assistant.webhooks import LaborEdgeWebhookController, check_webhook_secret
from config.logs import configure_logging
from config.settings import Settings, check_production, get_settings
from config.tracing import configure_tracing

_frozen: set[str] = set()


def _freeze_long_lived(stage: str) -> None:
    """Keep what lives as long as the process (libraries, models) out of the GC's scans.

    Otherwise every full collection walks hundreds of thousands of objects and
    stalls whichever turns are running at that moment by 50-200 ms. Once per
    stage and process: a process that builds several apps (tests) freezes no more.
    """
    if stage not in _frozen:
        _frozen.add(stage)
        gc.collect()
        gc.freeze()


async def _freeze_after(loading: Awaitable[None]) -> None:
    await loading  # the model loads in the background, importing torch as it goes
    _freeze_long_lived("embedding model")


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    # Production never runs on a development default or a guessable secret: refused
    # before it starts, one line per problem (config/settings.py production_problems).
    check_production(settings)
    check_webhook_secret(settings)
    # OTEL_ENABLED: this process's spans (README "Metrics and traces"); off: nothing at all.
    configure_tracing(settings, "api")

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with (
            open_resources(settings) as resources,
            lexicon_from_database(resources.engine, refresh_s=settings.vocabulary_refresh_s),
        ):
            app.state.resources = resources
            # Open one connection per store and configure the ORM now, so the first
            # request is not the slow one (mapper configuration alone takes ~0.5 s).
            await check_dependencies(resources)
            configure_mappers()
            _freeze_long_lived("startup")
            settled = None
            if resources.query_embedder is not None and settings.warm_embeddings:
                resources.query_embedder.warm_up()
                settled = asyncio.create_task(_freeze_after(resources.query_embedder.loaded()))
            yield
            if settled is not None:
                settled.cancel()

    return Litestar(
        route_handlers=[
            HealthController,
            ChatController,
            OpsController,
            MetricsController,
            LaborEdgeWebhookController,
            AuthController,
            AdminController,
            AccountLinksController,
            MeController,
            ChatResumeController,
            MyResumeController,
            WidgetController,
            AccountPagesController,
            CareerSiteController,
            *PUBLIC_CONTENT_ROUTES,
            *COPILOT_ROUTES,
            *RECRUITER_ROUTES,
            *EDITOR_ROUTES,
        ],
        cors_config=CORSConfig(
            allow_origins=allowed_origins(settings),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["authorization", "content-type", "accept"],
            allow_credentials=True,
        ),
        # Host, Origin (CSRF) and JSON-only checks before any handler: assistant/auth/origin.py
        # Counted and timed first (by route template), so the guards' refusals count too.
        middleware=[RequestMetrics, DefineMiddleware(RequestGuard, settings=settings)],
        lifespan=[lifespan],
        dependencies=dependencies(),
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="Excel Staffing Assistant",
            version="0.1.0",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        logging_config=None,
        debug=False,
    )
