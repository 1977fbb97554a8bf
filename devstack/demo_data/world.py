"""The demo rows in memory before they are written, and what every generator step knows."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from data_layer.master.loader import MasterIds
from data_layer.models import Job, JobRate, JobRequiredCertification, JobView, PageView

__all__ = ["JOB_STAGE_TABLES", "DemoSpec", "JobRows", "Row", "World", "table_of"]

Row = dict[str, Any]


def table_of(model: type[Any]) -> Table:
    """The Core table of a mapped class (typed as such)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


@dataclass(frozen=True, slots=True)
class DemoSpec:
    """What every step of the generator draws against."""

    seed: int
    anchor: datetime.datetime
    """Midnight UTC of "today": every timestamp lies before it."""
    ids: MasterIds
    site_url: str

    @property
    def today(self) -> datetime.date:
        return self.anchor.date()


@dataclass(slots=True)
class World:
    """Every non-job row, generated in memory before anything is inserted."""

    users: list[Row] = field(default_factory=list)
    roles: list[Row] = field(default_factory=list)
    """``user_roles`` rows: what each demo user may do (route guards read roles)."""
    recruiters: list[Row] = field(default_factory=list)
    shares: list[Row] = field(default_factory=list)
    share_views: list[Row] = field(default_factory=list)
    candidates: list[Row] = field(default_factory=list)
    candidate_children: dict[Table, list[Row]] = field(default_factory=lambda: defaultdict(list))
    """Rows of candidate_professions, _specialties, _job_types, _preferred_states, _licenses."""
    applications: list[Row] = field(default_factory=list)
    history: list[Row] = field(default_factory=list)
    referrals: list[Row] = field(default_factory=list)
    rewards: list[Row] = field(default_factory=list)
    site_page_views: list[Row] = field(default_factory=list)
    applications_per_job: Counter[int] = field(default_factory=Counter)
    """job index -> applications (``jobs.application_count``)"""
    share_views_per_job: Counter[int] = field(default_factory=Counter)
    """job index -> views through recruiter shares (part of ``jobs.page_views``)"""
    candidate_user_ids: list[uuid.UUID] = field(default_factory=list)


JOB_STAGE_TABLES: tuple[Table, ...] = (
    table_of(Job),
    table_of(JobRequiredCertification),
    table_of(JobRate),
    table_of(JobView),
    table_of(PageView),
)
"""The tables of the jobs stage, in the order their rows are written."""


@dataclass(slots=True)
class JobRows:
    """The rows of one batch of jobs, one list per table of :data:`JOB_STAGE_TABLES`."""

    jobs: list[Row] = field(default_factory=list)
    certs: list[Row] = field(default_factory=list)
    rates: list[Row] = field(default_factory=list)
    views: list[Row] = field(default_factory=list)
    page_views: list[Row] = field(default_factory=list)
    page_view_jobs: list[uuid.UUID] = field(default_factory=list)
    """The job of each row of ``page_views`` (page views have no job column)."""

    def tables(self) -> tuple[tuple[Table, list[Row]], ...]:
        return tuple(
            zip(
                JOB_STAGE_TABLES,
                (self.jobs, self.certs, self.rates, self.views, self.page_views),
                strict=True,
            )
        )

    def only_jobs(self, keep: set[uuid.UUID]) -> JobRows:
        """The rows of the jobs in ``keep`` (and of nothing else)."""
        pv = [
            (r, j) for r, j in zip(self.page_views, self.page_view_jobs, strict=True) if j in keep
        ]
        return JobRows(
            jobs=[r for r in self.jobs if r["id"] in keep],
            certs=[r for r in self.certs if r["job_id"] in keep],
            rates=[r for r in self.rates if r["job_id"] in keep],
            views=[r for r in self.views if r["job_id"] in keep],
            page_views=[r for r, _ in pv],
            page_view_jobs=[j for _, j in pv],
        )
