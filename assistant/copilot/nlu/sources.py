"""Where applications and candidates came from: "applications from Indeed", "candidates
who came through Facebook".

The metrics have no filter for a source, but they break down by one (``source`` for
applications, ``referral_source`` for candidates), so a question naming a source is
answered with that row of the breakdown (:attr:`~.reading.Ask.pick`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Final

from data_layer.master import catalog as md

__all__ = ["APPLICATION_SOURCES", "find_source"]

APPLICATION_SOURCES: Final[Mapping[str, str]] = {
    "website": "website", "web": "website", "site": "website", "career site": "website",
    "careers page": "website", "our site": "website", "chat": "chat_assistant",
    "chatbot": "chat_assistant", "chat bot": "chat_assistant", "bot": "chat_assistant",
    "chat assistant": "chat_assistant", "assistant": "chat_assistant", "ai": "chat_assistant",
    "the chat": "chat_assistant", "widget": "chat_assistant", "indeed": "indeed",
    "linkedin": "linkedin", "linked in": "linkedin", "email": "email_campaign",
    "emails": "email_campaign", "email campaign": "email_campaign",
    "email campaigns": "email_campaign", "mobile": "mobile_app", "mobile app": "mobile_app",
    "app": "mobile_app", "the app": "mobile_app", "referral": "referral",
    "referrals": "referral", "share link": "recruiter_share", "share links": "recruiter_share",
    "my links": "recruiter_share", "recruiter share": "recruiter_share",
    "shared links": "recruiter_share",
}  # fmt: skip
"""Words -> ``applications.source`` values."""

_SOURCE_CONTEXT = r"(?:from|via|through|thru|on|off|out of|by way of|source(?:d)? (?:from|is|was)?)"


@cache
def _referral_source_terms() -> dict[str, str]:
    terms: dict[str, str] = {}
    for source in md.referral_sources():
        name = source.name
        low = md.normalize_term(name)
        terms[low] = name
        terms[low + "s"] = name
        first = low.split()[0]
        if first not in ("other", "call", "text", "email", "job", "employee", "candidate"):
            terms.setdefault(first, name)
    terms.update(
        {
            "fb": "Facebook",
            "ig": "Instagram",
            "insta": "Instagram",
            "google": "Google Search",
            "zip": "ZipRecruiter",
            "zip recruiter": "ZipRecruiter",
            "vivian": "Vivian Health",
            "career fair": "Job Fair",
            "job fairs": "Job Fair",
            "chat": "Chat Assistant",
            "chatbot": "Chat Assistant",
            "share link": "Recruiter Share Link",
            "share links": "Recruiter Share Link",
            "website": "Website",
        }
    )
    return terms


def _find(norm: str, table: Mapping[str, str]) -> tuple[str, str] | None:
    for term in sorted(table, key=len, reverse=True):
        if re.search(rf"\b{_SOURCE_CONTEXT}\s+(?:the\s+|our\s+|my\s+)?{re.escape(term)}\b", norm):
            return table[term], term
    return None


def find_source(norm: str, metric: str) -> tuple[str, tuple[str, ...], frozenset[str]] | None:
    """(dimension, labels, the words naming it) for a source the question narrows to."""
    if metric in ("applications", "placements", "candidates_applied", "interviews"):
        found = _find(norm, APPLICATION_SOURCES)
        if found:
            return "source", (found[0],), frozenset(found[1].split())
    if metric == "candidates":
        named = _find(norm, _referral_source_terms())
        if named:
            return "referral_source", (named[0],), frozenset(named[1].split())
    return None
