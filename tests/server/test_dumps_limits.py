"""Dumps and graph exports under the server's limits: a streamed dump keeps its query slot until the
stream ends; a graph export's CONSTRUCT runs within query_timeout and the SERVICE allow-list, as on
/sparql."""

from __future__ import annotations

import time
from http.client import HTTPConnection

import pytest
from rdflib import Graph, Literal, Namespace

from kg.config import load_settings
from kg.store import Store, open_store
from server import create_app
from tests.server.conftest import built_store_dir, fill, start_server, stop_server

EX = Namespace("http://example.org/")
CHEAP = "ASK {}"
#: Half a million rows of cross product on the filler: a couple of seconds, then it ends by itself.
RUNAWAY = "CONSTRUCT { ?a <http://example.org/near> ?b } WHERE { ?a ?p ?x . ?b ?q ?y }"
NO_SERVICE = "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def filler_store() -> Store:
    """The fixture graphs plus 600 filler triples (enough for RUNAWAY to outlast a small timeout)."""
    store = fill(open_store(None))
    g = Graph()
    for i in range(600):
        g.add((EX[f"thing{i}"], EX.rank, Literal(i)))
    store.replace_graph("http://example.org/graph/filler", g)
    return store


# --- the dump's query slot ---------------------------------------------------------------------------------
@pytest.mark.parametrize("gzip", [False, True])
def test_a_dump_holds_its_query_slot_until_the_stream_ends(sparql_store, gzip):
    settings = {"store": "unused", "max_concurrent_queries": 1, "queue_timeout": 0.2}
    client = create_app(load_settings(settings, environ={}), store=sparql_store).test_client()
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    dump = client.get("/dump.nq", headers=headers, buffered=False)
    assert dump.status_code == 200
    assert next(iter(dump.response))  # the client reads slowly: one chunk so far
    busy = client.get("/sparql", query_string={"query": CHEAP})
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "1"
    dump.close()  # the stream ends (or the client goes away): the slot comes back
    resp = client.get("/sparql", query_string={"query": CHEAP})
    assert resp.status_code == 200 and resp.json["boolean"] is True


def test_a_dump_read_to_the_end_or_never_read_gives_its_slot_back(sparql_store):
    settings = {"store": "unused", "max_concurrent_queries": 1, "queue_timeout": 0.2}
    client = create_app(load_settings(settings, environ={}), store=sparql_store).test_client()
    for _ in range(3):  # read to the end, not closed
        resp = client.get("/dump.jsonld")
        assert resp.status_code == 200 and resp.data.endswith(b"]}\n")
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200
    head = client.head("/dump.nq")  # the body is never read; the server closes the response
    assert head.status_code == 200
    head.close()
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200


# --- the CONSTRUCT of a graph export -------------------------------------------------------------------
def test_construct_export_times_out_like_sparql_and_recycles_the_worker(filler_store):
    calls: list[str] = []
    # the row cap off: with it, /sparql stops the cross product at the cap and answers in time
    settings = load_settings({"store": "unused", "query_timeout": 0.3, "result_row_cap": 0}, environ={})
    app = create_app(settings, store=filler_store, on_abandon=lambda: calls.append("recycle"))
    client = app.test_client()
    answers = {}
    for path, params in (
        ("/sparql", {"query": RUNAWAY}),
        ("/export/graph.graphml", {"construct": RUNAWAY}),
    ):
        started = time.monotonic()
        resp = client.post(path, data=params)
        answers[path] = (resp.status_code, resp.headers.get("Retry-After"), resp.get_data(as_text=True))
        assert time.monotonic() - started < 1.5, path
        resp.close()
    assert answers["/export/graph.graphml"] == answers["/sparql"]
    status, retry_after, text = answers["/export/graph.graphml"]
    assert status == 503 and retry_after == "5" and "time limit" in text
    assert calls == ["recycle", "recycle"]  # the worker holding the runaway evaluation is replaced


def test_construct_export_within_the_timeout_answers(filler_store):
    settings = load_settings({"store": "unused", "query_timeout": 30}, environ={})
    client = create_app(settings, store=filler_store).test_client()
    query = "CONSTRUCT { ?a <http://example.org/next> ?b } WHERE { ?a <http://example.org/rank> 1 . ?b ?p 2 }"
    assert client.get("/export/graph.graphml", query_string={"construct": query}).status_code == 200


@pytest.mark.parametrize("allowlist", ["", "http://127.0.0.1:9/"])
def test_construct_export_service_follows_the_allowlist_like_sparql(sparql_store, allowlist):
    settings = load_settings({"store": "unused", "service_allowlist": allowlist}, environ={})
    client = create_app(settings, store=sparql_store).test_client()
    sparql = client.get("/sparql", query_string={"query": NO_SERVICE})
    export = client.get("/export/graph.graphml", query_string={"construct": NO_SERVICE})
    assert export.status_code == sparql.status_code == 400
    assert export.get_data(as_text=True) == sparql.get_data(as_text=True)
    refused = "SERVICE (federated query) is not allowed" in export.get_data(as_text=True)
    assert refused == (not allowlist)  # allow-listed: the call is tried (and fails: nothing listens)


@pytest.mark.slow
def test_a_dump_holds_its_slot_on_a_real_server_until_the_client_goes_away(tmp_path):
    import requests

    store_dir = built_store_dir(tmp_path / "store")
    with Store(store_dir) as store:  # ten graphs that take the server seconds to write as JSON-LD
        for n in range(10):
            g = Graph()
            for i in range(4000):
                g.add((EX[f"thing{n}-{i}"], EX.rank, Literal(i)))
            store.replace_graph(f"http://example.org/graph/filler{n}", g)
    server = start_server(
        store_dir, tmp_path / "server.log", workers=1, max_concurrent_queries=1, queue_timeout=0.5, threads=4
    )  # one worker: its one query slot is what the test watches
    cheap = {"query": CHEAP}
    try:
        # http.client, not requests.get(stream=True): that closes its session (and so the connection)
        dump = HTTPConnection("127.0.0.1", server.port, timeout=30)
        dump.request("GET", "/dump.jsonld", headers={"Accept-Encoding": "gzip"})
        resp = dump.getresponse()
        assert resp.status == 200 and resp.getheader("Content-Encoding") == "gzip"
        assert resp.read(1024)  # then the client stops reading
        busy = requests.get(server.sparql, params=cheap, timeout=10)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
        dump.close()  # the client goes away
        deadline = time.monotonic() + 30  # the server notices the closed connection at its next write
        while time.monotonic() < deadline:
            if requests.get(server.sparql, params=cheap, timeout=10).status_code == 200:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the slot of the abandoned dump never came back")
    finally:
        stop_server(server)
