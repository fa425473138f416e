"""A response cache in front of the Flask app for repeated SPARQL queries (in process, in the manner of
an HTTP cache: RFC 9111, sections 4 and 4.1).

The answer cache (server/cache.py) saves evaluating a query again; this also saves the rest of the
request, about 0.3 ms of Python in Flask (bench/RESULTS.md). A ``200`` query answer of ``/sparql``
(``GET``, or a ``POST`` of a query: SPARQL 1.1 Protocol 2.1.2-2.1.3, a safe operation) that went through
the answer cache (``X-Cache: miss`` or ``hit``) is kept as it was sent, final status and headers
included. Its key: the request target, a POST's content type and body, and the request headers the
answer varies on (``Accept``; ``Host`` and the scheme, which make its base IRI), at the store version
read before the request ran. The same request at the same version gets the same bytes back, with
``X-Cache: hit``, without entering Flask.

Requests with ``If-None-Match`` or ``If-Modified-Since``, ``Cache-Control: no-cache``/``no-store`` or
``Pragma: no-cache`` always go through, and so do bodies over ``MAX_BODY`` bytes, form bodies with an
``update``, and every other method, content type and path. Entries share the answer cache's bounded LRU
(``cache_bytes``), and a write changes the store version, which empties it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from server.accesslog import StartResponse, WSGIApp
from server.cache import CACHE_HEADER, AnswerCache, no_cache_requested

#: The paths whose GET answers are replayed.
PATHS = frozenset({"/sparql", "/sparql/"})
#: Request headers (WSGI environ keys) the replayed answer depends on, besides the request target.
VARY = ("HTTP_ACCEPT", "HTTP_HOST", "wsgi.url_scheme", "SCRIPT_NAME")
#: POST bodies that carry a query (SPARQL 1.1 Protocol 2.1.2 and 2.1.3).
QUERY_BODIES = frozenset({"application/sparql-query", "application/x-www-form-urlencoded"})
#: Largest POST body keyed on; larger ones go through.
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class StoredResponse:
    """A response as it was sent: status line, headers and body."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def _fresh_only(environ: dict[str, Any]) -> bool:
    """Whether the request must not be answered from a cache (conditional or no-cache)."""
    if environ.get("HTTP_IF_NONE_MATCH") or environ.get("HTTP_IF_MODIFIED_SINCE"):
        return True
    return no_cache_requested(environ.get("HTTP_CACHE_CONTROL"), environ.get("HTTP_PRAGMA"))


def _query_body(environ: dict[str, Any]) -> bytes | None:
    """A POST's query body, read and put back for the app; None when it is not one to key on."""
    media = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return None
    if media not in QUERY_BODIES or not 0 < length <= MAX_BODY:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    if media == "application/x-www-form-urlencoded" and b"update=" in body:
        return None
    return body


class ResponseCache:
    """WSGI middleware: replays stored ``GET /sparql`` answers (see the module docstring)."""

    def __init__(self, app: WSGIApp, flask_app: Flask, cache: AnswerCache) -> None:
        self.app = app
        self.store = flask_app.extensions["treatygraph"].store
        self.cache = cache

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "POST") or environ.get("PATH_INFO") not in PATHS or _fresh_only(environ):
            return self.app(environ, start_response)
        body_key = _query_body(environ) if method == "POST" else b""
        if body_key is None or (method == "GET" and not environ.get("QUERY_STRING")):
            return self.app(environ, start_response)
        key = (
            "response",
            method,
            environ["PATH_INFO"],
            environ.get("QUERY_STRING", ""),
            environ.get("CONTENT_TYPE", "") if method == "POST" else "",
            body_key,
            *(environ.get(k) for k in VARY),
        )
        version = self.store.version  # read before the request runs, as the answer cache does
        stored = self.cache.get(key, version)
        if isinstance(stored, StoredResponse):
            start_response(stored.status, list(stored.headers))
            return [stored.body]
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.app(environ, capture)
        headers = seen.get("headers") or []
        cached = any(k.lower() == CACHE_HEADER.lower() and v in ("miss", "hit") for k, v in headers)
        if not (seen.get("status", "").startswith("200") and cached):
            return body
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        replay = tuple((k, "hit" if k.lower() == CACHE_HEADER.lower() else v) for k, v in headers)
        weight = len(key[3]) + len(body_key)
        self.cache.put(key, version, StoredResponse(seen["status"], replay, data), key_bytes=weight)  # type: ignore[arg-type]
        return [data]


def with_response_cache(app: WSGIApp, flask_app: Flask) -> WSGIApp:
    """``app`` behind a :class:`ResponseCache` when the Flask app has an answer cache (embedded store)."""
    from server.sparql import CACHE_EXTENSION

    cache = flask_app.extensions.get(CACHE_EXTENSION)
    if cache is None or not cache.enabled:
        return app
    return ResponseCache(app, flask_app, cache)


__all__ = ["PATHS", "ResponseCache", "StoredResponse", "with_response_cache"]
