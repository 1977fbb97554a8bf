"""How the offline replies write facts: money, dates, places, titles, and a varied phrasing."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from decimal import Decimal

from data_layer.master import catalog as md
from tools.results import mask_email


def pick(options: Sequence[str], *seed: object) -> str:
    """One of ``options``, the same one for the same seed: varied, yet stable for tests."""
    key = "|".join(str(s) for s in seed).encode("utf-8", "replace")
    return options[zlib.crc32(key) % len(options)]


def money(amount: float | Decimal | None, unit: str | None = None) -> str:
    """``$2,750/wk``, ``$68/hr``, ``$68.50/hr``, ``$1,000``; empty for no amount."""
    if amount is None:
        return ""
    value = float(amount)
    if unit in ("hr", "hour") and abs(value - round(value)) >= 0.005:
        text = f"${value:,.2f}"
    else:
        text = f"${round(value):,}"
    suffix = {"wk": "/wk", "week": "/wk", "hr": "/hr", "hour": "/hr"}.get(unit or "", "")
    return text + suffix


def masked(email: str | None) -> str:
    """An email address as a reply may show it; "your friend" when there is none."""
    if not email or "@" not in email:
        return "your friend"
    return mask_email(email) or "your friend"


def day(value: dt.date | None, *, year: bool = True) -> str:
    """``Mar 1, 2027`` (``Mar 1`` without the year); empty for no date."""
    if value is None:
        return ""
    text = f"{value:%b} {value.day}"
    return f"{text}, {value.year}" if year else text


def iso_day(value: str | None) -> dt.date | None:
    """A date of the search filters (ISO text), or None."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def clock(value: dt.time) -> str:
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour}:{value.minute:02d} {suffix}"


def bold(text: str) -> str:
    return "**" + text.replace("*", "").strip() + "**"


def state_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return md.state_by_code(code).name
    except KeyError:
        return code


def location(city: str | None, state: str | None) -> str:
    """``Dallas, TX``; a state alone is spelled out (``Texas``)."""
    if city and state:
        return f"{city}, {state}"
    return city or state_name(state) or ""


def profession_label(name: str | None) -> str | None:
    """The abbreviation people use (``RN``, ``CNA``) for a profession's name."""
    if not name:
        return None
    found = md.find_profession(name)
    return found.abbreviation if found else name


def job_title(
    title: str | None,
    *,
    specialty: str | None = None,
    profession: str | None = None,
    job_type: str | None = None,
) -> str:
    """The job's title, or one made of what it is ("ICU RN – Travel")."""
    if title:
        return title
    parts = [p for p in (specialty, profession_label(profession)) if p]
    base = " ".join(parts) or "Healthcare job"
    return f"{base} – {job_type}" if job_type else base
