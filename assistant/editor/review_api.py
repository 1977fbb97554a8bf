"""The desk's acting side (``POST /api/editor/pages/{type}/{id}/...``, editors and admins).

* ``/versions/{n}/edit`` - an edit of the latest version n (Markdown and page/SEO fields)
  becomes version n+1, gate re-run (an older n is refused, 409: nobody's newer work is
  overwritten unseen);
* ``/versions/{n}/approve`` - publish now, or at ``publish_at``; refused (409) while error
  flags are unresolved unless an ``override_note`` says why;
* ``/versions/{n}/schedule`` - approve for a future time (required);
* ``/versions/{n}/request-changes``, ``/versions/{n}/reject`` - a note is required;
* ``/unpublish`` - take the live page down.

The reviewer recorded is the login session's user (:func:`editor_id`); no body field can
name another. State changes refused by the service are 409 with its message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from litestar import Controller, post
from litestar.datastructures import CacheControlHeader
from litestar.params import Body

from assistant.editor import checks
from assistant.editor.access import EDITORS_ONLY, editor_id
from assistant.editor.lookup import (
    PAGE_PATH,
    ContentTypePath,
    content_type_of,
    service_errors,
    version_detail,
)
from assistant.editor.schemas import (
    ApproveBody,
    EditBody,
    NoteBody,
    ScheduleBody,
    UnpublishBody,
    VersionDetail,
)
from assistant.errors import error_responses
from assistant.resources import AppResources
from data_layer.accounts.sessions import SessionUser
from data_layer.content import review
from data_layer.content.kinds import ContentType

VERSION_PATH = PAGE_PATH + "/versions/{version:int}"
ACTION_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 422)


class EditorReviewController(Controller):
    guards = [EDITORS_ONLY]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["editor"]

    @post(
        VERSION_PATH + "/edit",
        status_code=201,
        summary="Edit the latest version: its Markdown and page/SEO fields become a new version",
        responses=ACTION_ERRORS,
        request_max_body_size=512 * 1024,
    )
    async def edit(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        version: int,
        data: Annotated[EditBody, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        me = editor_id(current_user)
        markdown = checks.markdown(data.markdown)
        fields = checks.page_fields(data.page)
        with service_errors():
            doc = await review.edit(
                resources.mongo,
                kind,
                str(reference_id),
                base_version=version,
                markdown=markdown,
                page_fields=fields,
                editor_id=me,
            )
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id), doc=doc
        )

    @post(
        VERSION_PATH + "/approve",
        status_code=200,
        summary="Approve a version: publish now, or at publish_at (scheduled)",
        responses=ACTION_ERRORS,
    )
    async def approve(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        version: int,
        data: Annotated[ApproveBody, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        publish_at = checks.aware(data.publish_at)
        note = checks.optional_note(data.override_note, "override_note")
        return await self._approve(
            resources, kind, reference_id, version, current_user, publish_at, note
        )

    @post(
        VERSION_PATH + "/schedule",
        status_code=200,
        summary="Approve a version for publication at a future time",
        responses=ACTION_ERRORS,
    )
    async def schedule(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        version: int,
        data: Annotated[ScheduleBody, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        publish_at = checks.aware(data.publish_at)
        assert publish_at is not None  # required by ScheduleBody
        checks.future(publish_at, dt.datetime.now(dt.UTC))
        note = checks.optional_note(data.override_note, "override_note")
        return await self._approve(
            resources, kind, reference_id, version, current_user, publish_at, note
        )

    async def _approve(
        self,
        resources: AppResources,
        kind: ContentType,
        reference_id: UUID,
        version: int,
        user: SessionUser | None,
        publish_at: dt.datetime | None,
        override_note: str | None,
    ) -> VersionDetail:
        me = editor_id(user)
        with service_errors():
            doc = await review.approve(
                resources.mongo,
                resources.session_factory,
                kind,
                str(reference_id),
                version,
                reviewer_id=me,
                publish_at=publish_at,
                override_note=override_note,
            )
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id), doc=doc
        )

    @post(
        VERSION_PATH + "/request-changes",
        status_code=200,
        summary="Send a version back with a note saying what to change",
        responses=ACTION_ERRORS,
    )
    async def request_changes(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        version: int,
        data: Annotated[NoteBody, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        note = checks.required_note(data.note, action="request changes")
        me = editor_id(current_user)
        with service_errors():
            doc = await review.request_changes(
                resources.mongo, kind, str(reference_id), version, reviewer_id=me, note=note
            )
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id), doc=doc
        )

    @post(
        VERSION_PATH + "/reject",
        status_code=200,
        summary="Reject a version, with a note saying why",
        responses=ACTION_ERRORS,
    )
    async def reject(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        version: int,
        data: Annotated[NoteBody, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        note = checks.required_note(data.note, action="reject")
        me = editor_id(current_user)
        with service_errors():
            doc = await review.reject(
                resources.mongo, kind, str(reference_id), version, reviewer_id=me, note=note
            )
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id), doc=doc
        )

    @post(
        PAGE_PATH + "/unpublish",
        status_code=200,
        summary="Take the live page down (blog posts archived, other pages removed)",
        responses=ACTION_ERRORS,
    )
    async def unpublish(
        self,
        content_type: ContentTypePath,
        reference_id: UUID,
        resources: AppResources,
        current_user: SessionUser | None,
        data: Annotated[UnpublishBody | None, Body()] = None,
    ) -> VersionDetail:
        kind = content_type_of(content_type)
        note = checks.optional_note(data.note if data else None, "note")
        me = editor_id(current_user)
        with service_errors():
            doc = await review.unpublish(
                resources.mongo,
                resources.session_factory,
                kind,
                str(reference_id),
                reviewer_id=me,
                note=note,
            )
        return await version_detail(
            resources.mongo, resources.session_factory, kind, str(reference_id), doc=doc
        )
