"""The result-row cap on ``/sparql`` (issue 6): exactly ``result_row_cap`` rows, signalled by headers
that cross-origin scripts can read, cached per cap, in every format."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kg.config import load_settings
from kg.formats import FORMATS, get_format, to_rdf_format, to_results_format
from kg.store import Store
from server import create_app
from server.headers import ROW_CAP_HEADER, TRUNCATED_HEADER

EX = "http://example.org/"
CAP = 5
ROWS = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?o"
TRIPLES = "CONSTRUCT { ?s <http://example.org/p> ?o } WHERE { ?s <http://example.org/p> ?o }"


def numbered_store(n: int = 12) -> Store:
    """An in-memory store with ``n`` triples ``ex:s<i> ex:p "<i>"`` in one named graph."""
    store = Store()
    g = ox.NamedNode(EX + "g")
    store._ox.extend(
        ox.Quad(ox.NamedNode(f"{EX}s{i:03d}"), ox.NamedNode(EX + "p"), ox.Literal(f"{i:03d}"), g)
        for i in range(n)
    )
    store._bulk_copy_to_default(g)
    return store


def client_with_row_cap(cap: int, store: Store | None = None):
    """A test client of an app whose ``result_row_cap`` is ``cap``."""
    settings = load_settings({"store": "unused", "result_row_cap": cap}, environ={})
    app = create_app(settings, store=store or numbered_store())
    app.testing = True
    return app.test_client()


def get(client, query: str, fmt: str = "json", **headers: str):
    accept = get_format(fmt).media_type
    return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept, **headers})


def count(body: bytes, fmt: str) -> int:
    """Solutions or triples in a body, read back with a parser."""
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1
    f = get_format(fmt)
    if f.kind == "results":
        return sum(1 for _ in ox.parse_query_results(body, format=to_results_format(f)))
    return len(list(ox.parse(body, format=to_rdf_format(f))))


@pytest.fixture
def client_with_row_cap_5():
    """A client of an app capping answers at five rows, over twelve rows of data."""
    return client_with_row_cap(CAP)


def test_a_query_over_the_cap_gets_exactly_cap_rows_and_says_so(client_with_row_cap_5):
    resp = get(client_with_row_cap_5, ROWS)
    assert resp.status_code == 200
    assert resp.headers[TRUNCATED_HEADER] == "true"
    assert resp.headers[ROW_CAP_HEADER] == str(CAP)
    values = [b["o"]["value"] for b in json.loads(resp.data)["results"]["bindings"]]
    assert values == ["000", "001", "002", "003", "004"]


def test_the_headers_are_exposed_to_cross_origin_scripts(client_with_row_cap_5):
    resp = get(client_with_row_cap_5, ROWS, Origin="https://elsewhere.example")
    exposed = [h.strip() for h in resp.headers["Access-Control-Expose-Headers"].split(",")]
    assert TRUNCATED_HEADER in exposed and ROW_CAP_HEADER in exposed


@pytest.mark.parametrize("limit", [CAP - 1, CAP])
def test_a_query_under_or_at_the_cap_is_not_marked_truncated(client_with_row_cap_5, limit):
    resp = get(client_with_row_cap_5, f"{ROWS} LIMIT {limit}")
    assert resp.status_code == 200
    assert TRUNCATED_HEADER not in resp.headers
    assert resp.headers[ROW_CAP_HEADER] == str(CAP)
    assert count(resp.data, "json") == limit


def test_construct_is_capped_by_triples(client_with_row_cap_5):
    resp = get(client_with_row_cap_5, TRIPLES, "ntriples")
    assert resp.headers[TRUNCATED_HEADER] == "true"
    assert resp.data.count(b"\n") == CAP and count(resp.data, "ntriples") == CAP


def test_ask_is_not_capped(client_with_row_cap_5):
    resp = get(client_with_row_cap_5, "ASK { ?s ?p ?o }")
    assert json.loads(resp.data)["boolean"] is True
    assert ROW_CAP_HEADER not in resp.headers and TRUNCATED_HEADER not in resp.headers


def test_cap_zero_is_off():
    resp = get(client_with_row_cap(0), ROWS)
    assert count(resp.data, "json") == 12
    assert ROW_CAP_HEADER not in resp.headers and TRUNCATED_HEADER not in resp.headers


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS])
def test_every_format_parses_under_truncation(client_with_row_cap_5, fmt):
    query = ROWS if get_format(fmt).kind == "results" else TRIPLES
    resp = get(client_with_row_cap_5, query, fmt)
    assert resp.status_code == 200 and resp.mimetype == get_format(fmt).media_type
    assert resp.headers[TRUNCATED_HEADER] == "true"
    assert count(resp.data, fmt) == CAP


def test_a_cached_answer_keeps_the_truncated_flag(client_with_row_cap_5):
    first = get(client_with_row_cap_5, ROWS)
    second = get(client_with_row_cap_5, ROWS)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert second.headers[TRUNCATED_HEADER] == "true" and second.headers[ROW_CAP_HEADER] == str(CAP)
    assert second.data == first.data


def test_the_cache_is_keyed_on_the_cap(client_with_row_cap_5):
    capped = get(client_with_row_cap_5, ROWS)
    state = client_with_row_cap_5.application.extensions["treatygraph"]
    state.settings = state.settings.replace(result_row_cap=100)
    uncapped = get(client_with_row_cap_5, ROWS)
    assert uncapped.headers["X-Cache"] == "miss"
    assert TRUNCATED_HEADER not in uncapped.headers and uncapped.headers[ROW_CAP_HEADER] == "100"
    assert count(uncapped.data, "json") == 12
    assert uncapped.headers["ETag"] != capped.headers["ETag"]


def test_named_queries_over_http_are_capped_the_same_way(store_with_fixture_graph):
    client = client_with_row_cap(2, store=store_with_fixture_graph)
    resp = client.get("/queries/class-counts", headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200
    assert len(json.loads(resp.data)["results"]["bindings"]) == 2
    assert resp.headers[TRUNCATED_HEADER] == "true" and resp.headers[ROW_CAP_HEADER] == "2"
    uncapped = client_with_row_cap(0, store=store_with_fixture_graph).get(
        "/queries/class-counts", headers={"Accept": "application/sparql-results+json"}
    )
    assert len(json.loads(uncapped.data)["results"]["bindings"]) > 2
    assert TRUNCATED_HEADER not in uncapped.headers and ROW_CAP_HEADER not in uncapped.headers
