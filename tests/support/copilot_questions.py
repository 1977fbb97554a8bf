"""The recruiter copilot's question set: questions typed the way recruiters type them, each
with a gold answer computed by hand-written SQL over the BASE tables (never the copilot
views, never the copilot code), for one asker relative to a fixed "today".

The examiner's definitions (written here once, independent of the semantic layer):

* A recruiter's *candidates* are ``candidates.recruiter_id = me``; their *applications* are
  ``applications.recruiter_id = me`` or applications of their candidates; their share
  links, share views and handoffs are their own rows; their referrals are referrals whose
  referred user is one of their candidates. An admin's are everyone's. Jobs are everyone's.
* Periods are calendar periods in UTC relative to ``today``: "this month" is the 1st to
  today, "last month"/"in <month>" the previous calendar month, "this year" 1 January to
  today, "Q3" July-September of this year, "yesterday" the day before today. "The last N
  days" is read as [today - N, today] or [today - N + 1, today] (both accepted); "this
  week" as the ISO week (Monday) or the US week (Sunday), both accepted.
* An application is dated by its creation (applied at); a placement by the first status
  history row ``placed``; an interview by the first history row ``interviewing``.
* "Expiring in the next N days" is an expiry date from today to today + N.
* "Hot jobs without applicants" are open hot jobs (on the board, not closed) that nobody
  has applied to (any desk: a job another desk has an applicant for has applicants).
* Specialty and profession names are the master data names; a candidate's specialty is
  their primary specialty (any of their specialties is accepted where it differs).

Answers are compared, not parsed from prose: ``value`` (or a one-cell table) for numbers;
the table as a set of rows for lists, where a gold row is found in a table row when all
the values of one of its identities appear among the row's cells, and its measures too.
Extra table rows whose numbers are all zero are allowed (empty groups).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

AskerKind = Literal["recruiter", "admin", "any"]
AnswerKind = Literal["number", "rows", "clarify", "unanswerable"]

# ---------------------------------------------------------------------------- SQL pieces
# Bind parameters of every gold query: :rid (the asker's recruiters.id, NULL for an admin),
# :admin (boolean) and :today (a date). Fill values (see Question.fill) bind by name too.
T = "CAST(:today AS date)"
A_FROM = "applications a JOIN candidates c ON c.id = a.candidate_id"
A_SCOPE = "(:admin OR a.recruiter_id = :rid OR c.recruiter_id = :rid)"
C_SCOPE = "(:admin OR c.recruiter_id = :rid)"
J_OPEN = "(j.display_on_external_job_board AND j.closed_at IS NULL)"
MONTH_START = f"date_trunc('month', {T})::date"
PREV_MONTH_START = f"(date_trunc('month', {T}) - interval '1 month')::date"
NEXT_MONTH_START = f"(date_trunc('month', {T}) + interval '1 month')::date"
YEAR_START = f"date_trunc('year', {T})::date"
TOMORROW = f"({T} + 1)"


def utc(column: str) -> str:
    """A timestamptz as UTC wall-clock time (compared with dates)."""
    return f"({column} AT TIME ZONE 'UTC')"


def first_status_at(status: str) -> str:
    return (
        "(SELECT min(h.created_at) FROM application_status_history h "
        f"WHERE h.application_id = a.id AND h.status = '{status}')"
    )


PLACED_AT = first_status_at("placed")
INTERVIEW_AT = first_status_at("interviewing")
JOB_DIMS = (
    "JOIN jobs j ON j.id = a.job_id "
    "LEFT JOIN specialties js ON js.id = j.specialty_id "
    "LEFT JOIN professions jp ON jp.id = j.profession_id "
    "LEFT JOIN states jst ON jst.id = j.client_state_id"
)
CAND_DIMS = (
    "JOIN users u ON u.id = c.user_id "
    "LEFT JOIN specialties cs ON cs.id = c.primary_specialty_id "
    "LEFT JOIN professions cp ON cp.id = cs.profession_id "
    "LEFT JOIN candidate_statuses cst ON cst.id = c.status_id "
    "LEFT JOIN states cstate ON cstate.id = c.state_id "
    "LEFT JOIN referral_sources rs ON rs.id = c.referral_source_id"
)
JOB_ONLY_DIMS = (
    "LEFT JOIN specialties js ON js.id = j.specialty_id "
    "LEFT JOIN professions jp ON jp.id = j.profession_id "
    "LEFT JOIN states jst ON jst.id = j.client_state_id"
)
JOB_STATE = "coalesce(jst.code, j.client_state_code)"
CERTS = (
    "(SELECT e.candidate_id, kv.key AS certification, max(kv.value::date) AS expires_on "
    "FROM resume_embeddings e CROSS JOIN LATERAL jsonb_each_text(e.certifications) kv "
    "WHERE e.part = 'summary' AND kv.value IS NOT NULL GROUP BY e.candidate_id, kv.key)"
)
SHARE_SCOPE = "(:admin OR s.recruiter_id = :rid)"
HANDOFF_SCOPE = "(:admin OR h.recruiter_id = :rid)"
REFERRAL_SCOPE = (
    "(:admin OR EXISTS (SELECT 1 FROM candidates c WHERE c.user_id = r.referred_user_id "
    "AND c.recruiter_id = :rid))"
)


def last_days(column: str, days: int) -> tuple[str, str]:
    """ "The last N days" both ways: [today - N, today] and [today - N + 1, today]."""
    return (
        f"{utc(column)} >= {T} - {days} AND {utc(column)} < {TOMORROW}",
        f"{utc(column)} >= {T} - {days - 1} AND {utc(column)} < {TOMORROW}",
    )


def this_week(column: str) -> tuple[str, str]:
    """ "This week" both ways: since Monday (ISO) and since Sunday (US)."""
    monday = f"date_trunc('week', {T})::date"
    sunday = f"({T} - extract(dow FROM {T})::int)"
    return (
        f"{utc(column)} >= {monday} AND {utc(column)} < {TOMORROW}",
        f"{utc(column)} >= {sunday} AND {utc(column)} < {TOMORROW}",
    )


def in_period(column: str, start: str, end: str) -> str:
    return f"{utc(column)} >= {start} AND {utc(column)} < {end}"


THIS_MONTH = (MONTH_START, TOMORROW)
LAST_MONTH = (PREV_MONTH_START, MONTH_START)
THIS_YEAR = (YEAR_START, TOMORROW)
# Q3 of this year once July has come, else last year's.
_Q3_YEAR = (
    f"(extract(year FROM {T})::int - CASE WHEN extract(month FROM {T}) < 7 THEN 1 ELSE 0 END)"
)
Q3 = (f"make_date({_Q3_YEAR}, 7, 1)", f"make_date({_Q3_YEAR}, 10, 1)")


# --------------------------------------------------------------------------- structures
@dataclass(frozen=True)
class RowMatch:
    """How a gold row is found in the answer's table.

    ``identities``: alternatives, each a tuple of gold columns whose values must all
    appear among one table row's cells. ``measures``: gold numeric columns that must also
    appear in that row (counts of a breakdown).
    """

    identities: tuple[tuple[str, ...], ...]
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    """A later turn of the same conversation, graded on its own."""

    text: str
    kind: AnswerKind
    sql: str = ""
    match: RowMatch | None = None
    alternatives: tuple[str, ...] = ()
    tolerance: float = 0.0
    percent: bool = False


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    """May hold {year}, {month}, {prev_month}, {next_month} and the fill's columns."""
    asker: AskerKind
    kind: AnswerKind
    sql: str = ""
    match: RowMatch | None = None
    alternatives: tuple[str, ...] = ()
    """Other gold SQL that also counts as correct (a second fair reading)."""
    tolerance: float = 0.0
    """Absolute tolerance of a number (medians, averages)."""
    percent: bool = False
    """A ratio: 0.125 and 12.5 (%) both match a gold of 0.125."""
    fill: str = ""
    """SQL returning one row whose columns fill the text's placeholders and bind to the
    gold SQL (e.g. the asker's candidate with the most applications). No row: skipped."""
    follow_ups: tuple[FollowUp, ...] = ()
    topic: str = ""
    long_tail: bool = False
    """Beyond the analytic tools' metrics (the model's guarded SQL territory): an offline
    engine may honestly decline (uncertain) - wrong, but not wrong without warning."""


@dataclass(frozen=True)
class Asker:
    kind: Literal["recruiter", "admin"]
    user_id: uuid.UUID
    email: str
    name: str
    recruiter_id: uuid.UUID | None = None

    def binds(self, today: dt.date) -> dict[str, Any]:
        return {"rid": self.recruiter_id, "admin": self.kind == "admin", "today": today}

    def asks(self, question: Question) -> bool:
        return question.asker in ("any", self.kind)


@dataclass(frozen=True)
class Gold:
    kind: AnswerKind
    value: float | None = None
    rows: tuple[Mapping[str, Any], ...] = ()
    alternatives: tuple[Gold, ...] = ()
    match: RowMatch | None = None
    tolerance: float = 0.0
    percent: bool = False


@dataclass(frozen=True)
class Verdict:
    correct: bool
    reason: str


@dataclass
class Turn:
    """One graded question as it was asked: what, by whom, the gold, the reply."""

    qid: str
    text: str
    asker: Asker
    gold: Gold
    reply: dict[str, Any] = field(default_factory=dict)
    verdict: Verdict = field(default_factory=lambda: Verdict(False, "not asked"))
    server_ms: float = 0.0
    """The API's own time for the answer (its Server-Timing header)."""
    long_tail: bool = False


def _m(*identities: tuple[str, ...], measures: tuple[str, ...] = ()) -> RowMatch:
    return RowMatch(identities=identities, measures=measures)


NAME = ("first_name", "last_name")
CANDIDATE = _m(NAME, ("candidate_id",), ("email",))
JOB = _m(("external_job_id",), ("job_id",), ("title", "city"))
STATE_N = _m(("state_code",), ("state_name",), measures=("n",))


# ---------------------------------------------------------------------------- questions
def _apps(where: str = "TRUE", *, dims: str = "") -> str:
    return f"SELECT count(*) FROM {A_FROM} {dims} WHERE {A_SCOPE} AND {where}"


def _apps_alts(pair: tuple[str, str], *, dims: str = "") -> tuple[str, tuple[str, ...]]:
    return _apps(pair[0], dims=dims), (_apps(pair[1], dims=dims),)


def _placements(where: str = "TRUE", *, dims: str = "") -> str:
    return (
        f"SELECT count(*) FROM {A_FROM} {dims} WHERE {A_SCOPE} "
        f"AND {PLACED_AT} IS NOT NULL AND {where}"
    )


def _cands(where: str = "TRUE") -> str:
    return f"SELECT count(*) FROM candidates c {CAND_DIMS} WHERE {C_SCOPE} AND {where}"


def _open_jobs(where: str = "TRUE") -> str:
    return f"SELECT count(*) FROM jobs j {JOB_ONLY_DIMS} WHERE {J_OPEN} AND {where}"


def _licenses(where: str) -> str:
    return (
        "SELECT count(*) FROM candidate_licenses l JOIN candidates c ON c.id = l.candidate_id "
        f"LEFT JOIN states ls ON ls.id = l.state_id WHERE {C_SCOPE} AND {where}"
    )


def _certs(where: str) -> str:
    return (
        f"SELECT count(*) FROM {CERTS} ce JOIN candidates c ON c.id = ce.candidate_id "
        f"WHERE {C_SCOPE} AND {where}"
    )


def _share_views(where: str = "TRUE") -> str:
    return (
        "SELECT count(*) FROM job_views v JOIN recruiter_job_shares s "
        f"ON s.id = v.recruiter_share_id WHERE {SHARE_SCOPE} AND {where}"
    )


def _share_apps(where: str = "TRUE") -> str:
    return (
        f"SELECT count(*) FROM {A_FROM} JOIN recruiter_job_shares s "
        f"ON s.id = a.recruiter_share_id WHERE {SHARE_SCOPE} AND {where}"
    )


def _handoffs(where: str = "TRUE") -> str:
    return f"SELECT count(*) FROM chat_handoffs h WHERE {HANDOFF_SCOPE} AND {where}"


def _referrals(where: str = "TRUE") -> str:
    return f"SELECT count(*) FROM referrals r WHERE {REFERRAL_SCOPE} AND {where}"


def _cand_list(where: str, extra_from: str = "") -> str:
    return (
        "SELECT DISTINCT c.id AS candidate_id, u.first_name, u.last_name, u.email "
        f"FROM candidates c {CAND_DIMS} {extra_from} WHERE {C_SCOPE} AND {where}"
    )


# The narrowing filters (source, certification held, shift, pay), restated on the tables:
# a candidate *holds* a certification listed on a resume summary row (any expiry); a job's
# shift is the time of day its shift text starts with ("Nights 7p-7a 3x12"; a rotating
# day/night job is neither, though counting it as a night job is accepted too); pay
# bounds are inclusive ("over $2,500" read as more than $2,500 is accepted too). A
# candidate's certifications are that candidate's details: a recruiter knows them for
# their own candidates only, so an application of another desk's candidate (assigned to
# the recruiter) never counts as "from a candidate with ACLS" for them.
def holds(cert: str, candidate: str = "c.id") -> str:
    return (
        "EXISTS (SELECT 1 FROM resume_embeddings e CROSS JOIN LATERAL "
        "jsonb_object_keys(e.certifications) k WHERE e.candidate_id = "
        f"{candidate} AND e.part = 'summary' AND upper(k) = '{cert}')"
    )


def holds_mine(cert: str, candidate: str = "c.id") -> str:
    """Holds ``cert`` and is the asker's candidate (``c`` is the application's candidate)."""
    return f"{holds(cert, candidate)} AND {C_SCOPE}"


def shift_is(name: str) -> str:
    return f"j.shift ILIKE '{name}%'"


def shift_says(word: str) -> str:
    return f"j.shift ILIKE '%{word}%'"


def _apps_where_alts(wheres: Sequence[str], *, dims: str = "") -> tuple[str, tuple[str, ...]]:
    return _apps(wheres[0], dims=dims), tuple(_apps(w, dims=dims) for w in wheres[1:])


_LAST30_APPS = last_days("a.created_at", 30)
_WEEK_APPS = this_week("a.created_at")
_LAST30_PLACED = last_days(PLACED_AT, 30)
_LAST90_CANDS = last_days("c.created_at", 90)
_LAST7_JOBS = last_days("j.posted_date", 7)
_LAST30_VIEWS = last_days("v.created_at", 30)
_LAST7_HANDOFFS = last_days("h.created_at", 7)

_APPS_BY_STATUS = (
    f"SELECT a.status::text AS status, count(*) AS n FROM {A_FROM} {{dims}} "
    f"WHERE {A_SCOPE} AND {{where}} GROUP BY 1"
)
_LIC_30 = f"l.expiration_date >= {T} AND l.expiration_date <= {T} + 30"
_LIC_30_AFTER = f"l.expiration_date > {T} AND l.expiration_date <= {T} + 30"
_MEDIAN_RESPONSE = (
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "
    "h.first_response_at - h.created_at) / 60.0) FROM chat_handoffs h "
    f"WHERE {HANDOFF_SCOPE} AND h.first_response_at IS NOT NULL"
)
_FIRST_APP_DAYS = (
    "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_app - "
    "posted) / 86400.0) FROM (SELECT j.posted_date AS posted, min(a.created_at) AS first_app "
    f"FROM {A_FROM} {JOB_DIMS} WHERE {A_SCOPE} AND {{where}} AND j.posted_date IS NOT NULL "
    "GROUP BY j.id, j.posted_date) t"
)


def _questions() -> tuple[Question, ...]:
    q: list[Question] = []
    add = q.append

    # -------------------------------------------------------------- applications
    add(
        Question(
            "app_total",
            "how many applications total",
            "any",
            "number",
            _apps(),
            topic="applications",
        )
    )
    add(
        Question(
            "app_this_month",
            "how many apps did we get this month?",
            "any",
            "number",
            _apps(in_period("a.created_at", *THIS_MONTH)),
            topic="applications",
            follow_ups=(
                FollowUp(
                    "and last month?", "number", _apps(in_period("a.created_at", *LAST_MONTH))
                ),
                FollowUp(
                    "what about placements?",
                    "number",
                    _placements(in_period(PLACED_AT, *LAST_MONTH)),
                ),
            ),
        )
    )
    add(
        Question(
            "app_prev_month",
            "applications in {prev_month}",
            "any",
            "number",
            _apps(in_period("a.created_at", *LAST_MONTH)),
            topic="applications",
        )
    )
    sql, alts = _apps_alts(_LAST30_APPS)
    add(
        Question(
            "app_last30",
            "# of applications in the last 30 days",
            "any",
            "number",
            sql,
            alternatives=alts,
            topic="applications",
        )
    )
    add(
        Question(
            "app_yesterday",
            "how many applications came in yesterday",
            "any",
            "number",
            _apps(in_period("a.created_at", f"{T} - 1", T)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_q3",
            "how many applications did we get in Q3",
            "any",
            "number",
            _apps(in_period("a.created_at", *Q3)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_since",
            "apps since {prev_month} 15th",
            "any",
            "number",
            _apps(in_period("a.created_at", f"({PREV_MONTH_START} + 14)", TOMORROW)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_this_year",
            "total applications this year",
            "any",
            "number",
            _apps(in_period("a.created_at", *THIS_YEAR)),
            topic="applications",
        )
    )
    sql, alts = _apps_alts(_WEEK_APPS)
    add(
        Question(
            "app_this_week",
            "how many applications so far this week",
            "any",
            "number",
            sql,
            alternatives=alts,
            topic="applications",
        )
    )
    add(
        Question(
            "app_by_status",
            "applications by status",
            "any",
            "rows",
            _APPS_BY_STATUS.format(dims="", where="TRUE"),
            match=_m(("status",), measures=("n",)),
            topic="applications",
            follow_ups=(
                FollowUp(
                    "only ICU",
                    "rows",
                    _APPS_BY_STATUS.format(dims=JOB_DIMS, where="js.name = 'ICU'"),
                    match=_m(("status",), measures=("n",)),
                ),
            ),
        )
    )
    add(
        Question(
            "app_reviewing",
            "how many apps are still in review?",
            "any",
            "number",
            _apps("a.status = 'reviewing'"),
            topic="applications",
        )
    )
    add(
        Question(
            "app_offered",
            "how many applications are at the offer stage right now",
            "any",
            "number",
            _apps("a.status = 'offered'"),
            topic="applications",
        )
    )
    add(
        Question(
            "app_rejected",
            "how many applications were rejected",
            "any",
            "number",
            _apps("a.status = 'rejected'"),
            topic="applications",
        )
    )
    add(
        Question(
            "app_by_source",
            "where are applications coming from? break it down by source",
            "any",
            "rows",
            f"SELECT a.source AS source, count(*) AS n FROM {A_FROM} WHERE {A_SCOPE} "
            "AND a.source IS NOT NULL GROUP BY 1",
            match=_m(("source",), measures=("n",)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_indeed",
            "how many applications came from indeed",
            "any",
            "number",
            _apps("a.source = 'indeed'"),
            topic="applications",
        )
    )
    add(
        Question(
            "app_chat_month",
            "apps from the chat assistant this month",
            "any",
            "number",
            _apps(f"a.source = 'chat_assistant' AND {in_period('a.created_at', *THIS_MONTH)}"),
            topic="applications",
        )
    )
    add(
        Question(
            "app_tx",
            "how many applications for jobs in texas",
            "any",
            "number",
            _apps(f"{JOB_STATE} = 'TX'", dims=JOB_DIMS),
            topic="applications",
        )
    )
    add(
        Question(
            "app_icu",
            "how many applications to ICU jobs",
            "any",
            "number",
            _apps("js.name = 'ICU'", dims=JOB_DIMS),
            topic="applications",
        )
    )
    add(
        Question(
            "app_intensive_care",
            "applications for intensive care jobs last month",
            "any",
            "number",
            _apps(f"js.name = 'ICU' AND {in_period('a.created_at', *LAST_MONTH)}", dims=JOB_DIMS),
            topic="applications",
        )
    )
    add(
        Question(
            "app_rn_year",
            "how many RN apps in {year}",
            "any",
            "number",
            _apps(
                f"jp.name = 'Registered Nurse' AND {in_period('a.created_at', *THIS_YEAR)}",
                dims=JOB_DIMS,
            ),
            topic="applications",
        )
    )
    add(
        Question(
            "app_by_specialty",
            "apps by specialty",
            "any",
            "rows",
            f"SELECT js.name AS specialty, count(*) AS n FROM {A_FROM} {JOB_DIMS} "
            f"WHERE {A_SCOPE} AND js.name IS NOT NULL GROUP BY 1",
            match=_m(("specialty",), measures=("n",)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_by_month",
            "applications per month this year",
            "any",
            "rows",
            f"SELECT to_char({utc('a.created_at')}, 'YYYY-MM') AS month, count(*) AS n "
            f"FROM {A_FROM} WHERE {A_SCOPE} AND {in_period('a.created_at', *THIS_YEAR)} "
            "GROUP BY 1",
            match=_m(("month",), measures=("n",)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_by_job_state",
            "applications by job state",
            "any",
            "rows",
            f"SELECT {JOB_STATE} AS state_code, max(jst.name) AS state_name, count(*) AS n "
            f"FROM {A_FROM} {JOB_DIMS} WHERE {A_SCOPE} GROUP BY 1",
            match=STATE_N,
            topic="applications",
        )
    )
    add(
        Question(
            "app_job",
            "how many applications does job {ext} have?",
            "any",
            "number",
            _apps("j.external_job_id = :ext", dims=JOB_DIMS),
            fill=(
                f"SELECT j.external_job_id AS ext FROM {A_FROM} JOIN jobs j ON j.id = a.job_id "
                f"WHERE {A_SCOPE} GROUP BY j.external_job_id "
                "ORDER BY count(*) DESC, j.external_job_id LIMIT 1"
            ),
            topic="applications",
        )
    )
    add(
        Question(
            "app_candidate",
            "how many jobs has {first} {last} applied to",
            "recruiter",
            "number",
            _apps("c.id = :cid"),
            fill=(
                f"SELECT c.id AS cid, u.first_name AS first, u.last_name AS last "
                f"FROM candidates c JOIN users u ON u.id = c.user_id WHERE {C_SCOPE} "
                "AND (SELECT count(*) FROM candidates c2 JOIN users u2 ON u2.id = c2.user_id "
                "WHERE u2.first_name = u.first_name AND u2.last_name = u.last_name) = 1 "
                "ORDER BY (SELECT count(*) FROM applications a WHERE a.candidate_id = c.id) "
                "DESC, u.last_name, u.first_name LIMIT 1"
            ),
            topic="applications",
        )
    )
    add(
        Question(
            "app_by_recruiter",
            "applications by recruiter",
            "admin",
            "rows",
            "SELECT concat_ws(' ', u.first_name, u.last_name) AS recruiter, count(*) AS n "
            f"FROM {A_FROM} JOIN recruiters r ON r.id = a.recruiter_id "
            f"JOIN users u ON u.id = r.user_id WHERE {A_SCOPE} GROUP BY 1",
            match=_m(("recruiter",), measures=("n",)),
            topic="applications",
        )
    )
    add(
        Question(
            "app_hot_month",
            "how many applications on hot jobs this month",
            "any",
            "number",
            _apps(f"j.hot_job AND {in_period('a.created_at', *THIS_MONTH)}", dims=JOB_DIMS),
            topic="applications",
        )
    )

    # -------------------------------------------------------------- placements
    add(
        Question(
            "pl_prev_month_mine",
            "how many placements did I make in {prev_month}",
            "recruiter",
            "number",
            _placements(in_period(PLACED_AT, *LAST_MONTH)),
            topic="placements",
        )
    )
    add(
        Question(
            "pl_prev_month_all",
            "how many placements did we make in {prev_month} across all recruiters",
            "admin",
            "number",
            _placements(in_period(PLACED_AT, *LAST_MONTH)),
            topic="placements",
        )
    )
    add(
        Question(
            "pl_year",
            "placements this year",
            "any",
            "number",
            _placements(in_period(PLACED_AT, *THIS_YEAR)),
            topic="placements",
            follow_ups=(
                FollowUp(
                    "by specialty",
                    "rows",
                    f"SELECT js.name AS specialty, count(*) AS n FROM {A_FROM} {JOB_DIMS} "
                    f"WHERE {A_SCOPE} AND {in_period(PLACED_AT, *THIS_YEAR)} GROUP BY 1",
                    match=_m(("specialty",), measures=("n",)),
                ),
            ),
        )
    )
    add(
        Question("pl_total", "total placements", "any", "number", _placements(), topic="placements")
    )
    add(
        Question(
            "pl_last30",
            "placments in the last 30 days",
            "any",
            "number",
            _placements(_LAST30_PLACED[0]),
            alternatives=(_placements(_LAST30_PLACED[1]),),
            topic="placements",
        )
    )
    add(
        Question(
            "pl_by_recruiter",
            "placements by recruiter this year",
            "admin",
            "rows",
            "SELECT concat_ws(' ', u.first_name, u.last_name) AS recruiter, count(*) AS n "
            f"FROM {A_FROM} JOIN recruiters r ON r.id = a.recruiter_id "
            f"JOIN users u ON u.id = r.user_id WHERE {A_SCOPE} "
            f"AND {in_period(PLACED_AT, *THIS_YEAR)} GROUP BY 1",
            match=_m(("recruiter",), measures=("n",)),
            topic="placements",
        )
    )
    add(
        Question(
            "pl_by_specialty",
            "placements by specialty",
            "any",
            "rows",
            f"SELECT js.name AS specialty, count(*) AS n FROM {A_FROM} {JOB_DIMS} "
            f"WHERE {A_SCOPE} AND {PLACED_AT} IS NOT NULL GROUP BY 1",
            match=_m(("specialty",), measures=("n",)),
            topic="placements",
        )
    )
    add(
        Question(
            "pl_icu_year",
            "how many ICU placements this year",
            "any",
            "number",
            _placements(f"js.name = 'ICU' AND {in_period(PLACED_AT, *THIS_YEAR)}", dims=JOB_DIMS),
            topic="placements",
        )
    )
    add(
        Question(
            "pl_who_last_month",
            "which of my candidates got placed last month?",
            "recruiter",
            "rows",
            _cand_list(
                f"{in_period(PLACED_AT, *LAST_MONTH)}",
                extra_from="JOIN applications a ON a.candidate_id = c.id",
            ),
            match=CANDIDATE,
            topic="placements",
        )
    )

    # -------------------------------------------------------------- interviews
    add(
        Question(
            "iv_this_month",
            "how many interviews this month",
            "any",
            "number",
            _apps(in_period(INTERVIEW_AT, *THIS_MONTH)),
            topic="interviews",
        )
    )
    add(
        Question(
            "iv_prev_month",
            "interviews in {prev_month}?",
            "any",
            "number",
            _apps(in_period(INTERVIEW_AT, *LAST_MONTH)),
            topic="interviews",
        )
    )
    add(
        Question(
            "iv_now",
            "how many apps are in interviewing right now",
            "any",
            "number",
            _apps("a.status = 'interviewing'"),
            topic="interviews",
        )
    )
    add(
        Question(
            "iv_year_rn",
            "how many RN interviews this year",
            "any",
            "number",
            _apps(
                f"jp.name = 'Registered Nurse' AND {in_period(INTERVIEW_AT, *THIS_YEAR)}",
                dims=JOB_DIMS,
            ),
            topic="interviews",
        )
    )

    # -------------------------------------------------------------- candidates
    add(
        Question(
            "c_count_mine",
            "how many candidates do I have",
            "recruiter",
            "number",
            _cands(),
            topic="candidates",
            follow_ups=(
                FollowUp(
                    "by status",
                    "rows",
                    f"SELECT cst.name AS status, count(*) AS n FROM candidates c {CAND_DIMS} "
                    f"WHERE {C_SCOPE} GROUP BY 1",
                    match=_m(("status",), measures=("n",)),
                ),
            ),
        )
    )
    add(
        Question(
            "c_count_all",
            "how many candidates are in the system",
            "admin",
            "number",
            _cands(),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_by_status",
            "candidates by status",
            "any",
            "rows",
            f"SELECT cst.name AS status, count(*) AS n FROM candidates c {CAND_DIMS} "
            f"WHERE {C_SCOPE} GROUP BY 1",
            match=_m(("status",), measures=("n",)),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_on_assignment",
            "how many of my candidates are on assignment",
            "recruiter",
            "number",
            _cands("cst.name = 'On Assignment'"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_on_assignment_all",
            "how many candidates are on assignment right now",
            "admin",
            "number",
            _cands("cst.name = 'On Assignment'"),
            topic="candidates",
        )
    )
    icu_any = (
        "EXISTS (SELECT 1 FROM candidate_specialties x JOIN specialties xs "
        "ON xs.id = x.specialty_id WHERE x.candidate_id = c.id AND xs.name = 'ICU')"
    )
    add(
        Question(
            "c_icu_list",
            "list my ICU nurses",
            "recruiter",
            "rows",
            _cand_list("cs.name = 'ICU' AND cp.name = 'Registered Nurse'"),
            alternatives=(_cand_list(icu_any),),
            match=CANDIDATE,
            topic="candidates",
        )
    )
    add(
        Question(
            "c_travel_rn",
            "how many travel nurses do i have",
            "recruiter",
            "number",
            _cands("c.travel_status AND cp.name = 'Registered Nurse'"),
            # "Nurses" may also mean every nursing licence (LPNs, NPs, CRNAs).
            alternatives=(_cands("c.travel_status AND cp.name ILIKE '%Nurse%'"),),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_by_specialty",
            "candidates by specialty",
            "any",
            "rows",
            f"SELECT cs.name AS specialty, count(*) AS n FROM candidates c {CAND_DIMS} "
            f"WHERE {C_SCOPE} AND cs.name IS NOT NULL GROUP BY 1",
            match=_m(("specialty",), measures=("n",)),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_tx",
            "how many candidates in tx",
            "any",
            "number",
            _cands("cstate.code = 'TX'"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_ca_list",
            "who are my candidates in california",
            "recruiter",
            "rows",
            _cand_list("cstate.code = 'CA'"),
            match=CANDIDATE,
            topic="candidates",
        )
    )
    add(
        Question(
            "c_new_month",
            "how many new candidates this month",
            "any",
            "number",
            _cands(in_period("c.created_at", *THIS_MONTH)),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_new_90",
            "candidates added in the last 90 days",
            "any",
            "number",
            _cands(_LAST90_CANDS[0]),
            alternatives=(_cands(_LAST90_CANDS[1]),),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_exp10",
            "how many candidates have more than 10 years experience",
            "any",
            "number",
            _cands("c.years_of_experience > 10"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_avail30",
            "which of my candidates can start in the next 30 days?",
            "recruiter",
            "rows",
            _cand_list(f"c.available_from <= {T} + 30"),
            alternatives=(_cand_list(f"c.available_from BETWEEN {T} AND {T} + 30"),),
            match=CANDIDATE,
            topic="candidates",
        )
    )
    add(
        Question(
            "c_indeed",
            "how many candidates came from indeed",
            "any",
            "number",
            _cands("rs.name = 'Indeed'"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_by_source",
            "candidates by referral source",
            "any",
            "rows",
            f"SELECT rs.name AS source, count(*) AS n FROM candidates c {CAND_DIMS} "
            f"WHERE {C_SCOPE} AND rs.name IS NOT NULL GROUP BY 1",
            match=_m(("source",), measures=("n",)),
            topic="candidates",
        )
    )
    no_apps = "NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id)"
    add(
        Question(
            "c_no_apps",
            "which of my candidates haven't applied to anything yet",
            "recruiter",
            "rows",
            _cand_list(no_apps),
            match=CANDIDATE,
            topic="candidates",
        )
    )
    add(
        Question(
            "c_no_apps_count",
            "how many candidates have never applied",
            "admin",
            "number",
            _cands(no_apps),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_applied_month",
            "how many candidates applied to something this month",
            "any",
            "number",
            f"SELECT count(DISTINCT a.candidate_id) FROM {A_FROM} WHERE {A_SCOPE} "
            f"AND {in_period('a.created_at', *THIS_MONTH)}",
            # For a recruiter, "candidates" may mean the ones on their desk only.
            alternatives=(
                f"SELECT count(DISTINCT a.candidate_id) FROM {A_FROM} WHERE {C_SCOPE} "
                f"AND {in_period('a.created_at', *THIS_MONTH)}",
            ),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_rns",
            "how many RNs do we have",
            "any",
            "number",
            _cands("cp.name = 'Registered Nurse'"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_lpns",
            "# of LPNs",
            "any",
            "number",
            _cands("cp.name = 'Licensed Practical Nurse'"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_inactive",
            "how many candidates are inactive",
            "any",
            "number",
            _cands("cst.name = 'Inactive'"),
            topic="candidates",
        )
    )
    add(
        Question(
            "c_new_leads",
            "how many new leads do I have",
            "recruiter",
            "number",
            _cands("cst.name = 'New Lead'"),
            topic="candidates",
        )
    )

    # -------------------------------------------------------------- licenses
    add(
        Question(
            "lic_30",
            "how many licenses expire in the next 30 days",
            "any",
            "number",
            _licenses(_LIC_30),
            alternatives=(_licenses(_LIC_30_AFTER),),
            topic="licenses",
            follow_ups=(
                FollowUp(
                    "show me those candidates",
                    "rows",
                    _cand_list(
                        _LIC_30, extra_from="JOIN candidate_licenses l ON l.candidate_id = c.id"
                    ),
                    match=CANDIDATE,
                ),
            ),
        )
    )
    add(
        Question(
            "lic_tx_next_month",
            "who on my desk has a TX license expiring next month",
            "recruiter",
            "rows",
            _cand_list(
                f"ls.code = 'TX' AND l.expiration_date >= {NEXT_MONTH_START} AND "
                f"l.expiration_date < ({NEXT_MONTH_START} + interval '1 month')::date",
                extra_from="JOIN candidate_licenses l ON l.candidate_id = c.id "
                "LEFT JOIN states ls ON ls.id = l.state_id",
            ),
            match=CANDIDATE,
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_60_list",
            "list licenses expiring in the next 60 days",
            "any",
            "rows",
            "SELECT c.id AS candidate_id, u.first_name, u.last_name, ls.code AS state_code, "
            "ls.name AS state_name, l.expiration_date AS expires_on FROM candidate_licenses l "
            "JOIN candidates c ON c.id = l.candidate_id JOIN users u ON u.id = c.user_id "
            f"LEFT JOIN states ls ON ls.id = l.state_id WHERE {C_SCOPE} "
            f"AND l.expiration_date >= {T} AND l.expiration_date <= {T} + 60",
            match=_m(
                ("first_name", "last_name", "state_code"),
                ("first_name", "last_name", "state_name"),
                ("candidate_id", "state_code"),
                ("first_name", "last_name", "expires_on"),
            ),
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_expired",
            "how many expired licenses are on file",
            "any",
            "number",
            _licenses(f"l.expiration_date < {T}"),
            alternatives=(_licenses("l.status = 'expired'"),),
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_by_state_90",
            "licenses expiring in the next 90 days by state",
            "any",
            "rows",
            "SELECT ls.code AS state_code, max(ls.name) AS state_name, count(*) AS n "
            "FROM candidate_licenses l JOIN candidates c ON c.id = l.candidate_id "
            f"JOIN states ls ON ls.id = l.state_id WHERE {C_SCOPE} "
            f"AND l.expiration_date >= {T} AND l.expiration_date <= {T} + 90 GROUP BY 1",
            match=STATE_N,
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_pending",
            "how many licenses are still pending verification",
            "any",
            "number",
            _licenses("l.verification_status = 'pending'"),
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_eoy",
            "how many licenses expire before the end of the year",
            "any",
            "number",
            _licenses(
                f"l.expiration_date >= {T} AND l.expiration_date <= "
                f"make_date(extract(year FROM {T})::int, 12, 31)"
            ),
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_ca_holders",
            "how many candidates hold a california license",
            "any",
            "number",
            f"SELECT count(DISTINCT c.id) FROM candidate_licenses l JOIN candidates c "
            f"ON c.id = l.candidate_id JOIN states ls ON ls.id = l.state_id "
            f"WHERE {C_SCOPE} AND ls.code = 'CA'",
            topic="licenses",
        )
    )
    add(
        Question(
            "lic_lapsing_typo",
            "lic expiring within 2 weeks?",
            "any",
            "number",
            _licenses(f"l.expiration_date >= {T} AND l.expiration_date <= {T} + 14"),
            alternatives=(_licenses(f"l.expiration_date > {T} AND l.expiration_date <= {T} + 14"),),
            topic="licenses",
        )
    )

    # -------------------------------------------------------------- certifications
    add(
        Question(
            "cert_60",
            "how many certs expire in the next 60 days",
            "any",
            "number",
            _certs(f"ce.expires_on >= {T} AND ce.expires_on <= {T} + 60"),
            topic="certifications",
        )
    )
    add(
        Question(
            "cert_bls_90",
            "who has BLS expiring in the next 90 days",
            "any",
            "rows",
            _cand_list(
                f"ce.certification = 'BLS' AND ce.expires_on >= {T} AND ce.expires_on <= {T} + 90",
                extra_from=f"JOIN {CERTS} ce ON ce.candidate_id = c.id",
            ),
            match=CANDIDATE,
            topic="certifications",
        )
    )
    add(
        Question(
            "cert_acls_eoy",
            "ACLS certifications expiring this year",
            "any",
            "number",
            _certs(
                f"ce.certification = 'ACLS' AND ce.expires_on >= {T} AND "
                f"ce.expires_on <= make_date(extract(year FROM {T})::int, 12, 31)"
            ),
            topic="certifications",
        )
    )
    add(
        Question(
            "cert_expired",
            "how many certifications have already expired",
            "any",
            "number",
            _certs(f"ce.expires_on < {T}"),
            topic="certifications",
        )
    )

    # -------------------------------------------------------------- jobs
    add(
        Question(
            "job_open", "how many open jobs are there", "any", "number", _open_jobs(), topic="jobs"
        )
    )
    add(
        Question(
            "job_open_tx",
            "how many open jobs in texas",
            "any",
            "number",
            _open_jobs(f"{JOB_STATE} = 'TX'"),
            topic="jobs",
            follow_ups=(
                FollowUp(
                    "only ICU", "number", _open_jobs(f"{JOB_STATE} = 'TX' AND js.name = 'ICU'")
                ),
                FollowUp(
                    "what about california?",
                    "number",
                    _open_jobs(f"{JOB_STATE} = 'CA' AND js.name = 'ICU'"),
                ),
            ),
        )
    )
    add(
        Question(
            "job_icu_tx",
            "how many open ICU jobs in TX",
            "any",
            "number",
            _open_jobs(f"{JOB_STATE} = 'TX' AND js.name = 'ICU'"),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_hot_open",
            "how many hot jobs are open right now",
            "any",
            "number",
            _open_jobs("j.hot_job"),
            topic="jobs",
        )
    )
    no_applicants = "NOT EXISTS (SELECT 1 FROM applications a WHERE a.job_id = j.id)"
    add(
        Question(
            "job_hot_no_apps",
            "hot jobs with no applicants",
            "any",
            "rows",
            "SELECT j.id AS job_id, j.external_job_id, coalesce(j.job_title, j.title) AS title, "
            f"j.client_city AS city FROM jobs j WHERE {J_OPEN} AND j.hot_job AND {no_applicants}",
            match=JOB,
            topic="jobs",
        )
    )
    add(
        Question(
            "job_hot_no_apps_n",
            "how many hot jobs have zero applicants",
            "any",
            "number",
            _open_jobs(f"j.hot_job AND {no_applicants}"),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_featured_no_apps",
            "how many featured jobs have no applications",
            "any",
            "number",
            _open_jobs(f"j.featured_job AND {no_applicants}"),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_travel_ca",
            "how many open travel jobs in california",
            "any",
            "number",
            _open_jobs(f"j.job_type = 'Travel' AND {JOB_STATE} = 'CA'"),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_per_diem",
            "how many per diem jobs are open",
            "any",
            "number",
            _open_jobs("j.job_type = 'Per Diem'"),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_by_state",
            "open jobs by state",
            "any",
            "rows",
            f"SELECT {JOB_STATE} AS state_code, max(jst.name) AS state_name, count(*) AS n "
            f"FROM jobs j {JOB_ONLY_DIMS} WHERE {J_OPEN} GROUP BY 1",
            match=STATE_N,
            topic="jobs",
        )
    )
    add(
        Question(
            "job_rn_by_specialty",
            "open RN jobs by specialty",
            "any",
            "rows",
            f"SELECT js.name AS specialty, count(*) AS n FROM jobs j {JOB_ONLY_DIMS} "
            f"WHERE {J_OPEN} AND jp.name = 'Registered Nurse' GROUP BY 1",
            match=_m(("specialty",), measures=("n",)),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_posted_7",
            "how many jobs were posted in the last 7 days",
            "any",
            "number",
            f"SELECT count(*) FROM jobs j WHERE {_LAST7_JOBS[0]}",
            # Every job posted, or only those still on the board.
            alternatives=(
                f"SELECT count(*) FROM jobs j WHERE {_LAST7_JOBS[1]}",
                f"SELECT count(*) FROM jobs j WHERE {J_OPEN} AND {_LAST7_JOBS[0]}",
                f"SELECT count(*) FROM jobs j WHERE {J_OPEN} AND {_LAST7_JOBS[1]}",
            ),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_start_next_month",
            "how many open jobs start in {next_month}",
            "any",
            "number",
            _open_jobs(
                f"j.start_date >= {NEXT_MONTH_START} AND j.start_date < "
                f"({NEXT_MONTH_START} + interval '1 month')::date"
            ),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_med_surg_fl",
            "how many med surg jobs are open in florida",
            "any",
            "number",
            _open_jobs(f"js.name = 'Med-Surg' AND {JOB_STATE} = 'FL'"),
            topic="jobs",
        )
    )
    add(
        Question(
            "job_avg_pay",
            "average weekly pay for open ICU travel jobs",
            "any",
            "number",
            "SELECT round(avg(j.weekly_pay), 2) FROM jobs j LEFT JOIN specialties js "
            f"ON js.id = j.specialty_id WHERE {J_OPEN} AND js.name = 'ICU' "
            "AND j.job_type = 'Travel'",
            tolerance=1.0,
            topic="jobs",
            long_tail=True,
        )
    )
    add(
        Question(
            "job_top_pay_tx",
            "what's the highest paying open job in texas",
            "any",
            "rows",
            "SELECT j.id AS job_id, j.external_job_id, coalesce(j.job_title, j.title) AS title, "
            f"j.client_city AS city FROM jobs j {JOB_ONLY_DIMS} WHERE {J_OPEN} "
            f"AND {JOB_STATE} = 'TX' AND j.weekly_pay = (SELECT max(j2.weekly_pay) FROM jobs j2 "
            "LEFT JOIN states s2 ON s2.id = j2.client_state_id WHERE "
            "j2.display_on_external_job_board AND j2.closed_at IS NULL "
            "AND coalesce(s2.code, j2.client_state_code) = 'TX')",
            match=JOB,
            topic="jobs",
            long_tail=True,
        )
    )
    add(
        Question(
            "job_ttfa",
            "what's the median time to first application, in days",
            "admin",
            "number",
            _FIRST_APP_DAYS.format(where="TRUE"),
            tolerance=1.0,
            topic="jobs",
        )
    )
    add(
        Question(
            "job_ttfa_icu",
            "time to first application for ICU jobs",
            "admin",
            "number",
            _FIRST_APP_DAYS.format(where="js.name = 'ICU'"),
            tolerance=1.0,
            topic="jobs",
        )
    )

    # -------------------------------------------------------------- share links
    add(
        Question(
            "sh_views",
            "how many views did my share links get",
            "recruiter",
            "number",
            _share_views(),
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_views_30",
            "share link views in the last 30 days",
            "recruiter",
            "number",
            _share_views(_LAST30_VIEWS[0]),
            alternatives=(_share_views(_LAST30_VIEWS[1]),),
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_apps",
            "how many applications came through my share links",
            "recruiter",
            "number",
            _share_apps(),
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_placements",
            "any placements from my shared links?",
            "recruiter",
            "number",
            _share_apps(f"{PLACED_AT} IS NOT NULL"),
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_conversion",
            "share link conversion rate",
            "any",
            "number",
            f"SELECT ({_share_apps()})::numeric / nullif(({_share_views()}), 0)",
            tolerance=0.001,
            percent=True,
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_by_link",
            "views per share link",
            "recruiter",
            "rows",
            "SELECT s.share_code, j.external_job_id, coalesce(j.job_title, j.title) AS title, "
            "count(v.id) AS n FROM recruiter_job_shares s JOIN jobs j ON j.id = s.job_id "
            f"JOIN job_views v ON v.recruiter_share_id = s.id WHERE {SHARE_SCOPE} "
            "GROUP BY s.id, s.share_code, j.external_job_id, j.job_title, j.title",
            match=_m(("share_code",), ("external_job_id",), ("title",), measures=("n",)),
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_by_recruiter",
            "share link views by recruiter",
            "admin",
            "rows",
            "SELECT concat_ws(' ', u.first_name, u.last_name) AS recruiter, count(*) AS n "
            "FROM job_views v JOIN recruiter_job_shares s ON s.id = v.recruiter_share_id "
            "JOIN recruiters r ON r.id = s.recruiter_id JOIN users u ON u.id = r.user_id "
            f"WHERE {SHARE_SCOPE} GROUP BY 1",
            match=_m(("recruiter",), measures=("n",)),
            topic="share_links",
        )
    )
    add(
        Question(
            "sh_count",
            "how many share links have i created",
            "recruiter",
            "number",
            f"SELECT count(*) FROM recruiter_job_shares s WHERE {SHARE_SCOPE}",
            topic="share_links",
        )
    )

    # -------------------------------------------------------------- referrals
    add(
        Question(
            "ref_total",
            "how many referrals do we have",
            "admin",
            "number",
            _referrals(),
            topic="referrals",
        )
    )
    add(
        Question(
            "ref_by_status",
            "referrals by status",
            "admin",
            "rows",
            f"SELECT r.status::text AS status, count(*) AS n FROM referrals r "
            f"WHERE {REFERRAL_SCOPE} GROUP BY 1",
            match=_m(("status",), measures=("n",)),
            topic="referrals",
        )
    )
    add(
        Question(
            "ref_placed",
            "how many referrals turned into placements",
            "admin",
            "number",
            _referrals("r.status = 'placed'"),
            topic="referrals",
        )
    )
    add(
        Question(
            "ref_month",
            "referrals this month",
            "admin",
            "number",
            _referrals(in_period("r.created_at", *THIS_MONTH)),
            topic="referrals",
        )
    )
    add(
        Question(
            "ref_mine",
            "how many referrals do I have",
            "recruiter",
            "number",
            _referrals(),
            topic="referrals",
        )
    )
    add(
        Question(
            "ref_employee_year",
            "how many candidates came from employee referrals this year",
            "any",
            "number",
            _cands(f"rs.name = 'Employee Referral' AND {in_period('c.created_at', *THIS_YEAR)}"),
            topic="referrals",
        )
    )

    # -------------------------------------------------------------- handoffs
    add(
        Question(
            "ho_open_mine",
            "how many open handoffs do I have",
            "recruiter",
            "number",
            _handoffs("h.status = 'open'"),
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_open_all",
            "how many handoffs are open",
            "admin",
            "number",
            _handoffs("h.status = 'open'"),
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_waiting",
            "handoffs still waiting for a first reply",
            "any",
            "number",
            _handoffs("h.status = 'open' AND h.first_response_at IS NULL"),
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_response_mine",
            "what's my median response time on handoffs",
            "recruiter",
            "number",
            _MEDIAN_RESPONSE,
            tolerance=1.0,
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_response_all",
            "median handoff response time in minutes",
            "admin",
            "number",
            _MEDIAN_RESPONSE,
            tolerance=1.0,
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_by_recruiter",
            "open handoffs by recruiter",
            "admin",
            "rows",
            "SELECT concat_ws(' ', u.first_name, u.last_name) AS recruiter, count(*) AS n "
            "FROM chat_handoffs h JOIN recruiters r ON r.id = h.recruiter_id "
            f"JOIN users u ON u.id = r.user_id WHERE {HANDOFF_SCOPE} AND h.status = 'open' "
            "GROUP BY 1",
            match=_m(("recruiter",), measures=("n",)),
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_week_mine",
            "how many chats were handed off to me in the last 7 days",
            "recruiter",
            "number",
            _handoffs(_LAST7_HANDOFFS[0]),
            alternatives=(_handoffs(_LAST7_HANDOFFS[1]),),
            topic="handoffs",
        )
    )
    add(
        Question(
            "ho_applied",
            "how many handoffs ended with the candidate applying",
            "admin",
            "number",
            _handoffs("h.outcome = 'applied'"),
            topic="handoffs",
        )
    )

    # -------------------------------------------------------------- honesty
    add(Question("b_how_doing", "how are we doing?", "any", "clarify", topic="behaviour"))
    add(Question("b_stats", "stats pls", "any", "clarify", topic="behaviour"))
    add(
        Question(
            "b_unknown_specialty",
            "how many open jobs in underwater welding",
            "any",
            "unanswerable",
            topic="behaviour",
        )
    )
    add(
        Question(
            "b_weather",
            "what's the weather in dallas tomorrow",
            "any",
            "unanswerable",
            topic="behaviour",
        )
    )

    # -------------------------------------------------------------- narrowing filters
    add(
        Question(
            "filt_src_web_month",
            "how many applications came through the website this month",
            "any",
            "number",
            _apps(f"a.source = 'website' AND {in_period('a.created_at', *THIS_MONTH)}"),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_src_referral_year",
            "applications from referrals this year",
            "any",
            "number",
            _apps(f"a.source = 'referral' AND {in_period('a.created_at', *THIS_YEAR)}"),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_src_mobile_icu",
            "ICU applications from the mobile app",
            "any",
            "number",
            _apps("a.source = 'mobile_app' AND js.name = 'ICU'", dims=JOB_DIMS),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_src_linkedin_prev",
            "how many apps via linkedin in {prev_month}",
            "any",
            "number",
            _apps(f"a.source = 'linkedin' AND {in_period('a.created_at', *LAST_MONTH)}"),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_cand_website",
            "how many candidates were sourced from the website",
            "any",
            "number",
            _cands("rs.name = 'Website'"),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_cand_indeed_list",
            "list my candidates who came from indeed",
            "recruiter",
            "rows",
            _cand_list("rs.name = 'Indeed'"),
            match=CANDIDATE,
            topic="filters",
        )
    )
    add(
        Question(
            "filt_cert_acls",
            "how many candidates have ACLS",
            "any",
            "number",
            _cands(holds("ACLS")),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_cert_icu_bls",
            "how many ICU candidates hold BLS",
            "any",
            "number",
            _cands(f"cs.name = 'ICU' AND {holds('BLS')}"),
            topic="filters",
            follow_ups=(
                FollowUp(
                    "show me those candidates",
                    "rows",
                    _cand_list(f"cs.name = 'ICU' AND {holds('BLS')}"),
                    match=CANDIDATE,
                ),
            ),
        )
    )
    add(
        Question(
            "filt_cert_pals_list",
            "which of my candidates have PALS",
            "any",
            "rows",
            _cand_list(holds("PALS")),
            match=CANDIDATE,
            topic="filters",
        )
    )
    add(
        Question(
            "filt_cert_icu_apps",
            "how many ICU applicants have ACLS",
            "any",
            "number",
            _apps(f"js.name = 'ICU' AND {holds_mine('ACLS', 'a.candidate_id')}", dims=JOB_DIMS),
            # "applicants" as people: distinct candidates who applied to ICU jobs
            alternatives=(
                f"SELECT count(DISTINCT a.candidate_id) FROM {A_FROM} {JOB_DIMS} WHERE "
                f"{A_SCOPE} AND js.name = 'ICU' AND {holds_mine('ACLS', 'a.candidate_id')}",
            ),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_cert_apps_year",
            "applications this year from candidates with NIHSS",
            "any",
            "number",
            _apps(f"{in_period('a.created_at', *THIS_YEAR)} AND {holds_mine('NIHSS')}"),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_shift_nights",
            "how many open night shift jobs",
            "any",
            "number",
            _open_jobs(shift_is("Nights")),
            alternatives=(_open_jobs(shift_says("night")),),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_shift_tx_pay",
            "night shift jobs in Texas paying over $2,500 a week",
            "any",
            "number",
            _open_jobs(f"{shift_is('Nights')} AND {JOB_STATE} = 'TX' AND j.weekly_pay >= 2500"),
            alternatives=(
                _open_jobs(f"{shift_is('Nights')} AND {JOB_STATE} = 'TX' AND j.weekly_pay > 2500"),
                _open_jobs(
                    f"{shift_says('night')} AND {JOB_STATE} = 'TX' AND j.weekly_pay >= 2500"
                ),
            ),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_shift_typo_pay",
            "how many open nite shift jobs paying over 3k a week",
            "any",
            "number",
            _open_jobs(f"{shift_is('Nights')} AND j.weekly_pay >= 3000"),
            alternatives=(_open_jobs(f"{shift_is('Nights')} AND j.weekly_pay > 3000"),),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_pay_hourly",
            "open jobs paying at least $70 an hour",
            "any",
            "number",
            _open_jobs("j.hourly_pay >= 70"),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_pay_under_travel",
            "how many open travel jobs pay under $2000 a week",
            "any",
            "number",
            _open_jobs("j.job_type = 'Travel' AND j.weekly_pay <= 2000"),
            alternatives=(_open_jobs("j.job_type = 'Travel' AND j.weekly_pay < 2000"),),
            topic="filters",
        )
    )
    sql, alts = _apps_where_alts(
        [
            f"{shift_is('Days')} AND {in_period('a.created_at', *LAST_MONTH)}",
            f"{shift_says('day')} AND {in_period('a.created_at', *LAST_MONTH)}",
        ],
        dims=JOB_DIMS,
    )
    add(
        Question(
            "filt_apps_days_prev",
            "applications to day shift jobs last month",
            "any",
            "number",
            sql,
            alternatives=alts,
            topic="filters",
        )
    )
    add(
        Question(
            "filt_place_nights_year",
            "placements on night shift jobs this year",
            "any",
            "number",
            _placements(
                f"{shift_is('Nights')} AND {in_period(PLACED_AT, *THIS_YEAR)}", dims=JOB_DIMS
            ),
            topic="filters",
        )
    )
    add(
        Question(
            "filt_followups",
            "how many open ICU jobs in texas",
            "any",
            "number",
            _open_jobs(f"js.name = 'ICU' AND {JOB_STATE} = 'TX'"),
            topic="filters",
            follow_ups=(
                FollowUp(
                    "only night shift",
                    "number",
                    _open_jobs(f"js.name = 'ICU' AND {JOB_STATE} = 'TX' AND {shift_is('Nights')}"),
                ),
                FollowUp(
                    "and paying over $2,000 a week?",
                    "number",
                    _open_jobs(
                        f"js.name = 'ICU' AND {JOB_STATE} = 'TX' AND {shift_is('Nights')} "
                        "AND j.weekly_pay >= 2000"
                    ),
                ),
            ),
        )
    )
    add(
        Question(
            "filt_followup_bls",
            "how many of my ER candidates",
            "any",
            "number",
            _cands("cs.name = 'ER'"),
            topic="filters",
            follow_ups=(
                FollowUp("and with BLS?", "number", _cands(f"cs.name = 'ER' AND {holds('BLS')}")),
                FollowUp(
                    "show me those candidates",
                    "rows",
                    _cand_list(f"cs.name = 'ER' AND {holds('BLS')}"),
                    match=CANDIDATE,
                ),
            ),
        )
    )
    return tuple(q)


QUESTIONS: tuple[Question, ...] = _questions()


def text_fields(today: dt.date) -> dict[str, str]:
    """Placeholders every question text may use, relative to ``today``."""
    first = today.replace(day=1)
    prev = (first - dt.timedelta(days=1)).replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return {
        "year": str(today.year),
        "month": first.strftime("%B").lower(),
        "prev_month": prev.strftime("%B").lower(),
        "next_month": nxt.strftime("%B").lower(),
    }


# ------------------------------------------------------------------------------- askers
async def pick_askers(
    conn: AsyncConnection, *, password_hash: str, recruiters: int = 3
) -> list[Asker]:
    """The ``recruiters`` active recruiters with the most candidates, and the admin, given
    a password they sign in with (demo staff have none) and an active account."""
    rows = (
        await conn.execute(
            text(
                "SELECT r.id, u.id AS user_id, u.email, concat_ws(' ', u.first_name, "
                "u.last_name) AS name FROM recruiters r JOIN users u ON u.id = r.user_id "
                "WHERE r.active ORDER BY (SELECT count(*) FROM candidates c "
                "WHERE c.recruiter_id = r.id) DESC, u.email LIMIT :n"
            ),
            {"n": recruiters},
        )
    ).all()
    askers = [Asker("recruiter", row.user_id, row.email, row.name, row.id) for row in rows]
    admin = (
        await conn.execute(
            text(
                "SELECT u.id, u.email, concat_ws(' ', u.first_name, u.last_name) AS name "
                "FROM users u JOIN user_roles ur ON ur.user_id = u.id AND ur.role = 'admin' "
                "ORDER BY u.email LIMIT 1"
            )
        )
    ).one()
    askers.append(Asker("admin", admin.id, admin.email, admin.name))
    await conn.execute(
        text("UPDATE users SET password_hash = :h, status = 'active' WHERE id = ANY(:ids)"),
        {"h": password_hash, "ids": [a.user_id for a in askers]},
    )
    return askers


async def demo_today(conn: AsyncConnection) -> dt.date:
    """The day the demo data was generated for (its "today").

    The demo admin account is created exactly 400 days before it
    (devstack/demo_data/people.py ``add_staff_rows``).
    """
    created = await conn.scalar(
        text("SELECT created_at FROM users WHERE email = 'admin@example.com'")
    )
    assert created is not None, "the demo admin account is missing"
    return (created.astimezone(dt.UTC) + dt.timedelta(days=400)).date()


# --------------------------------------------------------------------------------- gold
async def _gold_of(
    conn: AsyncConnection,
    kind: AnswerKind,
    sql: str,
    binds: Mapping[str, Any],
    *,
    match: RowMatch | None,
    tolerance: float,
    percent: bool,
) -> Gold:
    if kind in ("clarify", "unanswerable"):
        return Gold(kind)
    result = await conn.execute(text(sql), dict(binds))
    if kind == "number":
        value = result.scalar()
        number = float(value) if value is not None else 0.0
        return Gold(kind, value=number, tolerance=tolerance, percent=percent)
    rows = tuple(dict(row._mapping) for row in result)
    return Gold(kind, rows=rows, match=match)


async def gold_answer(
    conn: AsyncConnection,
    kind: AnswerKind,
    sql: str,
    alternatives: Sequence[str],
    binds: Mapping[str, Any],
    *,
    match: RowMatch | None = None,
    tolerance: float = 0.0,
    percent: bool = False,
) -> Gold:
    """The gold answer of one turn (with its accepted alternatives), by the base tables."""
    main = await _gold_of(conn, kind, sql, binds, match=match, tolerance=tolerance, percent=percent)
    others = [
        await _gold_of(conn, kind, alt, binds, match=match, tolerance=tolerance, percent=percent)
        for alt in alternatives
    ]
    return Gold(
        main.kind,
        value=main.value,
        rows=main.rows,
        alternatives=tuple(others),
        match=main.match,
        tolerance=main.tolerance,
        percent=main.percent,
    )


async def fill_values(
    conn: AsyncConnection, question: Question, binds: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The fill row of a templated question (None: nothing to ask about for this asker)."""
    if not question.fill:
        return {}
    row = (await conn.execute(text(question.fill), dict(binds))).first()
    return dict(row._mapping) if row is not None else None


# ------------------------------------------------------------------------------ grading
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _norm(value: Any) -> str:
    text_value = str(value).strip().lower()
    return re.sub(r"[\s_\-]+", " ", text_value)


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").removesuffix("%").lstrip("$")
        try:
            return float(cleaned)
        except ValueError:
            return None
    return None


def _spellings(value: Any) -> list[str]:
    """The ways an answer may write a gold value (normalised)."""
    return [_norm(s) for s in _raw_spellings(value)]


def _raw_spellings(value: Any) -> list[str]:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return [value.isoformat(), f"{value.month}/{value.day}/{value.year}"]
    if isinstance(value, uuid.UUID):
        return [str(value)]
    text_value = str(value)
    month = re.fullmatch(r"(\d{4})-(\d{2})", text_value)
    if month:
        year, number = month.group(1), int(month.group(2))
        name = _MONTHS[number - 1]
        return [
            text_value,
            f"{text_value}-01",
            f"{name} {year}",
            f"{name[:3]} {year}",
            f"{number}/{year}",
            f"{number:02d}/{year}",
            name,
        ]
    return [text_value]


def _cell_has(cell: Any, value: Any) -> bool:
    gold_number = _as_number(value) if not isinstance(value, str) else None
    if gold_number is not None:
        cell_number = _as_number(cell)
        return cell_number is not None and math.isclose(cell_number, gold_number, abs_tol=1e-6)
    if cell is None:
        return False
    cell_text = _norm(cell)
    for spelling in _spellings(value):
        if cell_text == spelling or cell_text.startswith(spelling + "t"):
            return True  # a date's timestamp rendering
        if re.search(rf"(?<![\w]){re.escape(spelling)}(?![\w])", cell_text):
            return True
    return False


def _row_has_all(row: Sequence[Any], values: Sequence[Any]) -> bool:
    return all(any(_cell_has(cell, value) for cell in row) for value in values)


def _row_matches(row: Sequence[Any], gold_row: Mapping[str, Any], match: RowMatch) -> bool:
    measures = [gold_row[m] for m in match.measures]
    numbers = [_as_number(cell) for cell in row if not isinstance(cell, str)]
    for m in measures:
        target = float(m) if m is not None else 0.0
        if not any(n is not None and math.isclose(n, target, abs_tol=1e-6) for n in numbers):
            return False
    for identity in match.identities:
        values = [gold_row[c] for c in identity]
        if any(v is None for v in values):
            continue
        if _row_has_all(row, values):
            return True
    return False


def _zero_row(row: Sequence[Any]) -> bool:
    numbers = [_as_number(c) for c in row if not isinstance(c, str)]
    numbers = [n for n in numbers if n is not None]
    return bool(numbers) and all(n == 0 for n in numbers)


def _compare_rows(reply: Mapping[str, Any], gold: Gold, max_rows: int | None) -> Verdict:
    assert gold.match is not None
    table = reply.get("table") or {}
    rows: list[list[Any]] = list(table.get("rows") or [])
    if not gold.rows:
        value = reply.get("value")
        if all(_zero_row(r) for r in rows) and value in (None, 0):
            return Verdict(True, "no rows, as expected")
        return Verdict(False, f"expected no rows, got {len(rows)} (value {value})")
    fits = [
        [i for i, row in enumerate(rows) if _row_matches(row, gold_row, gold.match)]
        for gold_row in gold.rows
    ]
    owner = _pair_up(fits)
    paired = set(owner.values())
    if max_rows is not None and len(gold.rows) > max_rows:
        # More rows than an answer may hold (COPILOT_MAX_ROWS): a full first page of
        # right rows is the best answer there is (a page may shrink a little when rows
        # are folded per candidate).
        wrong = [row for i, row in enumerate(rows) if i not in owner and not _zero_row(row)]
        if not wrong and len(owner) >= 0.9 * max_rows:
            return Verdict(True, f"a right first page: {len(owner)} of {len(gold.rows)} rows")
        return Verdict(False, f"{len(owner)} right and {len(wrong)} wrong rows of {len(gold.rows)}")
    for g, gold_row in enumerate(gold.rows):
        if g not in paired:
            return Verdict(False, f"missing row {dict(gold_row)} among {len(rows)} rows")
    extra = [row for i, row in enumerate(rows) if i not in owner and not _zero_row(row)]
    if extra:
        return Verdict(False, f"{len(extra)} extra rows, e.g. {extra[0]}")
    return Verdict(True, f"{len(gold.rows)} rows match")


def _pair_up(fits: list[list[int]]) -> dict[int, int]:
    """Table row -> gold row, as many pairs as possible (Kuhn's augmenting paths): a gold
    "Surgery" may also fit the table's "Ambulatory Surgery", and must not take it from the
    gold row that fits nothing else."""
    owner: dict[int, int] = {}

    def place(g: int, seen: set[int]) -> bool:
        for i in fits[g]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or place(owner[i], seen):
                owner[i] = g
                return True
        return False

    for g in range(len(fits)):
        place(g, set())
    return owner


def _reply_number(reply: Mapping[str, Any]) -> float | None:
    value = _as_number(reply.get("value"))
    if value is not None:
        return value
    table = reply.get("table") or {}
    rows = table.get("rows") or []
    if len(rows) == 1:
        numbers = [_as_number(c) for c in rows[0] if not isinstance(c, str)]
        numbers = [n for n in numbers if n is not None]
        if len(numbers) == 1:
            return numbers[0]
    return None


def _compare_number(reply: Mapping[str, Any], gold: Gold) -> Verdict:
    got = _reply_number(reply)
    assert gold.value is not None
    exact_zero = gold.value == 0 and not gold.percent and not gold.tolerance
    if exact_zero and reply.get("outside_scope") and not got:
        # None of the asker's rows, and the copilot said the matching rows are outside
        # their scope: what the issue asks for, distinct from "no rows".
        return Verdict(True, "none in scope, said outside the scope")
    if got is None:
        return Verdict(False, f"expected {gold.value:g}, got no number")
    tolerance = max(gold.tolerance, 1e-6)
    targets = [(gold.value, tolerance)]
    if gold.percent:
        targets.append((gold.value * 100, tolerance * 100))
    for target, within in targets:
        if math.isclose(got, target, abs_tol=within):
            return Verdict(True, f"{got:g}")
    return Verdict(False, f"expected {gold.value:g}, got {got:g}")


def _one(reply: Mapping[str, Any], gold: Gold, max_rows: int | None = None) -> Verdict:
    if gold.kind == "number":
        return _compare_number(reply, gold)
    if gold.kind == "rows":
        return _compare_rows(reply, gold, max_rows)
    if gold.kind == "clarify":
        if reply.get("clarify"):
            return Verdict(True, "asked which one")
        return Verdict(False, "answered an ambiguous question without asking")
    # unanswerable: said so, and no made-up number or rows
    table_rows = (reply.get("table") or {}).get("rows") or []
    honest = bool(reply.get("uncertain") or reply.get("clarify"))
    if honest and reply.get("value") is None and not table_rows:
        return Verdict(True, "declined honestly")
    return Verdict(False, "answered a question it cannot know")


def grade(reply: Mapping[str, Any], gold: Gold, *, max_rows: int | None = None) -> Verdict:
    """Whether ``reply`` (the API's JSON) equals the gold or one of its alternatives.

    ``max_rows``: the most rows an answer may hold; a longer gold list is matched by a full
    first page of right rows."""
    verdict = _one(reply, gold, max_rows)
    if verdict.correct:
        return verdict
    for alternative in gold.alternatives:
        if _one(reply, alternative, max_rows).correct:
            return Verdict(True, "matches an accepted alternative reading")
    return verdict


def wrong_without_warning(turn: Turn) -> bool:
    """A wrong answer that did not say it was unsure (nor asked, nor said out of scope)."""
    reply = turn.reply
    flagged = bool(reply.get("uncertain") or reply.get("clarify") or reply.get("outside_scope"))
    return not turn.verdict.correct and not flagged


# ------------------------------------------------------------------ asking through the API
SESSION_COOKIE = "esa_session"
_SERVER_TIMING = re.compile(r"dur=([0-9.]+)")


class Desk:
    """The copilot API as the askers use it: each signed in through the login API once,
    then asking with their own login cookie."""

    def __init__(self, client: httpx.AsyncClient, password: str) -> None:
        self.client = client
        self.password = password
        self.cookies: dict[str, str] = {}

    async def sign_in(self, asker: Asker) -> None:
        response = await self.client.post(
            "/api/auth/login", json={"email": asker.email, "password": self.password}
        )
        assert response.status_code == 200, response.text
        token = self.client.cookies.get(SESSION_COOKIE)
        assert token, "the login set no session cookie"
        self.cookies[asker.email] = token
        self.client.cookies.clear()

    async def ask(
        self, asker: Asker, question: str, conversation_id: str | None = None
    ) -> tuple[dict[str, Any], float]:
        """The reply's JSON and the server's time for it (ms)."""
        started = time.perf_counter()
        response = await self.client.post(
            "/api/recruiter/ask",
            json={"question": question, "conversation_id": conversation_id},
            headers={"Cookie": f"{SESSION_COOKIE}={self.cookies[asker.email]}"},
        )
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, f"{question!r}: {response.status_code} {response.text}"
        timing = _SERVER_TIMING.search(response.headers.get("server-timing", ""))
        reply: dict[str, Any] = response.json()
        return reply, float(timing.group(1)) if timing else elapsed


async def ask_question_set(
    desk: Desk,
    engine: AsyncEngine,
    asker: Asker,
    today: dt.date,
    questions: Sequence[Question] = QUESTIONS,
    *,
    max_rows: int | None = None,
) -> list[Turn]:
    """Every question this asker asks, graded; follow-ups in the same conversation."""
    turns: list[Turn] = []
    fields = text_fields(today)
    async with engine.connect() as conn:
        for question in questions:
            if not asker.asks(question):
                continue
            binds = asker.binds(today)
            fill = await fill_values(conn, question, binds)
            if fill is None:
                continue
            binds = {**binds, **fill}
            words = question.text.format(**fields, **fill)
            steps: list[tuple[str, str, Question | FollowUp]] = [(question.qid, words, question)]
            steps += [
                (f"{question.qid}+{n}", f.text, f)
                for n, f in enumerate(question.follow_ups, start=1)
            ]
            conversation_id = None
            for qid, said, step in steps:
                gold = await gold_answer(
                    conn,
                    step.kind,
                    step.sql,
                    step.alternatives,
                    binds,
                    match=step.match,
                    tolerance=step.tolerance,
                    percent=step.percent,
                )
                reply, server_ms = await desk.ask(asker, said, conversation_id)
                conversation_id = reply.get("conversation_id")
                long_tail = isinstance(step, Question) and step.long_tail
                turns.append(
                    Turn(
                        qid,
                        said,
                        asker,
                        gold,
                        reply,
                        grade(reply, gold, max_rows=max_rows),
                        server_ms,
                        long_tail,
                    )
                )
    return turns


def failures(turns: Sequence[Turn]) -> list[dict[str, Any]]:
    """The wrong answers, in words a reader can check against the gold."""
    return [
        {
            "qid": t.qid,
            "asker": f"{t.asker.kind}:{t.asker.name}",
            "question": t.text,
            "why": t.verdict.reason,
            "answer": t.reply.get("answer"),
            "value": t.reply.get("value"),
            "rows": len((t.reply.get("table") or {}).get("rows") or []),
            "table": _table_sample(t.reply.get("table")),
            "gold": t.gold.value if t.gold.kind == "number" else _gold_sample(t.gold),
            "uncertain": t.reply.get("uncertain"),
            "outside_scope": t.reply.get("outside_scope"),
            "clarify": t.reply.get("clarify"),
            "explanation": t.reply.get("explanation"),
        }
        for t in turns
        if not t.verdict.correct
    ]


def _table_sample(table: Mapping[str, Any] | None, rows: int = 12) -> dict[str, Any] | None:
    if not table:
        return None
    return {"columns": table.get("columns"), "rows": (table.get("rows") or [])[:rows]}


def _gold_sample(gold: Gold, rows: int = 12) -> list[dict[str, Any]] | str:
    if gold.kind != "rows":
        return gold.kind
    return [{k: str(v) for k, v in row.items()} for row in gold.rows[:rows]]


# ------------------------------------------------------------------- extra demo activity
_CERT_SHARES = (("BLS", 0.9), ("ACLS", 0.5), ("PALS", 0.2), ("NIHSS", 0.15), ("TNCC", 0.1))
_HANDOFF_REASONS = (
    "asked to talk to a recruiter",
    "question about pay",
    "license question",
    "wants a call back",
    "question about housing",
)
_OUTCOMES = ("resolved", "applied", "not_interested", "no_response", "other")


def _vector(rng: random.Random) -> str:
    values = [rng.gauss(0, 1) for _ in range(384)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return "[" + ",".join(f"{v / norm:.5f}" for v in values) + "]"


async def plant_activity(conn: AsyncConnection, today: dt.date, *, seed: int = 13) -> None:
    """Certifications and chat handoffs the demo generator does not make, so those
    questions have answers: certification expiries on resume summary rows (as resume
    parsing stores them) for most candidates, and a few handoffs per active recruiter
    (about their own candidates or anonymous visitors; some answered, some closed).
    Deterministic from ``seed``; everything lies before ``today``."""
    anchor = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    candidates = (
        await conn.execute(
            text("SELECT id, user_id, recruiter_id, created_at FROM candidates ORDER BY id")
        )
    ).all()
    rng = random.Random(f"{seed}:certifications")
    embeddings = []
    for cand in candidates:
        if rng.random() > 0.7:
            continue
        certs: dict[str, str | None] = {}
        for name, share in _CERT_SHARES:
            if rng.random() < share:
                expiry = today + dt.timedelta(days=rng.randint(-60, 500))
                certs[name] = expiry.isoformat() if rng.random() > 0.05 else None
        if not certs:
            continue
        embeddings.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128)),
                "candidate_id": cand.id,
                "embedding": _vector(rng),
                "certifications": _json(certs),
                "created_at": cand.created_at,
            }
        )
    if embeddings:
        await conn.execute(
            text(
                "INSERT INTO resume_embeddings (id, candidate_id, embedding, model_name, "
                "content_hash, part, certifications, created_at, updated_at) VALUES "
                "(:id, :candidate_id, CAST(:embedding AS vector), 'eval-planted', "
                "repeat('e', 64), 'summary', CAST(:certifications AS jsonb), :created_at, "
                ":created_at)"
            ),
            embeddings,
        )

    recruiters = (
        await conn.execute(text("SELECT id FROM recruiters WHERE active ORDER BY id"))
    ).all()
    desk: dict[uuid.UUID, list[uuid.UUID]] = {}
    for cand in candidates:
        if cand.recruiter_id is not None:
            desk.setdefault(cand.recruiter_id, []).append(cand.user_id)
    sessions, handoffs = [], []
    for rec in recruiters:
        rng = random.Random(f"{seed}:handoffs:{rec.id}")
        for _ in range(rng.randint(2, 7)):
            created = anchor - dt.timedelta(minutes=rng.randint(30, 45 * 24 * 60))
            mine = desk.get(rec.id) or []
            user_id = rng.choice(mine) if mine and rng.random() < 0.7 else None
            first_response = None
            replies = 0
            if rng.random() < 0.75:
                first_response = min(
                    created + dt.timedelta(minutes=rng.randint(1, 240)),
                    anchor - dt.timedelta(minutes=1),
                )
                replies = rng.randint(1, 5)
            closed_at = None
            outcome = None
            if first_response is not None and rng.random() < 0.5:
                closed_at = min(
                    first_response + dt.timedelta(minutes=rng.randint(5, 2000)),
                    anchor - dt.timedelta(seconds=30),
                )
                outcome = rng.choice(_OUTCOMES)
            session_id = uuid.UUID(int=rng.getrandbits(128))
            sessions.append(
                {
                    "id": session_id,
                    "token_hash": hashlib.sha256(session_id.bytes).hexdigest(),
                    "user_id": user_id,
                    "status": "closed" if closed_at else "handed_off",
                    "turns": rng.randint(2, 12),
                    "at": created,
                }
            )
            handoffs.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128)),
                    "session_id": session_id,
                    "recruiter_id": rec.id,
                    "user_id": user_id,
                    "status": "closed" if closed_at else "open",
                    "reason": rng.choice(_HANDOFF_REASONS),
                    "messages": rng.randint(2, 20),
                    "closed_at": closed_at,
                    "first_response_at": first_response,
                    "outcome": outcome,
                    "replies": replies,
                    "at": created,
                    "updated": closed_at or first_response or created,
                }
            )
    if sessions:
        await conn.execute(
            text(
                "INSERT INTO chat_sessions (id, token_hash, user_id, status, turns, state, "
                "last_activity, created_at, updated_at) VALUES (:id, :token_hash, :user_id, "
                "CAST(:status AS chat_session_status), :turns, '{}'::jsonb, :at, :at, :at)"
            ),
            sessions,
        )
        await conn.execute(
            text(
                "INSERT INTO chat_handoffs (id, chat_session_id, recruiter_id, user_id, status, "
                "reason, assigned_by, transcript_messages, closed_at, first_response_at, "
                "outcome, recruiter_replies, created_at, updated_at) VALUES (:id, :session_id, "
                ":recruiter_id, :user_id, CAST(:status AS chat_handoff_status), :reason, "
                "'least_loaded', :messages, :closed_at, :first_response_at, :outcome, "
                ":replies, :at, :updated)"
            ),
            handoffs,
        )


async def settle_counters(conn: AsyncConnection) -> None:
    """Counters the demo generator writes once per row (a job's applications, a share
    link's views, applications and placements) recounted from the rows, for a database
    grown after its first seeding (the generator skips rows that exist, counters too)."""
    await conn.execute(
        text(
            "UPDATE jobs j SET application_count = coalesce(x.n, 0) FROM jobs j2 LEFT JOIN "
            "(SELECT job_id, count(*) AS n FROM applications GROUP BY job_id) x "
            "ON x.job_id = j2.id WHERE j.id = j2.id AND j.application_count <> coalesce(x.n, 0)"
        )
    )
    await conn.execute(
        text(
            "UPDATE recruiter_job_shares s SET "
            "views = (SELECT count(*) FROM job_views v WHERE v.recruiter_share_id = s.id), "
            "applications = (SELECT count(*) FROM applications a "
            "WHERE a.recruiter_share_id = s.id), "
            "placements = (SELECT count(*) FROM applications a WHERE a.recruiter_share_id = s.id "
            "AND EXISTS (SELECT 1 FROM application_status_history h "
            "WHERE h.application_id = a.id AND h.status = 'placed'))"
        )
    )


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), sort_keys=True)
