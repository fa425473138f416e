"""The seed article end to end: ingest into an on-disk store, then the named queries users rely on."""

from __future__ import annotations

import json

import pytest

from kg import iris
from kg.ingest import ingest_paths
from kg.queries import get_named_query, prepare
from kg.store import Store
from tests.conftest import SEED_ARTICLE


@pytest.fixture
def seed_store(tmp_path, settings):
    store = Store(settings.store)
    summary = ingest_paths(store, [SEED_ARTICLE], settings)
    assert not summary.failed, summary.failed
    yield store
    store.close()


def run(store, name, **params):
    text, values = prepare(get_named_query(name), params)
    doc = json.loads(store.execute(text, choose="json", substitutions=values).body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def test_store_has_ontology_reference_article_and_inference_graphs(seed_store):
    names = seed_store.graph_names()
    for g in (iris.ONTOLOGY_GRAPH, iris.REFERENCE_GRAPH, iris.INFERENCES_GRAPH):
        assert str(g) in names
    assert sum(1 for n in names if n.startswith(iris.ARTICLE_GRAPH_PREFIX)) == 1


def test_what_russia_did_about_new_start_when_and_according_to_whom(seed_store):
    rows = run(seed_store, "actor-treaty-actions", actor="state/russia", treaty="treaty/new-start")
    dated = {(r["type"].rsplit("#")[-1], r.get("date")) for r in rows}
    assert ("Announcement", "2023-02-21") in dated
    assert ("Suspension", "2023-02-28") in dated
    suspension = next(r for r in rows if r["type"].endswith("#Suspension"))
    assert "Putin signed a law suspending" in suspension["sentence"]
    assert suspension["status"] == "fact"


def test_putins_deployment_claims_are_claims_not_facts(seed_store):
    facts = {r["eventType"].rsplit("#")[-1] for r in run(seed_store, "facts")}
    assert "Deployment" not in facts and "Production" not in facts
    claimed = run(seed_store, "claimed-events")
    by_type = {r["eventType"].rsplit("#")[-1]: r for r in claimed}
    assert by_type["Deployment"]["speakerLabel"] == "Vladimir Putin"
    assert by_type["Production"]["speakerLabel"] == "Vladimir Putin"


def test_ryabkov_and_his_post_and_tass_as_reporter(seed_store):
    officials = {(r["personLabel"], r["postLabel"]) for r in run(seed_store, "officials")}
    assert ("Sergei Ryabkov", "Deputy Minister of Foreign Affairs of Russia") in officials
    assert ("Vladimir Putin", "President of Russia") in officials
    said = run(seed_store, "who-said-what", speaker="person/sergei-ryabkov")
    assert said and all(r.get("reporterLabel") == "TASS" for r in said)


def test_us_withdrawal_from_inf_in_2019(seed_store):
    rows = run(seed_store, "events", actor="state/united-states", type="Withdrawal")
    assert [r.get("date") for r in rows] == ["2019"]


def test_reingesting_replaces_the_article_graph(seed_store, settings):
    before = len(seed_store)
    ingest_paths(seed_store, [SEED_ARTICLE], settings)
    assert len(seed_store) == before


def test_seed_graph_conforms_to_the_shacl_shapes(seed_store):
    from kg.validate import validate_store

    report = validate_store(seed_store)
    assert report.conforms, report.text


def test_every_evidence_quote_matches_the_stored_text(seed_store):
    rows = run_raw(
        seed_store,
        """PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX tg: <https://w3id.org/treatygraph/ontology#>
        SELECT DISTINCT ?text ?start ?end ?exact WHERE {
          ?ev a tg:TextEvidence ; oa:hasSource ?a ; oa:hasSelector ?p, ?q .
          ?a tg:text ?text . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""",
    )
    assert len(rows) >= 10
    for r in rows:
        assert r["text"][int(r["start"]) : int(r["end"])] == r["exact"]


def run_raw(store, query):
    doc = json.loads(store.execute(query, choose="json").body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]
