"""kg.export.write_dump: N-Quads and TriG written graph by graph hold exactly the store's quads (blank
node labels included); one named graph; the N-Triples -> N-Quads line rewriting across write boundaries."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import load_settings
from kg.export import write_dump
from kg.export.dump import _NamedLines
from kg.formats import get_format
from kg.ingest import ingest_paths
from kg.store import Store, open_store
from tests.server.test_dumps_jsonld import ODD_GRAPH, load_odd_graph

CORPUS = Path(__file__).resolve().parents[2] / "kg" / "corpus"
PARSE = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """Two corpus articles, the reference data, ontology, inferences and the odd graph (blank nodes)."""
    store = open_store(None)
    ingest_paths(store, sorted(CORPUS.glob("*.txt"))[:2], load_settings({"store": "unused"}, environ={}))
    load_odd_graph(store, tmp_path_factory.mktemp("odd"))
    return store


def quads(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    return {str(q) for q in ox.parse(data, format=fmt)}


def store_quads(store: Store) -> set[str]:
    buf = io.BytesIO()
    store.dump(buf, get_format("nquads"))  # the store's own whole-dataset writer
    return quads(buf.getvalue(), ox.RdfFormat.N_QUADS)


@pytest.mark.parametrize("name", ["nquads", "trig"])
def test_dataset_dumps_hold_exactly_the_stores_quads(store, name):
    out = io.BytesIO()
    write_dump(store, get_format(name), out)
    assert quads(out.getvalue(), PARSE[name]) == store_quads(store)


@pytest.mark.parametrize("name", ["nquads", "trig"])
def test_one_graph_keeps_its_name(store, name):
    out = io.BytesIO()
    write_dump(store, get_format(name), out, graph=ODD_GRAPH)
    got = list(ox.parse(out.getvalue(), format=PARSE[name]))
    assert got and {q.graph_name.value for q in got} == {ODD_GRAPH}
    assert {str(q) for q in got} == {q for q in store_quads(store) if q.endswith(f"<{ODD_GRAPH}>")}


def test_named_lines_rewrite_statements_cut_anywhere():
    text = b'<http://e/s> <http://e/p> "a .\\n b" .\n_:b1 <http://e/p> <http://e/o> .\n'
    for size in (1, 2, 3, 7, 50):
        out = io.BytesIO()
        lines = _NamedLines(out, "http://e/g")
        for i in range(0, len(text), size):
            lines.write(text[i : i + size])
        lines.close()
        assert out.getvalue() == (
            b'<http://e/s> <http://e/p> "a .\\n b" <http://e/g> .\n'
            b"_:b1 <http://e/p> <http://e/o> <http://e/g> .\n"
        )


def test_named_lines_refuse_an_unfinished_line():
    lines = _NamedLines(io.BytesIO(), "http://e/g")
    lines.write(b"<http://e/s> <http://e/p> ")
    with pytest.raises(ValueError, match="unfinished"):
        lines.close()
