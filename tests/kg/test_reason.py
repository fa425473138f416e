"""Materialised inferences: the pure function, the SPARQL Update rules in pyoxigraph, and their agreement."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Node

from kg.iris import INFERENCES_GRAPH, ONTOLOGY_GRAPH
from kg.namespaces import ORG, PROV, SCHEMA, SEM, SKOS, TG
from kg.reason import iter_rules, load_inferences, to_inferences
from kg.resources import resource_dir
from kg.validate import load_ontology_graph

DATA = Path(__file__).resolve().parent.parent / "data"
ID = "https://w3id.org/treatygraph/id/"
RUSSIA = URIRef(ID + "state/russia")
PUTIN = URIRef(ID + "person/vladimir-putin")
RYABKOV = URIRef(ID + "person/sergei-ryabkov")
DEPUTY_MINISTER = URIRef(ID + "post/deputy-minister-of-foreign-affairs-of-russia")
TENURE = URIRef(ID + "tenure/sergei-ryabkov--deputy-minister-of-foreign-affairs-of-russia")
SUSPENSION = URIRef(ID + "event/suspension--russia--new-start--2023-02-28")
ARTICLE = URIRef(ID + "article/2024-07-09-russia-rules-out-talks-with-us-on-arms-control")
XSD_DATE = rdflib.XSD.date  # not `import XSD`: pytest probes module names, XSD warns
XSD_STRING = rdflib.XSD.string
CLAIM = URIRef(ID + "claim/2024-07-09-russia-rules-out-talks-with-us-on-arms-control--putin-deployment")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology_graph()


@pytest.fixture(scope="module")
def mini_dataset() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(DATA / "mini-article.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def inferred(ontology: rdflib.Graph, mini_dataset: rdflib.Dataset) -> set[tuple[Node, Node, Node]]:
    return to_inferences(ontology, mini_dataset.quads((None, None, None, None)))


@pytest.fixture
def reasoned_store() -> ox.Store:
    store = ox.Store()
    store.load(
        (resource_dir("ontology") / "treatygraph.ttl").read_bytes(),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)),
    )
    store.load((DATA / "mini-article.trig").read_bytes(), format=ox.RdfFormat.TRIG)
    for _name, text in iter_rules():
        store.update(text)
    return store


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = URIRef(term.datatype.value)
    return Literal(term.value, datatype=None if datatype == XSD_STRING else datatype)


def inferences_in(store: ox.Store) -> set[tuple[Node, Node, Node]]:
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(str(INFERENCES_GRAPH)))
    return {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads}


def select(store: ox.Store, query: str) -> set[str]:
    prefixes = (
        "PREFIX tg: <https://w3id.org/treatygraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX org: <http://www.w3.org/ns/org#> "
    )
    solutions = store.query(prefixes + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return {row[0].value for row in solutions}


# --- the pure function


@pytest.mark.parametrize(
    ("node", "cls"),
    [
        (RUSSIA, TG.Agent),
        (RUSSIA, PROV.Agent),
        (PUTIN, TG.Agent),
        (PUTIN, SCHEMA.Person),
        (DEPUTY_MINISTER, ORG.Post),
        (SUSPENSION, TG.Event),
        (SUSPENSION, SEM.Event),
        (ARTICLE, SCHEMA.NewsArticle),
        (ARTICLE, PROV.Entity),
        (CLAIM, PROV.Entity),
        (TG.Suspended, SKOS.Concept),
    ],
)
def test_types_follow_the_class_hierarchy(inferred: set, node: URIRef, cls: URIRef) -> None:
    assert (node, RDF.type, cls) in inferred


@pytest.mark.parametrize(
    ("s", "p", "o"),
    [
        (CLAIM, PROV.wasAttributedTo, PUTIN),
        (ARTICLE, SCHEMA.mentions, RUSSIA),
        (SUSPENSION, SEM.hasActor, PUTIN),
        (SUSPENSION, SEM.hasTimeStamp, Literal("2023-02-28", datatype=XSD_DATE)),
        (DEPUTY_MINISTER, ORG.postIn, RUSSIA),
    ],
)
def test_super_properties_are_stated(inferred: set, s: URIRef, p: URIRef, o: Node) -> None:
    assert (s, p, o) in inferred


def test_asserted_triples_are_not_repeated(inferred: set, mini_dataset: rdflib.Dataset) -> None:
    asserted = {(s, p, o) for s, p, o, _g in mini_dataset.quads((None, None, None, None))}
    assert (RUSSIA, RDF.type, TG.State) not in inferred
    assert (RYABKOV, ORG.holds, DEPUTY_MINISTER) in asserted
    assert (RYABKOV, ORG.holds, DEPUTY_MINISTER) not in inferred
    assert not inferred & asserted


def test_article_text_is_not_copied(inferred: set) -> None:
    assert not [t for t in inferred if t[0] == ARTICLE and isinstance(t[2], Literal) and len(t[2]) > 200]


def test_tenure_gives_holds_and_held_by(ontology: rdflib.Graph) -> None:
    data = [(TENURE, TG.holder, RYABKOV), (TENURE, TG.post, DEPUTY_MINISTER)]
    inferred = to_inferences(ontology, data)
    assert (RYABKOV, ORG.holds, DEPUTY_MINISTER) in inferred
    assert (DEPUTY_MINISTER, ORG.heldBy, RYABKOV) in inferred


def test_inverse_pairs_work_both_ways(ontology: rdflib.Graph) -> None:
    inferred = to_inferences(ontology, [(DEPUTY_MINISTER, ORG.heldBy, RYABKOV)])
    assert (RYABKOV, ORG.holds, DEPUTY_MINISTER) in inferred


def test_hierarchy_comes_from_the_ontology_argument() -> None:
    ontology = rdflib.Graph()
    ontology.add((TG.State, rdflib.RDFS.subClassOf, TG.Agent))
    ontology.add((TG.Agent, rdflib.RDFS.subClassOf, PROV.Agent))
    inferred = to_inferences(ontology, [(RUSSIA, RDF.type, TG.State)])
    assert inferred == {(RUSSIA, RDF.type, TG.Agent), (RUSSIA, RDF.type, PROV.Agent)}


# --- the SPARQL Update rules


def test_rules_are_ordered_and_start_by_clearing() -> None:
    rules = iter_rules()
    names = [name for name, _text in rules]
    assert names == sorted(names) and len(names) >= 4
    assert rules[0][1].rstrip().endswith(f"DROP SILENT GRAPH <{INFERENCES_GRAPH}>")
    for _name, text in rules[1:]:
        assert f"GRAPH <{INFERENCES_GRAPH}>" in text
        assert "INSERT" in text


def test_rules_read_the_hierarchy_from_the_ontology_graph() -> None:
    texts = dict(iter_rules())
    hierarchy_rules = [text for text in texts.values() if "subClassOf" in text or "subPropertyOf" in text]
    assert hierarchy_rules and all(f"GRAPH <{ONTOLOGY_GRAPH}>" in text for text in hierarchy_rules)


def test_rules_let_sparql_find_agents_and_claimants(reasoned_store: ox.Store) -> None:
    agents = select(reasoned_store, "SELECT ?x WHERE { ?x a tg:Agent }")
    assert {
        str(RUSSIA),
        ID + "state/united-states",
        str(PUTIN),
        str(RYABKOV),
        ID + "organization/tass",
    } <= agents
    claimants = select(reasoned_store, "SELECT ?y WHERE { ?x prov:wasAttributedTo ?y }")
    assert claimants == {str(PUTIN)}
    holders = select(reasoned_store, f"SELECT ?p WHERE {{ <{DEPUTY_MINISTER}> org:heldBy ?p }}")
    assert holders == {str(RYABKOV)}


def test_rules_and_function_agree(reasoned_store: ox.Store, inferred: set) -> None:
    assert inferences_in(reasoned_store) == inferred


def test_rerunning_the_rules_replaces_stale_inferences(reasoned_store: ox.Store, inferred: set) -> None:
    stale = ox.Quad(
        ox.NamedNode(ID + "state/atlantis"),
        ox.NamedNode(str(RDF.type)),
        ox.NamedNode(str(TG.Agent)),
        ox.NamedNode(str(INFERENCES_GRAPH)),
    )
    reasoned_store.add(stale)
    load_inferences(reasoned_store)
    assert stale not in reasoned_store
    assert inferences_in(reasoned_store) == inferred
