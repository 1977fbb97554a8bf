"""Markdown -> sanitised HTML: the ONLY place HTML is made from content.

Drafts are Markdown (the writer's, the model's or an editor's). Public pages, the
editors' desk and publishing all call :func:`render_markdown`, so one allow-list decides
what a page may contain: paragraphs, h2-h4, lists, emphasis, simple tables and links to
our own relative URLs (or an allow-listed host from ``CONTENT_LINK_HOSTS`` / the public
site's own host). No script, style, event handlers, iframes or images.

:func:`markup_issues` reports what the sanitiser would remove from a draft's raw HTML
and links, so the quality gate can flag a model that tried to smuggle markup in (the
removal itself happens regardless).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from config.settings import get_settings

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "br",
        "hr",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}}
# A heading level 1 belongs to the page template (its title): body headings start at h2.
_H1 = re.compile(r"<(/?)h1>")

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _hosts(link_hosts: Iterable[str] | None) -> frozenset[str]:
    if link_hosts is not None:
        return frozenset(h.strip().lower() for h in link_hosts if h.strip())
    settings = get_settings()
    own = urlsplit(settings.public_base_url).hostname or ""
    return frozenset({own.lower(), *(h.strip().lower() for h in settings.content_link_hosts)}) - {
        ""
    }


def link_allowed(href: str, hosts: frozenset[str]) -> bool:
    """Our own relative URLs (``/jobs/...``, ``#part``) or https/http to an allowed host."""
    href = href.strip()
    if href.startswith("#") or (href.startswith("/") and not href.startswith("//")):
        return "\\" not in href
    parts = urlsplit(href)
    return parts.scheme in {"http", "https"} and (parts.hostname or "").lower() in hosts


@lru_cache(maxsize=16)
def _cleaner(hosts: frozenset[str]) -> nh3.Cleaner:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href" and not link_allowed(value, hosts):
            return None
        return value

    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"script", "style"},
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
    )


def sanitise_html(html: str, *, link_hosts: Iterable[str] | None = None) -> str:
    """Any HTML through the allow-list (used for diffs and anything not from Markdown)."""
    return _cleaner(_hosts(link_hosts)).clean(_H1.sub(r"<\1h2>", html))


def render_markdown(md: str, *, link_hosts: Iterable[str] | None = None) -> str:
    """Markdown -> HTML that is safe to print on a public page as is."""
    return sanitise_html(_MARKDOWN.render(md or ""), link_hosts=link_hosts)


@dataclass(frozen=True, slots=True)
class MarkupIssue:
    kind: str
    """``tag`` | ``attribute`` | ``link`` | ``image``"""
    detail: str
    """What was removed, e.g. ``<script>``, ``onerror=``, ``https://elsewhere.example``."""


class _RawHTML(HTMLParser):
    """Collects the tags/attributes of raw HTML a draft carries that the allow-list drops."""

    def __init__(self, hosts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.hosts = hosts
        self.issues: list[MarkupIssue] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag not in ALLOWED_TAGS and tag != "h1":
            self.issues.append(MarkupIssue("tag", f"<{tag}>"))
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            name = name.lower()
            if name not in allowed:
                self.issues.append(MarkupIssue("attribute", f"{name}="))
            elif name == "href" and not link_allowed(value or "", self.hosts):
                self.issues.append(MarkupIssue("link", (value or "")[:200]))

    handle_startendtag = handle_starttag


def _walk(tokens: list[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def markup_issues(md: str, *, link_hosts: Iterable[str] | None = None) -> list[MarkupIssue]:
    """What :func:`render_markdown` removes from ``md``: raw tags and attributes outside
    the allow-list, links to hosts not allowed, images. Markdown's own output (e.g. a
    table's alignment) is not reported: only what the author wrote."""
    hosts = _hosts(link_hosts)
    raw = _RawHTML(hosts)
    issues: list[MarkupIssue] = []
    for token in _walk(_MARKDOWN.parse(md or "")):
        if token.type in {"html_block", "html_inline"}:
            raw.feed(token.content)
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if not link_allowed(href, hosts):
                issues.append(MarkupIssue("link", href[:200]))
        elif token.type == "image":
            issues.append(MarkupIssue("image", str(token.attrGet("src") or "")[:200]))
    raw.close()
    return issues + raw.issues
