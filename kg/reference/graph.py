"""The reference named graph: curated entities as RDF, following docs/model.md ("Reference data")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.iris import mint
from kg.namespaces import PREFIXES, TG, WD

if TYPE_CHECKING:
    from kg.reference.model import RefEntity, Reference

STATUSES: dict[str, URIRef] = {
    "signatory": TG.Signatory,
    "party": TG.Party,
    "suspended": TG.Suspended,
    "withdrawn": TG.Withdrawn,
    "expired": TG.Expired,
    "terminated": TG.Terminated,
}
_TREATY_DATES = (
    ("signature_date", TG.signatureDate),
    ("entry_into_force_date", TG.entryIntoForceDate),
    ("termination_date", TG.terminationDate),
)


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def _entity_triples(g: Graph, e: RefEntity, ref: Reference) -> None:
    for cls in e.classes:
        g.add((e.iri, RDF.type, cls))
    g.add((e.iri, RDFS.label, Literal(e.label, lang="en")))
    for alias in e.aliases:
        g.add((e.iri, SKOS.altLabel, Literal(alias, lang="en")))
    for demonym in e.demonyms:
        g.add((e.iri, TG.demonym, Literal(demonym, lang="en")))
    if e.qid:
        g.add((e.iri, SKOS.exactMatch, WD[e.qid]))
    for source in e.data.get("sources", ()):
        g.add((e.iri, DCTERMS.source, Literal(source)))


def _ref_iri(ref: Reference, kind: str, slug: str) -> URIRef:
    target = ref.get(kind, slug)
    return target.iri if target is not None else mint(kind, slug, base=ref.base)


def _state_triples(g: Graph, e: RefEntity, ref: Reference) -> None:
    d = e.data
    g.add((e.iri, TG.iso3166Alpha2, Literal(d["alpha2"])))
    g.add((e.iri, TG.iso3166Alpha3, Literal(d["alpha3"])))
    g.add((e.iri, TG.iso3166Numeric, Literal(d["numeric"])))
    if d.get("end_date"):
        g.add((e.iri, TG.endDate, _date(d["end_date"])))
    if d.get("continuator_of"):
        g.add((e.iri, TG.continuatorOf, _ref_iri(ref, "state", d["continuator_of"])))


def _organization_triples(g: Graph, e: RefEntity, ref: Reference) -> None:
    for key in ("part_of_iri", "within_iri"):
        if e.data.get(key):
            g.add((e.iri, TG.partOf, URIRef(e.data[key])))


def _participation_triples(g: Graph, treaty: RefEntity, p: Mapping[str, Any], ref: Reference) -> None:
    node = mint("participation", p["party"], treaty.slug, p["status"], p["start"], base=ref.base)
    party = URIRef(p["party_iri"])
    holder = ref.by_iri(party)
    party_label = holder.label if holder is not None else p["party"]
    g.add((node, RDF.type, TG.TreatyParticipation))
    g.add(
        (
            node,
            RDFS.label,
            Literal(f"{party_label}: {p['status']} ({treaty.label}, from {p['start']})", lang="en"),
        )
    )
    g.add((node, TG.party, party))
    g.add((node, TG.treaty, treaty.iri))
    g.add((node, TG.status, STATUSES[p["status"]]))
    g.add((node, TG.startDate, _date(p["start"])))
    if p.get("end"):
        g.add((node, TG.endDate, _date(p["end"])))
    if p.get("note"):
        g.add((node, RDFS.comment, Literal(p["note"], lang="en")))
    g.add((node, DCTERMS.source, Literal(p["source"])))


def _treaty_triples(g: Graph, e: RefEntity, ref: Reference) -> None:
    for key, prop in _TREATY_DATES:
        if e.data.get(key):
            g.add((e.iri, prop, _date(e.data[key])))
    for depositary in e.data.get("depositaries_iris", ()):
        g.add((e.iri, TG.depositary, URIRef(depositary)))
    for p in e.data.get("participations", ()):
        _participation_triples(g, e, p, ref)


def reference_graph(ref: Reference) -> Graph:
    """All reference entities as one rdflib Graph (the content of the reference named graph)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("id", ref.base)
    for e in ref.entities:
        _entity_triples(g, e, ref)
        if e.kind == "state":
            _state_triples(g, e, ref)
        elif e.kind == "organization":
            _organization_triples(g, e, ref)
        elif e.kind == "post":
            g.add((e.iri, TG.postIn, URIRef(e.data["of_iri"])))
        elif e.kind == "treaty":
            _treaty_triples(g, e, ref)
    return g
