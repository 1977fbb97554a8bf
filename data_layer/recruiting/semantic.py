"""The copilot's semantic layer, defined once: the views it reads, how they join, and what
each metric means.

* :data:`ENTITIES`: the views of schema ``copilot`` (migration 0010), every column with
  its type and meaning. A test compares them with the database's views, so this text
  cannot drift from what the SQL actually reads.
* :data:`JOINS`: how the views join.
* :data:`METRICS`: each metric's meaning in words, the view it counts, the SQL aggregate,
  its time column and the dimensions and filters it allows. The metrics compiler
  (:mod:`data_layer.recruiting.metrics`) says how to read each one; the meaning lives here.

:func:`schema_description` renders all of it for the model's prompt; the SQL guard allows
exactly the views named here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from data_layer.models import (
    ApplicationStatus,
    HandoffOutcome,
    HandoffStatus,
    JobType,
    LicenseStatus,
    ReferralStatus,
    VerificationStatus,
)

__all__ = [
    "ENTITIES",
    "JOINS",
    "METRICS",
    "SCHEMA",
    "Column",
    "ColumnType",
    "Entity",
    "Join",
    "Metric",
    "schema_description",
]

SCHEMA: Final = "copilot"

ColumnType = Literal["uuid", "text", "integer", "numeric", "boolean", "date", "timestamptz"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    meaning: str
    personal: bool = False
    """A person's name or contact: shown to the asker, never sent to a language model."""


@dataclass(frozen=True)
class Entity:
    description: str
    columns: tuple[Column, ...]
    scoped: bool
    """Rows limited to the asker's scope (a recruiter's own; all for an admin)."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Join:
    left: str
    right: str
    on: str
    note: str


@dataclass(frozen=True)
class Metric:
    meaning: str
    """What the number is, in the words an answer may quote."""
    view: str
    """The view whose rows the metric counts (others may be joined for dimensions)."""
    expression: str
    """The SQL aggregate over those rows (illustrative SQL over ``copilot.`` views)."""
    time_column: str | None
    """Column of ``view`` that periods, "last N days" and day/week/month buckets use."""
    dimensions: tuple[str, ...]
    filters: tuple[str, ...]
    unit: str
    """How the value reads: "applications", "days", "minutes", "ratio" ..."""


def _values(enum_cls: type[enum.Enum]) -> str:
    return ", ".join(f"'{m.value}'" for m in enum_cls)


_APPLICATION_STATUSES: Final = _values(ApplicationStatus)


def _c(name: str, type_: ColumnType, meaning: str, *, personal: bool = False) -> Column:
    return Column(name, type_, meaning, personal)


ENTITIES: Final[Mapping[str, Entity]] = {
    "jobs": Entity(
        "Jobs on the board (open and closed). Visible to all staff.",
        (
            _c("job_id", "uuid", "the job"),
            _c("external_job_id", "integer", "the job's number in the ATS (LaborEdge)"),
            _c("title", "text", "job title"),
            _c("profession", "text", "profession name, e.g. 'Registered Nurse'"),
            _c("specialty", "text", "specialty name, e.g. 'ICU'"),
            _c("city", "text", "facility city"),
            _c("state_code", "text", "facility state, USPS code ('TX')"),
            _c("job_type", "text", f"one of {_values(JobType)}"),
            _c("shift", "text", "shift description, e.g. '3x12 Nights'"),
            _c("weekly_pay", "numeric", "weekly gross pay in USD"),
            _c("hourly_pay", "numeric", "hourly pay in USD"),
            _c("is_hot", "boolean", "flagged as a hot (urgent) job"),
            _c("is_featured", "boolean", "featured on the job board"),
            _c("is_open", "boolean", "published on the board and not closed"),
            _c("posted_at", "timestamptz", "when the job was posted"),
            _c("start_date", "date", "start date"),
            _c("openings", "integer", "number of openings"),
            _c(
                "applications_count",
                "integer",
                "applications to the job from everyone (the board's counter, not scoped)",
            ),
            _c("page_views", "integer", "views of the job page (the board's counter)"),
            _c("client_name", "text", "the facility"),
            _c("closed_at", "timestamptz", "when the job left the board; NULL while open"),
        ),
        scoped=False,
    ),
    "candidates": Entity(
        "Candidates: a recruiter sees the candidates assigned to them; an admin sees all.",
        (
            _c("candidate_id", "uuid", "the candidate"),
            _c("recruiter_id", "uuid", "the recruiter the candidate is assigned to"),
            _c("first_name", "text", "first name", personal=True),
            _c("last_name", "text", "last name", personal=True),
            _c("email", "text", "e-mail address", personal=True),
            _c("phone", "text", "phone number", personal=True),
            _c("city", "text", "home city"),
            _c("state_code", "text", "home state, USPS code"),
            _c("specialty", "text", "primary specialty name"),
            _c("profession", "text", "profession name"),
            _c("years_experience", "numeric", "years of experience"),
            _c("available_from", "date", "earliest start date"),
            _c("status", "text", "candidate status name from the ATS (e.g. 'Active')"),
            _c("referral_source", "text", "how the candidate found us (referral source name)"),
            _c("travel", "boolean", "open to travel assignments"),
            _c("created_at", "timestamptz", "when the candidate was added"),
        ),
        scoped=True,
    ),
    "applications": Entity(
        "Applications of candidates to jobs: a recruiter sees applications assigned to them, "
        "made by their candidates, or made through their own share links (whichever desk the "
        "candidate belongs to; that candidate's details stay out of scope).",
        (
            _c("application_id", "uuid", "the application"),
            _c("candidate_id", "uuid", "who applied"),
            _c("job_id", "uuid", "the job applied to"),
            _c("recruiter_id", "uuid", "the recruiter the application is assigned to"),
            _c("status", "text", f"current status, one of {_APPLICATION_STATUSES}"),
            _c("source", "text", "where it came from, e.g. 'chat', 'referral', 'recruiter_share'"),
            _c("referral_code", "text", "referral or share code used, if any"),
            _c("share_id", "uuid", "the share link applied through, if any"),
            _c("applied_at", "timestamptz", "when the candidate applied"),
            _c("updated_at", "timestamptz", "last change"),
            _c("placed_at", "timestamptz", "first time the application reached 'placed'"),
        ),
        scoped=True,
    ),
    "status_changes": Entity(
        "Every status an application went through (its history), in the asker's scope.",
        (
            _c("application_id", "uuid", "the application"),
            _c("status", "text", f"the status reached, one of {_APPLICATION_STATUSES}"),
            _c("changed_at", "timestamptz", "when it reached that status"),
        ),
        scoped=True,
    ),
    "licenses": Entity(
        "Candidates' professional licenses (no license numbers).",
        (
            _c("candidate_id", "uuid", "whose license"),
            _c("state_code", "text", "issuing state, USPS code"),
            _c("profession", "text", "profession licensed"),
            _c("expires_on", "date", "expiration date"),
            _c("status", "text", f"one of {_values(LicenseStatus)}"),
            _c("verification_status", "text", f"one of {_values(VerificationStatus)}"),
        ),
        scoped=True,
    ),
    "certifications": Entity(
        "Certifications read from candidates' resumes (BLS, ACLS ...), the latest expiry "
        "known per candidate and certification.",
        (
            _c("candidate_id", "uuid", "whose certification"),
            _c("certification", "text", "certification name as on the resume, e.g. 'BLS'"),
            _c("expires_on", "date", "expiry date; NULL when the resume gives none"),
        ),
        scoped=True,
    ),
    "share_links": Entity(
        "Recruiters' tracked share links to jobs (their own; all for an admin).",
        (
            _c("share_id", "uuid", "the share link"),
            _c("recruiter_id", "uuid", "who shared"),
            _c("job_id", "uuid", "the job shared"),
            _c("share_code", "text", "the code in the link /j/<code>"),
            _c("created_at", "timestamptz", "when the link was made"),
        ),
        scoped=True,
    ),
    "share_views": Entity(
        "One row per view of a job through a share link.",
        (
            _c("share_id", "uuid", "the share link used"),
            _c("job_id", "uuid", "the job viewed"),
            _c("viewed_at", "timestamptz", "when"),
        ),
        scoped=True,
    ),
    "handoffs": Entity(
        "Chat conversations handed to a recruiter (the inbox).",
        (
            _c("handoff_id", "uuid", "the handoff"),
            _c("recruiter_id", "uuid", "the recruiter it was handed to"),
            _c("candidate_id", "uuid", "the candidate; NULL for an anonymous visitor"),
            _c("status", "text", f"one of {_values(HandoffStatus)}"),
            _c("reason", "text", "why the conversation was handed off"),
            _c("created_at", "timestamptz", "when it was handed off"),
            _c("first_response_at", "timestamptz", "the recruiter's first reply; NULL if none"),
            _c("closed_at", "timestamptz", "when it was closed"),
            _c("outcome", "text", f"set on close, one of {_values(HandoffOutcome)}"),
        ),
        scoped=True,
    ),
    "referrals": Entity(
        "Referrals that brought candidates in (the referred candidate in the asker's scope).",
        (
            _c("referral_id", "uuid", "the referral"),
            _c("candidate_id", "uuid", "the referred candidate; NULL until they register"),
            _c("job_id", "uuid", "the job referred to, if any"),
            _c("status", "text", f"one of {_values(ReferralStatus)}"),
            _c("created_at", "timestamptz", "when the referral was sent"),
        ),
        scoped=True,
    ),
    "referral_sources": Entity(
        "How candidates hear about us (master data).",
        (
            _c("referral_source_id", "integer", "the source"),
            _c("name", "text", "source name"),
        ),
        scoped=False,
    ),
    "recruiters": Entity(
        "Recruiters (names are visible to all staff).",
        (
            _c("recruiter_id", "uuid", "the recruiter"),
            _c("name", "text", "full name (or e-mail when no name is known)"),
            _c("active", "boolean", "still working"),
        ),
        scoped=False,
    ),
    "specialties": Entity(
        "Active specialties and their profession (master data).",
        (
            _c("name", "text", "specialty name"),
            _c("profession", "text", "its profession"),
        ),
        scoped=False,
    ),
    "states": Entity(
        "US states (master data).",
        (
            _c("code", "text", "USPS code"),
            _c("name", "text", "state name"),
        ),
        scoped=False,
    ),
}

JOINS: Final[tuple[Join, ...]] = (
    Join("applications", "jobs", "applications.job_id = jobs.job_id", "the job applied to"),
    Join(
        "applications",
        "candidates",
        "applications.candidate_id = candidates.candidate_id",
        "who applied",
    ),
    Join(
        "status_changes",
        "applications",
        "status_changes.application_id = applications.application_id",
        "an application's history",
    ),
    Join("licenses", "candidates", "licenses.candidate_id = candidates.candidate_id", ""),
    Join(
        "certifications", "candidates", "certifications.candidate_id = candidates.candidate_id", ""
    ),
    Join("share_links", "jobs", "share_links.job_id = jobs.job_id", "the job shared"),
    Join("share_views", "share_links", "share_views.share_id = share_links.share_id", ""),
    Join(
        "applications",
        "share_links",
        "applications.share_id = share_links.share_id",
        "applications that came through a share link",
    ),
    Join("handoffs", "candidates", "handoffs.candidate_id = candidates.candidate_id", ""),
    Join("referrals", "candidates", "referrals.candidate_id = candidates.candidate_id", ""),
    Join("referrals", "jobs", "referrals.job_id = jobs.job_id", ""),
    Join(
        "candidates",
        "recruiters",
        "candidates.recruiter_id = recruiters.recruiter_id",
        "the candidate's recruiter",
    ),
    Join(
        "candidates", "referral_sources", "candidates.referral_source = referral_sources.name", ""
    ),
    Join("jobs", "states", "jobs.state_code = states.code", ""),
    Join("jobs", "specialties", "jobs.specialty = specialties.name", ""),
)

_TIME: Final = ("day", "week", "month")
_JOB_DIMS: Final = ("job", "specialty", "profession", "state")
_APPLICATION_DIMS: Final = (
    "status",
    *_JOB_DIMS,
    "source",
    "referral_source",
    "recruiter",
    "share_link",
    "candidate",
    *_TIME,
)
_JOB_FILTERS: Final = (
    "period",
    "specialty",
    "profession",
    "state_code",
    "job_id",
    "job_type",
    "hot",
    "featured",
    "within_days",
    "shift",
    "pay",
)
_APPLICATION_FILTERS: Final = (
    *_JOB_FILTERS,
    "statuses",
    "recruiter_id",
    "candidate_id",
    "share_id",
    "source",
    "referral_source",
    "certification",
)
_EXPIRY_FILTERS: Final = (
    "within_days",
    "period",
    "specialty",
    "profession",
    "state_code",
    "recruiter_id",
    "candidate_id",
    "certification",
)

METRICS: Final[Mapping[str, Metric]] = {
    "applications": Metric(
        "Applications made in the period (counted when the candidate applied), whatever "
        "their status now.",
        "applications",
        "count(*)",
        "applied_at",
        _APPLICATION_DIMS,
        _APPLICATION_FILTERS,
        "applications",
    ),
    "placements": Metric(
        "Applications that reached 'placed', counted when they were first placed.",
        "applications",
        "count(*) FILTER (WHERE placed_at IS NOT NULL)",
        "placed_at",
        _APPLICATION_DIMS,
        _APPLICATION_FILTERS,
        "placements",
    ),
    "interviews": Metric(
        "Applications that reached 'interviewing', counted when they first did (they may "
        "have moved on since, to an offer, a placement or a rejection).",
        "status_changes",
        "count(DISTINCT application_id) FILTER (WHERE status = 'interviewing')",
        "changed_at",
        _APPLICATION_DIMS,
        _APPLICATION_FILTERS,
        "applications that reached interviewing",
    ),
    "candidates": Metric(
        "Candidates in the asker's scope, counted when they were added.",
        "candidates",
        "count(*)",
        "created_at",
        ("status", "specialty", "profession", "state", "referral_source", "recruiter", *_TIME),
        (
            "period",
            "specialty",
            "profession",
            "state_code",
            "recruiter_id",
            "within_days",
            "referral_source",
            "certification",
        ),
        "candidates",
    ),
    "candidates_applied": Metric(
        "Distinct candidates with at least one application in the period.",
        "applications",
        "count(DISTINCT candidate_id)",
        "applied_at",
        _APPLICATION_DIMS,
        _APPLICATION_FILTERS,
        "candidates",
    ),
    "open_jobs": Metric(
        "Jobs open now: published on the board and not closed.",
        "jobs",
        "count(*) FILTER (WHERE is_open)",
        "posted_at",
        (*_JOB_DIMS, *_TIME),
        _JOB_FILTERS,
        "jobs",
    ),
    "hot_jobs_without_applicants": Metric(
        "Open hot jobs that nobody has applied to yet (the board's application counter is 0).",
        "jobs",
        "count(*) FILTER (WHERE is_open AND is_hot AND applications_count = 0)",
        "posted_at",
        (*_JOB_DIMS, *_TIME),
        _JOB_FILTERS,
        "jobs",
    ),
    "licenses_expiring": Metric(
        "Licenses of the asker's candidates that expire between today and today + N days "
        "(30 unless the question says).",
        "licenses",
        "count(*) FILTER (WHERE expires_on BETWEEN current_date AND current_date + N)",
        "expires_on",
        ("state", "profession", "specialty", "status", "candidate", "recruiter", *_TIME),
        (*_EXPIRY_FILTERS, "statuses"),
        "licenses",
    ),
    "certifications_expiring": Metric(
        "Certifications on the asker's candidates' resumes that expire between today and "
        "today + N days (30 unless the question says).",
        "certifications",
        "count(*) FILTER (WHERE expires_on BETWEEN current_date AND current_date + N)",
        "expires_on",
        ("certification", "state", "profession", "specialty", "candidate", "recruiter", *_TIME),
        _EXPIRY_FILTERS,
        "certifications",
    ),
    "time_to_first_application": Metric(
        "Median days from a job's posting to its first application in the asker's scope "
        "(jobs without an application are left out), by when the job was posted.",
        "jobs",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "
        "<the job's first applications.applied_at> - posted_at) / 86400)",
        "posted_at",
        (*_JOB_DIMS, *_TIME),
        _JOB_FILTERS,
        "days",
    ),
    "share_views": Metric(
        "Views of jobs through the asker's share links.",
        "share_views",
        "count(*)",
        "viewed_at",
        ("share_link", *_JOB_DIMS, "recruiter", *_TIME),
        (
            "period",
            "within_days",
            "share_id",
            "job_id",
            "specialty",
            "profession",
            "state_code",
            "recruiter_id",
        ),
        "views",
    ),
    "share_applications": Metric(
        "Applications made through the asker's share links (counted when made).",
        "applications",
        "count(*) FILTER (WHERE share_id IS NOT NULL)",
        "applied_at",
        _APPLICATION_DIMS,
        _APPLICATION_FILTERS,
        "applications",
    ),
    "share_placements": Metric(
        "Placements of applications that came through the asker's share links (counted "
        "when first placed).",
        "applications",
        "count(*) FILTER (WHERE share_id IS NOT NULL AND placed_at IS NOT NULL)",
        "placed_at",
        _APPLICATION_DIMS,
        _APPLICATION_FILTERS,
        "placements",
    ),
    "share_link_conversion": Metric(
        "Applications through share links divided by views of those links, both in the "
        "period (0.05 = 5 applications per 100 views).",
        "share_links",
        "count(applications with a share_id) / nullif(count(share_views), 0), each "
        "counted in the period",
        "created_at",
        ("share_link", *_JOB_DIMS, "recruiter"),
        (
            "period",
            "within_days",
            "share_id",
            "job_id",
            "specialty",
            "profession",
            "state_code",
            "recruiter_id",
        ),
        "ratio",
    ),
    "referrals": Metric(
        "Referrals that brought candidates in the asker's scope, counted when sent.",
        "referrals",
        "count(*)",
        "created_at",
        ("status", *_JOB_DIMS, "referral_source", "recruiter", "candidate", *_TIME),
        (
            "period",
            "within_days",
            "statuses",
            "job_id",
            "specialty",
            "state_code",
            "recruiter_id",
            "referral_source",
        ),
        "referrals",
    ),
    "handoffs_open": Metric(
        "Chat handoffs waiting in the asker's inbox (status 'open').",
        "handoffs",
        "count(*) FILTER (WHERE status = 'open')",
        "created_at",
        ("recruiter", "candidate", *_TIME),
        ("period", "within_days", "recruiter_id", "candidate_id"),
        "handoffs",
    ),
    "handoff_response_time": Metric(
        "Median minutes from a handoff to the recruiter's first reply (handoffs without a "
        "reply are left out), by when the handoff was made.",
        "handoffs",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "
        "first_response_at - created_at) / 60)",
        "created_at",
        ("recruiter", "status", *_TIME),
        ("period", "within_days", "recruiter_id", "candidate_id"),
        "minutes",
    ),
}


def schema_description() -> str:
    """The views, their joins and the metrics, as text for the model's prompt."""
    lines = [
        f"Read-only views in schema {SCHEMA} (the only tables you may query). Rows of "
        "scoped views are already limited to what the asker may see.",
        "",
    ]
    for name, entity in ENTITIES.items():
        scope = " [scoped]" if entity.scoped else ""
        lines.append(f"{SCHEMA}.{name}{scope}: {entity.description}")
        for col in entity.columns:
            lines.append(f"  - {col.name} {col.type}: {col.meaning}")
        lines.append("")
    lines.append("Joins:")
    for join in JOINS:
        note = f" ({join.note})" if join.note else ""
        lines.append(f"  - {join.on}{note}")
    lines += ["", "Metrics (use the metric tool for these; the meanings are binding):"]
    for name, metric in METRICS.items():
        time = f"; time column {metric.time_column}" if metric.time_column else ""
        lines.append(
            f"  - {name} ({metric.unit}): {metric.meaning} "
            f"[{SCHEMA}.{metric.view}: {metric.expression}{time}]"
        )
    return "\n".join(lines)
