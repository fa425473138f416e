"""Documentation of the ontology, generated from its graph (read-only rdflib access, no SPARQL): every
class, property, datatype and individual with its label, definition, hierarchy, domain and range,
alignments to other vocabularies and CAMEO code. Each term's anchor is its local name, so the term IRI
``https://w3id.org/treatygraph/ontology#Suspension`` lands on ``/ontology#Suspension``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS

from kg.namespaces import ONTOLOGY_IRI, TG, TG_NS, VANN
from server.linkeddata import Link, best_literal, link_for

SECTIONS: tuple[tuple[str, str, tuple[URIRef, ...]], ...] = (
    ("classes", "Classes", (OWL.Class, RDFS.Class)),
    ("object-properties", "Object properties", (OWL.ObjectProperty,)),
    ("datatype-properties", "Datatype properties", (OWL.DatatypeProperty,)),
    ("annotation-properties", "Annotation properties", (OWL.AnnotationProperty,)),
    ("datatypes", "Datatypes", (RDFS.Datatype,)),
    ("individuals", "Individuals", (OWL.NamedIndividual,)),
)
CHARACTERISTICS = (
    OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
    OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty,
)  # fmt: skip
ALIGNMENTS = (OWL.equivalentClass, OWL.equivalentProperty, SKOS.exactMatch, SKOS.closeMatch, RDFS.seeAlso)
_SHOWN = {
    RDF.type, RDFS.label, RDFS.comment, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    RDFS.isDefinedBy, OWL.inverseOf, TG.cameoCode, SKOS.scopeNote, SKOS.example, *ALIGNMENTS,
}  # fmt: skip


@dataclass
class Term:
    """One documented term."""

    anchor: str
    iri: str
    label: str
    kind: str
    definition: str | None
    facts: list[tuple[str, list[Link | Expression | str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class OntologyDoc:
    """The whole documentation page."""

    iri: str
    title: str
    description: str | None
    version: str | None
    version_iri: str | None
    license: Link | None
    creator: str | None
    prefix: str | None
    namespace: str | None
    sections: list[tuple[str, str, list[Term]]]

    def anchors(self) -> list[str]:
        """Every term anchor on the page."""
        return [t.anchor for _, _, terms in self.sections for t in terms]


def _text(graph: Graph, node: Any, prop: URIRef) -> str | None:
    return best_literal(list(graph.objects(node, prop)))


@dataclass(frozen=True)
class Expression:
    """A class expression shown inline: links to named classes joined by words ("A or B")."""

    parts: list[Link | str]

    @property
    def text(self) -> str:
        """The expression as plain text."""
        return "".join(p.text if isinstance(p, Link) else p for p in self.parts)


def describe_expression(graph: Graph, node: Any, base_iri: str) -> Link | Expression | str:
    """A class expression as a link (named class), linked parts ("A or B") or text ("agent some State")."""
    if not isinstance(node, BNode):
        return link_for(graph, node, base_iri)

    def name(n: Any) -> str:
        d = describe_expression(graph, n, base_iri)
        return d.text if isinstance(d, Link | Expression) else f"({d})"

    for prop, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and "), (OWL.oneOf, ", ")):
        head = graph.value(node, prop)
        if head is not None:
            parts: list[Link | str] = ["one of "] if prop == OWL.oneOf else []
            for i, member in enumerate(Collection(graph, head)):
                parts += [word] if i else []
                d = describe_expression(graph, member, base_iri)
                parts += d.parts if isinstance(d, Expression) else [d if isinstance(d, Link) else f"({d})"]
            return Expression(parts)
    inverse = graph.value(node, OWL.inverseOf)
    if inverse is not None:
        return f"inverse of {name(inverse)}"
    prop = graph.value(node, OWL.onProperty)
    if prop is not None:
        for key, word in (
            (OWL.someValuesFrom, "some"),
            (OWL.allValuesFrom, "only"),
            (OWL.hasValue, "value"),
            (OWL.minCardinality, "min"),
            (OWL.maxCardinality, "max"),
            (OWL.cardinality, "exactly"),
            (OWL.qualifiedCardinality, "exactly"),
            (OWL.minQualifiedCardinality, "min"),
            (OWL.maxQualifiedCardinality, "max"),
        ):
            value = graph.value(node, key)
            if value is not None:
                shown = str(value) if isinstance(value, Literal) else name(value)
                return f"{name(prop)} {word} {shown}"
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        return f"not {name(complement)}"
    return "(anonymous class expression)"


def _links(graph: Graph, nodes: Iterable[Any], base_iri: str) -> list[Link | Expression | str]:
    out = [describe_expression(graph, n, base_iri) for n in nodes]
    return sorted(out, key=lambda d: d.text if isinstance(d, Link | Expression) else d)


def _kind_of(graph: Graph, term: URIRef) -> str | None:
    types = set(graph.objects(term, RDF.type))
    for key, _, classes in SECTIONS:
        if types & set(classes):
            return key
    return None


def _chain(graph: Graph, term: URIRef, base_iri: str) -> list[str]:
    notes = []
    for chain in graph.objects(term, OWL.propertyChainAxiom):
        parts = [describe_expression(graph, p, base_iri) for p in Collection(graph, chain)]
        text = " / ".join(p.text if isinstance(p, Link | Expression) else p for p in parts)
        notes.append(f"property chain: {text}")
    return notes


def _term(graph: Graph, term: URIRef, kind: str, base_iri: str) -> Term:
    anchor = str(term)[len(TG_NS) :]
    doc = Term(
        anchor=anchor,
        iri=str(term),
        label=_text(graph, term, RDFS.label) or anchor,
        kind=kind,
        definition=_text(graph, term, RDFS.comment),
    )

    def add(name: str, values: list[Link | Expression | str]) -> None:
        if values:
            doc.facts.append((name, values))

    external = [o for o in graph.objects(term, RDFS.subClassOf) if not str(o).startswith(TG_NS)]
    add(
        "Subclass of",
        _links(graph, [o for o in graph.objects(term, RDFS.subClassOf) if o not in external], base_iri),
    )
    add("Aligned with (subclass of)", _links(graph, external, base_iri))
    add("Subclasses", _links(graph, graph.subjects(RDFS.subClassOf, term), base_iri))
    ext_props = [o for o in graph.objects(term, RDFS.subPropertyOf) if not str(o).startswith(TG_NS)]
    own_props = [o for o in graph.objects(term, RDFS.subPropertyOf) if o not in ext_props]
    add("Subproperty of", _links(graph, own_props, base_iri))
    add("Aligned with (subproperty of)", _links(graph, ext_props, base_iri))
    add("Subproperties", _links(graph, graph.subjects(RDFS.subPropertyOf, term), base_iri))
    add("Domain", _links(graph, graph.objects(term, RDFS.domain), base_iri))
    add("Range", _links(graph, graph.objects(term, RDFS.range), base_iri))
    add("Inverse of", _links(graph, graph.objects(term, OWL.inverseOf), base_iri))
    add(
        "Characteristics",
        _links(graph, [t for t in graph.objects(term, RDF.type) if t in CHARACTERISTICS], base_iri),
    )
    for prop in ALIGNMENTS:
        add(link_for(graph, prop, base_iri).text, _links(graph, graph.objects(term, prop), base_iri))
    if kind == "individuals":
        types = [t for t in graph.objects(term, RDF.type) if t != OWL.NamedIndividual]
        add("Instance of", _links(graph, types, base_iri))
    if kind == "classes":
        members = [s for s in graph.subjects(RDF.type, term) if str(s).startswith(TG_NS)]
        add("Individuals", _links(graph, members, base_iri))
    add("CAMEO code", sorted(str(c) for c in graph.objects(term, TG.cameoCode)))
    add("Scope note", [str(n) for n in graph.objects(term, SKOS.scopeNote)])
    add("Example", [str(n) for n in graph.objects(term, SKOS.example)])
    doc.notes = _chain(graph, term, base_iri)
    for p, o in sorted(graph.predicate_objects(term)):
        if p not in _SHOWN and p != OWL.propertyChainAxiom:
            add(
                link_for(graph, p, base_iri).text,
                [describe_expression(graph, o, base_iri) if not isinstance(o, Literal) else str(o)],
            )
    return doc


def build_doc(graph: Graph, base_iri: str) -> OntologyDoc:
    """The documentation of the ontology in ``graph``."""
    onto = URIRef(ONTOLOGY_IRI)
    terms: dict[str, list[Term]] = {key: [] for key, _, _ in SECTIONS}
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(TG_NS)}
    for term in subjects:
        kind = _kind_of(graph, term)
        if kind is None or str(term) == TG_NS:
            continue
        terms[kind].append(_term(graph, term, kind, base_iri))
    sections = [
        (key, title, sorted(terms[key], key=lambda t: t.anchor.lower()))
        for key, title, _ in SECTIONS
        if terms[key]
    ]
    licence = graph.value(onto, DCTERMS.license)
    return OntologyDoc(
        iri=ONTOLOGY_IRI,
        title=_text(graph, onto, DCTERMS.title) or "treatygraph ontology",
        description=_text(graph, onto, DCTERMS.description),
        version=_text(graph, onto, OWL.versionInfo),
        version_iri=str(graph.value(onto, OWL.versionIRI) or "") or None,
        license=link_for(graph, licence, base_iri) if licence is not None else None,
        creator=_text(graph, onto, DCTERMS.creator),
        prefix=_text(graph, onto, VANN.preferredNamespacePrefix),
        namespace=_text(graph, onto, VANN.preferredNamespaceUri),
        sections=sections,
    )


def superclasses(graph: Graph) -> dict[str, set[str]]:
    """Every named class's named superclasses, transitively (to pick the most specific type of a node)."""
    direct: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct.setdefault(str(s), set()).add(str(o))
    closed: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(direct.get(c, ()))
        closed[start] = seen
    return closed


__all__ = ["Expression", "OntologyDoc", "Term", "build_doc", "describe_expression", "superclasses"]
