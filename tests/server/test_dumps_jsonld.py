"""The compact JSON-LD dump (/dump.jsonld, treatygraph export --format jsonld): the published context's
short keys, one @graph object per named graph, exactly the quads of /dump.nq, streamed, gzip."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.config import load_settings
from kg.export import read_context, to_compact_nodes, write_dump
from kg.export.jsonld import to_rdf_dataset
from kg.formats import get_format
from kg.ingest import ingest_paths
from kg.namespaces import TG as TG_TERMS
from kg.store import Store, open_store
from server import create_app
from server.dumps import iter_dump

CORPUS = Path(__file__).resolve().parents[2] / "kg" / "corpus"
TG = Namespace("https://w3id.org/treatygraph/ontology#")
EX = Namespace("http://example.org/")
CONTEXT_URL = "http://localhost/context.jsonld"
ODD_GRAPH = "http://example.org/graph/odd"


#: Triples rdflib's own compaction got wrong: a tg: term whose local name is another context term, a
#: blank node described under an @id-typed term, a literal under an @id-typed term, non-canonical and
#: ill-typed literals (written as N-Triples: rdflib would normalise them), escapes, a list.
_TG = "https://w3id.org/treatygraph/ontology#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ODD_NTRIPLES = "\n".join(
    line.replace("tg:", _TG).replace("xsd:", _XSD).replace("rdf:", _RDF).replace("ex:", "http://example.org/")
    for line in (
        r'<ex:v0> <tg:value> "042"^^<xsd:integer> .',
        r'<ex:v1> <tg:value> "1.0"^^<xsd:double> .',
        r'<ex:v2> <tg:value> "abc"^^<xsd:integer> .',
        r'<ex:v3> <tg:value> "1"^^<xsd:boolean> .',
        r'<ex:v4> <tg:value> "7"^^<xsd:integer> .',
        r'<ex:v5> <tg:value> "true"^^<xsd:boolean> .',
        r'<ex:v6> <tg:value> "2020-01-02"^^<xsd:date> .',
        r'<ex:v7> <tg:value> "Москва"@ru .',
        r'<ex:v8> <tg:value> "tab\tquote\" back\\ bell\u0007 sep\u2028 new\n" .',
        r'<ex:e> <tg:label> "label, not rdfs:label" .',
        r"<ex:e> <tg:agent> _:shared .",
        r'_:shared <tg:label> "described blank node" .',
        r'<ex:e> <tg:agent> "a literal agent" .',
        r"<ex:e> <tg:status> <ex:notInVocab> .",
        r"<ex:e> <tg:items> _:c1 .",
        r"_:c1 <rdf:first> <ex:a> .",
        r"_:c1 <rdf:rest> _:c2 .",
        r'_:c2 <rdf:first> "1"^^<xsd:integer> .',
        r"_:c2 <rdf:rest> <rdf:nil> .",
    )
)


def load_odd_graph(store: Store, folder: Path) -> None:
    """Load ``ODD_NTRIPLES`` into ``ODD_GRAPH`` exactly as written."""
    path = folder / "odd.nt"
    path.write_text(ODD_NTRIPLES, encoding="utf-8")
    store.load_file(path, get_format("ntriples"), graph=ODD_GRAPH, bulk=False)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Store:
    """An in-memory store built from the bundled corpus, plus the odd graph."""
    store = open_store(None)
    ingest_paths(store, sorted(CORPUS.glob("*.txt")), load_settings({"store": "unused"}, environ={}))
    load_odd_graph(store, tmp_path_factory.mktemp("odd"))
    return store


@pytest.fixture(scope="module")
def corpus_client(corpus_store):
    """A test client of an app serving the corpus store."""
    app = create_app(load_settings({"store": "unused"}, environ={}), store=corpus_store)
    app.testing = True
    return app.test_client()


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """The rdflib term, lexical form kept exactly (no normalisation)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language, normalize=False)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def graphs_of(data: bytes, fmt: ox.RdfFormat) -> dict[str, Graph]:
    """Named graphs parsed by pyoxigraph, as rdflib graphs with exact literals."""
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(data, format=fmt):
        assert isinstance(quad.graph_name, ox.NamedNode), quad
        graphs.setdefault(quad.graph_name.value, Graph()).add(
            (_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object))
        )
    return graphs


def with_inline_context(body: bytes) -> bytes:
    doc = json.loads(body)
    assert doc["@context"] == CONTEXT_URL
    return json.dumps({**doc, "@context": read_context()}).encode()


def assert_same_quads(jsonld: bytes, nquads: bytes) -> None:
    expected = graphs_of(nquads, ox.RdfFormat.N_QUADS)
    got = graphs_of(jsonld, ox.RdfFormat.JSON_LD)
    assert set(got) == set(expected)
    for name, graph in expected.items():
        assert len(got[name]) == len(graph), name
        assert isomorphic(got[name], graph), name


# --- the dump ------------------------------------------------------------------------------------------
def test_jsonld_dump_reads_back_as_exactly_the_quads_of_the_nquads_dump(corpus_client):
    body = corpus_client.get("/dump.jsonld").data
    assert_same_quads(with_inline_context(body), corpus_client.get("/dump.nq").data)


def test_jsonld_dump_reads_back_with_rdflib_too(corpus_client, corpus_store):
    from rdflib import Dataset

    ds = Dataset().parse(data=with_inline_context(corpus_client.get("/dump.jsonld").data), format="json-ld")
    assert len(list(ds.quads())) == len(corpus_store)


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_jsonld_dump_has_the_short_keys_of_the_published_context(corpus_client):
    doc = json.loads(corpus_client.get("/dump.jsonld").data)
    assert list(doc) == ["@context", "@graph"]
    assert all(set(g) == {"id", "@graph"} for g in doc["@graph"])
    context = read_context()
    keys = set(_keys([g for g in doc["@graph"] if g["id"] != ODD_GRAPH]))  # the odd graph uses made-up terms
    assert {"id", "type", "label", "agent", "treaty", "date", "evidence", "exact", "start"} <= keys
    assert not keys & {"@id", "@type"}, "the context aliases id and type"
    namespaces = tuple(v for v in context.values() if isinstance(v, str) and v.startswith("http"))
    for key in keys - {"@graph", "@value", "@language", "@list"}:
        prefix, colon, _ = key.partition(":")
        if key.startswith(("http://", "https://")):  # only IRIs that no prefix of the context covers
            assert not key.startswith(namespaces), key
        else:
            assert key in context or (colon and prefix in context) or hasattr(TG_TERMS, key), key
    graphs = {g["id"]: g["@graph"] for g in doc["@graph"]}
    russia = next(
        n for n in graphs["https://w3id.org/treatygraph/graph/reference"] if n["id"].endswith("/russia")
    )
    assert russia["type"] == "State" and russia["continuatorOf"].endswith("/state/soviet-union")
    selector = next(n for g in graphs.values() for n in g if n.get("type") == "oa:TextPositionSelector")
    assert isinstance(selector["start"], int) and isinstance(selector["end"], int)


def test_the_odd_graph_keeps_every_term_and_literal(corpus_client):
    doc = json.loads(corpus_client.get("/dump.jsonld").data)
    (odd,) = (g["@graph"] for g in doc["@graph"] if g["id"] == ODD_GRAPH)
    nodes = {n["id"]: n for n in odd}
    assert nodes[str(EX.e)]["tg:label"] == "label, not rdfs:label"
    # The store keeps valid literals in canonical form (042 -> 42); the dump writes what the store holds,
    # as JSON numbers and booleans only where that reads back as the same literal.
    assert nodes[f"{EX}v0"]["value"] == 42 and nodes[f"{EX}v4"]["value"] == 7
    assert nodes[f"{EX}v1"]["value"] == {"type": "xsd:double", "@value": "1"}
    assert nodes[f"{EX}v2"]["value"] == {"type": "xsd:integer", "@value": "abc"}
    assert nodes[f"{EX}v3"]["value"] is True and nodes[f"{EX}v5"]["value"] is True
    assert nodes[f"{EX}v8"]["value"] == 'tab\tquote" back\\ bell\x07 sep\u2028 new\n'
    assert nodes[str(EX.e)]["tg:agent"] == "a literal agent"  # agent is typed @id: a literal cannot use it
    assert nodes[str(EX.e)]["items"] == {"@list": [{"id": f"{EX}a"}, 1]}
    blank = nodes[str(EX.e)]["agent"]
    assert nodes[blank]["tg:label"] == "described blank node"


def test_cli_writes_the_same_jsonld_dump(runner, corpus_client, tmp_path):
    store_dir = tmp_path / "store"
    with Store(store_dir) as store:
        ingest_paths(store, sorted(CORPUS.glob("*.txt"))[:2], load_settings({"store": "x"}, environ={}))
        load_odd_graph(store, tmp_path)
        nquads = io.BytesIO()
        store.dump(nquads, get_format("nquads"))
    out = tmp_path / "all.jsonld"
    argv = ["export", "--store", str(store_dir), "--format", "jsonld", "-o", str(out)]
    code, _, err = runner(argv)
    assert code == 0, err
    embedded = json.loads(out.read_bytes())
    assert embedded["@context"] == read_context()  # no server to point at: the context is embedded
    assert_same_quads(out.read_bytes(), nquads.getvalue())
    code, _, err = runner([*argv, "--context", CONTEXT_URL])
    assert code == 0, err
    with Store(store_dir, read_only=True) as store:
        app = create_app(load_settings({"store": "unused"}, environ={}), store=store)
        served = app.test_client().get("/dump.jsonld").data
    assert out.read_bytes() == served  # one code path: byte for byte the server's dump


def test_cli_context_option_is_for_jsonld_only(runner, tmp_path):
    code, _, err = runner(["export", "--store", str(tmp_path / "s"), "--format", "nquads", "--context", "x"])
    assert code == 1 and "--context" in err


def test_jsonld_dump_gzips(corpus_client):
    plain = corpus_client.get("/dump.jsonld").data
    resp = corpus_client.get("/dump.jsonld", headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(resp.data) == plain
    assert len(resp.data) < len(plain) / 4


# --- streaming -----------------------------------------------------------------------------------------
class CountingStore:
    """A store that counts the graphs read out of it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.dumped = 0

    def graph_names(self) -> list[str]:
        return self.store.graph_names()

    def dump(self, output, fmt, *, graph=None) -> None:  # noqa: ANN001
        self.dumped += 1
        self.store.dump(output, fmt, graph=graph)


def test_jsonld_dump_streams_graph_by_graph():
    store = open_store(None)
    for i in range(200):
        g = Graph()
        for j in range(20):
            g.add((EX[f"n{i}-{j}"], TG.text, Literal(f"text {i} {j} " + "x" * 200)))
        store.replace_graph(f"http://example.org/graph/{i:03d}", g)
    counting = CountingStore(store)
    chunks = iter_dump(counting, get_format("jsonld"), chunk=4096, context=CONTEXT_URL)  # type: ignore[arg-type]
    first = next(chunks)
    assert first.startswith(b'{"@context": "http://localhost/context.jsonld", "@graph": [')
    assert counting.dumped < 200, "the whole dump was built before the first chunk"
    chunks.close()  # a client that goes away: the writer stops
    assert counting.dumped < 200


# --- the compaction itself -----------------------------------------------------------------------------
def test_ntriples_reader_unescapes_like_the_grammar():
    text = (
        '<http://e/s> <http://e/p> "a\\"b\\\\c\\nd\\re\\tf\\u0001g\\bh\\fi\\U0001F600j\u2028k" .\n'
        '_:b1 <http://e/p> "x"@en-gb .\n'
        "<http://e/s> <http://e/p> _:b1 .\n"
    )
    (first, second, third) = to_rdf_dataset(text)["@default"]
    assert first["object"]["value"] == 'a"b\\c\nd\re\tf\x01g\bh\fi\U0001f600j\u2028k'
    assert second["subject"] == {"type": "blank node", "value": "_:b1"}
    assert second["object"]["language"] == "en-gb"
    assert third["object"] == {"type": "blank node", "value": "_:b1"}


def test_compaction_never_loads_remote_documents():
    nodes = to_compact_nodes('<http://e/s> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    assert nodes == [{"id": "http://e/s", "label": "x"}]


def test_write_dump_of_one_graph(corpus_store):
    out = io.BytesIO()
    write_dump(corpus_store, get_format("jsonld"), out, graph=ODD_GRAPH, context=CONTEXT_URL)
    doc = json.loads(out.getvalue())
    assert [g["id"] for g in doc["@graph"]] == [ODD_GRAPH]
    assert RDF.first not in {k for n in doc["@graph"][0]["@graph"] for k in n}


class FailingStore(CountingStore):
    """A store that fails on its second graph."""

    def dump(self, output, fmt, *, graph=None) -> None:  # noqa: ANN001
        if self.dumped == 1:
            raise RuntimeError("disk on fire")
        super().dump(output, fmt, graph=graph)


def test_a_failing_dump_is_logged_and_ends_the_stream(corpus_store, caplog):
    chunks = iter_dump(FailingStore(corpus_store), get_format("jsonld"), context=CONTEXT_URL)  # type: ignore[arg-type]
    body = b"".join(chunks)
    assert body.startswith(b'{"@context"') and not body.endswith(b"]}\n")
    assert "dump in jsonld failed" in caplog.text and "disk on fire" in caplog.text
