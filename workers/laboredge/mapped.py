"""What the mapper returns: a :class:`MappedJob` (the rows to store) or a :class:`Quarantine`.

The values are named exactly as the ``jobs`` columns, so the store writes them
without a translation table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, TypedDict

import msgspec

from data_layer.models.jobs import DurationType, JobType
from workers.laboredge.master_refs import UnresolvedRef

__all__ = ["MAPPED_COLUMNS", "CertificationRow", "JobValues", "MappedJob", "Quarantine", "RateRow"]


class CertificationRow(TypedDict):
    certification: str
    for_onboarding: bool
    for_submittal: bool


class RateRow(TypedDict):
    bill_rate_code_id: str | None
    bill_rate_code: str | None
    rate: Decimal | None


class JobValues(msgspec.Struct, kw_only=True):
    """The ``jobs`` columns the sync writes, named as the columns."""

    external_job_id: int
    job_title: str | None = None
    posting_id: str | None = None
    display_on_external_job_board: bool = True
    description: str | None = None
    description_text: str | None = None
    posted_date: datetime.datetime | None = None
    preferred_certifications: str | None = None
    sign_on_bonus: Decimal | None = None
    no_of_openings: int | None = None
    job_type: JobType | None = None
    msa: bool = False
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    asap: bool = False
    duration: int | None = None
    duration_type: DurationType | None = None
    job_status_id: int | None = None
    job_status_code: str | None = None
    hot_job: bool = False
    floating_req_units: str | None = None
    position_type: str | None = None
    shift_start_time1: datetime.time | None = None
    shift_end_time1: datetime.time | None = None
    shift_start_time2: datetime.time | None = None
    shift_end_time2: datetime.time | None = None
    shifts_per_week1: int | None = None
    scheduled_hrs1: Decimal | None = None
    shifts_per_week2: int | None = None
    scheduled_hrs2: Decimal | None = None
    shift: str | None = None
    title: str | None = None
    offering: str | None = None
    sub_offering: str | None = None
    profession_id: int | None = None
    specialty_id: int | None = None
    sales_rep_id: int | None = None
    sales_rep_first_name: str | None = None
    sales_rep_last_name: str | None = None
    sales_rep_email: str | None = None
    staffing_specialist_id: int | None = None
    staffing_specialist_first_name: str | None = None
    staffing_specialist_last_name: str | None = None
    staffing_specialist_email: str | None = None
    vms_id: int | None = None
    vms: str | None = None
    client_name: str | None = None
    client_website: str | None = None
    client_primary_division: str | None = None
    client_city: str | None = None
    client_state_id: int | None = None
    client_state: str | None = None
    client_state_code: str | None = None
    client_zip: str | None = None
    client_country: str | None = None
    weekly_pay: Decimal | None = None
    hourly_pay: Decimal | None = None
    hourly_pay_range: str | None = None
    weekly_pay_range: str | None = None
    featured_job: bool = False
    position_urgency_id: str | None = None
    position_urgency: str | None = None
    content_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        return msgspec.structs.asdict(self)


MAPPED_COLUMNS: Final[tuple[str, ...]] = JobValues.__struct_fields__
"""Every ``jobs`` column :func:`~workers.laboredge.mapping.map_job` fills."""


@dataclass(slots=True)
class MappedJob:
    """A valid record: the ``jobs`` values and the rows of its two child tables."""

    values: JobValues
    certifications: list[CertificationRow]
    rates: list[RateRow]

    @property
    def external_job_id(self) -> int:
        return self.values.external_job_id

    @property
    def content_hash(self) -> str:
        return self.values.content_hash


@dataclass(slots=True)
class Quarantine:
    """A record that cannot be stored as it is, with every reason and the raw payload."""

    external_job_id: int | None
    reasons: tuple[str, ...]
    raw: Any
    unresolved: tuple[UnresolvedRef, ...] = ()
    """Unknown master references (also described in ``reasons``)."""
    invalid: tuple[str, ...] = ()
    """The reasons that are not unknown master references."""

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def resolvable(self) -> bool:
        """Only unknown master references are wrong: creating them would make it valid."""
        return bool(self.unresolved) and not self.invalid
