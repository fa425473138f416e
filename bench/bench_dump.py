"""Dump throughput: the whole store written by ``kg.export.write_dump`` (what ``/dump.<ext>`` and
``treatygraph export`` run) in N-Quads, TriG, Turtle and compact JSON-LD, and through the server's
streaming path (``server.dumps.iter_dump`` with gzip) for N-Quads and JSON-LD.

Each measurement runs in a fresh child process on the store opened read-only and writes into a byte
counter (no disk); prints per format the median seconds, quads per second, output MB and the child's
peak RSS (JSON-LD holds one named graph at a time, so its memory follows the largest graph).

    /work/venv/bin/python bench/bench_dump.py --data bench/data/300k.nq [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, ensure_data, ensure_store, median, print_notes  # noqa: E402

CASES = ("nquads", "trig", "turtle", "jsonld", "nquads+gzip", "jsonld+gzip")


class Counter:
    """A binary sink that only counts what is written to it."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush."""


def measure(store_dir: Path, case: str) -> dict[str, float]:
    """One dump of the store in ``case`` (a format name, ``+gzip``: the server's streaming path)."""
    from kg.export import write_dump
    from kg.formats import get_format
    from kg.store import Store

    name, _, gzip = case.partition("+")
    fmt = get_format(name)
    context = "http://127.0.0.1:8080/context.jsonld" if name == "jsonld" else None
    with Store(store_dir, read_only=True) as store:
        quads = len(store)
        started = time.perf_counter()
        if gzip:
            from server.dumps import gzip_chunks, iter_dump

            size = sum(len(c) for c in gzip_chunks(iter_dump(store, fmt, context=context)))
        else:
            sink = Counter()
            write_dump(store, fmt, sink, context=context)  # type: ignore[arg-type]
            size = sink.bytes
        took = time.perf_counter() - started
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": took, "quads": quads, "bytes": size, "rss_mb": rss_kb / 1024}


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "300k.nq")
    parser.add_argument("--triples", type=int, default=300_000, help="size to generate if --data is missing")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cases", default=",".join(CASES), help=f"comma-separated subset of {', '.join(CASES)}"
    )
    parser.add_argument("--child", nargs=2, metavar=("STORE", "CASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), args.child[1])))
        return
    print_notes(f"{sys.executable} bench/bench_dump.py --data {args.data} --repeat {args.repeat}")
    data = ensure_data(args.data, args.triples)
    store_dir = ensure_store(data)
    from kg.namespaces import GRAPH_BASE
    from kg.store import Store

    with Store(store_dir, read_only=True) as store:
        names = store.graph_names()
        quads = len(store)
    articles = sum(1 for n in names if n.startswith(GRAPH_BASE + "article/"))
    print(f"\ndata: {data}: {quads:,} quads, {len(names)} named graphs ({articles} articles)\n")
    print("| dump | seconds (median) | quads/s | output MB | MB/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for case in args.cases.split(","):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(store_dir), case],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        took = median([r["seconds"] for r in runs])
        quads, size = runs[0]["quads"], runs[0]["bytes"] / 1e6
        rss = max(r["rss_mb"] for r in runs)
        print(
            f"| {case} | {took:.2f} | {quads / took:,.0f} | {size:.1f} | {size / took:.1f} | {rss:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
