"""``/.well-known/void`` (and ``/void``): a VoID (https://www.w3.org/TR/void/, section 7.2: the
well-known location) and DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/) description of the dataset, in the
negotiated RDF format (Turtle by default): size, class partition, SPARQL endpoint, dumps with their media
types, IRI space, vocabularies, licence, version and last modification.
"""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Response, request
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDFS, SKOS, XSD

from kg import __version__
from kg.namespaces import DCAT, OA, ORG, SCHEMA, SEM, TG_NS, TIME, VOID
from kg.queries import get_named_query
from kg.store import Store
from server import get_settings, get_store
from server.linkeddata import FORMAT_LABELS, bind_prefixes
from server.negotiation import choose_format, formats_for
from server.sparql import serialize_graph

bp = Blueprint("void", __name__)

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"
W3C_FORMATS = {
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}
VOCABULARIES = (
    TG_NS,
    str(RDFS),
    str(SKOS),
    str(PROV),
    str(DCTERMS),
    str(ORG),
    str(OA),
    str(SCHEMA),
    str(SEM),
)
VOCABULARIES += (str(OWL), str(TIME), str(FOAF))


def last_modified(store: Store) -> dt.datetime:
    """When the store was last written: the mtime of its VERSION file (now, for an in-memory store)."""
    if store.path is not None:
        version_file = store.path / "VERSION"
        if version_file.exists():
            return dt.datetime.fromtimestamp(version_file.stat().st_mtime, tz=dt.UTC).replace(microsecond=0)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _select(store: Store, name: str, substitutions: dict | None = None) -> list[dict[str, str]]:
    answer = store.execute(get_named_query(name).text, choose="json", substitutions=substitutions)
    rows = json.loads(answer.body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def describe_dataset(store: Store, host: str, base_iri: str) -> Graph:
    """The VoID + DCAT description of the store served at ``host`` (e.g. ``http://localhost:8080``)."""
    g = bind_prefixes(Graph())
    g.bind("dcat", DCAT)
    doc = URIRef(f"{host}/.well-known/void")
    ds = URIRef(f"{host}/.well-known/void#dataset")
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal("VoID description of treatygraph", lang="en")))
    g.add((doc, FOAF.primaryTopic, ds))
    for cls in (VOID.Dataset, DCAT.Dataset):
        g.add((ds, RDF.type, cls))
    g.add((ds, DCTERMS.title, Literal("treatygraph", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "A knowledge graph of arms-control actors and agreements (states, people, posts, organizations, "
        "treaties, treaty participation over time, events and claims) built from news articles, with "
        "the exact text every extracted statement comes from.", lang="en")))  # fmt: skip
    g.add((ds, DCTERMS.license, CC_BY))
    g.add((ds, OWL.versionInfo, Literal(__version__)))
    g.add((ds, DCAT.version, Literal(__version__)))
    g.add((ds, DCTERMS.modified, Literal(last_modified(store).isoformat(), datatype=XSD.dateTime)))
    g.add((ds, VOID.triples, Literal(len(store), datatype=XSD.integer)))
    entities = _select(store, "void-entities", {"base": Literal(base_iri)})
    g.add((ds, VOID.entities, Literal(int(entities[0]["entities"]) if entities else 0, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(base_iri)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{host}/sparql")))
    g.add((ds, VOID.rootResource, URIRef(f"{host}/ontology")))
    for vocabulary in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for fmt in formats_for("description"):
        g.add((ds, VOID.feature, URIRef(f"http://www.w3.org/ns/formats/{W3C_FORMATS[fmt.name]}")))
    for row in _select(store, "class-counts"):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(row["class"])))
        g.add((part, VOID.entities, Literal(int(row["instances"]), datatype=XSD.integer)))
    for fmt in formats_for("dump"):
        url = URIRef(f"{host}/dump.{fmt.suffix}")
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(f"{host}/.well-known/void#dump-{fmt.suffix}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"treatygraph dump ({FORMAT_LABELS[fmt.name]})", lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
        g.add((dist, DCTERMS.format, URIRef(f"http://www.w3.org/ns/formats/{W3C_FORMATS[fmt.name]}")))
        g.add((dist, DCTERMS.license, CC_BY))
    service = URIRef(f"{host}/sparql")
    g.add((ds, DCAT.distribution, URIRef(f"{host}/.well-known/void#sparql")))
    g.add((URIRef(f"{host}/.well-known/void#sparql"), RDF.type, DCAT.Distribution))
    g.add((URIRef(f"{host}/.well-known/void#sparql"), DCAT.accessService, service))
    g.add((URIRef(f"{host}/.well-known/void#sparql"), DCAT.accessURL, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, ds))
    return g


@bp.route("/.well-known/void")
@bp.route("/void", endpoint="void_alias")
def void() -> Response:
    """The dataset description in the negotiated RDF format (Turtle unless asked otherwise)."""
    fmt = choose_format(
        "description", format_param=request.args.get("format"), accept=request.headers.get("Accept")
    )
    host = request.host_url.rstrip("/")
    graph = describe_dataset(get_store(), host, get_settings().base_iri)
    resp = Response(serialize_graph(graph, fmt), 200, content_type=fmt.content_type)
    resp.vary.add("Accept")
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


__all__ = ["bp", "describe_dataset", "last_modified"]
