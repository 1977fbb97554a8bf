"""From the service's ``ai_content`` documents (dicts) to the desk API's structs.

Reading defensively (``.get`` with defaults): a document written by an older worker may
lack a field added later, and the desk must still open it rather than answer 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.editor.schemas import (
    BodyChange,
    DraftSummary,
    Event,
    FieldChange,
    Flag,
    Gate,
    PageFields,
    VersionDetail,
    VersionDiff,
    VersionItem,
)
from assistant.web import content_urls
from data_layer.content.kinds import ContentType
from data_layer.content.rendering import render_markdown

# What a version's status allows (the service re-checks every transition and has the last
# word; these only decide which buttons the desk offers and why approval is disabled).
APPROVABLE = frozenset({"draft", "reviewed"})
SENDABLE_BACK = frozenset({"draft"})
REJECTABLE = frozenset({"draft", "changes_requested"})
LIVE = frozenset({"published", "reviewed"})


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _when(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        # Mongo hands back naive UTC datetimes unless the client is tz-aware.
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return None


def _flags(gate: Mapping[str, Any]) -> list[Flag]:
    return [
        Flag(
            code=str(f.get("code", "")),
            severity=str(f.get("severity", "warning")),
            message=str(f.get("message", "")),
            sentence=_text(f.get("sentence")),
            overridden=bool(f.get("overridden")),
            override_note=_text(f.get("override_note")),
        )
        for f in gate.get("flags") or ()
        if isinstance(f, Mapping)
    ]


def unresolved_errors(flags: Iterable[Flag]) -> int:
    return sum(1 for f in flags if f.severity == "error" and not f.overridden)


def _gate(doc: Mapping[str, Any]) -> Gate:
    gate = doc.get("gate") or {}
    return Gate(
        passed=bool(gate.get("passed")),
        checked_at=_when(gate.get("checked_at")),
        flags=_flags(gate),
        scores=dict(gate.get("scores") or {}),
    )


def _page(doc: Mapping[str, Any]) -> PageFields:
    page = doc.get("page") or {}
    return PageFields(**{name: _text(page.get(name)) for name in PageFields.__struct_fields__})


def _event(e: Mapping[str, Any], version: int, names: Mapping[str, str]) -> Event:
    actor_id = _text(e.get("actor_id"))
    return Event(
        at=_when(e.get("at")),
        version=version,
        action=str(e.get("action", "")),
        actor_id=actor_id,
        actor=names.get(actor_id) if actor_id else None,
        note=_text(e.get("note")),
    )


def events(doc: Mapping[str, Any], names: Mapping[str, str]) -> list[Event]:
    """One version's events."""
    version = int(doc.get("version", 0))
    return [_event(e, version, names) for e in doc.get("events") or () if isinstance(e, Mapping)]


def history_events(found: Iterable[Mapping[str, Any]], names: Mapping[str, str]) -> list[Event]:
    """The service's page history (each event carries its ``version``)."""
    return [_event(e, int(e.get("version", 0)), names) for e in found]


def _blocked_reason(status: str, unresolved: int) -> str | None:
    if status not in APPROVABLE:
        return f"This version is {status.replace('_', ' ')}: only a draft can be approved."
    if unresolved:
        plural = "s" if unresolved != 1 else ""
        return (
            f"{unresolved} error flag{plural} unresolved: edit the page to fix "
            f"{'them' if plural else 'it'}, or approve with an override note saying why "
            "it may go out anyway."
        )
    return None


def allowed_actions(status: str, version: int, versions: list[Mapping[str, Any]]) -> list[str]:
    """The desk's buttons for this version: edit (the latest only, as the service requires),
    approve/schedule, request_changes, reject, unpublish (while a version is live or due)."""
    latest = max((int(d.get("version", 0)) for d in versions), default=version)
    actions = ["edit"] if version == latest else []
    if status in APPROVABLE:
        actions += ["approve", "schedule"]
    if status in SENDABLE_BACK:
        actions.append("request_changes")
    if status in REJECTABLE:
        actions.append("reject")
    if any(str(d.get("status")) in LIVE for d in versions):
        actions.append("unpublish")
    return actions


def public_url(content_type: str, reference_id: str, page: PageFields) -> str | None:
    """Where the page lives once published (the public site's own URL rules); None when
    the page fields do not say enough to build it."""
    try:
        if content_type == ContentType.BLOG_POST and page.slug:
            return content_urls.blog_path(page.slug)
        if content_type == ContentType.CITY_GUIDE and page.state_code and page.city:
            return content_urls.city_guide_path(page.state_code, page.city)
        specialty = page.specialty_slug or page.specialty_name
        if content_type == ContentType.SPECIALTY_PAGE and specialty:
            return content_urls.specialty_path(specialty)
        if (
            content_type == ContentType.CITY_SPECIALTY_PAGE
            and page.state_code
            and page.city
            and specialty
        ):
            return content_urls.city_specialty_path(page.state_code, page.city, specialty)
        if content_type == ContentType.JOB_DESCRIPTION:
            return content_urls.job_path(page.job_id or reference_id)
        if content_type == ContentType.FAQ_ARTICLE and page.slug:
            return content_urls.faq_path(page.slug)
    except ValueError:
        return None
    return None


def detail(
    doc: Mapping[str, Any], versions: list[Mapping[str, Any]], names: Mapping[str, str]
) -> VersionDetail:
    gate = _gate(doc)
    page = _page(doc)
    status = str(doc.get("status", ""))
    version = int(doc.get("version", 0))
    unresolved = unresolved_errors(gate.flags)
    markdown = str(doc.get("generated_content") or "")
    metadata = doc.get("metadata") or {}
    return VersionDetail(
        content_type=str(doc.get("content_type")),
        reference_id=str(doc.get("reference_id")),
        version=version,
        latest_version=max((int(d.get("version", 0)) for d in versions), default=version),
        status=status,
        source=str(doc.get("source") or "writer"),
        author_id=_text(doc.get("author_id")),
        based_on_version=doc.get("based_on_version"),
        page=page,
        public_url=public_url(str(doc.get("content_type")), str(doc.get("reference_id")), page),
        markdown=markdown,
        html=render_markdown(markdown),
        snapshot=dict(doc.get("snapshot") or {}),
        snapshot_hash=_text(doc.get("snapshot_hash")),
        gate=gate,
        unresolved_errors=unresolved,
        approvable=status in APPROVABLE and unresolved == 0,
        approve_blocked_reason=_blocked_reason(status, unresolved),
        actions=allowed_actions(status, version, versions),
        reviewer_id=_text(doc.get("reviewer_id")),
        review_notes=_text(doc.get("review_notes")),
        publish_at=_when(doc.get("publish_at")),
        published_at=_when(doc.get("published_at")),
        created_at=_when(doc.get("created_at")),
        updated_at=_when(doc.get("updated_at")),
        model=_text(metadata.get("model")) if isinstance(metadata, Mapping) else None,
        original_prompt=str(doc.get("original_prompt") or ""),
        events=events(doc, names),
    )


def item(doc: Mapping[str, Any]) -> VersionItem:
    gate = _gate(doc)
    return VersionItem(
        version=int(doc.get("version", 0)),
        status=str(doc.get("status", "")),
        source=str(doc.get("source") or "writer"),
        title=str((doc.get("page") or {}).get("title") or ""),
        author_id=_text(doc.get("author_id")),
        based_on_version=doc.get("based_on_version"),
        reviewer_id=_text(doc.get("reviewer_id")),
        flags_count=unresolved_errors(gate.flags),
        gate_passed=gate.passed,
        created_at=_when(doc.get("created_at")),
    )


def summary(row: Mapping[str, Any] | Any) -> DraftSummary:
    """A queue row: the service's summary (a dict or an object with the same names)."""
    get = (
        row.get
        if isinstance(row, Mapping)
        else lambda name, default=None: getattr(row, name, default)
    )
    return DraftSummary(
        content_type=str(get("content_type", "")),
        reference_id=str(get("reference_id", "")),
        version=int(get("version", 0)),
        status=str(get("status", "")),
        title=str(get("title", "") or ""),
        slug=str(get("slug", "") or ""),
        flags_count=int(get("flags_count", 0) or 0),
        gate_passed=bool(get("gate_passed", False)),
        created_at=_when(get("created_at")),
        updated_at=_when(get("updated_at")),
    )


def page_of(found: Mapping[str, Any] | Any) -> tuple[list[Any], int]:
    """(items, total) of the service's ``DraftPage`` (a dataclass or a dict)."""
    if isinstance(found, Mapping):
        return list(found.get("items") or ()), int(found.get("total") or 0)
    return list(found.items), int(found.total)


def diff(
    content_type: str, reference_id: str, a: int, b: int, found: Mapping[str, Any]
) -> VersionDiff:
    return VersionDiff(
        content_type=content_type,
        reference_id=reference_id,
        a=a,
        b=b,
        fields=[
            FieldChange(str(c.get("field", "")), c.get("before"), c.get("after"))
            for c in found.get("fields") or ()
        ],
        body=[
            BodyChange(str(c.get("op", "")), _text(c.get("before")), _text(c.get("after")))
            for c in found.get("body") or ()
        ],
        html=str(found.get("html") or ""),
    )
