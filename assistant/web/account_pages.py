"""The pages the account e-mails link to, and their script.

* ``GET /account/verify`` - confirm an address (``#token=`` from the sign-up mail);
  asks for a password when this browser did not register with one;
* ``GET /account/password`` - with ``#token=`` (a reset or set-password mail): choose
  a new password; without: "forgot your password?" (mails a reset link);
* ``GET /account.js`` - the script of both (:file:`account.js`).

The token travels in the fragment (:mod:`data_layer.accounts.links`), which the
server never sees: the HTML is the same for everyone, every form starts hidden,
and the script reads the token, removes it from the address bar and talks to
``/api/auth`` (:mod:`assistant.auth.recovery`). The pages keep the career site's
strict CSP (``script-src 'self'``): no inline script, no inline handler.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Controller, Request, Response, get

from assistant.web import templates
from assistant.web.format import esc
from assistant.web.widget import script_asset, script_response
from config.settings import Settings
from data_layer.accounts.links import PASSWORD_PAGE, VERIFY_PAGE

ACCOUNT_SCRIPT = Path(__file__).with_name("account.js")
HEAD = '<meta name="robots" content="noindex"><script src="/account.js" defer></script>'


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def _page(request: Request, *, title: str, body: str) -> Response[str]:
    content = templates.page(
        title=f"{title} | {templates.COMPANY}",
        description=title,
        body=body,
        api_origin=_origin(request),
        head_extra=HEAD,
    )
    return Response(
        content,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": templates.content_security_policy(_origin(request)),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )


def _shell(kind: str, crumb: str, heading: str, forms: str) -> str:
    """The card every account page shows: a heading, the live message, the forms."""
    return f"""
<div class="wrap"><p class="crumbs"><a href="/">Home</a> &rsaquo; {esc(crumb)}</p>
<section class="account" data-account-page="{esc(kind)}" aria-labelledby="account-title">
<h1 id="account-title">{esc(heading)}</h1>
<div id="account-message" class="account-message" role="status" aria-live="polite"
tabindex="-1"></div>
<noscript><p class="account-message error">This page needs JavaScript to work. Please turn it
on and open the link from your email again.</p></noscript>
{forms}
</section></div>"""


def _password_form(settings: Settings, submit: str) -> str:
    minimum = settings.password_min_length
    return f"""<form id="password-form" class="account-form" hidden novalidate
aria-label="Choose a password">
<div class="field"><label for="new-password">New password</label>
<input id="new-password" name="password" type="password" autocomplete="new-password"
required maxlength="256" aria-describedby="new-password-hint new-password-error">
<p class="hint" id="new-password-hint">At least {minimum} characters. A few unrelated words
are easy to remember and hard to guess.</p>
<p class="field-error" id="new-password-error"></p></div>
<div class="field"><label for="confirm-password">Confirm new password</label>
<input id="confirm-password" name="confirm" type="password" autocomplete="new-password"
required maxlength="256" aria-describedby="confirm-password-error">
<p class="field-error" id="confirm-password-error"></p></div>
<button class="btn" type="submit">{esc(submit)}</button>
</form>"""


FORGOT_FORM = """<form id="forgot-form" class="account-form" hidden novalidate
aria-label="Forgot password">
<p>Enter the email address of your account and we'll send you a link to choose a new
password.</p>
<div class="field"><label for="forgot-email">Email</label>
<input id="forgot-email" name="email" type="email" autocomplete="email" required
maxlength="320" aria-describedby="forgot-email-error">
<p class="field-error" id="forgot-email-error"></p></div>
<button class="btn" type="submit">Email me a link</button>
</form>"""


class AccountPagesController(Controller):
    include_in_schema = False

    @get(VERIFY_PAGE, name="account:verify")
    async def verify(self, request: Request, settings: Settings) -> Response[str]:
        body = _shell(
            "verify",
            "Confirm your email",
            "Confirm your email",
            _password_form(settings, "Save password and confirm"),
        )
        return _page(request, title="Confirm your email", body=body)

    @get(PASSWORD_PAGE, name="account:password")
    async def password(self, request: Request, settings: Settings) -> Response[str]:
        body = _shell(
            "password",
            "Password",
            "Your password",
            _password_form(settings, "Save new password") + FORGOT_FORM,
        )
        return _page(request, title="Your password", body=body)

    @get("/account.js", name="account:script")
    async def script(self, request: Request) -> Response[bytes]:
        return script_response(request, script_asset(ACCOUNT_SCRIPT), resource_policy="same-origin")
