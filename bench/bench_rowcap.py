"""The cost of the result-row cap (``result_row_cap``, kg/store/rowcap.py): ``Store.execute`` without a cap
(pyoxigraph serialises the format directly) against the capped path (TSV or N-Triples into a
line-counting sink, then converted natively), on a point lookup and on a query of ``--rows`` rows, for
each format. Data: an in-memory store of ``--rows`` generated subjects, each with a label (a literal with
a newline and a tab), a number, a date and a link to another subject.

    /work/venv/bin/python bench/bench_rowcap.py [--rows 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from kg.store import Store  # noqa: E402

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
POINT = f"SELECT ?p ?o WHERE {{ <{EX}s42> ?p ?o }}"
POINT_GRAPH = f"CONSTRUCT {{ <{EX}s42> ?p ?o }} WHERE {{ <{EX}s42> ?p ?o }}"
ROWS = f"SELECT ?s ?label ?n WHERE {{ ?s <{EX}label> ?label ; <{EX}n> ?n }}"
ROWS_GRAPH = f"CONSTRUCT {{ ?s <{EX}label> ?label }} WHERE {{ ?s <{EX}label> ?label }}"


def build(rows: int) -> Store:
    """An in-memory store with ``rows`` subjects of four triples each, in one named graph."""
    store = Store()
    g = ox.NamedNode(EX + "graph")
    p_label, p_n, p_date, p_link = (ox.NamedNode(EX + x) for x in ("label", "n", "date", "link"))

    def quads():
        for i in range(rows):
            s = ox.NamedNode(f"{EX}s{i}")
            yield ox.Quad(s, p_label, ox.Literal(f"subject {i}\nline two\twith a tab", language="en"), g)
            yield ox.Quad(s, p_n, ox.Literal(str(i * 1.5), datatype=ox.NamedNode(XSD + "decimal")), g)
            yield ox.Quad(s, p_date, ox.Literal("2024-07-09", datatype=ox.NamedNode(XSD + "date")), g)
            yield ox.Quad(s, p_link, ox.NamedNode(f"{EX}s{(i * 7) % rows}"), g)

    store._ox.bulk_extend(quads())
    store._bulk_copy_to_default(g)
    return store


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs after one warm-up."""
    run()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Print the command, the date and one Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"    /work/venv/bin/python bench/bench_rowcap.py --rows {args.rows} --repeat {args.repeat}")
    print(f"    {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, pyoxigraph {ox.__version__}\n")
    store = build(args.rows)
    big = args.rows
    cases = [
        ("point lookup", POINT, ("json", "xml", "csv", "tsv")),
        ("point lookup CONSTRUCT", POINT_GRAPH, ("turtle", "ntriples")),
        (f"{args.rows} rows", ROWS, ("json", "xml", "csv", "tsv")),
        (f"{args.rows} triples", ROWS_GRAPH, ("turtle", "ntriples", "jsonld")),
    ]
    print(f"| query | format | no cap | cap {big} (not reached) | ratio | cap 1000 (reached) |")
    print("|---|---|---|---|---|---|")
    for label, query, formats in cases:
        for fmt in formats:

            def run(cap: int | None, q: str = query, f: str = fmt) -> object:
                return store.execute(q, choose=f, row_cap=cap)

            plain = timed(lambda: run(None), args.repeat)
            capped = timed(lambda: run(big), args.repeat)
            small = timed(lambda: run(1000), args.repeat)
            unit, scale = ("µs", 1e6) if plain < 0.01 else ("ms", 1e3)
            print(
                f"| {label} | {fmt} | {plain * scale:.0f} {unit} | {capped * scale:.0f} {unit} "
                f"| {capped / plain:.2f} | {small * scale:.0f} {unit} |"
            )


if __name__ == "__main__":
    main()
