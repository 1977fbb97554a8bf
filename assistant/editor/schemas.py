"""What the editors' desk API reads and answers (msgspec structs, shown in the OpenAPI schema).

The service (:mod:`data_layer.content.review`) hands back ``ai_content`` documents as
dicts; :mod:`assistant.editor.views` turns them into these structs, so the API's shape
is declared here once and does not follow every field the documents may grow.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

MAX_NOTE_CHARS = 2000
MAX_FIELD_CHARS = 4000

Note = Annotated[str, msgspec.Meta(max_length=MAX_NOTE_CHARS * 2)]
"""Checked again after trimming (:mod:`assistant.editor.checks`), which names the limit."""


class DraftSummary(msgspec.Struct):
    content_type: str
    reference_id: str
    version: int
    status: str
    title: str
    slug: str
    flags_count: int
    """Gate flags not overridden (errors and warnings)."""
    gate_passed: bool
    """No error flag left unresolved."""
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class DraftList(msgspec.Struct):
    items: list[DraftSummary]
    total: int
    limit: int
    offset: int


class Flag(msgspec.Struct):
    code: str
    severity: Literal["error", "warning"] | str
    message: str
    sentence: str | None
    """The sentence of the page the flag is about (None: the page as a whole)."""
    overridden: bool
    override_note: str | None


class Gate(msgspec.Struct):
    passed: bool
    checked_at: dt.datetime | None
    flags: list[Flag]
    scores: dict[str, Any]


class PageFields(msgspec.Struct):
    title: str | None = None
    slug: str | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    seo_keywords: str | None = None
    excerpt: str | None = None
    city: str | None = None
    state_code: str | None = None
    state_name: str | None = None
    specialty_slug: str | None = None
    specialty_name: str | None = None
    job_id: str | None = None
    article_key: str | None = None
    """FAQ articles: the name the article's translations share (``pay-packages``)."""
    language: str | None = None
    """FAQ articles: ``en`` or ``es``."""
    topic: str | None = None
    """FAQ articles: what the article is about (``pay_package``)."""


class Event(msgspec.Struct):
    at: dt.datetime | None
    version: int
    action: str
    """drafted, edited, approved, changes_requested, rejected, scheduled, published,
    unpublished or overridden."""
    actor_id: str | None
    actor: str | None
    """The staff member's e-mail (None: the system, e.g. the drafting worker)."""
    note: str | None


class VersionDetail(msgspec.Struct):
    content_type: str
    reference_id: str
    version: int
    latest_version: int
    status: str
    source: str
    """writer, llm or editor."""
    author_id: str | None
    based_on_version: int | None
    page: PageFields
    public_url: str | None
    """The page's address on the public site (served only while a version is published)."""
    markdown: str
    html: str
    """The body rendered and sanitised exactly as the public page would show it."""
    snapshot: dict[str, Any]
    """The facts the draft was written from (open jobs, pay, shifts, facilities...)."""
    snapshot_hash: str | None
    gate: Gate
    unresolved_errors: int
    approvable: bool
    """False while error flags are unresolved (approve then needs an override note) or
    while the status does not allow approval."""
    approve_blocked_reason: str | None
    actions: list[str]
    """What the desk may do with this version now: edit, approve, schedule,
    request_changes, reject, unpublish (the service re-checks each)."""
    reviewer_id: str | None
    review_notes: str | None
    publish_at: dt.datetime | None
    published_at: dt.datetime | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    model: str | None
    original_prompt: str
    events: list[Event]


class VersionItem(msgspec.Struct):
    version: int
    status: str
    source: str
    title: str
    author_id: str | None
    based_on_version: int | None
    reviewer_id: str | None
    flags_count: int
    """Error flags not overridden."""
    gate_passed: bool
    created_at: dt.datetime | None


class VersionList(msgspec.Struct):
    content_type: str
    reference_id: str
    versions: list[VersionItem]


class FieldChange(msgspec.Struct):
    field: str
    before: Any
    after: Any


class BodyChange(msgspec.Struct):
    op: Literal["equal", "insert", "delete", "replace"] | str
    before: str | None
    after: str | None


class VersionDiff(msgspec.Struct):
    content_type: str
    reference_id: str
    a: int
    b: int
    fields: list[FieldChange]
    body: list[BodyChange]
    html: str
    """The body's changes as readable prose: ``<ins>``/``<del>``, sanitised."""


class History(msgspec.Struct):
    content_type: str
    reference_id: str
    events: list[Event]
    """Every version's events, oldest first."""


Field = Annotated[str, msgspec.Meta(max_length=MAX_FIELD_CHARS)]
"""A generous bound; each field's own limit is checked with a message that names it."""


class PageEdit(msgspec.Struct, forbid_unknown_fields=True):
    """Page and SEO fields an editor may change (left out: unchanged)."""

    title: Field | None = None
    slug: Field | None = None
    """Lowercase letters and digits joined by single hyphens."""
    seo_title: Field | None = None
    seo_description: Field | None = None
    seo_keywords: Field | None = None
    excerpt: Field | None = None


class EditBody(msgspec.Struct, forbid_unknown_fields=True):
    markdown: str
    """The whole text of the new version."""
    page: PageEdit | None = None


class ApproveBody(msgspec.Struct, forbid_unknown_fields=True):
    publish_at: dt.datetime | None = None
    """Publish then (UTC offset required); none or past: publish now."""
    override_note: Note | None = None
    """Required while error flags are unresolved: why the page may go out anyway."""


class ScheduleBody(msgspec.Struct, forbid_unknown_fields=True):
    publish_at: dt.datetime
    """A future time with a UTC offset."""
    override_note: Note | None = None


class NoteBody(msgspec.Struct, forbid_unknown_fields=True):
    note: Note


class UnpublishBody(msgspec.Struct, forbid_unknown_fields=True):
    note: Note | None = None


class NewFaqArticle(msgspec.Struct, forbid_unknown_fields=True):
    """A new FAQ article, written by an editor (FAQ articles are never drafted by a model:
    they state the agency's policies)."""

    language: Annotated[str, msgspec.Meta(max_length=8)]
    """``en`` or ``es``."""
    article_key: Annotated[str, msgspec.Meta(max_length=200)]
    """Shared by the article's translations: the Spanish version of ``pay-packages`` is
    ``pay-packages`` in ``es``. Letters, digits and hyphens."""
    markdown: str
    """The article: an introduction, then one ``## Question?`` heading per question with
    its answer below it (each becomes a passage the chat can quote and link)."""
    page: PageEdit
    """At least the title; the slug defaults to the title's."""
    topic: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    """What the article is about (``pay_package``); default: the article key."""
