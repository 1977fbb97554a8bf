"""`create_app()`: the Litestar application with its routes, dependencies and lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from assistant.health import HealthController, check_dependencies
from assistant.logs import configure_logging
from assistant.resources import open_resources
from assistant.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_resources(settings) as resources:
            app.state.resources = resources
            # Open one connection per store now so the first request is not the slow one.
            await check_dependencies(resources)
            yield

    return Litestar(
        route_handlers=[HealthController],
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(
            title="Excel Staffing Assistant",
            version="0.1.0",
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
        logging_config=None,
        debug=False,
    )
