"""What the desk's handlers share: the page named by the path, the service's errors as HTTP
errors, and a version read with everything its view needs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any

from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import async_sessionmaker

from assistant.editor import views
from assistant.editor.access import staff_names
from assistant.editor.schemas import VersionDetail
from assistant.errors import Conflict
from data_layer.content import review
from data_layer.content.kinds import ContentType

NO_SUCH_PAGE = "No such page or version on the desk."
ContentTypePath = Annotated[
    str,
    Parameter(description="The page's type: " + ", ".join(k.value for k in ContentType)),
]
PAGE_PATH = "/api/editor/pages/{content_type:str}/{reference_id:uuid}"


def content_type_of(value: str) -> ContentType:
    """The path's content type; an unknown one names no page (404, like an unknown id)."""
    try:
        return ContentType(value)
    except ValueError:
        raise NotFoundException(detail=NO_SUCH_PAGE) from None


@contextmanager
def service_errors() -> Iterator[None]:
    """The service's refusals in the API's one error shape: 404 unknown, 409 refused."""
    try:
        yield
    except review.ContentNotFound:
        raise NotFoundException(detail=NO_SUCH_PAGE) from None
    except review.ReviewRefused as exc:
        # The service's message is written for the editor ("unresolved error flags...").
        raise Conflict(detail=str(exc) or "Refused.", extra={"code": "review_refused"}) from None


async def version_detail(
    db: Any,
    session_factory: async_sessionmaker,
    content_type: ContentType,
    reference_id: str,
    version: int | None = None,
    *,
    doc: Mapping[str, Any] | None = None,
) -> VersionDetail:
    """One version as the desk shows it (``doc``: already in hand, e.g. an action's result)."""
    with service_errors():
        versions = await review.list_versions(db, content_type, reference_id)
        if doc is None:
            doc = await review.get_version(db, content_type, reference_id, version)
    names = await staff_names(session_factory)
    return views.detail(doc, versions, names)
