"""One error shape for every error the API answers: ``{"status_code", "detail", "extra"?}``.

It is Litestar's own default shape (the widget and API clients read ``detail``),
produced here by one set of app-level exception handlers, so every area (accounts,
chat, webhooks, "my" data, operations) answers alike, and declared once
(:class:`ErrorBody`) so the OpenAPI document shows it on each route
(:func:`error_responses`).

- ``detail`` is a sentence for people: the widget shows it as it is.
- ``extra`` is there when there is more to say: ``field`` (the request field at
  fault, on 422s), ``errors`` (every field the framework found invalid), ``code``
  (a machine-readable reason, for machine callers such as the LaborEdge webhook).
- Invalid input is a 422 naming the field, never a stack trace; a request that is
  not even JSON (or not UTF-8) is a 400; anything unexpected is a 500 with a generic message,
  and the traceback goes to the log only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Annotated, Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, TooManyRequestsException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap
from litestar.utils.scope.state import ScopeState

__all__ = [
    "EXCEPTION_HANDLERS",
    "NOT_UTF8",
    "UNEXPECTED",
    "Conflict",
    "ErrorBody",
    "InvalidInput",
    "TooManyAttempts",
    "error_responses",
]

log = logging.getLogger(__name__)

UNEXPECTED = "Sorry, something went wrong on our side. Please try again."


class ErrorBody(msgspec.Struct, omit_defaults=True):
    """The body of every error response of the API (4xx and 5xx)."""

    status_code: int
    detail: Annotated[str, msgspec.Meta(description="What went wrong, in a sentence for people.")]
    extra: (
        Annotated[
            dict[str, Any],
            msgspec.Meta(
                description=(
                    "More about the error, when there is more: `field` (the request field at "
                    "fault), `errors` (each invalid field: `field`, `message`, `source`), "
                    "`code` (a machine-readable reason)."
                )
            ),
        ]
        | None
    ) = None


class InvalidInput(HTTPException):
    """422: a value the request sent is not acceptable; ``field`` names it."""

    status_code = 422

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None) -> None:
        extra = {
            key: value for key, value in (("field", field), ("code", code)) if value is not None
        }
        super().__init__(detail=detail, extra=extra or None)


class Conflict(HTTPException):
    """409: the request clashes with what exists (an email that already has an account)."""

    status_code = 409


class TooManyAttempts(TooManyRequestsException):
    """429 with ``Retry-After``: a throttle refuses the attempt for ``retry_after_s`` seconds."""

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail=detail, headers={"Retry-After": str(retry_after_s)})


_DESCRIPTIONS: Mapping[int, str] = {
    400: "The request could not be read (a body that is not JSON, a malformed header).",
    401: "Not logged in, wrong credentials, or a missing or invalid token or signature.",
    403: "Signed in, but the account's roles do not allow this (or a cross-site request).",
    404: "Not found, or not yours (the API does not say which).",
    409: "Clashes with existing data or state (a link just used, a reply still being written).",
    413: "The request body is larger than this endpoint accepts.",
    422: "A value is missing or invalid: `detail` says what, `extra.field` names the field.",
    429: "Too many attempts: try again after `Retry-After` seconds.",
    500: "Unexpected error: a generic message (the details go to the service's log).",
    503: "A service the request needs is unavailable: try again shortly.",
}


def error_responses(*status_codes: int) -> dict[int, ResponseSpec]:
    """The OpenAPI ``responses`` of a route's errors: ``ErrorBody`` for each of ``status_codes``.

    Every route also lists 500 (any route can fail unexpectedly).
    """
    return {
        code: ResponseSpec(
            data_container=ErrorBody, description=_DESCRIPTIONS[code], generate_examples=False
        )
        for code in sorted({*status_codes, 500})
    }


def _response(body: ErrorBody, headers: Mapping[str, str] | None = None) -> Response[ErrorBody]:
    return Response(
        body, status_code=body.status_code, headers=dict(headers or {}), media_type=MediaType.JSON
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorBody]:
    if exc.status_code == 500:
        # Raised by the framework (a dependency failed, a misconfiguration): its detail is
        # for us, not for the caller.
        return _unexpected_error(request, exc)
    extra = exc.extra
    if isinstance(extra, list):
        extra = {"errors": extra}
    return _response(ErrorBody(exc.status_code, exc.detail, extra or None), exc.headers)


# msgspec's wording for an object that lacks a field: the field is the one to name.
_MISSING_FIELD = re.compile(r"missing required field `([^`]+)`")


def _field_error(item: object) -> dict[str, str]:
    entry = item if isinstance(item, dict) else {}
    message = str(entry.get("message") or "invalid value")
    key = str(entry.get("key") or "")
    source = str(entry.get("source") or "")
    if missing := _MISSING_FIELD.search(message):
        # An absent field is reported on the object that lacks it ("data": the body).
        key = missing.group(1) if key in ("", "data") else f"{key}.{missing.group(1)}"
    elif key == "data":  # the body as a whole: not an object, or no body at all
        key = "body"
        if message == "'data'":  # Litestar's KeyError text when nothing was sent
            message = "the request body is missing"
    return {"field": key or source or "request", "message": message, "source": source}


def _sentence(error: dict[str, str]) -> str:
    message = error["message"]
    if _MISSING_FIELD.search(message):
        return f"{error['field']} is required."
    lowered = message[:1].lower() + message[1:]
    if error["field"] == "body":
        return f"The request body is not valid: {lowered}."
    return f"Invalid {error['field']}: {lowered}."


def _validation_error(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[ErrorBody]:
    """422 naming the first field at fault (all of them in ``extra.errors``)."""
    errors = [_field_error(item) for item in exc.extra] if isinstance(exc.extra, list) else []
    if not errors:  # a message of its own, e.g. a missing header or query parameter
        return _response(ErrorBody(422, exc.detail))
    detail = _sentence(errors[0])
    return _response(ErrorBody(422, detail, {"field": errors[0]["field"], "errors": errors}))


NOT_UTF8 = "The request body is not valid JSON: it is not UTF-8 text."


def _from_the_body(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> bool:
    """Whether the undecodable bytes are the request's own body (read and cached by then)."""
    body = ScopeState.from_scope(request.scope).body
    return isinstance(body, bytes) and bool(exc.object) and bytes(exc.object) in body


def _undecodable(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> Response[ErrorBody]:
    """400 for a JSON body whose strings are not UTF-8.

    msgspec raises ``UnicodeDecodeError`` (not a decode error the framework turns into a
    400) for such strings. One from anywhere else is our bug: a 500 as usual.
    """
    if not _from_the_body(request, exc):
        return _unexpected_error(request, exc)
    return _response(ErrorBody(400, NOT_UTF8))


def _unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    log.error(
        "unexpected error in %s %s: %s",
        request.method,
        request.url.path,
        type(exc).__name__,
        exc_info=exc,
    )
    return _response(ErrorBody(500, UNEXPECTED))


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    ValidationException: _validation_error,
    HTTPException: _http_error,
    UnicodeDecodeError: _undecodable,
    Exception: _unexpected_error,
}
"""Registered on the app: the most specific class wins (Litestar walks the exception's MRO)."""
