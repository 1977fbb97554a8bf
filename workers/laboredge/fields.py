"""Reading one LaborEdge record's fields: lenient parsing, every problem kept as a reason.

:class:`RecordFields` parses what LaborEdge sends in its many spellings (numbers
as text, epoch or ISO dates, ``7:00 PM`` times, ``$1,200`` amounts) into column
values and collects a reason for each value it cannot use instead of raising,
so a quarantined record names all its problems at once. Limits come from the
columns: text longer than its column, or a number outside it, is a reason too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Final

from data_layer.models.jobs import Job

__all__ = ["HOURS_LIMIT", "RecordFields"]

_CENT = Decimal("0.01")
_INT_MAX = 2**31 - 1
_MONEY_LIMIT: Final = Decimal(10) ** 10  # NUMERIC(12, 2)
HOURS_LIMIT: Final = Decimal(10) ** 4
"""Scheduled hours must stay below this: ``NUMERIC(6, 2)``."""
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _string_lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for column in Job.__table__.columns:
        length = getattr(column.type, "length", None)
        if isinstance(length, int):
            lengths[column.name] = length
    return lengths


_MAX_LENGTHS: Final = _string_lengths()
_CHILD_MAX_LENGTHS: Final = {"certification": 255, "bill_rate_code_id": 64, "bill_rate_code": 100}


class RecordFields:
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
