"""Errors to HTTP in one place: ``kg.errors`` types and HTTP errors -> status and a problem body.

Bodies are plain text (the message, one line) unless the client prefers JSON, in which case they are
``application/problem+json`` (RFC 9457). A stack trace never reaches the client; it goes to the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from kg.errors import (
    ConfigError,
    ParameterError,
    QueryError,
    QueryTimeout,
    RemoteStoreError,
    StoreError,
    TreatygraphError,
    UnknownQuery,
    UserError,
    ValidationFailed,
)
from server.negotiation import NotAcceptable, prefers_json_problem

log = logging.getLogger(__name__)


class ProtocolError(UserError):
    """A request that breaks the HTTP or SPARQL protocol; ``status`` is its HTTP status."""

    status = 400

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.headers = dict(headers or {})


class ReadOnly(ProtocolError):
    """A write (SPARQL Update) sent to an endpoint that only reads."""

    status = 403


class Unauthorized(ProtocolError):
    """A write without credentials (the response carries ``WWW-Authenticate: Bearer``)."""

    status = 401


class Busy(ProtocolError):
    """Every query slot stayed taken for ``queue_timeout`` seconds (the response carries Retry-After)."""

    status = 503


class NotFound(ProtocolError):
    """A request for something this server does not hold (a graph of the Graph Store Protocol)."""

    status = 404


class TooLarge(ProtocolError):
    """A request body or query text above the configured limits."""

    status = 413


class UnsupportedMediaType(ProtocolError):
    """A POST body whose media type the endpoint does not take."""

    status = 415


#: Most specific class first; the first match wins.
STATUS: tuple[tuple[type[BaseException], int], ...] = (
    (QueryTimeout, 503),
    (NotAcceptable, 406),
    (UnknownQuery, 404),
    (ConfigError, 500),
    (ParameterError, 400),
    (QueryError, 400),
    (UserError, 400),
    (ValidationFailed, 422),
    (RemoteStoreError, 502),
    (StoreError, 503),
    (TreatygraphError, 500),
)

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def status_of(exc: BaseException) -> int:
    """The HTTP status for a library or protocol exception."""
    if isinstance(exc, ProtocolError):
        return exc.status
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def problem(
    status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extra: object
) -> Response:
    """A problem response: text/plain, or application/problem+json when the client prefers JSON."""
    title = _TITLES.get(status, "Error")
    if prefers_json_problem(request.headers.get("Accept")):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
        resp = Response(json.dumps(body, ensure_ascii=False), status, mimetype="application/problem+json")
    else:
        text = detail if detail.endswith("\n") else detail + "\n"
        resp = Response(text, status, content_type="text/plain; charset=utf-8")
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


def _library_error(exc: TreatygraphError) -> Response:
    status = status_of(exc)
    headers: dict[str, str] = dict(getattr(exc, "headers", {}) or {})
    extra: dict[str, object] = {}
    if status >= 500 and not isinstance(exc, QueryTimeout | Busy):
        log.error("%s: %s", type(exc).__name__, exc)
    if isinstance(exc, QueryTimeout):
        headers.setdefault("Retry-After", "5")
    if isinstance(exc, NotAcceptable):
        media = [f.media_type for f in exc.available]
        extra["available"] = media
        detail = f"{exc}; available: {', '.join(media)}"
    elif status == 500:
        detail = "internal server error"
    else:
        detail = str(exc)
    return problem(status, detail, headers=headers, **extra)


def _http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        detail = f"request body too large: the limit is {limit} bytes" if limit else "request body too large"
    elif status == 404:
        detail = f"no resource at {request.path}"
    elif status == 405:
        allowed = exc.valid_methods if hasattr(exc, "valid_methods") else None
        detail = f"method {request.method} is not allowed on {request.path}"
        if allowed:
            detail += f" (allowed: {', '.join(sorted(allowed))})"
    else:
        detail = exc.description or _TITLES.get(status, "error")
    headers = {k: v for k, v in exc.get_headers() if k.lower() not in ("content-type", "content-length")}
    return problem(status, detail, headers=headers)


def _unexpected(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, "internal server error")


def register_error_handlers(app: Flask) -> None:
    """Install the app-level handlers (they also see routing errors, unlike blueprint handlers)."""
    app.register_error_handler(TreatygraphError, _library_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


__all__ = [
    "STATUS",
    "Busy",
    "NotFound",
    "ProtocolError",
    "ReadOnly",
    "TooLarge",
    "Unauthorized",
    "UnsupportedMediaType",
    "problem",
    "register_error_handlers",
    "status_of",
]
