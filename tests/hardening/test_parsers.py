"""Hostile input to the parsers: XXE and entity expansion ("billion laughs") in RDF/XML and HTML, deep
nesting in SPARQL, JSON and XML, oversized bodies. Each must give a clear 4xx quickly, leak no file
content, and change nothing."""

from __future__ import annotations

import json
import time

import pytest

from kg.article import parse_article
from kg.config import load_settings
from kg.errors import ArticleError
from kg.store import open_store
from server import create_app
from tests.hardening.conftest import AUTH, TOKEN
from tests.server.conftest import fill

GRAPH = "http://example.org/graph/upload"
RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/"'
PASSWD_MARK = "root:x:0:0"


def rdfxml(doctype: str, value: str) -> bytes:
    """An RDF/XML document with a DOCTYPE and one literal."""
    return (
        f'<?xml version="1.0"?>{doctype}<rdf:RDF {RDF_NS}>'
        f'<rdf:Description rdf:about="http://e/a"><e:p>{value}</e:p></rdf:Description></rdf:RDF>'
    ).encode()


def laughs(levels: int = 9) -> str:
    """The billion-laughs DOCTYPE: each entity is ten of the one before."""
    decls = ['<!ENTITY lol0 "lol">']
    decls += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return "<!DOCTYPE rdf:RDF [" + "".join(decls) + "]>"


@pytest.fixture
def client_store():
    """(client, store): writes enabled, small request limit."""
    settings = load_settings(
        {"store": "unused", "update_token": TOKEN, "max_request_bytes": 50_000, "max_article_bytes": 50_000},
        environ={},
    )
    store = fill(open_store(None))
    app = create_app(settings, store=store)
    app.testing = True
    return app.test_client(), store


def put(client, data: bytes, content_type: str):
    """PUT a graph with the token."""
    return client.put(f"/data?graph={GRAPH}", data=data, content_type=content_type, headers=AUTH)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        "<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>",
        '<!DOCTYPE rdf:RDF [<!ENTITY % xxe SYSTEM "file:///etc/passwd"> %xxe;]>',
        '<!DOCTYPE rdf:RDF SYSTEM "file:///etc/passwd">',
    ],
)
def test_rdfxml_xxe_is_refused_without_leaking(client_store, doctype: str) -> None:
    client, store = client_store
    before = (len(store), store.version)
    resp = put(client, rdfxml(doctype, "&xxe;" if "xxe" in doctype else "x"), "application/rdf+xml")
    assert resp.status_code == 400
    assert PASSWD_MARK not in resp.get_data(as_text=True)
    assert (len(store), store.version) == before


def test_rdfxml_billion_laughs_is_refused_quickly(client_store) -> None:
    client, store = client_store
    started = time.monotonic()
    resp = put(client, rdfxml(laughs(), "&lol9;"), "application/rdf+xml")
    assert resp.status_code == 400 and "entit" in resp.get_data(as_text=True)
    assert time.monotonic() - started < 2
    # Flat entities are fine, but not a quadratic blow-up of them.
    big = "x" * 10_000
    resp = put(
        client, rdfxml(f'<!DOCTYPE rdf:RDF [<!ENTITY big "{big}">]>', "&big;" * 1000), "application/rdf+xml"
    )
    assert resp.status_code in (400, 413)
    assert not store.has_graph(GRAPH)


def test_rdfxml_with_flat_entities_is_accepted(client_store) -> None:
    client, store = client_store
    doc = (
        '<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY e "http://e/">]>'
        f'<rdf:RDF {RDF_NS}><rdf:Description rdf:about="&e;a"><e:p rdf:resource="&e;b"/>'
        "</rdf:Description></rdf:RDF>"
    )
    assert put(client, doc.encode(), "application/rdf+xml").status_code == 201
    assert store.count(GRAPH) == 1


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/rdf+xml", f"<rdf:RDF {RDF_NS}>" + "<e:p><rdf:Description>" * 2000 + "</rdf:RDF>"),
        (
            "application/ld+json",
            '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 2000 + "1" + "}" * 2001,
        ),
        ("application/ld+json", '{"@id": "http://e/a", "http://e/p": ' + "[" * 2000 + "]" * 2000 + "}"),
    ],
)
def test_deeply_nested_uploads_are_400_quickly(client_store, content_type: str, body: str) -> None:
    client, store = client_store
    started = time.monotonic()
    resp = put(client, body.encode(), content_type)
    assert resp.status_code == 400 and "deep" in resp.get_data(as_text=True)
    assert time.monotonic() - started < 2
    assert not store.has_graph(GRAPH)


def test_deeply_nested_sparql_is_400_not_a_crash(client_store) -> None:
    client, _ = client_store
    for query in (
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "ASK { FILTER(" + "! " * 10000 + "true) }",
    ):
        for resp in (
            client.get("/sparql", query_string={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", data=query, content_type="application/sparql-query"),
        ):
            assert resp.status_code in (400, 413)
    ok = "SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"
    assert client.get("/sparql", query_string={"query": ok}).status_code == 200


def test_oversized_bodies_are_413(client_store) -> None:
    client, store = client_store
    before = (len(store), store.version)
    huge = b"<http://e/a> <http://e/b> <http://e/c> .\n" * 5000
    assert put(client, huge, "application/n-triples").status_code == 413
    update = b"INSERT DATA { " + huge + b" }"
    resp = client.post("/update", data=update, content_type="application/sparql-update", headers=AUTH)
    assert resp.status_code == 413
    resp = client.post(
        "/ingest", data=b"Title: x\n\n" + b"word " * 20_000, content_type="text/plain", headers=AUTH
    )
    assert resp.status_code == 413
    assert (len(store), store.version) == before


def test_deeply_nested_json_article_is_400_over_http(client_store) -> None:
    client, store = client_store
    before = (len(store), store.version)
    body = '{"text": "Russia signed.", "extra": ' + "[" * 20000 + "]" * 20000 + "}"
    resp = client.post("/ingest", data=body, content_type="application/json", headers=AUTH)
    assert resp.status_code == 400
    assert (len(store), store.version) == before


# --- the article reader itself (kg/article.py) ----------------------------------------------------------
def test_article_reader_refuses_deep_json_with_article_error() -> None:
    data = ('{"text": "Russia signed.", "extra": ' + "[" * 20000 + "]" * 20000 + "}").encode()
    with pytest.raises(ArticleError):
        parse_article(data, name="deep.json", max_bytes=10_000_000)


@pytest.mark.parametrize(
    "page",
    [
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body><article>'
        "<p>Russia signed the treaty &xxe; in Moscow on Monday.</p></article></body></html>",
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>Russia signed &xxe; the treaty.</p></body></html>",
    ],
)
def test_html_articles_never_read_external_entities(page: str) -> None:
    try:
        art = parse_article(page.encode(), name="page.html", max_bytes=1_000_000)
    except ArticleError:
        return
    assert PASSWD_MARK not in art.text


def test_html_billion_laughs_stays_small_and_fast() -> None:
    page = (
        laughs().replace("rdf:RDF", "html")
        + "<html><body><article><p>Russia signed the treaty. &lol9;</p></article></body></html>"
    )
    started = time.monotonic()
    try:
        art = parse_article(page.encode(), name="laughs.html", max_bytes=1_000_000)
    except ArticleError:
        art = None
    assert time.monotonic() - started < 5
    assert art is None or len(art.text) < 100_000


@pytest.mark.parametrize("depth", [1000, 20000])
def test_deeply_nested_html_article_is_read_or_refused(depth: int) -> None:
    page = (
        "<html><body>"
        + "<div>" * depth
        + "<p>Russia signed the treaty.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    started = time.monotonic()
    try:
        art = parse_article(page.encode(), name="deep.html", max_bytes=10_000_000)
        assert "Russia signed" in art.text
    except ArticleError:
        pass
    assert time.monotonic() - started < 10


def test_json_article_with_odd_field_types_is_read_or_refused() -> None:
    for doc in (
        {"text": "Russia signed.", "title": ["a", "b"], "published": {"y": 1}},
        {"text": "Russia signed.", "source": {"name": None}},
        {"text": ["not", "a", "string"]},
        {"text": "Russia signed.", "published": "9999-99-99"},
    ):
        try:
            art = parse_article(json.dumps(doc).encode(), name="odd.json", max_bytes=100_000)
        except ArticleError:
            continue
        assert art.text.strip()
