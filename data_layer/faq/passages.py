"""An FAQ article's passages: cut from the approved Markdown, embedded, stored in pgvector.

A passage is what the chat quotes: the article's introduction (position 0, headed by the
title), then one passage per ``##`` question with its answer, in page order. An answer too
long for the model's window (all-MiniLM-L6-v2 reads 256 word pieces) is cut at paragraph
boundaries, each part under the same question. The text is the editor's Markdown with
links reduced to their words (the chat links the article itself) and lists kept.

:func:`prepare` does the slow part (embedding) before the publishing transaction;
:func:`replace_passages` writes the rows inside it, so the article row and its passages
change together and the chat can never quote a version that is not the live one.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape
from typing import Any
from uuid import UUID

import numpy as np
from markdown_it import MarkdownIt
from markdown_it.token import Token
from slugify import slugify
from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.embeddings.model import TextEncoder, get_embedding_model, text_hash
from data_layer.models import FaqPassage

__all__ = [
    "PassageText",
    "PreparedPassages",
    "anchor_of",
    "anchored_html",
    "prepare",
    "replace_passages",
    "split_passages",
]

MAX_PASSAGE_WORDS = 160
"""Longer answers are cut at paragraphs: the model's window is about 200 words of prose."""

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_SPACES = re.compile(r"[ \t]+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


@dataclass(frozen=True, slots=True)
class PassageText:
    position: int
    heading: str
    text: str
    anchor: str
    """The question's id on the public page (empty for the introduction)."""


@dataclass(frozen=True, slots=True)
class PreparedPassages:
    language: str
    version: int
    passages: list[PassageText]
    vectors: np.ndarray
    model_name: str
    hashes: list[str]


def anchor_of(heading: str) -> str:
    """The id a question heading gets on the public page (the page adds the same ids)."""
    return slugify(heading, max_length=120, word_boundary=True)


def _clean(lines: Sequence[str]) -> str:
    """Markdown of one answer, as quoted: links become their words, blank runs collapse."""
    text = "\n".join(_SPACES.sub(" ", _LINK.sub(r"\1", line)).rstrip() for line in lines)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    # A paragraph of prose wrapped over several lines reads as one line in the chat;
    # list items keep their own lines.
    return "\n\n".join("\n".join(_join_prose(p.splitlines())) for p in paragraphs)


def _join_prose(lines: list[str]) -> list[str]:
    """Lines of one paragraph: wrapped prose (or a wrapped list item) joined, items apart."""
    out: list[str] = []
    for line in lines:
        if out and not _ITEM.match(line):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.strip())
    return out


def _parts(text: str) -> list[str]:
    """``text`` in parts of at most :data:`MAX_PASSAGE_WORDS` words, cut between paragraphs."""
    parts: list[str] = []
    current: list[str] = []
    for paragraph in text.split("\n\n"):
        words = sum(len(p.split()) for p in current)
        if current and words + len(paragraph.split()) > MAX_PASSAGE_WORDS:
            parts.append("\n\n".join(current))
            current = []
        current.append(paragraph)
    if current:
        parts.append("\n\n".join(current))
    return parts


def _heading_text(inline: Token) -> str:
    """A heading's words as a reader sees them (emphasis, code and link markup dropped)."""
    words = [
        child.content if child.type in {"text", "code_inline"} else " "
        for child in inline.children or []
        if child.type in {"text", "code_inline", "softbreak", "hardbreak"}
    ]
    return " ".join("".join(words).split())


def _unique(anchor: str, seen: dict[str, int]) -> str:
    """``anchor``, or ``anchor-2``, ``anchor-3``... when a heading repeats on the page."""
    count = seen.get(anchor, 0) + 1
    seen[anchor] = count
    return anchor if count == 1 else f"{anchor}-{count}"


def split_passages(markdown: str, title: str) -> list[PassageText]:
    """The article's passages in page order (see the module doc).

    Sections start at the ``##`` headings CommonMark sees (the same parser renders the
    page, so a ``##`` line inside a code block or an underlined heading counts as the
    page counts it); each heading's anchor is the id :func:`anchored_html` gives it.
    """
    lines = (markdown or "").splitlines()
    tokens = _MARKDOWN.parse(markdown or "")
    # (heading, anchor, first body line, end line) per section; the introduction first.
    bounds: list[tuple[str, str, int]] = [(title.strip(), "", 0)]
    cuts: list[tuple[int, int]] = []
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag != "h2" or token.map is None:
            continue
        heading = _heading_text(tokens[index + 1])
        start, end = token.map
        cuts.append((start, end))
        bounds.append((heading, _unique(anchor_of(heading), seen), end))
    passages: list[PassageText] = []
    for number, (heading, anchor, first) in enumerate(bounds):
        last = cuts[number][0] if number < len(cuts) else len(lines)
        text = _clean(lines[first:last])
        if not text:
            continue
        for part in _parts(text):
            passages.append(PassageText(len(passages), heading or title, part, anchor))
    return passages


_H2 = re.compile(r"<h2>(.*?)</h2>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def anchored_html(html: str) -> str:
    """The sanitised page with an ``id`` on each ``<h2>``: the anchors the passages link to
    (``/faq/slug#anchor``). Ids are slugs (``[a-z0-9-]``), so nothing unsafe is added."""
    seen: dict[str, int] = {}

    def add_id(found: re.Match[str]) -> str:
        words = " ".join(unescape(_TAG.sub("", found.group(1))).split())
        anchor = _unique(anchor_of(words), seen) if words else ""
        if not anchor:
            return found.group(0)
        return f'<h2 id="{anchor}">{found.group(1)}</h2>'

    return _H2.sub(add_id, html)


def embedding_text(title: str, passage: PassageText) -> str:
    """What is embedded: the article's title and the question give the answer its subject."""
    plain = re.sub(r"[*_`>#]", "", passage.text)
    if passage.position == 0 or passage.heading == title:
        return f"{title}. {plain}"
    return f"{title}: {passage.heading} {plain}"


async def prepare(doc: dict[str, Any], *, encoder: TextEncoder | None = None) -> PreparedPassages:
    """Cut and embed a version of an FAQ article (off the event loop: the model is CPU)."""
    page = doc.get("page") or {}
    title = str(page.get("title") or "")
    passages = split_passages(str(doc.get("generated_content") or ""), title)
    model = encoder or get_embedding_model()
    texts = [embedding_text(title, p) for p in passages]
    vectors = await asyncio.to_thread(model.encode, texts) if texts else np.zeros((0, 384))
    return PreparedPassages(
        language=str(page.get("language") or "en"),
        version=int(doc.get("version") or 0),
        passages=passages,
        vectors=np.asarray(vectors, dtype=np.float32),
        model_name=model.name,
        hashes=[text_hash(t) for t in texts],
    )


async def replace_passages(
    session: AsyncSession, article_id: UUID, prepared: PreparedPassages
) -> int:
    """The article's passages become ``prepared`` (in the caller's transaction)."""
    await session.execute(delete(FaqPassage).where(FaqPassage.article_id == article_id))
    if not prepared.passages:
        return 0
    await session.execute(
        insert(FaqPassage),
        [
            {
                "article_id": article_id,
                "version": prepared.version,
                "language": prepared.language,
                "position": p.position,
                "heading": p.heading[:500],
                "text": p.text,
                "anchor": p.anchor,
                "embedding": vector,
                "model_name": prepared.model_name,
                "content_hash": digest,
            }
            for p, vector, digest in zip(
                prepared.passages, prepared.vectors, prepared.hashes, strict=True
            )
        ],
    )
    return len(prepared.passages)
