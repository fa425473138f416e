"""A resource's direct neighbours laid out on a circle around it, for an inline SVG drawn server-side
(no JavaScript). The template draws it; this module only computes positions and labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rdflib import RDF, Graph, URIRef

from kg.iris import split
from server.linkeddata import label_of, link_for, local_name

WIDTH = 640
HEIGHT = 420
RADIUS = 150
MAX_NEIGHBOURS = 16
MAX_LABEL = 24
#: Edges drawn in the picture: links between instances, not provenance or evidence plumbing.
SKIPPED = {RDF.type}
SKIPPED_KINDS = {"evidence", "article", "claim"}


@dataclass(frozen=True)
class Node:
    """A drawn node: position, text, link, kind (for its colour class) and the edge that reached it."""

    x: float
    y: float
    label: str
    full_label: str
    href: str | None
    kind: str
    edge: str
    incoming: bool


@dataclass
class Neighbourhood:
    """The centre and its neighbours; ``more`` counts neighbours left out of the picture."""

    width: int
    height: int
    centre: Node
    nodes: list[Node] = field(default_factory=list)
    more: int = 0


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "\u2026"


def _kind(iri: str, base_iri: str) -> str:
    parts = split(iri, base_iri)
    return parts[0] if parts else "other"


def radial_layout(graph: Graph, subject: URIRef, base_iri: str) -> Neighbourhood:
    """The direct neighbours of ``subject`` (instances it links to or that link to it) on a circle."""
    found: dict[str, tuple[URIRef, str, bool]] = {}
    for p, o in sorted(graph.predicate_objects(subject)):
        if p not in SKIPPED and isinstance(o, URIRef) and str(o).startswith(base_iri) and o != subject:
            found.setdefault(str(o), (o, label_of(graph, p) or local_name(str(p)), False))
    for s, p in sorted(graph.subject_predicates(subject)):
        if p not in SKIPPED and isinstance(s, URIRef) and str(s).startswith(base_iri) and s != subject:
            found.setdefault(str(s), (s, label_of(graph, p) or local_name(str(p)), True))
    chosen = [v for k, v in found.items() if _kind(k, base_iri) not in SKIPPED_KINDS]
    chosen += [v for k, v in found.items() if _kind(k, base_iri) in SKIPPED_KINDS]
    shown = chosen[:MAX_NEIGHBOURS]
    cx, cy = WIDTH / 2, HEIGHT / 2
    centre_link = link_for(graph, subject, base_iri)
    centre = Node(
        cx, cy, _short(centre_link.text), centre_link.text, None, _kind(str(subject), base_iri), "", False
    )
    nodes = []
    for i, (node, edge, incoming) in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(shown), 1)
        link = link_for(graph, node, base_iri)
        nodes.append(
            Node(
                round(cx + RADIUS * math.cos(angle), 1),
                round(cy + RADIUS * math.sin(angle), 1),
                _short(link.text),
                link.text,
                link.href,
                _kind(str(node), base_iri),
                edge,
                incoming,
            )
        )
    return Neighbourhood(WIDTH, HEIGHT, centre, nodes, max(0, len(chosen) - len(shown)))


__all__ = ["Neighbourhood", "Node", "radial_layout"]
