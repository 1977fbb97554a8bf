"""Widget figures: script size, page load -> widget interactive, send -> first streamed token.

Builds a throwaway stack (embedded PostgreSQL, MongoDB, Redis on free ports),
seeds ``--jobs`` demo jobs, starts the API with uvicorn (offline mode: no LLM
configured), and drives Debian's Chromium (``/usr/bin/chromium``) headless
through Playwright:

* ``widget_gz_kb``: ``/widget.js`` as served with ``Accept-Encoding: gzip``;
* ``interactive_p50_ms``: a fresh browser context (cold cache) loads the demo
  home page; the time from navigation start to the widget's ``esa:ready``
  performance mark (the launcher is rendered and clickable);
* ``first_token_p50_ms``: from pressing Enter (``esa:send`` mark) to the first
  streamed token rendered in the reply bubble (first ``esa:token`` mark after it).

The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat import ONE_ADDRESS, start_server, stop_server
from bench.common import free_port, percentile, throwaway_stack
from config.settings import Settings

CHROMIUM = "/usr/bin/chromium"
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
MESSAGES = [
    "ICU travel jobs in Texas",
    "only nights",
    "what about Arizona instead?",
    "per diem CNA jobs in Florida",
    "med surg jobs in Ohio",
    "travel nurse jobs paying over 2.5k a week",
    "thanks!",
    "L&D jobs in California",
]

READY_MS = """() => {
  const ready = performance.getEntriesByName('esa:ready')[0];
  return ready ? ready.startTime : null;
}"""
FIRST_TOKEN_MS = """() => {
  const sends = performance.getEntriesByName('esa:send');
  const start = sends[sends.length - 1].startTime;
  const token = performance.getEntriesByName('esa:token').find(e => e.startTime >= start);
  return token ? token.startTime - start : null;
}"""
IDLE = "esa-chat-widget:not([data-busy])"


async def prepare(settings: Settings, jobs: int) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from devstack.demo_data import seed_demo

    await migrate(settings)
    engine = create_engine(settings)
    try:
        await seed_demo(
            async_sessionmaker(engine, expire_on_commit=False), jobs=jobs, candidates=50, seed=5
        )
    finally:
        await engine.dispose()


def widget_size(base: str) -> dict[str, float]:
    packed = httpx.get(f"{base}/widget.js", headers={"Accept-Encoding": "gzip"})
    packed.raise_for_status()
    assert packed.headers.get("content-encoding") == "gzip"
    return {
        "widget_gz_kb": round(packed.num_bytes_downloaded / 1024, 2),
        "widget_raw_kb": round(len(packed.content) / 1024, 2),
    }


def measure_browser(base: str, loads: int, messages: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    interactive: list[float] = []
    dom_loaded: list[float] = []
    first_token: list[float] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for i in range(loads + 3):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(base + "/")
                page.wait_for_selector("esa-chat-widget[data-ready]", state="attached")
                ready = page.evaluate(READY_MS)
                dcl = page.evaluate(
                    "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
                )
                context.close()
                if i >= 3:  # the first loads warm the server's pools and caches
                    interactive.append(float(ready))
                    dom_loaded.append(float(dcl))

            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(base + "/")
            page.get_by_role("button", name="Chat with us").click()
            box = page.locator("esa-chat-widget #esa-input")
            for i in range(messages + 3):
                if i and i % 10 == 0:  # keep the page small: a new conversation now and then
                    page.get_by_role("button", name="New conversation").click()
                box.fill(MESSAGES[i % len(MESSAGES)])
                box.press("Enter")
                page.wait_for_selector(IDLE, state="attached", timeout=30_000)
                value = page.evaluate(FIRST_TOKEN_MS)
                if i >= 3 and value is not None:
                    first_token.append(float(value))
            context.close()
        finally:
            browser.close()
    return {
        "interactive_p50_ms": round(percentile(interactive, 0.5), 1),
        "interactive_p90_ms": round(percentile(interactive, 0.9), 1),
        "dom_content_loaded_p50_ms": round(percentile(dom_loaded, 0.5), 1),
        "first_token_p50_ms": round(percentile(first_token, 0.5), 1),
        "first_token_p90_ms": round(percentile(first_token, 0.9), 1),
        "page_loads": len(interactive),
        "messages": len(first_token),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=5_000)
    parser.add_argument("--loads", type=int, default=30)
    parser.add_argument("--messages", type=int, default=30)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")

    figures: dict[str, Any] = {"jobs": args.jobs, "mode": "offline"}
    with throwaway_stack("esa-bench-widget-") as settings:
        asyncio.run(prepare(settings, args.jobs))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(settings, port, {**ONE_ADDRESS, "PUBLIC_BASE_URL": base})
        try:
            figures.update(widget_size(base))
            started = time.perf_counter()
            figures.update(measure_browser(base, args.loads, args.messages))
            figures["browser_s"] = round(time.perf_counter() - started, 1)
        finally:
            stop_server(server)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
