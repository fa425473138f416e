"""``treatygraph query`` applies ``result_row_cap`` and says on stderr when it cut the output."""

from __future__ import annotations

import io

import pytest

QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"


@pytest.fixture
def fixture_store_dir(store_with_fixture_graph):
    path = store_with_fixture_graph.path
    store_with_fixture_graph.close()
    return str(path)


def run_query(runner, monkeypatch, store_dir: str, query: str, fmt: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(query))
    return runner(["query", "-", "--store", store_dir, "--format", fmt])


def test_a_truncated_answer_is_reported_on_stderr(runner, monkeypatch, fixture_store_dir):
    monkeypatch.setenv("TREATYGRAPH_RESULT_ROW_CAP", "3")
    code, out, err = run_query(runner, monkeypatch, fixture_store_dir, QUERY, "tsv")
    assert code == 0
    assert len(out.splitlines()) == 4  # the header and three rows
    assert "truncated to the first 3 solutions" in err
    code, out, err = run_query(runner, monkeypatch, fixture_store_dir, CONSTRUCT, "ntriples")
    assert code == 0 and len(out.splitlines()) == 3 and "3 triples" in err


def test_an_answer_under_the_cap_says_nothing(runner, monkeypatch, fixture_store_dir):
    monkeypatch.setenv("TREATYGRAPH_RESULT_ROW_CAP", "3")
    code, out, err = run_query(runner, monkeypatch, fixture_store_dir, QUERY + " LIMIT 3", "table")
    assert code == 0 and out.rstrip().endswith("(3 rows)") and "truncated" not in err
    monkeypatch.setenv("TREATYGRAPH_RESULT_ROW_CAP", "0")
    code, out, err = run_query(runner, monkeypatch, fixture_store_dir, QUERY, "tsv")
    assert code == 0 and len(out.splitlines()) > 4 and "truncated" not in err
