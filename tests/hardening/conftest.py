"""Fixtures for the hardening tests: a recording HTTP listener on 127.0.0.1, generated article batches,
a store built from the bundled corpus, and the live-server helpers of ``tests/server/conftest.py``."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.config import load_settings
from kg.ingest import ingest_paths
from kg.store import open_store
from tests.server.conftest import LiveServer, free_port, start_server, stop_server  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "kg" / "corpus"
TOKEN = "hardening-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
TURTLE = b"<http://example.org/loaded> <http://example.org/p> <http://example.org/o> .\n"


@dataclass
class Listener:
    """A local HTTP server that records every request it gets (method and path)."""

    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """An HTTP listener on 127.0.0.1: SPARQL results for /sparql, Turtle for anything else."""
    rec = Listener(url="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            rec.hits.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            sparql = self.path.startswith("/sparql")
            body = EMPTY_RESULTS if sparql else TURTLE
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json" if sparql else "text/turtle")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield rec
    server.shutdown()
    server.server_close()


def article_batch(folder: Path, count: int) -> list[Path]:
    """``count`` articles made from the bundled corpus, each with its own title (so its own graph)."""
    sources = [p for p in sorted(CORPUS.glob("*.txt")) if p.name != "00-seed.txt"]
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        text = re.sub(r"^Title: (.*)$", rf"Title: Report {i}: \1", text, count=1, flags=re.M)
        path = folder / f"article-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


@pytest.fixture(scope="session")
def corpus_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory holding the bundled corpus (ontology, reference data, inferences)."""
    store_dir = tmp_path_factory.mktemp("corpus") / "store"
    settings = load_settings({"store": str(store_dir)}, environ={})
    with open_store(store_dir) as store:
        ingest_paths(store, [CORPUS], settings)
    return store_dir
