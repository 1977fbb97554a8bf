"""LaborEdge job records -> rows of ``jobs``, ``job_required_certifications``, ``job_rates``.

Pure functions, no I/O. :func:`map_job` turns one upstream record into a
:class:`~workers.laboredge.mapped.MappedJob` (column values named exactly as the
``jobs`` columns, plus the children and a ``content_hash``) or a
:class:`~workers.laboredge.mapped.Quarantine` naming every problem found
(:mod:`.fields` reads the values, collecting the reasons). Master references
(profession, specialty, state, job status) arrive as LaborEdge ids and are
resolved to our ids by :mod:`.master_refs`; an id we do not know is reported so
the sync can create the master row and map the record again, or quarantine it.

Not mapped on purpose: ``seo_title``/``seo_description``/``seo_keywords`` (the
content pipeline owns them), ``page_views``/``application_count`` (ours), and
``last_synced_at``/``closed_at`` (set by the sync). An upsert must leave those
columns alone.

A record without ``displayOnExternalJobBoard`` is taken as displayed: it was
read from the external job board.
"""

from __future__ import annotations

import datetime
import hashlib
import html
import re
from collections.abc import Mapping
from typing import Any, Final

import msgspec

from data_layer.models.jobs import DurationType, JobType
from data_layer.sync.master import Lookups
from workers.laboredge.fields import HOURS_LIMIT, RecordFields
from workers.laboredge.mapped import CertificationRow, JobValues, MappedJob, Quarantine, RateRow
from workers.laboredge.master_refs import UnresolvedRef, client_state_id, job_status, master_id

__all__ = [
    "MAPPING_VERSION",
    "content_hash",
    "html_to_text",
    "map_job",
    "normalize_job_type",
]

MAPPING_VERSION: Final = 1
"""Part of every ``content_hash``: bump it when the mapping changes so every job is rewritten."""

_HASH_PREFIX = f"laboredge-job/v{MAPPING_VERSION}\n".encode()


# ------------------------------------------------------------------- text helpers
_DROP_BLOCKS = re.compile(r"<(script|style|head|template|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_COMMENTS = re.compile(r"<!--.*?(?:-->|$)", re.S)
_BREAKING_TAGS = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|thead|tbody|section|article|header|"
    r"footer|blockquote|pre|hr|dt|dd|dl|main|nav|aside|figure|figcaption)\b[^>]*>",
    re.I,
)
_TAGS = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>")
_SPACES = re.compile(r"\s+")


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment: tags stripped, entities unescaped, whitespace collapsed."""
    if not markup:
        return None
    text = _DROP_BLOCKS.sub(" ", markup)
    text = _COMMENTS.sub(" ", text)
    text = _BREAKING_TAGS.sub(" ", text)
    text = _TAGS.sub("", text)
    text = html.unescape(text).replace("\x00", "")
    text = _SPACES.sub(" ", text).strip()
    return text or None


def content_hash(record: Any) -> str:
    """SHA-256 of the mapping version and the canonical JSON (sorted keys) of the record."""
    try:
        canonical = msgspec.json.encode(record, order="sorted")
    except (TypeError, msgspec.EncodeError):
        canonical = repr(record).encode()
    return hashlib.sha256(_HASH_PREFIX + canonical).hexdigest()


_JOB_TYPES: Final[dict[str, JobType]] = {
    "travel": JobType.TRAVEL,
    "traveler": JobType.TRAVEL,
    "travelcontract": JobType.TRAVEL,
    "travelnurse": JobType.TRAVEL,
    "perm": JobType.PERM,
    "permanent": JobType.PERM,
    "permanentplacement": JobType.PERM,
    "fulltime": JobType.PERM,
    "perdiem": JobType.PER_DIEM,
    "prn": JobType.PER_DIEM,
    "local": JobType.LOCAL,
    "localcontract": JobType.LOCAL,
    "localtravel": JobType.LOCAL,
}
_NON_LETTERS = re.compile(r"[^a-z]")


def normalize_job_type(value: Any) -> JobType | None:
    """Our job type for an upstream one (``TRAVEL``, ``PER_DIEM``, ``Per Diem``, ...)."""
    if isinstance(value, JobType):
        return value
    if not isinstance(value, str):
        return None
    return _JOB_TYPES.get(_NON_LETTERS.sub("", value.lower()))


_DURATION_TYPES: Final[dict[str, DurationType]] = {
    "day": DurationType.DAYS,
    "days": DurationType.DAYS,
    "d": DurationType.DAYS,
    "week": DurationType.WEEKS,
    "weeks": DurationType.WEEKS,
    "wk": DurationType.WEEKS,
    "wks": DurationType.WEEKS,
    "w": DurationType.WEEKS,
    "month": DurationType.MONTHS,
    "months": DurationType.MONTHS,
    "mo": DurationType.MONTHS,
    "mos": DurationType.MONTHS,
    "m": DurationType.MONTHS,
}


# ---------------------------------------------------------------------- mapping
def _nested(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = record.get(key)
    return value if isinstance(value, Mapping) else {}


def _shift_details(record: Mapping[str, Any]) -> dict[str, Any]:
    """Shift fields from ``jobShiftDetails`` (an object with the top-level names, or a list)."""
    details = record.get("jobShiftDetails")
    found: dict[str, Any] = {}
    if isinstance(details, Mapping):
        for key in (
            "shiftStartTime1",
            "shiftEndTime1",
            "shiftStartTime2",
            "shiftEndTime2",
            "shiftsPerWeek1",
            "scheduledHrs1",
            "shiftsPerWeek2",
            "scheduledHrs2",
            "shift",
        ):
            if details.get(key) is not None:
                found[key] = details[key]
    elif isinstance(details, list):
        for index, item in enumerate(details[:2], start=1):
            if not isinstance(item, Mapping):
                continue
            for target, sources in (
                (f"shiftStartTime{index}", ("shiftStartTime", "startTime")),
                (f"shiftEndTime{index}", ("shiftEndTime", "endTime")),
                (f"shiftsPerWeek{index}", ("shiftsPerWeek",)),
                (f"scheduledHrs{index}", ("scheduledHrs", "scheduledHours", "hours")),
            ):
                for source in sources:
                    if item.get(source) is not None:
                        found[target] = item[source]
                        break
            if index == 1:
                for source in ("shift", "shiftName", "name"):
                    if isinstance(item.get(source), str):
                        found["shift"] = item[source]
                        break
    return found


def _person(
    fields: RecordFields, record: Mapping[str, Any], prefix: str, column_prefix: str
) -> dict[str, Any]:
    nested = _nested(record, prefix)

    def pick(suffix: str, nested_key: str) -> tuple[str, Any]:
        value = record.get(prefix + suffix)
        if value is None or value == "":
            value = nested.get(nested_key)
        return prefix + suffix, value

    out: dict[str, Any] = {}
    name, value = pick("Id", "id")
    out[f"{column_prefix}_id"] = fields.integer(value, name)
    for suffix, nested_key, column in (
        ("FirstName", "firstName", "first_name"),
        ("LastName", "lastName", "last_name"),
        ("Email", "email", "email"),
    ):
        name, value = pick(suffix, nested_key)
        out[f"{column_prefix}_{column}"] = fields.string(value, name, f"{column_prefix}_{column}")
    return out


def map_job(
    record: Any, lookups: Lookups | None = None, *, record_hash: str | None = None
) -> MappedJob | Quarantine:
    """Map one upstream job record; see the module docstring.

    ``record_hash`` is :func:`content_hash` of ``record`` when the caller has
    already computed it (to skip unchanged records before mapping them).
    """
    lookups = lookups or Lookups()
    if not isinstance(record, Mapping):
        return Quarantine(
            external_job_id=None,
            reasons=(f"record is not an object ({type(record).__name__})",),
            raw=record,
            invalid=(f"record is not an object ({type(record).__name__})",),
        )
    f = RecordFields(record)
    unresolved: list[UnresolvedRef] = []

    # --- identity
    raw_id = record.get("jobId")
    external_job_id: int | None = None
    if raw_id is None or raw_id == "":
        f.errors.append("missing jobId")
    else:
        external_job_id = f.integer(raw_id, "jobId")
        if external_job_id is not None and external_job_id <= 0:
            f.errors.append(f"non-positive jobId: {raw_id!r}")
            external_job_id = None

    # --- description
    desc_name, desc_value = f.first("description", "jobDescription")
    description: str | None = None
    if isinstance(desc_value, str):
        description = desc_value.replace("\x00", "") or None
    elif desc_value is not None:
        f.errors.append(f"unexpected {type(desc_value).__name__} in {desc_name}")

    # --- type and duration
    job_type: JobType | None = None
    jt_name, jt_value = f.first("jobType", "jobTypeId")
    if jt_value is not None:
        job_type = normalize_job_type(jt_value)
        if job_type is None:
            f.errors.append(f"unknown {jt_name}: {jt_value!r}")
    duration_type: DurationType | None = None
    dt_name, dt_value = f.first("durationType")
    if dt_value is not None:
        duration_type = (
            _DURATION_TYPES.get(dt_value.strip().lower()) if isinstance(dt_value, str) else None
        )
        if duration_type is None:
            f.errors.append(f"unknown {dt_name}: {dt_value!r}")

    # --- shifts (top level first, then jobShiftDetails)
    shifts = _shift_details(record)

    def shift_value(key: str) -> tuple[str, Any]:
        value = record.get(key)
        if value is None or value == "":
            return f"jobShiftDetails.{key}", shifts.get(key)
        return key, value

    times: dict[str, datetime.time | None] = {}
    for key, column in (
        ("shiftStartTime1", "shift_start_time1"),
        ("shiftEndTime1", "shift_end_time1"),
        ("shiftStartTime2", "shift_start_time2"),
        ("shiftEndTime2", "shift_end_time2"),
    ):
        name, value = shift_value(key)
        times[column] = f.time_of_day(value, name)
    name, value = shift_value("shiftsPerWeek1")
    shifts_per_week1 = f.integer(value, name)
    name, value = shift_value("shiftsPerWeek2")
    shifts_per_week2 = f.integer(value, name)
    name, value = shift_value("scheduledHrs1")
    scheduled_hrs1 = f.decimal(value, name, limit=HOURS_LIMIT)
    name, value = shift_value("scheduledHrs2")
    scheduled_hrs2 = f.decimal(value, name, limit=HOURS_LIMIT)
    name, value = shift_value("shift")
    shift = f.string(value, name, "shift")

    # --- master references
    profession_id, profession_key = master_id(f, "profession", lookups.professions, unresolved)
    specialty_id, _ = master_id(
        f, "specialty", lookups.specialties, unresolved, parent_external_id=profession_key
    )
    job_status_id, job_status_code = job_status(f, lookups, unresolved)

    # --- client location (client* names, falling back to city/state/stateCode)
    client_city = f.text("client_city", "clientCity", "city")
    client_state = f.text("client_state", "clientState", "state")
    client_state_code = f.text("client_state_code", "clientStateCode", "stateCode")
    client_zip = f.text("client_zip", "clientZip", "zip", "zipCode", "postalCode")
    client_country = f.text("client_country", "clientCountry", "country")
    state_id = client_state_id(f, lookups, unresolved, code=client_state_code, name=client_state)

    # --- pay ranges may come as {"min": .., "max": ..}
    def pay_range(column: str, key: str) -> str | None:
        value = record.get(key)
        if isinstance(value, Mapping):
            low, high = value.get("min"), value.get("max")
            if low is None and high is None:
                return None
            value = f"{low if low is not None else ''} - {high if high is not None else ''}"
        return f.string(value, key, column)

    posted_name, posted_value = f.first("postedDate", "postingDate", "createdDate")
    posted_date = f.timestamp(posted_value, posted_name)

    values_kwargs: dict[str, Any] = {
        "job_title": f.text("job_title", "jobTitle"),
        "posting_id": f.text("posting_id", "postingId"),
        "display_on_external_job_board": f.bool_field("displayOnExternalJobBoard", default=True),
        "description": description,
        "description_text": html_to_text(description),
        "posted_date": posted_date,
        "preferred_certifications": f.text("preferred_certifications", "preferredCertifications"),
        "sign_on_bonus": f.money_field("signOnBonus"),
        "no_of_openings": f.int_field("noOfOpenings"),
        "job_type": job_type,
        "msa": f.bool_field("msa"),
        "start_date": f.date("startDate"),
        "end_date": f.date("endDate"),
        "asap": f.bool_field("asap"),
        "duration": f.int_field("duration"),
        "duration_type": duration_type,
        "job_status_id": job_status_id,
        "job_status_code": job_status_code,
        "hot_job": f.bool_field("hotJob"),
        "floating_req_units": f.text("floating_req_units", "floatingReqUnits"),
        "position_type": f.text("position_type", "positionType"),
        **times,
        "shifts_per_week1": shifts_per_week1,
        "scheduled_hrs1": scheduled_hrs1,
        "shifts_per_week2": shifts_per_week2,
        "scheduled_hrs2": scheduled_hrs2,
        "shift": shift,
        "title": f.text("title", "title"),
        "offering": f.text("offering", "offering"),
        "sub_offering": f.text("sub_offering", "subOffering"),
        "profession_id": profession_id,
        "specialty_id": specialty_id,
        **_person(f, record, "salesRep", "sales_rep"),
        **_person(f, record, "staffingSpecialist", "staffing_specialist"),
        "vms_id": f.int_field("vmsId"),
        "vms": f.text("vms", "vms"),
        "client_name": f.text("client_name", "clientName"),
        "client_website": f.text("client_website", "clientWebsite"),
        "client_primary_division": f.text("client_primary_division", "clientPrimaryDivision"),
        "client_city": client_city,
        "client_state_id": state_id,
        "client_state": client_state,
        "client_state_code": client_state_code,
        "client_zip": client_zip,
        "client_country": client_country,
        "weekly_pay": f.money_field("weeklyPay"),
        "hourly_pay": f.money_field("hourlyPay"),
        "hourly_pay_range": pay_range("hourly_pay_range", "hourlyPayRange"),
        "weekly_pay_range": pay_range("weekly_pay_range", "weeklyPayRange"),
        "featured_job": f.bool_field("featuredJob", "featured"),
        "position_urgency_id": f.text("position_urgency_id", "positionUrgencyId"),
        "position_urgency": f.text("position_urgency", "positionUrgency"),
    }

    # --- children
    certifications: list[CertificationRow] = []
    raw_certs = record.get("jobRequiredCertifications")
    if isinstance(raw_certs, list):
        for index, item in enumerate(raw_certs):
            where = f"jobRequiredCertifications[{index}]"
            if not isinstance(item, Mapping):
                f.errors.append(f"{where} is not an object")
                continue
            name_key = next(
                (k for k in ("certification", "certificationName", "name") if item.get(k)),
                "certification",
            )
            cert = f.string(item.get(name_key), f"{where}.{name_key}", "certification")
            if cert is None:
                f.errors.append(f"{where} has no certification")
                continue
            certifications.append(
                CertificationRow(
                    certification=cert,
                    for_onboarding=f.boolean(item.get("forOnboarding"), f"{where}.forOnboarding"),
                    for_submittal=f.boolean(item.get("forSubmittal"), f"{where}.forSubmittal"),
                )
            )
    elif raw_certs is not None:
        f.errors.append("jobRequiredCertifications is not a list")

    rates: list[RateRow] = []
    raw_rates = record.get("jobRates")
    if isinstance(raw_rates, list):
        for index, item in enumerate(raw_rates):
            where = f"jobRates[{index}]"
            if not isinstance(item, Mapping):
                f.errors.append(f"{where} is not an object")
                continue
            rates.append(
                RateRow(
                    bill_rate_code_id=f.string(
                        item.get("billRateCodeId"), f"{where}.billRateCodeId", "bill_rate_code_id"
                    ),
                    bill_rate_code=f.string(
                        item.get("billRateCode"), f"{where}.billRateCode", "bill_rate_code"
                    ),
                    rate=f.decimal(item.get("rate"), f"{where}.rate"),
                )
            )
    elif raw_rates is not None:
        f.errors.append("jobRates is not a list")

    if f.errors or unresolved or external_job_id is None:
        invalid = tuple(f.errors)
        return Quarantine(
            external_job_id=external_job_id,
            reasons=invalid + tuple(ref.describe() for ref in unresolved),
            raw=record,
            unresolved=tuple(unresolved),
            invalid=invalid,
        )
    values = JobValues(
        external_job_id=external_job_id,
        content_hash=record_hash or content_hash(record),
        **values_kwargs,
    )
    return MappedJob(values=values, certifications=certifications, rates=rates)
