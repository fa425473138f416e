"""Writes over HTTP keep the inferences graph in step (server/writes.py, kg/reason.py): a Graph Store
write or a SPARQL Update recomputes them in the same transaction, as ``/ingest`` does."""

from __future__ import annotations

import json

import pytest

from kg import iris
from kg.config import load_settings
from kg.ingest import ontology_graph
from kg.store import open_store
from server import create_app

TOKEN = "correct horse battery staple"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = "http://example.org/graph/new"
PREFIXES = (
    "PREFIX tg: <https://w3id.org/treatygraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
    "PREFIX ex: <http://example.org/> "
)
STATE = "<http://example.org/x> a <https://w3id.org/treatygraph/ontology#State> ."
CLAIM = "<http://example.org/c> <https://w3id.org/treatygraph/ontology#claimedBy> <http://example.org/p> ."
INFERRED_TYPE = "ex:x a tg:Agent"
INFERRED_PROPERTY = "ex:c prov:wasAttributedTo ex:p"


@pytest.fixture
def client_with_ontology_and_update_token():
    """(client, store): an in-memory store holding the ontology, writes enabled by TOKEN."""
    settings = load_settings({"store": "unused", "update_token": TOKEN}, environ={})
    store = open_store(None)
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_graph())
    app = create_app(settings, store=store)
    app.testing = True
    return app.test_client(), store


def holds(client, pattern: str, graph: str | None = None) -> bool:
    """Whether ``pattern`` matches, in the inferences graph (``graph="inferences"``) or the union."""
    where = f"GRAPH <{iris.INFERENCES_GRAPH}> {{ {pattern} }}" if graph == "inferences" else pattern
    resp = client.get(
        "/sparql",
        query_string={"query": f"{PREFIXES} ASK {{ {where} }}"},
        headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"},
    )
    assert resp.status_code == 200
    return json.loads(resp.data)["boolean"]


def put(client, body: str):
    return client.put(f"/data?graph={GRAPH}", data=body, content_type="text/turtle", headers=AUTH)


def test_a_gsp_put_yields_the_inferences_and_a_delete_removes_them(client_with_ontology_and_update_token):
    client, _ = client_with_ontology_and_update_token
    assert not holds(client, INFERRED_TYPE)
    assert put(client, STATE + "\n" + CLAIM).status_code == 201
    for pattern in (INFERRED_TYPE, INFERRED_PROPERTY):
        assert holds(client, pattern, "inferences") and holds(client, pattern), pattern
    assert client.delete(f"/data?graph={GRAPH}", headers=AUTH).status_code == 204
    for pattern in (INFERRED_TYPE, INFERRED_PROPERTY):
        assert not holds(client, pattern), pattern


def test_a_gsp_put_that_replaces_a_fact_replaces_its_inferences(client_with_ontology_and_update_token):
    client, _ = client_with_ontology_and_update_token
    put(client, STATE)
    assert holds(client, INFERRED_TYPE)
    assert put(client, CLAIM).status_code == 204
    assert holds(client, INFERRED_PROPERTY) and not holds(client, INFERRED_TYPE)


def test_a_gsp_post_merge_adds_inferences(client_with_ontology_and_update_token):
    client, _ = client_with_ontology_and_update_token
    put(client, STATE)
    resp = client.post(f"/data?graph={GRAPH}", data=CLAIM, content_type="text/turtle", headers=AUTH)
    assert resp.status_code == 204
    assert holds(client, INFERRED_TYPE) and holds(client, INFERRED_PROPERTY)


def test_sparql_update_insert_and_delete_keep_the_inferences_in_step(client_with_ontology_and_update_token):
    client, _ = client_with_ontology_and_update_token
    insert = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {STATE} }} }} # a trailing comment"
    resp = client.post("/update", data=insert, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 204, resp.data
    assert holds(client, INFERRED_TYPE, "inferences")
    delete = f"DELETE DATA {{ GRAPH <{GRAPH}> {{ {STATE} }} }} ;"
    resp = client.post("/update", data=delete, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 204, resp.data
    assert not holds(client, INFERRED_TYPE)


def test_a_failing_update_leaves_the_inferences_alone(client_with_ontology_and_update_token):
    client, store = client_with_ontology_and_update_token
    put(client, STATE)
    before = store.count(str(iris.INFERENCES_GRAPH)), store.version
    failing = f"DROP GRAPH <{GRAPH}> ; CREATE GRAPH <{iris.ONTOLOGY_GRAPH}>"  # the graph exists: fails
    resp = client.post("/update", data=failing, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 400
    assert (store.count(str(iris.INFERENCES_GRAPH)), store.version) == before
    assert holds(client, INFERRED_TYPE)
