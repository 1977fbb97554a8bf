"""The pages the account e-mails link to (/account/verify, /account/password) and /account.js.

Served by the real app (Litestar's test client): the career site's strict CSP, no inline
script or handler (the CSP would block it), every form hidden until the script shows it,
and the script served like the widget (gzip, ETag, cache).
"""

from __future__ import annotations

import gzip
import re

import pytest

from assistant.web.account_pages import ACCOUNT_SCRIPT
from config.settings import Settings
from tests.integration.chat_helpers import chat_app


@pytest.fixture
def site_settings(test_settings: Settings) -> Settings:
    return test_settings.model_copy(
        update={"public_base_url": "https://careers.example.com", "warm_embeddings": False}
    )


def _assert_no_inline_script(page: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert re.search(r'\bsrc="/[^"]+"', tag), tag  # only scripts from files
    for inline in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S):
        assert inline.strip() == "", inline
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handler"
    assert "javascript:" not in page


@pytest.mark.parametrize(
    ("path", "kind", "forms"),
    [
        ("/account/verify", "verify", ["password-form"]),
        ("/account/password", "password", ["password-form", "forgot-form"]),
    ],
)
async def test_account_pages_keep_the_strict_csp_and_load_their_script(
    site_settings: Settings, path: str, kind: str, forms: list[str]
) -> None:
    async with chat_app(site_settings) as client:
        response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "no-store" in response.headers["cache-control"]
    page = response.text
    _assert_no_inline_script(page)
    assert '<script src="/account.js" defer></script>' in page
    assert f'data-account-page="{kind}"' in page
    assert '<meta name="robots" content="noindex">' in page
    # One live message the script fills and moves the focus to.
    assert re.search(r'id="account-message"[^>]*role="status"[^>]*aria-live="polite"', page)
    for form in forms:
        tag = re.search(rf'<form id="{form}"[^>]*>', page)
        assert tag and " hidden" in tag.group(0), form  # shown by the script, never before
    # Every field has its label and a place for its error right next to it.
    for field_id in re.findall(r'<input id="([^"]+)"', page):
        assert f'<label for="{field_id}">' in page, field_id
        assert f'id="{field_id}-error"' in page, field_id
    assert f"At least {site_settings.password_min_length} characters" in page
    assert "<noscript>" in page


async def test_account_script_is_served_like_the_widget(site_settings: Settings) -> None:
    source = ACCOUNT_SCRIPT.read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, sink
    for endpoint in (
        "/api/auth/verify",
        "/api/auth/password/reset",
        "/api/auth/password/forgot",
    ):
        assert endpoint in source, endpoint
    assert 'credentials: "same-origin"' in source and "history.replaceState" in source
    async with chat_app(site_settings) as client:
        plain = await client.get("/account.js", headers={"accept-encoding": "identity"})
        packed = await client.get("/account.js", headers={"accept-encoding": "gzip"})
        again = await client.get("/account.js", headers={"if-none-match": plain.headers["etag"]})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("text/javascript")
    assert plain.content == source.encode()
    assert plain.headers["x-content-type-options"] == "nosniff"
    assert plain.headers["cross-origin-resource-policy"] == "same-origin"
    assert "max-age" in plain.headers["cache-control"]
    assert packed.headers.get("content-encoding") == "gzip"
    assert packed.content == source.encode()  # decoded by the client
    assert len(gzip.compress(source.encode(), 9)) < 10 * 1024
    assert again.status_code == 304
