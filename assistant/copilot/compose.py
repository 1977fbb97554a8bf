"""A tool's result, told: one plain sentence with the number(s) and the period in words, the
table, a chart when a breakdown has several rows, and the "how I got this" line.

Both engines end here with the rows the tools returned: the sentence is written from the
query and the result, never by a model, so the number said is the number counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from assistant.agent.nlu.live import current_lexicon
from assistant.copilot.answer import CopilotAnswer, Table
from assistant.copilot.charts import TIME_DIMENSIONS, chart_for
from assistant.copilot.nlu.periods import describe_period
from assistant.copilot.nlu.recipes import Recipe
from data_layer.recruiting.metrics.query import MetricQuery, MetricResult
from tools.copilot import CopilotContext

__all__ = [
    "HIDDEN_CANDIDATE",
    "compose_answer",
    "compose_lookup",
    "format_number",
    "period_words",
    "scope_words",
    "shown_rows",
]

_NOUNS: Final[dict[str, tuple[str, str]]] = {
    "applications": ("application", "applications"),
    "placements": ("placement", "placements"),
    "interviews": ("interview", "interviews"),
    "candidates": ("candidate", "candidates"),
    "candidates_applied": ("candidate who applied", "candidates who applied"),
    "open_jobs": ("open job", "open jobs"),
    "hot_jobs_without_applicants": ("hot job without applicants", "hot jobs without applicants"),
    "licenses_expiring": ("license expiring", "licenses expiring"),
    "certifications_expiring": ("certification expiring", "certifications expiring"),
    "share_views": ("share-link view", "share-link views"),
    "share_applications": ("application through share links", "applications through share links"),
    "share_placements": ("placement through share links", "placements through share links"),
    "referrals": ("referral", "referrals"),
    "handoffs_open": ("open handoff", "open handoffs"),
    "time_to_first_application": ("day to first application", "days to first application"),
    "handoff_response_time": ("minute to first reply", "minutes to first reply"),
    "share_link_conversion": ("share-link conversion", "share-link conversion"),
}
_TITLES: Final[dict[str, str]] = {
    "time_to_first_application": "Median days to first application",
    "handoff_response_time": "Median minutes to first reply",
    "share_link_conversion": "Share-link conversion",
}
_STATE_METRICS: Final = frozenset({"open_jobs", "hot_jobs_without_applicants", "handoffs_open"})
"""Counted as they are now (their period, if any, is when they were posted/handed off)."""
_DIMENSION_WORDS: Final[dict[str, str]] = {
    "status": "status",
    "job": "job",
    "specialty": "specialty",
    "profession": "profession",
    "state": "state",
    "source": "source",
    "referral_source": "referral source",
    "recruiter": "recruiter",
    "share_link": "share link",
    "candidate": "candidate",
    "certification": "certification",
    "day": "day",
    "week": "week",
    "month": "month",
}


def format_number(value: float | int | None, unit: str | None = None) -> str:
    """``1,234``; ``3.5``; a ratio as a percentage (``0.052`` -> ``5.2%``)."""
    if value is None:
        return "no data"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def period_words(query: MetricQuery, today: dt.date) -> str:
    f = query.filters
    expiry = query.metric in ("licenses_expiring", "certifications_expiring")
    if expiry and f.period_start is None and f.period_end is None and f.within_days is None:
        return describe_period(None, None, 30, today)
    if f.within_days is not None and not expiry:
        start = today - dt.timedelta(days=f.within_days - 1)
        return describe_period(f.period_start or start, f.period_end or today, None, today)
    return describe_period(f.period_start, f.period_end, f.within_days, today)


def scope_words(ctx: CopilotContext, query: MetricQuery | None, names: dict[str, str]) -> str:
    """Whose data the number covers."""
    recruiter = query.filters.recruiter_id if query is not None else None
    if recruiter is not None:
        name = names.get(str(recruiter))
        if ctx.scope.recruiter_id is not None and recruiter == ctx.scope.recruiter_id:
            return "your own pipeline"
        return f"{name}'s pipeline" if name else "one recruiter's pipeline"
    if ctx.scope.is_admin:
        return "all recruiters"
    return "your candidates, applications, share links and handoffs only"


def _state_name(code: str) -> str:
    state = current_lexicon().states_by_code.get(code.lower())
    return state.name if state else code.upper()


def _qualifiers(query: MetricQuery, names: dict[str, str]) -> str:
    """ " for ICU jobs in Texas, in status interviewing" - what narrows the count."""
    f = query.filters
    parts: list[str] = []
    what = " ".join(x for x in (f.specialty, f.profession) if x)
    kind = f.job_type.lower() if f.job_type else ""
    on_jobs = query.metric not in ("candidates", "licenses_expiring", "certifications_expiring")
    if query.metric in ("open_jobs", "hot_jobs_without_applicants", "time_to_first_application"):
        on_jobs = False
    hot = f.hot and query.metric != "hot_jobs_without_applicants"
    label = " ".join(x for x in ("hot" if hot else "", "featured" if f.featured else "",
                                 what, kind) if x)  # fmt: skip
    if label:
        parts.append(f"for {label} jobs" if on_jobs else f"for {label}")
    if f.state_code:
        parts.append(f"in {_state_name(f.state_code)}")
    if f.statuses:
        parts.append("in status " + " or ".join(s.lower() for s in f.statuses))
    if f.job_id is not None:
        parts.append(f"for {names.get(str(f.job_id), 'that job')}")
    if f.recruiter_id is not None and str(f.recruiter_id) in names:
        parts.append(f"for {names[str(f.recruiter_id)]}")
    if f.candidate_id is not None:
        parts.append(f"for {names.get(str(f.candidate_id), 'that candidate')}")
    return "".join(" " + p for p in parts)


def _noun(metric: str, count: float | int | None) -> str:
    singular, plural = _NOUNS.get(metric, (metric.replace("_", " "),) * 2)
    return singular if count == 1 else plural


def _one_number_sentence(query: MetricQuery, value: Any, unit: str | None, quals: str,
                         when: str, mine: bool) -> str:  # fmt: skip
    metric = query.metric
    period = f" {when}" if when else ""
    if metric == "time_to_first_application":
        if value is None:
            return f"No job{quals}{period} has an application yet, so there is no time to tell."
        days = format_number(value)
        return f"The median time from posting to first application is {days} days{quals}{period}."
    if metric == "handoff_response_time":
        if value is None:
            return f"No handoff{quals}{period} has had a reply yet, so there is no time to tell."
        minutes = format_number(value)
        return (
            f"The median time to the first reply on a handoff is {minutes} minutes{quals}{period}."
        )
    if metric == "share_link_conversion":
        if value is None:
            return f"Your share links had no views{quals}{period}, so there is no conversion rate."
        return (
            f"Share links turned {format_number(value, 'ratio')} of views into applications"
            f"{quals}{period}."
        )
    count = value or 0
    number = format_number(count) if count else "no"
    noun = _noun(metric, count)
    if metric in ("licenses_expiring", "certifications_expiring"):
        thing = noun.replace(" expiring", "")
        verb = "expires" if count == 1 else "expire"
        return f"{number.capitalize()} {thing}{quals} {verb}{period}."
    if metric == "candidates":
        if when:
            verb = "was" if count == 1 else "were"
            return f"{number.capitalize()} {noun}{quals} {verb} added{period}."
        if mine:
            return f"You have {number} {noun}{quals}."
        return f"There {'is' if count == 1 else 'are'} {number} {noun}{quals}."
    if metric in _STATE_METRICS:
        posted = f", posted {when}" if when and metric != "handoffs_open" else period
        return f"There {'is' if count == 1 else 'are'} {number} {noun}{quals}{posted}."
    return f"There {'was' if count == 1 else 'were'} {number} {noun}{quals}{period}."


def _label(value: Any, dim: str) -> str:
    if value is None:
        return "(none)"
    if dim in TIME_DIMENSIONS and isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
        if dim == "month":
            return f"{day:%B %Y}"
        return f"week of {day:%b} {day.day}" if dim == "week" else f"{day:%b} {day.day}"
    if dim == "state" and isinstance(value, str) and len(value) == 2:
        return _state_name(value)
    return str(value)


def _breakdown_sentence(
    query: MetricQuery, result: MetricResult, rows: Sequence[Sequence[Any]], quals: str, when: str
) -> str:
    dims = query.group_by
    unit = result.unit
    title = _TITLES.get(query.metric, _noun(query.metric, 2).capitalize())
    period = f" {when}" if when else ""
    by = " and ".join(_DIMENSION_WORDS.get(d, d) for d in dims)
    if not rows:
        return f"No {_noun(query.metric, 2)}{quals}{period}: nothing to break down by {by}."
    numbers = [r[-1] for r in rows if isinstance(r[-1], int | float)]
    additive = unit not in ("days", "minutes", "ratio")
    total = (
        f"; {format_number(sum(numbers))} in all"
        if additive and len(rows) > 1 and (not result.truncated)
        else ""
    )
    if dims and dims[0] in TIME_DIMENSIONS and len(dims) == 1:
        best = max(rows, key=lambda r: r[-1] if isinstance(r[-1], int | float) else -1)
        return (
            f"{title}{quals} per {by}{period}: the highest was {_label(best[0], dims[0])} "
            f"({format_number(best[-1], unit)}){total}."
        )
    if query.limit == 1 and len(rows) == 1:
        word = "most" if query.order == "desc" else "fewest"
        if not additive:
            word = "highest" if query.order == "desc" else "lowest"
        winner = _label(rows[0][0], dims[0])
        return (
            f"{winner} has the {word} {_noun(query.metric, 2)}{quals}{period}: "
            f"{format_number(rows[0][-1], unit)}."
        )
    shown = rows[:3]
    items = ", ".join(
        " / ".join(_label(r[i], d) for i, d in enumerate(dims)) + f" {format_number(r[-1], unit)}"
        for r in shown
    )
    more = f", and {len(rows) - len(shown)} more" if len(rows) > len(shown) else ""
    return f"{title}{quals}{period} by {by}: {items}{more}{total}."


def _list_sentence(
    query: MetricQuery, result: MetricResult, rows: Sequence[Sequence[Any]], quals: str,
    when: str, people: bool,
) -> str:  # fmt: skip
    period = f" {when}" if when else ""
    noun = "candidate" if people else _noun(query.metric, len(rows))
    if people and len(rows) != 1:
        noun = "candidates"
    if not rows:
        if people and query.metric in ("licenses_expiring", "certifications_expiring"):
            thing = "license" if query.metric == "licenses_expiring" else "certification"
            return f"I found no candidates with a {thing}{quals} expiring{period}."
        return f"I found no {noun if people else _noun(query.metric, 2)}{quals}{period}."
    count = f"the first {len(rows)}" if result.truncated else str(len(rows))
    names = [str(r[0]) for r in rows[:3] if r and r[0] not in (None, "")]
    shown = f": {', '.join(names)}" + (" and more" if len(rows) > 3 else "") if names else ""
    if people and query.metric in ("licenses_expiring", "certifications_expiring"):
        thing = "license" if query.metric == "licenses_expiring" else "certification"
        return f"{count.capitalize()} {noun} with a {thing}{quals} expiring{period}{shown}."
    if people and query.metric in _PEOPLE_WORDS:
        return f"Here are {count} {noun} {_PEOPLE_WORDS[query.metric]}{quals}{period}{shown}."
    return f"Here are {count} {noun}{quals}{period}{shown}."


_PEOPLE_WORDS: Final[dict[str, str]] = {
    "applications": "who applied",
    "candidates_applied": "who applied",
    "placements": "placed",
    "share_placements": "placed through share links",
    "share_applications": "who applied through share links",
    "interviews": "who reached interviewing",
    "referrals": "referred",
    "handoffs_open": "with an open handoff",
}


HIDDEN_CANDIDATE: Final = "(another desk's candidate)"


def shown_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Rows as shown: a candidate the asker may not see (an application assigned to them of
    another desk's candidate) is named as such rather than left blank."""
    if not columns or columns[0] != "candidate":
        return [list(r) for r in rows]
    return [
        [HIDDEN_CANDIDATE if i == 0 and v is None else v for i, v in enumerate(r)] for r in rows
    ]


def _pick_rows(
    columns: Sequence[str], rows: Sequence[tuple[str, list[Any]]], pick: tuple[str, Sequence[str]]
) -> list[tuple[str, list[Any]]]:
    column, labels = pick
    wanted = {_squash(label) for label in labels}
    index = next((i for i, c in enumerate(columns) if c in (column, column.replace("_", " "))), 0)
    return [(key, row) for key, row in rows if _squash(row[index]) in wanted]


def _pick_words(pick: tuple[str, Sequence[str]]) -> str:
    column, labels = pick
    named = " or ".join(labels)
    if column in ("source", "referral_source", "referral source"):
        return f" from {named}"
    if column == "status":
        return f" in status {named}"
    return f" for {named}"


def _squash(value: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value).lower())


def _keyed(result: MetricResult) -> list[tuple[str, list[Any]]]:
    """Each row with its candidate id (or, when ids are missing, its first cell)."""
    rows = [list(r) for r in result.rows]
    if len(result.candidate_ids) == len(rows):
        return list(zip(result.candidate_ids, rows, strict=True))
    return [(str(r[0]) if r else "", r) for r in rows]


def _distinct_people(rows: Sequence[tuple[str, list[Any]]]) -> list[tuple[str, list[Any]]]:
    """One row per candidate the asker may see (the first of each), when the rows are
    licenses, applications...; a row whose candidate is hidden from the asker is no one
    they can be shown."""
    seen: set[str] = set()
    kept: list[tuple[str, list[Any]]] = []
    for key, row in rows:
        if key in seen or not row or row[0] in (None, ""):
            continue
        seen.add(key)
        kept.append((key, row))
    return kept


def explanation(
    query: MetricQuery | None, result: MetricResult, ctx: CopilotContext, names: dict[str, str]
) -> str:
    meaning = result.metric_meaning.rstrip(". ")
    meaning = meaning[:1].lower() + meaning[1:]
    verb = "Listed" if query is not None and query.list_rows else "Counted"
    if result.unit in ("days", "minutes", "ratio"):
        verb = "Computed"
    filters = result.filters_text or "no filters"
    return f"{verb} {meaning}; filters: {filters}; covering {scope_words(ctx, query, names)}."


def compose_answer(
    result: MetricResult,
    query: MetricQuery | None,
    ctx: CopilotContext,
    *,
    notes: Sequence[str] = (),
    uncertain: bool = False,
    pick: tuple[str, Sequence[str]] | None = None,
    people: bool = False,
    names: dict[str, str] | None = None,
) -> CopilotAnswer:
    """The answer of one tool result.

    ``pick``: (column, labels) - answer with those rows only (a source asked by name);
    ``people``: the question asked for candidates, so list rows collapse to one per
    candidate; ``names``: display names of ids in the filters (jobs, recruiters).
    """
    names = names or {}
    today = ctx.today
    sql = result.sql if ctx.scope.is_admin else None
    how = explanation(query, result, ctx, names)
    caveats = "".join(" " + n for n in notes)
    if query is None:  # candidates for a job: a ranked list, said by its caller
        table = Table(columns=list(result.columns), rows=[list(r) for r in result.rows])
        return CopilotAnswer(
            answer=f"{len(result.rows)} candidates match.{caveats}",
            table=table if result.rows else None,
            explanation=how,
            sql=sql,
            uncertain=uncertain,
            outside_scope=result.outside_scope,
        )
    quals = _qualifiers(query, names)
    when = period_words(query, today)
    single = not query.group_by and not query.list_rows
    if result.outside_scope and single and result.unit not in ("days", "minutes", "ratio"):
        # None of the asker's own: the count is 0, and saying more would leak.
        sentence = _one_number_sentence(query, 0, result.unit, quals, when, True)
        return CopilotAnswer(
            answer=sentence + " (Other recruiters' rows match, but they are outside your "
            f"scope.){caveats}",
            value=0,
            table=Table(columns=list(result.columns), rows=[[0]]),
            explanation=how,
            sql=sql,
            uncertain=uncertain,
            outside_scope=True,
        )
    if result.outside_scope:
        return CopilotAnswer(
            answer=(
                "Nothing you can see matches that: the matching rows belong to other "
                f"recruiters' candidates, outside your scope.{caveats}"
            ),
            explanation=how,
            sql=sql,
            uncertain=uncertain,
            outside_scope=True,
        )
    keyed = _keyed(result)
    columns = list(result.columns)
    value = result.value
    if pick is not None:
        keyed = _pick_rows(columns, keyed, pick)
        quals += _pick_words(pick)
    if query.list_rows and people and query.metric != "candidates":
        keyed = _distinct_people(keyed)
    rows = [row for _, row in keyed]
    if pick is not None and not query.list_rows:
        numbers = [r[-1] for r in rows if isinstance(r[-1], int | float)]
        value = sum(numbers) if numbers else 0
        if len(query.group_by) == 1:
            sentence = _one_number_sentence(query, value, result.unit, quals, when, False)
            return CopilotAnswer(
                answer=sentence + caveats,
                value=value,
                table=Table(columns=columns, rows=rows) if rows else None,
                explanation=how,
                sql=sql,
                uncertain=uncertain,
            )
    if query.list_rows:
        sentence = _list_sentence(query, result, rows, quals, when, people)
        return CopilotAnswer(
            answer=sentence + caveats,
            table=Table(columns=columns, rows=shown_rows(columns, rows)) if rows else None,
            explanation=how,
            sql=sql,
            uncertain=uncertain,
        )
    if query.group_by:
        sentence = _breakdown_sentence(query, result, rows, quals, when)
        title = f"{_TITLES.get(query.metric, _noun(query.metric, 2).capitalize())} by " + (
            " and ".join(_DIMENSION_WORDS.get(d, d) for d in query.group_by)
        )
        chart = chart_for(
            columns, rows, query.group_by, title=title, measure_title=_noun(query.metric, 2)
        )
        return CopilotAnswer(
            answer=sentence + caveats,
            table=Table(columns=columns, rows=rows) if rows else None,
            chart=chart,
            explanation=how,
            sql=sql,
            uncertain=uncertain,
        )
    mine = not ctx.scope.is_admin or query.filters.recruiter_id is not None
    sentence = _one_number_sentence(query, value, result.unit, quals, when, mine)
    return CopilotAnswer(
        answer=sentence + caveats,
        value=value,
        table=Table(columns=columns, rows=rows) if rows else None,
        explanation=how,
        sql=sql,
        uncertain=uncertain,
    )


def compose_comparison(
    first: tuple[MetricQuery, MetricResult],
    second: tuple[MetricQuery, MetricResult],
    ctx: CopilotContext,
    *,
    notes: Sequence[str] = (),
    uncertain: bool = False,
    names: dict[str, str] | None = None,
) -> CopilotAnswer:
    """One number for each of two periods ("this month vs last month"), side by side, with
    the difference; ``value`` stays empty (the answer is two numbers)."""
    names = names or {}
    (query, result), (other_query, other) = first, second
    unit = result.unit
    when = period_words(query, ctx.today) or "in the first period"
    other_when = period_words(other_query, ctx.today) or "in the second period"
    a, b = result.value, other.value
    title = _TITLES.get(query.metric, _noun(query.metric, 2).capitalize())
    sentence = (
        f"{title}{_qualifiers(query, names)}: {format_number(a, unit)} {when}, "
        f"against {format_number(b, unit)} {other_when}"
    )
    if isinstance(a, int | float) and isinstance(b, int | float):
        if a == b:
            sentence += ": the same."
        elif unit == "ratio":
            points = (a - b) * 100
            sentence += f": {abs(points):.1f} percentage points {'up' if a > b else 'down'}."
        else:
            change = f"{format_number(abs(a - b), unit)} {'more' if a > b else 'fewer'}"
            if unit in ("days", "minutes"):
                change = f"{format_number(abs(a - b))} {unit} {'longer' if a > b else 'shorter'}"
            relative = f" ({(a - b) / b:+.0%})" if b else ""
            sentence += f": {change}{relative}."
    else:
        sentence += "."
    columns = ["period", _noun(query.metric, 2)]
    rows: list[list[Any]] = [[when, a], [other_when, b]]
    how = explanation(query, result, ctx, names) + f" Compared with {other_when}."
    return CopilotAnswer(
        answer=sentence + "".join(" " + n for n in notes),
        table=Table(columns=columns, rows=rows),
        chart=chart_for(columns, rows, ["period"], title=title, measure_title=columns[1]),
        explanation=how,
        sql=result.sql if ctx.scope.is_admin else None,
        uncertain=uncertain,
    )


def compose_lookup(
    recipe: Recipe,
    columns: list[str],
    rows: list[list[Any]],
    ctx: CopilotContext,
    *,
    words: str,
    notes: Sequence[str],
    uncertain: bool,
    truncated: bool,
    sql: str,
) -> CopilotAnswer:
    """The answer of one of the fixed queries of :mod:`assistant.copilot.nlu.recipes`."""
    caveats = "".join(" " + n for n in notes)
    whose = scope_words(ctx, None, {})
    how = f"Counted {recipe.meaning}{words}; covering {whose}."
    shown_sql = sql if ctx.scope.is_admin else None
    if recipe.rows:
        how = how.replace("Counted", "Listed", 1)
        # Ids serve follow-ups and the tests; the table shows the rest.
        visible = [c for c in columns if c not in ("candidate_id", "job_id")]
        keep = [i for i, c in enumerate(columns) if c in visible]
        table_rows = [[r[i] for i in keep] for r in rows]
        if not rows:
            return CopilotAnswer(
                answer=f"I found no {recipe.noun}{words}.{caveats}",
                explanation=how, sql=shown_sql, uncertain=uncertain,
            )  # fmt: skip
        label = 1 if visible and visible[0] in ("external_job_id",) else 0
        names = [str(r[label]) for r in table_rows[:3] if r and r[label] not in (None, "")]
        count = f"the first {len(rows)}" if truncated else str(len(rows))
        chart = None
        if len(visible) == 2 and all(isinstance(r[-1], int | float) for r in table_rows):
            chart = chart_for(visible, table_rows, visible[:1], title=recipe.noun.capitalize(),
                              measure_title=visible[-1].replace("_", " "))  # fmt: skip
        return CopilotAnswer(
            answer=f"Here are {count} {recipe.noun}{words}: {', '.join(names)}"
            + (" and more" if len(rows) > 3 else "")
            + f".{caveats}",
            table=Table(columns=list(visible), rows=table_rows),
            chart=chart,
            explanation=how,
            sql=shown_sql,
            uncertain=uncertain,
        )
    value = rows[0][0] if rows and rows[0] else None
    if recipe.unit == "usd":
        said = f"${value:,.2f}" if isinstance(value, int | float) else "not known (no pay data)"
        sentence = f"The {recipe.noun}{words} is {said}."
    elif recipe.unit == "days":
        known = isinstance(value, int | float)
        said = f"{format_number(value)} days" if known else "not known (nothing counted yet)"
        sentence = f"The {recipe.noun}{words} is {said}."
    elif recipe.unit in ("ratio", "years") or recipe.name == "applications_per_job":
        said = format_number(value, recipe.unit) if value is not None else "not known (none yet)"
        if recipe.unit == "ratio" and isinstance(value, int | float):
            said = f"{value * 100:.1f}%"
        sentence = f"The {recipe.noun}{words} is {said}."
    else:
        count = value or 0
        number = format_number(count) if count else "no"
        sentence = f"There {'is' if count == 1 else 'are'} {number} {recipe.noun}{words}."
    return CopilotAnswer(
        answer=sentence + caveats,
        value=value,
        table=Table(columns=columns, rows=rows) if rows else None,
        explanation=how,
        sql=shown_sql,
        uncertain=uncertain,
    )
