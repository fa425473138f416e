"""Regression floors for the whole extraction, scored by the shared corpus scorer.

Runs ``../shared/corpus/score.py`` (stdlib only, talks to the command line) on the project's own test
corpus (``tests/data/corpus``: articles written for these tests, with gold in the dev format), on the
shared dev set and on the seed. Floors sit well below the current figures: they catch regressions,
not small drifts (slow; skipped when the shared corpus is not checked out next to the repository).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
SCORE = SHARED / "score.py"
OWN = ROOT / "tests" / "data" / "corpus"
HEADLINE = re.compile(
    r"events F1 (?P<f1>[\d.]+) \(P (?P<p>[\d.]+), R (?P<r>[\d.]+) with dates.*?entities R (?P<ent>[\d.]+); "
    r"claims R (?P<claims>[\d.]+); posts R (?P<posts>[\d.]+); ingest errors (?P<errors>\d+)"
)


def _score(corpus: Path) -> dict[str, float]:
    cli = f"{sys.executable} -m kg.cli"
    run = subprocess.run(
        [sys.executable, str(SCORE), str(corpus), "--cli", cli],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        check=True,
    )
    m = HEADLINE.search(run.stdout.strip().splitlines()[-1])
    assert m, run.stdout[-500:]
    return {k: float(v) for k, v in m.groupdict().items()}


@pytest.mark.slow
@pytest.mark.skipif(not SCORE.exists(), reason="shared corpus scorer not available")
@pytest.mark.parametrize(
    ("corpus", "floors"),
    [
        (OWN, {"f1": 0.85, "p": 0.9, "claims": 0.8, "posts": 0.85, "ent": 0.85}),
        (SHARED / "dev", {"f1": 0.9, "p": 0.9, "claims": 0.85, "posts": 0.8, "ent": 0.9}),
        (SHARED / "seed", {"f1": 0.9, "p": 0.9, "claims": 0.9, "posts": 0.9, "ent": 0.9}),
    ],
    ids=["own", "dev", "seed"],
)
def test_extraction_stays_above_its_floors(corpus: Path, floors: dict[str, float]) -> None:
    if not corpus.exists():
        pytest.skip(f"{corpus} not available")
    got = _score(corpus)
    assert got["errors"] == 0
    low = {k: (got[k], v) for k, v in floors.items() if got[k] < v}
    assert not low, f"below floor (got, floor): {low}"


def test_own_corpus_gold_is_consistent() -> None:
    """Every gold file names its article, uses exact evidence and alias substrings and known keys."""
    import json

    golds = sorted((OWN / "gold").glob("*.json"))
    assert len(golds) >= 8
    for gf in golds:
        gold = json.loads(gf.read_text())
        text = (OWN / "articles" / f"{gf.stem}.txt").read_text()
        keys = {e["key"] for e in gold["entities"]}
        assert gold["article"] == gf.stem and text.startswith(f"Published: {gold['published']}\n")
        for e in gold["entities"]:
            assert all(a in text for a in e["aliases"]), (gf.stem, e["key"])
        for ev in gold["events"]:
            assert ev["evidence"] in text, (gf.stem, ev["key"])
            assert set(ev["agents"] + ev["places"] + ev["target"]) <= keys
        for c in gold["claims"]:
            assert c["evidence"] in text and c["event"] in {e["key"] for e in gold["events"]}
