"""Comparing two versions of a page: the page/SEO fields that changed and the prose.

Prose is compared sentence by sentence (difflib over sentences, paragraphs kept apart),
so an editor sees "this sentence changed" rather than a wall of changed lines; a
replaced sentence is then compared word by word for the readable HTML view.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import Any

DIFF_FIELDS = ("title", "slug", "seo_title", "seo_description", "seo_keywords", "excerpt")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[*_]?[A-Z0-9$])")
PARAGRAPH = "\n\n"


def units(markdown: str) -> list[str]:
    """Sentences of the text, with a paragraph marker between paragraphs (and list items)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", (markdown or "").strip()):
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            out.extend(s for s in _SENTENCE_END.split(line) if s)
            out.append("\n")
        if out and out[-1] == "\n":
            out[-1] = PARAGRAPH
    while out and out[-1] in {PARAGRAPH, "\n"}:
        out.pop()
    return out


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if part in {PARAGRAPH, "\n"}:
            text += part
        else:
            text += ("" if not text or text.endswith("\n") else " ") + part
    return text


def _words_html(before: str, after: str) -> str:
    a, b = before.split(" "), after.split(" ")
    pieces: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(html.escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            pieces.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(pieces)


def _html(body: list[dict[str, Any]]) -> str:
    """Paragraphs of the new text, with deletions struck and insertions marked."""
    paragraphs: list[list[str]] = [[]]
    for chunk in body:
        before, after = chunk["before"], chunk["after"]
        if chunk["op"] == "equal":
            text = before
        elif chunk["op"] == "replace" and PARAGRAPH not in before + after:
            text = None
            paragraphs[-1].append(_words_html(before.replace("\n", " "), after.replace("\n", " ")))
        else:
            text = None
            if before.strip():
                paragraphs[-1].append(f"<del>{html.escape(before.strip())}</del>")
            if after.strip():
                paragraphs[-1].append(f"<ins>{html.escape(after.strip())}</ins>")
        if text is not None:
            pieces = text.split(PARAGRAPH)
            for index, piece in enumerate(pieces):
                if index:
                    paragraphs.append([])
                if piece.strip():
                    paragraphs[-1].append(html.escape(" ".join(piece.split())))
    return "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p)


def diff_versions(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What changed from version ``a`` to version ``b`` (either order works)."""
    page_a, page_b = a.get("page") or {}, b.get("page") or {}
    fields = [
        {"field": name, "before": page_a.get(name), "after": page_b.get(name)}
        for name in DIFF_FIELDS
        if (page_a.get(name) or None) != (page_b.get(name) or None)
    ]
    units_a = units(a.get("generated_content") or "")
    units_b = units(b.get("generated_content") or "")
    body: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(None, units_a, units_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        body.append({"op": op, "before": _join(units_a[i1:i2]), "after": _join(units_b[j1:j2])})
    return {
        "from_version": a.get("version"),
        "to_version": b.get("version"),
        "fields": fields,
        "body": body,
        "html": _html(body),
    }
