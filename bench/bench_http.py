"""Bounded loopback load against ``treatygraph serve`` and ``oxigraph serve-read-only`` on the same data.

Two queries: a point lookup (``SELECT ?p ?o WHERE { <event> ?p ?o }``) and an aggregation (instances
per type). treatygraph is measured twice: with every request evaluated afresh (``Cache-Control:
no-cache``: the answer cache is bypassed) and with a warm answer cache. Load comes from wrk (POST bodies
through a Lua script) when it is installed, else from a Python keep-alive client (threads).

A last row per query, ``pyoxigraph in-process``, is the ceiling of any Python server built on the
library: the same query evaluated on the same database by pyoxigraph itself, in as many processes as
the largest worker count, two threads each, answers serialised to JSON, with no HTTP at all.

    /work/venv/bin/python bench/bench_http.py [--data bench/data/100k.nq] [--seconds 10] [--connections 8]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    ROOT,
    VARIANTS,
    LoadResult,
    Server,
    drive,
    ensure_data,
    ensure_store,
    first_event_iri,
    median,
    oxigraph_view,
    percentile,
    print_notes,
    running,
    start_oxigraph,
    start_treatygraph,
    start_variant,
)

AGGREGATION = "SELECT ?type (COUNT(*) AS ?n) WHERE { ?e a ?type } GROUP BY ?type"
WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/sparql-query"
wrk.headers["Accept"] = "application/sparql-results+json"
{extra}
local seen, bad, limit = 0, 0, {limit}
function response(status, headers, body)
  seen = seen + 1
  if status ~= 200 then bad = bad + 1 end
  if seen >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, '
    .. '"p99_us": %d}}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def lua_string(text: str) -> str:
    """A Lua string literal."""
    return '"' + text.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"').replace("\\n", "\\\\n") + '"'


def wrk(
    server: Server,
    query: str,
    *,
    seconds: float,
    connections: int,
    max_requests: int,
    headers: dict[str, str],
) -> dict[str, float]:
    """Run wrk (2 threads) and return requests/s, p50 and p99 in ms and the error count."""
    extra = "\\n".join(f'wrk.headers["{k}"] = {lua_string(v)}' for k, v in headers.items())
    script = WRK_SCRIPT.format(body=lua_string(query), extra=extra, limit=max(1, max_requests // 2))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    argv = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "30s",
        "-s",
        f.name,
        f"http://127.0.0.1:{server.port}{server.path}",
    ]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout[-500:]} {done.stderr[-1000:]}")
    out = done.stdout
    Path(f.name).unlink()
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    r = json.loads(line.removeprefix("RESULT "))
    return {
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "p50": r["p50_us"] / 1000,
        "p99": r["p99_us"] / 1000,
        "errors": r["errors"],
        "requests": r["requests"],
    }


def python_load(
    server: Server,
    query: str,
    *,
    seconds: float,
    connections: int,
    max_requests: int,
    headers: dict[str, str],
) -> dict[str, float]:
    """The same measurement with the Python keep-alive client (when wrk is missing)."""
    r: LoadResult = drive(
        server.port,
        server.path,
        query,
        connections=connections,
        seconds=seconds,
        max_requests=max_requests,
        headers=headers,
    )
    return {
        "rps": r.rps,
        "p50": median(r.latencies) * 1000,
        "p99": percentile(r.latencies, 99) * 1000,
        "errors": r.errors,
        "requests": r.requests,
    }


def _in_process_worker(location: str, query: str, threads: int, seconds: float, out: Any) -> None:
    import threading
    import time

    import pyoxigraph as ox

    store = ox.Store.read_only(location)
    done = [0] * threads
    end = time.monotonic() + seconds

    def run(i: int) -> None:
        while time.monotonic() < end:
            store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
            done[i] += 1

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put(sum(done))


def in_process(location: Path, query: str, *, processes: int, seconds: float, threads: int = 2) -> float:
    """Queries per second of pyoxigraph itself on ``location`` (read-only), no HTTP: the library's
    ceiling for any server built on it."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    args = (str(location), query, threads)
    ctx_procs = [ctx.Process(target=_in_process_worker, args=(*args, 1.0, out)) for _ in range(processes)]
    for proc in ctx_procs:  # warm-up
        proc.start()
    for proc in ctx_procs:
        proc.join()
    [out.get() for _ in ctx_procs]
    procs = [ctx.Process(target=_in_process_worker, args=(*args, seconds, out)) for _ in range(processes)]
    for proc in procs:
        proc.start()
    total = sum(out.get() for _ in procs)
    for proc in procs:
        proc.join()
    return total / seconds


def measure(
    server: Server, query: str, args: argparse.Namespace, headers: dict[str, str]
) -> dict[str, float]:
    """Warm up for 1 s, then measure for ``args.seconds``."""
    load = wrk if args.loader == "wrk" else python_load
    opts = {"connections": args.connections, "max_requests": args.max_requests, "headers": headers}
    load(server, query, seconds=1, **opts)
    return load(server, query, seconds=args.seconds, **opts)


def main() -> None:
    """Run the benchmark and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "100k.nq")
    parser.add_argument("--triples", type=int, default=100_000, help="size to generate if --data is missing")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument(
        "--threads", type=int, default=4, help="treatygraph server threads (the default setting: 4)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[2],
        help="treatygraph worker processes; several values measure each in the same run (the default: 2)",
    )
    parser.add_argument(
        "--variants",
        nargs="*",
        default=[],
        metavar="A,B",
        help=f"also measure what-if server variants (combinations of: {', '.join(VARIANTS)})",
    )
    parser.add_argument(
        "--loader", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python"
    )
    args = parser.parse_args()
    variants = (" --variants " + " ".join(args.variants)) if args.variants else ""
    print_notes(
        f"{sys.executable} bench/bench_http.py --data {args.data} --seconds {args.seconds:g} "
        f"--connections {args.connections} --threads {args.threads} "
        f"--workers {' '.join(map(str, args.workers))} --loader {args.loader}{variants}"
    )
    data = ensure_data(args.data, args.triples)
    tg_dir = ensure_store(data)
    ox_dir, union = oxigraph_view(tg_dir)
    queries = {
        "point lookup": f"SELECT ?p ?o WHERE {{ <{first_event_iri(data)}> ?p ?o }}",
        "aggregation": AGGREGATION,
    }
    rows: dict[tuple[str, str], dict[str, float]] = {}
    ox_runs: dict[str, list[float]] = {name: [] for name in queries}

    def oxigraph_pass(label: str) -> None:
        with running(start_oxigraph(ox_dir, union=union, timeout_s=0)) as ox:
            for name, query in queries.items():
                rows[(name, label)] = measure(ox, query, args, {})
                ox_runs[name].append(rows[(name, label)]["rps"])

    oxigraph_pass("oxigraph")
    servers = [
        (
            f"treatygraph, {n} worker{'s' if n > 1 else ''}",
            lambda n=n: start_treatygraph(tg_dir, threads=args.threads, env={"TREATYGRAPH_WORKERS": str(n)}),
        )
        for n in args.workers
    ]
    for combo in args.variants:
        names = combo.split(",")
        unknown = set(names) - set(VARIANTS)
        if unknown:
            parser.error(f"unknown variant(s) {', '.join(sorted(unknown))}; known: {', '.join(VARIANTS)}")
        servers.append(
            (
                f"treatygraph +{'+'.join(names)}",
                lambda n=names: start_variant(tg_dir, n, threads=args.threads),
            )
        )
    for label, start in servers:
        with running(start()) as tg:
            for name, query in queries.items():
                rows[(name, label)] = measure(tg, query, args, {"Cache-Control": "no-cache"})
                rows[(name, label + ", warm cache")] = measure(tg, query, args, {})
    oxigraph_pass("oxigraph (again)")
    ceiling = {
        name: in_process(ox_dir, query, processes=max(args.workers), seconds=args.seconds)
        for name, query in queries.items()
    }
    print(f"loader {args.loader}, {args.connections} connections, {args.seconds:g} s per run, data {data}")
    print(f"oxigraph serves {ox_dir}" + (" with --union-default-graph" if union else " (the same database)"))
    print("ratios against the mean of the two oxigraph runs")
    print("| query | server | req/s | p50 ms | p99 ms | errors | ratio to oxigraph |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in queries:
        baseline = sum(ox_runs[name]) / len(ox_runs[name])
        for (qname, who), r in rows.items():
            if qname == name:
                figures = f"{r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']:.0f}"
                print(f"| {name} | {who} | {figures} | {r['rps'] / baseline:.2f}x |")
        label = f"pyoxigraph in-process, {max(args.workers)} x 2 threads, no HTTP"
        print(f"| {name} | {label} | {ceiling[name]:.0f} | | | | {ceiling[name] / baseline:.2f}x |")
    for name in queries:
        print(f"query {name}: {queries[name]}")
    for combo in args.variants:
        for v in combo.split(","):
            print(f"variant {v}: {VARIANTS[v]}")


if __name__ == "__main__":
    main()
