"""treatygraph export --construct runs the CONSTRUCT like treatygraph query: within the query timeout
(exit 1 with one line, the runaway evaluation ended with the process) and without SERVICE."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace

from kg.store import Store

ROOT = Path(__file__).resolve().parents[2]
EX = Namespace("http://example.org/")
RUNAWAY = "CONSTRUCT { ?a <http://example.org/near> ?b } WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


@pytest.fixture
def filler_store_dir(tmp_path: Path) -> Path:
    """A closed on-disk store with 600 filler triples (a three-way cross product runs for minutes)."""
    path = tmp_path / "store"
    with Store(path) as store:
        g = Graph()
        for i in range(600):
            g.add((EX[f"thing{i}"], EX.rank, Literal(i)))
        store.replace_graph("http://example.org/graph/filler", g)
    return path


def export(store_dir: Path, query_file: Path, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "kg.cli", "export", "--store", str(store_dir), "--format", "graphml"]
    argv += ["--construct", str(query_file), "-o", str(query_file.with_suffix(".graphml")), *extra]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}
    return subprocess.run(argv, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("extra", "env"), [(("--timeout", "0.5"), {}), ((), {"TREATYGRAPH_QUERY_TIMEOUT": "0.5"})]
)
def test_construct_export_stops_at_the_query_timeout(filler_store_dir, tmp_path, extra, env):
    query = tmp_path / "runaway.rq"
    query.write_text(RUNAWAY)
    started = time.monotonic()
    done = export(filler_store_dir, query, *extra, **env)
    assert time.monotonic() - started < 20  # not the minutes the cross product would take
    assert done.returncode == 1
    assert (
        done.stderr.strip().splitlines()[-1] == "treatygraph: error: query exceeded the time limit of 0.5 s"
    )


def test_construct_export_refuses_service(filler_store_dir, tmp_path):
    query = tmp_path / "service.rq"
    query.write_text("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    done = export(filler_store_dir, query)
    assert done.returncode == 1
    assert "SERVICE (federated query) is not allowed" in done.stderr


def test_timeout_is_for_graph_exports_only(runner, filler_store_dir):
    code, _, err = runner(
        ["export", "--store", str(filler_store_dir), "--format", "nquads", "--timeout", "1"]
    )
    assert code == 1 and "--timeout" in err
