"""The /sparql endpoint (SPARQL 1.1 Protocol, query operation) against a real granian server."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import SD
from tests.server.conftest import worker_pids

PEOPLE_GRAPH = "http://example.org/graph/people"
KNOWS_GRAPH = "http://example.org/graph/knows"
PLACES_GRAPH = "http://example.org/graph/places"
NAMES = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"
ALL_NAMES = ["Alice", "Bob", "Carol", "Vienna", "Дмитрий"]
PEOPLE_NAMES = ["Alice", "Bob", "Carol", "Дмитрий"]
KNOWS = (
    "CONSTRUCT { ?a <http://xmlns.com/foaf/0.1/knows> ?b } WHERE { ?a <http://xmlns.com/foaf/0.1/knows> ?b }"
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SRJ = "application/sparql-results+json"


def names(resp: requests.Response) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [b["name"]["value"] for b in resp.json()["results"]["bindings"]]


def quad_count(server) -> int:
    resp = requests.get(server.sparql, params={"query": COUNT}, timeout=10)
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


# --- the three ways to send a query --------------------------------------------------------------
def test_get_query(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": NAMES})
    assert resp.headers["Content-Type"] == f"{SRJ}; charset=utf-8"
    assert names(resp) == ALL_NAMES


def test_post_form(live_server, http: requests.Session) -> None:
    assert names(http.post(live_server.sparql, data={"query": NAMES})) == ALL_NAMES


@pytest.mark.parametrize(
    "content_type", ["application/sparql-query", "application/sparql-query; charset=utf-8"]
)
def test_post_direct(live_server, http: requests.Session, content_type: str) -> None:
    resp = http.post(live_server.sparql, data=NAMES.encode(), headers={"Content-Type": content_type})
    assert names(resp) == ALL_NAMES


def test_non_ascii_query_text_round_trips(live_server, http: requests.Session) -> None:
    query = 'SELECT ?p WHERE { ?p <http://xmlns.com/foaf/0.1/name> "Дмитрий"@ru }'
    for resp in (
        http.get(live_server.sparql, params={"query": query}),
        http.post(live_server.sparql, data={"query": query}),
        http.post(
            live_server.sparql, data=query.encode(), headers={"Content-Type": "application/sparql-query"}
        ),
    ):
        assert resp.status_code == 200
        assert resp.json()["results"]["bindings"][0]["p"]["value"] == "http://example.org/dmitri"


# --- the dataset -----------------------------------------------------------------------------------
def test_default_graph_is_the_union_of_all_graphs(live_server, http: requests.Session) -> None:
    assert names(http.get(live_server.sparql, params={"query": NAMES})) == ALL_NAMES


def test_default_graph_uri_restricts_the_default_graph(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": NAMES, "default-graph-uri": PEOPLE_GRAPH})
    assert names(resp) == PEOPLE_NAMES
    both = http.get(
        live_server.sparql, params={"query": NAMES, "default-graph-uri": [PEOPLE_GRAPH, PLACES_GRAPH]}
    )
    assert names(both) == ALL_NAMES


def test_named_graph_uri_limits_graph_patterns(live_server, http: requests.Session) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    resp = http.post(
        live_server.sparql, data={"query": query, "named-graph-uri": [KNOWS_GRAPH, PLACES_GRAPH]}
    )
    assert sorted(b["g"]["value"] for b in resp.json()["results"]["bindings"]) == [KNOWS_GRAPH, PLACES_GRAPH]
    # ... and with only named graphs given, the default graph is empty.
    empty = http.post(live_server.sparql, data={"query": NAMES, "named-graph-uri": PEOPLE_GRAPH})
    assert names(empty) == []


def test_default_graph_uri_alone_gives_no_named_graphs(live_server, http: requests.Session) -> None:
    query = "ASK { GRAPH ?g { ?s ?p ?o } }"
    resp = http.get(live_server.sparql, params={"query": query, "default-graph-uri": PEOPLE_GRAPH})
    assert resp.json()["boolean"] is False


def test_from_clause_in_the_query_is_honoured(live_server, http: requests.Session) -> None:
    query = f"SELECT ?name FROM <{PLACES_GRAPH}> WHERE {{ ?p <http://xmlns.com/foaf/0.1/name> ?name }}"
    assert names(http.get(live_server.sparql, params={"query": query})) == ["Vienna"]


def test_protocol_dataset_overrides_from_clause(live_server, http: requests.Session) -> None:
    query = f"SELECT ?name FROM <{PLACES_GRAPH}> WHERE {{ ?p <http://xmlns.com/foaf/0.1/name> ?name }}"
    resp = http.get(live_server.sparql, params={"query": query, "default-graph-uri": PEOPLE_GRAPH})
    assert names(resp) == PEOPLE_NAMES


def test_invalid_graph_iri_is_400(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": NAMES, "default-graph-uri": "not an iri"})
    assert resp.status_code == 400


def test_relative_iris_resolve_against_the_endpoint(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": "SELECT (<thing> AS ?iri) WHERE {}"})
    assert resp.json()["results"]["bindings"][0]["iri"]["value"] == live_server.url + "/thing"


# --- formats ---------------------------------------------------------------------------------------
def test_select_as_xml(live_server, http: requests.Session) -> None:
    resp = http.get(
        live_server.sparql, params={"query": NAMES}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert resp.headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(resp.content)
    assert [e.text for e in root.iterfind(".//r:binding[@name='name']/r:literal", ns)] == ALL_NAMES


@pytest.mark.parametrize(("media", "delimiter"), [("text/csv", ","), ("text/tab-separated-values", "\t")])
def test_select_as_csv_and_tsv(live_server, http: requests.Session, media: str, delimiter: str) -> None:
    resp = http.get(live_server.sparql, params={"query": NAMES}, headers={"Accept": media})
    assert resp.headers["Content-Type"] == f"{media}; charset=utf-8"
    text = resp.content.decode("utf-8")
    rows = (
        list(csv.reader(io.StringIO(text)))
        if delimiter == ","
        else [ln.split("\t") for ln in text.splitlines()]
    )
    assert rows[0] == (["name"] if delimiter == "," else ["?name"])
    cells = [r[0] for r in rows[1:]]
    expected = ALL_NAMES if delimiter == "," else ['"Alice"', '"Bob"', '"Carol"', '"Vienna"', '"Дмитрий"@ru']
    assert cells == expected


def test_ask_as_json_and_xml(live_server, http: requests.Session) -> None:
    query = "ASK { ?s <http://xmlns.com/foaf/0.1/knows> ?o }"
    assert http.get(live_server.sparql, params={"query": query}).json() == {"head": {}, "boolean": True}
    resp = http.get(
        live_server.sparql, params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert b"<boolean>true</boolean>" in resp.content


@pytest.mark.parametrize(
    ("media", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_construct_in_every_rdf_format(
    live_server, http: requests.Session, media: str, rdflib_format: str
) -> None:
    resp = http.post(live_server.sparql, data={"query": KNOWS}, headers={"Accept": media})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == f"{media}; charset=utf-8"
    g = Graph()
    g.parse(data=resp.content, format=rdflib_format)
    assert set(g) == {
        (
            URIRef("http://example.org/alice"),
            URIRef("http://xmlns.com/foaf/0.1/knows"),
            URIRef("http://example.org/bob"),
        ),
        (
            URIRef("http://example.org/bob"),
            URIRef("http://xmlns.com/foaf/0.1/knows"),
            URIRef("http://example.org/carol"),
        ),
    }


def test_construct_and_describe_default_to_turtle(live_server, http: requests.Session) -> None:
    for query in (KNOWS, "DESCRIBE <http://example.org/alice>"):
        resp = http.get(live_server.sparql, params={"query": query})
        assert resp.headers["Content-Type"] == "text/turtle; charset=utf-8"
        assert len(Graph().parse(data=resp.text, format="turtle")) >= 2


def test_not_acceptable_lists_available(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": NAMES}, headers={"Accept": "image/png"})
    assert resp.status_code == 406
    assert "application/sparql-results+json" in resp.text and "text/turtle" in resp.text


# --- errors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_unsupported_post_body_is_415(live_server, http: requests.Session, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    req = requests.Request("POST", live_server.sparql, data=b"ASK {}", headers=headers).prepare()
    if content_type is None:
        req.headers.pop("Content-Type", None)
    resp = http.send(req)
    assert resp.status_code == 415
    assert "application/sparql-query" in resp.text


def test_update_is_refused_and_changes_nothing(live_server, http: requests.Session) -> None:
    before = quad_count(live_server)
    assert before > 0
    form = http.post(live_server.sparql, data={"update": "CLEAR ALL"})
    direct = http.post(
        live_server.sparql, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    get = http.get(live_server.sparql, params={"update": "CLEAR ALL"})
    as_query = http.post(live_server.sparql, data={"query": "CLEAR ALL"})
    assert (form.status_code, direct.status_code, get.status_code, as_query.status_code) == (
        403,
        403,
        400,
        400,
    )
    assert "read-only" in form.text
    assert quad_count(live_server) == before


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"query": "ASK {}", "update": "CLEAR ALL"}, "not both"),
        ({"default-graph-uri": PEOPLE_GRAPH}, "missing 'query'"),
        ({"query": ["ASK {}", "ASK {}"]}, "exactly one"),
        ({"query": "  "}, "empty"),
    ],
)
def test_bad_requests_are_400(live_server, http: requests.Session, params: dict, fragment: str) -> None:
    for resp in (http.get(live_server.sparql, params=params), http.post(live_server.sparql, data=params)):
        assert resp.status_code == 400
        assert fragment in resp.text


def test_query_in_url_and_direct_body_is_400(live_server, http: requests.Session) -> None:
    resp = http.post(
        live_server.sparql,
        params={"query": "ASK {}"},
        data=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert resp.status_code == 400


def test_malformed_query_gives_parser_message_as_text(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert resp.status_code == 400
    assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert resp.text.startswith("malformed query: error at 1:")
    assert "Traceback" not in resp.text


def test_malformed_query_as_json_problem(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, params={"query": "ASK {"}, headers={"Accept": "application/json"})
    assert resp.status_code == 400
    assert resp.headers["Content-Type"] == "application/problem+json"
    problem = resp.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["detail"].startswith("malformed query")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("GET", {"url_suffix": "?query=ASK%20%7B%7D%FF"}),
        (
            "POST",
            {
                "data": b"query=ASK%20%7B%7D%FF",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            },
        ),
        (
            "POST",
            {
                "data": "ASK { ?s ?p 'é' }".encode("latin-1"),
                "headers": {"Content-Type": "application/sparql-query"},
            },
        ),
        (
            "POST",
            {
                "data": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
        ),
    ],
)
def test_non_utf8_is_400(live_server, http: requests.Session, method: str, kwargs: dict) -> None:
    url = live_server.sparql + kwargs.pop("url_suffix", "")
    resp = http.request(method, url, **kwargs)
    assert resp.status_code == 400
    assert "UTF-8" in resp.text


def test_query_longer_than_max_query_chars_is_413(live_server, http: requests.Session) -> None:
    query = "ASK {} #" + "x" * 6000  # the live server allows 5000 characters
    resp = http.post(
        live_server.sparql, data=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert resp.status_code == 413
    assert "max_query_chars" in resp.text


def test_body_larger_than_max_request_bytes_is_413(live_server, http: requests.Session) -> None:
    resp = http.post(live_server.sparql, data={"query": "ASK {} #" + "x" * 30000})  # limit: 20000 bytes
    assert resp.status_code == 413
    assert "20000 bytes" in resp.text


def test_long_get_query_within_limits_works(live_server, http: requests.Session) -> None:
    query = "ASK {} #" + "x" * 4900  # longer than a default 4 KiB request line
    assert http.get(live_server.sparql, params={"query": query}).json()["boolean"] is True


def test_routing_errors_are_problems_without_traces(live_server, http: requests.Session) -> None:
    missing = http.get(live_server.url + "/no/such/thing")
    assert missing.status_code == 404 and "Traceback" not in missing.text
    put = http.put(live_server.sparql, data={"query": "ASK {}"})
    assert put.status_code == 405
    assert {m.strip() for m in put.headers["Allow"].split(",")} >= {"GET", "POST"}
    assert put.headers["Access-Control-Allow-Origin"] == "*"


def test_internal_errors_never_show_a_stack_trace(sparql_client, sparql_store, monkeypatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(sparql_store, "execute", broken)
    resp = sparql_client.get("/sparql", query_string={"query": "ASK {}"})
    assert resp.status_code == 500
    assert resp.get_data(as_text=True) == "internal server error\n"


# --- CORS ------------------------------------------------------------------------------------------
def test_cors_on_get_post_and_preflight(live_server, http: requests.Session) -> None:
    origin = {"Origin": "https://example.net"}
    assert (
        http.get(live_server.sparql, params={"query": "ASK {}"}, headers=origin).headers[
            "Access-Control-Allow-Origin"
        ]
        == "*"
    )
    assert (
        http.post(live_server.sparql, data={"query": "ASK {"}, headers=origin).headers[
            "Access-Control-Allow-Origin"
        ]
        == "*"
    )
    pre = http.options(
        live_server.sparql,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "content-type" in pre.headers["Access-Control-Allow-Headers"].lower()


# --- service description -----------------------------------------------------------------------------
def test_bare_get_is_a_service_description(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/turtle; charset=utf-8"
    g = Graph().parse(data=resp.text, format="turtle")
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert g.value(service, SD.endpoint) == URIRef(live_server.sparql)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert len(set(g.objects(service, SD.resultFormat))) == 10
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in set(
        g.objects(service, SD.resultFormat)
    )
    dataset = g.value(service, SD.defaultDataset)
    graph_names = {str(g.value(n, SD.name)) for n in g.objects(dataset, SD.namedGraph)}
    assert {PEOPLE_GRAPH, KNOWS_GRAPH, PLACES_GRAPH} <= graph_names
    assert (dataset, RDFS.seeAlso, URIRef(live_server.url + "/.well-known/void")) in g


def test_service_description_in_json_ld(live_server, http: requests.Session) -> None:
    resp = http.get(live_server.sparql, headers={"Accept": "application/ld+json"})
    assert resp.headers["Content-Type"].startswith("application/ld+json")
    g = Graph().parse(data=resp.text, format="json-ld")
    assert g.value(predicate=RDF.type, object=SD.Service) is not None
    json.loads(resp.text)


# --- SERVICE -------------------------------------------------------------------------------------
def test_service_is_refused_by_default(sparql_client) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    resp = sparql_client.get("/sparql", query_string={"query": query})
    assert resp.status_code == 400
    assert "SERVICE" in resp.get_data(as_text=True)


def test_service_to_an_allowed_endpoint_runs(live_server, http: requests.Session) -> None:
    # The live server's allow-list holds its own endpoint: a federated query to itself.
    pattern = "?p <http://xmlns.com/foaf/0.1/name> ?name"
    query = f"SELECT ?name WHERE {{ SERVICE <{live_server.sparql}> {{ {pattern} }} }}"
    assert sorted(names(http.get(live_server.sparql, params={"query": query}))) == sorted(ALL_NAMES)


@pytest.mark.parametrize(
    "target",
    ["<http://127.0.0.2:8080/sparql>", "?endpoint", "ex:sparql", "<http://127.0.0.1:1/sparql>"],
)
def test_service_outside_the_allow_list_is_refused(live_server, http: requests.Session, target: str) -> None:
    query = (
        "PREFIX ex: <http://127.0.0.3/> SELECT * WHERE { "
        f"SERVICE <{live_server.sparql}> {{ ?s ?p ?o }} SERVICE {target} {{ ?s ?p ?o }} }}"
    )
    resp = http.get(live_server.sparql, params={"query": query})
    assert resp.status_code == 400
    assert "SERVICE" in resp.text


# --- timeouts: the runaway evaluation must really stop ---------------------------------------------------
def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / 100.0


@pytest.mark.slow
def test_timeout_answers_503_and_recycles_the_worker(server_factory) -> None:
    server = server_factory(filler=3000, query_timeout=1)
    old_workers = worker_pids(server)  # two read-only workers: only the runaway's is replaced
    assert len(old_workers) == 2
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    resp = requests.post(server.sparql, data={"query": runaway}, timeout=30)
    assert resp.status_code == 503
    assert time.monotonic() - started < 5
    assert resp.headers["Retry-After"].isdigit()
    assert "time limit" in resp.text
    # A cheap query still answers (the new worker may still be booting: allow it a few seconds).
    cheap = requests.get(server.sparql, params={"query": "ASK {}"}, timeout=30)
    assert cheap.json()["boolean"] is True
    deadline = time.monotonic() + 20
    while all(_cpu_seconds(w) is not None for w in old_workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    (gone,) = [w for w in old_workers if _cpu_seconds(w) is None]  # the abandoned query's worker
    while len(worker_pids(server)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    (kept,) = set(old_workers) & set(worker_pids(server))  # the other one serves on, its cache warm
    assert kept != gone and len(worker_pids(server)) == 2
    assert f"recycling worker {gone}" in server.log()
    assert names(requests.get(server.sparql, params={"query": NAMES}, timeout=10)) == ALL_NAMES


# --- real clients ----------------------------------------------------------------------------------
def test_sparqlwrapper_client(live_server) -> None:
    from SPARQLWrapper import JSON, POST, XML, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sw = SPARQLWrapper(live_server.sparql)
    sw.setQuery(NAMES)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ALL_NAMES

    sw.setMethod(POST)
    sw.setQuery(
        "ASK { <http://example.org/alice> <http://xmlns.com/foaf/0.1/knows> <http://example.org/bob> }"
    )
    assert sw.query().convert()["boolean"] is True

    sw.setQuery(KNOWS)
    sw.setReturnFormat(XML)  # CONSTRUCT as RDF/XML, converted to an rdflib Graph
    graph = sw.query().convert()
    assert len(graph) == 2

    sw.setQuery("SELECT * WHERE {")
    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore_client(live_server) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(live_server.sparql)
    graph = Graph(store=store)
    rows = graph.query(NAMES)
    assert [str(row.name) for row in rows] == ALL_NAMES
    knows = URIRef("http://xmlns.com/foaf/0.1/knows")
    assert set(graph.triples((None, knows, None))) == {
        (URIRef("http://example.org/alice"), knows, URIRef("http://example.org/bob")),
        (URIRef("http://example.org/bob"), knows, URIRef("http://example.org/carol")),
    }
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    store.close()


def test_timeout_calls_the_recycle_hook_after_the_response(
    sparql_settings, sparql_store, monkeypatch
) -> None:
    from kg.errors import QueryTimeout
    from server import create_app

    calls: list[str] = []

    def slow_execute(query: str, **kwargs) -> None:
        kwargs["on_abandon"]()
        raise QueryTimeout("query exceeded the time limit of 1 s")

    monkeypatch.setattr(sparql_store, "execute", slow_execute)
    app = create_app(sparql_settings, store=sparql_store, on_abandon=lambda: calls.append("recycle"))
    resp = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == "5"
    resp.close()
    assert calls == ["recycle"]
    # An ordinary request does not recycle.
    monkeypatch.undo()
    app.test_client().get("/sparql", query_string={"query": "ASK {}"}).close()
    assert calls == ["recycle"]
