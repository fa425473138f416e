"""/ontology: the ontology at its IRI in Turtle, N-Triples, JSON-LD and RDF/XML, and HTML documentation
with an anchor for every term."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL

from kg import iris
from kg.config import load_settings
from kg.ingest import ontology_graph
from kg.namespaces import TG_NS
from kg.store import open_store
from server import create_app


@pytest.fixture(scope="module")
def onto():
    """The shipped ontology graph."""
    return ontology_graph()


@pytest.fixture(scope="module")
def client(onto):
    """A test client of an app whose store holds only the ontology graph."""
    store = open_store(None)
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), onto)
    app = create_app(load_settings({"store": "unused"}, environ={}), store=store)
    app.testing = True
    return app.test_client()


@pytest.mark.parametrize(
    ("suffix", "media_type", "rdflib_format"),
    [
        ("ttl", "text/turtle", "turtle"),
        ("nt", "application/n-triples", "nt"),
        ("jsonld", "application/ld+json", "json-ld"),
        ("rdf", "application/rdf+xml", "xml"),
    ],
)
def test_each_rdf_format_parses_back_with_the_same_triples(client, onto, suffix, media_type, rdflib_format):
    resp = client.get(f"/ontology.{suffix}")
    assert resp.status_code == 200
    assert resp.mimetype == media_type
    parsed = Graph().parse(data=resp.data, format=rdflib_format)
    assert len(parsed) == len(onto)
    assert (URIRef(TG_NS + "Suspension"), RDF.type, OWL.Class) in parsed


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/html", "text/html"),
    ],
)
def test_negotiation_at_the_ontology_iri(client, accept, media_type):
    resp = client.get("/ontology", headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.mimetype == media_type
    assert "Accept" in resp.headers["Vary"]
    assert resp.headers["Content-Location"].startswith("/ontology.")


def test_html_has_an_anchor_for_every_term(client, onto):
    html = client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    terms = {
        str(s)[len(TG_NS) :]
        for s in onto.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(TG_NS)
    }
    assert len(terms) > 80
    missing = [t for t in terms if f'id="{t}"' not in html]
    assert not missing


def test_term_documentation_shows_definition_hierarchy_domain_range_and_cameo(client, onto):
    html = client.get("/ontology.html").get_data(as_text=True)
    section = html[html.index('id="agent"') : html.index("</section>", html.index('id="agent"'))]
    assert "An agent that performs an event" in section
    assert (
        '<a href="/ontology#Event">Event</a> or <a href="/ontology#EventMention">' in section
    )  # owl:unionOf
    assert 'href="/ontology#Agent"' in section
    assert "sem:hasActor" in section  # alignment
    coded = next(s for s, _, _ in onto.triples((None, URIRef(TG_NS + "cameoCode"), None)))
    name = str(coded)[len(TG_NS) :]
    term = html[html.index(f'id="{name}"') : html.index("</section>", html.index(f'id="{name}"'))]
    assert "CAMEO code" in term


def test_individuals_are_documented_with_their_class(client):
    html = client.get("/ontology.html").get_data(as_text=True)
    section = html[html.index('id="Suspended"') : html.index("</section>", html.index('id="Suspended"'))]
    assert 'href="/ontology#ParticipationStatus"' in section


def test_version_iri_serves_the_same_document_and_other_versions_are_404(client, onto):
    version = str(onto.value(URIRef("https://w3id.org/treatygraph/ontology"), OWL.versionInfo))
    resp = client.get(f"/ontology/{version}.ttl")
    assert resp.status_code == 200
    assert len(Graph().parse(data=resp.data, format="turtle")) == len(onto)
    assert client.get("/ontology/99.0.0").status_code == 404


def test_html_security_headers_and_no_scripts(client):
    resp = client.get("/ontology", headers={"Accept": "text/html"})
    assert "Content-Security-Policy" in resp.headers
    assert "<script" not in resp.get_data(as_text=True)


def test_served_from_the_shipped_file_when_the_store_has_no_ontology(onto):
    app = create_app(load_settings({"store": "unused"}, environ={}), store=open_store(None))
    resp = app.test_client().get("/ontology.nt")
    assert len(Graph().parse(data=resp.data, format="nt")) == len(onto)
