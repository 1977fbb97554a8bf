"""Typo correction: a word one keyboard slip away from exactly one vocabulary word.

"califronia" -> "california", "telemetery" -> "telemetry", "pediatirc" -> "pediatric". Only
words of five letters or more are corrected, never a known English word
(:data:`~assistant.agent.nlu.words.KNOWN_WORDS`), and only when the correction is unique.
Candidates are found with a symmetric-delete index, so a lookup costs a few dictionary probes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Final

from assistant.agent.nlu.words import KNOWN_WORDS

__all__ = ["TypoCorrector", "is_typo_of"]

MIN_LENGTH: Final = 5
"""Shorter words are too often something else entirely ("cna" vs "can")."""

VOWEL_SLIP_LENGTH: Final = 7
"""Words at least this long may have one vowel spelled by ear; shorter ones are too often
other words ("rate"/"rite")."""
_VOWELS: Final = frozenset("aeiou")

_KEYBOARD_ROWS: Final[tuple[str, ...]] = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_POSITIONS: Final[Mapping[str, tuple[int, int]]] = {
    ch: (row, col) for row, keys in enumerate(_KEYBOARD_ROWS) for col, ch in enumerate(keys)
}


def _adjacent_keys(a: str, b: str) -> bool:
    pa, pb = _KEY_POSITIONS.get(a), _KEY_POSITIONS.get(b)
    return (
        pa is not None
        and pb is not None
        and a != b
        and abs(pa[0] - pb[0]) <= 1
        and abs(pa[1] - pb[1]) <= 1
    )


def is_typo_of(typed: str, word: str) -> bool:
    """``typed`` is ``word`` with one slip: a swap, a missing letter, a neighbouring key hit
    instead or in addition (the first letter is kept: people rarely miss it), or, in a long
    word, one vowel spelled as it sounds ("emergancy", "delivary", "arizonia")."""
    if typed == word or typed[:1] != word[:1]:
        return False
    lt, lw = len(typed), len(word)
    if lt == lw:
        diffs = [i for i in range(lt) if typed[i] != word[i]]
        if len(diffs) == 1:
            a, b = typed[diffs[0]], word[diffs[0]]
            return _adjacent_keys(a, b) or (
                lw >= VOWEL_SLIP_LENGTH and a in _VOWELS and b in _VOWELS
            )
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and typed[diffs[0]] == word[diffs[1]]
            and typed[diffs[1]] == word[diffs[0]]
        )
    if lt == lw - 1:
        return any(word[:i] + word[i + 1 :] == typed for i in range(lw))
    if lt == lw + 1:
        for i in range(lt):
            if typed[:i] + typed[i + 1 :] == word:
                extra = typed[i]
                neighbours = [typed[j] for j in (i - 1, i + 1) if 0 <= j < lt]
                if any(extra == n or _adjacent_keys(extra, n) for n in neighbours):
                    return True
                if lw >= VOWEL_SLIP_LENGTH and extra in _VOWELS and i < lt - 1:
                    return True
    return False


TWO_SLIPS_LENGTH: Final = 9
"""Words at least this long may carry two slips ("cincinatti", "massachusets"): so long a
word two slips away from a vocabulary word is hardly another word."""


def _osa_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap neighbours) from ``a`` to ``b``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _deletes(word: str) -> set[str]:
    """``word`` and every way to drop one of its letters."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoCorrector:
    """Corrects words towards one vocabulary (results cached: messages repeat words)."""

    def __init__(
        self,
        vocabulary_terms: Iterable[tuple[str, ...]],
        misspellings: Mapping[str, str] | None = None,
    ) -> None:
        terms = list(vocabulary_terms)
        self._misspellings: Mapping[str, str] = dict(misspellings or {})
        self._first_words = frozenset(term[0] for term in terms if term)
        self._vocabulary = frozenset(
            w for term in terms for w in term if len(w) >= MIN_LENGTH and w.isalpha()
        )
        by_delete: dict[str, list[str]] = {}
        for word in sorted(self._vocabulary):
            for variant in _deletes(word):
                by_delete.setdefault(variant, []).append(word)
        self._by_delete: Mapping[str, tuple[str, ...]] = {k: tuple(v) for k, v in by_delete.items()}
        self._longest = max((len(w) for w in self._vocabulary), default=0)
        by_two: dict[str, set[str]] = {}
        for word in sorted(self._vocabulary):
            if len(word) >= TWO_SLIPS_LENGTH:
                for once in _deletes(word):
                    for twice in _deletes(once):
                        by_two.setdefault(twice, set()).add(word)
        self._by_two_deletes: Mapping[str, frozenset[str]] = {
            k: frozenset(v) for k, v in by_two.items()
        }
        self.correct = lru_cache(maxsize=8192)(self._correct)

    def _correct(self, word: str) -> str:
        """``word``, or the only vocabulary word it is a slip of."""
        known = self._misspellings.get(word)
        if known is not None:
            return known
        if (
            len(word) < MIN_LENGTH
            or not word.isalpha()
            or word in self._vocabulary
            or word in KNOWN_WORDS
            or word in self._first_words
        ):
            return word
        candidates: set[str] = set()
        for variant in _deletes(word):
            candidates.update(self._by_delete.get(variant, ()))
        close = sorted(
            (c for c in candidates if is_typo_of(word, c)), key=lambda c: (len(c) != len(word), c)
        )
        if not close:
            return self._two_slips(word)
        # Vocabulary words that are slips of one another are spellings of one word
        # ("telemetry" and its informal "telemitry"): no ambiguity between them.
        if all(is_typo_of(c, close[0]) for c in close[1:]):
            return close[0]
        # Plural/singular pairs ("nurse", "nurses") are the same correction.
        stems = {c.rstrip("s") for c in close}
        return close[0] if len(stems) == 1 else word

    def _two_slips(self, word: str) -> str:
        """``word``, or the only long vocabulary word two slips away from it."""
        if not TWO_SLIPS_LENGTH <= len(word) <= self._longest + 2:
            return word  # a far longer "word" (pasted junk) is no slip of any: no probing
        candidates: set[str] = set()
        for once in _deletes(word):
            for twice in _deletes(once):
                candidates.update(self._by_two_deletes.get(twice, ()))
        close = {
            c
            for c in candidates
            if c[0] == word[0] and abs(len(c) - len(word)) <= 2 and _osa_distance(word, c) <= 2
        }
        stems = {c.rstrip("s") for c in close}
        return min(close) if len(stems) == 1 else word
