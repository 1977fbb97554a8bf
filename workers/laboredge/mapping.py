"""LaborEdge job records -> rows of ``jobs``, ``job_required_certifications``, ``job_rates``.

Pure functions, no I/O. :func:`map_job` turns one upstream record into a
:class:`MappedJob` (column values named exactly as the ``jobs`` columns, plus
the children and a ``content_hash``) or a :class:`Quarantine` naming every
problem found. Master references (profession, specialty, state, job status)
arrive as LaborEdge ids and are resolved to our ids through :class:`Lookups`;
an id we do not know is reported as an :class:`UnresolvedRef` so the sync can
create the master row (from the master lists) and map the record again, or
quarantine it.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final, Literal, TypedDict

import msgspec

from data_layer.models.jobs import DurationType, Job, JobType

__all__ = [
    "MAPPED_COLUMNS",
    "MAPPING_VERSION",
    "CertificationRow",
    "JobValues",
    "Lookups",
    "MappedJob",
    "Quarantine",
    "RateRow",
    "UnresolvedRef",
    "content_hash",
    "html_to_text",
    "map_job",
    "normalize_job_type",
]

MAPPING_VERSION: Final = 1
"""Part of every ``content_hash``: bump it when the mapping changes so every job is rewritten."""

_HASH_PREFIX = f"laboredge-job/v{MAPPING_VERSION}\n".encode()
_CENT = Decimal("0.01")
_INT_MAX = 2**31 - 1
_MONEY_LIMIT = Decimal(10) ** 10  # NUMERIC(12, 2)
_HOURS_LIMIT = Decimal(10) ** 4  # NUMERIC(6, 2)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

RefKind = Literal["profession", "specialty", "state", "job_status"]


# --------------------------------------------------------------------------- types
@dataclass(frozen=True, slots=True)
class Lookups:
    """LaborEdge ids (and codes) -> our master-row ids."""

    professions: Mapping[int, int] = field(default_factory=dict)
    specialties: Mapping[int, int] = field(default_factory=dict)
    states: Mapping[int, int] = field(default_factory=dict)
    """State external id -> id."""
    states_by_code: Mapping[str, int] = field(default_factory=dict)
    """Upper-case state code (``TX``) -> id."""
    states_by_name: Mapping[str, int] = field(default_factory=dict)
    """Lower-case state name (``texas``) -> id."""
    job_statuses: Mapping[int, int] = field(default_factory=dict)
    job_statuses_by_code: Mapping[str, int] = field(default_factory=dict)
    """Upper-case job status code (``OPEN``) -> id."""

    @classmethod
    def build(
        cls,
        *,
        professions: Iterable[tuple[int, int | None]] = (),
        specialties: Iterable[tuple[int, int | None]] = (),
        states: Iterable[tuple[int, int | None, str, str]] = (),
        job_statuses: Iterable[tuple[int, int | None, str | None]] = (),
    ) -> Lookups:
        """From master rows: ``(id, external_id)``; states ``(id, external_id, code, name)``;
        job statuses ``(id, external_id, code)``."""
        state_rows = list(states)
        status_rows = list(job_statuses)
        return cls(
            professions={ext: id_ for id_, ext in professions if ext is not None},
            specialties={ext: id_ for id_, ext in specialties if ext is not None},
            states={ext: id_ for id_, ext, _, _ in state_rows if ext is not None},
            states_by_code={code.upper(): id_ for id_, _, code, _ in state_rows if code},
            states_by_name={name.lower(): id_ for id_, _, _, name in state_rows if name},
            job_statuses={ext: id_ for id_, ext, _ in status_rows if ext is not None},
            job_statuses_by_code={code.upper(): id_ for id_, _, code in status_rows if code},
        )


@dataclass(frozen=True, slots=True)
class UnresolvedRef:
    """A master reference of a record that :class:`Lookups` does not know."""

    kind: RefKind
    external_id: int | None = None
    code: str | None = None
    name: str | None = None
    parent_external_id: int | None = None
    """For a specialty: the profession's LaborEdge id given by the record."""

    def describe(self) -> str:
        label = {
            "profession": "professionId",
            "specialty": "specialtyId",
            "state": "state",
            "job_status": "jobStatusId",
        }[self.kind]
        what = self.external_id if self.external_id is not None else self.code
        return f"unknown {label} {what!r}" + (f" ({self.name})" if self.name else "")


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
"""Every ``jobs`` column :func:`map_job` fills."""


@dataclass(slots=True)
class MappedJob:
    """A valid record: the ``jobs`` values and the rows of its two child tables."""

    values: JobValues
    certifications: list[CertificationRow]
    rates: list[RateRow]
    source_updated_at: datetime.datetime | None = None
    """Upstream ``lastModified``/``updatedAt`` (a cursor for incremental syncs), if given."""

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


def _string_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for column in Job.__table__.columns:
        length = getattr(column.type, "length", None)
        if isinstance(length, int):
            lengths[column.name] = length
    return lengths


_MAX_LENGTHS: Final = _string_lengths()
_CHILD_MAX_LENGTHS: Final = {"certification": 255, "bill_rate_code_id": 64, "bill_rate_code": 100}


# ---------------------------------------------------------------------- parsing
class _Fields:
    """Reads one record's fields, collecting problems instead of raising."""

    __slots__ = ("errors", "record")

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.record = record
        self.errors: list[str] = []

    def first(self, *names: str) -> tuple[str, Any]:
        """The first of ``names`` with a non-empty value (and its name)."""
        record = self.record
        for name in names:
            value = record.get(name)
            if value is not None and value != "":
                return name, value
        return names[0], None

    def string(self, value: Any, name: str, column: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            text = value.replace("\x00", "").strip()
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float | Decimal):
            text = str(value)
        elif isinstance(value, list) and all(
            isinstance(item, str | int | float) and not isinstance(item, bool) for item in value
        ):
            text = ", ".join(str(item).replace("\x00", "").strip() for item in value)
        else:
            self.errors.append(f"unexpected {type(value).__name__} in {name}")
            return None
        if not text:
            return None
        limit = _MAX_LENGTHS.get(column) or _CHILD_MAX_LENGTHS.get(column)
        if limit is not None and len(text) > limit:
            self.errors.append(f"{name} too long ({len(text)} > {limit} characters)")
            return None
        return text

    def text(self, column: str, *names: str) -> str | None:
        name, value = self.first(*names)
        return self.string(value, name, column)

    def integer(self, value: Any, name: str) -> int | None:
        if value is None or value == "":
            return None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = value.strip().replace(",", "")
            if re.fullmatch(r"[+-]?\d+", text):
                number = int(text)
            elif re.fullmatch(r"[+-]?\d+\.0*", text):
                number = int(text.split(".")[0])
        if number is None:
            self.errors.append(f"non-integer {name}: {value!r}")
            return None
        if not -_INT_MAX - 1 <= number <= _INT_MAX:
            self.errors.append(f"{name} out of range: {number}")
            return None
        return number

    def int_field(self, *names: str) -> int | None:
        name, value = self.first(*names)
        return self.integer(value, name)

    def decimal(self, value: Any, name: str, *, limit: Decimal = _MONEY_LIMIT) -> Decimal | None:
        if value is None or value == "":
            return None
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, Decimal):
            number = value
        elif isinstance(value, str):
            text = value.strip().replace("$", "").replace(",", "").replace(" ", "")
            if not text:
                return None
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.errors.append(f"non-numeric {name}: {value!r}")
            return None
        if number < 0:
            self.errors.append(f"negative {name}: {value!r}")
            return None
        number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
        if number >= limit:
            self.errors.append(f"{name} out of range: {value!r}")
            return None
        return number

    def money_field(self, *names: str) -> Decimal | None:
        name, value = self.first(*names)
        return self.decimal(value, name)

    def boolean(self, value: Any, name: str, default: bool = False) -> bool:
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("true", "t", "yes", "y", "1"):
                return True
            if lowered in ("false", "f", "no", "n", "0"):
                return False
        self.errors.append(f"non-boolean {name}: {value!r}")
        return default

    def bool_field(self, *names: str, default: bool = False) -> bool:
        name, value = self.first(*names)
        return self.boolean(value, name, default)

    def timestamp(self, value: Any, name: str) -> datetime.datetime | None:
        if value is None or value == "":
            return None
        parsed = _parse_datetime(value)
        if parsed is None:
            self.errors.append(f"unparseable date {name}: {value!r}")
        return parsed

    def date(self, *names: str) -> datetime.date | None:
        name, value = self.first(*names)
        if value is None:
            return None
        if isinstance(value, str) and len(value.strip()) == 10:
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        parsed = _parse_datetime(value, keep_offset=True)
        if parsed is None:
            self.errors.append(f"unparseable date {name}: {value!r}")
            return None
        return parsed.date()

    def time_of_day(self, value: Any, name: str) -> datetime.time | None:
        if value is None or value == "":
            return None
        parsed = _parse_time(value)
        if parsed is None:
            self.errors.append(f"unparseable time {name}: {value!r}")
        return parsed


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _parse_datetime(value: Any, *, keep_offset: bool = False) -> datetime.datetime | None:
    """A timezone-aware datetime (UTC unless ``keep_offset``) from ISO text or epoch (s or ms)."""
    result: datetime.datetime | None = None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value) / 1000.0 if abs(value) >= 100_000_000_000 else float(value)
        try:
            result = _EPOCH + datetime.timedelta(seconds=seconds)
        except OverflowError:
            return None
        return result
    if isinstance(value, datetime.datetime):
        result = value
    elif isinstance(value, datetime.date):
        result = datetime.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if text.isdigit() and len(text) >= 9:
            return _parse_datetime(int(text))
        try:
            result = datetime.datetime.fromisoformat(text)
        except ValueError:
            match = _US_DATE.fullmatch(text)
            if match is None:
                return None
            month, day, year, hour, minute, second = match.groups()
            try:
                result = datetime.datetime(
                    int(year),
                    int(month),
                    int(day),
                    int(hour or 0),
                    int(minute or 0),
                    int(second or 0),
                )
            except ValueError:
                return None
    else:
        return None
    if result.tzinfo is None:
        return result.replace(tzinfo=datetime.UTC)
    return result if keep_offset else result.astimezone(datetime.UTC)


_AM_PM = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?")


def _parse_time(value: Any) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _AM_PM.fullmatch(text)
    if match is not None:
        hour, minute, second, half = match.groups()
        h = int(hour)
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "p" else 0)
        try:
            return datetime.time(h, int(minute or 0), int(second or 0))
        except ValueError:
            return None
    if re.fullmatch(r"\d:\d{2}(:\d{2})?", text):
        text = "0" + text
    try:
        return datetime.time.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    if "T" in text or " " in text:
        parsed = _parse_datetime(text, keep_offset=True)
        if parsed is not None:
            return parsed.time()
    return None


# ---------------------------------------------------------------------- mapping
def _nested(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = record.get(key)
    return value if isinstance(value, Mapping) else {}


def _master_ref(record: Mapping[str, Any], key: str) -> tuple[Any, str | None]:
    """(LaborEdge id, name) of ``key``: ``{key}Id`` + ``{key}`` (a name or ``{"id", "name"}``)."""
    raw = record.get(f"{key}Id")
    name: str | None = None
    obj = record.get(key)
    if isinstance(obj, Mapping):
        if raw is None or raw == "":
            raw = obj.get("id")
        obj = obj.get("name")
    if isinstance(obj, str) and obj.strip():
        name = obj.strip()
    else:
        alt = record.get(f"{key}Name")
        name = alt.strip() if isinstance(alt, str) and alt.strip() else None
    return raw, name


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
    fields: _Fields, record: Mapping[str, Any], prefix: str, column_prefix: str
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
    f = _Fields(record)
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
    scheduled_hrs1 = f.decimal(value, name, limit=_HOURS_LIMIT)
    name, value = shift_value("scheduledHrs2")
    scheduled_hrs2 = f.decimal(value, name, limit=_HOURS_LIMIT)
    name, value = shift_value("shift")
    shift = f.string(value, name, "shift")

    # --- master references
    profession_raw, profession_name = _master_ref(record, "profession")
    profession_id: int | None = None
    profession_key = f.integer(profession_raw, "professionId")
    if profession_key is not None:
        profession_id = lookups.professions.get(profession_key)
        if profession_id is None:
            unresolved.append(
                UnresolvedRef("profession", external_id=profession_key, name=profession_name)
            )

    specialty_raw, specialty_name = _master_ref(record, "specialty")
    specialty_id: int | None = None
    specialty_key = f.integer(specialty_raw, "specialtyId")
    if specialty_key is not None:
        specialty_id = lookups.specialties.get(specialty_key)
        if specialty_id is None:
            unresolved.append(
                UnresolvedRef(
                    "specialty",
                    external_id=specialty_key,
                    name=specialty_name,
                    parent_external_id=profession_key,
                )
            )

    job_status_code = f.text("job_status_code", "jobStatusCode")
    job_status_id: int | None = None
    status_name, status_value = f.first("jobStatusId")
    status_key = f.integer(status_value, status_name)
    if status_key is not None:
        job_status_id = lookups.job_statuses.get(status_key)
    if job_status_id is None and job_status_code is not None:
        job_status_id = lookups.job_statuses_by_code.get(job_status_code.upper())
    if job_status_id is None and (status_key is not None or job_status_code is not None):
        status_label = record.get("jobStatus")
        unresolved.append(
            UnresolvedRef(
                "job_status",
                external_id=status_key,
                code=job_status_code,
                name=status_label if isinstance(status_label, str) else None,
            )
        )

    # --- client location (client* names, falling back to city/state/stateCode)
    client_city = f.text("client_city", "clientCity", "city")
    client_state = f.text("client_state", "clientState", "state")
    client_state_code = f.text("client_state_code", "clientStateCode", "stateCode")
    client_zip = f.text("client_zip", "clientZip", "zip", "zipCode", "postalCode")
    client_country = f.text("client_country", "clientCountry", "country")
    client_state_id: int | None = None
    state_ext = f.int_field("clientStateId", "stateId")
    if client_state_code is not None:
        client_state_id = lookups.states_by_code.get(client_state_code.upper())
    if client_state_id is None and state_ext is not None:
        client_state_id = lookups.states.get(state_ext)
    if client_state_id is None and client_state is not None:
        client_state_id = lookups.states_by_name.get(client_state.lower())
        if client_state_id is None and len(client_state) == 2:
            client_state_id = lookups.states_by_code.get(client_state.upper())
    if client_state_id is None and (
        client_state_code is not None or state_ext is not None or client_state is not None
    ):
        unresolved.append(
            UnresolvedRef(
                "state",
                external_id=state_ext,
                code=client_state_code.upper() if client_state_code else None,
                name=client_state,
            )
        )

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
        "client_state_id": client_state_id,
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

    _, updated_value = f.first("lastModified", "updatedAt", "lastModifiedDate")
    source_updated_at = _parse_datetime(updated_value) if updated_value is not None else None

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
    return MappedJob(
        values=values,
        certifications=certifications,
        rates=rates,
        source_updated_at=source_updated_at,
    )
