"""What a metric question asks (:class:`MetricQuery`) and what it answers (:class:`MetricResult`).

Both engines (offline and LLM) build a :class:`MetricQuery`; the compiler turns it into
one SELECT over the ``copilot.`` views. The question never carries identity: who asks
comes from the server's :class:`~data_layer.recruiting.scope.RecruiterScope`, and the
database's row-level security decides what that scope may count.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec

__all__ = [
    "DIMENSIONS",
    "MAX_GROUP_BY",
    "SHIFTS",
    "Dimension",
    "MetricFilters",
    "MetricQuery",
    "MetricResult",
]

Dimension = Literal[
    "status",
    "job",
    "specialty",
    "profession",
    "state",
    "source",
    "referral_source",
    "recruiter",
    "share_link",
    "candidate",
    "day",
    "week",
    "month",
]
DIMENSIONS: Final[tuple[str, ...]] = (
    "status",
    "job",
    "specialty",
    "profession",
    "state",
    "source",
    "referral_source",
    "recruiter",
    "share_link",
    "candidate",
    "day",
    "week",
    "month",
)
MAX_GROUP_BY: Final = 2
SHIFTS: Final[tuple[str, ...]] = ("Days", "Nights", "Evenings", "Mids", "Rotating", "Weekends")
"""The shifts a job filter names (the jobs' shift text says e.g. 'Nights 7p-7a 3x12')."""

_Pay = Annotated[float, msgspec.Meta(ge=0)]


class MetricFilters(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Narrowing of a metric; every filter given must hold. Unset filters do not narrow."""

    period_start: datetime.date | None = None
    """First day counted (inclusive), on the metric's time column."""
    period_end: datetime.date | None = None
    """Last day counted (inclusive)."""
    statuses: list[str] = []
    """Application statuses (``applied``, ``interviewing``, ``placed`` ...), lower case."""
    specialty: str | None = None
    """A specialty's master name (``ICU``), matched case-insensitively."""
    profession: str | None = None
    """A profession's master name (``Registered Nurse``)."""
    state_code: str | None = None
    """USPS code: the job's state (job metrics) or the license's/candidate's state."""
    job_id: UUID | None = None
    job_type: str | None = None
    within_days: int | None = None
    """Expiry metrics: expiring from today to today + N days. Other metrics: the last N
    days up to today, when no period is given."""
    recruiter_id: UUID | None = None
    """Admins: one recruiter's numbers. A recruiter may only name themselves (anything
    else counts nothing: it can narrow, never widen)."""
    candidate_id: UUID | None = None
    share_id: UUID | None = None
    hot: bool | None = None
    featured: bool | None = None
    source: (
        Annotated[
            str,
            msgspec.Meta(
                description="Applications' source: 'website', 'chat_assistant', 'referral', "
                "'recruiter_share' (share links), 'indeed', 'linkedin', 'email_campaign', "
                "'mobile_app', 'laboredge' ... (applications.source, case-insensitive)"
            ),
        ]
        | None
    ) = None
    """Where an application came from (``applications.source``)."""
    referral_source: (
        Annotated[
            str,
            msgspec.Meta(
                description="How the candidate found us: a referral source name such as "
                "'Website', 'Employee Referral', 'Indeed' (candidates.referral_source)"
            ),
        ]
        | None
    ) = None
    """The candidate's referral source (master name), for candidate and application metrics."""
    certification: (
        Annotated[
            str,
            msgspec.Meta(
                description="Only candidates holding this certification on their resume "
                "(e.g. 'BLS', 'ACLS', 'PALS'), whatever its expiry; for "
                "certifications_expiring, that certification"
            ),
        ]
        | None
    ) = None
    """A certification the candidate holds (any expiry), e.g. ``ACLS``."""
    shift: (
        Annotated[
            str,
            msgspec.Meta(
                description="The job's shift: one of 'Days', 'Nights', 'Evenings', 'Mids', "
                "'Rotating', 'Weekends' (rotating day/night jobs count only as 'Rotating')"
            ),
        ]
        | None
    ) = None
    """The job's shift, one of :data:`SHIFTS`."""
    min_weekly_pay: (
        Annotated[_Pay, msgspec.Meta(description="Jobs paying at least this much a week, USD")]
        | None
    ) = None
    max_weekly_pay: (
        Annotated[_Pay, msgspec.Meta(description="Jobs paying at most this much a week, USD")]
        | None
    ) = None
    min_hourly_pay: (
        Annotated[_Pay, msgspec.Meta(description="Jobs paying at least this much an hour, USD")]
        | None
    ) = None
    max_hourly_pay: (
        Annotated[_Pay, msgspec.Meta(description="Jobs paying at most this much an hour, USD")]
        | None
    ) = None
    """Pay bounds are inclusive; a job without that pay is left out."""


class MetricQuery(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One metric, optionally grouped by up to two dimensions, or its underlying rows."""

    metric: str
    """A name of ``data_layer.recruiting.semantic.METRICS``."""
    group_by: list[str] = []
    """0..2 of :data:`DIMENSIONS` the metric allows."""
    filters: MetricFilters = msgspec.field(default_factory=MetricFilters)
    order: Literal["desc", "asc"] = "desc"
    """Order of groups by the metric's value (time dimensions always run oldest first)."""
    limit: int | None = None
    """Groups or rows shown at most (never more than the copilot's row limit)."""
    list_rows: bool = False
    """List the rows counted ("who has a license expiring") instead of the number."""


class MetricResult(msgspec.Struct, kw_only=True):
    """The answer of a metric or a candidate search: a table, and the number when it is one."""

    metric: str
    columns: list[str]
    rows: list[list[Any]]
    value: int | float | None
    """The single number when the answer is one number (no grouping, no rows listed)."""
    sql: str
    """The compiled statement with its values inlined: the admins' "how I got this"."""
    metric_meaning: str
    filters_text: str
    """The filters in words ("ICU, applied 2026-06-01 to 2026-06-30"), '' when none."""
    outside_scope: bool = False
    """Nothing in the asker's scope, but rows exist outside it (not the same as none).

    Checked when a recruiter's question names something that may be someone else's
    (another recruiter, one candidate, one share link); a question about their own desk
    that finds nothing is simply zero."""
    unit: str | None = None
    """``days``, ``minutes``, ``ratio`` ... for metrics that are not counts."""
    truncated: bool = False
    """More rows matched than the table holds."""
    candidate_ids: list[str] = []
    """Candidate ids of the rows, in row order, when rows are candidates (follow-ups such
    as "show me those candidates" reuse them)."""
