"""Dumps (/dump.nq, .trig, .ttl, .jsonld: streamed, gzip on request), graph exports (/export/graph.<fmt>)
and the same from the command line (treatygraph export)."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from kg.config import load_settings
from kg.export import read_context
from kg.ingest import ingest_paths
from kg.store import Store, open_store
from server import create_app
from tests.server.conftest import fill

SEED = Path(__file__).resolve().parents[2] / "kg" / "corpus" / "00-seed.txt"
RUSSIA = "https://w3id.org/treatygraph/id/state/russia"


@pytest.fixture(scope="module")
def seeded_store():
    """An in-memory store built from the bundled seed article."""
    store = open_store(None)
    ingest_paths(store, [SEED], load_settings({"store": "unused"}, environ={}))
    return store


@pytest.fixture(scope="module")
def client(seeded_store):
    """A test client of an app serving the seeded store."""
    app = create_app(load_settings({"store": "unused"}, environ={}), store=seeded_store)
    app.testing = True
    return app.test_client()


def union_size(store: Store) -> int:
    """Distinct triples across all graphs."""
    return len({(q[0], q[1], q[2]) for q in Dataset().parse(data=dump_nq(store), format="nquads").quads()})


def dump_nq(store: Store) -> bytes:
    from kg.formats import get_format

    buf = io.BytesIO()
    store.dump(buf, get_format("nquads"))
    return buf.getvalue()


# --- dumps -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("suffix", "media_type", "rdflib_format"),
    [
        ("nq", "application/n-quads", "nquads"),
        ("trig", "application/trig", "trig"),
        ("jsonld", "application/ld+json", "json-ld"),
    ],
)
def test_dataset_dumps_parse_back_with_every_quad(client, seeded_store, suffix, media_type, rdflib_format):
    resp = client.get(f"/dump.{suffix}")
    assert resp.status_code == 200
    assert resp.mimetype == media_type
    assert resp.is_streamed
    assert resp.headers["Content-Disposition"] == f'attachment; filename="treatygraph.{suffix}"'
    data = resp.data
    if suffix == "jsonld":  # compact, referencing the published context: read it with that context
        doc = json.loads(data)
        assert doc["@context"] == "http://localhost/context.jsonld"
        data = json.dumps({**doc, "@context": read_context()}).encode()
    ds = Dataset().parse(data=data, format=rdflib_format)
    assert len(list(ds.quads())) == len(seeded_store)
    assert {str(g.identifier) for g in ds.graphs()} >= set(seeded_store.graph_names())


def test_turtle_dump_is_the_merged_union_graph(client, seeded_store):
    resp = client.get("/dump.ttl")
    assert resp.mimetype == "text/turtle"
    assert len(Graph().parse(data=resp.data, format="turtle")) == union_size(seeded_store)


def test_gzip_when_the_client_accepts_it(client):
    plain = client.get("/dump.nq").data
    resp = client.get("/dump.nq", headers={"Accept-Encoding": "gzip, deflate"})
    assert resp.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in resp.headers["Vary"]
    assert gzip.decompress(resp.data) == plain
    assert len(resp.data) < len(plain) / 3
    assert "Content-Encoding" not in client.get("/dump.nq", headers={"Accept-Encoding": "gzip;q=0"}).headers


def test_unknown_dump_format_is_refused(client):
    assert client.get("/dump.xml").status_code == 406


def test_dump_streams_and_gzips_through_a_real_server(live_server, http):
    expected = len(fill(open_store(None)))
    with http.get(live_server.url + "/dump.nq", headers={"Accept-Encoding": "gzip"}, stream=True) as resp:
        assert resp.status_code == 200
        assert resp.headers["Content-Encoding"] == "gzip"
        assert "Content-Length" not in resp.headers  # streamed (chunked), not built first
        body = gzip.decompress(resp.raw.read(decode_content=False))
    assert len(list(Dataset().parse(data=body, format="nquads").quads())) == expected


# --- graph exports ---------------------------------------------------------------------------------------
def _reopen(fmt: str, body: bytes) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(body))
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(body))
    if fmt == "node-link":
        data = json.loads(body)
        return nx.node_link_graph(data, edges="links")
    if fmt == "cyjs":
        return nx.cytoscape_graph(json.loads(body))
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link", "cyjs"])
def test_graph_exports_reopen_with_networkx(client, fmt):
    resp = client.get(f"/export/graph.{fmt}?focus=state/russia&hops=1")
    assert resp.status_code == 200, resp.data
    assert "attachment" in resp.headers["Content-Disposition"]
    graph = _reopen(fmt, resp.data)
    assert RUSSIA in graph.nodes
    assert graph.number_of_nodes() > 3


def test_dot_and_csv_exports(client):
    dot = client.get("/export/graph.dot?types=State,Treaty").get_data(as_text=True)
    assert dot.startswith("digraph") and f'"{RUSSIA}"' in dot
    resp = client.get("/export/graph.csv?from=2019&to=2024")
    assert resp.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(resp.data)) as archive:
        assert {"nodes.csv", "edges.csv"} <= set(archive.namelist())
        assert archive.read("nodes.csv").startswith(b"Id,Label")


def test_construct_export(client):
    query = (
        "PREFIX tg: <https://w3id.org/treatygraph/ontology#> "
        "CONSTRUCT { ?e tg:agent ?a } WHERE { ?e tg:agent ?a }"
    )
    resp = client.post("/export/graph.graphml", data={"construct": query})
    assert resp.status_code == 200
    graph = nx.read_graphml(io.BytesIO(resp.data))
    assert RUSSIA in graph.nodes and graph.number_of_edges() > 0


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("hops=two&focus=state/russia", "hops"),
        ("colour=red", "unknown parameter"),
        ("types=Nonsense", "Nonsense"),
        ("focus=state/atlantis", "atlantis"),
        ("from=2019-13", "date"),
        ("construct=SELECT%20*%20WHERE%20%7B%7D", "CONSTRUCT"),
        ("hops=1", "focus"),
    ],
)
def test_bad_export_parameters_are_400_with_a_message(client, query, fragment):
    resp = client.get(f"/export/graph.graphml?{query}")
    assert resp.status_code == 400
    assert fragment in resp.get_data(as_text=True)


def test_unknown_graph_format_is_400(client):
    resp = client.get("/export/graph.pdf")
    assert resp.status_code == 400 and "graphml" in resp.get_data(as_text=True)


# --- the command line writes the same ---------------------------------------------------------------------
@pytest.fixture
def store_dir(tmp_path):
    """A closed on-disk store holding the seed article."""
    path = tmp_path / "store"
    with Store(path) as store:
        ingest_paths(store, [SEED], load_settings({"store": str(path)}, environ={}))
    return path


def test_cli_writes_graph_exports(runner, store_dir, tmp_path):
    out = tmp_path / "russia.gexf"
    code, _, err = runner(
        [
            "export",
            "--store",
            str(store_dir),
            "--format",
            "gexf",
            "--focus",
            "state/russia",
            "--hops",
            "1",
            "-o",
            str(out),
        ]
    )
    assert code == 0, err
    assert RUSSIA in nx.read_gexf(out).nodes
    query = tmp_path / "agents.rq"
    query.write_text(
        "CONSTRUCT { ?e <https://w3id.org/treatygraph/ontology#agent> ?a } "
        "WHERE { ?e <https://w3id.org/treatygraph/ontology#agent> ?a }"
    )
    code, _, err = runner(
        [
            "export",
            "--store",
            str(store_dir),
            "--format",
            "node-link",
            "--construct",
            str(query),
            "-o",
            str(tmp_path / "g.json"),
        ]
    )
    assert code == 0, err
    assert RUSSIA in nx.node_link_graph(json.loads((tmp_path / "g.json").read_text()), edges="links")


def test_cli_turtle_dump_is_the_union_like_the_server(runner, store_dir, tmp_path):
    out = tmp_path / "all.ttl"
    code, _, err = runner(["export", "--store", str(store_dir), "--format", "turtle", "-o", str(out)])
    assert code == 0, err
    with Store(store_dir) as store:
        expected = union_size(store)
    assert len(Graph().parse(out, format="turtle")) == expected


def test_cli_rejects_graph_options_on_rdf_dumps(runner, store_dir):
    code, _, err = runner(["export", "--store", str(store_dir), "--format", "trig", "--types", "State"])
    assert code == 1 and "--types" in err
    code, _, err = runner(["export", "--store", str(store_dir), "--format", "rdfxml"])
    assert code == 1 and "--graph" in err


def test_a_graph_export_cut_at_the_row_cap_says_so(seeded_store, client):
    capped = create_app(
        load_settings({"store": "unused", "result_row_cap": 3}, environ={}), store=seeded_store
    ).test_client()
    resp = capped.get("/export/graph.node-link")
    assert resp.status_code == 200
    assert resp.headers["Treatygraph-Result-Truncated"] == "true"
    assert resp.headers["Treatygraph-Row-Cap"] == "3"
    assert "Treatygraph-Result-Truncated" in resp.headers["Access-Control-Expose-Headers"]
    assert 0 < len(resp.get_json()["nodes"]) <= 3
    whole = client.get("/export/graph.node-link")
    assert whole.status_code == 200
    assert "Treatygraph-Result-Truncated" not in whole.headers
    assert len(whole.get_json()["nodes"]) > 3


def test_a_graph_export_past_the_timeout_is_503_with_advice(seeded_store):
    app = create_app(
        load_settings({"store": "unused", "query_timeout": 1e-9}, environ={}), store=seeded_store
    )
    resp = app.test_client().get("/export/graph.graphml")
    assert resp.status_code == 503
    assert "narrow it" in resp.get_data(as_text=True)
