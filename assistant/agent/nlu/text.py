"""Text helpers shared by the parts of the NLU."""

from __future__ import annotations

from typing import Final

__all__ = ["HOLE", "HOLE_MARK", "blank", "lower", "words"]

HOLE_MARK: Final = "¤"
"""Stands where an email, phone, date or amount was cut out of the message."""
HOLE: Final = f" {HOLE_MARK} "


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a word list."""
    return frozenset(text.split())


def lower(text: str) -> str:
    """``text`` lowercased character by character, so offsets into it stay valid.

    ``str.lower`` lengthens a few characters ("İ" becomes two); those are kept as they are.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by a :data:`HOLE` (so it is never read twice)."""
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + HOLE + text[end:]
    return text
