"""The canonical form every master-data term is compared in."""

from __future__ import annotations

import re

__all__ = ["city_term", "normalize_term", "term_set"]

_SEPARATORS = re.compile(r"[\s\-_/.,:;()+]+")
_APOSTROPHES = re.compile(r"['’`]")


def normalize_term(text: str) -> str:
    """The canonical form of a term: lowercase, ``&`` spelled ``and``, punctuation as spaces.

    ``"L&D"``, ``"l & d"`` and ``"L and D"`` all become ``"l and d"``; ``"Med/Surg"`` and
    ``"med-surg"`` become ``"med surg"``; ``"Coeur d'Alene"`` becomes ``"coeur dalene"``.
    """
    text = _APOSTROPHES.sub("", text.lower()).replace("&", " and ")
    return _SEPARATORS.sub(" ", text).strip()


def term_set(*names: str) -> frozenset[str]:
    """The normalized forms of ``names`` (empty ones dropped)."""
    return frozenset(t for t in (normalize_term(n) for n in names) if t)


def city_term(name: str) -> str:
    """A city name's term; "Saint" and "St" name the same city."""
    term = normalize_term(name)
    return re.sub(r"^saint ", "st ", term)
