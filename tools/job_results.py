"""What the job tools hand back: job cards, a page of search results, one job's details.

The chat API's job card (``JobCard.wire``) is the one JSON form of a job the widget,
API clients and the language model see; the offline replies read the typed fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

import msgspec

from data_layer.chat.dialogue import JobRef
from data_layer.jobs import search as job_search
from data_layer.jobs.filters import JobSearchFilters
from tools.results import ClientEvent, model_json

MODEL_DESCRIPTION_CHARS = 1500
"""How much of a posting's description the model reads (the rest is boilerplate)."""


class JobCard(msgspec.Struct, frozen=True, kw_only=True):
    """One job as a search result shows it."""

    id: UUID
    title: str
    profession: str | None
    specialty: str | None
    city: str | None
    state: str | None
    job_type: str | None
    shift: str | None
    weekly_pay: float | None
    hourly_pay: float | None
    start_date: dt.date | None
    asap: bool
    duration: str | None
    """As people say it: "13 weeks"."""
    hot_job: bool
    url: str
    why: str
    """Why it matches the search ("ICU · Travel · in Dallas, TX")."""

    @classmethod
    def from_hit(cls, hit: job_search.JobHit, url: str) -> JobCard:
        return cls(
            id=hit.id,
            title=hit.title,
            profession=hit.profession,
            specialty=hit.specialty,
            city=hit.city,
            state=hit.state,
            job_type=hit.job_type,
            shift=hit.shift,
            weekly_pay=hit.weekly_pay,
            hourly_pay=hit.hourly_pay,
            start_date=hit.start_date,
            asap=hit.asap,
            duration=hit.duration_text,
            hot_job=hit.hot_job,
            url=url,
            why=hit.why,
        )

    def wire(self) -> dict[str, Any]:
        """The job card of the chat API: ``start_date`` is ``"ASAP"`` or an ISO date."""
        return {
            "id": str(self.id),
            "title": self.title,
            "profession": self.profession,
            "specialty": self.specialty,
            "city": self.city,
            "state": self.state,
            "job_type": self.job_type,
            "shift": self.shift,
            "weekly_pay": self.weekly_pay,
            "hourly_pay": self.hourly_pay,
            "start_date": "ASAP"
            if self.asap
            else (self.start_date.isoformat() if self.start_date else None),
            "duration": self.duration,
            "hot_job": self.hot_job,
            "url": self.url,
            "why": self.why,
        }

    def ref(self) -> JobRef:
        """How the dialogue remembers a shown job ("the Dallas one", "the ICU one")."""
        return JobRef(id=str(self.id), title=self.title, city=self.city, specialty=self.specialty)

    def focus(self) -> JobRef:
        """How the dialogue remembers the job it is about."""
        return JobRef(id=str(self.id), title=self.title, city=self.city, state=self.state)


def filters_on_the_wire(filters: JobSearchFilters) -> dict[str, Any]:
    """The filters as the chat API has always shown them (the widget's chips read them).

    The API names the earliest start ``start``: a start window's first day goes out
    under that name (the window's start is left out when ``start`` is set, as it always
    was), and ``hot_only: false`` is no filter at all.
    """
    shown: dict[str, Any] = {}
    for name, value in filters.as_dict().items():
        if name == "start_from":
            if filters.start is None:
                shown["start"] = value
        elif not (name == "hot_only" and value is False):
            shown[name] = value
    return shown


class SearchResults(msgspec.Struct, frozen=True, kw_only=True):
    """One page of open jobs matching a search."""

    filters: JobSearchFilters
    total: int
    """Matching jobs, exact up to ``data_layer.jobs.search.COUNT_CAP``."""
    total_is_capped: bool
    page: int
    jobs: list[JobCard]
    unknown_filters: list[str]
    """Filter values that match nothing known (a specialty not in the master data ...)."""

    @property
    def status(self) -> Literal["ok"]:
        return "ok"

    def for_model(self) -> str:
        return model_json(
            self.status,
            total=self.total,
            total_is_capped=self.total_is_capped,
            page=self.page,
            jobs=[card.wire() for card in self.jobs],
            unknown_filters=self.unknown_filters,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return (
            ClientEvent(
                "jobs",
                {
                    "filters": filters_on_the_wire(self.filters),
                    "total": self.total,
                    "page": self.page,
                    "jobs": [card.wire() for card in self.jobs],
                },
            ),
        )


class JobDetails(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a candidate may see about one job (never what the client pays the agency)."""

    card: JobCard
    description: str | None
    end_date: dt.date | None
    shift_start_time: dt.time | None
    shift_end_time: dt.time | None
    shifts_per_week: int | None
    hours_per_shift: float | None
    weekly_pay_range: str | None
    """As posted, e.g. ``"2600-2900"`` or ``"$2,600 - $2,900"``."""
    hourly_pay_range: str | None
    sign_on_bonus: float | None
    openings: int | None
    certifications_required: list[str]
    preferred_certifications: str | None
    is_open: bool

    @classmethod
    def from_stored(cls, details: job_search.JobDetails, url: str) -> JobDetails:
        return cls(
            card=JobCard.from_hit(details.card, url),
            description=details.description_text,
            end_date=details.end_date,
            shift_start_time=details.shift_start_time,
            shift_end_time=details.shift_end_time,
            shifts_per_week=details.shifts_per_week,
            hours_per_shift=details.scheduled_hours,
            weekly_pay_range=details.weekly_pay_range,
            hourly_pay_range=details.hourly_pay_range,
            sign_on_bonus=details.sign_on_bonus,
            openings=details.no_of_openings,
            certifications_required=details.certifications,
            preferred_certifications=details.preferred_certifications,
            is_open=details.is_open,
        )

    @property
    def status(self) -> Literal["ok", "closed"]:
        return "ok" if self.is_open else "closed"

    def for_model(self) -> str:
        return model_json(
            self.status,
            None if self.is_open else "This job is no longer open for applications.",
            job={
                **self.card.wire(),
                "description": (self.description or "")[:MODEL_DESCRIPTION_CHARS],
                "end_date": self.end_date,
                "shift_start_time": self.shift_start_time,
                "shift_end_time": self.shift_end_time,
                "shifts_per_week": self.shifts_per_week,
                "hours_per_shift": self.hours_per_shift,
                "weekly_pay_range": self.weekly_pay_range,
                "hourly_pay_range": self.hourly_pay_range,
                "sign_on_bonus": self.sign_on_bonus,
                "openings": self.openings,
                "certifications_required": self.certifications_required,
                "preferred_certifications": self.preferred_certifications,
                "is_open": self.is_open,
            },
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        return ()


class JobNotFound(msgspec.Struct, frozen=True):
    """No job with the id given (or the id was not one)."""

    note: str

    @property
    def status(self) -> Literal["not_found"]:
        return "not_found"

    def for_model(self) -> str:
        return model_json(self.status, self.note)

    def client_events(self) -> tuple[ClientEvent, ...]:
        return ()
