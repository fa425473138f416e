"""A remote SPARQL 1.1 store spoken to over the standard protocols: the SPARQL 1.1 Protocol for queries
(https://www.w3.org/TR/sparql11-protocol/, 2.1) and updates (2.2), and the SPARQL 1.1 Graph Store HTTP
Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/) for whole graphs. Same methods as the
embedded ``Store``; differences are listed in docs/remote-stores.md.

Only the configured endpoints are ever contacted: redirects are not followed and proxy settings from the
environment are ignored.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
import requests
from rdflib import Dataset, Graph, URIRef
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.errors import QueryError, QueryTimeout, RemoteStoreError, StoreError, UserError
from kg.formats import Format, get_format, to_rdf_format, to_results_format
from kg.namespaces import GRAPH_BASE
from kg.store.local import Answer, Rewrite, to_ox
from kg.store.rowcap import cap_solutions, cap_triples
from kg.store.sparqltext import (
    check_nesting,
    check_substitutable,
    find_keywords,
    join_updates,
    query_form,
    substitute,
)

log = logging.getLogger(__name__)

#: The small graph that holds the write counter (``version``) of a remote store.
META_GRAPH = GRAPH_BASE + "meta"
VERSION_PROPERTY = "http://schema.org/version"
#: The key of the ontology and reference data a remote store was set up with (kg.ingest.ensure_setup).
SETUP_PROPERTY = "http://schema.org/identifier"
#: Graphs an engine keeps for itself (Virtuoso's system graphs): not listed, counted or dumped.
SYSTEM_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
        META_GRAPH,
    }
)
RESULTS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples"
NT_TYPE = "application/n-triples; charset=utf-8"
CONNECT_TIMEOUT = 10.0


class ChallengeAuth(AuthBase):
    """HTTP authentication that answers the server's challenge: Digest or Basic, never sent unasked."""

    def __init__(self, user: str, password: str) -> None:
        self.digest = HTTPDigestAuth(user, password)
        self.basic = HTTPBasicAuth(user, password)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        self.digest(r)  # registers the digest 401 handler and remembers the body position
        r.register_hook("response", self._on_401)
        return r

    def _on_401(self, resp: requests.Response, **kwargs: Any) -> requests.Response:
        challenge = resp.headers.get("www-authenticate", "").lower()
        if resp.status_code != 401 or "digest" in challenge or "basic" not in challenge:
            return resp
        if resp.request.headers.get("Authorization", "").startswith("Basic "):
            return resp  # the credentials were refused
        resp.content  # noqa: B018 - drain the body so the connection can be reused
        retry = resp.request.copy()
        self.basic(retry)
        sent = resp.connection.send(retry, **kwargs)
        sent.history.append(resp)
        return sent


def _first_line(text: str, limit: int = 300) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    line = " ".join(lines[:3]) if lines else ""
    return line[:limit]


def _media(resp: requests.Response) -> str:
    return resp.headers.get("Content-Type", "").split(";")[0].strip().lower()


class RemoteStore:
    """A SPARQL 1.1 store behind HTTP endpoints, with the embedded ``Store``'s methods."""

    path: Path | None = None

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 300.0,
        read_only: bool = False,
        union_param: bool | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.gsp_endpoint = gsp_endpoint
        self.timeout = timeout
        self.read_only = read_only
        #: Send Oxigraph's ``union-default-graph`` parameter (None: decide from the Server header).
        self.union_param = union_param
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc from the environment
        if user is not None:
            self._session.auth = ChallengeAuth(user, password or "")

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    # --- HTTP ----------------------------------------------------------------------------------------
    def _send(
        self, method: str, url: str, *, timeout: float | None = None, ok404: bool = False, **kwargs: Any
    ) -> requests.Response:
        """One request; errors become one-line ``RemoteStoreError`` / ``QueryError`` / ``QueryTimeout``."""
        read_timeout = timeout if timeout and timeout > 0 else self.timeout
        try:
            resp = self._session.request(
                method, url, timeout=(CONNECT_TIMEOUT, read_timeout), allow_redirects=False, **kwargs
            )
        except requests.Timeout:
            raise QueryTimeout(f"the remote store did not answer within {read_timeout:g} s ({url})") from None
        except requests.RequestException as exc:
            reason = _first_line(str(getattr(exc, "args", [exc])[0]), 160)
            raise RemoteStoreError(f"cannot reach the remote SPARQL store at {url}: {reason}") from None
        if self.union_param is None and "server" in resp.headers:
            self.union_param = resp.headers["server"].lower().startswith("oxigraph")
        if resp.status_code < 300 or (ok404 and resp.status_code == 404):
            return resp
        detail = _first_line(resp.text)
        status = resp.status_code
        if 300 <= status < 400:
            where = resp.headers.get("Location", "?")
            raise RemoteStoreError(f"{url} redirects to {where} (HTTP {status}); configure that URL instead")
        if status in (401, 403):
            raise RemoteStoreError(
                f"the remote store refused access to {url} (HTTP {status}); check store_user and "
                f"store_password and the account's rights: {detail}"
            )
        if status == 400 or (status == 500 and re.search(r"\b(37000|SP0\d\d|SQ\d{3})\b", detail)):
            raise QueryError(f"the remote store rejected the request: {detail}")
        raise RemoteStoreError(f"the remote store answered HTTP {status} at {url}: {detail}")

    def _gsp(self, method: str, graph: str | None, **kwargs: Any) -> requests.Response:
        if not self.gsp_endpoint:
            raise StoreError("no Graph Store Protocol endpoint configured (gsp_endpoint)")
        params = {"graph": graph} if graph is not None else {"default": ""}
        return self._send(method, self.gsp_endpoint, params=params, **kwargs)

    def check(self) -> None:
        """Make one cheap query, so that an unreachable or misconfigured endpoint fails early."""
        self._send("POST", self.endpoint, data={"query": "ASK {}"}, headers={"Accept": RESULTS_ACCEPT})

    # --- bookkeeping ----------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """A counter that changes on every write made through treatygraph (kept in the meta graph)."""
        q = f"SELECT ?v WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{VERSION_PROPERTY}> ?v }} }}"
        values = [row["v"] for row in self._select(q)]
        return max((int(v.value) for v in values if v.value.isdigit()), default=0)

    def _bump(self) -> None:
        self._set_meta(VERSION_PROPERTY, str(time.time_ns() // 1000))

    def _set_meta(self, prop: str, lexical: str, *, literal: bool = False) -> None:
        """State ``<meta> <prop> value`` in the meta graph in place of any earlier value."""
        meta = f"<{META_GRAPH}>"
        value = json.dumps(lexical) if literal else lexical
        self._update(
            f"DELETE {{ GRAPH {meta} {{ {meta} <{prop}> ?old }} }} "
            f"WHERE {{ GRAPH {meta} {{ {meta} <{prop}> ?old }} }} ;\n"
            f"INSERT DATA {{ GRAPH {meta} {{ {meta} <{prop}> {value} }} }}"
        )

    @property
    def setup_key(self) -> str | None:
        """The key of the ontology and reference data this store was set up with (None: never)."""
        q = f"SELECT ?v WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{SETUP_PROPERTY}> ?v }} }}"
        values = [row["v"].value for row in self._select(q)]
        return values[0] if values else None

    def set_setup_key(self, key: str) -> None:
        """Record the key of the ontology and reference data just loaded (see ``setup_key``)."""
        self._set_meta(SETUP_PROPERTY, key, literal=True)

    def close(self) -> None:
        """Release the HTTP connections."""
        self._session.close()

    def flush(self) -> None:
        """Nothing to do: the remote engine persists its writes."""

    def __len__(self) -> int:
        return sum(self._graph_counts().values())

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------------------------------
    def _select(self, query: str) -> ox.QuerySolutions:
        resp = self._send("POST", self.endpoint, data={"query": query}, headers={"Accept": RESULTS_ACCEPT})
        result = ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON)
        assert isinstance(result, ox.QuerySolutions)
        return result

    def _graph_counts(self) -> dict[str, int]:
        q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        counts = {}
        for row in self._select(q):
            g = row["g"]
            if isinstance(g, ox.NamedNode) and g.value not in SYSTEM_GRAPHS:
                counts[g.value] = int(row["n"].value)
        return counts

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs that hold triples, sorted (the engine's system graphs left out)."""
        q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        names = {r["g"].value for r in self._select(q) if isinstance(r["g"], ox.NamedNode)}
        return sorted(names - SYSTEM_GRAPHS)

    def has_graph_under(self, prefix: str) -> bool:
        """Whether some named graph that holds triples has an IRI starting with ``prefix``."""
        literal = prefix.replace("\\", "\\\\").replace('"', '\\"')
        q = f'SELECT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{literal}")) }} LIMIT 1'
        return any(isinstance(r["g"], ox.NamedNode) for r in self._select(q))

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists (holds at least one triple)."""
        resp = self._send(
            "POST",
            self.endpoint,
            data={"query": f"ASK {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}"},
            headers={"Accept": RESULTS_ACCEPT},
        )
        return bool(ox.parse_query_results(resp.content, format=ox.QueryResultsFormat.JSON))

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one named graph, or in all (system graphs left out)."""
        if graph is None:
            return len(self)
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}"
        return next((int(r["n"].value) for r in self._select(q)), 0)

    def _request_query(
        self,
        query: str,
        accept: str,
        *,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        substitutions: Mapping[str, Any] | None,
        allow_service: Callable[[str], bool] | None,
        base_iri: str | None,
        timeout: float | None,
    ) -> requests.Response:
        check_nesting(query)
        if "SERVICE" in find_keywords(query, ["SERVICE"]) and not (allow_service and allow_service(query)):
            raise QueryError("SERVICE (federated query) is not allowed on this endpoint")
        if substitutions:
            values = {k: check_substitutable(k, str(to_ox(v))) for k, v in substitutions.items()}
            query = substitute(query, values)
        if base_iri and "BASE" not in find_keywords(query, ["BASE"]):
            query = f"BASE {_iri(base_iri)}\n{query}"
        data: list[tuple[str, str]] = [("query", query)]
        if default_graphs is None and named_graphs is None:
            if self.union_param and "FROM" not in find_keywords(query, ["FROM"]):
                data.append(("union-default-graph", ""))
        else:
            data += [("default-graph-uri", g) for g in default_graphs or []]
            data += [("named-graph-uri", g) for g in named_graphs or []]
        headers = {"Accept": accept}
        return self._send("POST", self.endpoint, data=data, headers=headers, timeout=timeout, stream=True)

    def query(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        substitutions: Mapping[str, Any] | None = None,
        allow_service: Callable[[str], bool] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Evaluate a query remotely; SELECT and ASK answers are pyoxigraph's types, CONSTRUCT and
        DESCRIBE answers a list of ``pyoxigraph.Triple`` (not a lazy ``QueryTriples``)."""
        kind = query_form(query)
        resp = self._request_query(
            query,
            GRAPH_ACCEPT if kind == "graph" else RESULTS_ACCEPT,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            substitutions=substitutions,
            allow_service=allow_service,
            base_iri=base_iri,
            timeout=None,
        )
        body = _read(resp, None)
        results_format = ox.QueryResultsFormat.from_media_type(_media(resp))
        if results_format is not None and kind != "graph":
            return ox.parse_query_results(body, format=results_format)
        if kind == "graph" or results_format is None:
            return [q.triple for q in ox.parse(body, format=_rdf_format(resp))]
        raise RemoteStoreError(f"the remote store answered a {kind.upper()} query with {_media(resp)}")

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
        """Evaluate remotely and return the answer serialised as ``choose`` picks (see ``Store.execute``).

        The kind of answer (select, ask, graph) comes from the query's form, so the format is checked
        before anything is sent. The remote engine serialises; its bytes pass through when it honours
        the format asked for in ``Accept``, else they are converted here. ``timeout`` bounds the whole
        exchange; the remote evaluation itself is stopped only by the engine's own limits, so
        ``on_abandon`` is never called. With a ``row_cap``, a SELECT or graph answer is asked for in
        SPARQL JSON or N-Triples (formats pyoxigraph parses), then re-serialised here with at most that
        many rows (the engine still computes and sends them all).
        """

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

        kind = query_form(query)
        if kind is None:
            raise QueryError("not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
        fmt = pick(kind)
        fallback = GRAPH_ACCEPT if kind == "graph" else RESULTS_ACCEPT
        capped = bool(row_cap and row_cap > 0 and kind != "ask")
        started = time.monotonic()
        resp = self._request_query(
            query,
            fallback if capped else f"{fmt.media_type}, {fallback};q=0.5",
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            substitutions=substitutions,
            allow_service=allow_service,
            base_iri=base_iri,
            timeout=timeout,
        )
        body = _read(resp, started + timeout if timeout and timeout > 0 else None)
        media = _media(resp)
        if capped:
            return self._capped(kind, fmt, body, resp, int(row_cap or 0))
        if media == fmt.media_type:
            return Answer(kind, fmt, body)
        if kind == "graph":
            quads = ox.parse(body, format=_rdf_format(resp))
            return Answer(
                kind, fmt, ox.serialize((q.triple for q in quads), format=to_rdf_format(fmt)) or b""
            )
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is None:
            raise RemoteStoreError(f"the remote store answered a {kind.upper()} query with {media!r}")
        parsed = ox.parse_query_results(body, format=results_format)
        return Answer(kind, fmt, parsed.serialize(format=to_results_format(fmt)) or b"")

    def _capped(self, kind: str, fmt: Format, body: bytes, resp: requests.Response, cap: int) -> Answer:
        """The answer with at most ``cap`` solutions or triples, parsed from the engine's bytes."""
        if kind == "graph":
            triples = (q.triple for q in ox.parse(body, format=_rdf_format(resp)))
            capped, truncated = cap_triples(triples, to_rdf_format(fmt), cap)
            return Answer(kind, fmt, capped, truncated=truncated, row_cap=cap)
        results_format = ox.QueryResultsFormat.from_media_type(_media(resp))
        parsed = ox.parse_query_results(body, format=results_format) if results_format else None
        if not isinstance(parsed, ox.QuerySolutions):
            raise RemoteStoreError(f"the remote store answered a SELECT query with {_media(resp)!r}")
        capped, truncated = cap_solutions(parsed, to_results_format(fmt), cap)
        return Answer(kind, fmt, capped, truncated=truncated, row_cap=cap)

    def _iter_graph(self, graph: str) -> Iterator[ox.Triple]:
        """The triples of one named graph: Graph Store GET, or a CONSTRUCT without a GSP endpoint."""
        if self.gsp_endpoint:
            resp = self._gsp("GET", graph, headers={"Accept": GRAPH_ACCEPT}, ok404=True)
            if resp.status_code == 404:
                return iter(())
            return (q.triple for q in ox.parse(resp.content, format=_rdf_format(resp)))
        construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(graph)} {{ ?s ?p ?o }} }}"
        result = self.query(construct)
        assert isinstance(result, list)
        return iter(result)

    def dump(self, output: IO[bytes] | str | Path, fmt: Format, *, graph: str | None = None) -> None:
        """Write the whole store (dataset formats) or one graph to a file or binary stream."""
        if graph is None and not fmt.dataset:
            raise UserError(f"{fmt.name} cannot hold named graphs; name a graph or use trig/nquads")
        if graph is not None:
            items: Iterable[ox.Triple | ox.Quad] = list(self._iter_graph(graph))
        else:
            items = [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                for name in self.graph_names()
                for t in self._iter_graph(name)
            ]
        target = str(output) if isinstance(output, str | Path) else output
        ox.serialize(items, target, format=to_rdf_format(fmt))

    def dump_dataset(self, graphs: Sequence[str] | None = None) -> Dataset:
        """Copy the store (or some named graphs) into an rdflib ``Dataset``."""
        ds = Dataset()
        for name in graphs if graphs is not None else self.graph_names():
            data = ox.serialize(self._iter_graph(name), format=ox.RdfFormat.N_TRIPLES) or b""
            ds.graph(URIRef(name)).parse(data=data, format="nt")
        return ds

    # --- writing -------------------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def _update(self, update: str) -> None:
        self._send("POST", self.update_endpoint, data={"update": update})

    def replace_graph(
        self,
        graph: str,
        triples: Graph | Iterable[tuple[Any, Any, Any]],
        *,
        also: Sequence[Rewrite] = (),
    ) -> int:
        """Replace the content of a named graph: Graph Store ``PUT`` (or one DROP + INSERT DATA update).
        Whether readers can see a mix depends on the engine (docs/remote-stores.md). ``also``: (graph,
        update) rewrites sent right after, as one more update request (not in the same transaction)."""
        self._writable()
        node = _iri(graph)
        try:
            lines = [f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"could not write graph {graph}: {exc}") from None
        started = time.perf_counter()
        if not lines:
            self._drop(graph)
        elif self.gsp_endpoint:
            body = ("\n".join(lines) + "\n").encode("utf-8")
            self._gsp("PUT", graph, data=body, headers={"Content-Type": NT_TYPE})
        else:
            data = "\n".join(lines)
            self._update(f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n{data}\n}} }}")
        self._also(also)
        self._bump()
        log.debug("replaced %s with %d triples in %.3f s", graph, len(lines), time.perf_counter() - started)
        return len(lines)

    def _drop(self, graph: str) -> None:
        if self.gsp_endpoint:
            self._gsp("DELETE", graph, ok404=True)
        else:
            self._update(f"DROP SILENT GRAPH {_iri(graph)}")

    def _also(self, also: Sequence[Rewrite]) -> None:
        if also:
            self._update(join_updates(*(item[1] for item in also)))

    def drop_graph(self, graph: str, *, also: Sequence[Rewrite] = ()) -> None:
        """Remove a named graph and its content (no error if it does not exist); ``also`` as in
        ``replace_graph``."""
        self._writable()
        self._drop(graph)
        self._also(also)
        self._bump()

    def update(self, update: str, *, allow_load: bool = False, also: Sequence[Rewrite] = ()) -> None:
        """Run a SPARQL 1.1 Update at the update endpoint. LOAD and SERVICE are refused unless allowed.
        ``also``: (graph, update) rewrites sent in the same request, after ``update`` (whether the
        request is one transaction depends on the engine)."""
        self._writable()
        check_nesting(update)
        found = find_keywords(update, ["LOAD", "SERVICE"])
        if found and not allow_load:
            raise QueryError(f"{' and '.join(sorted(found))} not allowed in updates on this store")
        self._update(join_updates(update, *(item[1] for item in also)) if also else update)
        self._bump()

    def update_graph(self, graph: str, update: str, *, subjects: Sequence[str] | None = None) -> None:
        """Run an update that rewrites one named graph (the remote engine decides its atomicity;
        ``subjects`` says which triples it touches, which only an embedded store's upkeep needs)."""
        self.update(update)

    def load_file(
        self, path: str | Path, fmt: Format, *, graph: str | None = None, bulk: bool = True
    ) -> None:
        """Load an RDF file: parsed here, then one Graph Store ``POST`` (or INSERT DATA) per graph.
        ``bulk`` is accepted for compatibility and has no effect."""
        self._writable()
        if graph is not None and fmt.dataset and fmt.name != "jsonld":
            raise UserError(f"{fmt.name} carries its own graph names; --graph does not apply")
        by_graph: dict[str | None, list[str]] = {}
        try:
            for q in ox.parse(path=str(path), format=to_rdf_format(fmt)):
                name = graph if graph is not None else _graph_name(q.graph_name)
                by_graph.setdefault(name, []).append(f"{q.subject} {q.predicate} {q.object} .")
        except SyntaxError as exc:
            raise UserError(f"{Path(path).name}: not valid {fmt.name}: {str(exc).splitlines()[0]}") from None
        except OSError as exc:
            raise StoreError(f"loading {Path(path).name} failed: {exc}") from None
        for name, lines in by_graph.items():
            body = "\n".join(lines) + "\n"
            if self.gsp_endpoint:
                self._gsp("POST", name, data=body.encode("utf-8"), headers={"Content-Type": NT_TYPE})
            elif name is None:
                self._update(f"INSERT DATA {{\n{body}}}")
            else:
                self._update(f"INSERT DATA {{ GRAPH {_iri(name)} {{\n{body}}} }}")
        self._bump()


def _iri(iri: str) -> str:
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise UserError(f"not a valid IRI: {iri!r}") from None


def _graph_name(node: Any) -> str | None:
    return node.value if isinstance(node, ox.NamedNode) else None


def _rdf_format(resp: requests.Response) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(_media(resp))
    if fmt is None:
        raise RemoteStoreError(f"the remote store answered with an unknown media type {_media(resp)!r}")
    return fmt


def _read(resp: requests.Response, deadline: float | None) -> bytes:
    """The whole body of a streamed response, giving up at ``deadline`` (a ``time.monotonic`` value)."""
    buf = io.BytesIO()
    try:
        for chunk in resp.iter_content(1 << 16):
            buf.write(chunk)
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout("the remote store's answer exceeded the time limit")
    except requests.RequestException as exc:
        raise RemoteStoreError(f"the answer of the remote store was cut off: {exc}") from None
    finally:
        resp.close()
    return buf.getvalue()


__all__ = ["META_GRAPH", "SYSTEM_GRAPHS", "ChallengeAuth", "RemoteStore"]
