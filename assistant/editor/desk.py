"""The editors' desk pages: ``GET /editor`` (the queue), ``/editor/pages/{type}/{id}`` (one
page under review), ``/editor/faq/new`` (a new FAQ article), ``/editor/sign-in`` and
``/editor.js``.

Anyone not signed in is sent to the sign-in page; a signed-in account without the
content_editor or admin role gets a 403 page saying so. The pages are shells with no
data in them: the script asks the API, which checks the login and the role on every call.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.response import Redirect

from assistant.editor.access import EDITOR_ROLES
from assistant.web import editor_page, templates
from assistant.web.widget import script_asset, script_response
from data_layer.accounts.sessions import SessionUser
from data_layer.content.kinds import ContentType

DESK_SCRIPT = Path(__file__).resolve().parent.parent / "web" / "editor.js"
DESK_PATH = "/editor"
SIGN_IN_PATH = "/editor/sign-in"


def _html(request: Request, content: str, status_code: int = 200) -> Response[str]:
    origin = f"{request.url.scheme}://{request.url.netloc}"
    return Response(
        content,
        status_code=status_code,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": templates.content_security_policy(origin),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
            "X-Frame-Options": "DENY",
        },
    )


def _who(user: SessionUser) -> str:
    name = " ".join(p for p in (user.first_name, user.last_name) if p)
    return f"{name or user.email}{' (admin)' if user.has_role('admin') else ''}"


class EditorDeskController(Controller):
    include_in_schema = False

    @get(DESK_PATH, name="editor:queue")
    async def queue(
        self, request: Request, current_user: SessionUser | None
    ) -> Response[str] | Redirect:
        if current_user is None:
            return Redirect(SIGN_IN_PATH, status_code=303)
        if not current_user.has_role(*EDITOR_ROLES):
            return _html(request, editor_page.not_for_you(), 403)
        return _html(request, editor_page.queue(who=_who(current_user)))

    @get(DESK_PATH + "/pages/{content_type:str}/{reference_id:uuid}", name="editor:review")
    async def review(
        self,
        request: Request,
        content_type: str,
        reference_id: UUID,
        current_user: SessionUser | None,
    ) -> Response[str] | Redirect:
        if current_user is None:
            return Redirect(SIGN_IN_PATH, status_code=303)
        if not current_user.has_role(*EDITOR_ROLES):
            return _html(request, editor_page.not_for_you(), 403)
        if content_type not in {k.value for k in ContentType}:
            return _html(request, editor_page.not_found(), 404)
        return _html(
            request,
            editor_page.review(
                who=_who(current_user), content_type=content_type, reference_id=str(reference_id)
            ),
        )

    @get(DESK_PATH + "/faq/new", name="editor:new-faq")
    async def new_faq(
        self, request: Request, current_user: SessionUser | None
    ) -> Response[str] | Redirect:
        if current_user is None:
            return Redirect(SIGN_IN_PATH, status_code=303)
        if not current_user.has_role(*EDITOR_ROLES):
            return _html(request, editor_page.not_for_you(), 403)
        return _html(request, editor_page.new_faq(who=_who(current_user)))

    @get(SIGN_IN_PATH, name="editor:sign-in")
    async def sign_in(
        self, request: Request, current_user: SessionUser | None
    ) -> Response[str] | Redirect:
        if current_user is not None and current_user.has_role(*EDITOR_ROLES):
            return Redirect(DESK_PATH, status_code=303)
        return _html(request, editor_page.sign_in())

    @get("/editor.js", name="editor:script")
    async def script(self, request: Request) -> Response[bytes]:
        return script_response(request, script_asset(DESK_SCRIPT), resource_policy="same-origin")
