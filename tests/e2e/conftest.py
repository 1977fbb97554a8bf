"""Browser tests: the real app under uvicorn, driven by Debian's Chromium through Playwright.

Chromium comes from the OS (``apt-get install -y chromium``, which ``make test``
does when it can); Playwright never downloads a browser here. Without
``/usr/bin/chromium`` these tests skip with a loud message, unless
``REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import uvicorn

from assistant.app import create_app
from config.settings import PROJECT_ROOT, Settings
from tests.e2e.widget_driver import WidgetDriver
from tests.e2e.widget_tab import Tab

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SKIP_MESSAGE = (
    "BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium. Install it with "
    "`sudo apt-get install -y chromium` (make test does this when apt is usable). "
    "CI sets REQUIRE_BROWSER=1, where this is a failure."
)


def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def require_chromium() -> None:
    if chromium_available():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER=1 but " + SKIP_MESSAGE.split(": ", 1)[1], pytrace=False)
    pytest.skip(SKIP_MESSAGE)


_skipped_for_browser: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "BROWSER TESTS SKIPPED" in str(report.longrepr):
        _skipped_for_browser.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped_for_browser:
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.write_line(SKIP_MESSAGE, red=True, bold=True)
        terminalreporter.write_line(f"{len(_skipped_for_browser)} browser tests did not run.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveApp:
    """The app served by uvicorn on a free port, in a background thread."""

    settings: Settings
    base_url: str
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def dsn(self) -> str:
        return self.settings.effective_database_url.replace(
            "postgresql+asyncpg://", "postgresql://"
        )

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        conn = await asyncpg.connect(self.dsn)
        try:
            return list(await conn.fetch(sql, *args))
        finally:
            await conn.close()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)


def start_live_app(settings: Settings, port: int) -> LiveApp:
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
    )
    thread = threading.Thread(target=server.run, name=f"live-app-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    return LiveApp(settings, f"http://127.0.0.1:{port}", server, thread)


def live_settings(base: Settings, port: int, **update: Any) -> Settings:
    return base.model_copy(
        update={"public_base_url": f"http://127.0.0.1:{port}", "warm_embeddings": False, **update}
    )


@pytest.fixture
def live_app(chat_settings: Settings) -> Iterator[LiveApp]:
    """Offline mode, seeded database (600 demo jobs with embeddings), private Mongo database."""
    require_chromium()
    port = _free_port()
    app = start_live_app(live_settings(chat_settings, port), port)
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    require_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
async def tab(browser: Any) -> AsyncIterator[Tab]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    opened = Tab(context, page, WidgetDriver(page))

    async def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    await context.close()
