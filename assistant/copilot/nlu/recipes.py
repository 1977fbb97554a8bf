"""Everyday questions beyond the metrics, answered with fixed read-only SQL over the copilot
views: "candidates with more than 10 years of experience", "who can start in the next 30
days", "which of my candidates haven't applied yet", "how many candidates hold a
California license", "licenses pending verification", "how many share links have I
made", "handoffs still waiting for a first reply", "handoffs that ended with an
application", "jobs posted in the last 7 days", "open jobs starting in December",
"average weekly pay for open ICU travel jobs", "the highest paying job in Texas".

Each recipe is one SELECT written here, over ``copilot.`` views only, with values that
come from the master data, numbers and dates (never the question's raw text); it runs
through the guarded SQL tool in the asker's row-level-security scope like any other read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from uuid import UUID

from assistant.copilot.nlu.grounding import Grounding
from assistant.copilot.nlu.periods import Period, find_period
from assistant.copilot.nlu.shape import Shape
from assistant.copilot.nlu.topics import NO_APPLICANTS

__all__ = ["Recipe", "find_recipe", "sql_text"]


@dataclass(frozen=True, slots=True)
class Recipe:
    name: str
    sql: str
    noun: str
    """What is counted or listed, in words ("candidates with more than 10 years of
    experience"), for the answer's sentence."""
    meaning: str
    """What the SQL counts, for the "how I got this" line."""
    rows: bool = False
    """The answer is the rows (a list or a breakdown), not one number."""
    unit: str | None = None
    """``usd`` for pay, else a count."""


def sql_text(value: str) -> str:
    """A SQL string literal (master-data names may hold an apostrophe)."""
    return "'" + value.replace("'", "''") + "'"


def _date(day: dt.date) -> str:
    return f"DATE '{day.isoformat()}'"


def _in_period(column: str, period: Period | None, today: dt.date, *, ahead: bool) -> list[str]:
    if period is None or period.all_time:
        return []
    if period.within_days is not None and not ahead:
        # "haven't applied in 60 days": the last N days up to today
        start = today - dt.timedelta(days=period.within_days)
        return [f"{column} >= {_date(start)}", f"{column} < {_date(today + dt.timedelta(days=1))}"]
    if period.within_days is not None:
        end = today + dt.timedelta(days=period.within_days)
        return [f"{column} >= {_date(today)}", f"{column} < {_date(end + dt.timedelta(days=1))}"]
    out: list[str] = []
    if period.start is not None:
        out.append(f"{column} >= {_date(period.start)}")
    if period.end is not None:
        out.append(f"{column} < {_date(period.end + dt.timedelta(days=1))}")
    return out


def _candidate_filters(g: Grounding, recruiter_id: UUID | None, alias: str = "c") -> list[str]:
    out: list[str] = []
    if g.specialty:
        out.append(f"{alias}.specialty = {sql_text(g.specialty)}")
    if g.profession:
        out.append(f"{alias}.profession = {sql_text(g.profession)}")
    if g.state_code:
        out.append(f"{alias}.state_code = {sql_text(g.state_code)}")
    if recruiter_id is not None:
        out.append(f"{alias}.recruiter_id = '{recruiter_id}'")
    return out


def _job_filters(g: Grounding, *, hot: bool | None, featured: bool | None) -> list[str]:
    out: list[str] = []
    if g.specialty:
        out.append(f"j.specialty = {sql_text(g.specialty)}")
    if g.profession:
        out.append(f"j.profession = {sql_text(g.profession)}")
    if g.state_code:
        out.append(f"j.state_code = {sql_text(g.state_code)}")
    if g.job_type:
        out.append(f"j.job_type = {sql_text(g.job_type)}")
    if hot:
        out.append("j.is_hot")
    if featured:
        out.append("j.is_featured")
    return out


def _where(conditions: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


_CANDIDATE_ROW = (
    "c.candidate_id, concat_ws(' ', c.first_name, c.last_name) AS candidate, c.email, "
    "c.specialty, c.state_code AS state"
)
_JOB_ROW = (
    "j.job_id, j.external_job_id, j.title, j.city, j.state_code AS state, j.weekly_pay, "
    "j.start_date"
)


def _candidates(
    name: str, noun: str, meaning: str, conditions: list[str], *, listing: bool, extra: str = ""
) -> Recipe:
    if listing:
        sql = (
            f"SELECT {_CANDIDATE_ROW}{extra} FROM copilot.candidates c{_where(conditions)} "
            "ORDER BY candidate"
        )
        return Recipe(name, sql, noun, meaning, rows=True)
    sql = f"SELECT count(*) AS candidates FROM copilot.candidates c{_where(conditions)}"
    return Recipe(name, sql, noun, meaning)


_PEOPLE_RX: Final = re.compile(
    r"\b(?:candidates?|nurses?|clinicians?|people|travell?ers?|folks|who|whos|rns|lpns|cnas|"
    r"techs?|therapists?|desk)\b"
)
_EXPERIENCE_RX: Final = re.compile(
    r"\b(?:(?P<op>more than|over|greater than|above|at least|min(?:imum)?(?: of)?|less than|"
    r"under|fewer than|below|at most|no more than)\s+)?(?P<n>\d{1,2})(?P<plus>\+)?\s*"
    r"(?:or more\s+)?(?:years?|yrs?)(?:\s+or more)?(?:\s+of)?(?:\s+\w+)?\s+(?:experience|exp)\b"
)
_AVAILABLE_RX: Final = re.compile(
    r"\b(?:(?:can|could|able to|ready to|free to) start|available(?: to start)?|availability|"
    r"start dates?|starting)\b"
)
_NO_APPLICATIONS_RX: Final = re.compile(
    r"\b(?:(?:havent|have not|hasnt|has not|never|not yet|didnt|did not|dont|do not|doesnt|"
    r"does not)\s+(?:yet\s+|ever\s+)?(?:applied|apply)|without (?:any )?(?:applications|apps)|"
    r"(?:no|zero|0) (?:applications|apps)|not applied)\b"
)
_TRAVEL_RX: Final = re.compile(r"\b(?:travel|travell?ers?|travell?ing|open to travel)\b")
_LICENSE_RX: Final = re.compile(r"\blicen[sc]e[sd]?\b")
_EXPIRY_RX: Final = re.compile(r"\bexpir|\blaps|\brenew|\bdue\b")
_HOLD_RX: Final = re.compile(r"\b(?:hold|holds|holding|have|has|having|with|carry|carries)\b")
_VERIFICATION: Final = (
    (
        re.compile(
            r"\b(?:pending|awaiting|waiting for|needs?|need) verification|unverified|"
            r"not (?:yet )?verified|verification (?:is )?pending\b"
        ),
        "pending",
    ),
    (re.compile(r"\bfailed verification|verification failed\b"), "failed"),
    (re.compile(r"\b(?:are |is |been |fully )verified\b|\bverified licen"), "verified"),
)
_LICENSE_STATUS: Final = (
    (re.compile(r"\bactive licen"), "active"),
    (re.compile(r"\bpending licen"), "pending"),
)
_SHARE_COUNT_RX: Final = re.compile(
    r"\b(?:how many|number of|count)\b.{0,30}\b(?:share links?|shared links?|links?|shares)\b"
)
_SHARE_MEASURE_RX: Final = re.compile(
    r"\b(?:views?|viewed|clicks?|clicked|opens|opened|visits?|visited|applications?|"
    r"applicants?|apps|applied|placements?|placed|"
    r"hires|conversion|converted)\b"
)
_UNANSWERED_RX: Final = re.compile(
    r"\b(?:(?:still )?waiting for (?:a |my |the |an )?(?:first )?(?:reply|response|answer)|"
    r"unanswered|no (?:reply|response|answer) yet|no (?:reply|response)|not (?:yet )?(?:been )?"
    r"(?:replied|answered|responded)(?: to)?|without (?:a |any )?(?:reply|response)|"
    r"(?:havent|have not|hasnt|has not|didnt|did not) (?:yet )?(?:replied|responded|answered))\b"
)
_HANDOFF_RX: Final = re.compile(
    r"\b(?:handoffs?|handed (?:off|over)|hand ?offs?|escalat\w+|chats?|conversations?|inbox)\b"
)
_OPENISH_RX: Final = re.compile(r"\b(?:open|waiting|pending|queue|queued|inbox|unanswered|still)\b")
_OUTCOMES: Final = (
    (re.compile(r"\bappl(?:y|ied|ying|ication)"), "applied"),
    (re.compile(r"\bresolved|\bsolved"), "resolved"),
    (re.compile(r"\bnot interested|\bno interest|\buninterested"), "not_interested"),
    (re.compile(r"\bno (?:response|reply)|\bnever (?:replied|responded)|\bghost"), "no_response"),
)
_OUTCOMES_NAMED_RX: Final = re.compile(
    r"\b(?:appl(?:y|ied|ying|ication)|resolved|not interested|no response|outcomes?)\b"
)
_OUTCOME_CUE_RX: Final = re.compile(
    r"\b(?:ended|ending|end|closed|resulted|result|results|led|outcomes?|turned into|"
    r"converted|became)\b"
)
_JOBS_RX: Final = re.compile(
    r"\b(?:jobs?|openings?|positions?|reqs?|postings?|roles?|orders|assignments?)\b"
)
_POSTED_RX: Final = re.compile(
    r"\b(?:posted|post|posts|added|created|published|went (?:up|live)|came in|new jobs?|"
    r"listed)\b"
)
_JOB_TYPE_DIM_RX: Final = re.compile(
    r"\b(?:by|per|each|every|across) (?:job )?(?:types?|shifts?)\b|\bjob types? breakdown\b"
)
_STARTS_RX: Final = re.compile(r"\b(?:start|starts|starting|start date|begin|begins|beginning)\b")
_PAY_RX: Final = re.compile(
    r"\b(?:pay|pays|paying|paid|rates?|salar(?:y|ies)|compensation|wages?|money|comp)\b"
)
_AVG_RX: Final = re.compile(r"\b(?:average|avg|mean|typical)\b")
_MEDIAN_RX: Final = re.compile(r"\bmedian\b")
_TOP_PAY_RX: Final = re.compile(
    r"\b(?:highest|top|best|most|max(?:imum)?|biggest|richest|lowest|worst|least|min(?:imum)?)\b"
)
_LOW_RX: Final = re.compile(r"\b(?:lowest|worst|least|min(?:imum)?)\b")
_FEATURED_RX: Final = re.compile(r"\b(?:featured|promoted|spotlight)\b")
_NO_APPLICANTS_RX: Final = re.compile(
    r"\b(?:no|zero|0|without(?: any)?|nobody|none|not any|lacking)\b.{0,12}"
    r"\b(?:applicants?|applications?|apps|applied|candidates)\b|\bnobody (?:has )?applied\b"
)


@dataclass(frozen=True, slots=True)
class RecipeInput:
    """What the question said, as far as the recipes need it."""

    norm: str
    low: str
    """The question in lower case (for periods that look ahead)."""
    metric: str | None
    grounding: Grounding
    shape: Shape
    period: Period | None
    today: dt.date
    recruiter_id: UUID | None
    hot: bool | None
    desk: UUID | None = None
    """The asking recruiter (None for an admin): applications are their desk's, not the
    other desks' that merely came through one of their share links (which their scope
    also holds, for the share-link questions)."""


def _experience(r: RecipeInput) -> Recipe | None:
    m = _EXPERIENCE_RX.search(r.norm)
    if m is None or not _PEOPLE_RX.search(r.norm):
        return None
    n = int(m.group("n"))
    op = (m.group("op") or "").strip()
    if m.group("plus") or op.startswith(("at least", "min")) or "or more" in m.group(0):
        sign, words = ">=", f"at least {n}"
    elif op in ("less than", "under", "fewer than", "below"):
        sign, words = "<", f"less than {n}"
    elif op in ("at most", "no more than"):
        sign, words = "<=", f"at most {n}"
    elif op:
        sign, words = ">", f"more than {n}"
    else:
        sign, words = ">=", f"{n} or more"
    conditions = [
        f"c.years_experience {sign} {n}",
        *_candidate_filters(r.grounding, r.recruiter_id),
    ]
    return _candidates(
        "candidates_by_experience",
        f"candidates with {words} years of experience",
        f"candidates whose years of experience are {words}",
        conditions,
        listing=r.shape.wants_list,
        extra=", c.years_experience",
    )


def _available(r: RecipeInput) -> Recipe | None:
    if not _AVAILABLE_RX.search(r.norm) or not _PEOPLE_RX.search(r.norm):
        return None
    if _JOBS_RX.search(r.norm):
        return None
    period, _ = find_period(r.low, r.today, future=True)
    conditions = _candidate_filters(r.grounding, r.recruiter_id)
    if period is not None and period.within_days is not None:
        end = r.today + dt.timedelta(days=period.within_days)
        conditions.append(f"c.available_from <= {_date(end)}")
        words = f"who can start by {end:%b} {end.day}, {end.year}"
    elif period is not None and period.end is not None:
        if period.start is not None and period.start > r.today:
            conditions.append(f"c.available_from >= {_date(period.start)}")
        conditions.append(f"c.available_from <= {_date(period.end)}")
        words = f"who can start by {period.end:%b} {period.end.day}, {period.end.year}"
    elif re.search(r"\b(?:now|today|immediately|asap|right away)\b", r.norm):
        conditions.append(f"c.available_from <= {_date(r.today)}")
        words = "who can start now"
    else:
        return None
    return _candidates(
        "candidates_available",
        f"candidates {words}",
        "candidates by their earliest start date (available from)",
        conditions,
        listing=r.shape.wants_list or not r.shape.wants_count,
        extra=", c.available_from",
    )


def _without_applications(r: RecipeInput) -> Recipe | None:
    if not _NO_APPLICATIONS_RX.search(r.norm) or not _PEOPLE_RX.search(r.norm):
        return None
    # "jobs with no applicants" is about jobs (a metric); "applied to any job" is not
    if _JOBS_RX.search(r.norm) and not re.search(r"\b(?:to|for) any (?:jobs?|thing)\b", r.norm):
        return None
    # "haven't applied in 60 days": no application in that period (not "never")
    when = _in_period("a.applied_at", r.period, r.today, ahead=False)
    inner = " AND ".join(["a.candidate_id = c.candidate_id", *when])
    conditions = [
        f"NOT EXISTS (SELECT 1 FROM copilot.applications a WHERE {inner})",
        *_candidate_filters(r.grounding, r.recruiter_id),
    ]
    return _candidates(
        "candidates_without_applications",
        "candidates who have not applied to any job" + (" in that period" if when else ""),
        "candidates with no application" + (" in the period" if when else " at all"),
        conditions,
        listing=r.shape.wants_list,
    )


_CERT_RX: Final = re.compile(r"\b(?:certifications?|certs?|certificates?|certified)\b")


def _certification_holders(r: RecipeInput) -> Recipe | None:
    """ "how many candidates have BLS", "who is ACLS certified" (no expiry asked)."""
    names = r.grounding.certifications
    if _EXPIRY_RX.search(r.norm) or not (names or _CERT_RX.search(r.norm)):
        return None
    if not _PEOPLE_RX.search(r.norm) and not _HOLD_RX.search(r.norm):
        return None
    conditions = [f"e.certification IN ({', '.join(sql_text(n) for n in names)})"] if names else []
    conditions += _candidate_filters(r.grounding, r.recruiter_id)
    join = " JOIN copilot.candidates c ON c.candidate_id = e.candidate_id"
    what = " or ".join(names) if names else "a certification on their resume"
    if "certification" in r.shape.dims:
        sql = (
            "SELECT e.certification, count(DISTINCT e.candidate_id) AS candidates FROM "
            f"copilot.certifications e{join}{_where(conditions)} GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return Recipe("certification_holders", sql, "candidates by certification",
                      "candidates with each certification on their resume", rows=True)  # fmt: skip
    if r.shape.wants_list:
        sql = (
            "SELECT DISTINCT c.candidate_id, concat_ws(' ', c.first_name, c.last_name) AS "
            f"candidate, c.email, e.certification, e.expires_on FROM copilot.certifications e"
            f"{join}{_where(conditions)} ORDER BY candidate"
        )
        return Recipe("certification_holders", sql, f"candidates with {what}",
                      "candidates with the certification on their resume", rows=True)  # fmt: skip
    sql = (
        f"SELECT count(DISTINCT e.candidate_id) AS candidates FROM copilot.certifications e"
        f"{join}{_where(conditions)}"
    )
    return Recipe("certification_holders", sql, f"candidates with {what}",
                  "distinct candidates with the certification on their resume")  # fmt: skip


_UNASSIGNED_RX: Final = re.compile(
    r"\b(?:unassigned|no recruiter|without (?:a |any )?recruiter|not assigned|nobody assigned|"
    r"orphan\w*|(?:dont|do not|doesnt|does not|havent|have not|hasnt|has not) (?:have |got )?"
    r"(?:a |any )?(?:recruiter|assigned recruiter))\b"
)
_AVG_EXPERIENCE_RX: Final = re.compile(
    r"\b(?:average|avg|mean|typical|median)\b.{0,30}\b(?:experience|years)\b"
)


def _candidate_facts(r: RecipeInput) -> Recipe | None:
    """Unassigned candidates; the average years of experience."""
    if _UNASSIGNED_RX.search(r.norm) and _PEOPLE_RX.search(r.norm):
        conditions = ["c.recruiter_id IS NULL", *_candidate_filters(r.grounding, None)]
        return _candidates(
            "candidates_unassigned",
            "candidates with no recruiter",
            "candidates not assigned to any recruiter (an admin sees them; a recruiter never)",
            conditions,
            listing=r.shape.wants_list,
        )
    if _AVG_EXPERIENCE_RX.search(r.norm) and not _JOBS_RX.search(r.norm):
        conditions = _candidate_filters(r.grounding, r.recruiter_id)
        median = "median" in r.norm
        aggregate = (
            "round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY c.years_experience) AS "
            "numeric), 1)"
            if median
            else "round(avg(c.years_experience), 1)"
        )
        word = "median" if median else "average"
        sql = f"SELECT {aggregate} AS years FROM copilot.candidates c{_where(conditions)}"
        return Recipe(
            "candidates_experience",
            sql,
            f"{word} years of experience of candidates",
            f"the {word} of the candidates' years of experience",
            unit="years",
        )
    return None


def _travel_candidates(r: RecipeInput) -> Recipe | None:
    if r.metric != "candidates" or not _TRAVEL_RX.search(r.norm):
        return None
    conditions = ["c.travel", *_candidate_filters(r.grounding, r.recruiter_id)]
    who = " ".join(x for x in (r.grounding.specialty, r.grounding.profession) if x)
    return _candidates(
        "travel_candidates",
        f"travel {who or 'candidates'}".strip() + ("" if not who else " candidates"),
        "candidates open to travel assignments",
        conditions,
        listing=r.shape.wants_list,
    )


def _licenses(r: RecipeInput) -> Recipe | None:
    if not _LICENSE_RX.search(r.norm) or _EXPIRY_RX.search(r.norm):
        return None
    g = r.grounding
    conditions: list[str] = []
    words: list[str] = []
    for rx, status in _VERIFICATION:
        if rx.search(r.norm):
            conditions.append(f"l.verification_status = '{status}'")
            words.append(f"with verification {status}")
            break
    for rx, status in _LICENSE_STATUS:
        if rx.search(r.norm) and not conditions:
            conditions.append(f"l.status = '{status}'")
            words.append(f"in status {status}")
    if g.state_code:
        conditions.append(f"l.state_code = {sql_text(g.state_code)}")
        words.insert(0, f"in {g.state_name or g.state_code}")
    if g.profession:
        conditions.append(f"l.profession = {sql_text(g.profession)}")
    if r.recruiter_id is not None:
        conditions.append(f"c.recruiter_id = '{r.recruiter_id}'")
    join = " JOIN copilot.candidates c ON c.candidate_id = l.candidate_id"
    people = bool(_PEOPLE_RX.search(r.norm)) and bool(_HOLD_RX.search(r.norm))
    state_words = " ".join(words)
    if "state" in r.shape.dims:
        sql = (
            f"SELECT l.state_code AS state, count(*) AS licenses FROM copilot.licenses l{join}"
            f"{_where(conditions)} GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return Recipe("licenses_by_state", sql, "licenses by state", "licenses on file", rows=True)
    if r.shape.wants_list:
        sql = (
            "SELECT l.candidate_id, concat_ws(' ', c.first_name, c.last_name) AS candidate, "
            "l.state_code AS license_state, l.profession, l.status, l.verification_status, "
            f"l.expires_on FROM copilot.licenses l{join}{_where(conditions)} ORDER BY candidate"
        )
        return Recipe(
            "licenses_list", sql, f"licenses {state_words}".strip(), "licenses on file", rows=True
        )
    if people:
        sql = (
            f"SELECT count(DISTINCT l.candidate_id) AS candidates FROM copilot.licenses l{join}"
            f"{_where(conditions)}"
        )
        return Recipe(
            "license_holders",
            sql,
            f"candidates holding a license {state_words}".strip(),
            "distinct candidates with at least one license on file matching",
        )
    if not conditions:
        return None
    sql = f"SELECT count(*) AS licenses FROM copilot.licenses l{join}{_where(conditions)}"
    return Recipe("licenses", sql, f"licenses {state_words}".strip(), "licenses on file")


def _share_links(r: RecipeInput) -> Recipe | None:
    if not _SHARE_COUNT_RX.search(r.norm) or _SHARE_MEASURE_RX.search(r.norm):
        return None
    conditions = _in_period("s.created_at", r.period, r.today, ahead=False)
    if r.recruiter_id is not None:
        conditions.append(f"s.recruiter_id = '{r.recruiter_id}'")
    sql = f"SELECT count(*) AS share_links FROM copilot.share_links s{_where(conditions)}"
    return Recipe("share_links", sql, "share links", "share links created")


def _handoffs(r: RecipeInput) -> Recipe | None:
    if not _HANDOFF_RX.search(r.norm) or r.metric not in (
        "handoffs_open",
        "handoff_response_time",
        None,
    ):
        return None
    conditions: list[str] = []
    if r.recruiter_id is not None:
        conditions.append(f"h.recruiter_id = '{r.recruiter_id}'")
    if _UNANSWERED_RX.search(r.norm):
        conditions += ["h.status = 'open'", "h.first_response_at IS NULL"]
        conditions += _in_period("h.created_at", r.period, r.today, ahead=False)
        sql = f"SELECT count(*) AS handoffs FROM copilot.handoffs h{_where(conditions)}"
        return Recipe(
            "handoffs_unanswered",
            sql,
            "open handoffs still waiting for a first reply",
            "open handoffs with no recruiter reply yet",
        )
    if (
        re.search(r"\b(?:closed|close|closing)\b", r.norm)
        and r.period is not None
        and not (_OUTCOMES_NAMED_RX.search(r.norm))
    ):
        conditions += ["h.status = 'closed'", *_in_period("h.closed_at", r.period, r.today,
                                                         ahead=False)]  # fmt: skip
        sql = f"SELECT count(*) AS handoffs FROM copilot.handoffs h{_where(conditions)}"
        return Recipe(
            "handoffs_closed", sql, "handoffs closed", "handoffs by when they were closed"
        )
    if re.search(r"\b(?:by|per|each) reasons?\b|\breasons?\b|\bwhy\b", r.norm):
        conditions += _in_period("h.created_at", r.period, r.today, ahead=False)
        sql = (
            "SELECT h.reason, count(*) AS handoffs FROM copilot.handoffs h"
            f"{_where(conditions)} GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        return Recipe("handoffs_by_reason", sql, "handoffs by reason", "handoffs by the reason "
                      "the conversation was handed off", rows=True)  # fmt: skip
    if _OUTCOME_CUE_RX.search(r.norm) and r.metric != "handoff_response_time":
        outcome = next((o for rx, o in _OUTCOMES if rx.search(r.norm)), None)
        conditions += _in_period("h.created_at", r.period, r.today, ahead=False)
        if outcome is None:
            sql = (
                "SELECT coalesce(h.outcome, '(open)') AS outcome, count(*) AS handoffs FROM "
                f"copilot.handoffs h{_where(conditions)} GROUP BY 1 ORDER BY 2 DESC"
            )
            return Recipe("handoffs_by_outcome", sql, "handoffs by outcome", "handoffs", rows=True)
        conditions.append(f"h.outcome = '{outcome}'")
        sql = f"SELECT count(*) AS handoffs FROM copilot.handoffs h{_where(conditions)}"
        words = outcome.replace("_", " ")
        return Recipe(
            "handoffs_by_outcome",
            sql,
            f"handoffs closed with the outcome '{words}'",
            "handoffs by the outcome set when they were closed",
        )
    if (
        r.metric == "handoffs_open"
        and r.period is not None
        and not _OPENISH_RX.search(r.norm)
        and not r.shape.dims
    ):
        conditions += _in_period("h.created_at", r.period, r.today, ahead=False)
        sql = f"SELECT count(*) AS handoffs FROM copilot.handoffs h{_where(conditions)}"
        return Recipe(
            "handoffs_received",
            sql,
            "handoffs",
            "chat conversations handed to a recruiter (open or closed), by when handed off",
        )
    return None


def _jobs(r: RecipeInput) -> Recipe | None:
    about_pay = bool(_PAY_RX.search(r.norm)) and not _PEOPLE_RX.search(r.norm)
    if not (_JOBS_RX.search(r.norm) or about_pay) or r.metric not in (
        "open_jobs",
        "hot_jobs_without_applicants",
        None,
    ):
        return None
    g = r.grounding
    featured = True if _FEATURED_RX.search(r.norm) else None
    filters = _job_filters(g, hot=r.hot, featured=featured)
    if (_NO_APPLICANTS_RX.search(r.norm) or NO_APPLICANTS.search(r.norm)) and not r.hot:
        # The board's counter, and no application the asker can see either (the counter is
        # everyone's; rows are checked too in case it lags). Not only the hot ones: the
        # metric counts hot jobs, and "which jobs have no applicants" asks about all.
        conditions = [
            "j.is_open",
            "coalesce(j.applications_count, 0) = 0",
            "NOT EXISTS (SELECT 1 FROM copilot.applications a WHERE a.job_id = j.job_id)",
            *filters,
        ]
        kind = "featured " if featured else ""
        return _job_rows_or_count(
            r,
            f"{kind}jobs_without_applicants".replace(" ", "_"),
            conditions,
            f"open {kind}jobs without applicants",
            f"open {kind}jobs that nobody has applied to yet",
        )
    if g.min_weekly_pay is not None or g.min_hourly_pay is not None:
        column, floor = (
            ("j.weekly_pay", g.min_weekly_pay)
            if g.min_weekly_pay is not None
            else ("j.hourly_pay", g.min_hourly_pay)
        )
        conditions = ["j.is_open", *filters, f"{column} >= {float(floor or 0):.2f}"]
        per = "week" if column.endswith("weekly_pay") else "hour"
        return _job_rows_or_count(
            r, "jobs_paying", conditions, f"open jobs paying at least ${floor:,.0f} a {per}",
            f"open jobs by their {per}ly pay",
        )  # fmt: skip
    if _PAY_RX.search(r.norm):
        return _pay(r, ["j.is_open", *filters])
    if _STARTS_RX.search(r.norm) and not _POSTED_RX.search(r.norm):
        period, _ = find_period(r.low, r.today, future=True)
        if period is not None and not period.all_time:
            conditions = [
                "j.is_open",
                *filters,
                *_in_period("j.start_date", period, r.today, ahead=True),
            ]
            return _job_rows_or_count(
                r, "jobs_starting", conditions, "open jobs starting then", "open jobs by start date"
            )
    if _POSTED_RX.search(r.norm) and r.period is not None and not re.search(r"\bopen\b", r.norm):
        conditions = [*filters, *_in_period("j.posted_at", r.period, r.today, ahead=False)]
        return _job_rows_or_count(
            r,
            "jobs_posted",
            conditions,
            "jobs posted",
            "jobs by when they were posted (open or closed)",
        )
    if _JOB_TYPE_DIM_RX.search(r.norm):
        column = "j.shift" if re.search(r"\bshifts?\b", r.norm) else "j.job_type"
        label = "shift" if column == "j.shift" else "job_type"
        sql = (
            f"SELECT {column} AS {label}, count(*) AS jobs FROM copilot.jobs j"
            f"{_where(['j.is_open', *filters])} GROUP BY 1 ORDER BY 2 DESC, 1"
        )
        words = "shift" if label == "shift" else "job type"
        return Recipe("jobs_by_type", sql, f"open jobs by {words}", f"open jobs by {words}",
                      rows=True)  # fmt: skip
    if re.search(r"\bclosed\b", r.norm) and r.period is None and not re.search(r"\bopen\b", r.norm):
        return _job_rows_or_count(
            r, "jobs_closed", ["j.closed_at IS NOT NULL", *filters], "closed jobs",
            "jobs that have left the board",
        )  # fmt: skip
    if re.search(r"\b(?:closed|came down|taken down|filled)\b", r.norm) and r.period is not None:
        conditions = [*filters, *_in_period("j.closed_at", r.period, r.today, ahead=False)]
        return _job_rows_or_count(
            r, "jobs_closed", conditions, "jobs closed", "jobs by when they closed"
        )
    return None


_PAGE_VIEWS_RX: Final = re.compile(r"\b(?:views?|viewed|page views?|clicks?|clicked|traffic)\b")
_SHARE_WORDS_RX: Final = re.compile(r"\b(?:share|shared|links?|urls?)\b")


def _job_views(r: RecipeInput) -> Recipe | None:
    """ "which job has the most views": the board's page-view counter of open jobs (views
    through share links are the share_views metric)."""
    if (
        r.metric not in ("open_jobs", None)
        or not _PAGE_VIEWS_RX.search(r.norm)
        or not _JOBS_RX.search(r.norm)
        or _SHARE_WORDS_RX.search(r.norm)
    ):
        return None
    conditions = ["j.is_open", *_job_filters(r.grounding, hot=r.hot, featured=None)]
    if r.shape.order or r.shape.wants_list or "job" in r.shape.dims:
        direction = "ASC" if r.shape.order == "asc" else "DESC"
        sql = (
            f"SELECT {_JOB_ROW}, coalesce(j.page_views, 0) AS page_views FROM copilot.jobs j"
            f"{_where(conditions)} ORDER BY page_views {direction}, j.title"
            + (f" LIMIT {int(r.shape.limit)}" if r.shape.limit else "")
        )
        return Recipe(
            "job_views",
            sql,
            "open jobs by page views",
            "open jobs with the board's count of views of their page (all time)",
            rows=True,
        )
    sql = (
        "SELECT coalesce(sum(j.page_views), 0) AS page_views FROM copilot.jobs j"
        f"{_where(conditions)}"
    )
    return Recipe(
        "job_views",
        sql,
        "page views of open jobs",
        "the board's count of views of the open jobs' pages (all time)",
    )


def _job_rows_or_count(
    r: RecipeInput, name: str, conditions: list[str], noun: str, meaning: str
) -> Recipe:
    if r.shape.wants_list:
        sql = f"SELECT {_JOB_ROW} FROM copilot.jobs j{_where(conditions)} ORDER BY j.posted_at DESC"
        return Recipe(name, sql, noun, meaning, rows=True)
    sql = f"SELECT count(*) AS jobs FROM copilot.jobs j{_where(conditions)}"
    return Recipe(name, sql, noun, meaning)


def _pay(r: RecipeInput, conditions: list[str]) -> Recipe | None:
    column = (
        "j.hourly_pay" if re.search(r"\bhourly|\bper hour|\ban hour\b", r.norm) else "j.weekly_pay"
    )
    kind = "hourly" if column.endswith("hourly_pay") else "weekly"
    if _AVG_RX.search(r.norm) or _MEDIAN_RX.search(r.norm):
        median = bool(_MEDIAN_RX.search(r.norm))
        aggregate = (
            f"round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY {column}) AS numeric), 2)"
            if median
            else f"round(avg({column}), 2)"
        )
        word = "median" if median else "average"
        dims = [d for d in r.shape.dims if d in ("specialty", "state", "profession")]
        if dims:
            col = {
                "specialty": "j.specialty",
                "state": "j.state_code",
                "profession": "j.profession",
            }[dims[0]]
            sql = (
                f"SELECT {col} AS {dims[0]}, {aggregate} AS {word}_{kind}_pay FROM copilot.jobs j"
                f"{_where(conditions)} GROUP BY 1 ORDER BY 2 DESC NULLS LAST"
            )
            return Recipe("job_pay", sql, f"{word} {kind} pay of open jobs by {dims[0]}",
                          f"the {word} {kind} pay of open jobs", rows=True, unit="usd")  # fmt: skip
        sql = f"SELECT {aggregate} AS {word}_{kind}_pay FROM copilot.jobs j{_where(conditions)}"
        return Recipe("job_pay", sql, f"{word} {kind} pay of open jobs",
                      f"the {word} {kind} pay of the open jobs matching", unit="usd")  # fmt: skip
    if _TOP_PAY_RX.search(r.norm):
        low = bool(_LOW_RX.search(r.norm))
        extreme = "min" if low else "max"
        inner = [*conditions, f"{column} IS NOT NULL"]
        sql = (
            f"SELECT {_JOB_ROW} FROM copilot.jobs j{_where(inner)} AND {column} = "
            f"(SELECT {extreme}({column}) FROM copilot.jobs j{_where(inner)}) ORDER BY j.title"
        )
        word = "lowest" if low else "highest"
        return Recipe("job_pay_extreme", sql, f"{word} paying open jobs",
                      f"the open jobs with the {word} {kind} pay", rows=True)  # fmt: skip
    return None


_RATE_RX: Final = re.compile(
    r"\b(?:percent(?:age)?|%|rate|ratio|conversion|convert(?:s|ed)?|how often|share|fraction|"
    r"proportion)\b"
)
_PER_CANDIDATE_RX: Final = re.compile(
    r"\b(?:per|each|every|a|the average) (?:candidate|nurse|person|applicant)\b|"
    r"\baverage candidate\b"
)
_PER_JOB_RX: Final = re.compile(r"\b(?:per|each|a|every) (?:job|position|posting|opening)\b")


def _application_conditions(r: RecipeInput) -> list[str]:
    """The applications a rate or a duration is over: the period, the desk, and the job's
    specialty, state, type... said (a rate "for ICU jobs" over every job would be a wrong
    number that looks right)."""
    conditions = _in_period("a.applied_at", r.period, r.today, ahead=False)
    if r.recruiter_id is not None:
        conditions.append(f"a.recruiter_id = '{r.recruiter_id}'")
    if r.desk is not None:
        conditions.append(
            f"(a.recruiter_id = '{r.desk}' OR a.candidate_id IN "
            "(SELECT candidate_id FROM copilot.candidates))"
        )
    jobs = _job_filters(r.grounding, hot=r.hot, featured=None)
    if jobs:
        conditions.append(f"a.job_id IN (SELECT j.job_id FROM copilot.jobs j{_where(jobs)})")
    return conditions


_TIME_TO_PLACE_RX: Final = re.compile(
    r"\b(?:how long|how many days|how fast|how quickly|time|days?|weeks?|average|avg|median|"
    r"typical)\b.{0,40}\b(?:from|between)\s+(?:an?\s+|the\s+)?(?:applications?|apps?|"
    r"applying|applied|submissions?|submittals?|submitting|submitted)\s+(?:to|and|until|till|"
    r"before)\s+(?:an?\s+|the\s+|being\s+|getting\s+)?(?:placements?|placed|hires?|hired|"
    r"starts?|placing)\b|\b(?:application|submission|submittal|apply) to (?:placement|place|"
    r"hire) (?:time|days|speed)\b"
)


def _time_to_place(r: RecipeInput) -> Recipe | None:
    """ "average days from application to placement": the applications view holds when each
    was made and when it was first placed, so the median (and mean) days between are read."""
    if not _TIME_TO_PLACE_RX.search(r.norm):
        return None
    conditions = [*_application_conditions(r), "a.placed_at IS NOT NULL"]
    median = bool(_MEDIAN_RX.search(r.norm)) or not _AVG_RX.search(r.norm)
    days = "extract(epoch FROM a.placed_at - a.applied_at) / 86400"
    aggregate = f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {days})" if median else f"avg({days})"
    word = "median" if median else "average"
    sql = (
        f"SELECT CAST(round(CAST({aggregate} AS numeric), 1) AS double precision) "
        f"AS {word}_days_to_placement "
        f"FROM copilot.applications a{_where(conditions)}"
    )
    return Recipe(
        "time_to_placement",
        sql,
        f"{word} time from application to placement",
        f"the {word} days from when a placed application was made to when it was first "
        "placed (applications not placed are left out), by when the application was made",
        unit="days",
    )


_STAGE_TO_STAGE_RX: Final = re.compile(
    r"\b(?P<a>applications?|apps?|applicants?|submissions?|submittals?|submits?|interviews?|"
    r"interviewing|interviewed|offers?|offered)\s+(?:to|into|2)\s+(?P<b>interviews?|interviewing|"
    r"offers?|offered|placements?|placed|hires?|hired|starts?)\b"
)
"""'interview to placement conversion': of the applications that reached the first stage,
the share that reached the second."""


def _reached(stage: str) -> str:
    if stage.startswith(("place", "hire", "start")):
        return "a.placed_at IS NOT NULL"
    status = "interviewing" if stage.startswith("interview") else "offered"
    return (
        "EXISTS (SELECT 1 FROM copilot.status_changes s WHERE s.application_id = "
        f"a.application_id AND s.status = '{status}')"
    )


def _stage_words(stage: str) -> str:
    if stage.startswith(("place", "hire", "start")):
        return "placed"
    return "reached interviewing" if stage.startswith("interview") else "got an offer"


def _stage_rate(r: RecipeInput, m: re.Match[str], conditions: list[str]) -> Recipe:
    first, second = m.group("a"), m.group("b")
    numerator = _reached(second)
    if first.startswith(("interview", "offer")):
        base = _reached(first)
        of = f"applications that {_stage_words(first)}"
    else:
        base, of = "true", "applications"
    sql = (
        f"SELECT round(CAST(count(*) FILTER (WHERE {numerator} AND {base}) AS numeric) / "
        f"nullif(count(*) FILTER (WHERE {base}), 0), 4) AS share FROM copilot.applications a"
        f"{_where(conditions)}"
    )
    words = _stage_words(second)
    return Recipe(
        "application_rate",
        sql,
        f"share of {of} that {words}",
        f"{of} that {words}, divided by all {of} (a ratio: 0.1 = 10%)",
        unit="ratio",
    )


def _application_rates(r: RecipeInput) -> Recipe | None:
    """ "what percentage of applications get placed", "applications per job on average"."""
    stages = _STAGE_TO_STAGE_RX.search(r.norm)
    if stages and _RATE_RX.search(r.norm) and not re.search(r"\blinks?\b", r.norm):
        return _stage_rate(r, stages, _application_conditions(r))
    named_rate = re.search(
        r"\b(?:interview|placement|offer|hire|hiring|rejection)s? (?:rate|ratio|percentage)\b",
        r.norm,
    )
    if not named_rate and not re.search(
        r"\b(?:applications?|apps|applicants?|submissions?|submittals?)\b", r.norm
    ):
        return None
    conditions = _application_conditions(r)
    if _AVG_RX.search(r.norm) and _PER_CANDIDATE_RX.search(r.norm):
        sql = (
            "SELECT round(CAST(count(*) AS numeric) / nullif(count(DISTINCT a.candidate_id), 0), "
            f"2) AS applications_per_candidate FROM copilot.applications a{_where(conditions)}"
        )
        return Recipe("applications_per_job", sql, "average number of applications per candidate",
                      "applications divided by the candidates who made them")  # fmt: skip
    if _AVG_RX.search(r.norm) and _PER_JOB_RX.search(r.norm):
        sql = (
            "SELECT round(CAST(count(*) AS numeric) / nullif(count(DISTINCT a.job_id), 0), 2) "
            f"AS applications_per_job FROM copilot.applications a{_where(conditions)}"
        )
        return Recipe("applications_per_job", sql, "average number of applications per job",
                      "applications divided by the jobs they went to")  # fmt: skip
    if not _RATE_RX.search(r.norm) or re.search(r"\blinks?\b", r.norm):
        return None
    if re.search(r"\b(?:placed|placements?|hired|hires?)\b", r.norm):
        column, words = "a.placed_at IS NOT NULL", "placed"
    elif re.search(r"\binterview", r.norm):
        column = (
            "EXISTS (SELECT 1 FROM copilot.status_changes s WHERE s.application_id = "
            "a.application_id AND s.status = 'interviewing')"
        )
        words = "reached interviewing"
    elif re.search(r"\boffers?\b|\boffered\b", r.norm):
        column = (
            "EXISTS (SELECT 1 FROM copilot.status_changes s WHERE s.application_id = "
            "a.application_id AND s.status = 'offered')"
        )
        words = "got an offer"
    elif re.search(r"\brejected|\brejections?\b|\bdeclined\b", r.norm):
        column, words = "a.status = 'rejected'", "rejected"
    else:
        return None
    sql = (
        "SELECT round(CAST(count(*) FILTER (WHERE "
        f"{column}) AS numeric) / nullif(count(*), 0), 4) AS share FROM copilot.applications a"
        f"{_where(conditions)}"
    )
    return Recipe(
        "application_rate",
        sql,
        f"share of applications that {words}",
        f"applications that {words}, divided by all applications (a ratio: 0.1 = 10%)",
        unit="ratio",
    )


_RECIPES: Final = (
    _time_to_place,
    _application_rates,
    _candidate_facts,
    _certification_holders,
    _experience,
    _available,
    _without_applications,
    _share_links,
    _handoffs,
    _licenses,
    _job_views,
    _jobs,
    _travel_candidates,
)


def find_recipe(r: RecipeInput) -> Recipe | None:
    """The recipe answering the question, or None when a metric (or nothing) does."""
    for recipe in _RECIPES:
        found = recipe(r)
        if found is not None:
            return found
    return None
