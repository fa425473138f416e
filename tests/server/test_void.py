"""/.well-known/void: the VoID + DCAT description matches the store it describes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from kg import __version__
from kg.config import load_settings
from kg.ingest import ingest_paths
from kg.namespaces import DCAT, TG, VOID
from kg.queries import get_named_query
from kg.store import Store
from server import create_app

SEED = Path(__file__).resolve().parents[2] / "kg" / "corpus" / "00-seed.txt"
DATASET = URIRef("http://localhost/.well-known/void#dataset")


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """An on-disk store built from the seed article (so that it has a VERSION file)."""
    store = Store(tmp_path_factory.mktemp("void") / "store")
    ingest_paths(store, [SEED], load_settings({"store": "unused"}, environ={}))
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(disk_store):
    """A test client serving the on-disk store."""
    app = create_app(load_settings({"store": "unused"}, environ={}), store=disk_store)
    app.testing = True
    return app.test_client()


@pytest.fixture(scope="module")
def void(client) -> Graph:
    """The parsed VoID description (Turtle, the default)."""
    resp = client.get("/.well-known/void")
    assert resp.status_code == 200
    assert resp.mimetype == "text/turtle"
    return Graph().parse(data=resp.data, format="turtle")


def test_sizes_match_the_store(void, disk_store):
    assert void.value(DATASET, VOID.triples).toPython() == len(disk_store)
    assert void.value(DATASET, VOID.entities).toPython() > 0
    assert (DATASET, RDF.type, VOID.Dataset) in void and (DATASET, RDF.type, DCAT.Dataset) in void


def test_class_partition_counts_each_class(void, disk_store):
    answer = disk_store.execute(get_named_query("class-counts").text, choose="json")
    expected = {
        b["class"]["value"]: int(b["instances"]["value"])
        for b in json.loads(answer.body)["results"]["bindings"]
    }
    got = {
        str(void.value(p, VOID["class"])): void.value(p, VOID.entities).toPython()
        for p in void.objects(DATASET, VOID.classPartition)
    }
    assert got == expected
    assert got[str(TG.State)] > 100


def test_access_points_and_metadata(void):
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    dumps = {str(u) for u in void.objects(DATASET, VOID.dataDump)}
    assert dumps == {f"http://localhost/dump.{s}" for s in ("nq", "trig", "ttl", "jsonld")}
    media = {str(void.value(d, DCAT.mediaType)) for d in void.objects(DATASET, DCAT.distribution)}
    assert "https://www.iana.org/assignments/media-types/application/n-quads" in media
    assert void.value(DATASET, VOID.uriSpace) == Literal("https://w3id.org/treatygraph/id/")
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(void.value(DATASET, OWL.versionInfo)) == __version__
    assert str(void.value(DATASET, DCAT.version)) == __version__
    assert URIRef("https://w3id.org/treatygraph/ontology#") in set(void.objects(DATASET, VOID.vocabulary))


def test_modified_is_the_last_write_of_the_store(void, disk_store):
    modified = void.value(DATASET, DCTERMS.modified).toPython()
    mtime = dt.datetime.fromtimestamp((disk_store.path / "VERSION").stat().st_mtime, tz=dt.UTC)
    assert abs((modified - mtime).total_seconds()) < 1.5


def test_negotiated_formats_and_alias(client):
    resp = client.get("/void", headers={"Accept": "application/ld+json"})
    assert resp.mimetype == "application/ld+json"
    assert "Accept" in resp.headers["Vary"]
    assert len(Graph().parse(data=resp.data, format="json-ld")) > 20
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406


def test_service_description_points_here(client):
    sd = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle")
    assert URIRef("http://localhost/.well-known/void") in set(sd.objects(None, RDFS.seeAlso))


def _people(n: int) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"http://example.org/p{i}"), RDF.type, TG.Person))
    return g


def test_statistics_are_counted_once_per_store_version(monkeypatch) -> None:
    import server.void as void_module

    calls: list[int] = []
    real = void_module.compute_statistics

    def counting(store, base_iri):  # type: ignore[no-untyped-def]
        calls.append(store.version)
        return real(store, base_iri)

    monkeypatch.setattr(void_module, "compute_statistics", counting)
    store = Store(None)
    store.replace_graph("http://example.org/g", _people(3))
    cache = void_module.StatisticsCache()
    first = cache.get(store, "http://example.org/", wait=30)
    assert first is not None and first.entities == 3
    assert cache.get(store, "http://example.org/", wait=30) is first and len(calls) == 1
    store.replace_graph("http://example.org/g", _people(5))  # a write: a new version is counted again
    again = cache.get(store, "http://example.org/", wait=30)
    assert again is not None and again.entities == 5 and again.triples == 5 and len(calls) == 2


def test_a_slow_count_gives_the_description_without_sizes_until_it_is_done(monkeypatch) -> None:
    import threading

    import server.void as void_module

    release, calls = threading.Event(), []
    real = void_module.compute_statistics

    def slow(store, base_iri):  # type: ignore[no-untyped-def]
        calls.append(1)
        release.wait(30)
        return real(store, base_iri)

    monkeypatch.setattr(void_module, "compute_statistics", slow)
    monkeypatch.setattr(void_module, "STATISTICS_WAIT", 0.2)
    store = Store(None)
    store.replace_graph("http://example.org/g", _people(2))
    app = create_app(load_settings({"store": "unused"}, environ={}), store=store)
    client = app.test_client()
    for _ in range(3):  # while it counts: 200, no sizes, come back later; one count only
        early = client.get("/.well-known/void")
        described = Graph().parse(data=early.data, format="turtle")
        assert early.status_code == 200 and early.headers["Retry-After"] == "1"
        assert described.value(DATASET, VOID.triples) is None
        assert described.value(DATASET, VOID.sparqlEndpoint) is not None
    assert len(calls) == 1
    release.set()
    for _ in range(50):
        late = client.get("/.well-known/void")
        if "Retry-After" not in late.headers:
            break
    described = Graph().parse(data=late.data, format="turtle")
    assert described.value(DATASET, VOID.triples).toPython() == 2 and len(calls) == 1
