"""The benchmark data generator (bench/generate.py): deterministic, and in the shape of docs/model.md."""

from __future__ import annotations

import io
import json

from bench.generate import write_nquads
from kg import iris
from kg.store import Store


def rows(store: Store, query: str) -> list[dict]:
    """SELECT answer bindings as plain dicts of values."""
    body = json.loads(store.execute(query, choose="json").body)
    return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]


def test_same_seed_same_bytes_and_other_seed_other_bytes(generated: str, size: int):
    again = io.StringIO()
    write_nquads(size, again, seed=7)
    assert again.getvalue() == generated
    other = io.StringIO()
    write_nquads(size, other, seed=8)
    assert other.getvalue() != generated


def test_reaches_the_target_size(generated: str, size: int):
    lines = generated.count("\n")
    assert size <= lines < size + 400  # stops after the article that crosses the target


def test_has_the_fixed_graphs_and_one_graph_per_article(bench_store: Store):
    names = bench_store.graph_names()
    for graph in (iris.ONTOLOGY_GRAPH, iris.REFERENCE_GRAPH, iris.INFERENCES_GRAPH):
        assert str(graph) in names
    articles = [n for n in names if n.startswith(iris.ARTICLE_GRAPH_PREFIX)]
    assert len(articles) >= 20
    per_graph = rows(
        bench_store,
        "PREFIX tg: <https://w3id.org/treatygraph/ontology#> "
        "SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a tg:NewsArticle ; tg:text ?t } } GROUP BY ?g",
    )
    assert len(per_graph) == len(articles)
    assert all(r["n"] == "1" for r in per_graph)


def test_evidence_offsets_select_the_exact_quote_in_the_article_text(bench_store: Store):
    found = rows(
        bench_store,
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX tg: <https://w3id.org/treatygraph/ontology#> "
        "SELECT ?text ?start ?end ?exact WHERE { ?ev a tg:TextEvidence ; oa:hasSource ?a ; "
        "oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact . ?a tg:text ?text }",
    )
    assert len(found) > 50
    for r in found:
        assert r["text"][int(r["start"]) : int(r["end"])] == r["exact"]


def test_events_have_ontology_types_mixed_date_precision_and_inferred_superclass(bench_store: Store):
    prefix = "PREFIX tg: <https://w3id.org/treatygraph/ontology#> "
    types = rows(bench_store, prefix + "SELECT DISTINCT ?t WHERE { GRAPH ?g { ?e a ?t ; tg:evidence ?x } }")
    assert len(types) >= 8
    datatypes = rows(bench_store, prefix + "SELECT DISTINCT (DATATYPE(?d) AS ?dt) WHERE { ?e tg:date ?d }")
    assert {r["dt"].rsplit("#", 1)[1] for r in datatypes} == {"date", "gYearMonth", "gYear"}
    untyped = rows(
        bench_store,
        prefix + "SELECT ?e WHERE { ?e tg:evidence ?x ; tg:agent ?a . "
        "FILTER NOT EXISTS { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?e a tg:Event } } }",
    )
    assert untyped == []


def test_claims_officials_and_skewed_actors(bench_store: Store):
    prefix = "PREFIX tg: <https://w3id.org/treatygraph/ontology#> "
    claims = rows(bench_store, prefix + "SELECT ?c WHERE { ?c a tg:Claim ; tg:claimedBy ?s ; tg:claims ?e }")
    tenures = rows(bench_store, prefix + "SELECT ?t WHERE { ?t a tg:Tenure ; tg:holder ?p ; tg:post ?post }")
    assert claims and tenures
    degrees = rows(
        bench_store,
        prefix + "SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e tg:agent ?a . ?a a tg:State } "
        "GROUP BY ?a ORDER BY DESC(?n)",
    )
    counts = [int(r["n"]) for r in degrees]
    assert counts[0] >= 5 * counts[len(counts) // 2]  # a few busy states, a long tail
