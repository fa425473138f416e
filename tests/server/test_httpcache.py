"""The response cache in front of the app (server/httpcache.py): a repeated query is answered with the
same bytes and headers without entering Flask, per format, per store version, never for conditional,
no-cache or non-query requests, and never for an error."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from kg.config import load_settings
from kg.errors import QueryTimeout
from server import create_app
from server.httpcache import ResponseCache, with_response_cache
from server.sparql import CACHE_EXTENSION
from tests.server.conftest import EX, PEOPLE_GRAPH

QUERY = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"


class Counting:
    """A store wrapper that counts evaluations (a hit must not evaluate or even enter the view)."""

    def __init__(self, store) -> None:  # noqa: ANN001
        self._store, self.evaluations = store, 0

    def execute(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        self.evaluations += 1
        return self._store.execute(*args, **kwargs)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._store, name)


@pytest.fixture
def stack(sparql_settings, sparql_store):  # noqa: ANN001, ANN201
    """(a WSGI client of the app behind the response cache, the Flask app, the counting store)."""
    store = Counting(sparql_store)
    app = create_app(sparql_settings, store=sparql_store)
    app.extensions["treatygraph"].store = store
    views = {"n": 0}
    app.before_request(lambda: views.__setitem__("n", views["n"] + 1))
    wrapped = with_response_cache(app, app)
    assert isinstance(wrapped, ResponseCache)
    return Client(wrapped), app, store, views


def get(client: Client, query: str = QUERY, accept: str = JSON, **headers: str):  # noqa: ANN201
    return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept, **headers})


def test_a_repeated_query_is_replayed_without_entering_flask(stack) -> None:  # noqa: ANN001
    client, _, store, views = stack
    first, second = get(client), get(client)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (
        second.data == first.data
        and first.headers["X-Cache"] == "miss"
        and second.headers["X-Cache"] == "hit"
    )
    assert views["n"] == 1 and store.evaluations == 1
    same = {k: v for k, v in first.headers.items() if k != "X-Cache"}
    assert {k: v for k, v in second.headers.items() if k != "X-Cache"} == same
    # the headers the app's hooks add come back too: CORS, nosniff, ETag, Vary
    assert second.headers["Access-Control-Allow-Origin"] == "*" and "ETag" in second.headers
    assert second.headers["X-Content-Type-Options"] == "nosniff" and "Accept" in second.headers["Vary"]


def test_posted_queries_are_replayed_too(stack) -> None:  # noqa: ANN001
    client, _, store, views = stack
    for _ in range(3):
        resp = client.post(
            "/sparql", data=QUERY, headers={"Content-Type": "application/sparql-query", "Accept": JSON}
        )
        assert resp.status_code == 200
    assert views["n"] == 1 and resp.headers["X-Cache"] == "hit"
    other = client.post(
        "/sparql", data=QUERY + " LIMIT 1", headers={"Content-Type": "application/sparql-query"}
    )
    assert other.headers["X-Cache"] == "miss" and views["n"] == 2


def test_each_format_and_host_is_its_own_entry(stack) -> None:  # noqa: ANN001
    client, _, _, views = stack
    as_json, as_xml = get(client, accept=JSON), get(client, accept=XML)
    assert as_json.headers["Content-Type"].startswith(JSON) and as_xml.headers["Content-Type"].startswith(XML)
    assert get(client, accept=XML).data == as_xml.data
    elsewhere = client.get(
        "/sparql", query_string={"query": QUERY}, headers={"Accept": JSON, "Host": "other.example"}
    )
    assert elsewhere.headers["X-Cache"] == "miss" and views["n"] == 3  # another base IRI: its own answer


def test_a_write_empties_it(stack) -> None:  # noqa: ANN001
    client, app, store, views = stack
    before = get(client)
    app.extensions["treatygraph"].store._store.update(
        f'INSERT DATA {{ GRAPH <{PEOPLE_GRAPH}> {{ <{EX}zed> <http://xmlns.com/foaf/0.1/name> "Zed" }} }}'
    )
    after = get(client)
    assert after.headers["X-Cache"] == "miss" and b"Zed" in after.data and b"Zed" not in before.data
    assert views["n"] == 2


@pytest.mark.parametrize(
    "headers", [{"Cache-Control": "no-cache"}, {"Pragma": "no-cache"}, {"Cache-Control": "no-store"}]
)
def test_no_cache_requests_go_through(stack, headers) -> None:  # noqa: ANN001
    client, _, _, views = stack
    get(client)
    get(client, **headers)
    assert views["n"] == 2


def test_cache_control_is_read_by_directive_as_the_app_reads_it(stack) -> None:  # noqa: ANN001
    client, _, store, views = stack
    get(client)
    # an extension directive that merely contains "no-cache" asks for nothing: replayed, as the app
    # itself would answer from its answer cache (server.cache.no_cache_requested)
    replayed = get(client, **{"Cache-Control": "max-age=60, x-no-cache-ext"})
    assert replayed.headers["X-Cache"] == "hit" and views["n"] == 1
    fresh = get(client, **{"Cache-Control": "max-age=60, No-Cache"})
    assert views["n"] == 2 and store.evaluations == 2 and fresh.headers["X-Cache"] != "hit"


def test_conditional_requests_go_through_and_get_their_304(stack) -> None:  # noqa: ANN001
    client, _, _, views = stack
    etag = get(client).headers["ETag"]
    again = get(client, **{"If-None-Match": etag})
    assert again.status_code == 304 and views["n"] == 2


def test_errors_updates_and_other_paths_are_never_replayed(stack) -> None:  # noqa: ANN001
    client, _, store, views = stack
    for _ in range(2):
        assert get(client, query="SELECT nonsense").status_code == 400
    form = {"update": f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"}
    for _ in range(2):
        assert client.post("/sparql", data=form).status_code in (400, 403, 405)
    for _ in range(2):
        assert client.get("/healthz").status_code == 200
    assert views["n"] == 6


def test_a_timed_out_query_is_not_replayed(sparql_settings, sparql_store) -> None:  # noqa: ANN001
    class TimesOutOnce(Counting):
        def execute(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.evaluations += 1
            if self.evaluations == 1:
                raise QueryTimeout("query exceeded the time limit of 5 s")
            return self._store.execute(*args, **kwargs)

    app = create_app(sparql_settings, store=sparql_store)
    store = app.extensions["treatygraph"].store = TimesOutOnce(sparql_store)
    client = Client(with_response_cache(app, app))
    assert get(client).status_code == 503
    assert get(client).status_code == 200 and store.evaluations == 2
    assert get(client).headers["X-Cache"] == "hit" and store.evaluations == 2


def test_no_response_cache_without_an_answer_cache(sparql_store) -> None:  # noqa: ANN001
    settings = load_settings({"store": "unused", "cache_bytes": 0}, environ={})
    app = create_app(settings, store=sparql_store)
    assert not app.extensions[CACHE_EXTENSION].enabled
    assert with_response_cache(app, app) is app
