"""Helpers shared by the benchmarks: servers on loopback ports, a bounded keep-alive load generator,
percentiles, the named queries with benchmark parameters, and the machine/package notes for RESULTS.md.

Every server listens on 127.0.0.1 only and every loop is bounded in time or in count.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_wsgi import free_port  # noqa: E402  (reused: a free loopback port)

VENV_BIN = Path(sys.executable).parent
TREATYGRAPH = str(VENV_BIN / "treatygraph")
OXIGRAPH = str(VENV_BIN / "oxigraph")
RESULTS_JSON = "application/sparql-results+json"

#: Benchmark parameter values for every named query parameter (those a query lacks are ignored).
PARAMS = {
    "actor": "state/russia",
    "treaty": "treaty/new-start",
    "party": "state/russia",
    "date": "2024-07-09",
    "node": "state/russia",
    "resource": "state/russia",
    "q": "rus",
    "speaker": "person/vladimir-putin",
    "in": "state/russia",
    "type": "Suspension",
    "from": "2023",
    "to": "2025-06",
    "base": "https://w3id.org/treatygraph/id/",
}


def named_queries(overrides: dict[str, str] | None = None) -> list[tuple[str, str, dict, str]]:
    """(name, text, substitutions, inlined text) of every named query with the benchmark parameters
    (:data:`PARAMS`, with ``overrides`` in place of some of them).

    ``text`` + ``substitutions`` is what ``Store.execute`` takes (``kg.queries.prepare``); the inlined
    text has the values written in (:func:`inline`), so that the same text runs on any SPARQL engine.
    """
    from kg.queries import iter_named_queries, prepare

    params = {**PARAMS, **(overrides or {})}
    out = []
    for nq in iter_named_queries():
        raw = {p.name: params[p.name] for p in nq.params if p.name in params}
        text, values = prepare(nq, raw)
        out.append((nq.name, text, values, inline(text, {k: v.n3() for k, v in values.items()})))
    return out


def inline(text: str, values: dict[str, str]) -> str:
    """Write bound values into a query: ``?v`` becomes the term in WHERE, ``(term AS ?v)`` in the
    projection, and ``?v`` is dropped from GROUP BY / ORDER BY (a constant groups and orders nothing)."""
    if not values:
        return text
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        raise ValueError("no WHERE clause")
    depth, end = 0, where.end() - 1
    for end in range(where.end() - 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            break
    head, body, tail = text[: where.start()], text[where.start() : end + 1], text[end + 1 :]
    for name, term in values.items():
        var = re.compile(rf"[?$]{re.escape(name)}(?![\w-])")
        select = re.search(r"^\s*SELECT\b", head, re.MULTILINE | re.IGNORECASE)
        projected = f"({term} AS ?{name})" if select else term
        head = var.sub(projected.replace("\\", "\\\\"), head)
        body = var.sub(term.replace("\\", "\\\\"), body)
        tail = var.sub("", tail)
    tail = re.sub(r"\b(GROUP|ORDER)\s+BY\s*(?=\n|$|\b(?:ORDER|LIMIT|OFFSET|HAVING)\b)", "", tail)
    return head + body + tail


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``; NaN if empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    """The median, NaN if empty."""
    return statistics.median(values) if values else float("nan")


# --- servers -----------------------------------------------------------------------------------------
@dataclass
class Server:
    """A server process on a loopback port."""

    name: str
    port: int
    process: subprocess.Popen
    path: str = "/query"
    extra: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        """Stop the process we started (SIGTERM, then SIGKILL after 30 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_answering(server: Server, timeout: float = 120.0) -> None:
    """Poll with ``ASK {}`` until the server answers 200; raise if it exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            status, _ = post_query(server.port, server.path, "ASK {}", timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} on port {server.port} did not start")


def start_treatygraph(
    store: Path,
    *,
    threads: int = 4,
    query_timeout: float = 30.0,
    log: Path | None = None,
    env: dict[str, str] | None = None,
) -> Server:
    """``treatygraph serve --store STORE`` on a free loopback port (settings from the environment)."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}
    environ.update(
        {
            "TREATYGRAPH_THREADS": str(threads),
            "TREATYGRAPH_QUERY_TIMEOUT": str(query_timeout),
            "TREATYGRAPH_LOG_LEVEL": "WARNING",
            **(env or {}),
        }
    )
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    argv = [TREATYGRAPH, "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(argv, cwd=ROOT, env=environ, stdout=out, stderr=out)
    server = Server("treatygraph", port, proc, "/sparql")
    wait_answering(server)
    return server


def start_oxigraph(location: Path, *, timeout_s: float = 30.0, union: bool = True) -> Server:
    """``oxigraph serve-read-only [--union-default-graph] [--timeout-s N]`` on a free loopback port.

    ``timeout_s=0`` leaves the timeout out: with it, Oxigraph 0.5.13 starts a thread per query, and under
    a load test thread creation failed here (EAGAIN), the thread panicked and the server aborted.
    """
    port = free_port()
    argv = [
        OXIGRAPH,
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        *(["--union-default-graph"] if union else []),
        *(["--timeout-s", str(int(timeout_s))] if timeout_s else []),
    ]
    log = open(Path(tempfile.gettempdir()) / f"bench-oxigraph-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(argv, stdout=log, stderr=log)
    server = Server("oxigraph", port, proc, "/query")
    wait_answering(server)
    return server


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    """Stop ``server`` on exit."""
    try:
        yield server
    finally:
        server.stop()


# --- HTTP --------------------------------------------------------------------------------------------
def post_query(
    port: int,
    path: str,
    query: str,
    *,
    timeout: float = 600.0,
    conn: http.client.HTTPConnection | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """POST a query (``application/sparql-query``) and return (status, body)."""
    own = conn is None
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(
            "POST",
            path,
            body=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON, **(headers or {})},
        )
        resp = c.getresponse()
        return resp.status, resp.read()
    finally:
        if own:
            c.close()


@dataclass
class LoadResult:
    """What a bounded load run measured."""

    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        """Successful requests per second."""
        return self.requests / self.seconds if self.seconds else float("nan")


def drive(
    port: int,
    path: str,
    query: str,
    *,
    connections: int = 8,
    seconds: float = 10.0,
    max_requests: int = 200_000,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """``connections`` keep-alive clients POSTing ``query`` for ``seconds`` (at most ``max_requests``)."""
    body = query.encode()
    hdrs = {"Content-Type": "application/sparql-query", "Accept": RESULTS_JSON, **(headers or {})}
    lock = threading.Lock()
    latencies: list[float] = []
    counters = {"sent": 0, "errors": 0}
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < stop:
            with lock:
                if counters["sent"] >= max_requests:
                    break
                counters["sent"] += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=hdrs)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    raise OSError(f"status {resp.status}")
                mine.append(time.perf_counter() - t0)
            except (OSError, http.client.HTTPException):
                with lock:
                    counters["errors"] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(len(latencies), counters["errors"], time.perf_counter() - started, latencies)


# --- processes and notes -----------------------------------------------------------------------------
@dataclass
class Measured:
    """A finished command: wall seconds, peak RSS (KiB), CPU use (percent of one core), its output."""

    seconds: float
    rss_kib: int
    cpu_percent: float
    stdout: str


def run_measured(argv: Sequence[str]) -> Measured:
    """Run a command and measure it.

    Peak RSS and CPU use come from ``/usr/bin/time -v`` when present (exact for this child); else RSS
    comes from ``getrusage(RUSAGE_CHILDREN)`` (the largest child so far: an upper bound) and CPU is NaN.
    """
    timer = Path("/usr/bin/time").exists()
    full = ["/usr/bin/time", "-v", *argv] if timer else list(argv)
    t0 = time.perf_counter()
    done = subprocess.run(full, capture_output=True, text=True, check=False, env=_clean_env())
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-2000:]}")
    rss, cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, float("nan")
    if timer:
        for line in done.stderr.splitlines():
            if "Maximum resident set size" in line:
                rss = int(line.rsplit(":", 1)[1])
            elif "Percent of CPU this job got" in line:
                cpu = float(line.rsplit(":", 1)[1].strip().rstrip("%") or "nan")
    return Measured(took, rss, cpu, done.stdout)


def machine_notes() -> dict[str, str]:
    """Date, versions and machine load, for the results table."""
    import pyoxigraph

    ox_cli = subprocess.run(
        [OXIGRAPH, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.splitlines()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "oxigraph CLI": ox_cli,
        "nproc": str(os.cpu_count()),
        "memory": mem[1].split()[1] if len(mem) > 1 else "?",
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def print_notes(command: str) -> None:
    """Print the reproduce line and the machine notes."""
    print(f"reproduce: {command}")
    print("; ".join(f"{k}: {v}" for k, v in machine_notes().items()))


# --- data and stores ---------------------------------------------------------------------------------
def ensure_data(path: Path, triples: int) -> Path:
    """Generate ``path`` (N-Quads, ``triples`` quads, seed 1) unless it exists."""
    if not path.exists():
        from bench.generate import write_nquads

        print(f"generating {path} ({triples} quads)...", flush=True)
        write_nquads(triples, path)
    return path


def load_commands(data: Path, tg_dir: Path, ox_dir: Path) -> dict[str, list[str]]:
    """The two load commands compared: ``treatygraph load`` and the native ``oxigraph load``."""
    return {
        "treatygraph": [TREATYGRAPH, "load", str(data), "--store", str(tg_dir)],
        "oxigraph": [OXIGRAPH, "load", "--location", str(ox_dir), "--file", str(data)],
    }


def store_layout() -> int:
    """The store layout of the checked-out kg.store (2: the default graph is the materialised union)."""
    import kg.store.local as local

    return int(getattr(local, "LAYOUT", 1))


def ensure_store(data: Path) -> Path:
    """A treatygraph store loaded from ``data`` with ``treatygraph load`` (reused while the data file and
    the store layout are unchanged)."""
    stores = data.parent / "stores"
    tg_dir = stores / f"{data.stem}-treatygraph"
    stamp = f"{data.stat().st_size} {data.stat().st_mtime_ns} layout {store_layout()}"
    marker = stores / f"{data.stem}.loaded"
    if marker.exists() and marker.read_text() == stamp and tg_dir.exists():
        return tg_dir
    shutil.rmtree(tg_dir, ignore_errors=True)
    stores.mkdir(parents=True, exist_ok=True)
    print(f"loading {data} with treatygraph load...", flush=True)
    subprocess.run(
        [TREATYGRAPH, "load", str(data), "--store", str(tg_dir)],
        check=True,
        capture_output=True,
        env=_clean_env(),
    )
    marker.write_text(stamp)
    return tg_dir


def oxigraph_view(tg_dir: Path) -> tuple[Path, bool]:
    """What the native server serves for a comparison: (database directory, union default graph?).

    With layout 2 the treatygraph store's default graph is the materialised union of its named graphs, so
    ``oxigraph serve-read-only`` serves that very database without ``--union-default-graph``: same bytes
    on disk, same dataset semantics (a set union, not Oxigraph's bag union). Never while a treatygraph
    server holds the store: the servers run one after the other.
    """
    return tg_dir / "oxigraph", store_layout() < 2


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TREATYGRAPH_")}


def first_event_iri(data: Path) -> str:
    """The IRI of the first event in an N-Quads file (the point-lookup subject)."""
    with data.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("<https://w3id.org/treatygraph/id/event/"):
                return line[1 : line.index(">")]
    raise ValueError(f"no event in {data}")


# --- what-if variants of the server (measured for proposals; never what `treatygraph serve` ships) -----
#: Variant names and what they change, for ``bench_http.py --variants``.
VARIANTS = {
    "noaccess": "server/wsgi.py: no access log",
    "gunicorn": "the server before granian: gunicorn gthread, 1 worker (bench/gunicorn_wsgi.py)",
}


def apply_variants(names: Sequence[str]) -> None:
    """Monkeypatch this process (a server about to start) with the named variants."""

    import server.wsgi as wsgi

    if "noaccess" in names:
        import bench.gunicorn_wsgi as gunicorn_wsgi

        original_options = gunicorn_wsgi.gunicorn_options

        def options(settings):  # type: ignore[no-untyped-def]
            return {**original_options(settings), "accesslog": None}

        gunicorn_wsgi.gunicorn_options = options  # type: ignore[assignment]
        original_logging = wsgi.logging_config

        def logging_config(settings):  # type: ignore[no-untyped-def]
            config = original_logging(settings)
            config["loggers"]["treatygraph.access"]["level"] = "WARNING"
            return config

        wsgi.logging_config = logging_config  # type: ignore[assignment]


def start_variant(store: Path, variants: Sequence[str], *, threads: int = 4) -> Server:
    """``python -m server.wsgi`` (or the gunicorn server) with what-if variants applied, on a free port."""
    port = free_port()
    argv = [
        sys.executable,
        str(ROOT / "bench" / "common.py"),
        "--serve-variant",
        ",".join(variants),
        "--store",
        str(store),
        "--port",
        str(port),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=_clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = Server("treatygraph+" + "+".join(variants), port, proc, "/sparql")
    wait_answering(server)
    return server


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--serve-variant":
    sys.path.insert(0, str(ROOT))
    apply_variants(sys.argv[2].split(","))
    if "gunicorn" in sys.argv[2].split(","):
        from bench.gunicorn_wsgi import main as serve_main
    else:
        from server.wsgi import main as serve_main

    serve_main(sys.argv[3:])
