"""The offline engine's replies: natural, plain text with light Markdown (``**bold**``, ``- ``).

Every function returns finished text for the visitor (never debug output: no ``None``, no raw
dicts). Wording varies between a few phrasings, chosen deterministically from the content and
an optional ``seed`` (pass the conversation or message id), so the same turn always reads the
same and tests are stable.

Inputs are the small view types below; each has ``from_mapping`` so the engine can pass tool
results (dicts with extra keys, ``Decimal`` money, ISO dates, UUIDs) straight through, and
every function also accepts such mappings directly.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.agent.nlu import SearchFilters
from data_layer.master import catalog as md

__all__ = [
    "JobCardView",
    "JobDetailsView",
    "ReferralView",
    "Relaxation",
    "RewardView",
    "applied",
    "apply_cancelled",
    "ask_for",
    "confirm_apply",
    "describe_search",
    "did_not_understand",
    "greeting",
    "handoff",
    "help",
    "invalid",
    "job_details",
    "job_line",
    "login_required",
    "mask_email",
    "money",
    "need_search_first",
    "no_results",
    "reference_not_found",
    "referral_created",
    "referrals_summary",
    "search_results",
    "smalltalk",
]


# ---------------------------------------------------------------------------- coercion


def _text(value: Any) -> str | None:
    if value is None:
        return None
    out = str(value).strip()
    return out or None


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    try:
        return float(Decimal(str(value).replace(",", "").replace("$", "").strip()))
    except (InvalidOperation, ValueError):
        return None


def _int(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _time(value: Any) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    out: list[str] = []
    for item in value:
        name = item.get("certification") or item.get("name") if isinstance(item, Mapping) else item
        text = _text(name)
        if text and text not in out:
            out.append(text)
    return tuple(out)


# ---------------------------------------------------------------------------- views


@dataclass(frozen=True, slots=True)
class JobCardView:
    """A job card as the chat API sends it."""

    id: str
    title: str
    profession: str | None = None
    specialty: str | None = None
    city: str | None = None
    state: str | None = None
    job_type: str | None = None
    shift: str | None = None
    weekly_pay: float | None = None
    hourly_pay: float | None = None
    start_date: dt.date | None = None
    duration: str | None = None
    """Display text ("13 weeks"); a bare number from a mapping is read as weeks."""
    hot_job: bool = False
    url: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> JobCardView:
        return cls(**_card_fields(data))


def _duration(value: Any, unit: Any = None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and not value.strip().replace(".", "").isdigit():
        return value.strip() or None
    count = _int(value)
    if count is None or count <= 0:
        return None
    word = (_text(unit) or "weeks").lower().rstrip("s")
    return f"{count} {word}{'' if count == 1 else 's'}"


def _card_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": _text(data.get("id")) or "",
        "title": _text(data.get("title")) or _text(data.get("job_title")) or "",
        "profession": _text(data.get("profession")),
        "specialty": _text(data.get("specialty")),
        "city": _text(data.get("city")) or _text(data.get("client_city")),
        "state": _text(data.get("state")) or _text(data.get("client_state_code")),
        "job_type": _text(data.get("job_type")),
        "shift": _text(data.get("shift")),
        "weekly_pay": _number(data.get("weekly_pay")),
        "hourly_pay": _number(data.get("hourly_pay")),
        "start_date": _date(data.get("start_date")),
        "duration": _duration(data.get("duration"), data.get("duration_type")),
        "hot_job": bool(data.get("hot_job")),
        "url": _text(data.get("url")),
    }


@dataclass(frozen=True, slots=True)
class JobDetailsView(JobCardView):
    """Everything the details reply shows."""

    description_text: str | None = None
    certifications: tuple[str, ...] = ()
    weekly_pay_range: str | None = None
    """As stored, e.g. ``"2600-2900"`` or ``"$2,600 - $2,900"``."""
    hourly_pay_range: str | None = None
    shift_start_time: dt.time | None = None
    shift_end_time: dt.time | None = None
    shifts_per_week: int | None = None
    duration_type: str | None = None
    end_date: dt.date | None = None
    client_name: str | None = None
    """The facility."""
    sign_on_bonus: float | None = None
    asap: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> JobDetailsView:
        certs = _strings(data.get("certifications"))
        if not certs:
            certs = _strings(data.get("required_certifications"))
        return cls(
            **_card_fields(data),
            description_text=_text(data.get("description_text")),
            certifications=certs,
            weekly_pay_range=_text(data.get("weekly_pay_range")),
            hourly_pay_range=_text(data.get("hourly_pay_range")),
            shift_start_time=_time(data.get("shift_start_time") or data.get("shift_start_time1")),
            shift_end_time=_time(data.get("shift_end_time") or data.get("shift_end_time1")),
            shifts_per_week=_int(data.get("shifts_per_week") or data.get("shifts_per_week1")),
            duration_type=_text(data.get("duration_type")),
            end_date=_date(data.get("end_date")),
            client_name=_text(data.get("client_name")),
            sign_on_bonus=_number(data.get("sign_on_bonus")),
            asap=bool(data.get("asap")),
        )


@dataclass(frozen=True, slots=True)
class RewardView:
    amount: float
    status: str
    """``pending``, ``approved``, ``paid`` or ``rejected``."""
    payment_date: dt.date | None = None

    @classmethod
    def from_any(cls, value: RewardView | Mapping[str, Any] | Sequence[Any]) -> RewardView:
        if isinstance(value, RewardView):
            return value
        if isinstance(value, Mapping):
            amount, status, paid = (
                value.get("amount"),
                value.get("status"),
                value.get("payment_date"),
            )
        else:
            items = [*value, None, None, None]
            amount, status, paid = items[0], items[1], items[2]
        return cls(
            amount=_number(amount) or 0.0,
            status=(_text(status) or "pending").lower(),
            payment_date=_date(paid),
        )


@dataclass(frozen=True, slots=True)
class ReferralView:
    referred_email: str | None
    status: str
    """``sent``, ``registered``, ``applied`` or ``placed``."""
    created_at: dt.date | None = None
    rewards: tuple[RewardView, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ReferralView:
        return cls(
            referred_email=_text(data.get("referred_email")),
            status=(_text(data.get("status")) or "sent").lower(),
            created_at=_date(data.get("created_at")),
            rewards=tuple(RewardView.from_any(r) for r in data.get("rewards") or ()),
        )


@dataclass(frozen=True, slots=True)
class Relaxation:
    """A filter whose removal would give results, and how many (if the engine counted)."""

    field: str
    total: int | None = None


CardLike = JobCardView | Mapping[str, Any]
DetailsLike = JobDetailsView | Mapping[str, Any]
ReferralLike = ReferralView | Mapping[str, Any]
FiltersLike = SearchFilters | Mapping[str, Any] | None


def _card(job: CardLike) -> JobCardView:
    return job if isinstance(job, JobCardView) else JobCardView.from_mapping(job)


def _details(job: DetailsLike) -> JobDetailsView:
    return job if isinstance(job, JobDetailsView) else JobDetailsView.from_mapping(job)


def _filters(filters: FiltersLike) -> SearchFilters:
    if isinstance(filters, SearchFilters):
        return filters
    return SearchFilters.from_dict(filters)


# ---------------------------------------------------------------------------- formatting


def _pick(options: Sequence[str], *seed: object) -> str:
    key = "|".join(str(s) for s in seed).encode("utf-8", "replace")
    return options[zlib.crc32(key) % len(options)]


def money(amount: float | Decimal | None, unit: str | None = None) -> str:
    """``$2,750/wk``, ``$68/hr``, ``$68.50/hr``, ``$1,000``; empty for no amount."""
    value = _number(amount)
    if value is None:
        return ""
    if unit in ("hr", "hour") and abs(value - round(value)) >= 0.005:
        text = f"${value:,.2f}"
    else:
        text = f"${round(value):,}"
    suffix = {"wk": "/wk", "week": "/wk", "hr": "/hr", "hour": "/hr"}.get(unit or "", "")
    return text + suffix


def mask_email(email: str | None) -> str:
    """``j***@x.com``: enough to recognize, not enough to harvest."""
    if not email or "@" not in email:
        return "your friend"
    local, _, domain = email.strip().partition("@")
    return f"{local[:1]}***@{domain}"


def _day(value: dt.date | None, *, year: bool = True) -> str:
    if value is None:
        return ""
    text = f"{value:%b} {value.day}"
    return f"{text}, {value.year}" if year else text


def _clock(value: dt.time) -> str:
    hour = value.hour % 12 or 12
    suffix = "AM" if value.hour < 12 else "PM"
    return f"{hour}:{value.minute:02d} {suffix}"


def _bold(text: str) -> str:
    return "**" + text.replace("*", "").strip() + "**"


def _state_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return md.state_by_code(code).name
    except KeyError:
        return code


def _location(city: str | None, state: str | None) -> str:
    if city and state:
        return f"{city}, {state}"
    return city or _state_name(state) or ""


def _profession_label(name: str | None) -> str | None:
    if not name:
        return None
    found = md.find_profession(name)
    return found.abbreviation if found else name


_JOB_TYPE_WORDS = {
    "Travel": "travel",
    "Perm": "permanent",
    "Per Diem": "per diem",
    "Local": "local",
}
_SHIFT_PHRASES = {
    "Days": "days",
    "Nights": "nights",
    "Evenings": "evenings",
    "Mids": "mid shifts",
    "Rotating": "rotating shifts",
    "Weekends": "weekends",
}


def _title(job: JobCardView) -> str:
    if job.title:
        return job.title
    parts = [p for p in (job.specialty, _profession_label(job.profession)) if p]
    base = " ".join(parts) or "Healthcare job"
    return f"{base} – {job.job_type}" if job.job_type else base


def _start_phrase(f: SearchFilters) -> str:
    if f.start == "asap":
        return "starting ASAP"
    start = _date(f.start)
    start_from, start_to = _date(f.start_from), _date(f.start_to)
    if start_from and start_to:
        month_end = (start_to + dt.timedelta(days=1)).day == 1
        if (start_from.year, start_from.month) == (start_to.year, start_to.month) and month_end:
            return f"starting in {start_to:%B} {start_to.year}"
        return f"starting between {_day(start_from, year=False)} and {_day(start_to)}"
    if start and start_to:
        return f"starting between {_day(start, year=False)} and {_day(start_to)}"
    if start:
        return f"starting on or after {_day(start)}"
    if start_from:
        return f"starting on or after {_day(start_from)}"
    if start_to:
        return f"starting by {_day(start_to)}"
    return ""


def describe_search(filters: FiltersLike, total: int | None = None) -> str:
    """``travel ICU RN jobs in Dallas, TX on nights paying at least $2,500/wk``."""
    f = _filters(filters)
    words: list[str] = []
    if f.hot_only:
        words.append("hot")
    if f.job_type:
        words.append(_JOB_TYPE_WORDS.get(f.job_type, f.job_type.lower()))
    if f.specialty:
        words.append(f.specialty)
    label = _profession_label(f.profession)
    if label:
        words.append(label)
    words.append("job" if total == 1 else "jobs")
    text = " ".join(words)
    where = _location(f.city, f.state)
    if where:
        text += f" in {where}"
    shift = _SHIFT_PHRASES.get(f.shift or "", (f.shift or "").lower())
    if f.shift_hours and shift:
        text += f" on {f.shift_hours}-hour {shift}"
    elif shift:
        text += f" on {shift}"
    elif f.shift_hours:
        text += f" with {f.shift_hours}-hour shifts"
    pay = [p for p in (money(f.min_weekly_pay, "wk"), money(f.min_hourly_pay, "hr")) if p]
    if pay:
        text += " paying at least " + " or ".join(pay)
    start = _start_phrase(f)
    if start:
        text += " " + start
    if f.query:
        text += f' matching "{f.query}"'
    return text


def job_line(job: CardLike, position: int | None = None) -> str:
    """One line of a results list: title, place, pay, shift, start."""
    card = _card(job)
    parts = [_bold(_title(card))]
    where = _location(card.city, card.state)
    if where:
        parts.append(where)
    pay = money(card.weekly_pay, "wk") or money(card.hourly_pay, "hr")
    if pay:
        parts.append(pay)
    if card.shift:
        parts.append(card.shift)
    if card.start_date:
        parts.append(f"starts {_day(card.start_date)}")
    if card.hot_job:
        parts.append("hot job")
    prefix = f"{position}. " if position is not None else "- "
    return prefix + " · ".join(parts)


# ---------------------------------------------------------------------------- search


def _refine_hint(f: SearchFilters, seed: object) -> str:
    ideas: list[str] = []
    if not f.shift:
        ideas.append('"only nights"')
    if f.min_weekly_pay is None and f.min_hourly_pay is None:
        ideas.append('"over $2,500 a week"')
    if not f.state and not f.city:
        ideas.append('"in Texas"')
    if not f.start and not f.start_from and not f.start_to:
        ideas.append('"starting next month"')
    if not f.job_type:
        ideas.append('"travel only"')
    chosen = ideas[:2] or ['"what about Arizona instead?"']
    return _pick(
        (
            "You can narrow it down too, e.g. " + " or ".join(chosen) + ".",
            "To refine, just say something like " + " or ".join(chosen) + ".",
        ),
        seed,
    )


def search_results(
    filters: FiltersLike,
    total: int,
    cards: Sequence[CardLike],
    *,
    offset: int = 0,
    seed: str = "",
) -> str:
    """The reply to a search: the count, what was searched, the top 3 and how to go on.

    ``offset``: how many results earlier pages showed ("show more"), for the numbering.
    """
    f = _filters(filters)
    jobs = [_card(c) for c in cards]
    if total > 0 and not jobs and offset > 0:
        return (
            f"That's everything: I've shown all {total:,} {describe_search(f, total)}. "
            + _refine_hint(f, seed)
        )
    if total <= 0 or not jobs:
        return no_results(f, None)
    what = describe_search(f, total)
    if offset > 0:
        opening = f"Here are more {what} ({offset + 1}–{offset + len(jobs)} of {total:,}):"
    elif total == 1:
        opening = _pick(
            (f"I found 1 {what}:", f"There's 1 {what} right now:"),
            what,
            seed,
        )
    else:
        top = f"Here are the top {len(jobs)}:" if len(jobs) > 1 else "Here's the best match:"
        opening = _pick(
            (
                f"I found {total:,} {what}. {top}",
                f"Good news: there are {total:,} {what}. {top}",
                f"There are {total:,} {what} right now. {top}",
            ),
            what,
            seed,
        )
    lines = [opening]
    shown = jobs[:3]
    lines.extend(job_line(job, offset + i + 1) for i, job in enumerate(shown))
    if len(jobs) > len(shown):
        rest = len(jobs) - len(shown)
        lines.append(f"…plus {rest} more in the list.")
    tips: list[str] = []
    example = "the first one" if offset == 0 else f"number {offset + 1}"
    tips.append(
        _pick(
            (
                f'Say "tell me about {example}" for details or "apply to {example}" to apply.',
                f'Want details? Say "tell me about {example}" — or "apply to {example}".',
            ),
            what,
            seed,
            "tip",
        )
    )
    if total > offset + len(jobs):
        tips.append('Say "show more" to see more.')
    tips.append(_refine_hint(f, what + seed))
    return "\n".join(lines) + "\n\n" + " ".join(tips)


_RELAX_ORDER: tuple[str, ...] = (
    "city",
    "min_weekly_pay",
    "min_hourly_pay",
    "start",
    "start_from",
    "start_to",
    "shift_hours",
    "shift",
    "hot_only",
    "query",
    "specialty",
    "job_type",
    "state",
    "profession",
)


def _relax_text(f: SearchFilters, name: str) -> tuple[str, str] | None:
    """(what dropping ``name`` means, what the visitor can say to do it)."""
    if name == "city" and f.city:
        if f.state:
            state = _state_name(f.state) or f.state
            return f"look across all of {state} instead of just {f.city}", f'"in {state}"'
        return f"look beyond {f.city}", '"anywhere"'
    if name in ("min_weekly_pay", "min_hourly_pay") and (f.min_weekly_pay or f.min_hourly_pay):
        amount = money(f.min_weekly_pay, "wk") or money(f.min_hourly_pay, "hr")
        return f"drop the {amount} minimum", '"any pay"'
    if name in ("start", "start_from", "start_to") and (f.start or f.start_from or f.start_to):
        return "be flexible on the start date", '"any start date"'
    if name in ("shift", "shift_hours") and (f.shift or f.shift_hours):
        return "include every shift", '"any shift"'
    if name == "hot_only" and f.hot_only:
        return "include jobs that aren't flagged hot", '"not just hot jobs"'
    if name == "specialty" and f.specialty:
        label = _profession_label(f.profession)
        scope = f"all {label} specialties" if label else "all specialties"
        return f"look at {scope}, not just {f.specialty}", '"any specialty"'
    if name == "job_type" and f.job_type:
        return "include other job types (travel, local, per diem, permanent)", '"any job type"'
    if name == "state" and f.state:
        return "search every state", '"anywhere"'
    return None


def no_results(filters: FiltersLike, relaxed_suggestion: Relaxation | str | None = None) -> str:
    """Nothing matched: say what was searched and suggest dropping the most restrictive filter.

    ``relaxed_suggestion``: the filter to suggest dropping (a field name, or a
    :class:`Relaxation` with the number of jobs without it); by default the usually most
    restrictive one the search has (city, pay, start, shift, hot, specialty, type, state).
    """
    f = _filters(filters)
    what = describe_search(f, 0)
    opening = _pick(
        (
            f"I couldn't find any {what} right now.",
            f"There aren't any {what} open at the moment.",
        ),
        what,
    )
    relax = (
        relaxed_suggestion
        if isinstance(relaxed_suggestion, Relaxation)
        else Relaxation(relaxed_suggestion)
        if relaxed_suggestion
        else None
    )
    candidates = [relax.field] if relax else []
    candidates += [name for name in _RELAX_ORDER if name not in candidates]
    for name in candidates:
        text = _relax_text(f, name)
        if text is None:
            continue
        action, say = text
        if relax and relax.field == name and relax.total:
            count = f"{relax.total:,} job{'s' if relax.total != 1 else ''}"
            return f"{opening} If we {action}, there are {count}. Just say {say} to see them."
        return f"{opening} Want to {action}? Just say {say}."
    return (
        f"{opening} New jobs come in every day — try a different specialty or location, "
        'e.g. "travel RN jobs in Florida", or ask me to connect you with a recruiter.'
    )


# ---------------------------------------------------------------------------- job details


def _range_text(raw: str | None, unit: str) -> str | None:
    if not raw:
        return None
    numbers = [_number(n) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", raw)]
    values = [n for n in numbers if n]
    if len(values) >= 2:
        return f"{money(values[0])}–{money(values[1], unit)}"
    if len(values) == 1:
        return money(values[0], unit)
    return None


def _excerpt(text: str, limit: int = 320) -> str:
    clean = re.sub(r"\s+", " ", text).strip()
    if len(clean) <= limit:
        return clean
    cut = clean[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def job_details(details: DetailsLike, *, topic: str | None = None, seed: str = "") -> str:
    """A job's pay package, shift, dates, certifications and place, then an offer to apply.

    ``topic`` ("pay", "certifications", "shift", "dates", "location") puts the answer to the
    question that was asked first.
    """
    job = _details(details)
    title = _bold(_title(job))
    where = _location(job.city, job.state)
    place = ", ".join(p for p in (job.client_name, where) if p)
    header = f"{title} — {place}" if place else title
    if job.hot_job:
        header += " (hot job)"

    pay_parts: list[str] = []
    if job.weekly_pay:
        pay_parts.append(money(job.weekly_pay, "wk"))
    if job.hourly_pay:
        pay_parts.append(money(job.hourly_pay, "hr"))
    ranges = [
        r
        for r in (
            _range_text(job.weekly_pay_range, "wk"),
            _range_text(job.hourly_pay_range, "hr"),
        )
        if r
    ]
    pay = " · ".join(pay_parts)
    if ranges:
        pay = f"{pay} (range {', '.join(ranges)})" if pay else "range " + ", ".join(ranges)
    pay_line = f"- Pay: {pay}" if pay else "- Pay: ask your recruiter for the full package"
    if job.sign_on_bonus:
        pay_line += f" + {money(job.sign_on_bonus)} sign-on bonus"

    shift_bits: list[str] = []
    if job.shift:
        shift_bits.append(job.shift)
    if job.shift_start_time and job.shift_end_time:
        hours = f"{_clock(job.shift_start_time)}–{_clock(job.shift_end_time)}"
        shift_bits.append(f"({hours})" if job.shift else hours)
    if job.shifts_per_week and not (job.shift and f"{job.shifts_per_week}x" in job.shift):
        shift_bits.append(f"{job.shifts_per_week} shifts a week")
    shift_line = "- Shift: " + " ".join(shift_bits) if shift_bits else None

    date_bits: list[str] = []
    if job.start_date:
        date_bits.append(f"starts {_day(job.start_date)}")
    elif job.asap:
        date_bits.append("starts ASAP")
    duration = job.duration or _duration(None)
    if duration:
        date_bits.append(duration)
    if job.end_date:
        date_bits.append(f"ends {_day(job.end_date)}")
    dates_line = "- Dates: " + " · ".join(date_bits) if date_bits else None

    certs_line = (
        "- Certifications: " + ", ".join(job.certifications)
        if job.certifications
        else "- Certifications: none listed beyond your license"
    )
    type_line = f"- Type: {job.job_type}" if job.job_type else None

    by_topic = {
        "pay": pay_line,
        "shift": shift_line,
        "dates": dates_line,
        "certifications": certs_line,
    }
    lines = [line for line in (pay_line, shift_line, dates_line, certs_line, type_line) if line]
    first = by_topic.get(topic or "")
    if first:
        lines.remove(first)
        lines.insert(0, first)
    body = [header, *lines]
    if job.description_text:
        body.append("")
        body.append(_excerpt(job.description_text))
    closing = _pick(
        (
            'Want to apply? Just say "apply" and I\'ll take care of it.',
            'Interested? Say "apply" and I\'ll submit your application in a minute.',
            'Say "apply" if you\'d like this one, or ask me anything about it.',
        ),
        job.id,
        seed,
    )
    if job.url:
        closing += f" Full posting: {job.url}"
    return "\n".join(body) + "\n\n" + closing


# ---------------------------------------------------------------------------- applying


_ASK: Mapping[str, str] = {
    "first_name": "What's your first name?",
    "last_name": "And your last name?",
    "name": "What's your full name?",
    "email": "What's the best email address to reach you?",
    "phone": "And a phone number where a recruiter can reach you (a 10-digit US number)?",
    "referral_email": (
        "Happy to help you refer a friend! What's their email address? I'll send them an "
        "invite with your referral code."
    ),
    "job": 'Which job do you mean? You can say "the first one", "#2" or "the Dallas job".',
    "confirm_apply": "Reply yes to confirm or no to cancel.",
}


def ask_for(field: str, name: str | None = None) -> str:
    """Ask for one thing; ``name`` (the visitor's first name) makes it friendlier."""
    question = _ASK.get(field) or f"Could you tell me your {field.replace('_', ' ')}?"
    if field == "first_name":
        return "Great, let's get your application started. " + question
    if name and field in ("last_name", "email", "phone"):
        return f"Thanks, {name}! " + question
    return question


_FIELD_LABELS: Mapping[str, str] = {
    "first_name": "first name",
    "last_name": "last name",
    "name": "name",
    "email": "email address",
    "phone": "phone number",
    "referral_email": "email address",
}


def invalid(field: str, reason: str) -> str:
    """A value was refused; ``reason`` is an ``nlu.ErrorReason`` code or a short explanation."""
    label = _FIELD_LABELS.get(field, field.replace("_", " "))
    if reason == "email_format":
        return (
            f"Hmm, that {label} doesn't look quite right. Could you type it again? "
            "(something like jane@example.com)"
        )
    if reason == "phone_digits":
        return "I need a 10-digit US phone number, like 555-123-4567. Could you try again?"
    if reason == "name_format":
        return f"Could you type your {label} using letters only?"
    if reason == "missing":
        return f"I didn't catch your {label}. Could you type it?"
    detail = re.sub(r"[{}<>]", "", reason or "").strip().rstrip(".")
    if detail and detail.lower() not in ("none", "null", "error"):
        return f"That {label} didn't work: {detail}. Could you try again?"
    return f"That {label} didn't work. Could you try again?"


def _job_phrase(job: CardLike) -> str:
    card = _card(job)
    where = _location(card.city, card.state)
    return f"{_bold(_title(card))} in {where}" if where else _bold(_title(card))


def confirm_apply(job: CardLike) -> str:
    return (
        f"Ready to submit your application for {_job_phrase(job)}? "
        "Reply yes to confirm or no to cancel."
    )


def applied(job: CardLike, already: bool = False) -> str:
    if already:
        return (
            f"Good news: you've already applied to {_job_phrase(job)}, so there's nothing "
            "more to do. A recruiter will be in touch. Anything else I can help with?"
        )
    return (
        f"You're all set! Your application for {_job_phrase(job)} has been submitted. A "
        "recruiter will reach out soon about next steps. Want me to look for similar jobs "
        "in the meantime?"
    )


def apply_cancelled() -> str:
    return (
        "No problem, I haven't submitted anything. Want to keep looking? Tell me what to "
        'change, e.g. "only nights" or "what about Arizona instead?"'
    )


def login_required(email: str | None) -> str:
    who = mask_email(email) if email and "@" in email else "that email address"
    return (
        f"It looks like {who} already has an account with us. Please log in and I'll pick "
        "up right where we left off; your application will only take a moment after that."
    )


def signups_paused(retry_after_s: int) -> str:
    minutes = max(1, -(-retry_after_s // 60))
    return (
        "I can't create a new profile from your network right now: there have been a lot of "
        f"sign-ups from it recently. Please try again in {minutes} minute"
        f'{"s" if minutes != 1 else ""}, or say "talk to a recruiter" and a person will help.'
    )


# ---------------------------------------------------------------------------- referrals


_REFERRAL_STATUS: Mapping[str, tuple[str, str]] = {
    "sent": ("invited on {date}, hasn't signed up yet", "invited, hasn't signed up yet"),
    "registered": ("signed up (referred on {date})", "signed up"),
    "applied": ("signed up and applied to a job (referred on {date})", "applied to a job"),
    "placed": ("was placed and started working (referred on {date})", "was placed"),
}


def _reward_text(reward: RewardView, today: dt.date) -> str:
    amount = money(reward.amount)
    when = _day(reward.payment_date)
    if reward.status == "paid":
        return f"{amount} bonus paid on {when}" if when else f"{amount} bonus paid"
    if reward.status == "approved":
        if reward.payment_date and reward.payment_date <= today:
            return f"{amount} bonus approved, paid on {when}"
        if when:
            return f"{amount} bonus approved, to be paid on {when}"
        return f"{amount} bonus approved, payment date to be scheduled"
    if reward.status == "rejected":
        return f"{amount} bonus not approved"
    return f"{amount} bonus pending"


def referrals_summary(referrals: Sequence[ReferralLike], *, today: dt.date | None = None) -> str:
    """Each referral (masked email) with its status, rewards and payment dates."""
    day = today or dt.date.today()
    items = [r if isinstance(r, ReferralView) else ReferralView.from_mapping(r) for r in referrals]
    if not items:
        return (
            "You haven't referred anyone yet. Know a great nurse or allied professional? Say "
            '"refer a friend" and I\'ll send them an invite with your referral code.'
        )
    lines: list[str] = []
    paid = approved = 0.0
    for ref in items:
        dated, undated = _REFERRAL_STATUS.get(
            ref.status, (f"status {ref.status} (referred on {{date}})", f"status {ref.status}")
        )
        status = dated.format(date=_day(ref.created_at)) if ref.created_at else undated
        line = f"- {mask_email(ref.referred_email)}: {status}"
        rewards = [_reward_text(r, day) for r in ref.rewards]
        if rewards:
            line += "; " + "; ".join(rewards)
        lines.append(line)
        for reward in ref.rewards:
            if reward.status == "paid" or (
                reward.status == "approved"
                and reward.payment_date is not None
                and reward.payment_date <= day
            ):
                paid += reward.amount
            elif reward.status == "approved":
                approved += reward.amount
    count = len(items)
    opening = "Here's your referral:" if count == 1 else f"Here are your {count} referrals:"
    text = opening + "\n" + "\n".join(lines)
    totals = []
    if paid:
        totals.append(f"{money(paid)} paid")
    if approved:
        totals.append(f"{money(approved)} approved and on its way")
    if totals:
        text += "\n\nSo far: " + ", ".join(totals) + "."
    return text + '\n\nWant to refer someone else? Just say "refer a friend".'


def referral_created(email: str, code: str, url: str | None = None) -> str:
    """The invite went out (no bold here: a masked ``j***@x.com`` next to ``**`` confuses
    simple Markdown renderers)."""
    text = f"Done! I've sent an invite to {mask_email(email)} with your referral code {code}."
    if url:
        text += f" They can also sign up with your personal link:\n{url}\n"
    else:
        text += " "
    return text + 'I\'ll keep track for you; just ask "did my friend sign up?" anytime.'


# ---------------------------------------------------------------------------- conversation


def handoff(recruiter_name: str | None, already: bool = False) -> str:
    who = recruiter_name.strip() if recruiter_name and recruiter_name.strip() else None
    if already:
        person = who or "A recruiter"
        return (
            f"{person} already has your conversation and will reply right here soon. "
            "Anything I can help with in the meantime?"
        )
    person = f"{who}, one of our recruiters," if who else "one of our recruiters"
    return (
        f"I've asked {person} to join. They'll reply right here in this chat. In the "
        "meantime, feel free to keep browsing jobs with me."
    )


def greeting(seed: str = "") -> str:
    opening = _pick(
        (
            "Hi! I'm the Excel Medical Staffing assistant.",
            "Hello and welcome to Excel Medical Staffing!",
            "Hi there! Welcome to Excel Medical Staffing.",
        ),
        seed,
    )
    return (
        f"{opening} I can find travel, local, per diem and permanent healthcare jobs, help "
        "you apply, check on your referrals, or connect you with a recruiter. What are you "
        'looking for? For example: "ICU travel jobs in Texas".'
    )


_SMALLTALK: Mapping[str, tuple[str, ...]] = {
    "thanks": (
        "You're welcome! Anything else I can help with: more jobs, an application, or a recruiter?",
        "Happy to help! Let me know if you'd like to see more jobs or apply to one.",
    ),
    "how_are_you": (
        "I'm doing great, thanks for asking! Ready to help you find your next job. What are "
        "you looking for?",
    ),
    "who_are_you": (
        "I'm Excel Medical Staffing's virtual assistant, an automated helper rather than a "
        "person. I can search jobs, help you apply, check your referrals, and connect you "
        "with a recruiter whenever you'd like.",
    ),
    "bye": (
        "Thanks for stopping by, and good luck with your search! I'm here whenever you need me.",
        "Take care! Come back anytime; new jobs are posted every day.",
    ),
    "ack": (
        'Great! What would you like to do next? You can search ("nights only"), ask about a '
        'job ("tell me about the first one"), or apply.',
    ),
}


def smalltalk(kind: str | None, seed: str = "") -> str:
    options = _SMALLTALK.get(kind or "", _SMALLTALK["ack"])
    return _pick(options, kind, seed)


def help() -> str:
    """What the assistant can do, with example phrasings."""
    return (
        "Here's what I can do:\n"
        '- **Find jobs**: "travel ICU RN jobs in Texas", "nights only", "over $2,500 a week", '
        '"starting in March"\n'
        '- **Job details**: "tell me about the second one", "what does the Dallas job pay?"\n'
        '- **Apply**: "apply to the first one"; I\'ll ask for anything I need\n'
        '- **Referrals**: "refer my friend jane@example.com", "did my friend sign up?"\n'
        '- **Talk to a person**: "connect me with a recruiter"'
    )


def did_not_understand(text: str = "") -> str:
    """A helpful answer when the message was not understood (the text is never echoed)."""
    opening = _pick(
        (
            "Sorry, I didn't quite get that.",
            "Hmm, I'm not sure I understood.",
            "I didn't catch that, sorry.",
        ),
        text,
    )
    return (
        f'{opening} I can find jobs (try "ICU travel jobs in Texas" or "CNA nights in '
        'Ohio"), tell you more about a job, help you apply, check your referrals, or connect '
        "you with a recruiter. What would you like to do?"
    )


def need_search_first() -> str:
    return (
        "Let's find you a job first! Tell me what you're looking for, for example "
        '"travel RN jobs in Florida" or "night shift CNA jobs near Dallas".'
    )


def reference_not_found() -> str:
    return (
        'I\'m not sure which job you mean. Try "the first one", "#2" or "the Dallas job", '
        "or tell me what to search for."
    )
