"""The keyword half of retrieval and the hybrid score: pure functions, no store.

Keyword overlap is *coverage*: how much of the question's weight the passage contains.
Each question term weighs its inverse document frequency over the live passages (a word
every passage has says little), with two cases for a term no passage has:

- an everyday word ("due", "hire", "middle", from the familiar-word list textstat ships)
  weighs little: the article simply says it another way;
- any other word ("deductible", "visa", "malpractice") weighs the most a term can: the
  question is about something the knowledge base never mentions, so a passage that
  covers the rest of the question still does not answer it.

The hybrid score is the cosine similarity of the question's and the passage's vectors
plus weighted coverage of the passage and of its question heading; :data:`WEIGHTS` were
calibrated on ``tests/support/faq_questions.py`` (see README "FAQ answers").
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from data_layer.faq.terms import near, near_concept, normalise, stem, terms

__all__ = ["WEIGHTS", "KeywordIndex", "QueryTerms", "Weights", "familiar"]


@dataclass(frozen=True, slots=True)
class Weights:
    keyword: float
    """Weight of the passage's coverage of the question's terms (0-1)."""
    heading: float
    """Weight of the coverage by the passage's question heading and article title alone."""
    floor: float
    """Below this hybrid score the chat does not answer: a recruiter can."""
    language_floors: tuple[tuple[str, float], ...]
    """The floor for a question in another language than English, where it differs.

    The embedding model (all-MiniLM-L6-v2) was trained on English: it finds any two
    Spanish texts alike (cosine ~0.45 where unrelated English texts score ~0.1), so a
    Spanish question's cosine to an unrelated passage, and its hybrid score, start higher.
    Each language's floor sits midway between the best-scoring unanswerable question and
    the worst-scoring rightly answered one of that language in ``TUNING`` (Spanish:
    0.589 "¿patrocinan visas de trabajo?" and 0.860 "¿puedo extender mi contrato?")."""
    floor_unknown: float
    """The floor for a question with a word the knowledge base never mentions (and no
    everyday word either): "deductible", "visa". The rest of such a question usually
    matches an article well (dental insurance) while its point is the missing word."""
    floor_without_vector: float
    """The floor when the question could not be embedded (model still loading)."""
    familiar_weight: float
    """Weight of an everyday word no passage has."""
    familiar_cap: float
    """Most an everyday word weighs when passages have it (domain words weigh their idf)."""

    def floor_for(self, language: str) -> float:
        """The floor for a question in ``language`` (two letters)."""
        return dict(self.language_floors).get(language, self.floor)


WEIGHTS: Final = Weights(
    keyword=0.4,
    heading=0.2,
    floor=0.6,
    language_floors=(("es", 0.72),),
    floor_unknown=1.0,
    floor_without_vector=0.6,
    familiar_weight=0.8,
    familiar_cap=2.0,
)


@cache
def _familiar_words(language: str) -> frozenset[str]:
    # Found without importing textstat (its import needs a shim: see the gate's readability).
    spec = importlib.util.find_spec("textstat")
    folders = list(spec.submodule_search_locations or []) if spec else []
    try:
        text = (Path(folders[0]) / "resources" / language / "easy_words.txt").read_text(
            encoding="utf-8"
        )
    except (IndexError, OSError):
        return frozenset()
    return frozenset(normalise(w.strip()) for w in text.splitlines() if w.strip())


def familiar(word: str) -> bool:
    """An everyday English word (or an inflection of one).

    Only the English list: textstat's Spanish "easy words" are a 20,000-word lexicon
    (``uniforme``, ``oficina``), not everyday words, and would make any Spanish word the
    knowledge base lacks weigh as little as "due" or "hire". A Spanish word no passage
    has (the articles have Spanish versions) is a topic the knowledge base lacks.
    """
    lists = (_familiar_words("en"),)
    forms = {word, stem(word), word.rstrip("s"), f"{word}e", f"{word}s"}
    return any(form in known for known in lists for form in forms)


@dataclass(frozen=True, slots=True)
class QueryTerms:
    weights: Mapping[str, float]
    """Each question term (typos mended to the knowledge base's spelling) and its weight."""
    unknown: frozenset[str]
    """Terms no passage has and no everyday word either: what the KB does not cover."""

    @property
    def total(self) -> float:
        return sum(self.weights.values())


class KeywordIndex:
    """Document frequencies of the live passages' terms (built once per change of the KB)."""

    def __init__(self, documents: Mapping[object, Iterable[str]]) -> None:
        self.terms: dict[object, frozenset[str]] = {k: frozenset(v) for k, v in documents.items()}
        frequency: dict[str, int] = {}
        postings: dict[str, list[object]] = {}
        for key, found in self.terms.items():
            for term in found:
                frequency[term] = frequency.get(term, 0) + 1
                postings.setdefault(term, []).append(key)
        self.frequency = frequency
        self.postings = postings
        """The documents each term is in: coverage costs the question's terms, not the KB."""
        self._mended: dict[str, str | None] = {}
        """Typo mending per word, remembered for this index (its vocabulary is fixed)."""
        self.size = max(len(self.terms), 1)
        self.unknown_weight = math.log((self.size + 1) / 0.5)

    def idf(self, term: str) -> float:
        return math.log((self.size + 1) / (self.frequency.get(term, 0) + 0.5))

    def query(self, text: str, weights: Weights = WEIGHTS) -> QueryTerms:
        found: dict[str, float] = {}
        unknown: set[str] = set()
        for term in terms(text):
            # A word of two or three letters is an abbreviation ("rt", "yrs") or a typo:
            # too ambiguous to be the point of the question.
            everyday = not term.startswith("@") and (
                term.isdigit() or len(term) <= 3 or familiar(term)
            )
            if term not in self.frequency and not everyday:
                # "benifits", "credentialling": the knowledge base's spelling or concept.
                mended = self._mend(term)
                if mended is not None:
                    term = mended
            if term in self.frequency:
                # An everyday word is evidence, but never as strong as a domain word.
                idf = self.idf(term)
                found[term] = min(idf, weights.familiar_cap) if everyday else idf
            elif everyday:
                found[term] = weights.familiar_weight
            else:
                found[term] = self.unknown_weight
                unknown.add(term)
        return QueryTerms(found, frozenset(unknown))

    def _mend(self, term: str) -> str | None:
        if term not in self._mended:
            if len(self._mended) > 50_000:  # odd words from many visitors: start over
                self._mended.clear()
            self._mended[term] = near(term, self.frequency) or near_concept(term)
        return self._mended[term]

    def coverages(self, query: QueryTerms) -> dict[object, float]:
        """Coverage of every document with at least one of the question's terms."""
        total = query.total
        found: dict[object, float] = {}
        if total <= 0:
            return found
        for term, weight in query.weights.items():
            for key in self.postings.get(term, ()):
                found[key] = found.get(key, 0.0) + weight
        return {key: have / total for key, have in found.items()}

    def coverage(self, query: QueryTerms, document: Iterable[str]) -> float:
        """The share of the question's weight found in ``document``'s terms (0-1)."""
        total = query.total
        if total <= 0:
            return 0.0
        have = document if isinstance(document, frozenset | set) else frozenset(document)
        return sum(w for t, w in query.weights.items() if t in have) / total


def hybrid(
    similarity: float | None, coverage: float, heading: float, w: Weights = WEIGHTS
) -> float:
    """The passage's score for a question: cosine + weighted keyword coverage.

    Without a vector (the model is still loading) keywords alone decide, on a scale
    comparable with :attr:`Weights.floor_without_vector`.
    """
    if similarity is None:
        return coverage * 0.75 + heading * 0.25
    return similarity + w.keyword * coverage + w.heading * heading
