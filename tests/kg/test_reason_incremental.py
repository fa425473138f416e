"""Incremental inferences (kg.reason.incremental_rules via kg.ingest.Touched): after any graph write,
updating only the inferences about the nodes it touched gives exactly what a full recomputation gives,
and the default graph stays the set union of the named graphs."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import iris
from kg.ingest import Touched, inferences_rewrite, refresh_inferences
from kg.reason import incremental_rules
from kg.store import Store

EX = "http://example.org/inc/"
TG = "https://w3id.org/treatygraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: Predicates the rules read: sub-properties, an inverse pair, tenure parts, and a plain one.
PREDICATES = [TG + "agent", TG + "claimedBy", TG + "mentions", ORG + "holds", ORG + "heldBy", EX + "plain"]
CLASSES = [TG + "Suspension", TG + "State", TG + "Person", TG + "Statement", TG + "Treaty"]
NODES = [EX + f"n{i}" for i in range(8)]
GRAPHS = [EX + f"g{i}" for i in range(4)]
CORPUS = Path(__file__).resolve().parents[2] / "kg" / "corpus"


def random_triples(rng: random.Random) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]]:
    """A small graph over a few shared nodes, so that graphs overlap and support the same inferences."""
    out = []
    for _ in range(rng.randint(0, 6)):
        kind = rng.random()
        s, o = rng.choice(NODES), rng.choice(NODES)
        if kind < 0.35:
            out.append((s, RDF_TYPE, rng.choice(CLASSES)))
        elif kind < 0.55:  # a tenure: holder and post
            t = EX + f"tenure{rng.randint(0, 2)}"
            out += [(t, TG + "holder", s), (t, TG + "post", o)]
        else:
            out.append((s, rng.choice(PREDICATES), o))
    return [(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in out]


def inferences(store: Store) -> set[ox.Quad]:
    return set(store._ox.quads_for_pattern(None, None, None, ox.NamedNode(str(iris.INFERENCES_GRAPH))))


def default_is_union(store: Store) -> bool:
    default = {
        (q.subject, q.predicate, q.object)
        for q in store._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }
    named = {
        (q.subject, q.predicate, q.object)
        for q in store._ox.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }
    return default == named


@pytest.fixture
def store() -> Store:
    from kg.ingest import ontology_graph

    s = Store()
    s.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_graph())
    refresh_inferences(s)
    return s


@pytest.mark.parametrize("seed", range(6))
def test_incremental_equals_full_after_random_writes(store: Store, seed: int) -> None:
    rng = random.Random(seed)
    steps_with_changes = 0
    for _ in range(25):
        graph = rng.choice(GRAPHS)
        touched = Touched()
        if rng.random() < 0.2:
            touched.before_write(store, graph, [])
            store.drop_graph(graph, also=[inferences_rewrite(touched.subjects)])
        else:
            triples = random_triples(rng)
            touched.before_write(store, graph, triples)
            store.replace_graph(graph, triples, also=[inferences_rewrite(touched.subjects)])
        assert touched.subjects is not None  # small IRI-only writes take the incremental path
        incremental = inferences(store)
        assert default_is_union(store)
        refresh_inferences(store)  # the full recomputation
        assert inferences(store) == incremental
        steps_with_changes += bool(incremental)
    assert steps_with_changes > 5  # the writes did produce inferences to compare


def test_a_write_with_blank_nodes_or_too_many_nodes_recomputes_everything(store: Store) -> None:
    touched = Touched(limit=3)
    touched.before_write(
        store, GRAPHS[0], [(ox.BlankNode("b"), ox.NamedNode(RDF_TYPE), ox.NamedNode(CLASSES[0]))]
    )
    assert touched.subjects is None
    touched = Touched(limit=3)
    touched.before_write(
        store, GRAPHS[0], [(ox.NamedNode(n), ox.NamedNode(EX + "plain"), ox.NamedNode(n)) for n in NODES]
    )
    assert touched.subjects is None
    assert inferences_rewrite(None)[2] is None


def test_every_rule_insert_is_bound_to_the_subjects() -> None:
    text = incremental_rules([EX + "n0"], str(iris.INFERENCES_GRAPH))
    assert text.count("INSERT") == text.count("VALUES ?") - 1  # one VALUES per INSERT, plus the delete's
    assert "DROP" not in text  # the clearing rule is replaced by the targeted delete
    assert incremental_rules([], str(iris.INFERENCES_GRAPH)) == ""


def test_ingesting_an_article_updates_only_what_it_touched(tmp_path: Path) -> None:
    """A re-ingest through ingest_paths ends with the same inferences as a full recomputation."""
    from kg.config import load_settings
    from kg.ingest import ingest_paths

    corpus = sorted(CORPUS.glob("*.txt"))[:3]
    settings = load_settings({"store": str(tmp_path / "s")})
    with Store(tmp_path / "s") as s:
        ingest_paths(s, corpus[:2], settings)
        ingest_paths(s, corpus[1:], settings)  # one article again, one new
        incremental = inferences(s)
        refresh_inferences(s)
        assert inferences(s) == incremental and incremental
        assert default_is_union(s)
