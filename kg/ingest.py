"""Articles into the store: set-up (ontology, reference data), one named graph per article, inferences.

Flow (HOUSE-STYLE "Flow"): ``article -> extract -> rdf -> store``. Every article is read and extracted in
full before the store is touched, and its graph is replaced in one transaction, so bad input never
changes the store and a crash leaves each article either fully present or absent.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg import iris
from kg.config import Settings
from kg.errors import ArticleError, TreatygraphError, UserError
from kg.resources import resource_dir
from kg.store import Store, node_iris

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".json")


@dataclass
class ArticleResult:
    """What ingesting one article produced (or why it failed)."""

    path: str
    graph: str | None = None
    triples: int = 0
    entities: int = 0
    events: int = 0
    claims: int = 0
    error: str | None = None


@dataclass
class IngestSummary:
    """Totals for a batch."""

    results: list[ArticleResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> list[ArticleResult]:
        """The articles that were ingested."""
        return [r for r in self.results if r.error is None]

    @property
    def failed(self) -> list[ArticleResult]:
        """The articles that could not be ingested."""
        return [r for r in self.results if r.error is not None]

    def line(self) -> str:
        """One closing line: articles, entities, events, claims, seconds."""
        ok = self.ok
        return (
            f"{len(ok)} articles ingested ({len(self.failed)} failed): "
            f"{sum(r.entities for r in ok)} entities, {sum(r.events for r in ok)} events, "
            f"{sum(r.claims for r in ok)} claims, {self.seconds:.2f} s"
        )


def iter_article_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into their article files (sorted); files are yielded as given."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(
                f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.exists():
            yield path
        else:
            raise UserError(f"no such file or folder: {p}")


def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (from the shipped Turtle file)."""
    g = Graph()
    g.parse(resource_dir("ontology") / "treatygraph.ttl", format="turtle")
    return g


def _setup_key(settings: Settings) -> str:
    onto = (resource_dir("ontology") / "treatygraph.ttl").read_bytes()
    data_dir = Path(__file__).resolve().parent / "reference" / "data"
    h = hashlib.sha256(onto)
    for f in sorted(data_dir.glob("*")):
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    h.update(str(settings.base_iri).encode())
    return h.hexdigest()


def ensure_setup(store: Store, settings: Settings, *, force: bool = False) -> bool:
    """Load the ontology and the reference data into their graphs if they are missing or outdated.

    Returns True when something was (re)loaded.
    """
    from kg.reference import load_reference

    key = _setup_key(settings)
    marker = store.path / "SETUP.json" if store.path is not None else None
    if not force and marker is not None and marker.exists():
        try:
            if json.loads(marker.read_text()).get("key") == key:
                return False
        except (ValueError, OSError):
            pass
    if not force and marker is None:
        # a remote store keeps the key in its meta graph; an in-memory store only has its graphs
        if hasattr(store, "setup_key") and store.setup_key == key:
            return False
        if not hasattr(store, "setup_key") and store.has_graph(str(iris.ONTOLOGY_GRAPH)):
            return False
    store.replace_graph(str(iris.ONTOLOGY_GRAPH), ontology_graph())
    store.replace_graph(str(iris.REFERENCE_GRAPH), load_reference(settings.base_iri).to_graph())
    refresh_inferences(store)
    if marker is not None:
        marker.write_text(json.dumps({"key": key}))
    elif hasattr(store, "set_setup_key"):
        store.set_setup_key(key)
    log.info("store set up: ontology and reference data loaded")
    return True


#: Most nodes a write may touch for the inferences about them to be updated in place; past that (or
#: when the write has blank nodes) the whole inferences graph is recomputed.
INCREMENTAL_LIMIT = 20_000


def graph_subjects(store: Store, graph: str) -> set[str] | None:
    """The IRIs the stored named graph ``graph`` names as subject or object (empty if there is no such
    graph): the only nodes whose inferences a write of it can change (``kg.reason.incremental_rules``).
    None when it has a blank node, which an update cannot name: then everything is recomputed."""
    query = (
        f"SELECT DISTINCT ?x WHERE {{ GRAPH <{graph}> {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} "
        "FILTER(!isLiteral(?x)) }"
    )
    rows = json.loads(store.execute(query, choose="json").body)["results"]["bindings"]
    if any(row["x"]["type"] == "bnode" for row in rows):
        return None
    return {row["x"]["value"] for row in rows}


def joined_nodes(store: Store, nodes: Collection[str]) -> set[str]:
    """The IRIs that some graph links to ``nodes`` by one of ``kg.reason.JOIN_PREDICATES``."""
    from kg.reason import JOIN_PREDICATES

    if not nodes:
        return set()
    values = " ".join(f"<{n}>" for n in sorted(nodes))
    path = "|".join(f"<{p}>" for p in JOIN_PREDICATES)
    query = f"SELECT DISTINCT ?x WHERE {{ VALUES ?t {{ {values} }} GRAPH ?g {{ ?t {path} ?x }} "
    query += "FILTER(isIRI(?x)) }"
    rows = json.loads(store.execute(query, choose="json").body)["results"]["bindings"]
    return {row["x"]["value"] for row in rows}


class Touched:
    """The nodes a batch of graph writes touched (old and new content), while few enough to update the
    inferences about them in place; ``subjects`` is None once that is no longer worth it."""

    def __init__(self, limit: int = INCREMENTAL_LIMIT) -> None:
        self.limit = limit
        self.subjects: set[str] | None = set()

    def add(self, nodes: set[str] | None) -> None:
        """Count the nodes of one write (None: a write that needs a full recomputation)."""
        if self.subjects is None:
            return
        if nodes is None or len(self.subjects) + len(nodes) > self.limit:
            self.subjects = None
        else:
            self.subjects |= nodes

    def before_write(self, store: Store, graph: str, new: Iterable[tuple[object, object, object]]) -> None:
        """Count a write that is about to replace ``graph`` with ``new``: the nodes of both, and the
        nodes joined to them by a rule with two premises (``kg.reason.JOIN_PREDICATES``)."""
        if self.subjects is None:
            return
        old = graph_subjects(store, graph) if store.has_graph(graph) else set()
        nodes = node_iris(new)
        if old is None or nodes is None:
            self.add(None)
            return
        nodes |= old
        self.add(nodes | joined_nodes(store, nodes) if len(nodes) <= self.limit else None)


def inferences_rewrite(subjects: Collection[str] | None = None) -> tuple[str, str, tuple[str, ...] | None]:
    """(graph, update, subjects) that brings the inferences graph (kg/reason.py rules) in step, for a
    store's ``update_graph`` or the ``also=`` of a write: the whole graph recomputed, or with
    ``subjects`` (the nodes the write touched, see :class:`Touched`) only the inferences about them."""
    from kg.reason import combined_rules, incremental_rules

    graph = str(iris.INFERENCES_GRAPH)
    if subjects is None:
        return graph, combined_rules(), None
    return graph, incremental_rules(subjects, graph), tuple(sorted(subjects))


def refresh_inferences(store: Store, subjects: Collection[str] | None = None) -> None:
    """Recompute the inferences graph from the ontology and all data (kg/reason.py rules), atomically;
    with ``subjects``, only the inferences about those nodes (nothing to do when it is empty)."""
    if subjects is not None and not subjects:
        return
    graph, update, about = inferences_rewrite(subjects)
    # one transaction: readers never see the inferences graph missing or half-built
    store.update_graph(graph, update, subjects=about)


def ingest_file(
    store: Store, path: Path, settings: Settings, reference: object, *, touched: Touched | None = None
) -> ArticleResult:
    """Read, extract and store one article; errors in the input become ``result.error``."""
    from kg.article import read_article
    from kg.extract import extract
    from kg.rdf import to_graph

    result = ArticleResult(path=str(path))
    try:
        article = read_article(path, max_bytes=settings.max_article_bytes)
        extraction = extract(article, reference)
        graph = to_graph(extraction, base=settings.base_iri)
    except ArticleError as exc:
        result.error = str(exc)
        return result
    except TreatygraphError as exc:
        result.error = f"{path.name}: {exc}"
        return result
    target = str(iris.article_graph(article.slug))
    if touched is not None:
        touched.before_write(store, target, graph)
    result.triples = store.replace_graph(target, graph)
    result.graph = target
    result.entities = len(getattr(extraction, "entities", ()))
    result.events = len(getattr(extraction, "events", ()))
    result.claims = len(getattr(extraction, "claims", ()))
    return result


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    progress: Callable[[int, int, ArticleResult], None] | None = None,
) -> IngestSummary:
    """Ingest articles and folders of articles; one failing file never stops the batch."""
    from kg.reference import load_reference

    started = time.perf_counter()
    files = list(iter_article_paths(paths))
    ensure_setup(store, settings)
    reference = load_reference(settings.base_iri)
    summary = IngestSummary()
    touched = Touched()
    for i, path in enumerate(files, 1):
        try:
            result = ingest_file(store, path, settings, reference, touched=touched)
        except OSError as exc:
            result = ArticleResult(path=str(path), error=f"{path.name}: {exc.strerror or exc}")
        summary.results.append(result)
        if result.error:
            log.warning("%s", result.error)
        if progress is not None:
            progress(i, len(files), result)
    if summary.ok:
        refresh_inferences(store, touched.subjects)
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary
