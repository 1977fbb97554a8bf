"""Replies to a search: what was searched, the top jobs, and how to refine or widen it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from assistant.agent.replies.wording import (
    bold,
    day,
    iso_day,
    job_title,
    location,
    money,
    pick,
    profession_label,
    state_name,
)
from data_layer.jobs.filters import JobSearchFilters
from tools.job_results import JobCard

RELAX_ORDER: Final[tuple[str, ...]] = (
    "min_weekly_pay",
    "min_hourly_pay",
    "shift_hours",
    "shift",
    "start",
    "start_from",
    "start_to",
    "city",
    "hot_only",
    "job_type",
    "specialty",
    "state",
)
"""Filters in the order a search without results suggests dropping them: the most
restrictive kinds (pay, shift, start date) before the ones that define the search."""

LINES_SPELLED_OUT = 3
"""Jobs a search reply lists in its text; the cards show the whole page."""

_JOB_TYPE_WORDS: Final[dict[str, str]] = {
    "Travel": "travel",
    "Perm": "permanent",
    "Per Diem": "per diem",
    "Local": "local",
}
_SHIFT_PHRASES: Final[dict[str, str]] = {
    "Days": "days",
    "Nights": "nights",
    "Evenings": "evenings",
    "Mids": "mid shifts",
    "Rotating": "rotating shifts",
    "Weekends": "weekends",
}


@dataclass(frozen=True, slots=True)
class Relaxation:
    """A filter whose removal would give results, and how many (if the engine counted)."""

    field: str
    total: int | None = None


def card_title(card: JobCard) -> str:
    return job_title(
        card.title, specialty=card.specialty, profession=card.profession, job_type=card.job_type
    )


def _start_phrase(f: JobSearchFilters) -> str:
    if f.start == "asap":
        return "starting ASAP"
    start, start_from, start_to = iso_day(f.start), iso_day(f.start_from), iso_day(f.start_to)
    if start_from and start_to:
        month_end = (start_to + dt.timedelta(days=1)).day == 1
        if (start_from.year, start_from.month) == (start_to.year, start_to.month) and month_end:
            return f"starting in {start_to:%B} {start_to.year}"
        return f"starting between {day(start_from, year=False)} and {day(start_to)}"
    if start and start_to:
        return f"starting between {day(start, year=False)} and {day(start_to)}"
    if start:
        return f"starting on or after {day(start)}"
    if start_from:
        return f"starting on or after {day(start_from)}"
    if start_to:
        return f"starting by {day(start_to)}"
    return ""


def describe_search(f: JobSearchFilters, total: int | None = None) -> str:
    """``travel ICU RN jobs in Dallas, TX on nights paying at least $2,500/wk``.

    The free words of ``query`` are left out: they rank the jobs, they do not narrow them.
    """
    words: list[str] = []
    if f.hot_only:
        words.append("hot")
    if f.job_type:
        words.append(_JOB_TYPE_WORDS.get(f.job_type, f.job_type.lower()))
    if f.specialty:
        words.append(f.specialty)
    label = profession_label(f.profession)
    if label:
        words.append(label)
    words.append("job" if total == 1 else "jobs")
    text = " ".join(words)
    where = location(f.city, f.state)
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
    return text


def job_line(card: JobCard, position: int | None = None) -> str:
    """One line of a results list: title, place, pay, shift, start."""
    parts = [bold(card_title(card))]
    where = location(card.city, card.state)
    if where:
        parts.append(where)
    pay = money(card.weekly_pay, "wk") or money(card.hourly_pay, "hr")
    if pay:
        parts.append(pay)
    if card.shift:
        parts.append(card.shift)
    if card.start_date and not card.asap:  # an ASAP job's card beside the text says so
        parts.append(f"starts {day(card.start_date)}")
    if card.hot_job:
        parts.append("hot job")
    prefix = f"{position}. " if position is not None else "- "
    return prefix + " · ".join(parts)


def _refine_hint(f: JobSearchFilters, seed: object) -> str:
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
    return pick(
        (
            "You can narrow it down too, e.g. " + " or ".join(chosen) + ".",
            "To refine, just say something like " + " or ".join(chosen) + ".",
        ),
        seed,
    )


def search_results(
    f: JobSearchFilters,
    total: int,
    jobs: Sequence[JobCard],
    *,
    offset: int = 0,
    seed: str = "",
) -> str:
    """The reply to a search: the count, what was searched, the top 3 and how to go on.

    ``offset``: how many results earlier pages showed ("show more"), for the numbering.
    """
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
        opening = pick(
            (f"I found 1 {what}:", f"There's 1 {what} right now:"),
            what,
            seed,
        )
    else:
        top = f"Here are the top {len(jobs)}:" if len(jobs) > 1 else "Here's the best match:"
        opening = pick(
            (
                f"I found {total:,} {what}. {top}",
                f"Good news: there are {total:,} {what}. {top}",
                f"There are {total:,} {what} right now. {top}",
            ),
            what,
            seed,
        )
    lines = [opening]
    shown = jobs[:LINES_SPELLED_OUT]
    lines.extend(job_line(job, offset + i + 1) for i, job in enumerate(shown))
    if len(jobs) > len(shown):
        rest = len(jobs) - len(shown)
        lines.append(f"…plus {rest} more in the list.")
    tips: list[str] = []
    example = "the first one" if offset == 0 else f"number {offset + 1}"
    tips.append(
        pick(
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


def _relax_text(f: JobSearchFilters, name: str) -> tuple[str, str] | None:
    """(what dropping ``name`` means, what the visitor can say to do it)."""
    if name == "city" and f.city:
        if f.state:
            state = state_name(f.state) or f.state
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
        label = profession_label(f.profession)
        scope = f"all {label} specialties" if label else "all specialties"
        return f"look at {scope}, not just {f.specialty}", '"any specialty"'
    if name == "job_type" and f.job_type:
        return "include other job types (travel, local, per diem, permanent)", '"any job type"'
    if name == "state" and f.state:
        return "search every state", '"anywhere"'
    return None


def no_results(f: JobSearchFilters, relaxed_suggestion: Relaxation | str | None = None) -> str:
    """Nothing matched: say what was searched and suggest dropping the most restrictive filter.

    ``relaxed_suggestion``: the filter to suggest dropping (a field name, or a
    :class:`Relaxation` with the number of jobs without it); by default the first filter
    of :data:`RELAX_ORDER` the search has.
    """
    what = describe_search(f, 0)
    opening = pick(
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
    candidates += [name for name in RELAX_ORDER if name not in candidates]
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
