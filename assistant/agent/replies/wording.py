"""How the offline replies write facts: money, dates, places, titles, and a varied phrasing.

Every writer takes the reply's language (``"en"`` by default, ``"es"``): Spanish keeps the
US dollar and digit grouping its readers see on every pay stub (``$2,750/sem``) and writes
dates the Spanish way (``1 de marzo de 2027``).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from data_layer.master import catalog as md
from tools.results import mask_email


def pick(options: Sequence[str], *seed: object) -> str:
    """One of ``options``, the same one for the same seed: varied, yet stable for tests."""
    key = "|".join(str(s) for s in seed).encode("utf-8", "replace")
    return options[zlib.crc32(key) % len(options)]


_UNITS: Final[dict[str, dict[str, str]]] = {
    "en": {"wk": "/wk", "week": "/wk", "hr": "/hr", "hour": "/hr"},
    "es": {"wk": "/sem", "week": "/sem", "hr": "/h", "hour": "/h"},
}
MONTHS_ES: Final[tuple[str, ...]] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def money(amount: float | Decimal | None, unit: str | None = None, lang: str = "en") -> str:
    """``$2,750/wk``, ``$68/hr``, ``$68.50/hr``, ``$1,000``; empty for no amount.

    Spanish: ``$2,750/sem``, ``$68.50/h``.
    """
    if amount is None:
        return ""
    value = float(amount)
    if unit in ("hr", "hour") and abs(value - round(value)) >= 0.005:
        text = f"${value:,.2f}"
    else:
        text = f"${round(value):,}"
    suffix = _UNITS["es" if lang == "es" else "en"].get(unit or "", "")
    return text + suffix


def masked(email: str | None, lang: str = "en") -> str:
    """An email address as a reply may show it; "your friend" when there is none."""
    friend = "tu amigo o amiga" if lang == "es" else "your friend"
    if not email or "@" not in email:
        return friend
    return mask_email(email) or friend


def day(value: dt.date | None, *, year: bool = True, lang: str = "en") -> str:
    """``Mar 1, 2027`` (``Mar 1`` without the year); empty for no date.

    Spanish: ``1 de marzo de 2027`` (``1 de marzo``).
    """
    if value is None:
        return ""
    if lang == "es":
        text = f"{value.day} de {MONTHS_ES[value.month - 1]}"
        return f"{text} de {value.year}" if year else text
    text = f"{value:%b} {value.day}"
    return f"{text}, {value.year}" if year else text


def iso_day(value: str | None) -> dt.date | None:
    """A date of the search filters (ISO text), or None."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def month(value: dt.date, lang: str = "en") -> str:
    """``March 2027``; Spanish ``marzo de 2027``."""
    if lang == "es":
        return f"{MONTHS_ES[value.month - 1]} de {value.year}"
    return f"{value:%B} {value.year}"


def clock(value: dt.time, lang: str = "en") -> str:
    """``7:00 PM``; Spanish ``7:00 p. m.`` (the US Spanish way)."""
    hour = value.hour % 12 or 12
    if lang == "es":
        suffix = "a. m." if value.hour < 12 else "p. m."
    else:
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
    lang: str = "en",
) -> str:
    """The job's title, or one made of what it is ("ICU RN – Travel")."""
    if title:
        return title
    parts = [p for p in (specialty, profession_label(profession)) if p]
    base = " ".join(parts) or ("Trabajo de salud" if lang == "es" else "Healthcare job")
    return f"{base} – {job_type}" if job_type else base


_JOB_TYPES_ES: Final[dict[str, str]] = {
    "Travel": "De viaje",
    "Perm": "Permanente",
    "Per Diem": "Per diem",
    "Local": "Local",
}


def job_type_name(job_type: str | None, lang: str = "en") -> str | None:
    """A job type as a label (``Travel``; Spanish ``De viaje``): a category of ours, not the
    job's own words, so it is translated."""
    if not job_type or lang != "es":
        return job_type
    return _JOB_TYPES_ES.get(job_type, job_type)


def duration(text: str | None, lang: str = "en") -> str | None:
    """A posting's duration as people say it ("13 weeks"; Spanish "13 semanas")."""
    if not text or lang != "es":
        return text
    found = re.fullmatch(r"\s*(\d+)\s*(weeks?|wks?|months?)\s*", text, re.IGNORECASE)
    if not found:
        return text
    count = int(found.group(1))
    if found.group(2).lower().startswith("m"):
        return f"{count} {'mes' if count == 1 else 'meses'}"
    return f"{count} {'semana' if count == 1 else 'semanas'}"
