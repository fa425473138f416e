"""server.fastpath: a plain query operation answered without Flask gets exactly what the app alone gives
(status, headers, body), errors included; everything else still goes to the app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from werkzeug.test import Client

from kg.config import load_settings
from kg.store import open_store
from server import create_app
from server.fastpath import SparqlFastPath
from tests.server.conftest import KNOWS_GRAPH, PEOPLE_GRAPH, fill

NAMES = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name"
KNOWS = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> CONSTRUCT { ?a foaf:knows ?b } WHERE { ?a foaf:knows ?b }"
SETTINGS = {"store": "unused", "max_query_chars": 5000, "max_request_bytes": 20000, "result_row_cap": 3}


class _Counting:
    """The Flask app, counting the requests that reach it."""

    def __init__(self, app: Any) -> None:
        self.app, self.calls = app, 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        return self.app(environ, start_response)


@pytest.fixture
def clients() -> tuple[Client, Client, _Counting]:
    """(the app behind the fast path, the app alone, the counter of the first one's app calls). Each app
    has its own answer cache, over the same store."""
    settings = load_settings(SETTINGS, environ={})
    store = fill(open_store(None))
    fast_app = create_app(settings, store=store)
    counting = _Counting(fast_app)
    front = SparqlFastPath(fast_app)
    front.app = counting
    return Client(front), Client(create_app(settings, store=store)), counting


def _seen(resp: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = sorted((k, v) for k, v in resp.headers.items() if k not in ("Date", "Server"))
    return resp.status_code, headers, resp.get_data()


FAST = [
    ("GET", {"query_string": {"query": NAMES}}),
    ("GET", {"query_string": {"query": NAMES}, "headers": {"Accept": "application/sparql-results+xml"}}),
    ("GET", {"query_string": {"query": NAMES}, "headers": {"Accept": "text/csv"}}),
    (
        "GET",
        {"query_string": {"query": NAMES}, "headers": {"Accept": "text/tab-separated-values, */*;q=0.1"}},
    ),
    ("GET", {"query_string": {"query": "ASK { ?s ?p ?o }"}, "headers": {"Accept": "*/*"}}),
    ("GET", {"query_string": {"query": NAMES, "default-graph-uri": PEOPLE_GRAPH}}),
    ("GET", {"query_string": {"query": "SELECT (<rel> AS ?iri) {}"}, "headers": {"Host": "example.org:80"}}),
    ("GET", {"query_string": {"query": NAMES}, "headers": {"Cache-Control": "no-cache"}}),
    (
        "POST",
        {"data": KNOWS, "content_type": "application/sparql-query", "headers": {"Accept": "text/turtle"}},
    ),
    ("POST", {"data": KNOWS, "content_type": "application/sparql-query", "headers": {"Accept": "text/html"}}),
    ("POST", {"data": {"query": NAMES, "named-graph-uri": KNOWS_GRAPH}}),
    ("POST", {"data": "SELECT * WHERE { ?s ?p ?o }", "content_type": "application/sparql-query"}),  # capped
    # Errors: relayed to the app, rendered by its handlers
    ("GET", {"query_string": {"query": "SELECT WHERE {"}}),
    ("GET", {"query_string": {"query": NAMES}, "headers": {"Accept": "image/png"}}),
    ("GET", {"query_string": {"query": "ASK {} #" + "x" * 5000}}),
    ("GET", {"query_string": {"query": "ASK { FILTER(" + "(" * 300 + "true" + ")" * 300 + ") }"}}),
    ("GET", {"query_string": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}}),
    ("GET", {"query_string": {"query": NAMES, "default-graph-uri": "not an iri"}}),
    ("POST", {"data": {"query": "   "}}),
]

TO_THE_APP = [
    ("GET", {"query_string": {"query": NAMES, "format": "xml"}}),
    ("GET", {"query_string": {"query": NAMES}, "headers": {"If-None-Match": '"x"'}}),
    ("GET", {"query_string": {"query": NAMES, "query2": "x"}}),
    ("GET", {"query_string": {"query": [NAMES, NAMES]}}),
    ("GET", {"query_string": {"update": "CLEAR ALL"}}),
    ("GET", {}),  # the service description
    ("OPTIONS", {}),
    ("POST", {"data": NAMES, "content_type": "application/sparql-query; charset=utf-8"}),
    ("POST", {"data": NAMES.encode("utf-16"), "content_type": "application/sparql-query"}),
    ("POST", {"data": "\ufeff" + NAMES, "content_type": "application/sparql-query"}),
    ("POST", {"data": "CLEAR ALL", "content_type": "application/sparql-update"}),
    ("POST", {"data": {"update": "CLEAR ALL"}}),
    ("POST", {"data": NAMES, "content_type": "text/plain"}),
    ("POST", {"data": "x" * 30000, "content_type": "application/sparql-query"}),
]


@pytest.mark.parametrize(("method", "kwargs"), FAST, ids=[f"fast-{i}" for i in range(len(FAST))])
def test_answered_without_the_app_exactly_as_the_app_answers(clients, method: str, kwargs: dict) -> None:
    fast, plain, counting = clients
    for _ in range(2):  # the second time from the answer caches (X-Cache: hit on both)
        before = counting.calls
        got, want = (
            fast.open("/sparql", method=method, **kwargs),
            plain.open("/sparql", method=method, **kwargs),
        )
        assert _seen(got) == _seen(want)
        if got.status_code == 200:
            assert counting.calls == before  # answered by the fast path
        else:
            assert counting.calls == before + 1  # relayed: the app rendered the error


def test_the_fast_answers_are_the_ones_users_rely_on(clients) -> None:
    fast, _plain, _counting = clients
    resp = fast.get(
        "/sparql", query_string={"query": NAMES}, headers={"Accept": "application/sparql-results+json"}
    )
    assert resp.status_code == 200 and resp.mimetype == "application/sparql-results+json"
    assert [b["name"]["value"] for b in resp.json["results"]["bindings"]][:2] == ["Alice", "Bob"]
    assert (
        resp.headers["Access-Control-Allow-Origin"] == "*"
        and resp.headers["X-Content-Type-Options"] == "nosniff"
    )
    assert resp.headers["ETag"].startswith('"') and resp.headers["X-Cache"] == "miss"
    capped = fast.post("/sparql", data="SELECT * WHERE { ?s ?p ?o }", content_type="application/sparql-query")
    assert (
        capped.headers["Treatygraph-Result-Truncated"] == "true"
        and len(capped.json["results"]["bindings"]) == 3
    )


@pytest.mark.parametrize(("method", "kwargs"), TO_THE_APP, ids=[f"app-{i}" for i in range(len(TO_THE_APP))])
def test_other_requests_go_to_the_app_untouched(clients, method: str, kwargs: dict) -> None:
    fast, plain, counting = clients
    got, want = fast.open("/sparql", method=method, **kwargs), plain.open("/sparql", method=method, **kwargs)
    assert counting.calls == 1
    if method == "GET" and not kwargs:  # the service description: blank nodes, in no fixed order
        assert (got.status_code, got.mimetype) == (want.status_code, want.mimetype) == (200, "text/turtle")
        return
    assert _seen(got) == _seen(want)
