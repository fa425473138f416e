"""Every named query at one size: median and p95 latency through the library (``Store.execute``) and over
HTTP (``treatygraph serve``, answer cache bypassed with ``Cache-Control: no-cache``), against the native
``oxigraph serve-read-only --union-default-graph`` on the same data with the same query text.

Parameters come from ``bench.common.PARAMS`` (actor=state/russia, treaty=treaty/new-start, ...), or from
``--param NAME=VALUE`` (repeatable: e.g. an actor with a typical number of events instead of the hub). Four
columns: the library with the named query and its substitutions (what ``treatygraph query NAME`` runs),
the library with the values written into the text, and the two servers with that same inlined text.
Each measurement repeats up to ``--repeat`` times within a ``--budget`` of seconds (at least once, after
one warm-up run when that is quick); a run over ``--timeout`` seconds is reported as a timeout.

    /work/venv/bin/python bench/bench_queries.py --data bench/data/1m.nq [--repeat 10] [--budget 20]
        [--only timeline,events] [--param actor=person/lena-narussen]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    Server,
    ensure_data,
    ensure_store,
    median,
    named_queries,
    oxigraph_view,
    percentile,
    post_query,
    print_notes,
    running,
    start_oxigraph,
    start_treatygraph,
    wait_answering,
)
from kg.errors import ParameterError  # noqa: E402
from kg.queries import parse_bindings  # noqa: E402

COLUMNS = ("library", "library inlined", "treatygraph HTTP", "oxigraph HTTP")


def repeat(run: Callable[[], bool], repeat_n: int, budget: float) -> dict:
    """Time ``run`` (True = ok) up to ``repeat_n`` times within ``budget`` seconds."""
    t0 = time.perf_counter()
    ok = run()
    first = time.perf_counter() - t0
    if not ok:
        return {"times": [], "failed": True}
    times = [] if first < 2.0 else [first]  # a quick first run is a warm-up
    spent = first
    while len(times) < repeat_n and (spent < budget or not times):
        t0 = time.perf_counter()
        if not run():
            return {"times": times, "failed": True}
        took = time.perf_counter() - t0
        times.append(took)
        spent += took
    return {"times": times, "failed": False}


def child(
    store_dir: str, name: str, mode: str, repeat_n: int, budget: float, timeout: float, overrides: dict
) -> None:
    """Library measurement of one query in this (child) process; prints JSON. A timed-out evaluation
    cannot be stopped: the child prints what it has and exits at once, which ends it."""
    from kg.errors import QueryTimeout
    from kg.store import Store

    query = next(q for q in named_queries(overrides) if q[0] == name)
    text, values = (query[1], query[2]) if mode == "library" else (query[3], {})
    store = Store(store_dir, read_only=True)
    times: list[float] = []

    def run() -> bool:
        t0 = time.perf_counter()
        store.execute(text, substitutions=values, timeout=timeout)
        times.append(time.perf_counter() - t0)
        return True

    try:
        result = repeat(run, repeat_n, budget)
    except QueryTimeout:
        result = {"times": times[1:] if times and times[0] < 2.0 else times, "failed": True}
    print(json.dumps(result), flush=True)
    os._exit(0)


def library(store_dir: Path, name: str, mode: str, args: argparse.Namespace) -> dict:
    """Run :func:`child` in a subprocess, killed after the time limit (an evaluation cannot be stopped)."""
    argv = [
        sys.executable,
        __file__,
        "--child",
        str(store_dir),
        name,
        mode,
        str(args.repeat),
        str(args.budget),
        str(args.timeout),
        json.dumps(args.param),
    ]
    limit = args.timeout * (args.repeat + 2) + args.budget
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=limit, check=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"times": [], "failed": True}
    return json.loads(done.stdout.strip().splitlines()[-1])


def over_http(server: Server, text: str, args: argparse.Namespace) -> dict:
    """Measure one query over HTTP (a non-200 answer, such as a timeout's 503, counts as a failure)."""
    construct = re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", text, re.MULTILINE | re.IGNORECASE)
    headers = {"Accept": "application/n-triples" if construct else "application/sparql-results+json"}
    headers["Cache-Control"] = "no-cache"

    def run() -> bool:
        try:
            status, _ = post_query(server.port, server.path, text, timeout=args.timeout + 30, headers=headers)
        except OSError:
            status = 0
        return status == 200

    result = repeat(run, args.repeat, args.budget)
    if result["failed"]:
        wait_answering(server, timeout=180)  # a timed-out treatygraph worker is recycled
    return result


def cell(result: dict | None) -> str:
    """``median / p95`` in ms, or why there is none."""
    if result is None:
        return "skipped"
    times = result["times"]
    if result["failed"] and not times:
        return "timeout"
    fmt = (lambda s: f"{s * 1000:.1f}") if median(times) < 10 else (lambda s: f"{s * 1000:.0f}")
    return f"{fmt(median(times))} / {fmt(percentile(times, 95))} (n={len(times)})"


def main() -> None:
    """Run the benchmark and print one table (ms: median / p95)."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        store_dir, name, mode, repeat_n, budget, timeout, overrides = sys.argv[2:9]
        child(store_dir, name, mode, int(repeat_n), float(budget), float(timeout), json.loads(overrides))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "100k.nq")
    parser.add_argument("--triples", type=int, default=100_000, help="size to generate if --data is missing")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query and column")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run counts as failed")
    parser.add_argument("--only", help="comma-separated query names")
    parser.add_argument("--columns", default=",".join(COLUMNS), help="comma-separated columns to measure")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="instead of PARAMS' value"
    )
    args = parser.parse_args()
    try:
        args.param = parse_bindings(args.param)
    except ParameterError as exc:
        parser.error(str(exc))
    print_notes(
        f"{sys.executable} bench/bench_queries.py --data {args.data} --repeat {args.repeat} "
        f"--budget {args.budget:g} --timeout {args.timeout:g}"
        + (f" --only {args.only}" if args.only else "")
        + (f" --columns '{args.columns}'" if args.columns != ",".join(COLUMNS) else "")
        + "".join(f" --param {k}={v}" for k, v in args.param.items())
    )
    data = ensure_data(args.data, args.triples)
    tg_dir = ensure_store(data)
    ox_dir, union = oxigraph_view(tg_dir)
    wanted = set(args.only.split(",")) if args.only else None
    queries = [q for q in named_queries(args.param) if wanted is None or q[0] in wanted]
    columns = [c for c in COLUMNS if c in args.columns.split(",")]
    table: dict[str, dict[str, dict]] = {q[0]: {} for q in queries}
    for column in columns:
        if column.startswith("library"):
            mode = "library" if column == "library" else "inlined"
            for name, *_ in queries:
                table[name][column] = library(tg_dir, name, mode, args)
                print(f"  {name} {column}: {cell(table[name][column])}", flush=True)
            continue
        if column.startswith("oxigraph"):
            server = start_oxigraph(ox_dir, timeout_s=args.timeout, union=union)
        else:
            server = start_treatygraph(tg_dir, query_timeout=args.timeout)
        with running(server):
            for name, _, _, inlined in queries:
                table[name][column] = over_http(server, inlined, args)
                print(f"  {name} {column}: {cell(table[name][column])}", flush=True)
    print(
        f"data {data}; oxigraph serves {ox_dir}"
        + (
            " with --union-default-graph"
            if union
            else " (the materialised default graph: the same database treatygraph serves)"
        )
    )
    print("ms, median / p95 (n = timed runs)")
    print("| query | " + " | ".join(columns) + " | HTTP ratio tg/ox |")
    print("|---|" + "---:|" * (len(columns) + 1))
    for name, row in table.items():
        tg, ox = row.get("treatygraph HTTP"), row.get("oxigraph HTTP")
        ratio = "n/a"
        if tg and ox and tg["times"] and ox["times"]:
            ratio = f"{median(ox['times']) / median(tg['times']):.2f}x"
        print(f"| {name} | " + " | ".join(cell(row.get(c)) for c in columns) + f" | {ratio} |")


if __name__ == "__main__":
    main()
