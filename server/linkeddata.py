"""Shared helpers of the linked-data pages: serialising small rdflib graphs (JSON-LD compacted with the
published context, https://www.w3.org/TR/json-ld11/#the-context, through ``kg.export.jsonld``: the same
compaction as the JSON-LD dump), local links for IRIs and display labels for nodes.

Only serialisation and read-only graph access here: no SPARQL evaluation outside the store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS

from kg.export.jsonld import CONTEXT_FILE, read_context, to_compact_nodes
from kg.formats import Format
from kg.iris import split
from kg.namespaces import OA, ONTOLOGY_IRI, ORG, PREFIXES, SCHEMA, TG_NS, VOID, WD
from server.negotiation import COMPACT_JSONLD, HTML, formats_for
from server.sparql import serialize_graph

STATIC = Path(__file__).parent / "static"
FORMAT_LABELS = {
    "html": "HTML",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF/XML",
    "json-compact": "JSON (short keys)",
    "trig": "TriG",
    "nquads": "N-Quads",
}


def context_url() -> str:
    """The absolute URL of the published context on this server."""
    return request.host_url.rstrip("/") + "/context.jsonld"


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (for readable Turtle and RDF/XML)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("void", VOID, override=True)
    return graph


def to_compact_jsonld(graph: Graph, ctx_url: str) -> bytes:
    """JSON-LD compacted with the published context, which the document references by URL."""
    nodes = to_compact_nodes(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
    doc = {"@context": ctx_url, **nodes[0]} if len(nodes) == 1 else {"@context": ctx_url, "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def serialize(graph: Graph, fmt: Format) -> bytes:
    """Serialise a small graph in an RDF format of ``formats_for("resource")`` (not HTML)."""
    if fmt == COMPACT_JSONLD:
        return to_compact_jsonld(graph, context_url())
    if fmt == HTML:
        raise ValueError("HTML is rendered by a template, not serialised")
    return serialize_graph(bind_prefixes(graph), fmt)


def alternates(path: str, kind: str = "resource") -> list[tuple[Format, str, str]]:
    """(format, label, URL) of every representation of the page at ``path`` (suffix URLs)."""
    return [(f, FORMAT_LABELS.get(f.name, f.name), f"{path}.{f.suffix}") for f in formats_for(kind)]


def link_header(path: str, kind: str = "resource") -> str:
    """An HTTP ``Link`` header value naming every alternate representation."""
    return ", ".join(
        f'<{url}>; rel="alternate"; type="{f.media_type}"' for f, _, url in alternates(path, kind)
    )


# --- links and labels ------------------------------------------------------------------------------------
#: Display names of common external terms that carry no label in the graph.
KNOWN_LABELS: dict[str, str] = {
    str(RDFS.label): "label",
    str(RDFS.comment): "comment",
    str(RDFS.seeAlso): "see also",
    str(RDFS.isDefinedBy): "defined by",
    str(SKOS.altLabel): "also known as",
    str(SKOS.prefLabel): "preferred label",
    str(SKOS.exactMatch): "same as",
    str(SKOS.closeMatch): "close match",
    str(DCTERMS.title): "title",
    str(DCTERMS.date): "published",
    str(DCTERMS.source): "source",
    str(DCTERMS.license): "licence",
    str(PROV.wasDerivedFrom): "derived from",
    str(OA.hasSource): "source article",
    str(OA.hasSelector): "selector",
    str(OA.start): "start offset",
    str(OA.end): "end offset",
    str(OA.exact): "exact text",
    str(ORG.holds): "holds",
    str(SCHEMA.url): "URL",
}


@dataclass(frozen=True)
class Link:
    """How a node is shown: its text, where it links to (None: nowhere), whether that is off-site."""

    text: str
    href: str | None
    external: bool = False
    iri: str = ""


def local_href(iri: str, base_iri: str) -> str | None:
    """The path on this server that serves ``iri`` (instances and ontology terms), else None."""
    if iri.startswith(base_iri):
        return "/id/" + iri[len(base_iri) :]
    if iri.startswith(TG_NS):
        return "/ontology#" + iri[len(TG_NS) :]
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    return None


def local_name(iri: str) -> str:
    """The last segment of an IRI (after '#' or '/')."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def best_literal(values: list[Any]) -> str | None:
    """The English (or untagged) value among literals, else the first one."""
    literals = [v for v in values if isinstance(v, Literal)]
    for wanted in ("en", None):
        for v in literals:
            if (v.language or None) == wanted or (wanted == "en" and (v.language or "").startswith("en")):
                return str(v)
    return str(literals[0]) if literals else None


def fallback_label(iri: str, base_iri: str) -> str:
    """A readable name for an unlabelled IRI: "claim 2cbba3f1f6", "evidence 175-328", "russia"."""
    parts = split(iri, base_iri)
    if parts is None:
        return local_name(iri)
    kind, slug = parts
    if "--" in slug and kind in ("claim", "evidence", "mention"):
        return f"{kind} {slug.rsplit('--', 1)[1]}"
    return slug.replace("-", " ")


def label_of(graph: Graph, node: Any) -> str | None:
    """A node's rdfs:label (English preferred), else skos:prefLabel, else its dcterms:title."""
    for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
        value = best_literal(list(graph.objects(node, prop)))
        if value:
            return value
    return None


def link_for(graph: Graph, node: Any, base_iri: str) -> Link:
    """How to show a node of ``graph``: a label linked to its page (or to Wikidata, or to itself)."""
    if isinstance(node, BNode):
        return Link(label_of(graph, node) or "(blank node)", None)
    iri = str(node)
    label = label_of(graph, node) or KNOWN_LABELS.get(iri)
    href = local_href(iri, base_iri)
    if href is not None:
        return Link(label or fallback_label(iri, base_iri), href, iri=iri)
    if iri.startswith(str(WD)):
        qid = iri[len(str(WD)) :]
        return Link(label or f"Wikidata {qid}", f"https://www.wikidata.org/wiki/{qid}", True, iri)
    prefixed = next((f"{p}:{iri[len(ns) :]}" for p, ns in PREFIXES.items() if iri.startswith(ns)), None)
    external = iri.startswith(("http://", "https://"))
    return Link(label or prefixed or iri, iri if external else None, external, iri)


def is_resource(node: Any) -> bool:
    """Whether a term is an IRI (not a literal or blank node)."""
    return isinstance(node, URIRef)


__all__ = [
    "CONTEXT_FILE",
    "FORMAT_LABELS",
    "Link",
    "alternates",
    "KNOWN_LABELS",
    "best_literal",
    "fallback_label",
    "bind_prefixes",
    "context_url",
    "is_resource",
    "label_of",
    "link_for",
    "link_header",
    "local_href",
    "local_name",
    "read_context",
    "serialize",
    "to_compact_jsonld",
]
