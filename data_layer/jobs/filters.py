"""What a person asked for in a job search: the one filter type of the whole service.

The offline NLU produces it, the LLM's ``search_jobs`` tool schema is generated from it,
the SQL search reads it, the dialogue state stores it and the widget's chips show it.
Every field is optional; names are canonical master-data names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal

import msgspec

JobTypeName = Literal["Travel", "Perm", "Per Diem", "Local"]
ShiftName = Literal["Days", "Nights", "Evenings", "Mids", "Rotating", "Weekends"]

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class JobSearchFilters(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Structured job-search wishes, in master-data vocabulary."""

    profession: (
        Annotated[
            str,
            msgspec.Meta(description="e.g. Registered Nurse, CNA, Physical Therapist"),
        ]
        | None
    ) = None
    specialty: (
        Annotated[str, msgspec.Meta(description="e.g. ICU, ER, Med-Surg, Telemetry, L&D")] | None
    ) = None
    state: Annotated[str, msgspec.Meta(description="USPS state code, e.g. TX")] | None = None
    city: Annotated[str, msgspec.Meta(description="city name, e.g. Dallas")] | None = None
    job_type: JobTypeName | None = None
    shift: ShiftName | None = None
    shift_hours: (
        Annotated[int, msgspec.Meta(gt=0, le=24, description="hours per shift, e.g. 12")] | None
    ) = None
    min_weekly_pay: Annotated[float, msgspec.Meta(gt=0)] | None = None
    min_hourly_pay: Annotated[float, msgspec.Meta(gt=0)] | None = None
    start: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=r"^(asap|\d{4}-\d{2}-\d{2})$",
                description='"asap" or the earliest start date YYYY-MM-DD',
            ),
        ]
        | None
    ) = None
    start_from: (
        Annotated[
            str,
            msgspec.Meta(
                pattern=_ISO_DATE,
                description='first day of a start window ("in March"), YYYY-MM-DD',
            ),
        ]
        | None
    ) = None
    start_to: (
        Annotated[str, msgspec.Meta(pattern=_ISO_DATE, description="latest start date YYYY-MM-DD")]
        | None
    ) = None
    hot_only: bool | None = None
    query: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=300,
                description="anything else, in words, for semantic ranking (e.g. level 1 trauma)",
            ),
        ]
        | None
    ) = None

    def as_dict(self) -> dict[str, Any]:
        """The fields that are set, in declaration order (JSON-ready)."""
        return {
            name: value for name, value in msgspec.structs.asdict(self).items() if value is not None
        }

    def is_empty(self) -> bool:
        return not self.as_dict()

    def earliest_start(self) -> dt.date | None:
        """The earliest start the person accepts (``start`` or the window's first day)."""
        if self.start == "asap":
            return None
        value = self.start or self.start_from
        return dt.date.fromisoformat(value) if value else None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> JobSearchFilters:
        """Filters from stored or model-given values; unknown keys are dropped.

        Raises :class:`msgspec.ValidationError` for a value of the wrong kind.
        """
        known = {name: value for name, value in (values or {}).items() if name in FIELD_NAMES}
        cleaned = {
            name: value.strip() if isinstance(value, str) else value
            for name, value in known.items()
            if value is not None and value != ""
        }
        return msgspec.convert(cleaned, cls, strict=False)

    @classmethod
    def from_mapping_lenient(cls, values: Mapping[str, Any] | None) -> JobSearchFilters:
        """Like :meth:`from_mapping`, but a value of the wrong kind is dropped, not raised.

        For values written before a field's rules existed (a stored conversation) or by a
        producer that may say more than the search takes.
        """
        try:
            return cls.from_mapping(values)
        except msgspec.ValidationError:
            pass
        readable: dict[str, Any] = {}
        for name, value in (values or {}).items():
            try:
                cls.from_mapping({name: value})
            except msgspec.ValidationError:
                continue
            readable[name] = value
        return cls.from_mapping(readable)


FIELD_NAMES: Final[tuple[str, ...]] = JobSearchFilters.__struct_fields__
"""The filter fields, in display order."""
