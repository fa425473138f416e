"""The common ``/sparql`` query request answered without the web framework (WSGI middleware).

A plain query operation (SPARQL 1.1 Protocol 2.1: ``GET ?query=``, ``POST`` of
``application/sparql-query``, ``POST`` of a form with ``query``; optionally ``default-graph-uri`` and
``named-graph-uri``) spends about as much time in Flask and werkzeug (request and response objects,
routing, hooks) as a point lookup spends in Oxigraph. Such a request is answered here, through the very
function the Flask endpoint uses (``server.sparql.answer_query``: same negotiation, limits, answer cache,
ETag and row cap), with the headers the app's hooks add (security, CORS), under a query slot taken as
``server.limits`` takes it. tests/server/test_fastpath.py checks that every such request gets the same
status, headers and body as from the app alone.

Everything else goes to the app untouched: other paths and methods, ``If-None-Match``, the ``format``
parameter, other media types or charsets, bodies that are not plain UTF-8, an unknown host form, a
``SCRIPT_NAME``. So do requests that fail: the exception is relayed to the app (``server.RELAYED_ERROR``),
whose error handlers render it, so an error looks the same whichever path met it; the query is not
evaluated twice.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask

from server import CORS_RESPONSE_HEADERS, RELAYED_ABANDON, RELAYED_ERROR
from server.accesslog import StartResponse, WSGIApp
from server.cache import no_cache_requested
from server.headers import security_headers
from server.limits import query_slots, take_slot
from server.sparql import CACHE_EXTENSION, answer_headers, answer_query

#: The path answered here (``/sparql/`` and everything else go to the app).
PATH = "/sparql"
QUERY_TYPE = "application/sparql-query"
FORM_TYPE = "application/x-www-form-urlencoded"
#: Parameters a request answered here may carry (besides exactly one ``query``).
DATASET_PARAMS = frozenset({"default-graph-uri", "named-graph-uri"})
_HOST = re.compile(r"^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
#: A query operation: the query, its default graphs and its named graphs.
_Operation = tuple[str, list[str], list[str]]


def _pairs(raw: bytes) -> list[tuple[str, str]] | None:
    """Form-encoded pairs, or None where the app's stricter reading must decide (bad UTF-8)."""
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None


def _operation(pairs: list[tuple[str, str]], body_query: str | None) -> _Operation | None:
    """(query, default graphs, named graphs) if ``pairs`` hold just that, else None."""
    queries = [] if body_query is None else [body_query]
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    for key, value in pairs:
        if key == "query":
            queries.append(value)
        elif key == "default-graph-uri":
            default_graphs.append(value)
        elif key == "named-graph-uri":
            named_graphs.append(value)
        else:
            return None
    if len(queries) != 1:
        return None
    return queries[0], default_graphs, named_graphs


def _base_iri(environ: dict[str, Any]) -> str | None:
    """The endpoint URL as werkzeug's ``request.base_url`` gives it (default port left out), or None."""
    host = environ.get("HTTP_HOST", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    if not _HOST.match(host) or environ.get("SCRIPT_NAME"):
        return None
    default = _DEFAULT_PORTS.get(scheme)
    if default and host.endswith(default):
        host = host[: -len(default)]
    return f"{scheme}://{host}{PATH}"


class SparqlFastPath:
    """WSGI middleware in front of the Flask app: answers plain query operations itself (see above)."""

    def __init__(self, flask_app: Flask) -> None:
        state = flask_app.extensions["treatygraph"]
        self.app: WSGIApp = flask_app
        self.settings = state.settings
        self.store = state.store
        self.cache = flask_app.extensions.get(CACHE_EXTENSION)
        self.slots = query_slots(flask_app)
        self.max_body = int(self.settings.max_request_bytes)

    def _request(self, environ: dict[str, Any]) -> _Operation | None:
        """The query operation of a request this path answers, else None (the app answers it)."""
        if environ.get("PATH_INFO") != PATH or environ.get("HTTP_IF_NONE_MATCH"):
            return None
        method = environ.get("REQUEST_METHOD")
        url_pairs = _pairs(environ.get("QUERY_STRING", "").encode("latin-1"))
        if url_pairs is None:
            return None
        if method == "GET":
            return _operation(url_pairs, None)
        if method != "POST":
            return None
        media = environ.get("CONTENT_TYPE", "")
        if media not in (QUERY_TYPE, FORM_TYPE):
            return None  # parameters (charset=...) and other types: the app reads them
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not 0 <= length <= self.max_body:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # the app can read it again
        if len(body) != length:
            return None
        if media == QUERY_TYPE:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return None
            if text.startswith("\ufeff") or any(k == "query" for k, _ in url_pairs):
                return None
            return _operation(url_pairs, text)
        form = _pairs(body)
        if form is None or url_pairs:
            return None
        return _operation(form, None)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        operation = self._request(environ)
        base_iri = _base_iri(environ) if operation is not None else None
        if operation is None or base_iri is None:
            return self.app(environ, start_response)
        query, default_graphs, named_graphs = operation
        abandoned: list[bool] = []
        try:
            take_slot(self.slots, self.settings)
            try:
                entry, cache_state = answer_query(
                    query,
                    default_graphs=default_graphs,
                    named_graphs=named_graphs,
                    format_param=None,
                    accept=environ.get("HTTP_ACCEPT"),
                    base_iri=base_iri,
                    fresh=no_cache_requested(environ.get("HTTP_CACHE_CONTROL"), environ.get("HTTP_PRAGMA")),
                    settings=self.settings,
                    store=self.store,
                    cache=self.cache,
                    on_abandon=lambda: abandoned.append(True),
                )
            finally:
                self.slots.release()
        except Exception as exc:  # rendered by the app's handlers: one look for every error
            environ[RELAYED_ERROR] = exc
            if abandoned:
                environ[RELAYED_ABANDON] = True
            return self.app(environ, start_response)
        headers = {
            "Content-Type": entry.content_type,
            "Content-Length": str(len(entry.body)),
            **answer_headers(entry, cache_state),
            **security_headers(entry.content_type.split(";", 1)[0].strip()),
            **CORS_RESPONSE_HEADERS,
        }
        start_response("200 OK", list(headers.items()))
        return [entry.body]


__all__ = ["SparqlFastPath"]
