"""Term constants, spelled exactly as in ``ontology/treatygraph.ttl`` (a test checks that each one exists).

``TG.State`` is ``https://w3id.org/treatygraph/ontology#State``; accessing a name the ontology does not
define raises ``AttributeError``, so typos fail at once.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

TG_NS = "https://w3id.org/treatygraph/ontology#"
ONTOLOGY_IRI = "https://w3id.org/treatygraph/ontology"
DEFAULT_BASE = "https://w3id.org/treatygraph/id/"
GRAPH_BASE = "https://w3id.org/treatygraph/graph/"

ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
VANN = Namespace("http://purl.org/vocab/vann/")
CC = Namespace("http://creativecommons.org/ns#")

__all__ = [
    "CC",
    "DCAT",
    "DCTERMS",
    "DEFAULT_BASE",
    "FOAF",
    "GRAPH_BASE",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SEM",
    "SH",
    "SKOS",
    "TG",
    "TG_NS",
    "TIME",
    "VANN",
    "VOID",
    "WD",
    "XSD",
    "EVENT_TYPES",
    "PREFIXES",
]


class TG(DefinedNamespace):
    """The treatygraph ontology (https://w3id.org/treatygraph/ontology#)."""

    _NS = Namespace(TG_NS)
    _fail = True

    # --- classes: agents, posts, places, documents
    Agent: URIRef
    State: URIRef
    Person: URIRef
    Post: URIRef
    Tenure: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    Place: URIRef
    Treaty: URIRef
    TreatyParticipation: URIRef
    ParticipationStatus: URIRef
    Claim: URIRef
    TextEvidence: URIRef
    NewsArticle: URIRef
    Stance: URIRef
    Modality: URIRef
    EventMention: URIRef
    # --- event classes
    Event: URIRef
    Statement: URIRef
    RejectionOfTalks: URIRef
    Negotiation: URIRef
    Signing: URIRef
    Ratification: URIRef
    RatificationRevocation: URIRef
    Accession: URIRef
    EntryIntoForce: URIRef
    Extension: URIRef
    Suspension: URIRef
    Withdrawal: URIRef
    Expiry: URIRef
    Pledge: URIRef
    Compliance: URIRef
    Deployment: URIRef
    Production: URIRef
    WeaponsTest: URIRef
    Announcement: URIRef
    Accusation: URIRef
    Denial: URIRef
    # --- object properties
    agent: URIRef
    target: URIRef
    treaty: URIRef
    place: URIRef
    holder: URIRef
    post: URIRef
    postIn: URIRef
    partOf: URIRef
    party: URIRef
    status: URIRef
    claimedBy: URIRef
    reportedBy: URIRef
    claims: URIRef
    evidence: URIRef
    mentions: URIRef
    continuatorOf: URIRef
    depositary: URIRef
    stance: URIRef
    modality: URIRef
    eventType: URIRef
    publisher: URIRef
    # --- datatype properties
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    signatureDate: URIRef
    entryIntoForceDate: URIRef
    terminationDate: URIRef
    text: URIRef
    checksum: URIRef
    cameoCode: URIRef
    condition: URIRef
    demonym: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    iso3166Numeric: URIRef
    source: URIRef
    # --- datatypes
    CalendarDate: URIRef
    # --- individuals
    Signatory: URIRef
    Party: URIRef
    Suspended: URIRef
    Withdrawn: URIRef
    Expired: URIRef
    Terminated: URIRef
    Asserted: URIRef
    Attributed: URIRef
    Possible: URIRef
    Future: URIRef
    Conditional: URIRef
    Negated: URIRef


EVENT_TYPES: tuple[str, ...] = (
    "Statement",
    "RejectionOfTalks",
    "Negotiation",
    "Signing",
    "Ratification",
    "RatificationRevocation",
    "Accession",
    "EntryIntoForce",
    "Extension",
    "Suspension",
    "Withdrawal",
    "Expiry",
    "Pledge",
    "Compliance",
    "Deployment",
    "Production",
    "WeaponsTest",
    "Announcement",
    "Accusation",
    "Denial",
)

PREFIXES: dict[str, str] = {
    "tg": TG_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "sem": str(SEM),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "wd": str(WD),
}
