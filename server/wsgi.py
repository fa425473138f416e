"""Running the app under granian (WSGI): ``serve(settings)`` or ``python -m server.wsgi --store DIR``.

Worker processes: a server that is read-only over HTTP (no ``update_token``, the default) runs
``settings.workers`` of them, each with the embedded store open read-only: they share its files on disk
(memory does not grow with a copy per worker) and a shared lock keeps writers out while they run (see
``kg.store.local``). With writes enabled one worker holds the store (RocksDB lets one process open it
read-write). A remote store takes ``settings.workers`` either way. Each worker answers with
``settings.threads`` threads (granian's blocking threads; HTTP itself is handled in Rust); pyoxigraph
releases the GIL while it evaluates, so queries run in parallel; the processes take the Python work of
the requests (parsing, negotiation, serialisation) past one interpreter's lock. A query that exceeds
``query_timeout`` cannot be interrupted from Python: the worker asks granian's main process to replace
it (once per worker: its pid on a pipe, then SIGUSR1; the other workers serve on, their caches warm; a
SIGHUP from an operator still replaces them all) and holds its 503 until it has been told to stop.
Granian replaces the worker gracefully: it starts a new worker, which waits for the store's lock, and
stops the old one (in-flight requests, the 503 among them, finish; new connections wait in the backlog
of the one listening socket; after ``query_timeout`` + 5 s the old worker is killed). The old process's
exit ends the runaway evaluation. A worker that dies on its own is respawned too.

The access log is one JSON object per line on stderr (``server.accesslog``). On SIGTERM or SIGINT
granian stops gracefully: in-flight requests finish, the worker closes the store, and the main process
exits 0.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import multiprocessing.util
import os
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from granian import Granian
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.net import SocketSpec

from kg.config import Settings, load_settings
from kg.errors import StoreError
from kg.store import Store, is_remote, open_store
from server import create_app
from server.accesslog import ACCESS_LOGGER, AccessLog, WSGIApp
from server.fastpath import SparqlFastPath
from server.httpcache import with_response_cache

log = logging.getLogger(__name__)

#: Seconds a new worker waits for the previous one to release the store's lock.
STORE_LOCK_WAIT = 60.0
#: Bytes of request line and headers granian buffers (GET queries up to ``max_query_chars``, encoded).
HTTP1_MIN_BUFFER = HTTP1Settings.max_buffer_size


def serves_read_only(settings: Settings) -> bool:
    """Whether the workers open a local store read-only (writes over HTTP are off: no ``update_token``)."""
    return not is_remote(settings.store) and not settings.update_token


def worker_count(settings: Settings) -> int:
    """Worker processes: ``settings.workers``, except one for a local store that takes writes."""
    if is_remote(settings.store) or serves_read_only(settings):
        return max(1, int(settings.workers))
    return 1


def open_store_waiting(
    location: str | Path,
    *,
    wait: float = STORE_LOCK_WAIT,
    interval: float = 0.1,
    read_only: bool = False,
) -> Store:
    """Open the store, retrying for up to ``wait`` seconds while another process holds its lock.
    ``read_only`` opens a local store read-only with writers kept out (a server's read-only worker)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            if read_only:
                return open_store(location, read_only=True, exclude_writers=True)
            return open_store(location)
        except StoreError as exc:
            if "in use" not in str(exc) or time.monotonic() >= deadline:
                raise
            log.info("store %s is locked by another process; waiting", location)
            time.sleep(interval)


#: ``TCP_DEFER_ACCEPT``: seconds the kernel waits for a client's first bytes before handing it over.
DEFER_ACCEPT = 5
#: Seconds a recycling worker holds the 503 until its own graceful stop has begun.
RECYCLE_WAIT = 5.0


#: The write end of the pipe on which a worker asks ``SharedSocketGranian`` to replace it: its pid, then
#: ``RECYCLE_SIGNAL`` to the main process. Set in the main process, inherited by the forked workers.
RECYCLE_PIPE: int | None = None
RECYCLE_PID = struct.Struct("=q")
RECYCLE_SIGNAL = signal.SIGUSR1


def recycle_worker(stopping: threading.Event | None = None, *, wait: float = RECYCLE_WAIT) -> None:
    """Ask granian's main process to replace this worker gracefully, and only this one.

    With ``stopping`` (set when this worker is told to stop), wait up to ``wait`` seconds for it: the
    caller's response then goes out after the worker stopped accepting connections, so a client's next
    request waits in the listen backlog for the new worker instead of racing the old one's shutdown.
    """
    parent = os.getppid()
    if parent <= 1:  # orphaned: nobody would respawn us
        log.error("worker %d cannot be recycled: its main process is gone", os.getpid())
        return
    log.warning("recycling worker %d to stop an abandoned query evaluation", os.getpid())
    if RECYCLE_PIPE is not None:  # this worker only (``SharedSocketGranian``)
        os.write(RECYCLE_PIPE, RECYCLE_PID.pack(os.getpid()))
        os.kill(parent, RECYCLE_SIGNAL)
    else:  # not forked from a ``SharedSocketGranian``: every worker (granian's reload)
        os.kill(parent, signal.SIGHUP)
    if stopping is not None and not stopping.wait(wait):
        log.warning("worker %d was not stopped within %g s of asking", os.getpid(), wait)


def once(fn: Callable[[], None]) -> Callable[[], None]:
    """``fn`` run at most once, however many threads call it (one recycle per worker)."""
    lock, done = threading.Lock(), threading.Event()

    def run() -> None:
        with lock:
            if done.is_set():
                return
            done.set()
        fn()

    return run


def notice_stop(stopping: threading.Event) -> None:
    """Have this worker's stop signals (SIGTERM/SIGINT from granian) also set ``stopping``.

    Granian installs the worker's signal handlers after it has loaded the app, through
    ``granian._signals.set_sync_signals`` (in the worker's main thread); this wraps that function, in
    this worker process only, to chain a handler of ours in front of granian's.
    """
    import granian._signals as worker_signals

    original = worker_signals.set_sync_signals

    def set_sync_signals() -> Any:
        if EARLY_STOP.is_set():
            # Asked to stop before it served anything: leave now (the store is closed on the way out).
            log.info("worker %d stopped before serving", os.getpid())
            raise SystemExit(0)
        event = original()
        for signum in (signal.SIGINT, signal.SIGTERM):
            handler = signal.getsignal(signum)
            if callable(handler):
                signal.signal(signum, partial(_set_then, stopping, handler))
        return event

    worker_signals.set_sync_signals = set_sync_signals


#: Set in a worker that was asked to stop before granian installed its handlers (see
#: ``SharedSocketGranian.signal_handler_interrupt``).
EARLY_STOP = threading.Event()


def _set_then(stopping: threading.Event, handler: Callable[[int, Any], Any], signum: int, frame: Any) -> Any:
    stopping.set()
    return handler(signum, frame)


#: With several workers, every this-many-th response of a worker asks the client to reconnect (see
#: :class:`SpreadConnections`).
SPREAD_EVERY = 500


class SpreadConnections:
    """WSGI middleware: ``Connection: close`` on every ``every``-th response of this worker.

    The workers accept from one shared socket (``SharedSocketGranian``), and a burst of new connections
    can land all on one worker: with 8 keep-alive clients (wrk), 4 of 13 runs served at one worker's
    speed, and ``ss`` showed an 8/0 split in the one of them it was run on. A client asked to reconnect
    now and then lands on whichever worker accepts first, so the split evens out within seconds under
    load (2/6 -> 4/4, bench/RESULTS.md) at the price of one reconnect per ``every`` responses. granian
    passes the header to its HTTP layer, which closes the connection after that response.
    """

    def __init__(self, app: WSGIApp, every: int = SPREAD_EVERY) -> None:
        self.app = app
        self.every = max(1, every)
        self._count = itertools.count(1)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if next(self._count) % self.every:
            return self.app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, [*headers, ("Connection", "close")], exc_info)

        return self.app(environ, start)


def _close_store(store: Store) -> None:
    try:
        store.close()
        log.info("worker %d closed the store", os.getpid())
    except Exception:  # exiting anyway; the next worker recovers the store from its log
        log.exception("closing the store failed")


def build_app(settings: Settings) -> WSGIApp:
    """The app as a worker process builds it: store opened in the worker, timeouts recycle it."""
    read_only = serves_read_only(settings)
    store = open_store_waiting(settings.store, read_only=read_only)
    log.info("worker %d serving store %s%s", os.getpid(), settings.store, " read-only" if read_only else "")
    # Run by multiprocessing when granian's worker returns (after its graceful stop).
    multiprocessing.util.Finalize(store, partial(_close_store, store), exitpriority=10)
    stopping = threading.Event()
    notice_stop(stopping)
    app = create_app(settings, store=store, on_abandon=once(partial(recycle_worker, stopping)))
    served = AccessLog(with_response_cache(SparqlFastPath(app), app))
    return SpreadConnections(served) if worker_count(settings) > 1 else served


def logging_config(settings: Settings) -> dict[str, Any]:
    """Granian's logging configuration: its messages and our access log on stderr."""
    level = str(settings.log_level).upper()
    stderr = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    return {
        "formatters": {
            "generic": {"()": "logging.Formatter", "fmt": "[%(levelname)s] %(message)s"},
            "bare": {"()": "logging.Formatter", "fmt": "%(message)s"},
        },
        "handlers": {
            "console": {**stderr, "formatter": "generic"},
            "access": {**stderr, "formatter": "bare"},
        },
        "loggers": {
            "_granian": {"handlers": ["console"], "level": level, "propagate": False},
            ACCESS_LOGGER: {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def granian_options(settings: Settings) -> dict[str, Any]:
    """Granian's configuration for these settings."""
    workers = worker_count(settings)
    if workers != settings.workers:
        log.info("writes are enabled: the embedded store is held by one process, 1 worker")
    grace = int(max(10.0, float(settings.query_timeout or 0) + 5.0))
    level = str(settings.log_level).lower()
    return {
        "address": settings.host,
        "port": settings.port,
        "interface": Interfaces.WSGI,
        "workers": workers,
        "blocking_threads": max(1, settings.threads),
        "http": HTTPModes.http1,
        "http1_settings": HTTP1Settings(
            max_buffer_size=max(HTTP1_MIN_BUFFER, 3 * settings.max_query_chars + 16384)
        ),
        "log_level": LogLevels(level) if level in LogLevels.__members__ else LogLevels.info,
        "log_dictconfig": logging_config(settings),
        "log_access": False,  # ours is JSON (server.accesslog)
        "respawn_failed_workers": True,
        "respawn_interval": 0.0,  # the new worker cannot open the store before the old one exits
        "workers_kill_timeout": grace,
    }


class SharedSocketGranian(Granian):
    """Granian with one listening socket, opened by the main process and inherited by its worker.

    On Linux granian gives each worker a socket of its own (``SO_REUSEPORT``): while a worker is being
    replaced nobody listens, so connections are refused, and those queued on the old socket are reset.
    One socket held by the main process keeps them waiting in its backlog instead (the path granian
    takes on other platforms). A stopping worker also closes, unanswered, the connections it has
    accepted but not yet read a request from; with ``TCP_DEFER_ACCEPT`` a connection is only accepted
    once its request has arrived, which closed that window in our measurements (2-4 clients opening
    connections in a loop: 7 of 31 recycles lost a connection without it, 0 of 65 with it; gunicorn:
    0 of 21).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        global RECYCLE_PIPE
        super().__init__(*args, **kwargs)
        self._main_pid = os.getpid()
        self._recycle_read, RECYCLE_PIPE = os.pipe()
        os.set_blocking(self._recycle_read, False)
        self._recycle_pids: set[int] = set()
        self._reload_all = False
        signal.signal(RECYCLE_SIGNAL, self.signal_handler_recycle)

    def signal_handler_recycle(self, *args: Any) -> None:
        """A worker asked to be replaced (``recycle_worker``): note its pid; the main loop replaces it
        (``_reload``) and leaves the others serving, their caches warm and their requests untouched."""
        if os.getpid() != self._main_pid:
            return
        try:
            data = os.read(self._recycle_read, 4096)
        except BlockingIOError:
            return  # read by an earlier signal of the same burst
        size = RECYCLE_PID.size
        self._recycle_pids.update(RECYCLE_PID.unpack_from(data, i)[0] for i in range(0, len(data), size))
        self.reload_signal = True
        self.main_loop_interrupt.set()

    def signal_handler_reload(self, *args: Any, **kwargs: Any) -> None:
        """SIGHUP (an operator's reload): every worker, as granian does."""
        self._reload_all = True
        super().signal_handler_reload(*args, **kwargs)

    def _reload(self, spawn_target: Any, target_loader: Any) -> Any:
        # Flags first, then what they stand for: a signal in between is seen at the next turn of the loop.
        self.reload_signal = False
        self.main_loop_interrupt.clear()
        asked, self._recycle_pids = self._recycle_pids, set()
        everyone, self._reload_all = self._reload_all, False
        if everyone:
            return super()._reload(spawn_target, target_loader)
        idxs = [w.idx for w in self.wrks if w.inner.pid in asked]
        if idxs:
            log.info("replacing worker(s) %s on their request", ", ".join(str(i + 1) for i in idxs))
            self._respawn_workers(idxs, spawn_target, target_loader, delay=self.respawn_interval)
        return None

    def signal_handler_interrupt(self, *args: Any, **kwargs: Any) -> None:
        """The main process's stop handler. A forked worker inherits it until granian installs the
        worker's own, after the app is loaded: a SIGTERM in between (a stop right after start) ran this
        copy, which stops nothing, and the worker served on until killed after the grace period. In a
        worker it marks the stop instead, and ``notice_stop`` ends the worker before it serves."""
        if os.getpid() != self._main_pid:
            EARLY_STOP.set()
            return
        super().signal_handler_interrupt(*args, **kwargs)

    def _init_shared_socket(self) -> None:
        if self.bind_uds:
            super()._init_shared_socket()
            return
        self._shd = SocketSpec(self.bind_addr, self.bind_port, self.backlog).build()
        self._sfd = self._shd.get_fd()
        self._ssp = None
        self._sso = socket.socket(fileno=self._sfd)
        self._sso.set_inheritable(True)
        if hasattr(socket, "TCP_DEFER_ACCEPT"):  # Linux
            self._sso.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, DEFER_ACCEPT)


def check_granian() -> None:
    """Fail early if this granian lacks the internals ``SharedSocketGranian`` and ``notice_stop`` use."""
    import granian._signals as worker_signals

    hooks = {
        "Granian._init_shared_socket": getattr(Granian, "_init_shared_socket", None),
        "granian._signals.set_sync_signals": getattr(worker_signals, "set_sync_signals", None),
        "Granian.signal_handler_interrupt": getattr(Granian, "signal_handler_interrupt", None),
        "Granian.signal_handler_reload": getattr(Granian, "signal_handler_reload", None),
        "Granian._reload": getattr(Granian, "_reload", None),
        "Granian._respawn_workers": getattr(Granian, "_respawn_workers", None),
    }
    missing = [name for name, hook in hooks.items() if not callable(hook)]
    if missing:
        raise RuntimeError(f"unsupported granian version: no {', '.join(missing)}")


def serve(settings: Settings | Mapping[str, Any] | None = None) -> None:
    """Serve the app on ``settings.host:settings.port`` with granian until stopped (SIGINT/SIGTERM)."""
    resolved = settings if isinstance(settings, Settings) else load_settings(dict(settings or {}))
    check_granian()
    if serves_read_only(resolved):
        # Open it for writing once first: creates or migrates it, and fails now if a writer holds it.
        open_store(resolved.store).close()
    log.info("serving %s on http://%s:%d/sparql", resolved.store, resolved.host, resolved.port)
    server = SharedSocketGranian("server.wsgi:build_app", **granian_options(resolved))
    server.serve(target_loader=partial(build_app, resolved), wrap_loader=False)


def settings_from_argv(argv: Sequence[str] | None, *, prog: str, description: str | None) -> Settings:
    """The settings a server command line gives (flags override the environment), logging set up."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--store", help="store directory")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--query-timeout", type=float, dest="query_timeout")
    parser.add_argument("--max-query-chars", type=int, dest="max_query_chars")
    parser.add_argument("--max-request-bytes", type=int, dest="max_request_bytes")
    parser.add_argument("--service-allowlist", dest="service_allowlist")
    parser.add_argument("--max-concurrent-queries", type=int, dest="max_concurrent_queries")
    parser.add_argument("--queue-timeout", type=float, dest="queue_timeout")
    parser.add_argument("--max-article-bytes", type=int, dest="max_article_bytes")
    parser.add_argument("--result-row-cap", type=int, dest="result_row_cap")
    parser.add_argument(
        "--update-token",
        dest="update_token",
        help="enables writes; prefer TREATYGRAPH_UPDATE_TOKEN (a command line is visible to other users)",
    )
    parser.add_argument("--log-level", dest="log_level")
    args = parser.parse_args(argv)
    settings = load_settings({k: v for k, v in vars(args).items() if v is not None})
    logging.basicConfig(level=str(settings.log_level).upper(), stream=sys.stderr)
    return settings


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m server.wsgi --store DIR [--host H] [--port P] ...``"""
    serve(settings_from_argv(argv, prog="python -m server.wsgi", description=serve.__doc__))


if __name__ == "__main__":
    main()
