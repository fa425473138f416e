"""The page to explore (``/``), label search (``/search``) and named queries over HTTP (``/queries``).

``/search?q=`` finds resources by label or alias (``queries/search-labels.rq``), ranked exact > prefix >
contains, as JSON or, with ``format=html``, as the explore page with a results list (the search form
works without JavaScript). ``/queries`` lists the named queries; ``/queries/<name>?param=value`` runs
one, with the result format negotiated exactly as ``/sparql`` does (URL suffix, ``?format=``, Accept).
The page runs only scripts and styles from ``server/static``, under the CSP of ``server/headers.py``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from flask import Blueprint, Response, render_template, request, url_for

from kg.errors import ParameterError
from kg.namespaces import TG
from kg.queries import NamedQuery, get_named_query, iter_named_queries, prepare
from kg.store import Store
from server import get_settings, get_store, mark_abandoned
from server.errors import ProtocolError
from server.headers import as_cap
from server.negotiation import check_acceptable, chooser, parse_accept, quality
from server.sparql import cached_answer, get_cache, respond, wants_fresh

bp = Blueprint("explore", __name__)

SEARCH_LIMIT = 20
MAX_SEARCH_LIMIT = 100
MAX_SEARCH_CHARS = 200
#: URL parameters of ``/queries/<name>`` that are not query parameters.
RESERVED = ("format",)


@dataclass(frozen=True)
class SearchHit:
    """One resource found by label search."""

    iri: str
    href: str
    label: str
    type: str | None
    typeIri: str | None  # the JSON field name
    matched: str
    alias: str | None
    rank: int


def resource_href(iri: str, base: str) -> str:
    """Where a resource is browsed on this server: ``/id/...`` for instances, ``/ontology#X`` for terms."""
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    if iri.startswith(str(TG)):
        return "/ontology#" + iri[len(str(TG)) :]
    return iri


def _local_name(iri: str | None) -> str | None:
    if not iri:
        return None
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def search_labels(
    store: Store, text: str, *, base: str, limit: int = SEARCH_LIMIT, timeout: float | None = None
) -> list[SearchHit]:
    """Resources whose label or alias contains ``text`` (any case): exact, then prefix, then contains."""
    query, values = prepare(get_named_query("search-labels"), {"q": text}, base)
    answer = store.execute(query, choose="json", substitutions=values, timeout=timeout)
    best: dict[str, SearchHit] = {}
    for row in json.loads(answer.body)["results"]["bindings"]:
        iri = row["resource"]["value"]
        matched = row["matched"]["value"]
        rank = int(row["rank"]["value"])
        label = row.get("label", {}).get("value") or matched
        type_iri = row.get("type", {}).get("value")
        hit = SearchHit(
            iri=iri,
            href=resource_href(iri, base),
            label=label,
            type=_local_name(type_iri),
            typeIri=type_iri,
            matched=matched,
            alias=matched if row["via"]["value"] == "alias" else None,
            rank=rank,
        )
        old = best.get(iri)
        if old is None or (hit.rank, len(hit.matched)) < (old.rank, len(old.matched)):
            best[iri] = hit
    ranked = sorted(best.values(), key=lambda h: (h.rank, len(h.matched), h.label.lower(), h.iri))
    return ranked[:limit]


def _page(**context: object) -> Response:
    settings = get_settings()
    values: dict[str, object] = {"q": "", "hits": None, **context}
    html = render_template("explore.html", base_iri=settings.base_iri, ontology_ns=str(TG), **values)
    return Response(html, 200, content_type="text/html; charset=utf-8")  # CSP: server/headers.py


def _wants_html() -> bool:
    fmt = (request.args.get("format") or "").strip().lower()
    if fmt:
        if fmt not in ("html", "json"):
            raise ProtocolError(f"format must be html or json, not {fmt!r}")
        return fmt == "html"
    ranges = parse_accept(request.headers.get("Accept"))
    html_q, html_spec, _ = quality(ranges, "text/html")
    json_q, json_spec, _ = quality(ranges, "application/json")
    return (html_q, html_spec) > (json_q, json_spec)


@bp.get("/")
def index() -> Response:
    """The page to explore: search, query editor with named queries, results, graph view, timeline."""
    return _page()


@bp.get("/search")
def search() -> Response:
    """Label and alias search: ``q`` (required for results), ``limit`` (1..100), ``format`` json|html."""
    text = (request.args.get("q") or "").strip()
    if len(text) > MAX_SEARCH_CHARS:
        raise ProtocolError(f"q is {len(text)} characters long; the limit is {MAX_SEARCH_CHARS}")
    raw_limit = request.args.get("limit") or str(SEARCH_LIMIT)
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_SEARCH_LIMIT:
        raise ProtocolError(f"limit must be an integer from 1 to {MAX_SEARCH_LIMIT}, not {raw_limit!r}")
    settings = get_settings()
    hits = []
    if text:
        hits = search_labels(
            get_store(),
            text,
            base=settings.base_iri,
            limit=int(raw_limit),
            timeout=settings.query_timeout or None,
        )
    if _wants_html():
        resp = _page(q=text, hits=hits)
    else:
        body = {"q": text, "count": len(hits), "results": [asdict(h) for h in hits]}
        resp = Response(json.dumps(body, ensure_ascii=False), 200, mimetype="application/json")
    resp.vary.add("Accept")
    return resp


def _describe(query: NamedQuery) -> dict[str, object]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "params": [
            {"name": p.name, "kind": p.kind, "optional": p.optional, "description": p.description}
            for p in query.params
        ],
        "url": url_for("explore.named_query", name=query.name),
        "text": query.text,
    }


@bp.get("/queries")
def queries() -> Response:
    """The named queries as JSON: name, title, description, parameters, URL and SPARQL text."""
    body = {"queries": [_describe(q) for q in iter_named_queries()]}
    return Response(json.dumps(body, ensure_ascii=False), 200, mimetype="application/json")


def _raw_params() -> dict[str, str]:
    raw: dict[str, str] = {}
    for name in request.args:
        if name in RESERVED:
            continue
        values = request.args.getlist(name)
        if len(values) > 1:
            raise ParameterError(f"parameter {name!r} is given {len(values)} times; give it once")
        if values[0].strip():  # an empty form field means "not given"
            raw[name] = values[0]
    return raw


@bp.get("/queries/<name>")
def named_query(name: str) -> Response:
    """Run a named query with parameters from the URL; ``/queries/<name>.rq`` gives its SPARQL text.

    The answer's format comes from a URL suffix (``.csv``, ``.srj``, ``.ttl``...), then ``?format=``,
    then ``Accept``, as on ``/sparql``. A missing or malformed parameter is a 400.
    """
    stem, _, suffix = name.partition(".")
    query = get_named_query(stem)
    if suffix == "rq":
        return Response(query.text, 200, content_type="application/sparql-query; charset=utf-8")
    settings = get_settings()
    format_param = request.args.get("format")
    accept = request.headers.get("Accept")
    check_acceptable(
        ("select", "ask", "graph"), suffix=suffix or None, format_param=format_param, accept=accept
    )
    text, values = prepare(query, _raw_params(), settings.base_iri)
    row_cap = as_cap(settings.result_row_cap)
    # As on /sparql: keyed by the text, the values, what picks the format and the cap.
    bound = tuple(sorted((k, v.n3() if hasattr(v, "n3") else repr(v)) for k, v in values.items()))
    key = ("named-query", text, bound, suffix, format_param, accept, row_cap)
    store = get_store()
    entry, state = cached_answer(
        key,
        lambda: store.execute(
            text,
            choose=chooser(suffix=suffix or None, format_param=format_param, accept=accept),
            substitutions=values,
            timeout=settings.query_timeout or None,
            on_abandon=mark_abandoned,
            row_cap=row_cap,
        ),
        store=store,
        cache=get_cache(),
        fresh=wants_fresh(),
        key_bytes=len(text),
    )
    return respond(entry, state)


__all__ = ["SearchHit", "bp", "resource_href", "search_labels"]
