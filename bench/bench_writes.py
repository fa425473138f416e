"""The cost of one graph write with the inferences kept in step (kg.ingest.Touched, kg.reason rules):
rewriting one article graph of the generated data (as a Graph Store PUT or a re-ingest does) with the
inferences about the touched IRIs updated in place ("incremental"), with the whole inferences graph
recomputed ("full"), and with no inferences at all ("none"), on an in-memory store holding ``--data``.

    /work/venv/bin/python bench/bench_writes.py [--data bench/data/100k.nq] [--graphs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from bench.common import ROOT, ensure_data, print_notes  # noqa: E402
from kg import iris  # noqa: E402
from kg.ingest import Touched, inferences_rewrite, ontology_graph, refresh_inferences  # noqa: E402
from kg.store import Store  # noqa: E402


def build(data: Path) -> Store:
    """An in-memory store with the data, the ontology and the inferences, the default graph in step."""
    store = Store()
    store._ox.bulk_extend(ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS))
    store._bulk_copy_to_default(None)
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_graph())
    started = time.perf_counter()
    refresh_inferences(store)
    print(
        f"{len(store)} quads; a full recomputation of the inferences: {time.perf_counter() - started:.2f} s"
    )
    return store


def write(store: Store, graph: str, triples: list, mode: str) -> float:
    """Seconds for one rewrite of ``graph`` in ``mode`` (incremental, full or none)."""
    started = time.perf_counter()
    if mode == "incremental":
        touched = Touched()
        touched.before_write(store, graph, triples)
        store.replace_graph(graph, triples, also=[inferences_rewrite(touched.subjects)])
    elif mode == "full":
        store.replace_graph(graph, triples, also=[inferences_rewrite()])
    else:
        store.replace_graph(graph, triples)
    return time.perf_counter() - started


def main() -> None:
    """Rewrite ``--graphs`` article graphs in each mode and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "100k.nq")
    parser.add_argument("--triples", type=int, default=100_000, help="size to generate if --data is missing")
    parser.add_argument("--graphs", type=int, default=5)
    args = parser.parse_args()
    print_notes(f"/work/venv/bin/python bench/bench_writes.py --data {args.data} --graphs {args.graphs}")
    store = build(ensure_data(args.data, args.triples))
    graphs = [g for g in store.graph_names() if "/article/" in g][: args.graphs]
    times: dict[str, list[float]] = {"incremental": [], "full": [], "none": []}
    for graph in graphs:
        triples = [
            (q.subject, q.predicate, q.object)
            for q in store._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        ]
        for mode in times:  # each mode rewrites the graph minus its last triple, then puts it back
            times[mode].append(write(store, graph, triples[:-1], mode))
            write(store, graph, triples, mode)
    print("| mode | median ms | max ms | writes |")
    print("|---|---:|---:|---:|")
    for mode, values in times.items():
        print(
            f"| {mode} | {statistics.median(values) * 1000:.0f} | {max(values) * 1000:.0f} | {len(values)} |"
        )


if __name__ == "__main__":
    main()
