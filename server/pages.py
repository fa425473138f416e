"""``/id/...``: linked-data resources (https://www.w3.org/TR/cooluris/, https://www.w3.org/DesignIssues/LinkedData).

The request path ``/id/<path>`` names the IRI ``<base_iri><path>`` (the ``base_iri`` setting), whatever
host the server runs on. Instance IRIs have no hash and are served directly (no 303 redirect): the
negotiated answer carries ``Content-Location`` with the suffix URL of the chosen format and
``Vary: Accept``. Suffix URLs (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, ``.json``, ``.html``) choose the
format themselves. HTML for browsers, Turtle, N-Triples, JSON-LD and RDF/XML for machines, and JSON-LD
compacted with the published context (``/context.jsonld``) for JSON users.

Two store queries per page: ``describe-resource`` (the description) and, when it cites evidence,
``resource-texts`` (the article texts the evidence spans point into). Both are bounded, since a hub (a
state named in years of news) is linked from a large part of the graph. The description holds at most
``resource_triple_cap`` triples; a cut one carries ``Treatygraph-Result-Truncated: true``, the HTML
page says so, and a third query (``resource-statements``) adds the resource's own statements whole,
since the engine sends the branches of the description in an order of its own. The page quotes evidence
in the context of at most ``QUOTED_ARTICLES`` article texts (beyond them, by its exact quote alone).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request, send_file
from rdflib import BNode, Graph, URIRef

from kg.formats import Format
from kg.namespaces import OA
from kg.queries import get_named_query
from kg.store import Answer
from server import CORS_RESPONSE_HEADERS, get_settings, get_store
from server.errors import problem
from server.headers import as_cap, row_cap_headers
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


#: Most article texts one HTML page reads to show evidence in its sentence.
QUOTED_ARTICLES = 200


@dataclass(frozen=True)
class Description:
    """A resource description: its graph, the triple cap that applied (None: none) and whether the
    description was cut at it."""

    graph: Graph
    row_cap: int | None
    truncated: bool


def _about(iri: str, name: str, choose: str, row_cap: int | None = None) -> Answer:
    """One of the page's named queries (``?resource`` bound to ``iri``), within the query timeout."""
    return get_store().execute(
        get_named_query(name).text,
        choose=choose,
        substitutions={"resource": URIRef(iri)},
        timeout=get_settings().query_timeout or None,
        row_cap=row_cap,
    )


def _parsed(answer: Answer) -> Graph:
    graph = Graph()
    graph.parse(data=answer.body, format="nt")
    return graph


def describe(iri: str) -> Description:
    """The description of ``iri`` (one CONSTRUCT, parsed from N-Triples), cut at ``resource_triple_cap``."""
    answer = _about(iri, "describe-resource", "ntriples", as_cap(get_settings().resource_triple_cap))
    graph = _parsed(answer)
    if answer.truncated:
        graph = _with_own_statements(graph, iri)
    return Description(graph, answer.row_cap, answer.truncated)


def _with_own_statements(cut: Graph, iri: str) -> Graph:
    """A cut description with the resource's own statements made whole (``resource-statements``: they do
    not grow with the graph, but the engine may have sent them after the cap). The cut part's own
    statements and blank nodes (only the resource's own statements reach blank nodes) are left out, so
    that no blank node comes twice."""
    graph = _parsed(_about(iri, "resource-statements", "ntriples"))
    subject = URIRef(iri)
    for s, p, o in cut:
        if s != subject and not isinstance(s, BNode):
            graph.add((s, p, o))
    return graph


def article_texts(iri: str) -> dict[str, str]:
    """The stored texts of the articles that hold the evidence cited by ``iri``'s description (at most
    ``QUOTED_ARTICLES`` of them)."""
    answer = _about(iri, "resource-texts", "json", QUOTED_ARTICLES)
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
    description = describe(iri)
    graph = description.graph
    subject = URIRef(iri)
    if not any(True for _ in graph.triples((subject, None, None))) and (None, None, subject) not in graph:
        return _not_found(iri, fmt)
    page = f"/id/{stem}"
    if fmt == HTML:
        cites = any(True for _ in graph.triples((None, OA.hasSource, None)))
        texts = article_texts(iri) if cites else {}
        view = build_view(graph, iri, settings.base_iri, texts, get_ontology().supers)
        body = render_template(
            "resource.html",
            missing=False,
            iri=iri,
            view=view,
            alternates=alternates(page),
            truncated=description.row_cap if description.truncated else None,
        )
        resp = Response(body, 200, content_type=HTML.content_type)
    else:
        resp = Response(serialize(graph, fmt), 200, content_type=fmt.content_type)
        resp.headers.update(CORS_RESPONSE_HEADERS)  # the row-cap headers are readable cross-origin
    if suffix is None:
        resp.vary.add("Accept")
        resp.headers["Content-Location"] = f"{page}.{fmt.suffix}"
    resp.headers["Link"] = link_header(page)
    resp.headers.update(row_cap_headers(description.row_cap, description.truncated))
    return resp


@bp.route("/context.jsonld")
def context() -> Response:
    """The published JSON-LD context (short keys for treatygraph's JSON)."""
    resp = send_file(CONTEXT_FILE, mimetype="application/ld+json", max_age=3600)
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


__all__ = ["article_texts", "bp", "describe", "split_suffix"]
