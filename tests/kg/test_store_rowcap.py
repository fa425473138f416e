"""The result-row cap (kg/store/rowcap.py): exact counts, the truncated flag, and a lossless round trip
through SPARQL TSV and N-Triples for every format and every kind of term."""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.errors import QueryError
from kg.formats import FORMATS, get_format, to_rdf_format, to_results_format
from kg.store import Store
from kg.store.remote import RemoteStore
from kg.store.rowcap import _capped_lines, _LineSink, cap_solutions, cap_triples

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT_FORMATS = [f.name for f in FORMATS if f.kind == "results"]
RDF_FORMATS = [f.name for f in FORMATS if f.kind == "rdf"]
ALL_ROWS = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"

#: Objects that exercise every corner of the TSV and N-Triples syntaxes.
TRICKY = [
    ox.NamedNode("http://example.org/\u00e9t\u00e9#x"),
    ox.BlankNode("b1"),
    ox.Literal("plain"),
    ox.Literal(""),
    ox.Literal("hello", language="en-GB"),
    ox.Literal("", language="fr"),
    ox.Literal("1.0E0", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("NaN", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("5.", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("+01", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("2024-07-09", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("2024-07-09T10:00:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
    ox.Literal(
        "a\nb\tc\"d'e\\f\r g \u00e9 \U0001f600 \u2028 <x> _:y ?z", datatype=ox.NamedNode(XSD + "string")
    ),
    ox.Literal("x" * 70_000 + "\n" + "y" * 70_000),
    ox.Literal("custom", datatype=ox.NamedNode(EX + "datatype")),
    ox.Literal("tab\there", language="en"),
    ox.Literal("dir", language="ar", direction=ox.BaseDirection.RTL),
    ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("quoted")),
]


@pytest.fixture
def tricky_store() -> Iterator[Store]:
    """An in-memory store with one triple per tricky object, plus a blank-node subject."""
    store = Store()
    g = ox.NamedNode(EX + "g")
    quads = [
        ox.Quad(ox.NamedNode(f"{EX}s{i:03d}"), ox.NamedNode(EX + "p"), o, g) for i, o in enumerate(TRICKY)
    ]
    quads.append(ox.Quad(ox.BlankNode("subject"), ox.NamedNode(EX + "p"), ox.Literal("from a blank node"), g))
    store._ox.extend(quads)
    store._bulk_copy_to_default(g)
    yield store
    store.close()


def numbered_store(n: int) -> Store:
    """An in-memory store with ``n`` triples ``ex:s<i> ex:p "<i>"``."""
    store = Store()
    g = ox.NamedNode(EX + "g")
    store._ox.extend(
        ox.Quad(ox.NamedNode(f"{EX}s{i:05d}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), g)
        for i in range(n)
    )
    store._bulk_copy_to_default(g)
    return store


def count_rows(body: bytes, fmt: str) -> int:
    """Solutions or triples in a serialised answer, read back with a parser."""
    if fmt == "csv":  # pyoxigraph does not parse CSV (lossy): the csv module does
        csv.field_size_limit(1 << 24)
        return len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1
    if fmt in RESULT_FORMATS:
        parsed = ox.parse_query_results(body, format=to_results_format(get_format(fmt)))
        return sum(1 for _ in parsed)
    return len(list(ox.parse(body, format=to_rdf_format(get_format(fmt)))))


# --- the round trip is lossless ------------------------------------------------------------------------
SELECTS = [
    ALL_ROWS,
    "SELECT ?s ?o ?unbound ?z WHERE { ?s ?p ?o OPTIONAL { ?s <http://nope/> ?unbound } "
    "BIND(IF(STRENDS(STR(?s), '1'), 1, ?nothing) AS ?z) } ORDER BY ?s",
    "SELECT ?o ?s WHERE { ?s ?p ?o } ORDER BY DESC(?s)",  # variable order
    "SELECT * {}",
    "SELECT * WHERE { VALUES () { () () () } }",
    "SELECT ?x WHERE { FILTER(false) }",
    f"SELECT ?x WHERE {{ VALUES ?x {{ UNDEF UNDEF 1.5e0 2.50 '2024-01-01'^^<{XSD}date> }} }}",
    "SELECT ?b WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }",
]


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
@pytest.mark.parametrize("query", SELECTS)
def test_capped_solutions_under_the_cap_equal_the_direct_serialisation(tricky_store, query, fmt):
    direct = tricky_store.execute(query, choose=fmt).body
    answer = tricky_store.execute(query, choose=fmt, row_cap=10_000)
    if "BNODE()" not in query:  # fresh blank nodes differ from one evaluation to the next
        assert answer.body == direct
    assert answer.truncated is False and answer.row_cap == 10_000
    assert count_rows(answer.body, fmt) == count_rows(direct, fmt)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_capped_triples_under_the_cap_equal_the_direct_serialisation(tricky_store, fmt):
    try:
        direct = tricky_store.execute(ALL_TRIPLES, choose=fmt).body
    except QueryError as exc:  # JSON-LD cannot hold the triple term: the capped path fails alike
        with pytest.raises(QueryError, match=str(exc)):
            tricky_store.execute(ALL_TRIPLES, choose=fmt, row_cap=10_000)
        return
    answer = tricky_store.execute(ALL_TRIPLES, choose=fmt, row_cap=10_000)
    assert answer.body == direct
    assert answer.truncated is False


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv", "turtle", "jsonld", "rdfxml", "trig"])
def test_the_fixture_graph_round_trips_in_every_format(store_with_fixture_graph, fmt):
    query = ALL_ROWS if fmt in RESULT_FORMATS else ALL_TRIPLES
    direct = store_with_fixture_graph.execute(query, choose=fmt).body
    assert store_with_fixture_graph.execute(query, choose=fmt, row_cap=1_000_000).body == direct


def test_parsed_remote_results_with_non_canonical_literals_round_trip():
    """A remote engine sends lexical forms that Oxigraph would normalise: they must survive as sent."""
    cases = [("01", "int"), ("+1", "integer"), ("1.0E0", "double"), ("1.50", "decimal"), ("1", "boolean")]
    bindings: list[dict[str, Any]] = [
        {"v": {"type": "literal", "value": v, "datatype": XSD + t}} for v, t in cases
    ]
    bindings += [
        {"b": {"type": "bnode", "value": "abc"}},
        {"b": {"type": "bnode", "value": "abc"}, "l": {"type": "literal", "value": "x", "xml:lang": "en"}},
        {"l": {"type": "literal", "value": 'a\nb\t"c'}},
        {},
    ]
    doc = json.dumps({"head": {"vars": ["v", "b", "l"]}, "results": {"bindings": bindings}}).encode()
    for fmt in RESULT_FORMATS:
        target = to_results_format(get_format(fmt))
        direct = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON).serialize(format=target)
        parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
        assert cap_solutions(parsed, target, 100) == (direct, False), fmt


# --- the cap --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_a_select_over_the_cap_gets_exactly_cap_rows_in_every_format(fmt):
    store = numbered_store(50)
    answer = store.execute(ALL_ROWS, choose=fmt, row_cap=7)
    assert answer.truncated is True and answer.row_cap == 7
    assert count_rows(answer.body, fmt) == 7
    full = store.execute(ALL_ROWS, choose="tsv").body.decode().splitlines()
    kept = store.execute(ALL_ROWS, choose="tsv", row_cap=7).body.decode().splitlines()
    assert kept == full[:8]  # the header and the first seven rows, in the query's order
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(answer.body.decode())))) == 8
    if fmt == "json":
        assert len(json.loads(answer.body)["results"]["bindings"]) == 7


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_a_construct_over_the_cap_gets_exactly_cap_triples_in_every_format(fmt):
    store = numbered_store(50)
    answer = store.execute(ALL_TRIPLES, choose=fmt, row_cap=9)
    assert answer.truncated is True and answer.row_cap == 9
    assert count_rows(answer.body, fmt) == 9
    if fmt == "turtle":
        assert len(Graph().parse(data=answer.body, format="turtle")) == 9


@pytest.mark.parametrize("n", [6, 7])
def test_exactly_the_cap_or_fewer_rows_is_not_truncated(n):
    store = numbered_store(n)
    for query in (ALL_ROWS, ALL_TRIPLES):
        answer = store.execute(query, row_cap=7)
        assert answer.truncated is False
        assert count_rows(answer.body, "json" if query == ALL_ROWS else "turtle") == n


@pytest.mark.parametrize("cap", [None, 0])
def test_cap_zero_or_none_is_off(cap):
    store = numbered_store(20)
    answer = store.execute(ALL_ROWS, row_cap=cap)
    assert (answer.truncated, answer.row_cap) == (False, None)
    assert count_rows(answer.body, "json") == 20


def test_ask_is_never_capped():
    answer = numbered_store(3).execute("ASK { ?s ?p ?o }", row_cap=1)
    assert (answer.kind, answer.truncated, answer.row_cap) == ("ask", False, None)


def test_rows_with_long_literals_are_cut_at_a_row_boundary(tricky_store):
    answer = tricky_store.execute(ALL_ROWS, choose="tsv", row_cap=18)
    lines = answer.body.decode().split("\n")
    assert answer.truncated and len(lines) == 20 and lines[-1] == ""
    assert count_rows(answer.body, "tsv") == 18


# --- the sink ---------------------------------------------------------------------------------------------
def test_the_sink_stops_the_evaluation_early():
    store = numbered_store(20_000)
    total = len(store.execute(ALL_ROWS, choose="tsv").body)
    sizes = []

    def serialize(sink: _LineSink) -> None:
        try:
            store._ox.query(ALL_ROWS).serialize(sink, format=ox.QueryResultsFormat.TSV)
        finally:
            sizes.append(sum(len(c) for c in sink._chunks))

    head, truncated = _capped_lines(serialize, 11)
    assert truncated and head.count(b"\n") == 11
    assert sizes[0] < total / 10


def test_the_sink_keeps_lines_split_across_chunks():
    sink = _LineSink(2)
    for chunk in (b"ab", b"c\nd", b"e\nf\ng", b"\n"):
        try:
            sink.write(chunk)
        except Exception:
            break
    assert sink.full and sink.head() == b"abc\nde\n"


def test_an_error_that_is_not_the_sink_stopping_propagates():
    def failing(sink: _LineSink) -> None:
        raise OSError("disk on fire")

    with pytest.raises(OSError, match="disk on fire"):
        _capped_lines(failing, 5)


def test_cap_triples_takes_any_iterable_of_triples():
    triples = [
        ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i))) for i in range(5)
    ]
    body, truncated = cap_triples(iter(triples), ox.RdfFormat.N_TRIPLES, 3)
    assert truncated and body.count(b"\n") == 3
    assert cap_triples(iter(triples), ox.RdfFormat.TURTLE, 5)[1] is False


# --- the remote store ---------------------------------------------------------------------------------------
class Canned(http.server.BaseHTTPRequestHandler):
    """Answers every query with ``payload`` as ``content_type``."""

    payload = b""
    content_type = ""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.payload)))
        self.end_headers()
        self.wfile.write(self.payload)

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def canned() -> Iterator[type[Canned]]:
    """A loopback HTTP server answering with the handler's ``payload``; yields the handler class."""
    handler = type("Handler", (Canned,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"  # type: ignore[attr-defined]
    yield handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("fmt", RESULT_FORMATS)
def test_the_remote_store_honours_the_cap_on_select(canned, fmt):
    store = numbered_store(30)
    canned.payload = store.execute(ALL_ROWS, choose="json").body  # what a capped query asks for
    canned.content_type = get_format("json").content_type
    with RemoteStore(canned.url) as remote:
        answer = remote.execute(ALL_ROWS, choose=fmt, row_cap=4)
        assert (answer.truncated, answer.row_cap) == (True, 4)
        assert count_rows(answer.body, fmt) == 4
        assert remote.execute(ALL_ROWS, choose="json", row_cap=30).truncated is False
        assert count_rows(remote.execute(ALL_ROWS, choose="json").body, "json") == 30


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_the_remote_store_honours_the_cap_on_construct(canned, fmt):
    store = numbered_store(30)
    canned.payload = store.execute(ALL_TRIPLES, choose="ntriples").body
    canned.content_type = get_format("ntriples").content_type
    with RemoteStore(canned.url) as remote:
        answer = remote.execute(ALL_TRIPLES, choose=fmt, row_cap=5)
        assert (answer.truncated, answer.row_cap) == (True, 5)
        assert count_rows(answer.body, fmt) == 5
