"""treatygraph's HTTP server: the Flask application factory and request-scoped accessors.

``create_app(settings)`` builds an app around one open store; ``server.wsgi.serve(settings)`` runs it
under granian. Nothing is built at import time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request

from kg.config import Settings, load_settings
from kg.store import Store, open_store
from server.headers import EXPOSED_HEADERS

log = logging.getLogger(__name__)

#: Paths that answer cross-origin requests (``Access-Control-Allow-Origin: *``).
CORS_PATHS = ("/sparql",)
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Accept, Content-Type, Authorization"


@dataclass
class ServerState:
    """What the app holds between requests: its settings, its store and the worker-recycling hook."""

    settings: Settings
    store: Store
    on_abandon: Callable[[], None] | None = None


def _state() -> ServerState:
    return current_app.extensions["treatygraph"]


def get_settings() -> Settings:
    """The settings of the current app."""
    return _state().settings


def get_store() -> Store:
    """The store of the current app."""
    return _state().store


def mark_abandoned() -> None:
    """Record that this request abandoned a runaway evaluation (the worker is recycled after it)."""
    g.treatygraph_abandoned = True


def _to_settings(settings: Settings | Mapping[str, Any] | None) -> Settings:
    if isinstance(settings, Settings):
        return settings
    return load_settings(dict(settings or {}))


#: The CORS headers of every answer on ``CORS_PATHS`` (preflights get more: see ``_cors``).
CORS_RESPONSE_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": ", ".join(EXPOSED_HEADERS),
}


def _cors(response: Response) -> Response:
    if request.path.rstrip("/") in CORS_PATHS:
        response.headers.update(CORS_RESPONSE_HEADERS)
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            asked = request.headers.get("Access-Control-Request-Headers")
            response.headers["Access-Control-Allow-Headers"] = asked or CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "86400"
    return response


#: WSGI environ keys by which ``server.fastpath`` hands over a request it could not answer: the exception
#: for the app's error handlers to render, and whether the request abandoned a runaway evaluation.
RELAYED_ERROR = "treatygraph.relayed_error"
RELAYED_ABANDON = "treatygraph.relayed_abandon"


def _raise_relayed() -> None:
    """Raise the exception the fast path relayed, so that errors have one rendering (the first hook)."""
    exc = request.environ.pop(RELAYED_ERROR, None)
    if exc is None:
        return
    if request.environ.pop(RELAYED_ABANDON, False):
        mark_abandoned()
    raise exc


def _recycle_after_abandon(response: Response) -> Response:
    if g.get("treatygraph_abandoned"):
        hook = _state().on_abandon
        if hook is None:
            log.warning("a query was abandoned; its evaluation keeps running until this process exits")
        else:
            response.call_on_close(hook)
    return response


def create_app(
    settings: Settings | Mapping[str, Any] | None = None,
    *,
    store: Store | None = None,
    on_abandon: Callable[[], None] | None = None,
) -> Flask:
    """Build the Flask app.

    ``settings`` is a ``Settings`` or a mapping of overrides (see ``kg.config``); ``store`` is an open
    store to serve (default: open ``settings.store``); ``on_abandon`` is called after the response to a
    request whose query timed out has been sent (``server.wsgi`` passes one that recycles the worker).
    """
    from server.dumps import bp as dumps_bp
    from server.errors import register_error_handlers
    from server.explore import bp as explore_bp
    from server.headers import register_security_headers
    from server.health import bp as health_bp
    from server.limits import register_limits
    from server.ontology import bp as ontology_bp
    from server.pages import bp as pages_bp
    from server.sparql import bp as sparql_bp
    from server.void import bp as void_bp
    from server.writes import register_writes

    resolved = _to_settings(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = resolved.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    opened = store if store is not None else open_store(resolved.store, settings=resolved)
    app.extensions["treatygraph"] = ServerState(resolved, opened, on_abandon)
    app.before_request(_raise_relayed)  # before the limits' hooks: a relayed error takes no slot
    register_error_handlers(app)
    register_limits(app, resolved)
    app.register_blueprint(health_bp)
    app.register_blueprint(sparql_bp)
    app.register_blueprint(explore_bp)
    for linked_data_bp in (pages_bp, ontology_bp, void_bp, dumps_bp):
        app.register_blueprint(linked_data_bp)
    register_writes(app)
    register_security_headers(app)
    app.after_request(_cors)
    app.after_request(_recycle_after_abandon)
    return app


__all__ = [
    "CORS_PATHS",
    "CORS_RESPONSE_HEADERS",
    "RELAYED_ABANDON",
    "RELAYED_ERROR",
    "ServerState",
    "create_app",
    "get_settings",
    "get_store",
    "mark_abandoned",
]
