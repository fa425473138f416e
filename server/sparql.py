"""``/sparql``: the SPARQL 1.1 Protocol query operation (https://www.w3.org/TR/sparql11-protocol/,
section 2.1) and, on a bare GET, a SPARQL 1.1 Service Description
(https://www.w3.org/TR/sparql11-service-description/).

The endpoint is read-only: an update (section 2.2) is refused with 403 and changes nothing.
Limits: a body above ``max_request_bytes`` or a query above ``max_query_chars`` characters is
refused with 413; a query running longer than ``query_timeout`` seconds gets 503 with ``Retry-After``.

Caching (:mod:`server.cache`): successful answers carry a strong ``ETag`` and ``Cache-Control:
no-cache`` (any cache may store them but must revalidate: the data can change at any write). A GET or
HEAD whose ``If-None-Match`` matches gets 304 with no body; a POST whose ``If-None-Match`` matches gets
412 (RFC 9110, section 13.1.2). Answers are kept in a per-worker LRU keyed by query, dataset, negotiated
formats, base IRI, result-row cap and store version; ``X-Cache: hit`` or ``miss`` says whether the
answer came from it. A request with ``Cache-Control: no-cache`` (or ``Pragma: no-cache``) is evaluated
afresh. Errors and timeouts are never cached; a remote store is not cached (its data can change behind
treatygraph's back).

Result-row cap (``result_row_cap``, issue 6): a SELECT answer holds at most that many solutions and a
CONSTRUCT or DESCRIBE answer at most that many triples. Every such answer carries
``Treatygraph-Row-Cap: N``; one that was cut is still 200 and carries ``Treatygraph-Result-Truncated:
true`` (never a silent truncation). ASK answers are never capped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, request, url_for
from flask.blueprints import BlueprintSetupState
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Namespace, URIRef
from werkzeug.datastructures import MultiDict

from kg.config import Settings
from kg.formats import FORMATS, Format
from kg.namespaces import SD, VOID
from kg.store import Answer, GraphStore, Store
from kg.store.sparqltext import keyword_operands
from server import get_settings, get_store, mark_abandoned
from server.cache import (
    CACHE_HEADER,
    DEFAULT_CACHE_BYTES,
    AnswerCache,
    CachedAnswer,
    etag_matches,
    make_etag,
    no_cache_requested,
)
from server.errors import ProtocolError, ReadOnly, TooLarge, UnsupportedMediaType
from server.headers import as_cap, row_cap_headers
from server.limits import iri_allowed
from server.negotiation import NotAcceptable, check_acceptable, choose_format

bp = Blueprint("sparql", __name__)

ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
#: Parameters that make a GET a protocol operation rather than a request for the service description.
PROTOCOL_PARAMS = (
    "query",
    "update",
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
ALLOW = "GET, POST, OPTIONS"
#: Where the app keeps its answer cache (``app.extensions``).
CACHE_EXTENSION = "treatygraph.answer_cache"
#: Answer kinds in the order of the negotiated-formats tuple.
ANSWER_KINDS = ("select", "ask", "graph")

#: W3C format IRIs (https://www.w3.org/ns/formats/) of the formats in ``kg.formats.FORMATS``.
_W3C_FORMAT_NAMES = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}
_RDFLIB_NAMES = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


class PreconditionFailed(ProtocolError):
    """An ``If-None-Match`` that matches on a POST (RFC 9110, section 13.1.2: 412, not 304)."""

    status = 412


@dataclass(frozen=True)
class Operation:
    """What a request asks for: its parameters (URL and form merged), query and update strings."""

    params: MultiDict[str, str]
    queries: list[str]
    updates: list[str]


def _decode_params(raw: bytes, where: str) -> MultiDict[str, str]:
    """Parse ``application/x-www-form-urlencoded`` data strictly: invalid UTF-8 is a 400, not U+FFFD."""
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(f"the {where} is not valid UTF-8 (percent-encoded bytes must be UTF-8)") from None
    return MultiDict(pairs)


def _read_body_text(media_type: str) -> str:
    charset = (request.mimetype_params.get("charset") or "utf-8").strip().lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(f"{media_type} bodies must be UTF-8, not {charset}")
    try:
        return request.get_data(cache=False).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ProtocolError("the request body is not valid UTF-8") from None


def read_operation() -> Operation:
    """Read the protocol parameters of a GET or POST (section 2.1: the three query operations)."""
    raw_qs = request.environ.get("QUERY_STRING", "").encode("latin-1")
    url_params = _decode_params(raw_qs, "URL query string")
    if request.method in ("GET", "HEAD"):
        return Operation(url_params, url_params.getlist("query"), url_params.getlist("update"))
    media_type = request.mimetype
    if media_type == FORM:
        form = _decode_params(request.get_data(cache=False), "request body")
        params = MultiDict([*url_params.items(multi=True), *form.items(multi=True)])
        return Operation(params, params.getlist("query"), params.getlist("update"))
    if media_type in (QUERY_TYPE, UPDATE_TYPE):
        text = _read_body_text(media_type)
        queries = url_params.getlist("query")
        updates = url_params.getlist("update")
        (queries if media_type == QUERY_TYPE else updates).append(text)
        return Operation(url_params, queries, updates)
    wanted = f"{FORM} or {QUERY_TYPE}"
    if not media_type:
        raise UnsupportedMediaType(f"a POST to this endpoint needs a Content-Type: {wanted}")
    raise UnsupportedMediaType(f"unsupported request body type {media_type}; use {wanted}")


# --- SERVICE allow-list ------------------------------------------------------------------------------
def service_targets(query: str) -> list[str | None]:
    """The endpoint IRIs of every SERVICE clause in ``query`` (None for a variable or unknown prefix)."""
    return keyword_operands(query, ["SERVICE"]).get("SERVICE", [])


def service_allowed(query: str, allowlist: str) -> bool:
    """Whether every SERVICE endpoint in ``query`` is under one of the space-separated prefixes (same
    scheme, host and port: ``server.limits.iri_allowed``)."""
    prefixes = [p for p in allowlist.split() if p]
    targets = service_targets(query)
    if not prefixes or not targets:
        return False
    return all(t is not None and any(iri_allowed(t, p) for p in prefixes) for t in targets)


# --- service description -----------------------------------------------------------------------------
def describe_service(endpoint: str, graph_names: list[str], *, federated: bool, void_url: str) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint as an RDF graph."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    service, dataset, default_graph = BNode(), BNode(), BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if federated:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT.Simple))
    for fmt in FORMATS:
        g.add((service, SD.resultFormat, W3C_FORMATS[_W3C_FORMAT_NAMES[fmt.name]]))
    g.add((service, SD.defaultDataset, dataset))
    g.add((service, RDFS.seeAlso, URIRef(void_url)))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((dataset, RDFS.seeAlso, URIRef(void_url)))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    for name in graph_names:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g


def serialize_graph(graph: Graph, fmt: Format) -> bytes:
    """Serialise an rdflib graph in an RDF format (dataset formats put it in the default graph)."""
    target: Graph = graph
    if fmt.dataset and fmt.name != "jsonld":
        target = Dataset()
        for prefix, ns in graph.namespaces():
            target.bind(prefix, ns)
        for triple in graph:
            target.add(triple)
    return target.serialize(format=_RDFLIB_NAMES[fmt.name], encoding="utf-8")


def _service_description(params: MultiDict[str, str]) -> Response:
    fmt = choose_format(
        "description", format_param=params.get("format"), accept=request.headers.get("Accept")
    )
    endpoint = url_for("sparql.endpoint", _external=True)
    void_url = request.host_url.rstrip("/") + "/.well-known/void"
    graph = describe_service(
        endpoint,
        get_store().graph_names(),
        federated=bool(get_settings().service_allowlist.split()),
        void_url=void_url,
    )
    resp = Response(serialize_graph(graph, fmt), 200, content_type=fmt.content_type)
    resp.vary.add("Accept")
    return resp


# --- the answer cache --------------------------------------------------------------------------------
@bp.record_once
def _install_cache(state: BlueprintSetupState) -> None:
    """Give the app its answer cache (sized by the ``cache_bytes`` setting, when there is one)."""
    server_state = state.app.extensions.get("treatygraph")
    size = DEFAULT_CACHE_BYTES
    if server_state is not None:
        configured = getattr(server_state.settings, "cache_bytes", None)
        size = DEFAULT_CACHE_BYTES if configured is None else int(configured)
        if not isinstance(server_state.store, Store):  # a remote store changes behind our back
            size = 0
    state.app.extensions[CACHE_EXTENSION] = AnswerCache(size)


def get_cache() -> AnswerCache | None:
    """The answer cache of the current app, if it has one."""
    return current_app.extensions.get(CACHE_EXTENSION)


@functools.lru_cache(maxsize=256)
def negotiate(format_param: str | None, accept: str | None) -> tuple[Format | None, ...]:
    """The format for each answer kind (select, ask, graph), None where the request rules every one out.

    A pure function of the two request values, memoised: most clients send the same few headers.
    """
    chosen: list[Format | None] = []
    for kind in ANSWER_KINDS:
        try:
            chosen.append(choose_format(kind, format_param=format_param, accept=accept))
        except NotAcceptable:
            chosen.append(None)
    return tuple(chosen)


def wants_fresh() -> bool:
    """Whether the client asks not to be served from a cache (``Cache-Control: no-cache``, ``Pragma``)."""
    return no_cache_requested(request.headers.get("Cache-Control"), request.headers.get("Pragma"))


def answer_headers(entry: CachedAnswer, cache_state: str) -> dict[str, str]:
    """The protocol headers of an answer (besides its Content-Type): validator, caching, row cap."""
    headers = {"ETag": entry.etag, "Cache-Control": "no-cache", "Vary": "Accept", CACHE_HEADER: cache_state}
    headers.update(row_cap_headers(entry.row_cap, entry.truncated))
    return headers


def respond(entry: CachedAnswer, cache_state: str) -> Response:
    """The response for an answer: 200 with the body, or 304 when the client's copy is current."""
    headers = answer_headers(entry, cache_state)
    if etag_matches(request.headers.get("If-None-Match"), entry.etag):
        if request.method not in ("GET", "HEAD"):
            raise PreconditionFailed("If-None-Match matches the current answer", headers={"ETag": entry.etag})
        return Response(status=304, headers=headers)
    return Response(entry.body, 200, headers=headers, content_type=entry.content_type)


# --- the endpoint ------------------------------------------------------------------------------------
@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
@bp.route("/sparql/", methods=["GET", "POST", "OPTIONS"], endpoint="endpoint_slash")
def endpoint() -> Response:
    """Answer a SPARQL query (GET, POST form or POST direct), or describe the service on a bare GET."""
    if request.method == "OPTIONS":
        return Response(status=204, headers={"Allow": ALLOW})
    op = read_operation()
    if op.queries and op.updates:
        raise ProtocolError("a request carries either 'query' or 'update', not both")
    if op.updates:
        if request.method != "POST":
            raise ProtocolError("SPARQL Update must be sent with POST")
        raise ReadOnly("this endpoint is read-only: SPARQL Update is not enabled")
    if not op.queries:
        if request.method in ("GET", "HEAD") and not any(p in op.params for p in PROTOCOL_PARAMS):
            return _service_description(op.params)
        raise ProtocolError("missing 'query' parameter")
    if len(op.queries) > 1:
        raise ProtocolError(f"exactly one 'query' is allowed, got {len(op.queries)}")
    params = op.params
    entry, cache_state = answer_query(
        op.queries[0],
        default_graphs=params.getlist("default-graph-uri"),
        named_graphs=params.getlist("named-graph-uri"),
        format_param=params.get("format"),
        accept=request.headers.get("Accept"),
        base_iri=request.base_url,  # the service-defined base: the endpoint URL
        fresh=wants_fresh(),
        settings=get_settings(),
        store=get_store(),
        cache=get_cache(),
        on_abandon=mark_abandoned,
    )
    return respond(entry, cache_state)


def answer_query(
    query: str,
    *,
    default_graphs: list[str],
    named_graphs: list[str],
    format_param: str | None,
    accept: str | None,
    base_iri: str,
    fresh: bool,
    settings: Settings,
    store: GraphStore,
    cache: AnswerCache | None,
    on_abandon: Callable[[], None] | None,
) -> tuple[CachedAnswer, str]:
    """The answer to a query operation and its ``X-Cache`` state (hit, miss or bypass), from the answer
    cache or evaluated. Free of the web framework: the endpoint above and ``server.fastpath`` (the same
    request without Flask) both answer through it. Raises the protocol errors (400, 406, 413, 503)."""
    if not query.strip():
        raise ProtocolError("the query is empty")
    if len(query) > settings.max_query_chars:
        limit = settings.max_query_chars
        raise TooLarge(f"the query is {len(query)} characters long; the limit is {limit} (max_query_chars)")
    dataset_given = bool(default_graphs or named_graphs)
    formats = negotiate(format_param, accept)
    if not any(formats):
        check_acceptable(ANSWER_KINDS, format_param=format_param, accept=accept)  # raises the 406

    def choose(kind: str) -> Format:
        fmt = formats[ANSWER_KINDS.index(kind)]
        return fmt if fmt is not None else choose_format(kind, format_param=format_param, accept=accept)

    dataset = (tuple(default_graphs), tuple(named_graphs)) if dataset_given else None
    row_cap = as_cap(settings.result_row_cap)
    key = (query, dataset, tuple(f.name if f else "" for f in formats), base_iri, row_cap)
    allowlist = settings.service_allowlist or ""
    return cached_answer(
        key,
        lambda: store.execute(
            query,
            choose=choose,
            default_graphs=default_graphs if dataset_given else None,
            named_graphs=named_graphs if dataset_given else None,
            timeout=settings.query_timeout or None,
            on_abandon=on_abandon,
            allow_service=lambda q: service_allowed(q, allowlist),
            base_iri=base_iri,
            row_cap=row_cap,
        ),
        store=store,
        cache=cache,
        fresh=fresh,
        key_bytes=len(query),
    )


def cached_answer(
    key: Hashable,
    evaluate: Callable[[], Answer],
    *,
    store: GraphStore,
    cache: AnswerCache | None,
    fresh: bool,
    key_bytes: int,
) -> tuple[CachedAnswer, str]:
    """The answer under ``key`` at the store's version, from the answer cache (unless ``fresh``) or from
    ``evaluate()``, kept for next time; with its ``X-Cache`` state (hit, miss or bypass). ``/sparql`` and
    ``/queries/<name>`` both answer through it."""
    if cache is not None and not cache.enabled:
        cache = None
    # The version is read before evaluating: an answer computed during a write keys on the old one.
    version = store.version if cache is not None else 0
    entry = cache.get(key, version) if cache is not None and not fresh else None
    if entry is not None:
        return entry, "hit"
    answer = evaluate()
    variant = answer.format.name + (f";truncated={answer.row_cap}" if answer.truncated else "")
    entry = CachedAnswer(
        answer.body,
        answer.format.content_type,
        make_etag(version, variant, answer.body),
        truncated=answer.truncated,
        row_cap=answer.row_cap,
    )
    if cache is not None:
        cache.put(key, version, entry, key_bytes=key_bytes)
    return entry, ("miss" if cache is not None else "bypass")


__all__ = [
    "ANSWER_KINDS",
    "CACHE_EXTENSION",
    "Operation",
    "PreconditionFailed",
    "answer_headers",
    "answer_query",
    "bp",
    "cached_answer",
    "describe_service",
    "get_cache",
    "negotiate",
    "read_operation",
    "respond",
    "wants_fresh",
    "serialize_graph",
    "service_allowed",
]
