"""The server as it was before granian, kept for comparison: gunicorn (gthread), 1 worker.

``python bench/gunicorn_wsgi.py --store DIR [...]`` (the flags of ``python -m server.wsgi``); used by the
``gunicorn`` variant of ``bench_http.py``. Needs the ``bench`` extra (gunicorn). What follows is the
docstring ``server/wsgi.py`` had then.


One worker process holds the embedded store (RocksDB lets one process open it read-write) and answers
with ``settings.threads`` threads; pyoxigraph releases the GIL while it evaluates, so queries run in
parallel. A query that exceeds ``query_timeout`` cannot be interrupted from Python: the worker answers
503, then sends itself SIGTERM once that response is out. Gunicorn then stops the worker gracefully
(in-flight requests finish, new connections wait in the listen backlog), the process exit ends the
runaway evaluation, and the arbiter boots a fresh worker, which waits for the store's lock if needed.

The access log is one JSON object per line on stderr (time, method, path, query, status, duration_ms,
bytes, remote_addr, user_agent). On SIGTERM or SIGINT gunicorn stops gracefully: in-flight requests
finish, the worker closes the store (``worker_exit``), and the arbiter exits 0.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.config import Settings, load_settings  # noqa: E402
from server import create_app  # noqa: E402
from server.wsgi import open_store_waiting, settings_from_argv  # noqa: E402

log = logging.getLogger(__name__)


class StderrAccessLogger(Logger):
    """Gunicorn's logger with the access log on stderr as JSON lines (gunicorn's ``-`` means stdout)."""

    def setup(self, cfg: Any) -> None:
        """Set up as usual, then send the access log to stderr."""
        super().setup(cfg)
        if cfg.accesslog is not None:
            for handler in list(self.access_log.handlers):
                self.access_log.removeHandler(handler)
            self._set_handler(self.access_log, "-", logging.Formatter("%(message)s"), stream=sys.stderr)

    def access(self, resp: Any, req: Any, environ: Mapping[str, Any], request_time: dt.timedelta) -> None:
        """Log one request as a JSON object on one line."""
        if not self.access_log_enabled:
            return
        self.access_log.info(json.dumps(access_record(resp, environ, request_time), ensure_ascii=False))


def access_record(resp: Any, environ: Mapping[str, Any], request_time: dt.timedelta) -> dict[str, Any]:
    """The fields of one access-log line."""
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    return {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "method": environ.get("REQUEST_METHOD"),
        "path": environ.get("PATH_INFO"),
        "query": environ.get("QUERY_STRING") or None,
        "status": int(status) if str(status).isdigit() else status,
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "bytes": getattr(resp, "sent", None),
        "remote_addr": environ.get("REMOTE_ADDR"),
        "user_agent": environ.get("HTTP_USER_AGENT"),
    }


def recycle_worker() -> None:
    """Ask gunicorn to replace this worker gracefully (SIGTERM to ourselves)."""
    log.warning("recycling worker %d to stop an abandoned query evaluation", os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)


def build_app(settings: Settings) -> Flask:
    """The app as a worker process builds it: store opened in the worker, timeouts recycle it."""
    store = open_store_waiting(settings.store)
    log.info("worker %d serving store %s", os.getpid(), settings.store)
    return create_app(settings, store=store, on_abandon=recycle_worker)


def close_store_on_exit(server: Any, worker: Any) -> None:
    """Gunicorn ``worker_exit`` hook: close the worker's store so the next process finds it clean."""
    app = getattr(worker, "wsgi", None)
    state = getattr(app, "extensions", {}).get("treatygraph")
    if state is not None:
        try:
            state.store.close()
            log.info("worker %d closed the store", os.getpid())
        except Exception:  # exiting anyway; the next worker recovers the store from its log
            log.exception("closing the store failed")


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """Gunicorn configuration for these settings."""
    if settings.workers != 1:
        log.info("the embedded store is held by one process: 1 worker with %d threads", settings.threads)
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": max(1, settings.threads),
        "graceful_timeout": int(max(10.0, float(settings.query_timeout or 0) + 5.0)),
        "timeout": 60,
        "keepalive": 5,
        "limit_request_line": 0,  # long GET queries: gunicorn caps the line at 1 MiB instead of 8 KiB
        "accesslog": "-",
        "errorlog": "-",
        "logger_class": StderrAccessLogger,
        "loglevel": str(settings.log_level).lower(),
        "proc_name": "treatygraph",
        "preload_app": False,
        "control_socket_disable": True,  # gunicorn >= 24; several servers on one machine would share it
        "worker_exit": close_store_on_exit,
    }


class TreatygraphServer(BaseApplication):
    """Gunicorn application that builds the Flask app inside its worker process."""

    def __init__(self, settings: Settings, options: Mapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.options = dict(options or gunicorn_options(settings))
        super().__init__()

    def load_config(self) -> None:
        """Apply the options to gunicorn's config."""
        for key, value in self.options.items():
            if key in self.cfg.settings:  # options newer than the installed gunicorn are skipped
                self.cfg.set(key, value)

    def load(self) -> Flask:
        """Build the WSGI app (called in the worker after fork)."""
        return build_app(self.settings)


def serve(settings: Settings | Mapping[str, Any] | None = None) -> None:
    """Serve the app on ``settings.host:settings.port`` with gunicorn until stopped (SIGINT/SIGTERM)."""
    resolved = settings if isinstance(settings, Settings) else load_settings(dict(settings or {}))
    log.info("serving %s on http://%s:%d/sparql", resolved.store, resolved.host, resolved.port)
    TreatygraphServer(resolved).run()


def main(argv: Sequence[str] | None = None) -> None:
    """``python bench/gunicorn_wsgi.py --store DIR [--host H] [--port P] ...`` (the flags of server.wsgi)"""
    serve(settings_from_argv(argv, prog="python bench/gunicorn_wsgi.py", description=serve.__doc__))


if __name__ == "__main__":
    main()
