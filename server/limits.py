"""Limits on what one request may cost: bounded concurrency and guards on hostile input.

- Query slots: at most ``max_concurrent_queries`` requests read the store at once (per worker; 0 means
  the thread count minus one, so a thread stays free for ``/healthz`` and the writer). A request that
  finds every slot taken waits up to ``queue_timeout`` seconds, then gets 503 with ``Retry-After``.
  Health checks, static files and writes (which take the writer lock instead) need no slot.
- Nesting: pyoxigraph's SPARQL parser recurses on brackets and ``!`` and overflows the thread stack (the
  process dies with SIGSEGV) at a few thousand levels, its JSON-LD and RDF/XML parsers slow down
  badly on deep nesting, and its RDF/XML parser expands internal XML entities without a limit
  ("billion laughs"). The guards below refuse such input with a clear 400 before any parser sees it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from math import ceil
from urllib.parse import parse_qsl, urlsplit

from flask import Flask, current_app, g, request

from kg.config import Settings
from kg.store.sparqltext import MAX_NESTING, check_nesting
from server.errors import Busy

log = logging.getLogger(__name__)

#: Deepest bracket nesting (plus unary ``!``) accepted in SPARQL text, JSON and XML uploads.
#: Paths that never wait for a query slot (prefix match).
EXEMPT_PREFIXES = ("/healthz", "/readyz", "/static/")
#: Paths whose non-GET requests are writes (they take the writer lock, not a query slot).
WRITE_PATHS = ("/update", "/data", "/ingest")
#: Paths whose request carries SPARQL text that the nesting guard checks (``/update`` checks its text
#: itself, after the token).
SPARQL_PATHS = ("/sparql", "/sparql/")
_EXTENSION = "treatygraph_limits"


class QuerySlots:
    """A counting semaphore that knows how many of its slots are in use."""

    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self._free = threading.BoundedSemaphore(self.capacity)
        self._lock = threading.Lock()
        self._used = 0

    @property
    def in_use(self) -> int:
        """Slots taken right now."""
        return self._used

    def acquire(self, timeout: float) -> bool:
        """Take a slot, waiting up to ``timeout`` seconds; False if none came free."""
        if not self._free.acquire(timeout=max(0.0, timeout)):
            return False
        with self._lock:
            self._used += 1
        return True

    def release(self) -> None:
        """Give a slot back."""
        with self._lock:
            self._used -= 1
        self._free.release()


def slot_capacity(settings: Settings) -> int:
    """The number of query slots: ``max_concurrent_queries``, or threads - 1 (at least 1) when it is 0."""
    configured = int(settings.max_concurrent_queries or 0)
    if configured > 0:
        return configured
    return max(1, int(settings.threads or 1) - 1)


def retry_after(settings: Settings) -> int:
    """Seconds a client refused for lack of slots should wait before it tries again."""
    return max(1, ceil(float(settings.queue_timeout or 0)))


def query_slots(app: Flask | None = None) -> QuerySlots:
    """The query slots of ``app`` (default: the current app)."""
    return (app or current_app).extensions[_EXTENSION]


def _needs_slot() -> bool:
    path = request.path
    if request.method == "OPTIONS" or path.startswith(EXEMPT_PREFIXES):
        return False
    return not (path in WRITE_PATHS and request.method not in ("GET", "HEAD"))


def take_slot(slots: QuerySlots, settings: Settings) -> None:
    """Take one of ``slots``, waiting up to ``queue_timeout``; raise ``Busy`` (503, Retry-After) if none
    came free. The caller gives it back with ``slots.release()``."""
    if not slots.acquire(float(settings.queue_timeout or 0)):
        wait = retry_after(settings)
        raise Busy(
            "the server is busy: every query slot is taken; try again later",
            headers={"Retry-After": str(wait)},
        )


def _take_slot() -> None:
    if not _needs_slot():
        return
    from server import get_settings

    take_slot(query_slots(), get_settings())
    g.treatygraph_slot = True


def _give_slot(_exc: BaseException | None) -> None:
    if g.pop("treatygraph_slot", False):
        query_slots().release()


def hand_over_slot() -> Callable[[], None] | None:
    """Take the current request's query slot away from its teardown (which runs before a streamed body
    is read) and return the function that gives it back: the stream calls it once, when it ends or is
    closed. None if the request holds no slot."""
    if not g.pop("treatygraph_slot", False):
        return None
    return query_slots().release


# --- outbound calls -----------------------------------------------------------------------------------
def iri_allowed(iri: str, prefix: str) -> bool:
    """Whether ``iri`` is under the allow-list entry ``prefix``: it starts with it and names the same host
    and port (so ``http://h:80`` does not admit ``http://h:8080/`` nor ``http://h:80.evil.example/``)."""
    if not iri.startswith(prefix):
        return False
    want, got = urlsplit(prefix), urlsplit(iri)
    return (want.scheme, want.netloc) == (got.scheme, got.netloc) and "@" not in got.netloc


# --- nesting guards ------------------------------------------------------------------------------------
def _sparql_texts() -> list[str]:
    texts = request.args.getlist("query") + request.args.getlist("update")
    if request.method == "POST":
        body = request.get_data()  # cached: the protocol handler reads the same bytes again
        decoded = body.decode("utf-8", errors="replace")
        if request.mimetype == "application/x-www-form-urlencoded":
            texts += [v for k, v in parse_qsl(decoded, keep_blank_values=True) if k in ("query", "update")]
        elif request.mimetype in ("application/sparql-query", "application/sparql-update"):
            texts.append(decoded)
    return texts


def _guard_sparql() -> None:
    if request.path not in SPARQL_PATHS:
        return
    for text in _sparql_texts():
        check_nesting(text)


def register_limits(app: Flask, settings: Settings) -> None:
    """Install the query slots and the SPARQL nesting guard on ``app``."""
    app.extensions[_EXTENSION] = QuerySlots(slot_capacity(settings))
    app.before_request(_guard_sparql)
    app.before_request(_take_slot)
    app.teardown_request(_give_slot)


__all__ = [
    "MAX_NESTING",
    "QuerySlots",
    "hand_over_slot",
    "iri_allowed",
    "query_slots",
    "register_limits",
    "retry_after",
    "slot_capacity",
    "take_slot",
]
