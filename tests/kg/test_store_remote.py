"""The remote store (kg/store/remote.py) against real engines: the Oxigraph server and Virtuoso 7.

Slow tests start each server (tests/services/servers.py), ingest the bundled corpus through the remote
store and compare every named query with an embedded store built from the same corpus. Fast tests use a
tiny stdlib HTTP server on 127.0.0.1 that records what the remote store sends.
"""

from __future__ import annotations

import csv
import http.server
import io
import itertools
import json
import re
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg import iris
from kg.config import load_settings
from kg.errors import QueryError, RemoteStoreError, UserError
from kg.export import to_networkx
from kg.formats import get_format
from kg.ingest import ensure_setup, ingest_paths
from kg.queries import NamedQuery, iter_named_queries, prepare
from kg.resources import resource_dir
from kg.store import Store, open_store
from kg.store.remote import META_GRAPH, RemoteStore
from kg.store.sparqltext import substitute
from tests.services.servers import SERVERS, Service

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Parameter values for the named queries (every query is also run with only its required ones).
PARAMS = {
    "actor": "state/russia",
    "treaty": "treaty/new-start",
    "party": "state/russia",
    "date": "2024-07-09",
    "node": "state/russia",
    "speaker": "person/vladimir-putin",
    "in": "state/russia",
    "type": "Suspension",
    "from": "2000",
    "to": "2024-12-31",
    "resource": "state/russia",
    "base": "https://w3id.org/treatygraph/id/",
    "q": "Ryabkov",
}
#: xsd:integer and the types derived from it, compared as xsd:integer.
INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger long int short byte "
        "unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}
#: Values by parameter kind, for parameters that later queries add.
BY_KIND = {"iri": "state/russia", "date": "2024-07-09", "string": "Russia", "class": "Event", "integer": "3"}


# --- fast: a recording HTTP server -------------------------------------------------------------------
class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with an empty SPARQL JSON result (or a 401 challenge) and records it."""

    records: list[dict[str, Any]]
    challenge: str | None = None

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.records.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        if self.challenge and "Authorization" not in self.headers:
            self.send_response(401)
            self.send_header("WWW-Authenticate", self.challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.command == "PUT" or b"update=" in body:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        payload = b'{"head":{"vars":["g"]},"results":{"bindings":[]}}'
        if b"ASK" in body or b"ASK" in self.path.encode():
            payload = b'{"head":{},"boolean":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _handle

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[dict[str, Any]], type[Recorder]]]:
    """A recording HTTP server on a free loopback port: (base URL, records, handler class)."""
    handler = type("Handler", (Recorder,), {"records": [], "challenge": None})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.records, handler
    server.shutdown()
    server.server_close()


def test_open_store_gives_a_remote_store_for_a_url_with_the_settings_endpoints(recorder):
    base, records, _ = recorder
    settings = load_settings(
        {"store": base + "/q", "update_endpoint": base + "/u", "gsp_endpoint": base + "/gsp"}, environ={}
    )
    with open_store(settings.store, settings=settings) as store:
        assert isinstance(store, RemoteStore)
        store.replace_graph(EX + "g", [(URIRef(EX + "s"), URIRef(EX + "p"), Literal("é"))])
        store.update("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")
    paths = [(r["method"], r["path"].split("?")[0]) for r in records]
    assert paths[0] == ("POST", "/q")  # the opening check
    assert ("PUT", "/gsp") in paths and ("POST", "/u") in paths
    put = next(r for r in records if r["method"] == "PUT")
    assert "graph=http%3A%2F%2Fexample.org%2Fg" in put["path"]
    assert put["headers"]["Content-Type"].startswith("application/n-triples")
    assert put["body"].decode("utf-8") == '<http://example.org/s> <http://example.org/p> "é" .\n'


def test_credentials_answer_a_basic_challenge_and_are_not_sent_unasked(recorder):
    base, records, handler = recorder
    handler.challenge = 'Basic realm="sparql"'
    store = RemoteStore(base + "/sparql", user="alice", password="secret")
    store.check()
    assert "Authorization" not in records[0]["headers"]
    assert records[1]["headers"]["Authorization"] == "Basic YWxpY2U6c2VjcmV0"


def test_credentials_answer_a_digest_challenge(recorder):
    base, records, handler = recorder
    handler.challenge = 'Digest realm="sparql", nonce="abc", qop="auth"'
    store = RemoteStore(base + "/sparql", user="alice", password="secret")
    store.check()
    assert "Authorization" not in records[0]["headers"]
    assert records[1]["headers"]["Authorization"].startswith("Digest ")
    assert 'username="alice"' in records[1]["headers"]["Authorization"]


def test_no_request_goes_anywhere_but_the_configured_endpoints(recorder, monkeypatch):
    base, records, _ = recorder
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # must be ignored
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    store = RemoteStore(base + "/query", update_endpoint=base + "/update", gsp_endpoint=base + "/store")
    store.check()
    store.graph_names()
    store.has_graph(EX + "g")
    store.drop_graph(EX + "g")
    store.update("CLEAR ALL")
    assert {r["path"].split("?")[0] for r in records} == {"/query", "/update", "/store"}


def test_an_unreachable_endpoint_gives_one_line_remote_store_error():
    from tests.services.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(RemoteStoreError) as info:
        open_store(url, settings=load_settings({"store": url}, environ={}))
    assert "\n" not in str(info.value) and url in str(info.value)


def test_substitute_keeps_the_column_and_binds_everywhere():
    q = "SELECT ?a ?b WHERE { ?a <p> ?b FILTER(BOUND(?a)) } GROUP BY ?a ?b ORDER BY ?a"
    assert substitute(q, {"a": "<http://x>"}) == (
        "SELECT ?a ?b WHERE { VALUES (?a) { (<http://x>) }  <http://x> <p> ?b FILTER(true) } "
        "GROUP BY ?a ?b ORDER BY ?a"
    )
    untouched = 'SELECT ?b WHERE { ?b <p> "?a" } # ?a'
    assert substitute(untouched, {"a": "<x>"}) == untouched


def test_substitute_answers_like_pyoxigraph_substitutions_on_every_named_query(store_with_fixture_graph):
    from kg.store import to_ox

    store = store_with_fixture_graph
    for name, raw in _cases():
        text, values = prepare(_named(name), raw)
        written = substitute(text, {k: str(to_ox(v)) for k, v in values.items()})
        expected = _rows(store.query(text, substitutions=values), text)
        assert _rows(store.query(written), text) == expected, name


def test_remote_store_refuses_service_and_load_like_the_embedded_one(recorder):
    base, records, _ = recorder
    store = RemoteStore(base + "/sparql")
    with pytest.raises(QueryError, match="SERVICE"):
        store.query("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="LOAD"):
        store.update("LOAD <http://example.org/data.ttl>")
    assert records == []


# --- slow: real engines --------------------------------------------------------------------------------
def _corpus() -> Path:
    return resource_dir("corpus")


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Iterator[Store]:
    """An embedded store with the bundled corpus ingested."""
    root = tmp_path_factory.mktemp("embedded")
    settings = load_settings({"store": str(root / "store")}, environ={})
    store = Store(root / "store")
    ingest_paths(store, [_corpus()], settings)
    yield store
    store.close()


@pytest.fixture(scope="module", params=sorted(SERVERS))
def service(request, tmp_path_factory) -> Iterator[Service]:
    """A running server (oxigraph or virtuoso) with the bundled corpus ingested through a RemoteStore."""
    root = tmp_path_factory.mktemp(request.param)
    with SERVERS[request.param](root) as svc:
        settings = load_settings(svc.settings(), environ={})
        with open_store(settings.store, settings=settings) as store:
            summary = ingest_paths(store, [_corpus()], settings)
            assert not summary.failed, summary.failed
        yield svc


@pytest.fixture
def remote(service) -> Iterator[RemoteStore]:
    """A RemoteStore open on the running service."""
    settings = load_settings(service.settings(), environ={})
    store = open_store(settings.store, settings=settings)
    assert isinstance(store, RemoteStore)
    yield store
    store.close()


_SAMPLED = re.compile(r"\(\s*SAMPLE\s*\([^)]*\)\s+AS\s+\?(\w+)\s*\)", re.IGNORECASE)
_CONCAT = re.compile(r"\(\s*GROUP_CONCAT\s*\(.*?\)\s+AS\s+\?(\w+)\s*\)", re.IGNORECASE | re.DOTALL)


def _normalise(term: Any, column: str, sampled: set[str], concatenated: set[str]) -> Any:
    """A comparable form of one answer cell (the normalisations are listed in docs/remote-stores.md)."""
    if column in concatenated and (term is None or term.value == ""):
        return frozenset()  # an empty GROUP_CONCAT: Oxigraph leaves it unbound, Virtuoso gives ""
    if term is None:
        return None
    if column in sampled:
        return "<sampled>"  # SAMPLE picks any value of the group: engines may pick different ones
    if isinstance(term, ox.Literal):
        if column in concatenated:
            # GROUP_CONCAT's order is unspecified, and DISTINCT keeps "x"@en and "x" apart in Oxigraph
            # but not in Virtuoso: compare the set of parts
            return frozenset(term.value.split(", "))
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            return (term.value, XSD + "integer", None)  # Virtuoso keeps no derived integer types
        return (term.value, datatype, term.language)
    return str(term)


def _rows(result: Any, query_text: str) -> Counter[tuple[Any, ...]]:
    if isinstance(result, ox.QueryBoolean):
        return Counter([(bool(result),)])
    if not isinstance(result, ox.QuerySolutions):  # CONSTRUCT / DESCRIBE: blank node labels differ
        return Counter(
            tuple("_:" if isinstance(t, ox.BlankNode) else _normalise(t, "", set(), set()) for t in triple)
            for triple in result
        )
    sampled = set(_SAMPLED.findall(query_text))
    concatenated = set(_CONCAT.findall(query_text))
    columns = [v.value for v in result.variables]
    return Counter(tuple(_normalise(row[c], c, sampled, concatenated) for c in columns) for row in result)


def _cases() -> list[tuple[str, dict[str, str]]]:
    """Every named query with its required parameters and each combination of its optional ones (engines
    differed on some combinations and not on others: docs/remote-stores.md)."""
    cases = []
    for q in iter_named_queries():
        value = {p.name: PARAMS.get(p.name, BY_KIND[p.kind]) for p in q.params}
        required = {p.name: value[p.name] for p in q.params if not p.optional}
        optional = [p.name for p in q.params if p.optional]
        for n in range(len(optional) + 1):
            cases += [
                (q.name, {**required, **{name: value[name] for name in chosen}})
                for chosen in itertools.combinations(optional, n)
            ]
    return cases


def _named(name: str) -> NamedQuery:
    return next(q for q in iter_named_queries() if q.name == name)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "raw"), _cases(), ids=lambda v: v if isinstance(v, str) else ",".join(v))
def test_named_queries_answer_as_on_the_embedded_store(remote, embedded, name, raw):
    text, values = prepare(_named(name), raw)
    local = _rows(embedded.query(text, substitutions=values), text)
    there = _rows(remote.query(text, substitutions=values), text)
    assert there == local
    assert sum(local.values()) > 0 or name in ("export-nodes",) or raw, f"{name} found nothing"


@pytest.mark.slow
@pytest.mark.parametrize("focus", [None, "state/russia"])
def test_graph_exports_match_the_embedded_store(remote, embedded, focus):
    # a neighbourhood describes its nodes a batch at a time (a VALUES block): the same nodes, edges and
    # attributes as the embedded store (labels are any one of the node's labels, SAMPLE())
    def export(store: Any) -> tuple[dict[str, dict[str, Any]], set[tuple[str, str, str]]]:
        graph = to_networkx(store, focus=focus, hops=None if focus is None else 1)
        nodes = {n: {k: v for k, v in d.items() if k != "label"} for n, d in graph.nodes(data=True)}
        return nodes, {(s, t, k) for s, t, k in graph.edges(keys=True)}

    local = export(embedded)
    assert export(remote) == local and len(local[0]) > (100 if focus is None else 10)


@pytest.mark.slow
def test_graphs_and_counts_match_the_embedded_store(remote, embedded):
    assert remote.graph_names() == embedded.graph_names()
    for g in embedded.graph_names():
        assert remote.count(g) == embedded.count(g), g
    assert len(remote) == len(embedded)
    assert remote.has_graph(str(iris.ONTOLOGY_GRAPH)) and not remote.has_graph(EX + "nothing")
    for prefix in (iris.ARTICLE_GRAPH_PREFIX, iris.GRAPH_BASE, EX + "nothing/", 'x"y\\'):
        assert remote.has_graph_under(prefix) == embedded.has_graph_under(prefix), prefix
    assert remote.has_graph_under(iris.ARTICLE_GRAPH_PREFIX)


@pytest.mark.slow
def test_execute_passes_the_asked_format_through(remote):
    q = "SELECT ?s WHERE { ?s a <https://w3id.org/treatygraph/ontology#Treaty> } LIMIT 3"
    answer = remote.execute(q, choose="csv")
    assert answer.kind == "select" and answer.format.name == "csv"
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8"))))
    assert rows[0] == ["s"] and len(rows) == 4
    ask = remote.execute("ASK { ?s a <https://w3id.org/treatygraph/ontology#Treaty> }", choose="json")
    assert ask.kind == "ask" and json.loads(ask.body)["boolean"] is True
    graph = remote.execute("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5", choose="turtle")
    assert graph.kind == "graph" and len(Graph().parse(data=graph.body, format="turtle")) == 5


@pytest.mark.slow
def test_a_dataset_named_by_the_caller_or_by_from_is_respected(remote):
    onto = str(iris.ONTOLOGY_GRAPH)
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    by_param = next(iter(remote.query(q, default_graphs=[onto])))["n"].value
    by_from = next(iter(remote.query(f"SELECT (COUNT(*) AS ?n) FROM <{onto}> WHERE {{ ?s ?p ?o }}")))
    assert int(by_param) == int(by_from["n"].value) == remote.count(onto)


@pytest.mark.slow
def test_reingesting_an_article_replaces_its_graph(remote, service):
    settings = load_settings(service.settings(), environ={})
    article = sorted(_corpus().glob("*.txt"))[1]
    graphs_before = remote.graph_names()
    version = remote.version
    summary = ingest_paths(remote, [article], settings)
    graph = summary.results[0].graph
    assert graph in graphs_before and remote.graph_names() == graphs_before
    assert remote.count(graph) == summary.results[0].triples
    assert remote.version != version
    assert META_GRAPH not in remote.graph_names()


@pytest.mark.slow
def test_setup_is_reloaded_when_the_ontology_or_reference_data_change(remote, service, monkeypatch):
    """A remote store records the setup key in its meta graph (it has no folder for SETUP.json), so
    outdated ontology or reference data are reloaded there too, and only then."""
    import kg.ingest

    settings = load_settings(service.settings(), environ={})
    assert remote.setup_key is not None  # the fixture's ingest recorded it
    assert ensure_setup(remote, settings) is False
    monkeypatch.setattr(kg.ingest, "_setup_key", lambda _settings: "a-newer-ontology")
    version = remote.version
    assert ensure_setup(remote, settings) is True
    assert remote.setup_key == "a-newer-ontology" and remote.version != version
    monkeypatch.undo()
    assert ensure_setup(remote, settings) is True  # back to the real key, reloaded again
    assert ensure_setup(remote, settings) is False
    assert META_GRAPH not in remote.graph_names()


@pytest.mark.slow
def test_replace_drop_load_and_dump_round_trip(remote, tmp_path):
    g = EX + "scratch"
    remote.replace_graph(g, [(URIRef(EX + "s"), URIRef(EX + "p"), Literal(f"v{i}")) for i in range(3)])
    remote.replace_graph(g, [(URIRef(EX + "s"), URIRef(EX + "p"), Literal("ünïcode", lang="de"))])
    assert remote.count(g) == 1
    out = tmp_path / "g.nt"
    remote.dump(out, get_format("ntriples"), graph=g)
    assert (
        out.read_text(encoding="utf-8").strip()
        == '<http://example.org/s> <http://example.org/p> "ünïcode"@de .'
    )
    ttl = tmp_path / "more.ttl"
    ttl.write_text("<http://example.org/t> <http://example.org/p> 7 .\n")
    remote.load_file(ttl, get_format("turtle"), graph=g)
    assert remote.count(g) == 2
    ds = remote.dump_dataset([g])
    assert len(ds.graph(URIRef(g))) == 2
    remote.drop_graph(g)
    assert not remote.has_graph(g)
    remote.drop_graph(g)  # dropping a missing graph is not an error


@pytest.mark.slow
def test_a_malformed_query_or_update_is_a_query_error(remote):
    with pytest.raises(QueryError):
        remote.query("SELECT ?s WHERE { ?s ?p ")
    with pytest.raises(QueryError):
        remote.update("INSERT DATA { <http://example.org/a> }")
    with pytest.raises(UserError):
        remote.execute("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", choose="turtle")


@pytest.mark.slow
def test_cli_ingest_query_and_stats_work_against_the_remote_store(service, runner, monkeypatch, tmp_path):
    for key, value in service.environ().items():
        monkeypatch.setenv(key, value)
    article = tmp_path / "article.txt"
    shutil.copy(sorted(_corpus().glob("*.txt"))[2], article)
    code, out, err = runner(["ingest", "--store", service.query_url, str(article)])
    assert code == 0, err
    assert "1 articles ingested" in out
    code, out, err = runner(
        ["query", "--store", service.query_url, "participation-status", "--bind", "party=state/russia",
         "--bind", "treaty=treaty/new-start", "--bind", "date=2024-07-09", "--format", "json"]
    )  # fmt: skip
    assert code == 0, err
    statuses = {b["status"]["value"] for b in json.loads(out)["results"]["bindings"]}
    assert "https://w3id.org/treatygraph/ontology#Suspended" in statuses
    code, out, err = runner(["stats", "--store", service.query_url, "--format", "json"])
    assert code == 0, err
    stats = json.loads(out)
    assert stats["articles"] == len(list(_corpus().glob("*.txt")))  # the copy replaced its original
    assert stats["classes"]["Treaty"] > 0


@pytest.mark.slow
def test_cli_reports_an_unreachable_store_in_one_line(runner):
    from tests.services.servers import free_port

    code, out, err = runner(["stats", "--store", f"http://127.0.0.1:{free_port()}/sparql"])
    assert code == 1
    assert err.count("\n") == 1 and "cannot reach the remote SPARQL store" in err


def _longest_chain(graph: Graph, predicate: URIRef) -> int:
    up: dict[Any, set[Any]] = {}
    for sub, sup in graph.subject_objects(predicate):
        up.setdefault(sub, set()).add(sup)

    def depth(node: Any, seen: frozenset[Any]) -> int:
        return max((1 + depth(s, seen | {node}) for s in up.get(node, ()) if s not in seen), default=0)

    return max((depth(n, frozenset()) for n in up), default=0)


def test_the_ontology_hierarchies_fit_the_spelled_out_rules():
    from rdflib import RDFS

    from kg.ingest import ontology_graph

    onto = ontology_graph()
    for predicate, rule in ((RDFS.subClassOf, "40-types.ru"), (RDFS.subPropertyOf, "20-subproperties.ru")):
        text = (resource_dir("ontology") / "rules" / rule).read_text(encoding="utf-8")
        steps = max(len(m.split("/")) for m in re.findall(r"\?\w+ ((?:rdfs:\w+/?)+) \?super", text))
        assert _longest_chain(onto, predicate) <= steps, f"{rule}: deepen the spelled-out path"
