"""Fixtures of the benchmark tests: a small generated dataset, and a store holding it."""

from __future__ import annotations

import io

import pytest

from bench.generate import write_nquads
from kg.formats import get_format
from kg.store import Store

SIZE = 12_000


@pytest.fixture(scope="module")
def size() -> int:
    """The generated dataset's target size (triples)."""
    return SIZE


@pytest.fixture(scope="module")
def generated() -> str:
    """A small generated dataset as N-Quads text."""
    out = io.StringIO()
    write_nquads(SIZE, out, seed=7)
    return out.getvalue()


@pytest.fixture(scope="module")
def bench_store(generated: str, tmp_path_factory: pytest.TempPathFactory):
    """An in-memory store loaded with the generated dataset."""
    path = tmp_path_factory.mktemp("gen") / "small.nq"
    path.write_text(generated, encoding="utf-8")
    store = Store(None)
    store.load_file(path, get_format("nquads"))
    yield store
    store.close()
