"""Fixtures for the SPARQL endpoint: an in-process app (Flask test client) and a real granian server.

The data: three small named graphs of people and a "knows" graph (example.org IRIs, no real-world
claims), plus the W3C protocol test graphs (data1..3) under the IRIs the W3C manifest names.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

import pytest
import requests
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import FOAF

from kg.config import Settings, load_settings
from kg.store import Store, open_store
from server import create_app

ROOT = Path(__file__).resolve().parents[2]
W3C_PROTOCOL = ROOT.parent / "shared" / "w3c-rdf-tests" / "sparql" / "sparql11" / "protocol"
EX = Namespace("http://example.org/")
PEOPLE_GRAPH = "http://example.org/graph/people"
KNOWS_GRAPH = "http://example.org/graph/knows"
PLACES_GRAPH = "http://example.org/graph/places"
KASEI = "http://kasei.us/2009/09/sparql/data/"


def people_graphs() -> dict[str, Graph]:
    """The fixture graphs by graph IRI."""
    people, knows, places = Graph(), Graph(), Graph()
    for name in ("alice", "bob", "carol"):
        people.add((EX[name], RDF.type, FOAF.Person))
        people.add((EX[name], FOAF.name, Literal(name.capitalize())))
    people.add((EX.dmitri, RDF.type, FOAF.Person))
    people.add((EX.dmitri, FOAF.name, Literal("Дмитрий", lang="ru")))
    knows.add((EX.alice, FOAF.knows, EX.bob))
    knows.add((EX.bob, FOAF.knows, EX.carol))
    places.add((EX.vienna, RDF.type, EX.City))
    places.add((EX.vienna, FOAF.name, Literal("Vienna")))
    return {PEOPLE_GRAPH: people, KNOWS_GRAPH: knows, PLACES_GRAPH: places}


def w3c_graphs() -> dict[str, Graph]:
    """The W3C protocol test graphs (data1..3.nt) under their manifest labels, if the suite is present."""
    graphs = {}
    for i in (1, 2, 3):
        path = W3C_PROTOCOL / f"data{i}.nt"
        if path.exists():
            graphs[f"{KASEI}data{i}.rdf"] = Graph().parse(path, format="nt")
    return graphs


def fill(store: Store) -> Store:
    """Load every fixture graph into ``store``."""
    for iri, graph in {**people_graphs(), **w3c_graphs()}.items():
        store.replace_graph(iri, graph)
    return store


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    """A granian server running ``server.wsgi`` in a subprocess."""

    url: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def sparql(self) -> str:
        """The endpoint URL."""
        return self.url + "/sparql"

    def log(self) -> str:
        """What the server wrote to stderr so far."""
        return self.log_path.read_text(errors="replace")


def start_server(store_dir: Path, log_path: Path, **options: object) -> LiveServer:
    """Start ``python -m server.wsgi`` on a free loopback port and wait until it answers."""
    port = int(options.pop("port", 0) or free_port())
    argv = [sys.executable, "-m", "server.wsgi", "--store", str(store_dir), "--port", str(port)]
    for key, value in options.items():
        argv += ["--" + key.replace("_", "-"), str(value)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}
    log_file = log_path.open("wb")
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", port, proc, log_path)
    try:
        wait_until_answering(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def worker_pids(server: LiveServer) -> list[int]:
    """The PIDs of the granian worker processes of a live server (children of its main process)."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return [int(p) for p in children.read_text().split()]


def wait_until_answering(server: LiveServer, timeout: float = 30.0) -> None:
    """Poll the endpoint until it answers 200; raise with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        try:
            conn = HTTPConnection("127.0.0.1", server.port, timeout=2)
            conn.request("GET", "/sparql?query=ASK%7B%7D")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not start:\n{server.log()}")


def stop_server(server: LiveServer) -> None:
    """Stop the server (SIGTERM to the granian main process we started) and wait for it."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def built_store_dir(path: Path, *, filler: int = 0) -> Path:
    """A store directory holding the fixture graphs (plus ``filler`` triples), closed for a server to open."""
    with open_store(path) as store:
        fill(store)
        if filler:
            g = Graph()
            for i in range(filler):
                g.add((EX[f"thing{i}"], EX.rank, Literal(i)))
            store.replace_graph("http://example.org/graph/filler", g)
    return path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server on the fixture store; SERVICE may call this same server; small size limits."""
    base = tmp_path_factory.mktemp("live")
    store_dir = built_store_dir(base / "store")
    port = free_port()
    server = start_server(
        store_dir,
        base / "server.log",
        port=port,
        query_timeout=20,
        max_query_chars=5000,
        max_request_bytes=20000,
        service_allowlist=f"http://127.0.0.1:{port}/sparql",
    )
    yield server
    stop_server(server)


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """``server_factory(filler=0, **settings)``: a server on a fresh store of its own, stopped after."""
    started: list[LiveServer] = []

    def start(*, filler: int = 0, **options: object) -> LiveServer:
        base = tmp_path / f"server{len(started)}"
        store_dir = built_store_dir(base / "store", filler=filler)
        server = start_server(store_dir, tmp_path / f"server{len(started)}.log", **options)
        started.append(server)
        return server

    yield start
    for server in started:
        stop_server(server)


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A requests session (keep-alive) for talking to the live server."""
    with requests.Session() as session:
        yield session


@pytest.fixture
def sparql_settings() -> Settings:
    """Settings for the in-process app, independent of the environment."""
    return load_settings({"store": "unused", "max_query_chars": 5000, "max_request_bytes": 20000}, environ={})


@pytest.fixture
def sparql_store() -> Iterator[Store]:
    """An in-memory store with the fixture graphs."""
    store = fill(open_store(None))
    yield store


@pytest.fixture
def sparql_client(sparql_settings: Settings, sparql_store: Store):
    """A Flask test client of an app serving ``sparql_store``."""
    app = create_app(sparql_settings, store=sparql_store)
    app.testing = True
    return app.test_client()
