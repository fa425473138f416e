"""Bounded concurrency (server/limits.py): query slots, 503 + Retry-After when saturated, health checks
that never wait; the nesting guard that keeps the SPARQL parser from overflowing its stack."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from kg.config import load_settings
from kg.errors import QueryError, UserError
from kg.guards import check_xml, json_nesting
from kg.store.sparqltext import check_nesting, sparql_nesting
from server import create_app
from server.limits import QuerySlots, slot_capacity
from tests.server.conftest import worker_pids

CHEAP = "ASK {}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_slot_capacity_defaults_to_threads_minus_one() -> None:
    assert slot_capacity(load_settings({"threads": 4}, environ={})) == 3
    assert slot_capacity(load_settings({"threads": 1}, environ={})) == 1
    assert slot_capacity(load_settings({"threads": 4, "max_concurrent_queries": 9}, environ={})) == 9


def test_query_slots_count_and_time_out() -> None:
    slots = QuerySlots(2)
    assert slots.acquire(0) and slots.acquire(0)
    assert slots.in_use == 2
    started = time.monotonic()
    assert not slots.acquire(0.2)
    assert 0.15 < time.monotonic() - started < 1
    slots.release()
    assert slots.acquire(0) and slots.in_use == 2


def test_saturated_app_answers_503_with_retry_after_and_health_still_answers(
    sparql_store, monkeypatch
) -> None:
    settings = load_settings(
        {"store": "unused", "max_concurrent_queries": 1, "queue_timeout": 0.2}, environ={}
    )
    app = create_app(settings, store=sparql_store)
    release = threading.Event()
    entered = threading.Event()
    real_execute = sparql_store.execute

    def blocking_execute(query: str, **kwargs):
        if query == RUNAWAY:
            entered.set()
            release.wait(10)
        return real_execute(CHEAP if query == RUNAWAY else query, **kwargs)

    monkeypatch.setattr(sparql_store, "execute", blocking_execute)
    with ThreadPoolExecutor(1) as pool:
        heavy = pool.submit(lambda: app.test_client().get("/sparql", query_string={"query": RUNAWAY}))
        assert entered.wait(5)
        client = app.test_client()
        started = time.monotonic()
        busy = client.get("/sparql", query_string={"query": CHEAP})
        assert busy.status_code == 503
        assert busy.headers["Retry-After"].isdigit()
        assert "busy" in busy.get_data(as_text=True)
        assert time.monotonic() - started < 2
        assert client.get("/healthz").status_code == 200
        release.set()
        assert heavy.result(10).status_code == 200
    assert client.get("/sparql", query_string={"query": CHEAP}).json["boolean"] is True


def test_sparql_nesting_counts_brackets_and_bangs_outside_strings() -> None:
    assert sparql_nesting('SELECT * { FILTER(?x != "((((") }') == 2
    assert sparql_nesting("ASK { FILTER(!!true) }") == 4
    assert sparql_nesting("SELECT * WHERE { <http://e/(((> ?p ?o } # ((((") == 1


def test_check_nesting_refuses_one_level_past_the_limit_and_ignores_brackets_in_strings() -> None:
    check_nesting("ASK { FILTER(" + "(" * 8 + "true" + ")" * 8 + ") }", limit=10)
    with pytest.raises(QueryError, match="nests too deeply"):
        check_nesting("ASK { FILTER(" + "(" * 9 + "true" + ")" * 9 + ") }", limit=10)
    with pytest.raises(QueryError, match="nests too deeply"):
        check_nesting("ASK { FILTER(" + "!" * 9 + "true) }", limit=10)
    # Many brackets in all, few nested: counted past the quick bound, then accepted by the tokeniser.
    check_nesting('SELECT * { ?s ?p "' + "((((" * 10 + '" } # ' + "{{{{" * 10, limit=10)


def test_json_nesting_skips_strings() -> None:
    assert json_nesting(b'{"a": "[[[[{{{{", "b": [[1], {"c": []}]}') == 4
    assert json_nesting(b'"\\"[[[["') == 0


def test_check_xml_accepts_plain_rdfxml_and_refuses_hostile_xml() -> None:
    check_xml(b'<r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', max_expansion=100)
    for bad in (
        b'<!DOCTYPE a [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><a>&b;</a>',
        b'<!DOCTYPE a [<!ENTITY e SYSTEM "http://127.0.0.1:9/">]><a>&e;</a>',
        b'<!DOCTYPE a [<!ENTITY e "' + b"x" * 200 + b'">]><a>&e;</a>',
        b"<a>" * 300 + b"</a>" * 300,
        b"<a><b></a>",
    ):
        with pytest.raises(UserError):
            check_xml(bad, max_expansion=100)


# --- a live server under a runaway load ----------------------------------------------------------------
@pytest.mark.slow
def test_runaway_queries_saturate_then_cheap_queries_answer_again(server_factory) -> None:
    server = server_factory(
        filler=3000, workers=1, threads=5, max_concurrent_queries=3, queue_timeout=0.5, query_timeout=4
    )  # one worker: its query slots are what is measured
    cheap = {"query": CHEAP}
    with ThreadPoolExecutor(3) as pool:
        started = time.monotonic()
        heavy = [
            pool.submit(requests.post, server.sparql, data={"query": RUNAWAY}, timeout=60) for _ in range(2)
        ]
        time.sleep(0.5)
        # Two runaway evaluations hold two of three slots: a cheap query still answers, while they run
        # (not after one of them ends: that is what a queue behind them would look like).
        assert requests.get(server.sparql, params=cheap, timeout=10).status_code == 200
        assert not any(future.done() for future in heavy), "the cheap query waited for a runaway one"
        heavy.append(pool.submit(requests.post, server.sparql, data={"query": RUNAWAY}, timeout=60))
        time.sleep(0.5)
        # Now all three are taken: a cheap query that must be evaluated gets 503 with Retry-After quickly;
        # the one answered before comes from the response cache, which needs no slot; health answers.
        busy = requests.get(server.sparql, params={"query": CHEAP + " # another text"}, timeout=10)
        assert busy.status_code == 503 and busy.headers["Retry-After"].isdigit()
        assert not any(future.done() for future in heavy), "the refusal waited for a runaway query"
        cached = requests.get(server.sparql, params=cheap, timeout=10)
        assert cached.status_code == 200 and cached.headers["X-Cache"] == "hit"
        assert requests.get(server.url + "/healthz", timeout=5).text == "ok\n"
        # The runaways are abandoned at the timeout.
        for future in heavy:
            resp = future.result()
            assert resp.status_code == 503 and "time limit" in resp.text
        assert time.monotonic() - started < 4 + 5
    # The worker is recycled; then cheap queries answer again.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(server.sparql, params=cheap, timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    else:
        pytest.fail("the server did not answer after the runaway queries")


@pytest.mark.slow
def test_deep_query_does_not_kill_the_worker(server_factory) -> None:
    server = server_factory(workers=1, max_query_chars=100_000, max_request_bytes=200_000)
    (worker,) = worker_pids(server)
    deep = "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }"
    resp = requests.post(server.sparql, data={"query": deep}, timeout=30)
    assert resp.status_code == 400 and "nests too deeply" in resp.text
    assert requests.get(server.sparql, params={"query": CHEAP}, timeout=10).status_code == 200
    assert worker_pids(server) == [worker]
