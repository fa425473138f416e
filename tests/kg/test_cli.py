"""The command line: sub-commands, formats, exit codes (0 ok, 1 user error in one line, 2 usage)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import DATA, SEED_ARTICLE


@pytest.fixture
def fixture_store_dir(tmp_path, store_with_fixture_graph):
    path = store_with_fixture_graph.path
    store_with_fixture_graph.close()
    return str(path)


def test_usage_errors_exit_2(runner):
    assert runner([])[0] == 2
    assert runner(["frobnicate"])[0] == 2
    assert runner(["query"])[0] == 2


def test_help_for_every_command(runner):
    for cmd in ("serve", "ingest", "load", "query", "export", "validate", "stats", "queries"):
        code, out, _ = runner([cmd, "--help"])
        assert code == 0 and "usage: treatygraph " + cmd in out


def test_named_query_with_bind_as_json(runner, fixture_store_dir):
    code, out, err = runner(
        [
            "query",
            "actor-treaty-actions",
            "--store",
            fixture_store_dir,
            "--bind",
            "actor=state/russia",
            "--bind",
            "treaty=treaty/new-start",
            "--format",
            "json",
        ]
    )
    assert code == 0, err
    rows = json.loads(out)["results"]["bindings"]
    assert {r["date"]["value"] for r in rows if "date" in r} == {"2023-02-21", "2023-02-28"}


def test_query_from_file_and_stdin(runner, fixture_store_dir, tmp_path, monkeypatch):
    q = tmp_path / "q.rq"
    q.write_text("PREFIX tg: <https://w3id.org/treatygraph/ontology#> ASK { ?x a tg:Suspension }")
    code, out, _ = runner(["query", str(q), "--store", fixture_store_dir])
    assert code == 0 and out.strip() == "true"
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))
    code, out, _ = runner(["query", "-", "--store", fixture_store_dir, "--format", "csv"])
    assert code == 0 and out.splitlines()[0] == "n"


def test_construct_as_turtle_and_wrong_format_is_user_error(runner, fixture_store_dir):
    q = "CONSTRUCT WHERE { ?s a <https://w3id.org/treatygraph/ontology#Suspension> }"
    import io  # noqa: E401
    import sys

    sys.stdin = io.StringIO(q)
    code, out, _ = runner(["query", "-", "--store", fixture_store_dir, "--format", "turtle"])
    assert code == 0 and "Suspension" in out
    sys.stdin = io.StringIO(q)
    code, _, err = runner(["query", "-", "--store", fixture_store_dir, "--format", "csv"])
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_malformed_query_is_one_line_exit_1(runner, fixture_store_dir, tmp_path):
    q = tmp_path / "bad.rq"
    q.write_text("SELECT * WHERE { ?s ?p }")
    code, _, err = runner(["query", str(q), "--store", fixture_store_dir])
    assert code == 1
    assert err.startswith("treatygraph: error: malformed query") and len(err.strip().splitlines()) == 1


def test_unknown_named_query_and_missing_param(runner, fixture_store_dir):
    code, _, err = runner(["query", "no-such-thing", "--store", fixture_store_dir])
    assert code == 1 and "no named query" in err
    code, _, err = runner(["query", "participation-status", "--store", fixture_store_dir])
    assert code == 1 and "needs" in err


def test_stats_and_export(runner, fixture_store_dir, tmp_path):
    code, out, _ = runner(["stats", "--store", fixture_store_dir, "--format", "json"])
    stats = json.loads(out)
    assert code == 0 and stats["articles"] == 1 and stats["classes"]["Suspension"] == 1
    assert stats["classes"]["Agent"] >= 4  # inferred: states and people
    out_file = tmp_path / "dump.nq"
    code, _, _ = runner(["export", "--store", fixture_store_dir, "--format", "nquads", "-o", str(out_file)])
    assert code == 0 and out_file.read_text().count("\n") >= stats["quads"]


def test_load_rdf_into_a_graph(runner, tmp_path):
    store = str(tmp_path / "s")
    ttl = tmp_path / "x.ttl"
    ttl.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    code, out, _ = runner(["load", str(ttl), "--store", store, "--graph", "http://example.org/g"])
    assert code == 0 and "1 quads" in out
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    code, _, err = runner(["load", str(bad), "--store", store])
    assert code == 1 and "not valid turtle" in err


def _store_quads(runner, store: str) -> int:
    code, out, _ = runner(["stats", "--store", store, "--format", "json"])
    return json.loads(out)["quads"] if code == 0 else -1


@pytest.mark.parametrize("kind", ["empty", "binary", "latin1", "huge"])
def test_bad_article_is_one_line_exit_1_and_store_unchanged(runner, tmp_path, kind):
    store = str(tmp_path / "s")
    assert runner(["ingest", str(SEED_ARTICLE), "--store", store])[0] == 0
    before = _store_quads(runner, store)
    bad = tmp_path / f"{kind}.txt"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "binary":
        bad.write_bytes(bytes(range(256)) * 64)
    elif kind == "latin1":
        bad.write_bytes("Published: 2024-01-01\n\nMoscow r\u00e9sum\u00e9 caf\u00e9".encode("latin-1"))
    else:
        with open(bad, "wb") as f:
            f.write(b"Russia and the United States. " * (50 * 1024 * 1024 // 30))
    code, out, err = runner(["ingest", str(bad), "--store", store])
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith("treatygraph: error:")
    assert _store_quads(runner, store) == before


def test_ingest_is_idempotent(runner, tmp_path):
    store = str(tmp_path / "s")
    assert runner(["ingest", str(SEED_ARTICLE), "--store", store])[0] == 0
    first = _store_quads(runner, store)
    copy = tmp_path / "again.txt"
    shutil.copy(SEED_ARTICLE, copy)
    assert runner(["ingest", str(copy), "--store", store])[0] == 0
    assert _store_quads(runner, store) == first


def test_batch_goes_on_after_a_bad_file(runner, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, err = runner(["ingest", str(folder), "--store", str(tmp_path / "s"), "--no-progress"])
    assert code == 1 and "1 articles ingested (1 failed)" in out and "b.txt" in err


def test_fixture_file_exists():
    assert (DATA / "fixture.trig").is_file()


def test_load_refuses_an_entity_expansion_bomb(runner, tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "{"&l" + str(i - 1) + ";" * 1 if i else "lol"}">' for i in range(10))
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [{laughs}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><e:b>&l9;</e:b></rdf:Description></rdf:RDF>'
    )
    code, _, err = runner(["load", str(bomb), "--store", str(tmp_path / "s")])
    assert code == 1 and "entit" in err and len(err.strip().splitlines()) == 1


def test_reading_commands_run_beside_a_read_only_server_and_not_beside_a_writer(runner, fixture_store_dir):
    from kg.store import Store

    served = Store(fixture_store_dir, read_only=True, exclude_writers=True)  # as a server worker holds it
    try:
        code, out, err = runner(["query", "class-counts", "--store", fixture_store_dir, "--format", "csv"])
        assert code == 0, err
        assert "https://w3id.org/treatygraph/ontology#State" in out
        code, out, err = runner(["stats", "--store", fixture_store_dir])
        assert code == 0, err
        code, _, err = runner(["ingest", str(SEED_ARTICLE), "--store", fixture_store_dir])
        assert code != 0 and "served read-only" in err  # writing is refused while it is served
    finally:
        served.close()
    with Store(fixture_store_dir):  # a writer holds it: reading commands say so, without a traceback
        code, _, err = runner(["query", "class-counts", "--store", fixture_store_dir])
        assert code != 0 and "in use by another process" in err and "Traceback" not in err
