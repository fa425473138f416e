"""``/ontology``: the ontology document at its own IRI (https://w3id.org/treatygraph/ontology): Turtle,
N-Triples, JSON-LD and RDF/XML by content negotiation or suffix (``/ontology.ttl``, ``.nt``, ``.jsonld``,
``.rdf``, ``.json``), HTML documentation otherwise. Terms are hash IRIs, so ``/ontology#Suspension``
is the term's documentation. ``/ontology/<version>`` (the owl:versionIRI) serves the same document
while the version matches.

The graph is the store's ontology graph (or the shipped file when the store has none), read once per
store version and kept on the app.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template, request
from rdflib import Graph

from kg import iris
from kg.formats import get_format
from server import get_settings, get_store
from server.linkeddata import alternates, bind_prefixes, link_header, serialize
from server.negotiation import HTML, choose_format
from server.ontology_doc import OntologyDoc, build_doc, superclasses

log = logging.getLogger(__name__)

bp = Blueprint("ontology", __name__)
_CACHE_KEY = "treatygraph.ontology"


@dataclass(frozen=True)
class LoadedOntology:
    """The ontology graph of one store version, its documentation and its class hierarchy."""

    version: int
    graph: Graph
    doc: OntologyDoc
    supers: dict[str, set[str]]


def _read_graph() -> Graph:
    store = get_store()
    name = str(iris.ONTOLOGY_GRAPH)
    graph = Graph()
    if store.has_graph(name):
        buf = io.BytesIO()
        store.dump(buf, get_format("ntriples"), graph=name)
        graph.parse(data=buf.getvalue(), format="nt")
    else:
        from kg.ingest import ontology_graph

        log.info("the store has no ontology graph: serving the shipped ontology file")
        graph = ontology_graph()
    return bind_prefixes(graph)


def get_ontology() -> LoadedOntology:
    """The ontology of the current app's store (re-read when the store's version changes)."""
    version = get_store().version
    cached: LoadedOntology | None = current_app.extensions.get(_CACHE_KEY)
    if cached is None or cached.version != version:
        graph = _read_graph()
        cached = LoadedOntology(
            version, graph, build_doc(graph, get_settings().base_iri), superclasses(graph)
        )
        current_app.extensions[_CACHE_KEY] = cached
    return cached


def _answer(suffix: str | None) -> Response:
    fmt = choose_format(
        "resource",
        suffix=suffix,
        format_param=request.args.get("format"),
        accept=request.headers.get("Accept"),
    )
    loaded = get_ontology()
    if fmt == HTML:
        body = render_template(
            "ontology.html", doc=loaded.doc, alternates=alternates("/ontology"), triples=len(loaded.graph)
        )
        resp = Response(body, 200, content_type=HTML.content_type)
    else:
        resp = Response(serialize(loaded.graph, fmt), 200, content_type=fmt.content_type)
        resp.headers["Access-Control-Allow-Origin"] = "*"
    if suffix is None:
        resp.vary.add("Accept")
        resp.headers["Content-Location"] = f"/ontology.{fmt.suffix}"
    resp.headers["Link"] = link_header("/ontology")
    return resp


@bp.route("/ontology")
def ontology() -> Response:
    """The ontology in the negotiated format (HTML documentation for browsers)."""
    return _answer(None)


@bp.route("/ontology.<ext>")
def ontology_as(ext: str) -> Response:
    """The ontology in the format its suffix names."""
    return _answer(ext)


@bp.route("/ontology/<version>")
def ontology_version(version: str) -> Response:
    """The ontology at its version IRI (only the version this server holds)."""
    stem, dot, ext = version.rpartition(".")
    number, suffix = (stem, ext) if dot and not ext.isdigit() else (version, None)
    if number != (loaded_version := get_ontology().doc.version):
        abort(404, f"this server holds version {loaded_version} of the ontology, not {number}")
    return _answer(suffix)


__all__ = ["LoadedOntology", "bp", "get_ontology"]
