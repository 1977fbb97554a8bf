"""Input checks of the desk API, before the service sees anything: each failure is a 422
naming the field, in the one error shape (:class:`assistant.errors.InvalidInput`).

The service checks notes too (and refuses with ``ReviewRefused``), but a missing note is
the caller's typo, not a clash with the page's state: it is answered 422 here, not 409.
"""

from __future__ import annotations

import datetime as dt

from assistant.editor.schemas import MAX_NOTE_CHARS, PageEdit
from assistant.errors import InvalidInput
from data_layer.content import review


def required_note(note: str, *, action: str) -> str:
    cleaned = note.strip()
    if not cleaned:
        raise InvalidInput(f"A note is required to {action}: say what should change.", field="note")
    return _short(cleaned, "note")


def optional_note(note: str | None, field: str) -> str | None:
    if note is None or not note.strip():
        return None
    return _short(note.strip(), field)


def _short(note: str, field: str) -> str:
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            f"The note is too long ({len(note):,} characters; the limit is {MAX_NOTE_CHARS:,}).",
            field=field,
        )
    return note


def aware(moment: dt.datetime | None, field: str = "publish_at") -> dt.datetime | None:
    """The time in UTC; a time without an offset is ambiguous (whose 9 am?) and refused."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(
            "Give the time with its UTC offset, e.g. 2030-01-31T09:00:00Z.", field=field
        )
    return moment.astimezone(dt.UTC)


def future(moment: dt.datetime, now: dt.datetime, field: str = "publish_at") -> dt.datetime:
    if moment <= now:
        raise InvalidInput("Choose a publication time in the future.", field=field)
    return moment


def page_fields(page: PageEdit | None) -> dict[str, str]:
    """The fields the editor sent, trimmed and checked against the columns they fill."""
    if page is None:
        return {}
    fields: dict[str, str] = {}
    for name in page.__struct_fields__:
        value = getattr(page, name)
        if value is None:
            continue
        value = value.strip()
        label = name.replace("_", " ")
        if not value and name in ("title", "slug"):
            raise InvalidInput(f"The page's {label} cannot be empty.", field=f"page.{name}")
        limit = review.PAGE_FIELD_LIMITS[name]
        if len(value) > limit:
            raise InvalidInput(
                f"The {label} is too long ({len(value):,} characters; the limit is {limit:,}).",
                field=f"page.{name}",
            )
        if name == "slug" and not review.SLUG.fullmatch(value):
            raise InvalidInput(
                "A slug is lowercase letters and digits joined by single hyphens "
                "(e.g. icu-travel-nursing-in-dallas).",
                field="page.slug",
            )
        fields[name] = value
    return fields


def markdown(text: str) -> str:
    if not text.strip():
        raise InvalidInput("The page's text is empty.", field="markdown")
    if len(text) > review.MARKDOWN_MAX:
        raise InvalidInput(
            f"The text is too long ({len(text):,} characters; the limit is "
            f"{review.MARKDOWN_MAX:,}).",
            field="markdown",
        )
    return text.replace("\r\n", "\n")
