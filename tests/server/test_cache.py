"""The answer cache of ``/sparql`` (server/cache.py): hits, ETags, 304/412, invalidation on writes."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import FOAF

from kg.errors import QueryTimeout
from server.cache import AnswerCache, CachedAnswer, etag_matches, make_etag
from server.sparql import CACHE_EXTENSION, get_cache
from tests.server.conftest import EX, PEOPLE_GRAPH

QUERY = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"


def ask(client, query: str = QUERY, accept: str = JSON, **headers: str):
    """GET /sparql?query=... with an Accept header (and any others)."""
    return client.get("/sparql", query_string={"query": query}, headers={"Accept": accept, **headers})


def test_same_query_twice_is_served_from_the_cache_with_the_same_etag(sparql_client):
    first = ask(sparql_client)
    second = ask(sparql_client)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] == "miss"
    assert second.headers["X-Cache"] == "hit"
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert first.headers["ETag"].startswith('"') and first.headers["Cache-Control"] == "no-cache"
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_post_and_get_of_the_same_query_share_the_entry(sparql_client):
    ask(sparql_client)
    posted = sparql_client.post(
        "/sparql", data=QUERY, headers={"Content-Type": "application/sparql-query", "Accept": JSON}
    )
    assert posted.status_code == 200
    assert posted.headers["X-Cache"] == "hit"


def test_etag_differs_between_formats(sparql_client):
    as_json, as_xml = ask(sparql_client, accept=JSON), ask(sparql_client, accept=XML)
    assert as_json.headers["Content-Type"].startswith(JSON)
    assert as_xml.headers["Content-Type"].startswith(XML)
    assert as_json.headers["ETag"] != as_xml.headers["ETag"]
    assert as_xml.headers["X-Cache"] == "miss"


def test_if_none_match_gives_304_without_a_body(sparql_client):
    etag = ask(sparql_client).headers["ETag"]
    again = ask(sparql_client, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    weak = ask(sparql_client, **{"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    other = ask(sparql_client, **{"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200 and other.data


def test_if_none_match_on_a_post_is_412(sparql_client):
    etag = ask(sparql_client).headers["ETag"]
    resp = sparql_client.post(
        "/sparql",
        data=QUERY,
        headers={"Content-Type": "application/sparql-query", "Accept": JSON, "If-None-Match": etag},
    )
    assert resp.status_code == 412


def test_a_write_gives_a_fresh_answer_with_a_new_etag(sparql_client, sparql_store):
    first = ask(sparql_client)
    assert ask(sparql_client).headers["X-Cache"] == "hit"
    people = Graph()
    people.add((EX.erin, FOAF.name, Literal("Erin")))
    sparql_store.replace_graph(PEOPLE_GRAPH, people)
    after = ask(sparql_client)
    assert after.status_code == 200
    assert after.headers["X-Cache"] == "miss"
    assert after.headers["ETag"] != first.headers["ETag"]
    assert b"Erin" in after.data and b"Alice" not in after.data
    stale = ask(sparql_client, **{"If-None-Match": first.headers["ETag"]})
    assert stale.status_code == 200


def test_stale_entries_are_evicted_after_a_write(sparql_client, sparql_store):
    ask(sparql_client)
    ask(sparql_client, accept=XML)
    cache = get_cache_of(sparql_client)
    assert len(cache) == 2
    sparql_store.drop_graph(PEOPLE_GRAPH)
    ask(sparql_client)
    assert len(cache) == 1


def test_errors_are_never_cached(sparql_client):
    for _ in range(2):
        resp = ask(sparql_client, query="SELECT WHERE {")
        assert resp.status_code == 400
        assert "ETag" not in resp.headers and "X-Cache" not in resp.headers
    assert len(get_cache_of(sparql_client)) == 0


def test_timeouts_are_never_cached(sparql_client, sparql_store, monkeypatch):
    def too_slow(*args, **kwargs):
        raise QueryTimeout("query exceeded the time limit of 1 s")

    monkeypatch.setattr(sparql_store, "execute", too_slow)
    assert ask(sparql_client).status_code == 503
    assert len(get_cache_of(sparql_client)) == 0


def test_no_cache_request_is_evaluated_afresh(sparql_client):
    ask(sparql_client)
    fresh = ask(sparql_client, **{"Cache-Control": "no-cache"})
    assert fresh.headers["X-Cache"] == "miss"


def test_dataset_is_part_of_the_key(sparql_client):
    union = ask(sparql_client)
    named = sparql_client.get(
        "/sparql",
        query_string={"query": QUERY, "default-graph-uri": "http://example.org/graph/places"},
        headers={"Accept": JSON},
    )
    assert named.headers["X-Cache"] == "miss"
    assert named.data != union.data


def get_cache_of(client) -> AnswerCache:
    """The cache of the app behind a test client."""
    with client.application.app_context():
        cache = get_cache()
    assert cache is not None
    return cache


# --- the cache on its own ----------------------------------------------------------------------------
def entry(body: bytes) -> CachedAnswer:
    """A cached answer with that body."""
    return CachedAnswer(body, "text/plain", make_etag(1, "json", body))


def test_lru_is_bounded_by_bytes_and_evicts_the_least_recently_used():
    cache = AnswerCache(max_bytes=400)
    for name in ("a", "b", "c"):
        assert cache.put(name, 1, entry(b"x" * 100))
    assert cache.get("a", 1) is not None  # a is now the most recent
    cache.put("d", 1, entry(b"x" * 100))
    cache.put("e", 1, entry(b"x" * 100))
    assert cache.size <= 400
    assert cache.get("b", 1) is None and cache.get("a", 1) is not None


def test_an_answer_larger_than_a_quarter_of_the_cache_is_not_kept():
    cache = AnswerCache(max_bytes=400)
    assert not cache.put("big", 1, entry(b"x" * 101))
    assert cache.get("big", 1) is None


def test_an_answer_computed_at_an_older_version_is_not_kept():
    cache = AnswerCache()
    cache.put("a", 2, entry(b"new"))
    assert not cache.put("b", 1, entry(b"old"))
    assert cache.get("b", 1) is None and cache.get("a", 2) is not None


@pytest.mark.parametrize(
    ("header", "matches"),
    [('"abc"', True), ('W/"abc"', True), ('"x", "abc"', True), ("*", True), ('"abd"', False), ("", False)],
)
def test_if_none_match_uses_weak_comparison(header, matches):
    assert etag_matches(header, '"abc"') is matches


def test_cache_size_zero_disables_caching(sparql_settings, sparql_store):
    from server import create_app

    app = create_app(sparql_settings, store=sparql_store)
    app.extensions[CACHE_EXTENSION] = AnswerCache(0)  # what the setting cache_bytes=0 gives
    client = app.test_client()
    ask(client)
    resp = ask(client)
    assert resp.headers["X-Cache"] == "bypass"
    assert resp.headers["ETag"]


def test_the_query_text_counts_against_the_size():
    cache = AnswerCache(max_bytes=400)
    assert not cache.put("long query", 1, entry(b"x" * 10), key_bytes=95)
    assert cache.put("short query", 1, entry(b"x" * 10), key_bytes=20)
    assert cache.size == 30
