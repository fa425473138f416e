"""The knowledge graph as a networkx ``MultiDiGraph``: nodes, edges, attributes and filters.

Nodes are agents (states, people, organizations), treaties, events, places, posts, tenures, claims and
treaty participations (``queries/export-nodes.rq``; ``export-nodes-of.rq`` for a neighbourhood); edges are
the properties that link them (``queries/export-graph.rq``, ``queries/export-neighbours.rq``), typed by
``property``.

Exports are bounded (``_Budget``): the rows read from the store count against a row cap, and reading
stops at a deadline (``QueryTimeout``). A graph cut at the cap says so (``graph.graph["truncated"]``);
the server turns that into ``Treatygraph-Result-Truncated: true``. The queries leave the order to the
engine (an ORDER BY would make it evaluate and sort every row before the first one comes, 100 s at 10M
quads), so the rows are sorted here, which keeps the files the same from one run to the next.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from kg.errors import ParameterError, QueryError, QueryTimeout, UserError
from kg.formats import Format, get_format
from kg.namespaces import PREFIXES, TG
from kg.queries import get_named_query, to_iri
from kg.store import Store
from kg.store.sparqltext import prepend_values

log = logging.getLogger(__name__)

AGENT_KINDS = frozenset({"State", "Person", "Organization"})
# Node attribute names that graph writers read as structure (ids, GEXF time and hierarchy): a CONSTRUCT
# literal with such a local name is stored under a qualified name instead (oa:start -> "oa_start").
_RESERVED = frozenset({"id", "key", "source", "target", "value", "name", "pid", "viz", "spells", "parents"})
_RESERVED |= {"slices", "start", "end", "kind", "iri", "type", "networkx_key"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


# --- dates ---------------------------------------------------------------------------------------------
def to_interval(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day of an ISO date at any precision ("2019" -> 2019-01-01, 2019-12-31)."""
    m = _DATE.match(value.strip())
    if not m:
        raise ParameterError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            first = last = dt.date(year, int(month), int(day))
        elif month is not None:
            first = dt.date(year, int(month), 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise ParameterError(f"not a valid date: {value!r}") from None
    return first, last


def _bound(value: str, index: int) -> str | None:
    """One end of a stored date's interval as ISO text, or None if the literal is no plain date."""
    try:
        return to_interval(value)[index].isoformat()
    except ParameterError:
        log.debug("date %r left out of the timeline", value)
        return None


@dataclass(frozen=True)
class _Window:
    first: dt.date
    last: dt.date

    def keeps(self, attrs: dict[str, Any]) -> bool:
        """Events are kept when their date overlaps the window (at its precision); other nodes always."""
        if attrs.get("kind") != "Event":
            return True
        date = attrs.get("date")
        if not isinstance(date, str):
            return False
        try:
            first, last = to_interval(date)
        except ParameterError:
            return False
        return first <= self.last and last >= self.first


def _window(date_from: str | None, date_to: str | None) -> _Window | None:
    if date_from is None and date_to is None:
        return None
    first = to_interval(date_from)[0] if date_from else dt.date.min
    last = to_interval(date_to)[1] if date_to else dt.date.max
    if first > last:
        raise ParameterError(f"empty date window: {date_from} is after {date_to}")
    return _Window(first, last)


# --- reading the store ---------------------------------------------------------------------------------
def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _node_id(term: Any) -> str:
    """The networkx node id of an RDF term: the IRI, or ``_:label`` for a blank node."""
    text = str(getattr(term, "value", term))  # pyoxigraph terms carry .value; rdflib terms are strings
    return f"_:{text}" if isinstance(term, BNode) or str(term).startswith("_:") else text


def _node_attrs(row: Any) -> dict[str, Any]:
    """Node attributes from one export-nodes row."""
    iri = row["node"].value
    attrs: dict[str, Any] = {"label": row["label"].value if row["label"] else _local(iri)}
    attrs.update(type=_local(row["type"].value), kind=_local(row["kind"].value), iri=iri)
    if row["wikidata"]:
        attrs["wikidata"] = _local(row["wikidata"].value)
    if row["date"]:
        attrs["date"] = row["date"].value
    for name, var, index in (("start", "date", 0), ("end", "date", 1)):
        value = row[var] and _bound(row[var].value, index)
        if value:
            attrs[name] = value
    for name, var, index in (("start", "startDate", 0), ("end", "endDate", 1)):
        value = name not in attrs and row[var] and _bound(row[var].value, index)
        if value:
            attrs[name] = value
    return attrs


class _Budget:
    """The rows an export may read from the store (``cap``, None: any number) and the time it may take
    (``timeout`` seconds, None: no limit)."""

    def __init__(self, cap: int | None, timeout: float | None) -> None:
        self.cap = cap if cap and cap > 0 else None
        self.timeout = timeout if timeout and timeout > 0 else None
        self.deadline = time.monotonic() + self.timeout if self.timeout else None
        self.read = 0
        self.truncated = False

    @property
    def spent(self) -> bool:
        """Whether the cap is reached (the export is cut: no further query runs)."""
        return self.cap is not None and self.read >= self.cap

    def rows(self, store: Store, query: str, **options: Any) -> Iterator[Any]:
        """The rows of ``query`` while the budget lasts (to the cap; ``QueryTimeout`` past the deadline).
        Once the cap is reached the query is not run at all (the export is marked as cut)."""
        self._check_time()
        if self.spent:
            self.truncated = True
            return
        for row in store.query(query, **options):
            if self.spent:
                self.truncated = True
                return
            self.read += 1
            if self.read % 256 == 0:
                self._check_time()
            yield row

    def _check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTimeout(
                f"the graph export took longer than {self.timeout:g} s; narrow it (focus, hops, types, "
                "from, to), or take the whole graph as RDF (/dump.nq, treatygraph export --format nq)"
            )


#: Nodes described by one query (``export-nodes-of`` with a VALUES block of that many rows).
DESCRIBE_BATCH = 500


def _describe(store: Store, nodes: Iterable[str], budget: _Budget) -> dict[str, dict[str, Any]]:
    """The export attributes of ``nodes`` (IRIs) that are nodes of the export, by IRI, a batch at a time
    (``queries/export-nodes-of.rq``, evaluated per node: 8x as fast as one query per node)."""
    query = get_named_query("export-nodes-of").text
    iris = sorted({n for n in nodes if not n.startswith("_:")})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(iris), DESCRIBE_BATCH):
        batch = prepend_values(query, "node", (f"<{iri}>" for iri in iris[start : start + DESCRIBE_BATCH]))
        for row in budget.rows(store, batch):
            found.setdefault(row["node"].value, _node_attrs(row))
    return found


def _add_edge(graph: nx.MultiDiGraph, source: str, prop: str, target: str) -> None:
    name = _local(prop)
    graph.add_edge(source, target, key=name, property=name, label=name, iri=prop)


def _load_all(store: Store, window: _Window | None, budget: _Budget) -> nx.MultiDiGraph:
    """Every node and edge of the export, events outside the window left out."""
    graph = nx.MultiDiGraph()
    dropped: set[str] = set()
    nodes: dict[str, dict[str, Any]] = {}
    for row in budget.rows(store, get_named_query("export-nodes").text):
        node = row["node"].value
        if node not in nodes and node not in dropped:
            attrs = _node_attrs(row)
            if window is not None and not window.keeps(attrs):
                dropped.add(node)
            else:
                nodes[node] = attrs
    for node in sorted(nodes):
        graph.add_node(node, **nodes[node])
    orphans: set[str] = set()
    edges = sorted(
        (_node_id(row["source"]), row["property"].value, _node_id(row["target"]))
        for row in budget.rows(store, get_named_query("export-graph").text)
    )
    for source, prop, target in edges:
        if source in graph and target in graph:
            _add_edge(graph, source, prop, target)
        elif source in dropped or target in dropped:
            orphans.update(n for n in (source, target) if n in graph)
    graph.remove_nodes_from([n for n in orphans if graph.degree(n) == 0])
    return graph


def _load_neighbourhood(
    store: Store, focus: str, hops: int, window: _Window | None, budget: _Budget
) -> nx.MultiDiGraph:
    """The nodes within ``hops`` of ``focus`` (edges in either direction) and the edges among them."""
    attrs = _describe(store, [focus], budget).get(focus)
    if attrs is None:
        raise UserError(f"{focus} is not a node of the graph export")
    graph = nx.MultiDiGraph()
    graph.add_node(focus, **attrs)
    rejected: set[str] = set()
    query = get_named_query("export-neighbours").text
    frontier = [focus]
    for depth in range(hops + 1):
        edges: list[tuple[str, str, str, str]] = []  # (source, property, target, the other end)
        for node in frontier:
            rows = budget.rows(store, query, substitutions={"node": URIRef(node)})
            for source, prop, target in sorted(
                (_node_id(row["source"]), row["property"].value, _node_id(row["target"])) for row in rows
            ):
                edges.append((source, prop, target, target if source == node else source))
        found: list[str] = []
        if depth < hops:  # the new nodes, in the order met, described together
            new = list(dict.fromkeys(o for *_, o in edges if o not in graph and o not in rejected))
            described = _describe(store, new, budget)
            for other in new:
                other_attrs = described.get(other)
                if other_attrs is None or (window is not None and not window.keeps(other_attrs)):
                    rejected.add(other)
                else:
                    graph.add_node(other, **other_attrs)
                    found.append(other)
        for source, prop, target, other in edges:
            if other in graph:
                _add_edge(graph, source, prop, target)
        frontier = found
    return graph


def _attr_name(prop: str) -> str:
    """The node attribute a CONSTRUCT literal is stored under: the property's local name."""
    if prop == str(RDFS.label):
        return "label"
    name = _local(prop)
    if name in _RESERVED:
        prefix = next((p for p, ns in PREFIXES.items() if prop.startswith(ns)), "rdf")
        name = f"{prefix}_{name}"
    return name


def _load_construct(store: Store, construct: str, budget: _Budget, **limits: Any) -> nx.MultiDiGraph:
    """A graph whose edges are the triples of a CONSTRUCT query: IRIs (and blank nodes) become nodes,
    literals become node attributes, rdf:type gives ``type`` where the store does not know the node.
    ``limits``: ``Store.execute``'s ``timeout``, ``on_abandon`` and ``allow_service``; the query's
    triples count against ``budget``'s cap."""

    def choose(kind: str) -> Format:
        if kind != "graph":
            raise QueryError(f"the export query must be a CONSTRUCT (or DESCRIBE) query, not {kind.upper()}")
        return get_format("ntriples")

    answer = store.execute(construct, choose=choose, row_cap=budget.cap, **limits)
    budget.truncated = budget.truncated or answer.truncated
    triples = Graph()
    triples.parse(data=answer.body, format="nt")
    graph = nx.MultiDiGraph()
    literals: dict[str, dict[str, list[str]]] = {}
    classes: dict[str, set[str]] = {}
    for s, p, o in triples:
        source = _node_id(s)
        graph.add_node(source)
        if p == RDF.type and isinstance(o, URIRef):
            classes.setdefault(source, set()).add(_local(str(o)))
        elif isinstance(o, Literal):
            literals.setdefault(source, {}).setdefault(_attr_name(str(p)), []).append(str(o))
        else:
            _add_edge(graph, source, str(p), _node_id(o))
    described = _describe(store, graph.nodes, budget)
    for node, data in graph.nodes(data=True):
        data.update(described.get(node, {}))
        if not node.startswith("_:"):
            data.setdefault("iri", node)
        if "type" not in data and node in classes:
            data["type"] = sorted(classes[node])[0]
        for name, values in literals.get(node, {}).items():
            data[name] = sorted(set(values)) if len(set(values)) > 1 else values[0]
        data.setdefault("label", _local(node) or node)
        if isinstance(data.get("date"), str) and "start" not in data:
            for name, index in (("start", 0), ("end", 1)):
                value = _bound(data["date"], index)
                if value:
                    data[name] = value
    return graph


# --- filters -------------------------------------------------------------------------------------------
def _apply_window(graph: nx.MultiDiGraph, window: _Window, focus: str | None) -> None:
    """Drop events outside the window, then the nodes this left without any edge."""
    dropped = [n for n, d in graph.nodes(data=True) if n != focus and not window.keeps(d)]
    neighbours = {m for n in dropped for m in nx.all_neighbors(graph, n)}
    graph.remove_nodes_from(dropped)
    graph.remove_nodes_from([n for n in neighbours if n in graph and n != focus and graph.degree(n) == 0])


def _type_names(types: Iterable[str] | str | None) -> set[str] | None:
    if types is None:
        return None
    names = {t.strip() for t in (types.split(",") if isinstance(types, str) else types) if t.strip()}
    for name in names:
        try:
            getattr(TG, name)
        except AttributeError:
            msg = f"unknown node type {name!r} (give a tg class such as State or Event)"
            raise ParameterError(msg) from None
    return names


def _matches(data: dict[str, Any], names: set[str]) -> bool:
    kind = data.get("kind")
    own = {data.get("type"), kind} | ({"Agent"} if kind in AGENT_KINDS else set())
    return bool(own & names)


def to_networkx(
    store: Store,
    *,
    types: Iterable[str] | str | None = None,
    focus: str | None = None,
    hops: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    construct: str | None = None,
    timeout: float | None = None,
    on_abandon: Callable[[], None] | None = None,
    allow_service: Callable[[str], bool] | None = None,
    row_cap: int | None = None,
) -> nx.MultiDiGraph:
    """The knowledge graph (or a part of it) as a networkx ``MultiDiGraph`` keyed by IRI.

    Filters apply in this order: the date window on events (``date_from``/``date_to``, ISO dates at any
    precision, compared at the event's precision; undated events go; nodes left without edges go too),
    the neighbourhood of ``focus`` (an IRI, prefixed name or ``kind/slug``) within ``hops`` (default 1,
    edges in either direction, like ``networkx.ego_graph`` on the undirected view), then ``types``
    (node type, kind or "Agent"). ``construct``: a SPARQL CONSTRUCT whose triples replace the default
    nodes and edges; it runs like any user query (``Store.execute``): within ``timeout`` seconds
    (``QueryTimeout`` after it, ``on_abandon`` called first), ``SERVICE`` only where ``allow_service``
    says yes. Every export stops at ``timeout`` (``QueryTimeout``) and reads at most ``row_cap`` rows
    (None: no cap) from the store; a graph cut there has ``graph.graph["truncated"] = True``.
    """
    budget = _Budget(row_cap, timeout)
    window = _window(date_from, date_to)
    names = _type_names(types)
    if hops is not None and (focus is None or hops < 0):
        raise ParameterError("hops needs a focus node and must be 0 or more")
    focus_id = str(to_iri(focus)) if focus is not None else None
    radius = 1 if hops is None else hops
    if construct is not None:
        limits = {"timeout": timeout, "on_abandon": on_abandon, "allow_service": allow_service}
        graph = _load_construct(store, construct, budget, **limits)
        if window is not None:
            _apply_window(graph, window, focus_id)
        if focus_id is not None:
            if focus_id not in graph:
                raise UserError(f"{focus_id} is not a node of the graph export")
            near = nx.ego_graph(graph.to_undirected(as_view=True), focus_id, radius=radius)
            graph = graph.subgraph(near.nodes).copy()
    elif focus_id is not None:
        graph = _load_neighbourhood(store, focus_id, radius, window, budget)
    else:
        graph = _load_all(store, window, budget)
    if names is not None:
        graph.remove_nodes_from([n for n, d in list(graph.nodes(data=True)) if not _matches(d, names)])
    graph.graph["name"] = "treatygraph"
    if budget.truncated:
        graph.graph["truncated"] = True
    log.debug("graph export: %d nodes, %d edges", graph.number_of_nodes(), graph.number_of_edges())
    return graph
