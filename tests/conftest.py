"""Shared fixtures, named after the configuration they build (HOUSE-STYLE "Tests")."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import load_settings
from kg.formats import get_format
from kg.store import Store

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_ARTICLE = Path(__file__).resolve().parents[1] / "kg" / "corpus" / "00-seed.txt"


@pytest.fixture
def settings(tmp_path: Path):
    """Settings with a fresh store directory under tmp_path."""
    return load_settings({"store": str(tmp_path / "store")}, environ={})


@pytest.fixture
def empty_store(tmp_path: Path):
    """A fresh on-disk store, closed after the test."""
    store = Store(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture
def store_with_fixture_graph(tmp_path: Path):
    """An on-disk store holding the ontology, tests/data/fixture.trig and the inferences."""
    from kg import iris
    from kg.ingest import ontology_graph, refresh_inferences

    store = Store(tmp_path / "fixture-store")
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_graph())
    store.load_file(DATA / "fixture.trig", get_format("trig"), bulk=False)
    refresh_inferences(store)
    yield store
    store.close()


@pytest.fixture
def runner(monkeypatch, capsys):
    """Run the CLI in-process: ``runner(["query", ...])`` -> (exit code, stdout, stderr)."""
    from kg.cli import main

    monkeypatch.delenv("TREATYGRAPH_STORE", raising=False)

    def run(argv: list[str]) -> tuple[int, str, str]:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        return code, out, err

    return run
