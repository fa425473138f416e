"""Linked-data resources at /id/...: content negotiation, suffix URLs, HTML pages with labels, evidence
highlighted in its sentence, no external assets, security headers."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from kg.config import load_settings
from kg.ingest import ingest_paths
from kg.namespaces import OA, TG
from kg.store import Store, open_store
from server import create_app
from server.linkeddata import read_context
from server.resource_view import segments, snippet

SEED = Path(__file__).resolve().parents[2] / "kg" / "corpus" / "00-seed.txt"
BASE = "https://w3id.org/treatygraph/id/"
RUSSIA = BASE + "state/russia"
ARTICLE_PATH = "/id/article/2024-07-09-russia-rules-out-even-tentative-talks-with-us-on-arms-control"


@pytest.fixture(scope="module")
def seeded_store():
    """An in-memory store built from the bundled seed article (ontology, reference data, inferences)."""
    store = open_store(None)
    settings = load_settings({"store": "unused"}, environ={})
    summary = ingest_paths(store, [SEED], settings)
    assert not summary.failed
    return store


@pytest.fixture(scope="module")
def client(seeded_store: Store):
    """A test client of an app serving the seeded store."""
    app = create_app(load_settings({"store": "unused"}, environ={}), store=seeded_store)
    app.testing = True
    return app.test_client()


class _Anchors(HTMLParser):
    """Collects <a> texts and hrefs, <mark> texts, and every src/href attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.marks: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self._a: list[str] | None = None
        self._href = ""
        self._mark: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        for name in ("src", "href"):
            if d.get(name):
                self.urls.append((tag, name, d[name] or ""))
        if tag == "a":
            self._a, self._href = [], d.get("href") or ""
        if tag == "mark":
            self._mark = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._a is not None:
            self.links.append(("".join(self._a).strip(), self._href))
            self._a = None
        if tag == "mark" and self._mark is not None:
            self.marks.append("".join(self._mark))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._a is not None:
            self._a.append(data)
        if self._mark is not None:
            self._mark.append(data)


def parse_html(body: bytes) -> _Anchors:
    parser = _Anchors()
    parser.feed(body.decode("utf-8"))
    return parser


# --- negotiation -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format", "suffix"),
    [
        ("text/turtle", "text/turtle", "turtle", "ttl"),
        ("application/n-triples", "application/n-triples", "nt", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld", "jsonld"),
        ("application/rdf+xml", "application/rdf+xml", "xml", "rdf"),
    ],
)
def test_machines_get_rdf_by_accept(client, accept, media_type, rdflib_format, suffix):
    resp = client.get("/id/state/russia", headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.mimetype == media_type
    assert "Accept" in resp.headers["Vary"]
    assert resp.headers["Content-Location"] == f"/id/state/russia.{suffix}"
    graph = Graph().parse(data=resp.data, format=rdflib_format)
    assert (URIRef(RUSSIA), RDFS.label, Literal("Russia", lang="en")) in graph
    assert (URIRef(RUSSIA), RDF.type, TG.State) in graph


@pytest.mark.parametrize(
    "accept", ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*", None]
)
def test_browsers_and_unspecific_clients_get_html(client, accept):
    resp = client.get("/id/state/russia", headers={"Accept": accept} if accept else {})
    assert resp.status_code == 200
    assert resp.mimetype == "text/html"
    assert "Accept" in resp.headers["Vary"]
    assert resp.headers["Content-Location"] == "/id/state/russia.html"


@pytest.mark.parametrize(
    ("suffix", "media_type", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("rdf", "application/rdf+xml", "xml"),
    ],
)
def test_suffix_urls_choose_the_format_whatever_the_accept_header(client, suffix, media_type, rdflib_format):
    resp = client.get(f"/id/state/russia.{suffix}", headers={"Accept": "text/html"})
    assert resp.status_code == 200
    assert resp.mimetype == media_type
    nt = Graph().parse(data=client.get("/id/state/russia.nt").data, format="nt")
    assert len(Graph().parse(data=resp.data, format=rdflib_format)) == len(nt)


def test_html_suffix_gives_the_page(client):
    resp = client.get("/id/state/russia.html", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/html"


def test_json_suffix_gives_short_keys_with_the_published_context(client):
    resp = client.get("/id/state/russia.json")
    assert resp.status_code == 200
    doc = json.loads(resp.data)
    assert doc["@context"] == "http://localhost/context.jsonld"
    nodes = {n["id"]: n for n in doc["@graph"]}
    russia = nodes[RUSSIA]
    assert russia["continuatorOf"] == BASE + "state/soviet-union"
    assert "label" in russia and "type" in russia
    # Same triples as N-Triples once the published context is applied.
    doc["@context"] = read_context()
    expanded = Graph().parse(data=json.dumps(doc), format="json-ld")
    nt = Graph().parse(data=client.get("/id/state/russia.nt").data, format="nt")
    assert len(expanded) == len(nt)


def test_published_context_is_served_as_json_ld_with_cors(client):
    resp = client.get("/context.jsonld")
    assert resp.status_code == 200
    assert resp.mimetype == "application/ld+json"
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert json.loads(resp.data)["@context"]["agent"]["@id"] == "tg:agent"


def test_406_when_nothing_acceptable(client):
    resp = client.get("/id/state/russia", headers={"Accept": "image/png"})
    assert resp.status_code == 406
    assert "text/turtle" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept", "media_type"), [("text/html", "text/html"), ("text/turtle", "text/plain")]
)
def test_404_for_iris_without_triples(client, accept, media_type):
    resp = client.get("/id/state/atlantis", headers={"Accept": accept})
    assert resp.status_code == 404
    assert resp.mimetype == media_type
    assert BASE + "state/atlantis" in resp.get_data(as_text=True)


def test_404_for_paths_that_are_no_iri(client):
    assert client.get("/id/state/a%20b.ttl").status_code == 404


def test_description_includes_incoming_links_labels_claims_and_evidence(client):
    g = Graph().parse(data=client.get("/id/person/sergei-ryabkov.nt").data, format="nt")
    ryabkov = URIRef(BASE + "person/sergei-ryabkov")
    claims = set(g.subjects(TG.claimedBy, ryabkov))
    assert claims, "claims he made"
    claimed_events = {e for c in claims for e in g.objects(c, TG.claims)}
    assert all(g.value(e, RDFS.label) is not None for e in claimed_events if g.value(e, RDF.type) != TG.Event)
    evidence = {e for c in claims for e in g.objects(c, TG.evidence)}
    selectors = {s for e in evidence for s in g.objects(e, OA.hasSelector)}
    assert any(g.value(s, OA.start) is not None for s in selectors)
    incoming = {s for s, _ in g.subject_predicates(ryabkov)}
    assert incoming, "incoming links"
    for o in g.objects(ryabkov, None):
        if isinstance(o, URIRef) and str(o).startswith(BASE):
            assert g.value(o, RDFS.label) is not None or g.value(o, RDF.type) is not None, o


def test_resolves_by_path_under_another_base_iri():
    store = open_store(None)
    g = Graph()
    g.add((URIRef("http://data.example/kg/state/atlantis"), RDFS.label, Literal("Atlantis")))
    store.replace_graph("http://data.example/graph/x", g)
    app = create_app(
        load_settings({"store": "unused", "base_iri": "http://data.example/kg/"}, environ={}), store=store
    )
    resp = app.test_client().get("/id/state/atlantis.ttl")
    assert resp.status_code == 200
    assert b"Atlantis" in resp.data


# --- HTML pages ------------------------------------------------------------------------------------------
def test_page_shows_labels_not_iris_and_links_them(client):
    resp = client.get("/id/state/russia", headers={"Accept": "text/html"})
    html = resp.get_data(as_text=True)
    assert "<title>Russia · treatygraph</title>" in html
    assert '<html lang="en">' in html
    page = parse_html(resp.data)
    texts = {text for text, _ in page.links}
    assert not any(t.startswith(("https://w3id.org", "http://www.w3.org")) for t in texts)
    assert ("Soviet Union", "/id/state/soviet-union") in page.links
    assert ("State", "/ontology#State") in page.links
    assert ("Wikidata Q159", "https://www.wikidata.org/wiki/Q159") in page.links


def test_page_highlights_evidence_inside_its_sentence(client, seeded_store):
    page = parse_html(client.get("/id/person/sergei-ryabkov.html").data)
    assert page.marks
    quotes = {
        row["exact"].value
        for row in seeded_store.query("SELECT ?exact WHERE { ?s <http://www.w3.org/ns/oa#exact> ?exact }")
    }
    assert all(m in quotes for m in page.marks)
    assert any(href == ARTICLE_PATH for _, href in page.links)


def test_article_page_shows_title_date_and_text_with_every_span_marked(client, seeded_store):
    resp = client.get(ARTICLE_PATH, headers={"Accept": "text/html"})
    html = resp.get_data(as_text=True)
    assert "Russia Rules Out Even Tentative Talks with US on Arms Control" in html
    assert "2024-07-09" in html
    assert 'class="article-text"' in html
    marked = "".join(parse_html(resp.data).marks)
    assert "He added that Moscow cannot hold dialogue on arms control" in marked


def test_article_rdf_includes_its_stored_text(client):
    g = Graph().parse(data=client.get(ARTICLE_PATH + ".ttl").data, format="turtle")
    text = g.value(URIRef(BASE + ARTICLE_PATH.removeprefix("/id/")), TG.text)
    assert text is not None and "Ryabkov" in str(text)


def test_page_has_neighbourhood_svg_with_links(client):
    html = client.get("/id/state/russia.html").get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg
    assert re.search(r'<a href="/id/[a-z]+/', svg)


@pytest.mark.parametrize("path", ["/id/state/russia", ARTICLE_PATH, "/id/state/atlantis"])
def test_html_has_no_external_assets_or_inline_code_and_sends_security_headers(client, path):
    resp = client.get(path, headers={"Accept": "text/html"})
    html = resp.get_data(as_text=True)
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    for tag, attr, url in parse_html(resp.data).urls:
        if tag != "a":  # hyperlinks may leave the site (Wikidata); assets may not
            assert not re.match(r"^(https?:)?//", url), (tag, attr, url)
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "style-src 'self'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"


def test_stylesheet_has_no_external_urls(client):
    css = client.get("/static/site.css").get_data(as_text=True)
    assert "http" not in css and "@import" not in css


def test_rdf_responses_are_nosniff_without_csp(client):
    resp = client.get("/id/state/russia.ttl")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in resp.headers


# --- pure helpers ----------------------------------------------------------------------------------------
def test_snippet_keeps_the_exact_span_and_its_sentence():
    text = "Header\n\nFirst sentence. The span is here. Last one.\nNext paragraph."
    start = text.index("The span")
    s = snippet(text, start, start + len("The span is here."))
    assert s.exact == "The span is here."
    assert s.before == "First sentence. " and s.after == " Last one."


def test_segments_mark_overlapping_spans():
    parts = segments("abcdefgh", [(1, 4, "x"), (3, 6, "y")])
    assert "".join(p.text for p in parts) == "abcdefgh"
    assert [(p.text, p.anchors) for p in parts] == [
        ("a", ()),
        ("bc", ("x",)),
        ("d", ("x", "y")),
        ("ef", ("y",)),
        ("gh", ()),
    ]


def test_a_description_longer_than_the_cap_is_cut_and_says_so(seeded_store: Store) -> None:
    """A hub's page stays bounded: at most ``resource_triple_cap`` triples, in every format, with the
    truncation header, and a notice on the HTML page; the full description is served when it fits."""
    settings = load_settings({"store": "unused", "resource_triple_cap": 5}, environ={})
    capped = create_app(settings, store=seeded_store).test_client()
    resp = capped.get("/id/state/russia.nt")
    assert resp.status_code == 200
    assert resp.headers["Treatygraph-Result-Truncated"] == "true"
    assert resp.headers["Treatygraph-Row-Cap"] == "5"
    assert "Treatygraph-Result-Truncated" in resp.headers["Access-Control-Expose-Headers"]
    cut = Graph().parse(data=resp.get_data(as_text=True), format="nt")
    own = Graph().parse(
        data=capped.get(
            "/queries/resource-statements?resource=state/russia", headers={"Accept": "application/n-triples"}
        ).get_data(as_text=True),
        format="nt",
    )
    assert (URIRef(RUSSIA), RDFS.label, Literal("Russia", lang="en")) in own
    # the resource's own statements are whole; besides them, at most 5 triples
    own_iri = {t for t in own if not any(isinstance(x, BNode) for x in t)}
    assert own_iri <= set(cut)
    assert 0 < len(set(cut) - set(own)) <= 5
    lines = [line for line in resp.get_data(as_text=True).splitlines() if line.strip()]
    page = capped.get("/id/state/russia", headers={"Accept": "text/html"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'class="truncated"' in text and "cut at 5 statements" in text

    uncapped = create_app(load_settings({"store": "unused"}, environ={}), store=seeded_store).test_client()
    full = uncapped.get("/id/state/russia.nt")
    assert "Treatygraph-Result-Truncated" not in full.headers
    assert full.headers["Treatygraph-Row-Cap"] == "10000"
    full_lines = [line for line in full.get_data(as_text=True).splitlines() if line.strip()]
    assert len(full_lines) > 5
    assert {line for line in lines if "_:" not in line} <= set(full_lines)
    page = uncapped.get("/id/state/russia", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'class="truncated"' not in page
