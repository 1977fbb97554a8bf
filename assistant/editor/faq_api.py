"""New FAQ articles on the desk (``POST /api/editor/faq-articles``, editors and admins).

FAQ articles state the agency's policies (pay packages, housing, benefits, referral
rules, licensure...), so no drafting worker or model writes them: an editor creates one
here (version 1, a draft the gate has checked), then it is edited, approved and
unpublished like every page through ``/api/editor/pages/faq_article/{id}/...``.
Approval publishes it at ``/faq/{slug}`` and embeds its passages for the chat.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, post
from litestar.datastructures import CacheControlHeader
from litestar.params import Body

from assistant.editor import checks
from assistant.editor.access import EDITORS_ONLY, editor_id
from assistant.editor.lookup import service_errors, version_detail
from assistant.editor.schemas import NewFaqArticle, VersionDetail
from assistant.errors import InvalidInput, error_responses
from assistant.resources import AppResources
from data_layer.accounts.sessions import SessionUser
from data_layer.content import review
from data_layer.content.kinds import ContentType, slug

FAQ_LANGUAGES = ("en", "es")


class EditorFaqController(Controller):
    path = "/api/editor"
    guards = [EDITORS_ONLY]
    cache_control = CacheControlHeader(no_store=True)
    tags = ["editor"]

    @post(
        "/faq-articles",
        status_code=201,
        summary="Write a new FAQ article (version 1, waiting for review)",
        responses=error_responses(400, 401, 403, 409, 413, 422),
        request_max_body_size=512 * 1024,
    )
    async def create(
        self,
        data: Annotated[NewFaqArticle, Body()],
        resources: AppResources,
        current_user: SessionUser | None,
    ) -> VersionDetail:
        me = editor_id(current_user)
        language = data.language.strip().lower()
        if language not in FAQ_LANGUAGES:
            raise InvalidInput("Choose the article's language: en or es.", field="language")
        if not slug(data.article_key):
            raise InvalidInput(
                "Give the article a key its translations share (e.g. pay-packages).",
                field="article_key",
            )
        topic = (data.topic or "").strip().lower() or None
        if topic is not None and not review.FAQ_TOPIC.fullmatch(topic):
            raise InvalidInput(
                "A topic is lowercase letters, digits and underscores (e.g. pay_package).",
                field="topic",
            )
        markdown = checks.markdown(data.markdown)
        fields = checks.page_fields(data.page)
        if not fields.get("title"):
            raise InvalidInput("The article needs a title.", field="page.title")
        with service_errors():
            doc = await review.create_faq_article(
                resources.mongo,
                resources.session_factory,
                language=language,
                article_key=data.article_key,
                markdown=markdown,
                page_fields=fields,
                topic=topic,
                editor_id=me,
            )
        return await version_detail(
            resources.mongo,
            resources.session_factory,
            ContentType.FAQ_ARTICLE,
            str(doc["reference_id"]),
            doc=doc,
        )
