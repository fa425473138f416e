"""The embedded store: union default graph, datasets, atomic graph replacement, guards, timeouts."""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.formats import get_format
from kg.store import Store, find_keywords, open_store

EX = "http://example.org/"


def triples(n: int, tag: str = "") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"{tag}{i}")))
    return g


def select(store, q, **kw):
    return json.loads(store.execute(q, choose="json", **kw).body)["results"]["bindings"]


def test_store_persists_on_disk(tmp_path):
    with Store(tmp_path / "s") as store:
        store.replace_graph(EX + "g1", triples(3))
    with Store(tmp_path / "s") as store:
        assert store.count(EX + "g1") == 3
        assert store.graph_names() == [EX + "g1"]


def test_default_graph_is_the_union_unless_a_dataset_is_named(empty_store):
    empty_store.replace_graph(EX + "g1", triples(2, "a"))
    empty_store.replace_graph(EX + "g2", triples(3, "b"))
    q = "SELECT ?o WHERE { ?s ?p ?o }"
    assert len(select(empty_store, q)) == 5
    assert len(select(empty_store, q, default_graphs=[EX + "g2"])) == 3
    assert len(select(empty_store, q, default_graphs=[], named_graphs=[EX + "g1"])) == 0
    rows = select(
        empty_store,
        "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        named_graphs=[EX + "g1"],
    )
    assert [(r["g"]["value"], r["n"]["value"]) for r in rows] == [(EX + "g1", "2")]


def test_replace_graph_replaces_exactly_that_graph(empty_store):
    empty_store.replace_graph(EX + "g1", triples(5, "old"))
    empty_store.replace_graph(EX + "g2", triples(2))
    v = empty_store.version
    empty_store.replace_graph(EX + "g1", triples(1, "new"))
    assert empty_store.count(EX + "g1") == 1
    assert empty_store.count(EX + "g2") == 2
    assert empty_store.version > v


def test_failed_replace_leaves_the_old_graph(empty_store):
    empty_store.replace_graph(EX + "g1", triples(4))
    bad = [(URIRef(EX + "s"), URIRef(EX + "p"), URIRef("not an iri with spaces"))]
    with pytest.raises(StoreError):
        empty_store.replace_graph(EX + "g1", bad)
    assert empty_store.count(EX + "g1") == 4


def test_malformed_query_is_a_query_error(empty_store):
    with pytest.raises(QueryError, match="malformed"):
        empty_store.execute("SELECT * WHERE { ?s ?p }")


def test_update_sent_as_query_is_refused_and_changes_nothing(empty_store):
    empty_store.replace_graph(EX + "g1", triples(2))
    with pytest.raises(QueryError):
        empty_store.execute(f"DROP GRAPH <{EX}g1>")
    assert empty_store.count(EX + "g1") == 2


def test_service_is_refused_without_opening_a_connection(empty_store):
    with pytest.raises(QueryError, match="SERVICE"):
        empty_store.execute("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")


def test_keyword_finder_ignores_strings_iris_comments_and_prefixed_names():
    assert find_keywords('SELECT * { ?s ?p "SERVICE" } # SERVICE', ["SERVICE"]) == set()
    assert find_keywords("SELECT * { ?s <http://x/SERVICE> ex:service }", ["SERVICE"]) == set()
    assert find_keywords("select * { service <http://x> { ?s ?p ?o } }", ["SERVICE"]) == {"SERVICE"}
    assert find_keywords("LOAD <http://x/y.ttl>", ["LOAD", "SERVICE"]) == {"LOAD"}


def test_load_in_update_is_refused(empty_store):
    with pytest.raises(QueryError, match="LOAD"):
        empty_store.update("LOAD <http://127.0.0.1:1/x.ttl>")


def test_timeout_abandons_a_runaway_query(empty_store):
    # ~2 s of work (9M rows): long enough to time out, short enough not to burn the rest of the run
    empty_store.replace_graph(EX + "g", triples(3000))
    abandoned = []
    started = time.perf_counter()
    with pytest.raises(QueryTimeout):
        empty_store.execute(
            "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?p ?d }",
            timeout=0.3,
            on_abandon=lambda: abandoned.append(True),
        )
    assert time.perf_counter() - started < 1.5
    assert abandoned == [True]


def test_construct_serialises_in_each_rdf_format(empty_store):
    empty_store.replace_graph(EX + "g", triples(2))
    for name in ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"):
        answer = empty_store.execute("CONSTRUCT WHERE { ?s ?p ?o }", choose=name)
        assert answer.kind == "graph" and answer.format.name == name
        g = Graph().parse(
            data=answer.body,
            format={
                "ntriples": "nt",
                "jsonld": "json-ld",
                "rdfxml": "xml",
                "nquads": "nquads",
                "trig": "trig",
            }.get(name, name),
        )
        assert len(g) == 2


def test_load_file_bulk_and_dump_roundtrip(tmp_path, empty_store):
    src = tmp_path / "in.ttl"
    triples(10).serialize(src, format="turtle")
    empty_store.load_file(src, get_format("turtle"), graph=EX + "loaded")
    assert empty_store.count(EX + "loaded") == 10
    out = tmp_path / "out.nq"
    empty_store.dump(out, get_format("nquads"))
    assert len(out.read_text().splitlines()) == 10


def test_second_writer_gets_a_clear_error(tmp_path):
    with Store(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use"):
            Store(tmp_path / "s")


def test_unreachable_remote_store_is_a_clear_error():
    with pytest.raises(Exception, match="remote"):
        open_store("http://127.0.0.1:1/sparql")


def test_a_triple_stated_by_several_graphs_comes_back_once(empty_store):
    # the default graph is the set union of the named graphs, not a bag: joins do not multiply
    for g in ("g1", "g2", "g3"):
        empty_store.replace_graph(EX + g, triples(2))
    rows = select(empty_store, f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o . ?s ?p2 ?o2 }}")
    assert len(rows) == 2
    empty_store.drop_graph(EX + "g1")
    empty_store.replace_graph(EX + "g2", triples(1))
    assert len(select(empty_store, "SELECT * WHERE { ?s ?p ?o }")) == 2  # g3 still states both
    empty_store.drop_graph(EX + "g3")
    assert len(select(empty_store, "SELECT * WHERE { ?s ?p ?o }")) == 1


def test_updates_keep_the_default_graph_in_step(empty_store):
    empty_store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
    assert len(select(empty_store, "SELECT * WHERE { ?s ?p ?o }")) == 1
    empty_store.update(f"DELETE DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
    assert select(empty_store, "SELECT * WHERE { ?s ?p ?o }") == []


def test_an_older_store_gets_its_default_graph_materialised(tmp_path):
    import pyoxigraph as ox

    (tmp_path / "s").mkdir()
    raw = ox.Store(str(tmp_path / "s" / "oxigraph"))
    raw.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.Literal("c"), ox.NamedNode(EX + "g")))
    del raw
    with Store(tmp_path / "s") as store:
        assert len(select(store, "SELECT * WHERE { ?s ?p ?o }")) == 1
        assert (tmp_path / "s" / "LAYOUT").read_text() == "2"


@pytest.mark.parametrize("bulk", [True, False])
def test_loaded_dataset_keeps_its_default_graph_triples_in_a_named_graph(tmp_path, empty_store, bulk):
    """A dataset file's triples outside any named graph go to the file's own graph (they were left in
    the default graph only, and the next update's resync deleted them)."""
    src = tmp_path / "mixed.nq"
    src.write_text(
        f'<{EX}a> <{EX}p> <{EX}b> .\n<{EX}c> <{EX}p> _:x <{EX}g> .\n_:x <{EX}q> "blank" <{EX}g> .\n'
    )
    empty_store.load_file(src, get_format("nquads"), bulk=bulk)
    assert empty_store.count(EX + "g") == 2
    assert empty_store.count("https://w3id.org/treatygraph/graph/load/mixed-nq") == 1
    empty_store.update(f"INSERT DATA {{ GRAPH <{EX}h> {{ <{EX}d> <{EX}p> <{EX}e> }} }}")  # resyncs
    assert len(select(empty_store, f"SELECT * WHERE {{ <{EX}a> <{EX}p> <{EX}b> }}")) == 1
    # one parse: the blank node is the same node in its named graph and in the default graph
    rows = select(empty_store, f"SELECT ?v WHERE {{ GRAPH ?g {{ <{EX}c> <{EX}p> ?x }} ?x <{EX}q> ?v }}")
    assert len(rows) == 1


def test_a_broken_file_loaded_in_one_transaction_changes_nothing(tmp_path, empty_store):
    src = tmp_path / "broken.nt"
    src.write_text(f"<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}p> broken .\n")
    with pytest.raises(Exception, match="not valid"):
        empty_store.load_file(src, get_format("ntriples"), bulk=False)
    assert len(empty_store) == 0


def test_read_only_server_workers_and_writers_exclude_each_other(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with Store(location) as store:
        store.replace_graph("http://example.org/g", _one_triple_graph())
    first = Store(location, read_only=True, exclude_writers=True)
    second = Store(location, read_only=True, exclude_writers=True)  # readers share the lock
    assert first.count("http://example.org/g") == second.count("http://example.org/g") == 1
    with pytest.raises(StoreError, match="in use by another process.*served read-only"):
        Store(location)
    Store(location, read_only=True).close()  # a plain reader (treatygraph query) takes no lock
    first.close()
    with pytest.raises(StoreError, match="in use"):
        Store(location)  # the second reader still holds it
    second.close()
    with Store(location) as writer:
        with pytest.raises(StoreError, match="in use by another process.*open for writing"):
            Store(location, read_only=True, exclude_writers=True)
        writer.replace_graph("http://example.org/h", _one_triple_graph())
    reader = Store(location, read_only=True, exclude_writers=True)
    assert reader.count("http://example.org/h") == 1
    del reader  # dropped without close(): the lock goes with the object
    gc.collect()
    Store(location).close()


def _one_triple_graph() -> Graph:
    g = Graph()
    g.add((URIRef("http://example.org/s"), URIRef("http://example.org/p"), Literal("o")))
    return g


def test_has_graph_under_finds_a_graph_by_its_iri_prefix(empty_store):
    assert not empty_store.has_graph_under(EX + "g")
    empty_store.replace_graph(EX + "g1", triples(1))
    assert empty_store.has_graph_under(EX + "g")
    assert empty_store.has_graph_under(EX + "g1")
    assert not empty_store.has_graph_under(EX + "g2")
    assert not empty_store.has_graph_under(EX + "h")


@pytest.mark.parametrize("row_cap", [None, 5])
@pytest.mark.parametrize("form", ["CONSTRUCT { ?s ?p ?o }", "SELECT *"])
def test_a_failed_evaluation_leaves_no_pyoxigraph_result_to_another_thread(empty_store, form, row_cap):
    # pyoxigraph results may only be released by the thread that made them ("unsendable"); an error
    # raised while one is serialised on an evaluation thread crosses to the caller, and its traceback
    # must not carry the result with it (else it is dropped later by whatever thread collects it)
    query = f"{form} WHERE {{ SERVICE <http://127.0.0.1:9/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError):
        empty_store.execute(query, timeout=10, allow_service=lambda url: True, row_cap=row_cap)
    results = (ox.QueryTriples, ox.QuerySolutions)
    assert not [o for o in gc.get_objects() if isinstance(o, results)]
