"""Crash safety: ``treatygraph ingest`` killed with SIGKILL in the middle of a batch leaves a store that
opens, in which every article graph is either whole (as many triples as a clean ingest gives) or
absent; running the batch again completes it.

``TREATYGRAPH_CRASH_ARTICLES`` sets the batch size (default 300).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.config import load_settings
from kg.ingest import ensure_setup, ingest_paths
from kg.store import open_store
from tests.hardening.conftest import ROOT, article_batch

ARTICLE_GRAPHS = "https://w3id.org/treatygraph/graph/article/"


def ingest_command(batch: Path, store_dir: Path) -> list[str]:
    """The CLI command that ingests ``batch`` into ``store_dir``."""
    return [sys.executable, "-m", "kg.cli", "ingest", str(batch), "--store", str(store_dir), "--no-progress"]


def clean_env() -> dict[str, str]:
    """The environment without TREATYGRAPH_* settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}


def store_version(store_dir: Path) -> int:
    """The store's write counter, read from outside the process that holds the store."""
    try:
        return int((store_dir / "VERSION").read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def article_counts(store) -> dict[str, int]:
    """Triples per article graph."""
    return {g: store.count(g) for g in store.graph_names() if g.startswith(ARTICLE_GRAPHS)}


@pytest.mark.slow
def test_kill_9_during_ingest_leaves_whole_or_absent_articles(tmp_path: Path) -> None:
    count = int(os.environ.get("TREATYGRAPH_CRASH_ARTICLES", "300"))
    batch = tmp_path / "batch"
    article_batch(batch, count)
    settings = load_settings({"store": str(tmp_path / "unused")}, environ={})
    with open_store(None) as clean:
        ensure_setup(clean, settings)
        setup_writes = clean.version
        summary = ingest_paths(clean, [batch], settings)
        expected = {r.graph: r.triples for r in summary.ok}
    assert len(expected) == count and all(n > 0 for n in expected.values())

    store_dir = tmp_path / "store"
    proc = subprocess.Popen(
        ingest_command(batch, store_dir),
        cwd=ROOT,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    target = setup_writes + count // 3  # one write per article after the set-up
    deadline = time.monotonic() + 120
    while store_version(store_dir) < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    proc.kill()
    proc.wait()
    assert proc.returncode == -9

    with open_store(store_dir) as store:
        found = article_counts(store)
    assert 0 < len(found) < count, f"{len(found)} of {count} articles present after the kill"
    partial = {g: (n, expected.get(g)) for g, n in found.items() if n != expected.get(g)}
    assert not partial, f"article graphs neither whole nor absent: {partial}"

    rerun = subprocess.run(
        ingest_command(batch, store_dir), cwd=ROOT, env=clean_env(), capture_output=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr.decode(errors="replace")
    with open_store(store_dir) as store:
        assert article_counts(store) == expected
