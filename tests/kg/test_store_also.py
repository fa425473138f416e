"""Writes with ``also=`` rewrites in the same transaction (kg/store/local.py), and update texts joined
whatever they end with (kg/store/sparqltext.py ``join_updates``)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError
from kg.store import Store
from kg.store.sparqltext import join_updates

EX = "http://example.org/"
COPY = (EX + "copy", f"INSERT {{ GRAPH <{EX}copy> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}")


def one_triple(value: str) -> Graph:
    g = Graph()
    g.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal(value)))
    return g


def default_values(store: Store) -> set[str]:
    return {row["o"].value for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")}


def test_join_updates_separates_operations_whatever_each_ends_with():
    assert join_updates("A", "B") == "A\n;\nB"
    assert join_updates("A ;", "B") == "A ;\nB"
    assert join_updates("A # done", "B") == "A # done\n;\nB"
    assert join_updates("A ; # done", "B") == "A ; # done\nB"
    assert join_updates('A "x;"', "B") == 'A "x;"\n;\nB'
    assert join_updates("A", "  # nothing", "", "B") == "A\n;\nB"


@pytest.mark.parametrize("ending", [" # a trailing comment", " ;", " ; # both"])
def test_an_update_ending_with_a_comment_or_a_semicolon_runs(ending):
    """Regression: the resync used to be appended after the comment and so commented out."""
    store = Store()
    store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> "v" }} }}{ending}')
    assert default_values(store) == {"v"}


def test_replace_and_drop_run_also_in_the_same_transaction():
    store = Store()
    store.replace_graph(EX + "g", one_triple("a"), also=[COPY])
    assert store.count(EX + "copy") == 1 and default_values(store) == {"a"}
    version = store.version
    store.drop_graph(EX + "g", also=[(EX + "copy", f"DROP SILENT GRAPH <{EX}copy>")])
    assert store.graph_names() == [] and default_values(store) == set()
    assert store.version == version + 1


def test_update_runs_also_and_a_failure_changes_nothing():
    store = Store()
    store.update(f'INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> "b" }} }}', also=[COPY])
    assert store.count(EX + "copy") == 1
    before = store.graph_names(), store.version
    failing = f"CREATE GRAPH <{EX}g2> ; CREATE GRAPH <{EX}g2>"
    with pytest.raises(QueryError):
        store.update(failing, also=[COPY])
    assert (store.graph_names(), store.version) == before


def test_also_is_checked_for_load_like_the_update():
    with pytest.raises(QueryError, match="LOAD"):
        Store().update("CLEAR SILENT ALL", also=[(EX + "g", "LOAD <http://example.org/x.ttl>")])
