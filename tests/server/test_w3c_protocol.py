"""The W3C SPARQL 1.1 Protocol test suite (``w3c-rdf-tests/sparql/sparql11/protocol/manifest.ttl``),
run against a real server.

Each ``mf:ProtocolTest`` is an HTTP transcript: requests (method, path, headers, body) with the
expected status class, boolean and result format. Query tests run as written. The endpoint is
read-only, so the update tests (``update_*``) must instead be refused (4xx) and leave the store as it
was; the ``bad_update_*`` tests expect a 4xx anyway.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from kg.formats import FORMATS

W3C_PROTOCOL = (
    Path(__file__).resolve().parents[3] / "shared" / "w3c-rdf-tests" / "sparql" / "sparql11" / "protocol"
)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
RESULTS = {f.media_type for f in FORMATS if f.kind == "results"}
RDF_TYPES = {f.media_type for f in FORMATS if f.kind == "rdf"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass
class Exchange:
    """One request of a protocol test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None = None
    result_format: str | None = None


@dataclass
class ProtocolTest:
    """A test of the manifest: its name and its exchanges, in order."""

    name: str
    title: str
    exchanges: list[Exchange] = field(default_factory=list)


def load_manifest() -> list[ProtocolTest]:
    """The manifest's tests in its own order (none if the suite is not present)."""
    path = W3C_PROTOCOL / "manifest.ttl"
    if not path.exists():
        return []
    g = Graph().parse(path, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[1]
        test = ProtocolTest(name, str(g.value(entry, MF.name)))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            if (header_list := g.value(req, HT.headers)) is not None:
                for h in Collection(g, header_list):
                    headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = None
            if (content := g.value(req, HT.body)) is not None:
                encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(content, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            result_format = g.value(resp, MF.expectedFormat)
            test.exchanges.append(
                Exchange(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses={str(s).rsplit("#", 1)[1] for s in g.objects(resp, MF.expectedStatus)},
                    boolean=None if boolean is None else boolean.toPython(),
                    result_format=None if result_format is None else str(result_format),
                )
            )
        tests.append(test)
    return tests


TESTS = load_manifest()
QUERY_TESTS = [t for t in TESTS if t.name.startswith(("query_", "bad_query_", "bad_multiple_queries"))]
UPDATE_TESTS = [t for t in TESTS if t.name.startswith("update_")]
BAD_UPDATE_TESTS = [t for t in TESTS if t.name.startswith(("bad_update_", "bad_multiple_updates"))]


def send(server_url: str, exchange: Exchange) -> requests.Response:
    """Send one request of a transcript; the manifest's ``/sparql/`` prefix is our ``/sparql``."""
    assert exchange.path.startswith("/sparql/")
    url = server_url + "/sparql" + exchange.path.removeprefix("/sparql/")
    req = requests.Request(exchange.method, url, headers=exchange.headers, data=exchange.body).prepare()
    if "content-type" not in {k.lower() for k in exchange.headers}:
        req.headers.pop("Content-Type", None)
    with requests.Session() as session:
        return session.send(req, timeout=30)


def status_class(code: int) -> str:
    return f"StatusCode{code // 100}xx"


def boolean_of(resp: requests.Response) -> bool:
    media = resp.headers["Content-Type"].split(";")[0]
    if media == "application/sparql-results+json":
        return resp.json()["boolean"]
    root = ET.fromstring(resp.content)
    (node,) = root.iter("{http://www.w3.org/2005/sparql-results#}boolean")
    return node.text == "true"


def quad_count(server_url: str) -> int:
    resp = requests.get(server_url + "/sparql", params={"query": COUNT}, timeout=10)
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def test_the_manifest_was_read() -> None:
    if not TESTS:
        pytest.skip(f"W3C protocol suite not found at {W3C_PROTOCOL}")
    assert len(QUERY_TESTS) == 20 and len(UPDATE_TESTS) == 7 and len(BAD_UPDATE_TESTS) == 7


@pytest.mark.parametrize("test", QUERY_TESTS, ids=[t.name for t in QUERY_TESTS])
def test_query_protocol(live_server, test: ProtocolTest) -> None:
    for exchange in test.exchanges:
        resp = send(live_server.url, exchange)
        assert status_class(resp.status_code) in exchange.statuses, (
            f"{test.title}: {resp.status_code} {resp.text}"
        )
        media = resp.headers.get("Content-Type", "").split(";")[0]
        if exchange.result_format in ("boolean", "tabular"):
            assert media in RESULTS
        if exchange.result_format == "boolean":
            assert media in ("application/sparql-results+json", "application/sparql-results+xml")
        if exchange.result_format == "RDF":
            assert media in RDF_TYPES
        if exchange.boolean is not None:
            assert boolean_of(resp) is exchange.boolean


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=[t.name for t in UPDATE_TESTS])
def test_update_protocol_is_refused_read_only(live_server, test: ProtocolTest) -> None:
    before = quad_count(live_server.url)
    first = test.exchanges[0]
    assert first.headers.get("content-type", "").startswith(
        ("application/sparql-update", "application/x-www-form")
    )
    resp = send(live_server.url, first)
    assert resp.status_code == 403, resp.text
    assert "read-only" in resp.text
    assert quad_count(live_server.url) == before


@pytest.mark.parametrize("test", BAD_UPDATE_TESTS, ids=[t.name for t in BAD_UPDATE_TESTS])
def test_bad_update_protocol(live_server, test: ProtocolTest) -> None:
    before = quad_count(live_server.url)
    for exchange in test.exchanges:
        resp = send(live_server.url, exchange)
        assert status_class(resp.status_code) in exchange.statuses
        assert 400 <= resp.status_code < 500
    assert quad_count(live_server.url) == before


def test_w3c_graphs_are_loaded(live_server) -> None:
    if not TESTS:
        pytest.skip("W3C protocol suite not found")
    query = "ASK { GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { ?s ?p ?o } }"
    assert requests.get(live_server.url + "/sparql", params={"query": query}, timeout=10).json()["boolean"]
