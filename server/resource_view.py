"""What a resource page shows, computed from its description graph (``queries/describe-resource.rq``) and
the stored texts of the articles its evidence comes from: grouped properties, incoming links, claims,
evidence spans inside their sentences, and for an article its whole text with every span marked.

Pure functions over rdflib graphs (read-only access, no SPARQL): testable without a server.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS, XSD

from kg.namespaces import OA, SCHEMA, TG, TG_NS
from server.linkeddata import Link, best_literal, label_of, link_for, local_name
from server.svg import Neighbourhood, radial_layout

log = logging.getLogger(__name__)

IDENTITY = (
    RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.title, SKOS.exactMatch, SKOS.closeMatch,
    OWL.sameAs, SCHEMA.url, TG.iso3166Alpha2, TG.iso3166Alpha3, TG.iso3166Numeric, TG.demonym,
)  # fmt: skip
DATES = (
    TG.date, TG.startDate, TG.endDate, TG.signatureDate, TG.entryIntoForceDate, TG.terminationDate,
    DCTERMS.date, DCTERMS.modified,
)  # fmt: skip
PROVENANCE = (
    PROV.wasDerivedFrom, DCTERMS.source, TG.source, TG.evidence, TG.stance, TG.checksum,
    TG.publisher, PROV.wasAttributedTo, OA.hasSource, OA.hasSelector, RDFS.isDefinedBy,
)  # fmt: skip
NOT_LISTED = (RDF.type, TG.text)
GROUPS = (("Identity", IDENTITY), ("Relations", ()), ("Dates", DATES), ("Provenance", PROVENANCE))
DATATYPE_NAMES = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}
CONTEXT_CHARS = 320


@dataclass(frozen=True)
class Value:
    """One value of a property: a link (IRI or blank node) or a literal with its language or precision."""

    text: str
    href: str | None = None
    external: bool = False
    note: str = ""
    literal: bool = False


@dataclass
class PropertyRow:
    """A property and its values on the page."""

    prop: Link
    values: list[Value] = field(default_factory=list)


@dataclass(frozen=True)
class Snippet:
    """An evidence span inside its sentence or paragraph: ``before`` + ``exact`` (marked) + ``after``."""

    before: str
    exact: str
    after: str
    clipped_before: bool = False
    clipped_after: bool = False


@dataclass
class EvidenceView:
    """One piece of evidence: what it supports, its stance, its span in context and its article."""

    iri: str
    link: Link
    anchor: str
    supports: list[Link]
    stance: str
    snippet: Snippet | None
    article: Link | None
    start: int | None
    end: int | None


@dataclass
class ClaimView:
    """A claim made by or about the resource."""

    link: Link
    speakers: list[Link]
    reporters: list[Link]
    events: list[Link]
    date: str | None
    evidence: list[str]


@dataclass(frozen=True)
class Segment:
    """A piece of an article's text; ``anchors`` are set when it lies inside evidence spans."""

    text: str
    anchors: tuple[str, ...] = ()


@dataclass
class ArticleView:
    """An article page: title, date, source and the text with every evidence span marked."""

    title: str | None
    date: str | None
    publisher: list[Link]
    url: str | None
    segments: list[Segment]


@dataclass
class ResourceView:
    """Everything the resource template renders."""

    iri: str
    title: str
    types: list[Link]
    other_types: list[Link]
    groups: list[tuple[str, list[PropertyRow]]]
    incoming: list[PropertyRow]
    claims: list[ClaimView]
    evidence: list[EvidenceView]
    article: ArticleView | None
    neighbourhood: Neighbourhood


def _value(graph: Graph, node: Any, base_iri: str) -> Value:
    if isinstance(node, Literal):
        note = node.language or DATATYPE_NAMES.get(node.datatype, "")
        return Value(str(node), note=note, literal=True)
    link = link_for(graph, node, base_iri)
    return Value(link.text, link.href, link.external)


def _group_of(prop: URIRef) -> str:
    for name, members in GROUPS:
        if prop in members:
            return name
    return "Relations"


def _rows(graph: Graph, subject: URIRef, base_iri: str) -> list[tuple[str, list[PropertyRow]]]:
    by_group: dict[str, dict[URIRef, PropertyRow]] = {name: {} for name, _ in GROUPS}
    for prop in sorted(set(graph.predicates(subject, None))):
        if prop in NOT_LISTED:
            continue
        row = PropertyRow(link_for(graph, prop, base_iri))
        values = sorted(graph.objects(subject, prop), key=lambda o: (isinstance(o, Literal), str(o)))
        row.values = [_value(graph, v, base_iri) for v in values]
        by_group[_group_of(prop)][prop] = row
    order = {name: [p for p in members] for name, members in GROUPS}
    result = []
    for name, rows in by_group.items():
        ranked = sorted(rows, key=lambda p: (order[name].index(p) if p in order[name] else 99, str(p)))
        if rows:
            result.append((name, [rows[p] for p in ranked]))
    return result


def _incoming(graph: Graph, subject: URIRef, base_iri: str) -> list[PropertyRow]:
    rows: dict[URIRef, PropertyRow] = {}
    for s, p in sorted(graph.subject_predicates(subject)):
        if s == subject:
            continue
        row = rows.setdefault(p, PropertyRow(link_for(graph, p, base_iri)))
        row.values.append(_value(graph, s, base_iri))
    for row in rows.values():
        row.values.sort(key=lambda v: v.text.lower())
    return sorted(rows.values(), key=lambda r: r.prop.text)


def _types(graph: Graph, subject: URIRef, base_iri: str, supers: Mapping[str, set[str]]) -> tuple[list, list]:
    types = {str(t) for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef)}
    own = {t for t in types if t.startswith(TG_NS)}
    inherited = {s for t in own for s in supers.get(t, set()) if s != t}
    primary = sorted(own - inherited) or sorted(own)
    others = sorted(types - set(primary))
    return (
        [link_for(graph, URIRef(t), base_iri) for t in primary],
        [link_for(graph, URIRef(t), base_iri) for t in others],
    )


def snippet(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> Snippet:
    """The span ``text[start:end]`` inside its paragraph, clipped to sentence ends within ``limit`` chars."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    left, right = para_start, para_end
    clipped_left = clipped_right = False
    if start - left > limit:
        window = text[start - limit : start]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        left = start - limit + cut + 2 if cut >= 0 else start - limit
        clipped_left = True
    if right - end > limit:
        window = text[end : end + limit]
        cut = max(window.find(". "), window.find("? "), window.find("! "))
        right = end + cut + 1 if cut >= 0 else end + limit
        clipped_right = True
    return Snippet(text[left:start], text[start:end], text[end:right], clipped_left, clipped_right)


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows which spans (anchors) cover it."""
    n = len(text)
    cuts = sorted(
        {0, n, *(max(0, min(n, s)) for s, _, _ in spans), *(max(0, min(n, e)) for _, e, _ in spans)}
    )
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a == b:
            continue
        covering = tuple(anchor for s, e, anchor in spans if s <= a and b <= e)
        out.append(Segment(text[a:b], covering))
    return out


def _int(graph: Graph, node: Any, prop: URIRef) -> int | None:
    for value in graph.objects(node, prop):
        try:
            return int(value)
        except (TypeError, ValueError):
            continue
    return None


def _evidence(graph: Graph, base_iri: str, texts: Mapping[str, str]) -> list[EvidenceView]:
    views = []
    for ev in set(graph.subjects(RDF.type, TG.TextEvidence)) | set(graph.objects(None, TG.evidence)):
        if not isinstance(ev, URIRef):
            continue
        start = end = None
        exact = None
        for sel in graph.objects(ev, OA.hasSelector):
            start = _int(graph, sel, OA.start) if start is None else start
            end = _int(graph, sel, OA.end) if end is None else end
            exact = exact or best_literal(list(graph.objects(sel, OA.exact)))
        article = next(iter(graph.objects(ev, OA.hasSource)), None)
        text = texts.get(str(article)) if article is not None else None
        snip = None
        if text is not None and start is not None and end is not None and 0 <= start <= end <= len(text):
            snip = snippet(text, start, end)
            if exact is not None and snip.exact != exact:
                log.warning("evidence %s: stored text at %d-%d differs from oa:exact", ev, start, end)
        elif exact is not None:
            snip = Snippet("", exact, "")
        if snip is None:
            continue
        stance = next(iter(graph.objects(ev, TG.stance)), None)
        views.append(
            EvidenceView(
                iri=str(ev),
                link=link_for(graph, ev, base_iri),
                anchor=f"ev-{local_name(str(ev))}",
                supports=[link_for(graph, u, base_iri) for u in sorted(graph.subjects(TG.evidence, ev))],
                stance=local_name(str(stance)) if stance is not None else "",
                snippet=snip,
                article=link_for(graph, article, base_iri) if article is not None else None,
                start=start,
                end=end,
            )
        )
    return sorted(views, key=lambda v: (v.article.text if v.article else "", v.start or 0, v.iri))


def _claims(graph: Graph, subject: URIRef, base_iri: str) -> list[ClaimView]:
    claims = set(graph.subjects(TG.claimedBy, subject)) | set(graph.subjects(TG.claims, subject))
    if (subject, RDF.type, TG.Claim) in graph:
        claims.add(subject)
    views = []
    for claim in sorted(claims):
        date = best_literal(list(graph.objects(claim, TG.date)))

        def links(prop: URIRef, claim: Any = claim) -> list[Link]:
            return [link_for(graph, o, base_iri) for o in sorted(graph.objects(claim, prop))]

        evidence = [f"ev-{local_name(str(e))}" for e in sorted(graph.objects(claim, TG.evidence))]
        views.append(
            ClaimView(
                link_for(graph, claim, base_iri),
                links(TG.claimedBy),
                links(TG.reportedBy),
                links(TG.claims),
                date,
                evidence,
            )
        )
    return views


def _article(
    graph: Graph, subject: URIRef, base_iri: str, evidence: list[EvidenceView]
) -> ArticleView | None:
    if (subject, RDF.type, TG.NewsArticle) not in graph:
        return None
    text = best_literal(list(graph.objects(subject, TG.text))) or ""
    spans = [
        (e.start, e.end, e.anchor)
        for e in evidence
        if e.start is not None and e.end is not None and e.article and e.article.iri == str(subject)
    ]
    url = next((str(u) for u in graph.objects(subject, SCHEMA.url)), None)
    return ArticleView(
        title=best_literal(list(graph.objects(subject, DCTERMS.title))),
        date=best_literal(list(graph.objects(subject, DCTERMS.date))),
        publisher=[link_for(graph, p, base_iri) for p in graph.objects(subject, TG.publisher)],
        url=url if url and url.startswith(("http://", "https://")) else None,
        segments=segments(text, spans),
    )


def build_view(
    graph: Graph,
    iri: str,
    base_iri: str,
    texts: Mapping[str, str],
    supers: Mapping[str, set[str]] | None = None,
) -> ResourceView:
    """The page of ``iri`` from its description graph and the texts of the articles it cites."""
    subject = URIRef(iri)
    types, other_types = _types(graph, subject, base_iri, supers or {})
    evidence = _evidence(graph, base_iri, texts)
    return ResourceView(
        iri=iri,
        title=label_of(graph, subject) or local_name(iri).replace("-", " "),
        types=types,
        other_types=other_types,
        groups=_rows(graph, subject, base_iri),
        incoming=_incoming(graph, subject, base_iri),
        claims=_claims(graph, subject, base_iri),
        evidence=evidence,
        article=_article(graph, subject, base_iri, evidence),
        neighbourhood=radial_layout(graph, subject, base_iri),
    )


__all__ = [
    "ArticleView",
    "ClaimView",
    "EvidenceView",
    "PropertyRow",
    "ResourceView",
    "Segment",
    "Snippet",
    "Value",
    "build_view",
    "segments",
    "snippet",
]
