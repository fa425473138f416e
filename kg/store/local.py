"""The embedded on-disk quad store (pyoxigraph's ``Store``; only ``kg/store/`` imports it).

Layout of a store directory: ``<dir>/oxigraph`` (the RocksDB database), ``<dir>/VERSION`` (a write
counter that caches and ETags key on) and ``<dir>/ACCESS.lock``. A process that opens the store to write
holds an exclusive ``flock`` on ``ACCESS.lock`` (besides RocksDB's own lock); the read-only server
workers (``Store(dir, read_only=True, exclude_writers=True)``) hold shared ones, so that any number of
them read the same files while nobody can write under them: a RocksDB read-only instance does not see
later writes, and a writer's compactions delete files it may still have to open. Queries see the union of
all named graphs as their default graph unless the caller names a dataset (SPARQL 1.1 Protocol, section
2.1.4).

The default graph is the set union (RDF merge) of all named graphs, materialised: every write keeps it in
step within the same transaction. Oxigraph's own "union default graph" is a bag (a triple stated by ten
articles comes back ten times, and joins multiply), so queries read the materialised default graph
instead: one row per triple, whatever number of articles state it. Write to named graphs; the default
graph is derived (``layout`` 2, recorded in ``<dir>/LAYOUT``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import queue
import re
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import QueryError, QueryTimeout, StoreError, UserError
from kg.formats import Format, get_format, to_rdf_format, to_results_format
from kg.guards import check_xml
from kg.iris import slugify
from kg.store.rowcap import cap_solutions, cap_triples
from kg.store.sparqltext import check_nesting, find_keywords, join_updates, substitute

log = logging.getLogger(__name__)

Term = ox.NamedNode | ox.BlankNode | ox.Literal
#: An ``also=`` rewrite of a named graph: (graph, update) or (graph, update, subjects it is limited to).
Rewrite = tuple[str, str] | tuple[str, str, Sequence[str] | None]


@dataclass(frozen=True)
class Answer:
    """A query answer, serialised: ``kind`` is select, ask or graph. ``row_cap`` is the cap that applied
    (None: none did; ASK answers are never capped) and ``truncated`` says whether rows were left out."""

    kind: str
    format: Format
    body: bytes
    rows: int | None = None
    truncated: bool = False
    row_cap: int | None = None


def to_ox(term: Any) -> Term:
    """Convert an rdflib term (or a pyoxigraph term) to a pyoxigraph term."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def node_iris(triples: Iterable[tuple[Any, Any, Any]]) -> set[str] | None:
    """The IRIs that ``triples`` (rdflib or pyoxigraph terms) name as subject or object; None when one of
    them is a blank node (which an update cannot name)."""
    out: set[str] = set()
    for s, _, o in triples:
        for term in (to_ox(s), to_ox(o)):
            if isinstance(term, ox.BlankNode):
                return None
            if isinstance(term, ox.NamedNode):
                out.add(term.value)
    return out


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise UserError(f"not a valid graph IRI: {iri!r}") from None


class _Job:
    """One evaluation handed to a thread: ``done`` is released once ``result`` or ``error`` is set. A bare
    lock, not a ``concurrent.futures.Future``: its condition variables cost about a fifth of the
    interpreter time of a cheap query under load (py-spy, bench/RESULTS.md)."""

    __slots__ = ("done", "error", "fn", "result")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn: Callable[[], Any] | None = fn
        self.done = threading.Lock()
        self.done.acquire()
        self.result: Any = None
        self.error: BaseException | None = None


class _EvaluationThreads:
    """Daemon threads that evaluate queries, kept between queries (starting a thread per query cost
    ~20 % of a cheap request: bench/RESULTS.md). Daemon, so an abandoned evaluation never blocks exit."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0

    def submit(self, fn: Callable[[], Any]) -> _Job:
        """Run ``fn`` on an idle thread (or a new one); wait for the job's ``done`` lock."""
        job = _Job(fn)
        with self._lock:
            spawn = self._idle == 0
            if not spawn:
                self._idle -= 1
        if spawn:
            threading.Thread(target=self._work, name="sparql-eval", daemon=True).start()
        self._jobs.put(job)
        return job

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job.result = job.fn()  # type: ignore[misc]
            except BaseException as exc:  # re-raised in the caller's thread
                job.error = _without_frames(exc)
            job.fn = None
            job.done.release()
            del job
            with self._lock:
                self._idle += 1


def _without_frames(exc: BaseException) -> BaseException:
    """``exc`` ready to cross to the caller's thread: its traceback (and those of the exceptions it was
    raised from: ``raise ... from None`` keeps ``__context__``) dropped here, their text kept as a note.

    pyoxigraph results are unsendable: only the thread that made them may release them (else
    RuntimeError "being dropped on another thread"). A traceback's frames keep them alive, through
    their locals and through the closures of the functions that ran (clearing the frames leaves
    those), so the frames must go in this thread."""
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and all(link is not seen for seen in chain):
        chain.append(link)
        link = link.__cause__ or link.__context__
    if not isinstance(exc, UserError):  # a bug: keep where it happened for the log
        exc.add_note("".join(traceback.format_exception(exc)).rstrip())
    for link in chain:
        traceback.clear_frames(link.__traceback__)
        link.__traceback__ = None
    return exc


def _run_with_timeout(
    fn: Callable[[], Any],
    timeout: float | None,
    on_abandon: Callable[[], None] | None,
    threads: _EvaluationThreads,
) -> Any:
    """Run ``fn`` on an evaluation thread; raise ``QueryTimeout`` after ``timeout`` seconds.

    pyoxigraph releases the GIL while it evaluates, and nothing can interrupt it from Python, so an
    abandoned evaluation keeps running in its thread: ``on_abandon`` lets the host process stop it for
    real (the server recycles its worker process; the CLI exits).
    """
    if not timeout or timeout <= 0:
        return fn()
    job = threads.submit(fn)
    if not job.done.acquire(timeout=timeout):
        log.warning("query abandoned after %.1f s", timeout)
        if on_abandon is not None:
            on_abandon()
        raise QueryTimeout(f"query exceeded the time limit of {timeout:g} s") from None
    if job.error is not None:
        raise job.error
    return job.result


LAYOUT = 2
LOADED_GRAPH_PREFIX = "https://w3id.org/treatygraph/graph/load/"


def _remove_unique_from_default(g: ox.NamedNode) -> str:
    """Update text: delete from the default graph the triples that only ``g`` states."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }}"
    )


def _add_to_default(g: ox.NamedNode) -> str:
    """Update text: copy the triples of ``g`` into the default graph."""
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"


#: Update text that recomputes the default graph from the named graphs (after arbitrary updates).
RESYNC_DEFAULT = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
)


def _graph_rewrite(graph: str, update: str, subjects: Sequence[str] | None = None) -> str:
    """Update text: ``update`` (which rewrites the named graph ``graph``) with the upkeep of the default
    graph around it: ``graph``'s own triples leave the default graph before and come back after.

    With ``subjects`` (IRIs), ``update`` must change only the triples of ``graph`` about those subjects
    (``kg.reason.incremental_rules``), and only those are taken out and put back: the upkeep costs the
    size of the change, not of the graph."""
    g = _graph_node(graph)
    lines = update.splitlines()
    n = 0
    while n < len(lines) and re.match(r"^\s*(PREFIX|BASE)\b|^\s*(#.*)?$", lines[n], re.I):
        n += 1
    prologue, body = "\n".join(lines[:n]), "\n".join(lines[n:])
    if subjects is None:
        return prologue + "\n" + join_updates(_remove_unique_from_default(g), body, _add_to_default(g))
    about = f"VALUES ?s {{ {' '.join(f'<{x}>' for x in sorted(set(subjects)))} }} GRAPH {g} {{ ?s ?p ?o }}"
    before = (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ {about} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g}) }} }}"
    )
    after = f"INSERT {{ ?s ?p ?o }} WHERE {{ {about} }}"
    return prologue + "\n" + join_updates(before, body, after)


def _also_text(item: Sequence[Any]) -> str:
    """One ``also=`` item, (graph, update) or (graph, update, subjects), as update text with the upkeep
    of the default graph (see :func:`_graph_rewrite`)."""
    graph, update, *rest = item
    return _graph_rewrite(graph, update, rest[0] if rest and rest[0] is not None else None)


def _with_default_copies(quads: Iterable[ox.Quad], fallback: ox.NamedNode) -> Iterator[ox.Quad]:
    """Each parsed quad in its named graph (``fallback`` for one outside any), then its triple in the
    default graph: the file is parsed once and both copies written by the same bulk writer (measured
    0.60x ``oxigraph load`` at 1M quads against 0.34-0.38x for loading, then copying from the store;
    bench/RESULTS.md). One parse keeps each blank node the same node in both copies."""
    default = ox.DefaultGraph()
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            yield ox.Quad(q.subject, q.predicate, q.object, fallback)
            yield q
        else:
            yield q
            yield ox.Quad(q.subject, q.predicate, q.object, default)


#: The file whose ``flock`` keeps writers and read-only server workers apart (see the module docstring).
ACCESS_LOCK = "ACCESS.lock"


def _take_access_lock(path: Path, *, exclusive: bool) -> int:
    """Open ``<path>/ACCESS.lock`` and ``flock`` it without waiting (exclusive to write, shared to serve
    read-only); the descriptor is returned, to be closed to release the lock."""
    fd = os.open(path / ACCESS_LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        held = "served read-only by a treatygraph server" if exclusive else "open for writing"
        raise StoreError(f"the store at {path} is in use by another process ({held})") from None
    return fd


class Store:
    """An on-disk (or in-memory, ``path=None``) pyoxigraph store with treatygraph's conventions.

    ``exclude_writers`` (read-only stores only) holds a shared lock that no writer can get while it is
    open; in exchange the store's version is read once. The server's read-only workers use it."""

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, exclude_writers: bool = False
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._lock_fd: int | None = None
        try:
            if self.path is None:
                self._ox = ox.Store()
            else:
                db = self.path / "oxigraph"
                if read_only:
                    if not db.exists():
                        raise StoreError(f"no store at {self.path}")
                    if exclude_writers:
                        self._lock_fd = _take_access_lock(self.path, exclusive=False)
                    self._ox = ox.Store.read_only(str(db))
                else:
                    db.mkdir(parents=True, exist_ok=True)
                    self._lock_fd = _take_access_lock(self.path, exclusive=True)
                    self._ox = ox.Store(str(db))
        except OSError as exc:
            self._release_lock()
            msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in msg.lower():
                raise StoreError(f"the store at {self.path} is in use by another process ({msg})") from None
            raise StoreError(f"cannot open the store at {self.path}: {msg}") from None
        except BaseException:
            self._release_lock()
            raise
        if self._lock_fd is not None:  # released when the store is closed or collected
            self._lock_release = weakref.finalize(self, os.close, self._lock_fd)
        self._mem_version = 0
        self._threads = _EvaluationThreads()
        self._disk_version: int | None = None
        if self.path is not None and not read_only:
            self._migrate()
            self._disk_version = self.version
        elif self._lock_fd is not None:
            self._disk_version = self.version  # nobody can write while the shared lock is held

    def _release_lock(self) -> None:
        release = getattr(self, "_lock_release", None)
        if release is not None:
            release()
        elif self._lock_fd is not None:
            os.close(self._lock_fd)
        self._lock_fd = None

    @staticmethod
    def is_current(path: Path) -> bool:
        """Whether ``path`` holds a store in the current layout (one that needs no migration)."""
        marker = path / "LAYOUT"
        return (path / "oxigraph").is_dir() and marker.is_file() and marker.read_text().strip() == str(LAYOUT)

    def _migrate(self) -> None:
        """Bring an older store to the current layout (materialise its default graph once)."""
        marker = self.path / "LAYOUT"
        if marker.exists() and marker.read_text().strip() == str(LAYOUT):
            return
        if next(iter(self._ox.named_graphs()), None) is not None:
            log.info("materialising the default graph of %s (layout %d)", self.path, LAYOUT)
            self._ox.update(RESYNC_DEFAULT)
        marker.write_text(str(LAYOUT))

    # --- bookkeeping -------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """A counter that changes on every write (caches and ETags key on it)."""
        if self.path is None:
            return self._mem_version
        if self._disk_version is not None:
            return self._disk_version  # this process holds the write lock, or excludes writers
        f = self.path / "VERSION"
        try:
            return int(f.read_text().strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def _bump(self) -> None:
        self._mem_version += 1
        if self.path is not None and not self.read_only:
            f = self.path / "VERSION"
            tmp = self.path / "VERSION.tmp"
            new = self.version + 1
            tmp.write_text(str(new))
            tmp.replace(f)
            self._disk_version = new

    def close(self) -> None:
        """Flush and release the store (the object must not be used afterwards)."""
        if not hasattr(self, "_ox"):
            return
        if not self.read_only:
            try:
                self._ox.flush()
            except OSError:
                pass
        del self._ox
        self._release_lock()  # after RocksDB has let go of the files

    def __len__(self) -> int:
        """Quads in the named graphs (the materialised default graph is not counted)."""
        return len(self._ox) - self._default_size()

    def _default_size(self) -> int:
        # Counted by the engine: walking the quads through Python took 5.5 s at 1M quads, this 0.3 s.
        rows = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(rows))["n"].value)  # type: ignore[arg-type, index]

    def triple_count(self) -> int:
        """Distinct triples in the default graph (the union of all named graphs)."""
        return self._default_size()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -----------------------------------------------------------------------------------
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists."""
        return self._ox.contains_named_graph(_graph_node(graph))

    def has_graph_under(self, prefix: str) -> bool:
        """Whether some named graph's IRI starts with ``prefix`` (stops at the first one: at 10M quads,
        listing them all took 0.4-1.9 s)."""
        return any(
            isinstance(g, ox.NamedNode) and g.value.startswith(prefix) for g in self._ox.named_graphs()
        )

    def count(self, graph: str | None = None) -> int:
        """Number of quads, in one named graph or in all named graphs."""
        if graph is None:
            return len(self)
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, _graph_node(graph)))

    def query(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, Any] | None = None,
        allow_service: Callable[[str], bool] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Evaluate a SPARQL query (lazily); the default graph is the union of all named graphs unless the
        caller or the query names a dataset (``default_graphs`` and/or ``named_graphs``, FROM).
        Relative IRIs in the query resolve against ``base_iri`` (if given)."""
        check_nesting(query)
        if "SERVICE" in find_keywords(query, ["SERVICE"]) and not (allow_service and allow_service(query)):
            raise QueryError("SERVICE (federated query) is not allowed on this endpoint")
        kwargs: dict[str, Any] = {}
        if default_graphs is None and named_graphs is None:
            # The store's default graph is the materialised union of the named graphs; a query's own
            # FROM / FROM NAMED clauses define its dataset (SPARQL 1.1 Query, 13.2).
            pass
        else:
            kwargs["default_graph"] = [_graph_node(g) for g in (default_graphs or [])]
            if named_graphs is not None:
                kwargs["named_graphs"] = [_graph_node(g) for g in named_graphs]
        if substitutions:
            terms = {k: to_ox(v) for k, v in substitutions.items()}
            if any(isinstance(t, ox.BlankNode) for t in terms.values()):
                kwargs["substitutions"] = {ox.Variable(k): t for k, t in terms.items()}
            else:
                # Written into the text, as for a remote store: Oxigraph plans around constants (index
                # lookups first) but not around ``substitutions=`` bindings (bench/RESULTS.md, the
                # "library" and "library inlined" columns of the named queries before the change).
                query = substitute(query, {k: str(t) for k, t in terms.items()})
        if base_iri:
            kwargs["base_iri"] = base_iri
        try:
            return self._ox.query(query, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"malformed query: {exc}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None

    def execute(
        self,
        query: str,
        *,
        choose: Callable[[str], Format] | str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        on_abandon: Callable[[], None] | None = None,
        allow_service: Callable[[str], bool] | None = None,
        base_iri: str | None = None,
        row_cap: int | None = None,
    ) -> Answer:
        """Evaluate and serialise a query within ``timeout`` seconds.

        ``choose(kind)`` picks the format once the query's kind (select, ask or graph) is known; a
        format name works too (it must suit the kind). Evaluation and serialisation both count
        against the timeout. ``row_cap`` (None or 0: no cap) keeps at most that many solutions or
        triples; evaluation stops there and the answer says ``truncated`` (kg/store/rowcap.py).
        """
        cap = row_cap if row_cap and row_cap > 0 else None

        def pick(kind: str) -> Format:
            if callable(choose):
                return choose(kind)
            if choose is None:
                return get_format("json" if kind in ("select", "ask") else "turtle")
            fmt = get_format(choose)
            want = "results" if kind in ("select", "ask") else "rdf"
            if fmt.kind != want:
                raise UserError(f"format {fmt.name!r} does not suit a {kind.upper()} query")
            return fmt

        def run() -> Answer:
            result = self.query(
                query,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                substitutions=substitutions,
                allow_service=allow_service,
                base_iri=base_iri,
            )
            if isinstance(result, ox.QueryBoolean):
                fmt = pick("ask")
                return Answer("ask", fmt, result.serialize(format=to_results_format(fmt)))
            truncated = False
            if isinstance(result, ox.QuerySolutions):
                fmt = pick("select")
                try:
                    if cap is None:
                        body = result.serialize(format=to_results_format(fmt))
                    else:
                        body, truncated = cap_solutions(result, to_results_format(fmt), cap)
                except OSError as exc:
                    raise QueryError(f"query failed: {exc}") from None
                return Answer("select", fmt, body, truncated=truncated, row_cap=cap)
            fmt = pick("graph")
            try:
                if cap is None:
                    body = result.serialize(format=to_rdf_format(fmt))
                else:
                    body, truncated = cap_triples(result, to_rdf_format(fmt), cap)
            except OSError as exc:
                raise QueryError(f"query failed: {exc}") from None
            return Answer("graph", fmt, body or b"", truncated=truncated, row_cap=cap)

        return _run_with_timeout(run, timeout, on_abandon, self._threads)

    def dump(self, output: IO[bytes] | str | Path, fmt: Format, *, graph: str | None = None) -> None:
        """Write the whole store (dataset formats) or one graph to a file or binary stream."""
        target = str(output) if isinstance(output, str | Path) else output
        if graph is not None:
            self._ox.dump(target, format=to_rdf_format(fmt), from_graph=_graph_node(graph))
            return
        if not fmt.dataset:
            raise UserError(f"{fmt.name} cannot hold named graphs; name a graph or use trig/nquads")
        named = (q for q in self._ox if not isinstance(q.graph_name, ox.DefaultGraph))
        ox.serialize(named, target, format=to_rdf_format(fmt))

    def dump_dataset(self, graphs: Sequence[str] | None = None) -> Dataset:
        """Copy the store (or some named graphs) into an rdflib ``Dataset`` (for validation and
        exports that pyoxigraph lacks; not for querying)."""
        import io

        ds = Dataset()
        buf = io.BytesIO()
        names = graphs if graphs is not None else self.graph_names()
        for name in names:
            buf.seek(0)
            buf.truncate()
            self._ox.dump(buf, format=ox.RdfFormat.N_TRIPLES, from_graph=_graph_node(name))
            ds.graph(URIRef(name)).parse(data=buf.getvalue(), format="nt")
        return ds

    # --- writing -----------------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def replace_graph(
        self,
        graph: str,
        triples: Graph | Iterable[tuple[Any, Any, Any]],
        *,
        also: Sequence[Rewrite] = (),
    ) -> int:
        """Atomically replace the content of a named graph (one transaction: readers see the old or
        the new graph, never a mix; a failure leaves the old graph). Returns the triple count.
        ``also``: (graph, update) rewrites run after it in the same transaction (see ``update_graph``)."""
        self._writable()
        g = _graph_node(graph)
        lines = []
        try:
            for s, p, o in triples:
                lines.append(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .")
        except (ValueError, TypeError) as exc:
            raise StoreError(f"could not write graph {graph}: {exc}") from None
        body = "\n".join(lines)
        update = f"{_remove_unique_from_default(g)} ;\nDROP SILENT GRAPH {g}"
        if lines:
            update += f" ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }} ;\n{_add_to_default(g)}"
        if also:
            update = join_updates(update, *(_also_text(item) for item in also))
        started = time.perf_counter()
        try:
            self._ox.update(update)
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"could not write graph {graph}: {exc}") from None
        self._bump()
        log.debug("replaced %s with %d triples in %.3f s", graph, len(lines), time.perf_counter() - started)
        return len(lines)

    def drop_graph(self, graph: str, *, also: Sequence[Rewrite] = ()) -> None:
        """Remove a named graph and its content; ``also`` as in ``replace_graph``, same transaction."""
        self._writable()
        g = _graph_node(graph)
        update = f"{_remove_unique_from_default(g)} ;\nDROP SILENT GRAPH {g}"
        if also:
            update = join_updates(update, *(_also_text(item) for item in also))
        try:
            self._ox.update(update)
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise StoreError(f"could not drop graph {graph}: {exc}") from None
        self._bump()

    def update(
        self,
        update: str,
        *,
        allow_load: bool = False,
        resync: bool = True,
        also: Sequence[Rewrite] = (),
    ) -> None:
        """Run a SPARQL 1.1 Update (one transaction). LOAD and SERVICE are refused unless allowed.

        The default graph is derived from the named graphs: after the update, in the same transaction,
        it is recomputed (``resync``; O(store size)), so updates must write to named graphs. Callers
        that keep the default graph in step themselves pass ``resync=False``. ``also``: (graph,
        update) rewrites of named graphs (such as the inferences) run after ``update``, in the same
        transaction; their text must have no PREFIX or BASE (Oxigraph takes a prologue only at the
        start of a request: ``kg.reason.combined_rules`` writes IRIs out).
        """
        self._writable()
        check_nesting(update)
        found = find_keywords(update, ["LOAD", "SERVICE"])
        for _, body, *_ in also:
            check_nesting(body)
            found |= find_keywords(body, ["LOAD", "SERVICE"])
        if found and not allow_load:
            raise QueryError(f"{' and '.join(sorted(found))} not allowed in updates on this store")
        if resync:  # the resync covers the graphs ``also`` rewrites
            text = join_updates(update, *(item[1] for item in also), RESYNC_DEFAULT)
        else:
            text = join_updates(update, *(_also_text(item) for item in also))
        try:
            self._ox.update(text)
        except SyntaxError as exc:
            raise QueryError(f"malformed update: {exc}") from None
        except RuntimeError as exc:  # evaluation errors, e.g. CREATE of a graph that exists
            raise QueryError(f"update failed: {exc}") from None
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from None
        self._bump()

    def update_graph(self, graph: str, update: str, *, subjects: Sequence[str] | None = None) -> None:
        """Run an update that rewrites one named graph, in one transaction with the upkeep of the
        default graph (cheaper than a full resync: only that graph's triples are compared; with
        ``subjects``, only its triples about them: see :func:`_graph_rewrite`)."""
        self.update(_graph_rewrite(graph, update, subjects), resync=False)

    def load_file(
        self, path: str | Path, fmt: Format, *, graph: str | None = None, bulk: bool = True
    ) -> None:
        """Load an RDF file. ``bulk`` uses Oxigraph's bulk writer (fast, not transactional);
        otherwise the load is one transaction. Dataset formats keep their own graph names; triples
        outside any named graph go to ``graph`` (or a graph named after the file), since every
        triple lives in a named graph."""
        self._writable()
        if graph is not None and fmt.dataset and fmt.name != "jsonld":
            raise UserError(f"{fmt.name} carries its own graph names; --graph does not apply")
        if fmt.name == "rdfxml":
            with open(path, "rb") as f:  # entity expansion and XXE: refused before Oxigraph's parser runs
                check_xml(f, max_expansion=max(Path(path).stat().st_size, 1_000_000))
        fallback = _graph_node(graph or LOADED_GRAPH_PREFIX + slugify(Path(path).name))
        quads = _with_default_copies(
            ox.parse(path=str(path), format=to_rdf_format(fmt), rename_blank_nodes=True), fallback
        )
        try:
            if bulk:
                self._ox.bulk_extend(quads)
            else:
                self._ox.extend(quads)
        except SyntaxError as exc:
            raise UserError(f"{Path(path).name}: not valid {fmt.name}: {str(exc).splitlines()[0]}") from None
        except OSError as exc:
            raise StoreError(f"loading {Path(path).name} failed: {exc}") from None
        self._bump()

    def _bulk_copy_to_default(self, graph: ox.NamedNode | None) -> None:
        """Copy a bulk-loaded graph (or, for dataset files, every named graph) into the default graph
        with the bulk loader. It walks the store's quads rather than re-reading the file (twice as
        fast) so that blank nodes keep their identity in the default graph."""
        default = ox.DefaultGraph()
        self._ox.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, default)
            for q in self._ox.quads_for_pattern(None, None, None, graph)
            if not isinstance(q.graph_name, ox.DefaultGraph)
        )

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        if not self.read_only:
            self._ox.flush()
