"""The words of a draft as a reader sees them: blocks and sentences, without Markdown
syntax or link targets (a job id in a URL is not a number the page states)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark").enable("table")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9$])")
_TAG = re.compile(r"<[^>]+>")


def blocks(markdown: str) -> list[str]:
    """Text of each paragraph, heading, list item and table cell, in order."""
    out: list[str] = []
    for token in _MARKDOWN.parse(markdown or ""):
        if token.type != "inline":
            continue
        parts = [
            child.content for child in token.children or [] if child.type in {"text", "code_inline"}
        ]
        text = " ".join(" ".join(parts).split())
        if text:
            out.append(text)
        elif token.content.strip():
            out.append(_TAG.sub(" ", token.content).strip())
    return out


def sentences(markdown: str) -> list[str]:
    return [s for block in blocks(markdown) for s in _SENTENCE_END.split(block) if s.strip()]


def plain_text(markdown: str) -> str:
    """Blocks as sentences (a heading or list item without a full stop gets one, so the
    readability formula does not read a whole list as one endless sentence)."""
    return " ".join(b if b[-1:] in ".!?:" else b + "." for b in blocks(markdown))
