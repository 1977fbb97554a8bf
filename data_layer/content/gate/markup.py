"""Sanitisation check: anything the allow-list removes from the draft is an error flag.

The page is rendered through the allow-list whatever happens; the flag tells the editor
that the author (usually the model) tried to put markup or foreign links on the page.
"""

from __future__ import annotations

from data_layer.content.gate.flags import Flag, error, warning
from data_layer.content.rendering import markup_issues


def check_markup(markdown: str) -> list[Flag]:
    flags: list[Flag] = []
    for issue in markup_issues(markdown):
        if issue.kind == "link":
            flags.append(
                error("link_removed", f"link not allowed, removed: {issue.detail or '(empty)'}")
            )
        elif issue.kind == "image":
            flags.append(warning("image_removed", f"images are not shown: {issue.detail}"))
        else:
            flags.append(error("html_removed", f"markup not allowed, removed: {issue.detail}"))
    return flags
