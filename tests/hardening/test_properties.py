"""Property-based tests (hypothesis): the article reader and the extraction offsets on arbitrary input,
the SPARQL protocol parameters and content negotiation on arbitrary requests (never a 5xx)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.article import parse_article
from kg.config import load_settings
from kg.errors import ArticleError
from kg.store import open_store
from server import create_app
from tests.hardening.conftest import CORPUS
from tests.server.conftest import fill

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = st.sampled_from(["a.txt", "b.html", "c.json", "d.md", "noext", "e.htm"])
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_article(art) -> None:
    """The invariants every article the reader returns keeps."""
    assert 0 <= art.body_start <= len(art.text)
    assert art.body == art.text[art.body_start :]
    assert art.body.strip()
    assert SLUG.match(art.slug), art.slug
    assert len(art.checksum) >= 16


def read_or_refuse(data: bytes, name: str):
    """parse_article, where ArticleError is a fine answer; anything else fails the test."""
    try:
        art = parse_article(data, name=name, max_bytes=1_000_000)
    except ArticleError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()
        return None
    check_article(art)
    again = parse_article(data, name=name, max_bytes=1_000_000)
    assert (again.text, again.slug, again.checksum) == (art.text, art.slug, art.checksum)
    return art


@FAST
@given(data=st.binary(max_size=2000), name=NAMES)
def test_article_reader_on_arbitrary_bytes(data: bytes, name: str) -> None:
    read_or_refuse(data, name)


HEADER = st.tuples(
    st.sampled_from(["Title", "Published", "Source", "URL", "Author", "Date", "X-Other"]),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40),
)


@FAST
@given(
    headers=st.lists(HEADER, max_size=5),
    body=st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=500
    ),
    name=NAMES,
)
def test_article_reader_on_header_and_body_text(headers: list[tuple[str, str]], body: str, name: str) -> None:
    text = "".join(f"{k}: {v}\n" for k, v in headers) + "\n" + body
    read_or_refuse(text.encode("utf-8"), name)


@FAST
@given(
    doc=st.dictionaries(
        st.sampled_from(["text", "body", "title", "published", "source", "url", "author", "x"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=50),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=10,
        ),
        max_size=6,
    )
)
def test_article_reader_on_arbitrary_json_objects(doc: dict) -> None:
    import json

    read_or_refuse(json.dumps(doc).encode(), "doc.json")


@FAST
@given(
    tags=st.lists(
        st.sampled_from(["p", "div", "article", "script", "title", "h1", "li", "b", "!--"]), max_size=12
    ),
    words=st.lists(st.text(max_size=30), max_size=12),
)
def test_article_reader_on_tag_soup(tags: list[str], words: list[str]) -> None:
    soup = (
        "<html>"
        + "".join(f"<{t}>{w}" for t, w in zip(tags, words, strict=False))
        + "".join(f"</{t}>" for t in tags)
    )
    read_or_refuse(soup.encode("utf-8"), "soup.html")


# --- extraction offsets --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_sentences() -> list[str]:
    """Sentences of the bundled corpus bodies."""
    sentences: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        sentences += [s.strip() + "." for s in body.split(".") if len(s.strip()) > 20]
    return sentences


@pytest.fixture(scope="module")
def reference():
    """The curated reference data."""
    from kg.reference import load_reference

    return load_reference(load_settings(environ={}).base_iri)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_extraction_spans_point_into_the_text(data, corpus_sentences: list[str], reference) -> None:
    from kg.extract import extract

    picked = data.draw(st.lists(st.sampled_from(corpus_sentences), min_size=1, max_size=8))
    noise = data.draw(
        st.lists(st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=20), max_size=4)
    )
    parts = picked + noise
    order = data.draw(st.permutations(range(len(parts))))
    body = " ".join(parts[i] for i in order)
    header = "Published: 2020-03-04\nTitle: Generated\n\n"
    art = read_or_refuse((header + body).encode("utf-8"), "generated.txt")
    if art is None:
        return
    extraction = extract(art, reference)
    for span in extraction.spans():
        assert 0 <= span.start <= span.end <= len(art.text)
        expected = getattr(span, "exact", None)
        if expected is None:
            expected = getattr(span, "text", None)
        if isinstance(expected, str):
            assert art.text[span.start : span.end] == expected, span


# --- the HTTP surface ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    """A test client over the fixture graphs, short timeout."""
    cfg = load_settings({"store": "unused", "query_timeout": 5, "max_query_chars": 5000}, environ={})
    app = create_app(cfg, store=fill(open_store(None)))
    return app.test_client()


PARAM_NAMES = st.sampled_from(
    ["query", "update", "default-graph-uri", "named-graph-uri", "format", "x", "query ", "QUERY", ""]
)
QUERYISH = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
            "ASK {}",
            "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
            "DESCRIBE <http://example.org/alice>",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            "SELECT (1/0 AS ?x) {}",
            'SELECT * { BIND(STRDT("x", <http://www.w3.org/2001/XMLSchema#int>) AS ?v) }',
            'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(?o, "(a+)+$")) }',
        ]
    ),
)


@FAST
@given(
    params=st.lists(st.tuples(PARAM_NAMES, QUERYISH), max_size=4),
    method=st.sampled_from(["GET", "POST-form", "POST-direct"]),
    raw=st.binary(max_size=100),
)
def test_protocol_parameters_never_give_5xx(
    client, params: list[tuple[str, str]], method: str, raw: bytes
) -> None:
    if method == "GET":
        resp = client.get("/sparql", query_string=params)
    elif method == "POST-form":
        body = urlencode(params).encode() if params else raw
        resp = client.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    else:
        body = params[0][1].encode("utf-8", "surrogatepass") if params else raw
        resp = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert resp.status_code < 500, (resp.status_code, resp.get_data(as_text=True))


MEDIA = st.sampled_from(
    [
        "*/*",
        "text/*",
        "application/*",
        "text/html",
        "text/turtle",
        "application/json",
        "application/sparql-results+json",
        "application/ld+json",
        "text/csv",
        "image/png",
        "application/rdf+xml",
        "application/xml",
        "text/plain",
        "application/n-quads",
    ]
)
ACCEPT = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.tuples(MEDIA, st.one_of(st.none(), st.floats(-1, 2) | st.just(float("nan")), st.text(max_size=5))),
        max_size=4,
    ).map(lambda items: ", ".join(m if q is None else f"{m};q={q}" for m, q in items)),
)


@FAST
@given(
    accept=ACCEPT,
    url=st.sampled_from(
        [
            "/sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201",
            "/sparql?query=ASK%7B%7D",
            "/sparql?query=CONSTRUCT%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%201",
            "/sparql",
            "/queries/class-counts",
            "/ontology",
            "/data?graph=http://example.org/graph/people",
        ]
    ),
)
def test_arbitrary_accept_headers_give_200_or_406(client, accept: str, url: str) -> None:
    try:
        headers = {"Accept": accept}
        resp = client.get(url, headers=headers)
    except ValueError:  # a header value werkzeug itself refuses to send (newlines)
        return
    assert resp.status_code in (200, 400, 406), (resp.status_code, accept, resp.get_data(as_text=True)[:200])
