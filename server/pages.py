"""``/id/...``: linked-data resources (https://www.w3.org/TR/cooluris/, https://www.w3.org/DesignIssues/LinkedData).

The request path ``/id/<path>`` names the IRI ``<base_iri><path>`` (the ``base_iri`` setting), whatever
host the server runs on. Instance IRIs have no hash and are served directly (no 303 redirect): the
negotiated answer carries ``Content-Location`` with the suffix URL of the chosen format and
``Vary: Accept``. Suffix URLs (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, ``.json``, ``.html``) choose the
format themselves. HTML for browsers, Turtle, N-Triples, JSON-LD and RDF/XML for machines, and JSON-LD
compacted with the published context (``/context.jsonld``) for JSON users.

Two store queries per page: ``describe-resource`` (the description) and, when it cites evidence,
``resource-texts`` (the article texts the evidence spans point into).
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, render_template, request, send_file
from rdflib import Graph, URIRef

from kg.formats import Format
from kg.namespaces import OA
from kg.queries import get_named_query
from server import get_settings, get_store
from server.errors import problem
from server.linkeddata import CONTEXT_FILE, alternates, link_header, serialize
from server.negotiation import HTML, choose_format, formats_for
from server.ontology import get_ontology
from server.resource_view import build_view

bp = Blueprint("pages", __name__)

#: Characters a path must not contain to be part of an IRI (RFC 3987 excludes them).
_BAD_IRI = re.compile(r'[\s<>"{}|\\^`]')


def split_suffix(path: str) -> tuple[str, str | None]:
    """``state/russia.ttl`` -> (``state/russia``, ``ttl``) when the suffix names a resource format."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext.lower() in {f.suffix for f in formats_for("resource")}:
        return stem, ext.lower()
    return path, None


def describe(iri: str) -> Graph:
    """The description graph of ``iri`` (one CONSTRUCT, parsed from N-Triples)."""
    answer = get_store().execute(
        get_named_query("describe-resource").text,
        choose="ntriples",
        substitutions={"resource": URIRef(iri)},
        timeout=get_settings().query_timeout or None,
    )
    graph = Graph()
    graph.parse(data=answer.body, format="nt")
    return graph


def article_texts(iri: str) -> dict[str, str]:
    """The stored texts of the articles that hold the evidence cited by ``iri``'s description."""
    answer = get_store().execute(
        get_named_query("resource-texts").text,
        choose="json",
        substitutions={"resource": URIRef(iri)},
        timeout=get_settings().query_timeout or None,
    )
    rows = json.loads(answer.body)["results"]["bindings"]
    return {row["article"]["value"]: row["text"]["value"] for row in rows}


def _not_found(iri: str, fmt: Format) -> Response:
    message = f"nothing is known about {iri}"
    if fmt == HTML:
        body = render_template("resource.html", missing=True, iri=iri, view=None, alternates=[])
        return Response(body, 404, content_type=HTML.content_type)
    return problem(404, message)


@bp.route("/id/<path:path>")
def resource(path: str) -> Response:
    """A resource in the negotiated (or suffix-named) format; 404 when the store has no triple about it."""
    stem, suffix = split_suffix(path)
    fmt = choose_format(
        "resource",
        suffix=suffix,
        format_param=request.args.get("format"),
        accept=request.headers.get("Accept"),
    )
    settings = get_settings()
    iri = settings.base_iri + stem
    if _BAD_IRI.search(stem):
        return _not_found(iri, fmt)
    graph = describe(iri)
    subject = URIRef(iri)
    if not any(True for _ in graph.triples((subject, None, None))) and (None, None, subject) not in graph:
        return _not_found(iri, fmt)
    page = f"/id/{stem}"
    if fmt == HTML:
        cites = any(True for _ in graph.triples((None, OA.hasSource, None)))
        texts = article_texts(iri) if cites else {}
        view = build_view(graph, iri, settings.base_iri, texts, get_ontology().supers)
        body = render_template(
            "resource.html", missing=False, iri=iri, view=view, alternates=alternates(page)
        )
        resp = Response(body, 200, content_type=HTML.content_type)
    else:
        resp = Response(serialize(graph, fmt), 200, content_type=fmt.content_type)
        resp.headers["Access-Control-Allow-Origin"] = "*"
    if suffix is None:
        resp.vary.add("Accept")
        resp.headers["Content-Location"] = f"{page}.{fmt.suffix}"
    resp.headers["Link"] = link_header(page)
    return resp


@bp.route("/context.jsonld")
def context() -> Response:
    """The published JSON-LD context (short keys for treatygraph's JSON)."""
    resp = send_file(CONTEXT_FILE, mimetype="application/ld+json", max_age=3600)
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


__all__ = ["article_texts", "bp", "describe", "split_suffix"]
