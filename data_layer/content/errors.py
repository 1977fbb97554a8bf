"""The two ways the content service says no (the desk maps them to 404 and 409/422)."""

from __future__ import annotations


class ContentNotFound(LookupError):
    """No such page or version."""


class ReviewRefused(ValueError):
    """A transition that is not allowed now (the message says why, for the editor)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
