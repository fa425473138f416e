"""Serving under granian (server.wsgi) and the access-log middleware (server.accesslog)."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from kg.config import load_settings
from server.accesslog import AccessLog
from server.wsgi import SPREAD_EVERY, SpreadConnections, check_granian, granian_options, once
from tests.server.conftest import worker_pids

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(json.loads(record.getMessage()))


def _logged(app) -> tuple[AccessLog, _Records]:
    logger = logging.getLogger(f"test.access.{id(app)}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = _Records()
    logger.addHandler(handler)
    return AccessLog(app, logger), handler


class _Body:
    def __init__(self, chunks: list[bytes], events: list[str]) -> None:
        self.chunks, self.events = chunks, events

    def __iter__(self):
        return iter(self.chunks)

    def close(self) -> None:
        self.events.append("close")


def test_access_log_buffers_a_body_of_known_length_and_closes_it_first() -> None:
    events: list[str] = []

    def app(environ, start_response):
        start_response("503 SERVICE UNAVAILABLE", [("Content-Length", "5")])
        return _Body([b"ab", b"cde"], events)

    logged, handler = _logged(app)
    body = logged(
        {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "QUERY_STRING": "query=x"}, lambda *a: None
    )
    # The app's close hooks (the worker recycle) ran before the server sends anything.
    assert events == ["close"] and body == [b"abcde"]
    (record,) = handler.records
    assert record["status"] == 503 and record["bytes"] == 5 and record["query"] == "query=x"


def test_access_log_streams_a_body_of_unknown_length_and_logs_on_close() -> None:
    events: list[str] = []

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/n-quads")])
        return _Body([b"ab", b"cde", b"f"], events)

    logged, handler = _logged(app)
    body = logged({"REQUEST_METHOD": "GET", "PATH_INFO": "/dump.nq"}, lambda *a: None)
    assert b"".join(body) == b"abcdef" and handler.records == []
    body.close()
    assert events == ["close"]
    (record,) = handler.records
    assert record["status"] == 200 and record["bytes"] == 6 and record["query"] is None


def test_access_log_records_an_app_that_raises() -> None:
    def app(environ, start_response):
        raise RuntimeError("boom")

    logged, handler = _logged(app)
    with pytest.raises(RuntimeError):
        logged({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, lambda *a: None)
    assert handler.records[0]["status"] == 500


def test_once_runs_the_recycle_a_single_time() -> None:
    calls: list[int] = []
    run = once(lambda: calls.append(1))
    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]


def test_granian_options_follow_the_settings() -> None:
    settings = load_settings(
        {"store": "unused", "threads": 6, "query_timeout": 20, "max_query_chars": 200_000, "workers": 3},
        environ={},
    )
    options = granian_options(settings)
    assert options["workers"] == 3 and options["blocking_threads"] == 6  # read-only: workers share the store
    assert options["workers_kill_timeout"] == 25 and options["respawn_failed_workers"] is True
    assert options["http1_settings"].max_buffer_size >= 600_000  # long GET queries fit
    writable = load_settings({"store": "unused", "workers": 3, "update_token": "t"}, environ={})
    assert granian_options(writable)["workers"] == 1  # a writer holds the embedded store alone
    remote_store = {"store": "http://127.0.0.1:1/sparql", "workers": 3, "update_token": "t"}
    remote = load_settings(remote_store, environ={})
    assert granian_options(remote)["workers"] == 3


def test_the_installed_granian_has_the_hooks_we_use() -> None:
    check_granian()


@pytest.mark.slow
def test_connections_wait_for_the_new_worker_during_a_recycle(server_factory) -> None:
    """Regression: with one socket per worker (granian's default on Linux) requests were refused or reset
    while the worker was replaced."""
    server = server_factory(filler=3000, query_timeout=1)
    old_workers = set(worker_pids(server))
    assert len(old_workers) == 2  # read-only: the default two workers share the store
    failures: list[str] = []
    answered: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        while not stop.is_set():
            try:
                resp = requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30)
                if resp.status_code == 200:
                    answered.append(time.monotonic())
                else:
                    failures.append(str(resp.status_code))
            except requests.RequestException as exc:
                failures.append(repr(exc))

    probes = [threading.Thread(target=probe) for _ in range(2)]
    for t in probes:
        t.start()
    try:
        resp = requests.post(server.sparql, data={"query": RUNAWAY}, timeout=30)
        assert resp.status_code == 503
        deadline = time.monotonic() + 20
        while old_workers <= set(worker_pids(server)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(old_workers & set(worker_pids(server))) == 1  # the runaway's worker is replaced
        gone = time.monotonic()
        time.sleep(1)
    finally:
        stop.set()
        for t in probes:
            t.join()
    assert failures == []
    assert any(t > gone for t in answered)  # the new worker answers the probes


@pytest.mark.slow
def test_sighup_replaces_the_worker(server_factory) -> None:
    server = server_factory(update_token="t0ken")  # writes enabled: one worker holds the store
    (old_worker,) = worker_pids(server)
    server.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    while old_worker in worker_pids(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True
    (new_worker,) = worker_pids(server)
    assert new_worker != old_worker and server.process.poll() is None


@pytest.mark.slow
def test_sighup_replaces_every_worker_and_a_recycle_only_its_own(server_factory) -> None:
    server = server_factory()  # read-only: two workers
    old_workers = set(worker_pids(server))
    assert len(old_workers) == 2
    server.process.send_signal(signal.SIGHUP)  # an operator's reload
    deadline = time.monotonic() + 20
    while old_workers & set(worker_pids(server)) and time.monotonic() < deadline:
        time.sleep(0.1)
    while len(worker_pids(server)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not old_workers & set(worker_pids(server)) and len(worker_pids(server)) == 2
    # a worker's own request (what recycle_worker sends) replaces that worker alone
    first, second = worker_pids(server)
    os.kill(first, signal.SIGUSR1)  # ignored in a worker: only the main process replaces workers
    time.sleep(0.5)
    assert set(worker_pids(server)) == {first, second}
    assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True


@pytest.mark.slow
def test_read_only_workers_share_the_store_and_keep_writers_out(server_factory, tmp_path: Path) -> None:
    server = server_factory(workers=3)
    workers = worker_pids(server)
    assert len(workers) == 3
    store_dir = tmp_path / "server0" / "store"
    for pid in workers:  # each worker has the store open, under the shared lock
        opened = {os.path.realpath(f) for f in Path(f"/proc/{pid}/fd").iterdir() if f.is_symlink()}
        assert str((store_dir / "ACCESS.lock").resolve()) in opened
    before = sorted(store_dir.glob("oxigraph/*"))
    article = tmp_path / "note.txt"
    article.write_text("Russia suspended the New START treaty on 21 February 2023.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", str(article), "--store", str(store_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0 and "in use by another process" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(store_dir.glob("oxigraph/*")) == before  # nothing was written
    assert requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30).json()["boolean"] is True


def test_every_nth_response_asks_the_client_to_reconnect() -> None:
    def app(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    spread = SpreadConnections(app, every=3)
    sent: list[list[tuple[str, str]]] = []
    for _ in range(7):
        assert list(spread({}, lambda status, headers, exc_info=None: sent.append(headers))) == [b"ok"]
    closing = [i for i, headers in enumerate(sent, start=1) if ("Connection", "close") in headers]
    assert closing == [3, 6]
    assert all(("Content-Type", "text/plain") in headers for headers in sent)


@pytest.mark.slow
def test_keep_alive_clients_of_several_workers_are_asked_to_reconnect(server_factory) -> None:
    """The connection is closed after a response with ``Connection: close`` and the client goes on."""
    from http.client import HTTPConnection

    server = server_factory(workers=2)
    conn = HTTPConnection("127.0.0.1", server.port, timeout=10)
    closed_at = None
    for n in range(1, SPREAD_EVERY + 50):
        conn.request("GET", "/sparql?query=ASK%7B%7D")
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read()
        if resp.getheader("Connection", "").lower() == "close":
            closed_at = n
            break
    assert closed_at is not None and closed_at <= SPREAD_EVERY
    conn.request("GET", "/sparql?query=ASK%7B%7D")  # http.client reconnects
    assert conn.getresponse().status == 200
    conn.close()
