"""Writes over HTTP, all behind the bearer token ``update_token`` (unset: the server is read-only).

- ``POST /update``: SPARQL 1.1 Update (https://www.w3.org/TR/sparql11-protocol/, 2.2), as an
  ``application/sparql-update`` body or an ``update=`` form field. ``LOAD`` and ``SERVICE`` are refused
  unless every IRI they name starts with a prefix of ``service_allowlist``.
- ``/data?graph=IRI``: the SPARQL 1.1 Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/).
  GET and HEAD need no token; PUT replaces the graph, POST merges into it, DELETE drops it. Every graph
  of this store is a named graph and its default graph is the union of them, so ``?default`` is
  refused with 400 (read the union with ``/dump.nq`` or ``/sparql``).
- ``POST /ingest``: one article (``text/plain``, ``text/markdown``, ``text/html``, ``application/json``
  body, or a ``multipart/form-data`` file) through the same pipeline as ``treatygraph ingest``.

Without a token a write gets 401 with ``WWW-Authenticate: Bearer``; a wrong token gets 403. Writes run
one at a time (a writer lock), each in one store transaction, and each bumps ``store.version``. Every
write recomputes the inferences graph (kg/reason.py) in that same transaction (embedded store; a remote
store gets the rules right after the write, still under the writer lock), as ``/ingest`` does.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, jsonify, request

from kg import iris
from kg.article import read_article
from kg.errors import QueryError
from kg.formats import FORMATS, Format, get_format, to_rdf_format
from kg.guards import check_json_nesting, check_xml
from kg.ingest import ARTICLE_SUFFIXES, Touched, inferences_rewrite, ingest_paths
from kg.store.sparqltext import check_nesting, keyword_operands
from server import get_settings, get_store
from server.errors import (
    Busy,
    NotFound,
    ProtocolError,
    ReadOnly,
    TooLarge,
    Unauthorized,
    UnsupportedMediaType,
)
from server.limits import iri_allowed
from server.negotiation import choose_format

bp = Blueprint("writes", __name__)

#: Seconds a write waits for the writer lock before it gets 503.
WRITE_WAIT = 30.0
#: Body types ``/ingest`` takes, and the file suffix the article reader sees for each.
ARTICLE_TYPES = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/json": ".json",
}
#: Bytes allowed on top of ``max_article_bytes`` for multipart framing.
MULTIPART_SLACK = 64 * 1024
_WRITER = "treatygraph_writer"
_REALM = 'Bearer realm="treatygraph"'
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


# --- authorisation and the writer lock ---------------------------------------------------------------
def require_token() -> None:
    """Refuse the request unless it carries ``Authorization: Bearer <update_token>``."""
    token = get_settings().update_token
    if not token:
        raise ReadOnly("this server is read-only: writes are not enabled (no update_token is set)")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise Unauthorized("this write needs a bearer token", headers={"WWW-Authenticate": _REALM})
    if not hmac.compare_digest(given.strip().encode("utf-8"), str(token).encode("utf-8")):
        raise ReadOnly(
            "the bearer token is not valid for writes",
            headers={"WWW-Authenticate": _REALM + ', error="invalid_token"'},
        )


@contextmanager
def writer() -> Iterator[None]:
    """Hold the app's writer lock (writes run one at a time); 503 if it stays taken."""
    lock: threading.Lock = current_app.extensions[_WRITER]
    if not lock.acquire(timeout=WRITE_WAIT):
        raise Busy("another write is in progress; try again later", headers={"Retry-After": "5"})
    try:
        yield
    finally:
        lock.release()


def _limit_body(max_bytes: int) -> None:
    request.max_content_length = max_bytes
    if request.content_length is not None and request.content_length > max_bytes:
        raise TooLarge(f"request body too large: the limit is {max_bytes} bytes")


def _body() -> bytes:
    return request.get_data(cache=False)


# --- SPARQL Update -------------------------------------------------------------------------------------
def load_sources(update: str) -> list[str | None]:
    """The IRIs every ``LOAD`` in ``update`` reads from (None where one cannot be told statically)."""
    return keyword_operands(update, ["LOAD"]).get("LOAD", [])


def outbound_allowed(update: str, allowlist: str) -> bool:
    """Whether every IRI that ``LOAD`` or ``SERVICE`` in ``update`` would fetch is allow-listed."""
    prefixes = [p for p in (allowlist or "").split() if p]
    operands = keyword_operands(update, ["LOAD", "SERVICE"])
    targets = operands.get("LOAD", []) + operands.get("SERVICE", [])
    if not prefixes or not targets:
        return False
    return all(t is not None and any(iri_allowed(t, p) for p in prefixes) for t in targets)


def _read_update() -> str:
    if request.mimetype == "application/sparql-update":
        charset = (request.mimetype_params.get("charset") or "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(f"application/sparql-update bodies must be UTF-8, not {charset}")
        try:
            return _body().decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise ProtocolError("the request body is not valid UTF-8") from None
    if request.mimetype == "application/x-www-form-urlencoded":
        updates = request.form.getlist("update")
        if len(updates) != 1:
            raise ProtocolError(f"exactly one 'update' is required, got {len(updates)}")
        if request.form.getlist("using-graph-uri") or request.form.getlist("using-named-graph-uri"):
            raise ProtocolError("using-graph-uri and using-named-graph-uri are not supported; use USING")
        return updates[0]
    raise UnsupportedMediaType(
        "POST /update needs Content-Type application/sparql-update or application/x-www-form-urlencoded"
    )


@bp.route("/update", methods=["POST"])
def update() -> Response:
    """Run a SPARQL 1.1 Update in one transaction."""
    require_token()
    settings = get_settings()
    _limit_body(settings.max_request_bytes)
    text = _read_update()
    if not text.strip():
        raise ProtocolError("the update is empty")
    if len(text) > settings.max_query_chars:
        raise TooLarge(f"the update is {len(text)} characters long; the limit is {settings.max_query_chars}")
    check_nesting(text)
    allowed = outbound_allowed(text, settings.service_allowlist)
    store = get_store()
    with writer():
        try:
            store.update(text, allow_load=allowed, also=[inferences_rewrite()])
        except QueryError as exc:
            if "not allowed" in str(exc):
                raise ReadOnly(f"{exc} (only IRIs under service_allowlist may be fetched)") from None
            raise
    return Response(status=204, headers={"Treatygraph-Store-Version": str(store.version)})


# --- Graph Store Protocol ------------------------------------------------------------------------------
def _graph_iri() -> str:
    if "default" in request.args:
        raise ProtocolError(
            "this store keeps every triple in a named graph and its default graph is their union: "
            "?default is not supported; name a graph with ?graph=IRI (the union: /dump.nq or /sparql)"
        )
    graphs = request.args.getlist("graph")
    if len(graphs) != 1:
        raise ProtocolError("name exactly one graph with ?graph=IRI")
    iri = graphs[0].strip()
    if not _ABSOLUTE_IRI.match(iri):
        raise ProtocolError(f"the graph must be an absolute IRI, not {iri!r}")
    return iri


def upload_format(media_type: str) -> Format:
    """The RDF format of an upload's media type (graph formats only); 415 otherwise."""
    for f in FORMATS:
        if f.kind == "rdf" and (media_type == f.media_type or media_type in f.aliases):
            if f.dataset and f.name != "jsonld":
                break
            return f
    accepted = (
        ", ".join(f.media_type for f in FORMATS if f.kind == "rdf" and not f.dataset)
        + ", "
        + (get_format("jsonld").media_type)
    )
    raise UnsupportedMediaType(
        f"cannot read {media_type or 'a body without Content-Type'} as a graph; use {accepted}"
    )


def parse_upload(
    data: bytes, fmt: Format, *, base_iri: str, max_expansion: int
) -> list[tuple[Any, Any, Any]]:
    """Parse an uploaded graph after the hostile-input guards; 400 with the parser's message if invalid."""
    if fmt.name == "rdfxml":
        check_xml(data, max_expansion=max_expansion)
    elif fmt.name == "jsonld":
        check_json_nesting(data)
    try:
        quads = ox.parse(
            data, to_rdf_format(fmt), base_iri=base_iri, without_named_graphs=True, rename_blank_nodes=True
        )
        triples = [(q.subject, q.predicate, q.object) for q in quads]
    except (SyntaxError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProtocolError(f"not valid {fmt.name}: {first}") from None
    if any(isinstance(t, ox.Triple) for triple in triples for t in triple):
        raise ProtocolError("triple terms (RDF 1.2) are not supported")
    return triples


def _existing(graph: str) -> list[tuple[Any, Any, Any]]:
    buf = io.BytesIO()
    get_store().dump(buf, get_format("ntriples"), graph=graph)
    return [(q.subject, q.predicate, q.object) for q in ox.parse(buf.getvalue(), ox.RdfFormat.N_TRIPLES)]


def _inferences_after(graph: str, touched: Touched) -> tuple[str, str, tuple[str, ...] | None]:
    """The inferences rewrite for a Graph Store write of ``graph``: only the inferences about the nodes
    it touched, unless it rewrites the ontology (the rules read the hierarchy from it) or touched too
    many nodes (or blank nodes), when everything is recomputed."""
    if graph in (str(iris.ONTOLOGY_GRAPH), str(iris.INFERENCES_GRAPH)):
        return inferences_rewrite()
    return inferences_rewrite(touched.subjects)


@bp.route("/data", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """The Graph Store Protocol on ``?graph=IRI``."""
    graph = _graph_iri()
    store = get_store()
    if request.method in ("GET", "HEAD"):
        fmt = choose_format(
            "graph", format_param=request.args.get("format"), accept=request.headers.get("Accept")
        )
        if not store.has_graph(graph):
            raise NotFound(f"no graph {graph} in this store")
        buf = io.BytesIO()
        store.dump(buf, fmt, graph=graph)
        resp = Response(buf.getvalue(), 200, content_type=fmt.content_type)
        resp.vary.add("Accept")
        return resp
    require_token()
    settings = get_settings()
    if request.method == "DELETE":
        with writer():
            if not store.has_graph(graph):
                raise NotFound(f"no graph {graph} in this store")
            touched = Touched()
            touched.before_write(store, graph, [])
            store.drop_graph(graph, also=[_inferences_after(graph, touched)])
        return Response(status=204)
    _limit_body(settings.max_request_bytes)
    fmt = upload_format(request.mimetype)
    triples = parse_upload(_body(), fmt, base_iri=graph, max_expansion=settings.max_request_bytes)
    with writer():
        existed = store.has_graph(graph)
        if request.method == "POST" and existed:
            triples = _existing(graph) + triples
        touched = Touched()
        touched.before_write(store, graph, triples)
        store.replace_graph(graph, triples, also=[_inferences_after(graph, touched)])
    return Response(status=204 if existed else 201)


# --- articles ------------------------------------------------------------------------------------------
def _article_name(requested: str | None, data: bytes, suffix: str) -> str:
    """A safe file name for an uploaded article: the client's base name, else a content hash."""
    stem = ""
    if requested:
        base = Path(requested.replace("\\", "/")).name
        if Path(base).suffix.lower() in ARTICLE_SUFFIXES:
            suffix = Path(base).suffix.lower()
            base = base[: -len(suffix)]
        stem = _SAFE_NAME.sub("-", base).strip(".-")[:100]
    if not stem:
        stem = "upload-" + hashlib.sha256(data).hexdigest()[:12]
    return stem + suffix


def _read_article() -> tuple[str, bytes]:
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file") or next(iter(request.files.values()), None)
        if upload is None:
            raise ProtocolError("a multipart upload needs a 'file' part")
        data = upload.read()
        suffix = ARTICLE_TYPES.get(upload.mimetype or "", ".txt")
        return _article_name(request.args.get("name") or upload.filename, data, suffix), data
    suffix = ARTICLE_TYPES.get(request.mimetype)
    if suffix is None:
        types = ", ".join(ARTICLE_TYPES)
        raise UnsupportedMediaType(
            f"POST /ingest takes {types} or multipart/form-data, not {request.mimetype or 'nothing'}"
        )
    data = _body()
    return _article_name(request.args.get("name"), data, suffix), data


@bp.route("/ingest", methods=["POST"])
def ingest() -> Response:
    """Ingest one article (the ``treatygraph ingest`` pipeline); answers a JSON summary."""
    require_token()
    settings = get_settings()
    _limit_body(int(settings.max_article_bytes) + MULTIPART_SLACK)
    name, data = _read_article()
    if len(data) > settings.max_article_bytes:
        raise TooLarge(f"article is too large ({len(data)} bytes > {settings.max_article_bytes})")
    if name.endswith(".json"):
        check_json_nesting(data)
    store = get_store()
    with writer(), tempfile.TemporaryDirectory(prefix="treatygraph-ingest-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        read_article(path, max_bytes=settings.max_article_bytes)  # bad input: 400 before the store changes
        summary = ingest_paths(store, [path], settings)
        version = store.version
    (result,) = summary.results
    if result.error is not None:
        raise ProtocolError(result.error)
    body = {
        "article": name,
        "graph": result.graph,
        "triples": result.triples,
        "entities": result.entities,
        "events": result.events,
        "claims": result.claims,
        "seconds": round(summary.seconds, 3),
        "version": version,
    }
    resp = jsonify(body)
    resp.status_code = 201
    return resp


def register_writes(app: Any) -> None:
    """Install the write routes and the writer lock on ``app``."""
    app.extensions[_WRITER] = threading.Lock()
    app.register_blueprint(bp)


__all__ = [
    "ARTICLE_TYPES",
    "bp",
    "load_sources",
    "outbound_allowed",
    "parse_upload",
    "register_writes",
    "require_token",
    "upload_format",
    "writer",
]
