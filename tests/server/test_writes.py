"""Writes over HTTP (server/writes.py): bearer token, SPARQL Update, Graph Store Protocol, article ingest.

Every refused write is checked to change nothing: the store's quad count and version stay the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.config import load_settings
from kg.store import open_store
from server import create_app
from tests.server.conftest import PEOPLE_GRAPH, fill

TOKEN = "correct horse battery staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_GRAPH = "http://example.org/graph/new"
INSERT = 'INSERT DATA { GRAPH <http://example.org/graph/new> { <http://example.org/x> <http://e/p> "y" } }'
SEED = Path(__file__).resolve().parents[2] / "kg" / "corpus" / "03-new-start-prague.txt"


def make_client(**overrides: object):
    """A test client of an app on a fresh in-memory store with the fixture graphs; returns (client, store)."""
    values = {"store": "unused", "max_request_bytes": 20000, "max_query_chars": 5000, **overrides}
    settings = load_settings({k: v for k, v in values.items() if v is not None}, environ={})
    store = fill(open_store(None))
    app = create_app(settings, store=store)
    app.testing = True
    return app.test_client(), store


@pytest.fixture
def writable():
    """(client, store) with writes enabled by TOKEN."""
    return make_client(update_token=TOKEN)


def snapshot(store) -> tuple[int, int]:
    """What must not change after a refused write."""
    return len(store), store.version


# --- the token -----------------------------------------------------------------------------------------
WRITES = [
    ("post", "/update", {"data": INSERT, "content_type": "application/sparql-update"}),
    (
        "put",
        f"/data?graph={NEW_GRAPH}",
        {"data": "<http://e/a> <http://e/b> <http://e/c> .", "content_type": "text/turtle"},
    ),
    (
        "post",
        f"/data?graph={NEW_GRAPH}",
        {"data": "<http://e/a> <http://e/b> <http://e/c> .", "content_type": "text/turtle"},
    ),
    ("delete", f"/data?graph={PEOPLE_GRAPH}", {}),
    ("post", "/ingest", {"data": SEED.read_bytes(), "content_type": "text/plain"}),
]


@pytest.mark.parametrize(("method", "url", "kwargs"), WRITES)
def test_write_without_token_is_401_and_changes_nothing(
    writable, method: str, url: str, kwargs: dict
) -> None:
    client, store = writable
    before = snapshot(store)
    resp = getattr(client, method)(url, **kwargs)
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert snapshot(store) == before


@pytest.mark.parametrize(("method", "url", "kwargs"), WRITES)
def test_write_with_a_wrong_token_is_403_and_changes_nothing(
    writable, method: str, url: str, kwargs: dict
) -> None:
    client, store = writable
    before = snapshot(store)
    for header in ("Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}"):
        resp = getattr(client, method)(url, headers={"Authorization": header}, **kwargs)
        assert resp.status_code in (401, 403), header
        assert resp.status_code == (401 if header.startswith("Basic") else 403)
    assert snapshot(store) == before


@pytest.mark.parametrize(("method", "url", "kwargs"), WRITES)
def test_without_update_token_the_server_is_read_only(method: str, url: str, kwargs: dict) -> None:
    client, store = make_client()
    before = snapshot(store)
    resp = getattr(client, method)(url, headers=AUTH, **kwargs)
    assert resp.status_code == 403
    assert "read-only" in resp.get_data(as_text=True)
    assert snapshot(store) == before


# --- SPARQL Update -------------------------------------------------------------------------------------
def test_update_as_body_and_as_form_bumps_the_version(writable) -> None:
    client, store = writable
    version = store.version
    resp = client.post("/update", data=INSERT, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 204
    assert store.count(NEW_GRAPH) == 1 and store.version > version
    resp = client.post("/update", data={"update": f"DROP GRAPH <{NEW_GRAPH}>"}, headers=AUTH)
    assert resp.status_code == 204
    assert not store.has_graph(NEW_GRAPH)
    answer = client.get("/sparql", query_string={"query": f"ASK {{ GRAPH <{NEW_GRAPH}> {{ ?s ?p ?o }} }}"})
    assert answer.json["boolean"] is False


def test_malformed_update_is_400_and_changes_nothing(writable) -> None:
    client, store = writable
    before = snapshot(store)
    resp = client.post(
        "/update", data="INSERT DATA { oops", content_type="application/sparql-update", headers=AUTH
    )
    assert resp.status_code == 400
    assert snapshot(store) == before


def test_a_failing_update_is_atomic(writable) -> None:
    client, store = writable
    before = snapshot(store)
    # The first operation succeeds, the second fails at run time: the request changes nothing.
    update = INSERT + f" ; CREATE GRAPH <{PEOPLE_GRAPH}>"
    resp = client.post("/update", data=update, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 400
    assert "already exists" in resp.get_data(as_text=True)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://e/g>",
        "PREFIX x: <http://127.0.0.1:9/> LOAD x:data.ttl",
        "INSERT { GRAPH <http://e/g> { ?s ?p ?o } } "
        "WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_load_and_service_outside_the_allowlist_are_refused(writable, update: str) -> None:
    client, store = writable
    before = snapshot(store)
    resp = client.post("/update", data=update, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 403
    assert snapshot(store) == before


def test_update_that_nests_too_deeply_is_400(writable) -> None:
    client, store = writable
    deep = "INSERT { ?s ?p ?o } WHERE { " + "{" * 300 + "?s ?p ?o" + "}" * 300 + " }"
    resp = client.post("/update", data=deep, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 400 and "nests too deeply" in resp.get_data(as_text=True)


def test_update_of_the_wrong_media_type_is_415(writable) -> None:
    client, _ = writable
    resp = client.post("/update", data=INSERT, content_type="text/plain", headers=AUTH)
    assert resp.status_code == 415


# --- Graph Store Protocol ------------------------------------------------------------------------------
def test_gsp_get_and_head_need_no_token(writable) -> None:
    client, _ = writable
    resp = client.get(
        "/data", query_string={"graph": PEOPLE_GRAPH}, headers={"Accept": "application/n-triples"}
    )
    assert resp.status_code == 200 and resp.mimetype == "application/n-triples"
    assert resp.get_data(as_text=True).count("\n") == 8
    assert client.head("/data", query_string={"graph": PEOPLE_GRAPH}).status_code == 200
    assert client.get("/data", query_string={"graph": "http://example.org/none"}).status_code == 404


def test_gsp_default_graph_is_refused_with_400(writable) -> None:
    client, _ = writable
    resp = client.get("/data?default")
    assert resp.status_code == 400 and "named graph" in resp.get_data(as_text=True)
    assert client.put("/data?default", data="", content_type="text/turtle", headers=AUTH).status_code == 400


def test_gsp_put_replaces_post_merges_delete_drops(writable) -> None:
    client, store = writable
    url = f"/data?graph={NEW_GRAPH}"
    turtle = "@prefix e: <http://e/> . e:a e:b e:c , e:d ."
    resp = client.put(url, data=turtle, content_type="text/turtle", headers=AUTH)
    assert resp.status_code == 201 and store.count(NEW_GRAPH) == 2
    version = store.version
    resp = client.put(
        url,
        data="<http://e/x> <http://e/y> <http://e/z> .",
        content_type="application/n-triples",
        headers=AUTH,
    )
    assert resp.status_code == 204 and store.count(NEW_GRAPH) == 1 and store.version > version
    jsonld = json.dumps({"@id": "http://e/j", "http://e/name": "J"})
    resp = client.post(url, data=jsonld, content_type="application/ld+json", headers=AUTH)
    assert resp.status_code == 204 and store.count(NEW_GRAPH) == 2
    rdfxml = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/r"><e:p>v</e:p></rdf:Description></rdf:RDF>'
    )
    resp = client.post(url, data=rdfxml, content_type="application/rdf+xml", headers=AUTH)
    assert resp.status_code == 204 and store.count(NEW_GRAPH) == 3
    version = store.version
    assert client.delete(url, headers=AUTH).status_code == 204
    assert not store.has_graph(NEW_GRAPH) and store.version > version
    assert client.delete(url, headers=AUTH).status_code == 404


def test_gsp_invalid_upload_is_400_and_keeps_the_old_graph(writable) -> None:
    client, store = writable
    before = snapshot(store)
    resp = client.put(
        f"/data?graph={PEOPLE_GRAPH}",
        data="<http://e/a> <http://e/b> .",
        content_type="text/turtle",
        headers=AUTH,
    )
    assert resp.status_code == 400 and "not valid turtle" in resp.get_data(as_text=True)
    assert snapshot(store) == before


@pytest.mark.parametrize("content_type", ["application/trig", "application/n-quads", "image/png", None])
def test_gsp_upload_of_a_non_graph_type_is_415(writable, content_type: str | None) -> None:
    client, _ = writable
    resp = client.put(f"/data?graph={NEW_GRAPH}", data="x", content_type=content_type, headers=AUTH)
    assert resp.status_code == 415


def test_gsp_graph_must_be_an_absolute_iri(writable) -> None:
    client, _ = writable
    for graph in ("relative/graph", "", "http://e/a b"):
        assert client.get("/data", query_string={"graph": graph}).status_code == 400


# --- ingest --------------------------------------------------------------------------------------------
def test_ingest_text_json_html_and_multipart(writable) -> None:
    client, store = writable
    version = store.version
    resp = client.post("/ingest", data=SEED.read_bytes(), content_type="text/plain", headers=AUTH)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    summary = resp.json
    assert summary["graph"].startswith("https://w3id.org/treatygraph/graph/article/")
    assert summary["triples"] == store.count(summary["graph"]) > 0
    assert summary["version"] == store.version > version
    text = SEED.read_text()
    body = json.dumps(
        {"title": "An uploaded article", "published": "2010-04-08", "text": text.split("\n\n", 1)[-1]}
    )
    resp = client.post("/ingest", data=body, content_type="application/json", headers=AUTH)
    assert resp.status_code == 201 and resp.json["graph"].endswith("2010-04-08-an-uploaded-article")
    html = (
        "<html><head><title>Prague</title></head><body><article><p>"
        + text.split("\n\n", 1)[-1]
        + "</p></article></body></html>"
    )
    resp = client.post("/ingest?name=prague.html", data=html, content_type="text/html", headers=AUTH)
    assert resp.status_code == 201, resp.get_data(as_text=True)
    resp = client.post(
        "/ingest",
        data={"file": (SEED.open("rb"), "../../etc/03-prague.txt")},
        content_type="multipart/form-data",
        headers=AUTH,
    )
    assert resp.status_code == 201 and resp.json["article"] == "03-prague.txt"


def test_ingest_of_a_bad_article_is_400_and_changes_nothing(writable) -> None:
    client, store = writable
    before = snapshot(store)
    for data, content_type in (
        (b"\x00\x01binary", "text/plain"),
        (b"   ", "text/plain"),
        (b"[1, 2]", "application/json"),
    ):
        resp = client.post("/ingest", data=data, content_type=content_type, headers=AUTH)
        assert resp.status_code == 400, resp.get_data(as_text=True)
        assert "Traceback" not in resp.get_data(as_text=True)
    assert client.post("/ingest", data=b"x", content_type="image/png", headers=AUTH).status_code == 415
    assert snapshot(store) == before


def test_ingest_of_an_oversized_article_is_413() -> None:
    client, store = make_client(update_token=TOKEN, max_article_bytes=1000)
    before = snapshot(store)
    resp = client.post("/ingest", data=b"a" * 200_000, content_type="text/plain", headers=AUTH)
    assert resp.status_code == 413
    assert snapshot(store) == before
