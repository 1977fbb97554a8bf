"""The recruiter console: ``GET /recruiter`` (and its sign-in page and script).

* ``/recruiter`` - a recruiter's or admin's console (Ask | Inbox | Share links); anyone not
  signed in is sent to ``/recruiter/sign-in``, a signed-in account without the role gets a
  403 page saying so;
* ``/recruiter/sign-in`` - email and password, through ``POST /api/auth/login``;
* ``/recruiter.js`` - the script of both (:file:`assistant/web/recruiter.js`).

The pages are shells with no data in them: the script asks the API, which checks the
login and the role on every call.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, Response, get
from litestar.response import Redirect

from assistant.web import recruiter_page, templates
from assistant.web.widget import script_asset, script_response
from data_layer.accounts.sessions import SessionUser

CONSOLE_SCRIPT = Path(__file__).resolve().parent.parent / "web" / "recruiter.js"
CONSOLE_PATH = "/recruiter"
SIGN_IN_PATH = "/recruiter/sign-in"
STAFF = ("recruiter", "admin")


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


class RecruiterConsoleController(Controller):
    include_in_schema = False

    @get(CONSOLE_PATH, name="recruiter:console")
    async def console(
        self, request: Request, current_user: SessionUser | None
    ) -> Response[str] | Redirect:
        if current_user is None:
            return Redirect(SIGN_IN_PATH, status_code=303)
        if not current_user.has_role(*STAFF):
            return _html(request, recruiter_page.not_for_you(), 403)
        name = " ".join(p for p in (current_user.first_name, current_user.last_name) if p)
        return _html(
            request,
            recruiter_page.console(
                name=name, email=current_user.email, is_admin=current_user.has_role("admin")
            ),
        )

    @get(SIGN_IN_PATH, name="recruiter:sign-in")
    async def sign_in(
        self, request: Request, current_user: SessionUser | None
    ) -> Response[str] | Redirect:
        if current_user is not None and current_user.has_role(*STAFF):
            return Redirect(CONSOLE_PATH, status_code=303)
        return _html(request, recruiter_page.sign_in())

    @get("/recruiter.js", name="recruiter:script")
    async def script(self, request: Request) -> Response[bytes]:
        return script_response(request, script_asset(CONSOLE_SCRIPT), resource_policy="same-origin")
