"""Health checks, HTTP hygiene and process behaviour: /healthz and /readyz, security headers, no stack
traces, JSON access logs, clean shutdown on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import pytest
import requests

from kg.store import open_store
from server.headers import CONTENT_SECURITY_POLICY
from tests.server.conftest import PEOPLE_GRAPH, ROOT, built_store_dir, free_port


def test_healthz_is_ok(sparql_client) -> None:
    resp = sparql_client.get("/healthz")
    assert resp.status_code == 200 and resp.get_data(as_text=True) == "ok\n"
    assert resp.headers["Cache-Control"] == "no-store"


def test_readyz_when_the_store_answers(sparql_client) -> None:
    resp = sparql_client.get("/readyz")
    assert resp.status_code == 200 and resp.get_data(as_text=True) == "ready\n"


def test_readyz_is_503_when_the_store_fails(sparql_client, sparql_store, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire at /secret/path")

    monkeypatch.setattr(sparql_store, "execute", broken)
    resp = sparql_client.get("/readyz")
    assert resp.status_code == 503
    assert "/secret/path" not in resp.get_data(as_text=True)
    assert sparql_client.get("/healthz").status_code == 200


def test_security_headers_on_html_and_nosniff_everywhere(sparql_client) -> None:
    page = sparql_client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    answer = sparql_client.get("/sparql", query_string={"query": "ASK {}"})
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in answer.headers
    missing = sparql_client.get("/no/such/page")
    assert missing.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("graph_names", "/sparql"),
        ("has_graph", f"/data?graph={PEOPLE_GRAPH}"),
        ("execute", "/queries/class-counts"),
        ("execute", "/id/state/russia"),
    ],
)
def test_internal_errors_are_generic_500s(
    sparql_client, sparql_store, monkeypatch, method: str, url: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals at /home/secret/store")

    monkeypatch.setattr(sparql_store, method, broken)
    for accept in ("text/plain", "application/json"):
        resp = sparql_client.get(url, headers={"Accept": accept})
        assert resp.status_code == 500
        text = resp.get_data(as_text=True)
        assert "internal server error" in text
        assert "Traceback" not in text and "secret" not in text and "RuntimeError" not in text


# --- the live server -----------------------------------------------------------------------------------
def access_lines(log: str) -> list[dict]:
    """The JSON access-log records in a server log."""
    records = []
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    return records


@pytest.mark.slow
def test_access_log_is_json_lines(server_factory) -> None:
    server = server_factory()
    requests.get(server.sparql, params={"query": "ASK {}"}, headers={"User-Agent": "probe/1"}, timeout=10)
    requests.get(server.url + "/no/such/thing", timeout=10)
    deadline = time.monotonic() + 5
    records: list[dict] = []
    while time.monotonic() < deadline:
        records = [
            r for r in access_lines(server.log()) if r.get("user_agent") == "probe/1" or r["status"] == 404
        ]
        if len(records) >= 2:
            break
        time.sleep(0.1)
    ask, missing = records[-2:]
    assert {"time", "method", "path", "query", "status", "duration_ms", "bytes", "remote_addr"} <= set(ask)
    assert ask["method"] == "GET" and ask["path"] == "/sparql" and ask["status"] == 200
    assert ask["remote_addr"] == "127.0.0.1" and ask["bytes"] > 0 and ask["duration_ms"] >= 0
    assert missing["path"] == "/no/such/thing" and missing["status"] == 404


@pytest.mark.slow
def test_sigterm_stops_cleanly_and_the_store_reopens(server_factory, tmp_path) -> None:
    server = server_factory()
    assert requests.get(server.url + "/readyz", timeout=10).status_code == 200
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=15) == 0
    assert time.monotonic() - started < 5
    assert "closed the store" in server.log()
    with open_store(tmp_path / "server0" / "store") as store:
        assert store.count(PEOPLE_GRAPH) == 8


@pytest.mark.slow
def test_sigterm_while_a_worker_is_still_starting_stops_it_too(tmp_path) -> None:
    # A worker loading the app has not yet installed granian's stop handlers: the stop must not be lost
    # (it was: that worker served on until killed after the grace period, 35 s with the defaults).
    store_dir = built_store_dir(tmp_path / "store")
    log_path = tmp_path / "server.log"
    argv = [sys.executable, "-m", "server.wsgi", "--store", str(store_dir), "--port", str(free_port())]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while "Spawning worker-2" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)  # worker-2 is forked and loading the app
        try:
            assert proc.wait(timeout=15) == 0
        except subprocess.TimeoutExpired:
            pytest.fail("the server did not stop within 15 s:\n" + log_path.read_text())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log_text = log_path.read_text()
    assert log_text.count("closed the store") == 2, log_text
    assert "refused to gracefully stop" not in log_text
