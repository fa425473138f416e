"""``/.well-known/void`` (and ``/void``): a VoID (https://www.w3.org/TR/void/, section 7.2: the
well-known location) and DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/) description of the dataset, in the
negotiated RDF format (Turtle by default): size, class partition, SPARQL endpoint, dumps with their media
types, IRI space, vocabularies, licence, version and last modification.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, request
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDFS, SKOS, XSD

from kg import __version__
from kg.namespaces import DCAT, OA, ORG, SCHEMA, SEM, TG_NS, TIME, VOID
from kg.queries import get_named_query
from kg.store import Store
from server import get_settings, get_store
from server.linkeddata import FORMAT_LABELS, bind_prefixes
from server.negotiation import choose_format, formats_for
from server.sparql import serialize_graph

log = logging.getLogger(__name__)
bp = Blueprint("void", __name__)

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"
W3C_FORMATS = {
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}
VOCABULARIES = (
    TG_NS,
    str(RDFS),
    str(SKOS),
    str(PROV),
    str(DCTERMS),
    str(ORG),
    str(OA),
    str(SCHEMA),
    str(SEM),
)
VOCABULARIES += (str(OWL), str(TIME), str(FOAF))


def last_modified(store: Store) -> dt.datetime:
    """When the store was last written: the mtime of its VERSION file (now, for an in-memory store)."""
    if store.path is not None:
        version_file = store.path / "VERSION"
        if version_file.exists():
            return dt.datetime.fromtimestamp(version_file.stat().st_mtime, tz=dt.UTC).replace(microsecond=0)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _select(store: Store, name: str, substitutions: dict | None = None) -> list[dict[str, str]]:
    answer = store.execute(get_named_query(name).text, choose="json", substitutions=substitutions)
    rows = json.loads(answer.body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


@dataclass(frozen=True)
class Statistics:
    """The dataset's sizes: triples, entities under the instance base, instances per class."""

    triples: int
    entities: int
    classes: tuple[tuple[str, int], ...]


def compute_statistics(store: Store, base_iri: str) -> Statistics:
    """Count the store: whole-store scans (about 16 s at 10M quads: the size 6 s, the entities 8.5 s, the
    classes 1 s; bench/RESULTS.md)."""
    entities = _select(store, "void-entities", {"base": Literal(base_iri)})
    return Statistics(
        triples=len(store),
        entities=int(entities[0]["entities"]) if entities else 0,
        classes=tuple((row["class"], int(row["instances"])) for row in _select(store, "class-counts")),
    )


class StatisticsCache:
    """The statistics of each store version, computed once per process, in the background.

    A description waits up to ``wait`` seconds for them; past that it is served without them (VoID makes
    every statistic optional) while one thread goes on counting, and the next request after it finished
    gets them. A write changes the version, so the next request counts again; at most one count per
    (store, version, base) runs at a time, however many requests arrive.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done: dict[tuple[int, int, str], Statistics] = {}
        self._running: dict[tuple[int, int, str], threading.Event] = {}

    def get(self, store: Store, base_iri: str, wait: float) -> Statistics | None:
        """The statistics of the store's current version, or None if they are not ready in time."""
        key = (id(store), store.version, base_iri)
        with self._lock:
            if key in self._done:
                return self._done[key]
            ready = self._running.get(key)
            if ready is None:
                ready = self._running[key] = threading.Event()
                thread = threading.Thread(
                    target=self._count,
                    args=(store, base_iri, key, ready),
                    name="void-statistics",
                    daemon=True,
                )
                thread.start()
        ready.wait(wait)
        with self._lock:
            return self._done.get(key)

    def _count(self, store: Store, base_iri: str, key: tuple[int, int, str], ready: threading.Event) -> None:
        try:
            stats = compute_statistics(store, base_iri)
            with self._lock:
                self._done = {k: v for k, v in self._done.items() if k[0] != key[0]}  # older versions
                self._done[key] = stats
        except Exception:
            log.exception("counting the dataset for its VoID description failed")
        finally:
            with self._lock:
                self._running.pop(key, None)
            ready.set()


#: Where the app keeps its statistics cache (``app.extensions``).
STATISTICS_EXTENSION = "treatygraph.void_statistics"
#: Longest a VoID request waits for statistics that are being counted.
STATISTICS_WAIT = 10.0


def describe_dataset(store: Store, host: str, base_iri: str, stats: Statistics | None = None) -> Graph:
    """The VoID + DCAT description of the store served at ``host`` (e.g. ``http://localhost:8080``);
    without ``stats`` (not counted yet) it leaves out the sizes and the class partition."""
    g = bind_prefixes(Graph())
    g.bind("dcat", DCAT)
    doc = URIRef(f"{host}/.well-known/void")
    ds = URIRef(f"{host}/.well-known/void#dataset")
    g.add((doc, RDF.type, VOID.DatasetDescription))
    g.add((doc, DCTERMS.title, Literal("VoID description of treatygraph", lang="en")))
    g.add((doc, FOAF.primaryTopic, ds))
    for cls in (VOID.Dataset, DCAT.Dataset):
        g.add((ds, RDF.type, cls))
    g.add((ds, DCTERMS.title, Literal("treatygraph", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "A knowledge graph of arms-control actors and agreements (states, people, posts, organizations, "
        "treaties, treaty participation over time, events and claims) built from news articles, with "
        "the exact text every extracted statement comes from.", lang="en")))  # fmt: skip
    g.add((ds, DCTERMS.license, CC_BY))
    g.add((ds, OWL.versionInfo, Literal(__version__)))
    g.add((ds, DCAT.version, Literal(__version__)))
    g.add((ds, DCTERMS.modified, Literal(last_modified(store).isoformat(), datatype=XSD.dateTime)))
    if stats is not None:
        g.add((ds, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
        g.add((ds, VOID.entities, Literal(stats.entities, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(base_iri)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{host}/sparql")))
    g.add((ds, VOID.rootResource, URIRef(f"{host}/ontology")))
    for vocabulary in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(vocabulary)))
    for fmt in formats_for("description"):
        g.add((ds, VOID.feature, URIRef(f"http://www.w3.org/ns/formats/{W3C_FORMATS[fmt.name]}")))
    for cls, instances in stats.classes if stats is not None else ():
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(instances, datatype=XSD.integer)))
    for fmt in formats_for("dump"):
        url = URIRef(f"{host}/dump.{fmt.suffix}")
        g.add((ds, VOID.dataDump, url))
        dist = URIRef(f"{host}/.well-known/void#dump-{fmt.suffix}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"treatygraph dump ({FORMAT_LABELS[fmt.name]})", lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
        g.add((dist, DCTERMS.format, URIRef(f"http://www.w3.org/ns/formats/{W3C_FORMATS[fmt.name]}")))
        g.add((dist, DCTERMS.license, CC_BY))
    service = URIRef(f"{host}/sparql")
    g.add((ds, DCAT.distribution, URIRef(f"{host}/.well-known/void#sparql")))
    g.add((URIRef(f"{host}/.well-known/void#sparql"), RDF.type, DCAT.Distribution))
    g.add((URIRef(f"{host}/.well-known/void#sparql"), DCAT.accessService, service))
    g.add((URIRef(f"{host}/.well-known/void#sparql"), DCAT.accessURL, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, ds))
    return g


@bp.route("/.well-known/void")
@bp.route("/void", endpoint="void_alias")
def void() -> Response:
    """The dataset description in the negotiated RDF format (Turtle unless asked otherwise)."""
    fmt = choose_format(
        "description", format_param=request.args.get("format"), accept=request.headers.get("Accept")
    )
    host = request.host_url.rstrip("/")
    store, base_iri = get_store(), get_settings().base_iri
    cache = current_app.extensions.setdefault(STATISTICS_EXTENSION, StatisticsCache())
    stats = cache.get(store, base_iri, STATISTICS_WAIT)
    graph = describe_dataset(store, host, base_iri, stats)
    resp = Response(serialize_graph(graph, fmt), 200, content_type=fmt.content_type)
    resp.vary.add("Accept")
    resp.headers["Access-Control-Allow-Origin"] = "*"
    if stats is None:  # still counting: ask again later for the sizes
        resp.headers["Retry-After"] = str(max(1, round(STATISTICS_WAIT)))
        resp.headers["Cache-Control"] = "no-store"
    return resp


__all__ = [
    "STATISTICS_WAIT",
    "Statistics",
    "StatisticsCache",
    "bp",
    "compute_statistics",
    "describe_dataset",
    "last_modified",
]
