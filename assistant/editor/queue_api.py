"""The desk's reading side (``GET /api/editor/...``, content editors and admins).

* ``/drafts`` - the queue, shared by every editor: filters by type, status, flags, age;
* ``/pages/{type}/{id}`` - the latest version (``/versions/{n}``: any version), rendered and
  sanitised exactly as published, with its snapshot and the gate's flags;
* ``/pages/{type}/{id}/versions`` - every version; ``/diff?a=&b=`` - any two compared;
* ``/pages/{type}/{id}/history`` - who did what, oldest first.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from litestar.params import Parameter

from assistant.editor import views
from assistant.editor.access import EDITORS_ONLY, staff_names
from assistant.editor.lookup import (
    PAGE_PATH,
    ContentTypePath,
    content_type_of,
    service_errors,
    version_detail,
)
from assistant.editor.schemas import DraftList, History, VersionDetail, VersionDiff, VersionList
from assistant.errors import InvalidInput, error_responses
from assistant.resources import AppResources
from data_layer.content import review
from data_layer.content.kinds import ContentType, DraftStatus

Status = Literal[
    "draft",
    "changes_requested",
    "rejected",
    "reviewed",
    "published",
    "unpublished",
    "superseded",
]
if {s.value for s in DraftStatus} != set(Status.__args__):  # type: ignore[attr-defined]
    raise RuntimeError("the desk's statuses differ from data_layer.content.kinds.DraftStatus")

Kind = Literal[
    "city_guide",
    "specialty_page",
    "city_specialty_page",
    "blog_post",
    "job_description",
    "faq_article",
]
if {k.value for k in ContentType} != set(Kind.__args__):  # type: ignore[attr-defined]
    raise RuntimeError("the desk's content types differ from data_layer.content.kinds.ContentType")


class EditorQueueController(Controller):
    path = "/api/editor"
    guards = [EDITORS_ONLY]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["editor"]

    @get(
        "/drafts",
        summary="The review queue (every editor sees the same one)",
        responses=error_responses(400, 401, 403, 422),
    )
    async def drafts(
        self,
        resources: AppResources,
        type: Kind | None = None,  # the query's name for it; the builtin is not used here
        status: Status | None = None,
        flagged: Annotated[
            bool | None,
            Parameter(description="true: only versions with unresolved error flags; false: none"),
        ] = None,
        older_than_days: Annotated[
            int | None, Parameter(ge=0, le=3650, description="Waiting at least this many days")
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
        offset: Annotated[int, Parameter(ge=0, le=100_000)] = 0,
    ) -> DraftList:
        found = await review.list_drafts(
            resources.mongo,
            content_type=ContentType(type) if type else None,
            status=DraftStatus(status) if status else None,
            flagged=flagged,
            older_than_days=older_than_days,
            limit=limit,
            offset=offset,
        )
        items, total = views.page_of(found)
        return DraftList([views.summary(i) for i in items], total, limit, offset)

    @get(
        PAGE_PATH.removeprefix("/api/editor"),
        summary="A page's latest version: rendered, its snapshot and the gate's flags",
        responses=error_responses(400, 401, 403, 404),
    )
    async def latest(
        self, content_type: ContentTypePath, reference_id: UUID, resources: AppResources
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id)
        )

    @get(
        PAGE_PATH.removeprefix("/api/editor") + "/versions/{version:int}",
        summary="One version of a page: rendered, its snapshot and the gate's flags",
        responses=error_responses(400, 401, 403, 404),
    )
    async def version(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        version: int,
        resources: AppResources,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id), version
        )

    @get(
        PAGE_PATH.removeprefix("/api/editor") + "/versions",
        summary="Every version of a page, oldest first",
        responses=error_responses(400, 401, 403, 404),
    )
    async def versions(
        self, content_type: ContentTypePath, reference_id: UUID, resources: AppResources
    ) -> VersionList:
        kind = content_type_of(content_type)
        with service_errors():
            docs = await review.list_versions(resources.mongo, kind, str(reference_id))
            if not docs:
                raise review.ContentNotFound(str(reference_id))
        items = sorted((views.item(d) for d in docs), key=lambda v: v.version)
        return VersionList(kind.value, str(reference_id), items)

    @get(
        PAGE_PATH.removeprefix("/api/editor") + "/diff",
        summary="What changed between two versions (fields, and the text as readable prose)",
        responses=error_responses(400, 401, 403, 404, 422),
    )
    async def diff(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        resources: AppResources,
        a: Annotated[int, Parameter(ge=1, description="The earlier version")],
        b: Annotated[int, Parameter(ge=1, description="The later version")],
    ) -> VersionDiff:
        kind = content_type_of(content_type)
        if a == b:
            raise InvalidInput("Choose two different versions to compare.", field="b")
        ref = str(reference_id)
        with service_errors():
            before = await review.get_version(resources.mongo, kind, ref, a)
            after = await review.get_version(resources.mongo, kind, ref, b)
        return views.diff(kind.value, ref, a, b, review.diff_versions(before, after))

    @get(
        PAGE_PATH.removeprefix("/api/editor") + "/history",
        summary="Who did what to a page, oldest first (every version's events)",
        responses=error_responses(400, 401, 403, 404),
    )
    async def history(
        self, content_type: ContentTypePath, reference_id: UUID, resources: AppResources
    ) -> History:
        kind = content_type_of(content_type)
        with service_errors():
            found = await review.history(resources.mongo, kind, str(reference_id))
            if not found:  # every version starts with an event: none means no such page
                raise review.ContentNotFound(str(reference_id))
        names = await staff_names(resources.session_factory)
        return History(kind.value, str(reference_id), views.history_events(found, names))
