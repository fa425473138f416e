"""Extraction records -> RDF triples for the article's named graph (docs/model.md). Pure: no store.

IRIs come only from :func:`kg.iris.mint`; reference entities keep their curated IRI. Every extracted
node carries ``prov:wasDerivedFrom`` the article; the article ``tg:mentions`` every state, person,
organization, treaty and place it names (the outlet that published it is its ``tg:publisher`` only).
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef

from kg.extract.pipeline import event_key
from kg.extract.records import Event, Extraction, Span
from kg.iris import mint, short_hash
from kg.namespaces import DCTERMS, DEFAULT_BASE, OA, ORG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, TG, WD, XSD

MENTIONED_KINDS = ("state", "person", "organization", "treaty", "place")


def text(value: str) -> Literal:
    """A name or label from an (English) article, tagged ``@en`` like the reference data's labels, so that
    the label an article restates for a known entity is the same triple, not a second plain-string one."""
    return Literal(value, lang="en")


def class_label(name: str) -> str:
    """The label of an ontology class from its local name: ``RejectionOfTalks`` -> ``Rejection of talks``
    (the ontology's rdfs:label for every event class; a test checks they agree)."""
    words = re.findall(r"[A-Z][a-z]*", name) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def date_literal(value: str) -> Literal:
    """A typed literal at the precision of ``value``: xsd:gYear, xsd:gYearMonth or xsd:date."""
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


class _Writer:
    def __init__(self, ex: Extraction, base: str) -> None:
        self.ex, self.base = ex, base
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.g.bind("org", str(ORG))
        self.g.bind("oa", str(OA))
        self.article = mint("article", ex.article.slug, base=base)
        self.iri: dict[str, URIRef] = {}
        for key, ent in ex.entities.items():
            self.iri[key] = URIRef(ent.iri) if ent.iri else mint(ent.kind, ent.slug, base=base)
        for key, post in ex.posts.items():
            self.iri[key] = URIRef(post.iri) if post.iri else mint("post", post.slug, base=base)

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        self.g.add((s, p, o if isinstance(o, URIRef | Literal | BNode) else Literal(o)))

    def derived(self, node: URIRef) -> None:
        self.add(node, PROV.wasDerivedFrom, self.article)

    def evidence(self, sp: Span, stance: str = "Asserted") -> URIRef:
        node = mint("evidence", self.ex.article.slug, f"{sp.start}-{sp.end}", base=self.base)
        pos, quote = URIRef(f"{node}#position"), URIRef(f"{node}#quote")
        self.add(node, RDF.type, TG.TextEvidence)
        self.add(node, OA.hasSource, self.article)
        self.add(node, OA.hasSelector, pos)
        self.add(node, OA.hasSelector, quote)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, Literal(sp.start, datatype=XSD.nonNegativeInteger))
        self.add(pos, OA.end, Literal(sp.end, datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(sp.exact))
        existing = set(self.g.objects(node, TG.stance))
        if TG.Asserted not in existing:
            if stance == "Asserted":
                for o in existing:
                    self.g.remove((node, TG.stance, o))
            if stance == "Asserted" or not existing:
                self.add(node, TG.stance, TG[stance])
        self.derived(node)
        return node

    # ------------------------------------------------------------------ nodes
    def article_node(self) -> None:
        a, art = self.article, self.ex.article
        self.add(a, RDF.type, TG.NewsArticle)
        if art.title:
            self.add(a, DCTERMS.title, Literal(art.title))
        if art.published:
            self.add(a, DCTERMS.date, Literal(art.published.isoformat(), datatype=XSD.date))
        if art.url:
            self.add(a, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI))
        self.add(a, TG.text, Literal(art.text))
        self.add(a, TG.checksum, Literal(art.checksum))
        if art.source:
            outlet = mint("organization", art.source, base=self.base)
            self.add(a, TG.publisher, outlet)
            self.add(outlet, RDF.type, TG.MediaOrganization)
            self.add(outlet, RDFS.label, text(art.source))

    def entities(self) -> None:
        for key, ent in self.ex.entities.items():
            node = self.iri[key]
            for cls in ent.classes:
                self.add(node, RDF.type, TG[cls])
            self.add(node, RDFS.label, text(ent.label))
            for alias in sorted(ent.aliases):
                if alias != ent.label:
                    self.add(node, SKOS.altLabel, text(alias))
            if ent.qid:
                self.add(node, SKOS.exactMatch, WD[ent.qid])
            if not ent.known:
                self.derived(node)
                part = str(ent.data.get("part_of") or "").replace(":", "/")
                if part in self.iri:
                    self.add(node, TG.partOf, self.iri[part])
            if ent.kind in MENTIONED_KINDS:
                self.add(self.article, TG.mentions, node)

    def posts(self) -> None:
        for key, post in self.ex.posts.items():
            node = self.iri[key]
            self.add(node, RDF.type, TG.Post)
            self.add(node, RDFS.label, text(post.label))
            for alias in sorted(post.aliases):
                self.add(node, SKOS.altLabel, text(alias))
            if post.of and post.of in self.iri:
                self.add(node, TG.postIn, self.iri[post.of])
            if not post.iri:
                self.derived(node)
        for ten in self.ex.tenures:
            person, post = self.iri[ten.person], self.iri[ten.post]
            node = mint(
                "tenure", str(person).rsplit("/", 1)[-1], str(post).rsplit("/", 1)[-1], base=self.base
            )
            self.add(node, RDF.type, TG.Tenure)
            self.add(node, TG.holder, person)
            self.add(node, TG.post, post)
            self.add(node, TG.evidence, self.evidence(ten.evidence))
            self.add(person, ORG.holds, post)
            self.derived(node)

    def event_iri(self, ev: Event) -> URIRef:
        parts = (ev.key or event_key(ev)).split("--")
        if not ev.date or ev.speech:
            parts = parts[:-1] + [self.ex.article.slug, parts[-1]]
        return mint("event", *parts, base=self.base)

    def events(self) -> dict[str, URIRef]:
        out: dict[str, URIRef] = {}
        for ev in self.ex.events:
            node = self.event_iri(ev)
            out[ev.key] = node
            self.add(node, RDF.type, TG[ev.type])
            self.add(node, RDFS.label, text(self.event_label(ev)))
            for role, keys in ((TG.agent, ev.agents), (TG.target, ev.targets), (TG.place, ev.places)):
                for k in keys:
                    if k in self.iri:
                        self.add(node, role, self.iri[k])
            if ev.treaty and ev.treaty in self.iri:
                self.add(node, TG.treaty, self.iri[ev.treaty])
            if ev.date:
                self.add(node, TG.date, date_literal(ev.date))
            if ev.condition:
                self.add(node, TG.condition, Literal(ev.condition))
            for sp in (ev.evidence, *ev.extra_evidence):
                self.add(node, TG.evidence, self.evidence(sp, ev.stance))
            self.derived(node)
        return out

    def event_label(self, ev: Event) -> str:
        label = class_label(ev.type)
        if ev.treaty:
            label += f" of {self.ex.entities[ev.treaty].label}"
        if ev.agents:
            label += f" by {self.ex.entities[ev.agents[0]].label}"
        return label + (f" ({ev.date})" if ev.date else "")

    def claims(self, events: dict[str, URIRef]) -> None:
        for c in self.ex.claims:
            if c.event not in events or c.claimed_by not in self.iri:
                continue
            node = mint(
                "claim",
                self.ex.article.slug,
                short_hash(c.claimed_by, c.event, f"{c.evidence.start}"),
                base=self.base,
            )
            self.add(node, RDF.type, TG.Claim)
            self.add(node, TG.claimedBy, self.iri[c.claimed_by])
            if c.reported_by and c.reported_by in self.iri:
                self.add(node, TG.reportedBy, self.iri[c.reported_by])
            self.add(node, TG.claims, events[c.event])
            if c.date:
                self.add(node, TG.date, date_literal(c.date))
            self.add(node, TG.evidence, self.evidence(c.evidence, "Attributed"))
            self.derived(node)

    def event_mentions(self) -> None:
        for m in self.ex.event_mentions:
            node = mint(
                "mention",
                self.ex.article.slug,
                short_hash(m.type, m.modality, str(m.evidence.start)),
                base=self.base,
            )
            self.add(node, RDF.type, TG.EventMention)
            self.add(node, TG.eventType, TG[m.type])
            self.add(node, TG.modality, TG[m.modality])
            for k in m.agents:
                if k in self.iri:
                    self.add(node, TG.agent, self.iri[k])
            if m.treaty and m.treaty in self.iri:
                self.add(node, TG.treaty, self.iri[m.treaty])
            self.add(node, TG.evidence, self.evidence(m.evidence, "Attributed"))
            self.derived(node)


def to_graph(extraction: Extraction, *, base: str = DEFAULT_BASE) -> Graph:
    """The article's named-graph content: article node, entities, posts, tenures, events, claims."""
    w = _Writer(extraction, base)
    w.article_node()
    w.entities()
    w.posts()
    events = w.events()
    w.claims(events)
    w.event_mentions()
    return w.g
