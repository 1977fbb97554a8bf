"""How the career site writes job facts (pay, place, dates) and escapes everything it prints."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

from data_layer.jobs.search import JobHit, pay_text


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes too). None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def pay(hit: JobHit) -> str | None:
    parts = [p for p in (pay_text(hit.weekly_pay, "wk"), pay_text(hit.hourly_pay, "hr")) if p]
    return " · ".join(parts) or None


def place(city: str | None, state: str | None) -> str | None:
    return ", ".join(p for p in (city, state) if p) or None


def start(hit: JobHit) -> str | None:
    return "ASAP" if hit.asap else day(hit.start_date)


def duration(hit: JobHit) -> str | None:
    return hit.duration_text


def day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    return f"{value:%b} {value.day}, {value.year}"


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>`` breakout."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
