"""The quality gate every draft passes through before an editor sees it.

Checks, each a small module: grounding (every figure against the snapshot), near-
duplicates of published pages (MinHash/LSH), readability, length and vocabulary
(textstat), SEO fields, and sanitisation (markup the allow-list removes). Errors block
approval until resolved (a new version passes) or overridden with a note
(:func:`data_layer.content.review.approve`); warnings inform.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from config.settings import get_settings
from data_layer.content.gate.flags import Flag, error
from data_layer.content.gate.grounding import check_grounding
from data_layer.content.gate.markup import check_markup
from data_layer.content.gate.readability import text_scores
from data_layer.content.gate.seo import check_seo
from data_layer.content.gate.similarity import nearest_published, signature, to_list
from data_layer.content.gate.text import plain_text, sentences
from data_layer.content.kinds import ContentType
from data_layer.content.store import utcnow

__all__ = ["Flag", "GateResult", "evaluate", "open_flags", "run_gate", "summarise"]

GateResult = tuple[dict[str, Any], list[int]]
"""(the gate document stored on the version, the text's MinHash signature)."""


def evaluate(
    markdown: str,
    page: Mapping[str, Any],
    snapshot: Mapping[str, Any],
    *,
    content_type: str,
) -> tuple[list[Flag], dict[str, Any]]:
    """The checks that need nothing but the draft: (flags, scores)."""
    scores, flags = text_scores(plain_text(markdown), content_type)
    grounding, ungrounded = check_grounding(sentences(markdown), snapshot)
    if content_type == ContentType.FAQ_ARTICLE:
        # An FAQ article states the agency's policy in its editors' words: there is no
        # snapshot its figures could come from, and the editor is their source.
        grounding, ungrounded = {**grounding, "ungrounded": 0, "not_checked": "policy"}, []
    scores["grounding"] = grounding
    return [*ungrounded, *check_markup(markdown), *check_seo(page), *flags], scores


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
    db: AsyncDatabase,
    *,
    content_type: str,
    reference_id: str,
    markdown: str,
    page: Mapping[str, Any],
    snapshot: Mapping[str, Any],
) -> GateResult:
    """Every check, including near-duplicates of the published pages in ``db``."""
    flags, scores = evaluate(markdown, page, snapshot, content_type=content_type)
    minhash = signature(plain_text(markdown))
    threshold = get_settings().content_similarity_threshold
    similarity, similar_key, similar_title = await nearest_published(
        db, minhash, own_key=f"{content_type}:{reference_id}", threshold=threshold
    )
    scores["max_similarity"] = round(similarity, 3)
    if similar_key is not None:
        scores["most_similar"] = {"page": similar_key, "title": similar_title}
    if similarity >= threshold:
        flags.append(
            error(
                "near_duplicate",
                f"{similarity:.0%} similar to the published page '{similar_title}': "
                "say something this page alone can say",
            )
        )
    return summarise([f.as_doc() for f in flags], scores), to_list(minhash)
