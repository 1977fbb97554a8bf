"""The offline engine: recruiters' everyday pipeline questions answered without a model.

The question is read by :mod:`assistant.copilot.nlu` (deterministic rules over the master
data's words), run through the copilot tools of :mod:`tools.copilot` only (the metric tool,
guarded SQL for looking up a job or a recruiter's name, candidates for a job), and told by
:mod:`assistant.copilot.compose`. The tools run every read in the asker's row-level-security
scope, so nothing said here can widen what the asker sees.

A query the semantic layer cannot answer as asked is fitted to what it can (a breakdown it
has not is dropped, a status it cannot filter on is read off its status breakdown), and the
answer says so and is marked uncertain.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from typing import Final
from uuid import UUID

import msgspec

from assistant.copilot.answer import Clarification, CopilotAnswer, CopilotState, Table
from assistant.copilot.compose import (
    compose_answer,
    compose_comparison,
    compose_lookup,
    explanation,
    shown_rows,
)
from assistant.copilot.nlu.grounding import RecruiterName
from assistant.copilot.nlu.reading import (
    Ask,
    Chitchat,
    Clarify,
    Explain,
    ForJob,
    Lookup,
    Refuse,
)
from assistant.copilot.nlu.understand import Asker, read_question
from data_layer.recruiting.metrics import MetricRejected
from data_layer.recruiting.metrics.query import MetricQuery, MetricResult
from data_layer.recruiting.metrics.run import json_value
from data_layer.recruiting.semantic import METRICS
from data_layer.recruiting.sql_guard import SQLRejected
from data_layer.recruiting.sql_runner import SQLFailed
from tools.copilot import CopilotContext, candidates_for_job, query_metric, run_sql

__all__ = ["answer_offline"]

log = logging.getLogger(__name__)

_NAMES_TTL_S: Final = 60.0
_names_cache: dict[str, tuple[float, tuple[RecruiterName, ...]]] = {}

_FILTER_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "period": ("period_start", "period_end"),
    "within_days": ("within_days",),
    "statuses": ("statuses",),
    "specialty": ("specialty",),
    "profession": ("profession",),
    "state_code": ("state_code",),
    "job_id": ("job_id",),
    "job_type": ("job_type",),
    "recruiter_id": ("recruiter_id",),
    "candidate_id": ("candidate_id",),
    "share_id": ("share_id",),
    "hot": ("hot",),
    "featured": ("featured",),
    "source": ("source",),
    "referral_source": ("referral_source",),
    "certification": ("certification",),
    "shift": ("shift",),
    "pay": ("min_weekly_pay", "max_weekly_pay", "min_hourly_pay", "max_hourly_pay"),
}
_FILTER_WORDS: Final[dict[str, str]] = {
    "period": "a period",
    "within_days": "a number of days",
    "statuses": "status",
    "state_code": "state",
    "job_id": "job",
    "job_type": "job type (travel, perm...)",
    "recruiter_id": "recruiter",
    "hot": "hot jobs",
    "featured": "featured jobs",
    "referral_source": "referral source",
}
_LIST_COLUMN: Final[dict[str, str]] = {"referral_source": "referral source"}
_ROWS_WITH_A_COUNT: Final = 200
"""A bare question ("placements this year") shows its rows below the count up to this many."""


async def _recruiter_names(ctx: CopilotContext) -> tuple[RecruiterName, ...]:
    """The recruiters' names (visible to all staff), read at most once a minute."""
    key = ctx.engine.url.render_as_string(hide_password=True)
    cached = _names_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < _NAMES_TTL_S:
        return cached[1]
    try:
        result = await run_sql(ctx, "SELECT recruiter_id, name FROM copilot.recruiters")
    except (SQLRejected, SQLFailed) as exc:
        log.warning("copilot could not read recruiter names: %s", exc)
        return ()
    names = tuple(
        RecruiterName(UUID(str(row[0])), str(row[1])) for row in result.rows if row[0] and row[1]
    )
    _names_cache[key] = (time.monotonic(), names)
    return names


async def _find_job(ctx: CopilotContext, reference: str) -> tuple[UUID, str] | None:
    """A job by UUID or number: its id and "title - city, ST"; None when there is none."""
    if reference.isdigit():
        where = f"external_job_id = {int(reference)}"
    else:
        try:
            where = f"job_id = '{UUID(reference)}'"
        except ValueError:
            return None
    result = await run_sql(
        ctx,
        "SELECT job_id, external_job_id, title, city, state_code FROM copilot.jobs "
        f"WHERE {where} LIMIT 1",
    )
    if not result.rows:
        return None
    job_id, number, title, city, state = result.rows[0]
    place = ", ".join(str(x) for x in (city, state) if x)
    label = f"{title} - {place}" if place else str(title)
    return UUID(str(job_id)), f"job {number} ({label})" if number is not None else label


def _fit(
    query: MetricQuery, pick: tuple[str, tuple[str, ...]] | None
) -> tuple[MetricQuery, tuple[str, tuple[str, ...]] | None, list[str]]:
    """``query`` narrowed to what its metric allows, the rows to pick, and what was left out."""
    metric = METRICS.get(query.metric)
    if metric is None:
        return query, pick, []
    notes: list[str] = []
    # "referrals by source": the source of a referral is its candidate's referral source
    wanted = [
        "referral_source"
        if d == "source" and d not in metric.dimensions and "referral_source" in metric.dimensions
        else d
        for d in query.group_by
    ]
    query = msgspec.structs.replace(query, group_by=wanted)
    group_by = [d for d in query.group_by if d in metric.dimensions]
    dropped = [d for d in query.group_by if d not in metric.dimensions]
    if dropped:
        notes.append(
            f"I can't break {query.metric.replace('_', ' ')} down by {', '.join(dropped)}."
        )
    changes: dict[str, object] = {}
    f = query.filters
    for name, fields in _FILTER_FIELDS.items():
        given = any(getattr(f, field) not in (None, []) for field in fields)
        if not given or name in metric.filters:
            continue
        if name == "statuses" and "status" in metric.dimensions and pick is None:
            # "candidates on assignment": read off the status breakdown
            pick = ("status", tuple(f.statuses))
            if not query.list_rows:
                group_by = ["status"]
        else:
            notes.append(
                f"I can't narrow {query.metric.replace('_', ' ')} by "
                f"{_FILTER_WORDS.get(name, name)}, so that was left out."
            )
        for field in fields:
            changes[field] = [] if field == "statuses" else None
    if pick is not None and not query.list_rows and pick[0] not in group_by:
        if pick[0] in metric.dimensions:
            group_by = [pick[0], *group_by][:2]
        else:
            notes.append(f"I can't narrow {query.metric.replace('_', ' ')} by {pick[0]}.")
            pick = None
    filters = msgspec.structs.replace(f, **changes) if changes else f
    fitted = msgspec.structs.replace(
        query,
        group_by=group_by,
        filters=filters,
        limit=None if pick is not None else query.limit,
    )
    if pick is not None and query.list_rows:
        pick = (_LIST_COLUMN.get(pick[0], pick[0]), pick[1])
    return fitted, pick, notes


def _refusal(message: str) -> CopilotAnswer:
    return CopilotAnswer(answer=message, uncertain=True)


def _kept(state: CopilotState | None) -> CopilotState:
    """The state after an answer that ran nothing (a refusal, a greeting)."""
    if state is None:
        return CopilotState()
    return msgspec.structs.replace(state, pending=None)


async def answer_offline(
    question: str, state: CopilotState | None, ctx: CopilotContext
) -> tuple[CopilotAnswer, CopilotState]:
    """Answer ``question`` (a follow-up of ``state`` when it reads as one) with the tools."""
    recruiters = await _recruiter_names(ctx)
    asker = Asker(is_admin=ctx.scope.is_admin, recruiter_id=ctx.scope.recruiter_id)
    reading = read_question(
        question, state=state, today=ctx.today, asker=asker, recruiters=recruiters
    )
    names = {str(r.recruiter_id): r.name for r in recruiters}
    if isinstance(reading, Refuse):
        return _refusal(reading.message), _kept(state)
    if isinstance(reading, Chitchat):
        return CopilotAnswer(answer=reading.message), _kept(state)
    if isinstance(reading, Clarify):
        pending = Clarification(choices=list(reading.choices))
        kept = _kept(state)
        return (
            CopilotAnswer(answer=reading.message, clarify=list(reading.choices)),
            msgspec.structs.replace(kept, pending=pending),
        )
    if isinstance(reading, Explain):
        assert state is not None and state.last_query is not None
        return await _explain(state.last_query, state, ctx, names)
    if isinstance(reading, ForJob):
        return await _for_job(reading, state, ctx)
    if isinstance(reading, Lookup):
        return await _lookup(reading, state, ctx)
    return await _ask(reading, state, ctx, names)


async def _lookup(
    reading: Lookup, state: CopilotState | None, ctx: CopilotContext
) -> tuple[CopilotAnswer, CopilotState]:
    try:
        result = await run_sql(ctx, reading.recipe.sql)
    except (SQLRejected, SQLFailed) as exc:
        reason = exc.reason if isinstance(exc, SQLRejected | SQLFailed) else str(exc)
        return _refusal(f"I couldn't answer that: {reason}"), _kept(state)
    rows = [[json_value(v) for v in row] for row in result.rows]
    answer = compose_lookup(
        reading.recipe,
        list(result.columns),
        rows,
        ctx,
        words=reading.words,
        notes=reading.notes,
        uncertain=reading.uncertain,
        truncated=result.truncated,
        sql=result.sql,
    )
    ids = [str(r[0]) for r in rows if r and result.columns[:1] == ["candidate_id"]]
    return answer, CopilotState(row_ids=ids)


_NAME_OK: Final = re.compile(r"^[a-z][a-z'-]{0,40}$")


async def _find_candidate(ctx: CopilotContext, first: str, last: str) -> UUID | None:
    """The one candidate of that name the asker may see (None: none, or several)."""
    if not (_NAME_OK.match(first) and _NAME_OK.match(last)):
        return None
    quoted = [n.replace("'", "''") for n in (first, last)]
    result = await run_sql(
        ctx,
        "SELECT candidate_id FROM copilot.candidates WHERE lower(first_name) = "
        f"'{quoted[0]}' AND lower(last_name) = '{quoted[1]}' LIMIT 2",
    )
    if len(result.rows) != 1:
        return None
    return UUID(str(result.rows[0][0]))


async def _run(ctx: CopilotContext, query: MetricQuery) -> tuple[MetricResult | None, str | None]:
    try:
        return await query_metric(ctx, query), None
    except MetricRejected as exc:
        return None, exc.reason
    except SQLFailed as exc:  # a timeout is one: the question was too slow to answer
        return None, str(exc)


async def _ask(
    reading: Ask, state: CopilotState | None, ctx: CopilotContext, names: dict[str, str]
) -> tuple[CopilotAnswer, CopilotState]:
    query = reading.query
    notes = list(reading.notes)
    if reading.job_reference is not None and query.filters.job_id is None:
        job = await _find_job(ctx, reading.job_reference)
        if job is None:
            return _refusal(f"I can't find job {reading.job_reference}."), _kept(state)
        query = msgspec.structs.replace(
            query, filters=msgspec.structs.replace(query.filters, job_id=job[0])
        )
        names[str(job[0])] = job[1]
    elif query.filters.job_id is not None:
        job = await _find_job(ctx, str(query.filters.job_id))
        if job is not None:
            names[str(job[0])] = job[1]
    if reading.candidate_name is not None and query.filters.candidate_id is None:
        first, last = reading.candidate_name
        candidate = await _find_candidate(ctx, first, last)
        who = f"{first.capitalize()} {last.capitalize()}"
        if candidate is None:
            return (
                _refusal(
                    f"I can't find one candidate called {who} among the candidates you can see."
                ),
                _kept(state),
            )
        query = msgspec.structs.replace(
            query, filters=msgspec.structs.replace(query.filters, candidate_id=candidate)
        )
        names[str(candidate)] = who
    fitted, pick, fit_notes = _fit(query, reading.pick)
    notes += fit_notes
    result, failure = await _run(ctx, fitted)
    if result is None:
        message = f"I couldn't answer that: {failure}" if failure else "I couldn't answer that."
        return _refusal(message), _kept(state)
    if reading.compare is not None and not result.outside_scope:
        # The fitted question (job, candidate looked up) over the second period
        f = reading.compare.filters
        other_query = msgspec.structs.replace(
            fitted,
            filters=msgspec.structs.replace(
                fitted.filters,
                period_start=f.period_start,
                period_end=f.period_end,
                within_days=f.within_days,
            ),
        )
        other, failure = await _run(ctx, other_query)
        if other is None:
            message = f"I couldn't answer that: {failure}" if failure else "I couldn't answer that."
            return _refusal(message), _kept(state)
        answer = compose_comparison(
            (fitted, result),
            (other_query, other),
            ctx,
            notes=notes,
            uncertain=reading.uncertain or bool(fit_notes),
            names=names,
        )
        return answer, CopilotState(last_query=query)
    answer = compose_answer(
        result,
        fitted,
        ctx,
        notes=notes,
        uncertain=reading.uncertain or bool(fit_notes),
        pick=pick,
        people=reading.people,
        names=names,
    )
    ids = list(result.candidate_ids)
    # A long list helps nobody (and costs a sort over many rows): only a short one is shown.
    if (
        reading.with_rows
        and isinstance(result.value, int)
        and 0 < result.value <= min(ctx.max_rows, _ROWS_WITH_A_COUNT)
    ):
        answer = await _with_rows(answer, fitted, ctx)
    # The query remembered is the one asked (with its pick as a filter where it was one),
    # so "and last month?" re-asks it rather than its fitted form.
    new_state = CopilotState(last_query=query, row_ids=ids)
    return answer, new_state


async def _with_rows(
    answer: CopilotAnswer, query: MetricQuery, ctx: CopilotContext
) -> CopilotAnswer:
    """The count's answer with the rows it counted as its table (the value stays the
    count, which the table may cut short)."""
    listed, _ = await _run(
        ctx, msgspec.structs.replace(query, list_rows=True, group_by=[], limit=None)
    )
    if listed is None or not listed.rows:
        return answer
    more = " (the first ones are listed)" if listed.truncated else " They are listed below."
    return msgspec.structs.replace(
        answer,
        answer=answer.answer + more,
        table=Table(columns=list(listed.columns), rows=shown_rows(listed.columns, listed.rows)),
    )


async def _explain(
    query: MetricQuery, state: CopilotState, ctx: CopilotContext, names: dict[str, str]
) -> tuple[CopilotAnswer, CopilotState]:
    fitted, _, _ = _fit(query, None)
    result, failure = await _run(ctx, fitted)
    if result is None:
        return _refusal(f"I couldn't rerun the last question: {failure}"), _kept(state)
    how = explanation(fitted, result, ctx, names)
    extra = " The SQL that ran is below." if ctx.scope.is_admin else ""
    return (
        CopilotAnswer(
            answer=f"Here is how I got it: {how[:1].lower()}{how[1:]}{extra}",
            explanation=how,
            sql=result.sql if ctx.scope.is_admin else None,
        ),
        _kept(state),
    )


async def _for_job(
    reading: ForJob, state: CopilotState | None, ctx: CopilotContext
) -> tuple[CopilotAnswer, CopilotState]:
    job = await _find_job(ctx, reading.job_reference)
    if job is None:
        return _refusal(f"I can't find job {reading.job_reference}."), _kept(state)
    job_id, label = job
    try:
        result = await candidates_for_job(ctx, job_id, limit=reading.limit)
    except LookupError:
        return (
            _refusal(f"I can't match candidates to {label} yet: it is not indexed for matching."),
            _kept(state),
        )
    except SQLFailed as exc:
        return _refusal(f"I couldn't answer that: {exc}"), _kept(state)
    names = _first_names(result.rows)
    if result.rows:
        shown = ", ".join(names[:3]) + (" and more" if len(result.rows) > 3 else "")
        sentence = (
            f"{len(result.rows)} of "
            f"{'the' if ctx.scope.is_admin else 'your'} candidates qualify for {label}, "
            f"best match first: {shown}."
        )
    elif result.outside_scope:
        sentence = f"None of your candidates qualify for {label}; others outside your scope do."
    else:
        sentence = (
            f"None of {'the' if ctx.scope.is_admin else 'your'} candidates qualify for {label}."
        )
    whose = "all recruiters" if ctx.scope.is_admin else "your candidates only"
    answer = CopilotAnswer(
        answer=sentence + "".join(" " + n for n in reading.notes),
        table=Table(columns=list(result.columns), rows=[list(r) for r in result.rows])
        if result.rows
        else None,
        explanation=f"Listed {result.metric_meaning[:1].lower()}{result.metric_meaning[1:]}; "
        f"covering {whose}.",
        sql=result.sql if ctx.scope.is_admin else None,
        outside_scope=result.outside_scope and not result.rows,
    )
    return answer, CopilotState(row_ids=list(result.candidate_ids), job_id=str(job_id))


def _first_names(rows: Sequence[Sequence[object]]) -> list[str]:
    return [str(r[0]) for r in rows if r and r[0]]
