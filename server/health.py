"""Health checks for process supervisors and load balancers.

``/healthz`` answers 200 ``ok`` while the process can serve HTTP at all (liveness). ``/readyz`` answers
200 ``ready`` when the store is open and a trivial query answers within ``READY_TIMEOUT`` seconds, else
503 with the reason (readiness). Neither waits for a query slot (``server/limits.py``).
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response

from server import get_store

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)

#: Seconds the readiness probe may take.
READY_TIMEOUT = 5.0
#: The readiness probe: the cheapest query there is (it touches the store's snapshot machinery).
READY_PROBE = "ASK {}"


def _plain(text: str, status: int) -> Response:
    resp = Response(text + "\n", status, content_type="text/plain; charset=utf-8")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.route("/healthz", methods=["GET", "HEAD"])
def healthz() -> Response:
    """Liveness: the process answers HTTP."""
    return _plain("ok", 200)


@bp.route("/readyz", methods=["GET", "HEAD"])
def readyz() -> Response:
    """Readiness: the store is open and answers a trivial query."""
    try:
        answer = get_store().execute(READY_PROBE, choose="json", timeout=READY_TIMEOUT)
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log only
        log.warning("readiness probe failed: %s: %s", type(exc).__name__, exc)
        return _plain("not ready: the store does not answer", 503)
    if answer.kind != "ask":
        return _plain("not ready: the store answered oddly", 503)
    return _plain("ready", 200)


__all__ = ["READY_PROBE", "READY_TIMEOUT", "bp"]
