"""Retrieval for the chat: a question and its language -> the best live FAQ passages.

One turn costs one query embedding (the caller's, cached), one small statement checking
the knowledge base's version, and one pgvector statement: the nearest passages by cosine
(HNSW) together with the passages the keyword index ranks highest, each with its cosine
similarity. Keyword coverage (:mod:`data_layer.faq.scoring`) is computed in memory over
those candidates; the index of the live passages' terms is built once per version of the
knowledge base (an approval or take-down changes it) and shared by every turn.

How a passage is chosen:

- every candidate gets the hybrid score (cosine + weighted keyword coverage); a question
  naming a kind of thing ("pet insurance") only matches articles that have both words;
- the best *article* is the one with the best passage in any language (the embedding
  model reads English best, so a Spanish question may meet the English text first);
- below :attr:`~data_layer.faq.scoring.Weights.floor` (its language's floor for a
  question not in English, see :meth:`~data_layer.faq.scoring.Weights.floor_for`)
  nothing is answered: the chat says a recruiter can tell, never a guess;
- the passage quoted is from the article's version in the question's language when the
  editors published one, else from the English one (``fallback`` says so, and the chat
  tells the visitor the article is in English).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.faq.scoring import WEIGHTS, KeywordIndex, QueryTerms, Weights, familiar, hybrid
from data_layer.faq.terms import compounds, terms
from data_layer.models import FaqArticle, FaqPassage

__all__ = [
    "MAX_QUESTION_CHARS",
    "FaqHit",
    "FaqRetrieval",
    "clear_cache",
    "retrieve",
]

MAX_QUESTION_CHARS = 500
"""A question longer than this is cut: nobody's FAQ question is a page long."""
VECTOR_CANDIDATES = 40
"""Nearest passages by cosine (pgvector's default HNSW search list is 40)."""
KEYWORD_CANDIDATES = 40
"""Passages with the best keyword coverage, whatever their vector says."""
KEYWORD_CANDIDATES_IN_LANGUAGE = 20
"""...and the best of the question's own language, so a translation is always scored."""
MAX_PASSAGES = 3
"""Passages returned at most (the chat quotes the first; the model reads them all)."""
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class FaqHit:
    """One passage the question may be answered from."""

    article_key: str
    title: str
    slug: str
    anchor: str
    language: str
    heading: str
    text: str
    score: float
    """The hybrid score that cleared the floor (the article's best, in any language)."""
    fallback: bool = False
    """The question's language has no version of this article: this is the English one."""


@dataclass(frozen=True, slots=True)
class FaqRetrieval:
    question: str
    language: str
    hits: list[FaqHit]
    """Best first; empty when nothing scored at or above the floor."""
    best_score: float | None
    """The best score seen, above the floor or not (for calibration and the bench)."""

    @property
    def found(self) -> bool:
        return bool(self.hits)

    @property
    def article_key(self) -> str | None:
        return self.hits[0].article_key if self.hits else None


@dataclass(frozen=True, slots=True)
class _Passage:
    id: Any
    article_key: str
    language: str
    title: str
    slug: str
    heading: str
    text: str
    anchor: str
    position: int
    terms: frozenset[str]
    heading_terms: frozenset[str]


@dataclass(slots=True)
class _Snapshot:
    version: tuple[Any, ...]
    passages: dict[Any, _Passage]
    index: KeywordIndex
    article_terms: dict[tuple[str, str], frozenset[str]]
    """Terms of each (article, language) version: for the compound rule."""
    versions: dict[str, set[str]] = field(default_factory=dict)
    """Languages each article is live in."""


_snapshot: _Snapshot | None = None
_lock = asyncio.Lock()


def clear_cache() -> None:
    """Forget the keyword index (the next retrieval rebuilds it)."""
    global _snapshot
    _snapshot = None


async def _version(session: AsyncSession) -> tuple[Any, ...]:
    # Publishing rewrites an article's passages (new rows, new created_at) and a take-down
    # deletes them: the count, newest row and sum of versions change with every edit.
    row = (
        await session.execute(
            select(
                func.count(FaqPassage.id),
                func.max(FaqPassage.created_at),
                func.coalesce(func.sum(FaqPassage.version), 0),
            )
        )
    ).one()
    return tuple(row)


async def _load(session: AsyncSession, version: tuple[Any, ...]) -> _Snapshot:
    rows = (
        await session.execute(
            select(
                FaqPassage.id,
                FaqArticle.article_key,
                FaqPassage.language,
                FaqArticle.title,
                FaqArticle.slug,
                FaqPassage.heading,
                FaqPassage.text,
                FaqPassage.anchor,
                FaqPassage.position,
            ).join(FaqArticle, FaqArticle.id == FaqPassage.article_id)
        )
    ).all()
    return _build(rows, version)


def _build(rows: Sequence[Any], version: tuple[Any, ...]) -> _Snapshot:
    passages: dict[Any, _Passage] = {}
    by_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    versions: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        heading_terms = terms(f"{row.title} {row.heading}")
        found = heading_terms | terms(row.text)
        passages[row.id] = _Passage(
            id=row.id,
            article_key=row.article_key,
            language=row.language,
            title=row.title,
            slug=row.slug,
            heading=row.heading,
            text=row.text,
            anchor=row.anchor,
            position=row.position,
            terms=found,
            heading_terms=heading_terms,
        )
        by_article[(row.article_key, row.language)] |= found
        versions[row.article_key].add(row.language)
    index = KeywordIndex({p.id: p.terms for p in passages.values()})
    familiar("warm")  # reads the everyday-word list now, not in a visitor's turn
    return _Snapshot(
        version=version,
        passages=passages,
        index=index,
        article_terms={k: frozenset(v) for k, v in by_article.items()},
        versions=dict(versions),
    )


async def _current(session: AsyncSession) -> _Snapshot:
    global _snapshot
    version = await _version(session)
    snapshot = _snapshot
    if snapshot is not None and snapshot.version == version:
        return snapshot
    async with _lock:
        if _snapshot is None or _snapshot.version != version:
            _snapshot = await _load(session, version)
        return _snapshot


async def _similarities(
    session: AsyncSession, vector: np.ndarray, ids: Sequence[Any]
) -> dict[Any, float]:
    """Cosine similarity of the nearest passages and of ``ids``: one statement."""
    distance = FaqPassage.embedding.cosine_distance(vector)
    nearest = select(FaqPassage.id, distance.label("distance")).order_by(distance)
    nearest = nearest.limit(VECTOR_CANDIDATES)
    if ids:
        named = select(FaqPassage.id, distance.label("distance")).where(FaqPassage.id.in_(ids))
        statement: Any = union(nearest.subquery().select(), named)
    else:
        statement = nearest
    rows = (await session.execute(statement)).all()
    return {row[0]: 1.0 - float(row[1]) for row in rows}


def _fits_compounds(pairs: frozenset[tuple[str, str]], article_terms: frozenset[str]) -> bool:
    """A question about "pet insurance" is answered only by an article with both words."""
    return all(modifier in article_terms and head in article_terms for modifier, head in pairs)


def _language(value: str | None) -> str:
    text = (value or "").strip().lower()[:2]
    return text or DEFAULT_LANGUAGE


async def retrieve(
    session: AsyncSession,
    question: str,
    language: str | None = None,
    *,
    vector: np.ndarray | None = None,
    weights: Weights = WEIGHTS,
    limit: int = MAX_PASSAGES,
) -> FaqRetrieval:
    """The passages answering ``question`` best, best first, above the floor only.

    ``vector``: the question's embedding (all-MiniLM-L6-v2); None while the model loads,
    when keywords alone decide against :attr:`Weights.floor_without_vector`.
    """
    question = " ".join((question or "").split())[:MAX_QUESTION_CHARS]
    lang = _language(language)
    if not question:
        return FaqRetrieval(question, lang, [], None)
    snapshot = await _current(session)
    if not snapshot.passages:
        return FaqRetrieval(question, lang, [], None)
    query = snapshot.index.query(question, weights)
    # "pet insurance" needs an article with both; "insurance included" is no kind of
    # insurance: only a concept or a word the KB lacks makes a kind.
    pairs = frozenset(
        (modifier, head)
        for modifier, head in compounds(question)
        if modifier.startswith("@") or modifier in query.unknown
    )
    coverage = snapshot.index.coverages(query)
    ranked = sorted(coverage, key=coverage.__getitem__, reverse=True)
    wanted = ranked[:KEYWORD_CANDIDATES]
    chosen = set(wanted)
    wanted += [
        pid for pid in ranked if snapshot.passages[pid].language == lang and pid not in chosen
    ][:KEYWORD_CANDIDATES_IN_LANGUAGE]
    if vector is not None:
        similarity: dict[Any, float | None] = dict(
            await _similarities(session, np.asarray(vector, dtype=np.float32), wanted)
        )
        floor = weights.floor_for(lang)
        if query.unknown:
            floor = max(floor, weights.floor_unknown)
    else:
        similarity = dict.fromkeys(wanted)
        floor = weights.floor_without_vector
    scores = _scores(snapshot, query, pairs, similarity, coverage, weights)
    return _choose(snapshot, question, lang, query, scores, floor, limit)


def _scores(
    snapshot: _Snapshot,
    query: QueryTerms,
    pairs: frozenset[tuple[str, str]],
    similarity: dict[Any, float | None],
    coverage: dict[Any, float],
    weights: Weights,
) -> dict[Any, float]:
    scores: dict[Any, float] = {}
    for pid, cosine in similarity.items():
        passage = snapshot.passages.get(pid)
        if passage is None:  # published after the snapshot was read: next turn has it
            continue
        article = snapshot.article_terms[(passage.article_key, passage.language)]
        if pairs and not _fits_compounds(pairs, article):
            continue
        heading = snapshot.index.coverage(query, passage.heading_terms)
        scores[pid] = hybrid(cosine, coverage.get(pid, 0.0), heading, weights)
    return scores


def _choose(
    snapshot: _Snapshot,
    question: str,
    lang: str,
    query: QueryTerms,
    scores: dict[Any, float],
    floor: float,
    limit: int,
) -> FaqRetrieval:
    best_score = max(scores.values(), default=None)
    by_article: dict[str, float] = {}
    for pid, score in scores.items():
        key = snapshot.passages[pid].article_key
        by_article[key] = max(score, by_article.get(key, float("-inf")))
    hits: list[FaqHit] = []
    for key, article_score in sorted(by_article.items(), key=lambda kv: kv[1], reverse=True):
        if article_score < floor or len(hits) >= limit:
            break
        shown = lang if lang in snapshot.versions.get(key, ()) else DEFAULT_LANGUAGE
        own = sorted(
            (
                (score, pid)
                for pid, score in scores.items()
                if snapshot.passages[pid].article_key == key
                and snapshot.passages[pid].language == shown
            ),
            key=lambda sp: sp[0],
            reverse=True,
        )
        if not own:
            # The version to show had no candidate passage: its best by keywords alone.
            own = _by_keywords(snapshot, query, key, shown)
        for rank, (score, pid) in enumerate(own):
            # The article's best passage always; its others only if they clear the floor.
            if len(hits) >= limit or (rank > 0 and score < floor):
                break
            passage = snapshot.passages[pid]
            hits.append(
                FaqHit(
                    article_key=key,
                    title=passage.title,
                    slug=passage.slug,
                    anchor=passage.anchor,
                    language=passage.language,
                    heading=passage.heading,
                    text=passage.text,
                    score=round(article_score if rank == 0 else score, 4),
                    fallback=passage.language != lang,
                )
            )
    return FaqRetrieval(question, lang, hits, best_score)


def _by_keywords(
    snapshot: _Snapshot, query: QueryTerms, key: str, language: str
) -> list[tuple[float, Any]]:
    found = [
        (snapshot.index.coverage(query, p.terms), pid)
        for pid, p in snapshot.passages.items()
        if p.article_key == key and p.language == language
    ]
    found.sort(key=lambda sp: (sp[0], -snapshot.passages[sp[1]].position), reverse=True)
    return found[:1]
