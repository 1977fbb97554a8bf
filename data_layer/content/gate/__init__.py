"""The quality gate every draft passes through before an editor sees it.

Checks: sanitisation (markup the allow-list removes), SEO fields. A draft with error
flags can be edited but not approved until they are resolved (a new version passes)
or overridden with a note (:func:`data_layer.content.review.approve`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from data_layer.content.gate.flags import Flag
from data_layer.content.gate.markup import check_markup
from data_layer.content.gate.seo import check_seo
from data_layer.content.store import utcnow

__all__ = ["Flag", "evaluate", "open_flags", "run_gate", "summarise"]


def evaluate(
    markdown: str,
    page: Mapping[str, Any],
    snapshot: Mapping[str, Any],
    *,
    content_type: str,
) -> dict[str, Any]:
    """The gate's verdict on one draft: ``{passed, checked_at, flags, scores}``."""
    flags: list[Flag] = [*check_markup(markdown), *check_seo(page)]
    return summarise([f.as_doc() for f in flags], scores={})


def open_flags(flags: list[dict[str, Any]], severity: str | None = None) -> list[dict[str, Any]]:
    return [
        f
        for f in flags
        if not f.get("overridden") and (severity is None or f.get("severity") == severity)
    ]


def summarise(flags: list[dict[str, Any]], scores: dict[str, Any]) -> dict[str, Any]:
    return {
        "passed": not open_flags(flags, "error"),
        "checked_at": utcnow(),
        "flags": flags,
        "open_flags": len(open_flags(flags)),
        "open_errors": len(open_flags(flags, "error")),
        "scores": scores,
    }


async def run_gate(
    db: Any,
    *,
    content_type: str,
    reference_id: str,
    markdown: str,
    page: Mapping[str, Any],
    snapshot: Mapping[str, Any],
) -> dict[str, Any]:
    """:func:`evaluate` plus the checks that read the store (published pages)."""
    return evaluate(markdown, page, snapshot, content_type=content_type)
