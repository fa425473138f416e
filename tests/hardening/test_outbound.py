"""No outbound connection unless ``service_allowlist`` names the target: SERVICE in queries and updates,
LOAD, remote JSON-LD contexts and external XML entities in uploads. A local listener counts the
connections it gets."""

from __future__ import annotations

import json

import pytest

from kg.config import load_settings
from kg.store import open_store
from server import create_app
from tests.hardening.conftest import AUTH, TOKEN
from tests.server.conftest import fill

GRAPH = "http://example.org/graph/upload"


def client_for(allowlist: str = ""):
    """A test client with writes enabled and the given allow-list; returns (client, store)."""
    settings = load_settings(
        {"store": "unused", "update_token": TOKEN, "service_allowlist": allowlist, "query_timeout": 10},
        environ={},
    )
    store = fill(open_store(None))
    app = create_app(settings, store=store)
    app.testing = True
    return app.test_client(), store


def service_query(url: str) -> str:
    """A query that calls ``url`` with SERVICE."""
    return f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"


def test_service_in_a_query_makes_no_connection_unless_allowed(listener) -> None:
    client, _ = client_for()
    resp = client.get("/sparql", query_string={"query": service_query(listener.url)})
    assert resp.status_code == 400 and "SERVICE" in resp.get_data(as_text=True)
    assert listener.hits == []
    client, _ = client_for(allowlist=f"{listener.url}/sparql")
    resp = client.get("/sparql", query_string={"query": service_query(listener.url)})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert listener.hits and listener.hits[0].split()[1].startswith("/sparql")


def test_a_prefix_trick_does_not_pass_the_allowlist(listener) -> None:
    client, _ = client_for(allowlist="http://allowed.example/")
    for query in (
        f"PREFIX a: <{listener.url}/> SELECT * WHERE {{ SERVICE a:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{listener.url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { SERVICE <http://allowed.example/> { ?s ?p ?o } "
        f"SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
    ):
        assert client.get("/sparql", query_string={"query": query}).status_code == 400, query
    assert listener.hits == []


def test_load_and_service_in_updates_make_no_connection_unless_allowed(listener) -> None:
    client, store = client_for()
    updates = [
        f"LOAD <{listener.url}/data.ttl> INTO GRAPH <{GRAPH}>",
        f"LOAD SILENT <{listener.url}/data.ttl>",
        f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} "
        f"WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
    ]
    for update in updates:
        resp = client.post("/update", data=update, content_type="application/sparql-update", headers=AUTH)
        assert resp.status_code == 403, update
    assert listener.hits == []
    assert not store.has_graph(GRAPH)
    client, store = client_for(allowlist=f"{listener.url}/")
    resp = client.post("/update", data=updates[0], content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 204, resp.get_data(as_text=True)
    assert any(hit.endswith("/data.ttl") for hit in listener.hits)
    assert store.count(GRAPH) == 1


def test_uploads_never_fetch_contexts_or_entities(listener) -> None:
    client, store = client_for(allowlist=f"{listener.url}/")  # even when allow-listed: parsers never fetch
    jsonld = json.dumps({"@context": f"{listener.url}/context.jsonld", "@id": "http://e/a", "name": "x"})
    resp = client.put(f"/data?graph={GRAPH}", data=jsonld, content_type="application/ld+json", headers=AUTH)
    assert resp.status_code == 400
    rdfxml = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{listener.url}/entity">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/a"><e:p>&e;</e:p></rdf:Description></rdf:RDF>'
    )
    resp = client.put(f"/data?graph={GRAPH}", data=rdfxml, content_type="application/rdf+xml", headers=AUTH)
    assert resp.status_code == 400
    assert listener.hits == []
    assert not store.has_graph(GRAPH)


@pytest.mark.parametrize("iri_in", ["from", "graph", "describe"])
def test_iris_in_queries_are_never_dereferenced(listener, iri_in: str) -> None:
    client, _ = client_for(allowlist=f"{listener.url}/")
    query = {
        "from": f"SELECT * FROM <{listener.url}/g> WHERE {{ ?s ?p ?o }}",
        "graph": f"SELECT * WHERE {{ GRAPH <{listener.url}/g> {{ ?s ?p ?o }} }}",
        "describe": f"DESCRIBE <{listener.url}/thing>",
    }[iri_in]
    assert client.get("/sparql", query_string={"query": query}).status_code == 200
    resp = client.get(
        "/sparql", query_string={"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{listener.url}/g"}
    )
    assert resp.status_code == 200
    assert listener.hits == []


def test_an_allowlist_entry_does_not_admit_other_ports_or_hosts(listener) -> None:
    port = listener.url.rsplit(":", 1)[1]
    # "http://127.0.0.1:4" must not admit "http://127.0.0.1:45678/": compare host and port, not text.
    client, store = client_for(allowlist=f"http://127.0.0.1:{port[:-1]}")
    update = f"LOAD <{listener.url}/data.ttl> INTO GRAPH <{GRAPH}>"
    resp = client.post("/update", data=update, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 403
    assert listener.hits == []
    assert not store.has_graph(GRAPH)


def test_service_allowlist_entry_does_not_admit_other_ports(listener) -> None:
    port = listener.url.rsplit(":", 1)[1]
    client, _ = client_for(allowlist=f"http://127.0.0.1:{port[:-1]}")
    resp = client.get("/sparql", query_string={"query": service_query(listener.url)})
    assert resp.status_code == 400
    assert listener.hits == []
