"""How a LaborEdge call fails for good: :class:`LaborEdgeError` (and its auth flavour)."""

from __future__ import annotations

__all__ = ["LaborEdgeAuthError", "LaborEdgeError"]


class LaborEdgeError(Exception):
    """A LaborEdge call failed for good (after retries, or with a non-retryable status)."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status: int | None = None,
        attempts: int = 1,
        body: str | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.attempts = attempts
        self.body = body
        detail = f"{method} {url}: {message} (attempts={attempts}"
        if status is not None:
            detail += f", status={status}"
        if body:
            detail += f", body={body[:300]!r}"
        super().__init__(detail + ")")


class LaborEdgeAuthError(LaborEdgeError):
    """The token endpoint refused our credentials (not retried)."""
