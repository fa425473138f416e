"""Loopback benchmark of the production WSGI servers considered for ``treatygraph serve``.

Builds a small store (3 graphs x 1000 triples), serves it with gunicorn (gthread, 1 worker, N threads,
as ``server.wsgi.serve`` does) and with waitress (N threads), and drives each with C concurrent
keep-alive clients sending a cheap SELECT for a few seconds. Prints requests/s and latencies.

    /work/venv/bin/python bench/bench_wsgi.py [--clients 8] [--seconds 5] [--threads 4]

Traffic goes to 127.0.0.1 only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } LIMIT 10"


def build_store(path: Path) -> None:
    """Fill a store with 3 named graphs of 1000 triples each."""
    from rdflib import Graph, Literal, URIRef

    from kg.store import open_store

    with open_store(path) as store:
        for gi in range(3):
            g = Graph()
            for i in range(1000):
                g.add((URIRef(f"http://example.org/s{gi}-{i}"), URIRef("http://example.org/p"), Literal(i)))
            store.replace_graph(f"http://example.org/g{gi}", g)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, timeout: float = 30.0) -> None:
    """Wait until the server answers a bare GET /sparql."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/sparql")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def drive(port: int, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """Run ``clients`` keep-alive clients for ``seconds``; return (ok count, latencies, errors)."""
    path = "/sparql?" + urllib.parse.urlencode({"query": QUERY})
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    raise OSError(resp.status)
                mine.append(time.perf_counter() - t0)
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), latencies, errors[0]


def server_command(kind: str, store: Path, port: int, threads: int) -> list[str]:
    """The command that starts one server kind."""
    if kind == "gunicorn":
        return [sys.executable, "-m", "server.wsgi", "--store", str(store), "--port", str(port),
                "--threads", str(threads), "--log-level", "warning"]  # fmt: skip
    return [sys.executable, __file__, "--serve-waitress", str(store), str(port), str(threads)]


def serve_waitress(store: str, port: int, threads: int) -> None:
    """Serve the app with waitress (for comparison only)."""
    import waitress

    from server import create_app

    waitress.serve(create_app({"store": store}), host="127.0.0.1", port=port, threads=threads, _quiet=True)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--serve-waitress", nargs=3, metavar=("STORE", "PORT", "THREADS"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.serve_waitress:
        serve_waitress(args.serve_waitress[0], int(args.serve_waitress[1]), int(args.serve_waitress[2]))
        return
    print(f"reproduce: {sys.executable} bench/bench_wsgi.py --clients {args.clients} "
          f"--seconds {args.seconds:g} --threads {args.threads}")  # fmt: skip
    print(f"query: {QUERY}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        build_store(store)
        for kind in ("gunicorn", "waitress"):
            port = free_port()
            proc = subprocess.Popen(
                server_command(kind, store, port, args.threads), cwd=ROOT, stderr=subprocess.DEVNULL
            )
            try:
                wait_ready(port)
                drive(port, args.clients, 1.0)  # warm-up
                n, lat, errors = drive(port, args.clients, args.seconds)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            lat.sort()
            p50 = statistics.median(lat) * 1000 if lat else float("nan")
            p99 = lat[int(len(lat) * 0.99) - 1] * 1000 if lat else float("nan")
            print(
                f"{kind:9s} threads={args.threads} clients={args.clients}: {n / args.seconds:7.0f} req/s  "
                f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  errors {errors}"
            )


if __name__ == "__main__":
    main()
