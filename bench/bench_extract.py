"""Extraction throughput: articles per second and peak memory over a batch of synthetic articles.

Reproduce: ``cd /work/main && /work/venv/bin/python bench/bench_extract.py --articles 300``.
The articles are built from the test articles in ``tests/data/articles`` and the bundled corpus,
shuffled sentence by sentence (seeded), each about 300 words.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's kg, not the installed one (a worktree of an older commit)

from kg.article import parse_article, read_article  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.rdf import to_graph  # noqa: E402
from kg.reference import load_reference  # noqa: E402


def _sentences() -> list[str]:
    out: list[str] = []
    for f in sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")) + sorted(
        (ROOT / "kg" / "corpus").glob("*.txt")
    ):
        art = read_article(f, max_bytes=10**7)
        out += [s.strip() + "." for s in art.body.replace("\n", " ").split(". ") if len(s.split()) > 4]
    return out


def synthetic(n: int, words: int = 300, seed: int = 7) -> list[bytes]:
    """``n`` articles of about ``words`` words, with a header block."""
    rng = random.Random(seed)
    pool = _sentences()
    docs = []
    for i in range(n):
        body: list[str] = []
        while sum(len(s.split()) for s in body) < words:
            body.append(rng.choice(pool))
        published = f"20{10 + i % 14:02d}-0{1 + i % 9}-1{i % 9}"
        head = f"Published: {published}\nSource: Bench Wire\nTitle: Bench article {i}\n\n"
        docs.append((head + " ".join(body) + "\n").encode())
    return docs


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rdf", action="store_true", help="also build the RDF graph of each article")
    a = ap.parse_args()
    reference = load_reference()
    docs = synthetic(a.articles)
    extract(parse_article(docs[0], name="warm.txt", max_bytes=10**7), reference)  # build the gazetteer once
    t0 = time.perf_counter()
    events = 0
    for i, data in enumerate(docs):
        ex = extract(parse_article(data, name=f"a{i}.txt", max_bytes=10**7), reference)
        events += len(ex.events)
        if a.rdf:
            to_graph(ex)
    secs = time.perf_counter() - t0
    tracemalloc.start()  # a second, traced pass for the peak (tracing slows the run down)
    for i, data in enumerate(docs[:50]):
        ex = extract(parse_article(data, name=f"a{i}.txt", max_bytes=10**7), reference)
        if a.rdf:
            to_graph(ex)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(docs)} articles (~300 words) in {secs:.2f} s: {len(docs) / secs:.1f} articles/s; "
        f"{events} events; peak traced memory per article batch {peak / 1e6:.1f} MB; max RSS {rss:.0f} MB; "
        f"rdf={a.rdf}"
    )
    print(
        "reproduce: cd /work/main && /work/venv/bin/python bench/bench_extract.py --articles "
        f"{a.articles}{' --rdf' if a.rdf else ''}"
    )


if __name__ == "__main__":
    main()
