"""Format choice in one place: URL suffix, then ``?format=``, then ``Accept`` (RFC 9110, section 12.5.1).

Every answer kind has an ordered list of formats taken from ``kg.formats.FORMATS``; the first is the
default when the client asks for nothing. ``Accept`` is read with q-values and wildcards: the most
specific media range that matches a format gives its quality, ``q=0`` rules a format out, and ties go
to the more specific match, then to the range the client listed first, then to the table order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kg.errors import UserError
from kg.formats import FORMATS, Format, get_format

#: Formats for people and JSON users that only linked-data pages serve (not query answers): an HTML
#: page, and JSON-LD compacted with the published context (``/context.jsonld``) under the ``.json`` suffix.
HTML = Format("html", "page", "text/html", "html", ("application/xhtml+xml",))
COMPACT_JSONLD = Format("json-compact", "page", "application/ld+json", "json", ("application/json",))
PAGE_FORMATS: tuple[Format, ...] = (HTML, COMPACT_JSONLD)

#: Answer kinds and the format names each may be served in (SPARQL CSV/TSV do not define booleans).
#: "resource": a linked-data resource or the ontology (HTML for browsers, RDF for machines);
#: "dump": the whole dataset (dataset formats, and Turtle for the merged union graph).
KINDS: dict[str, tuple[str, ...]] = {
    "select": tuple(f.name for f in FORMATS if f.kind == "results"),
    "ask": ("json", "xml"),
    "graph": tuple(f.name for f in FORMATS if f.kind == "rdf"),
    "description": tuple(f.name for f in FORMATS if f.kind == "rdf"),
    "resource": ("html", "turtle", "ntriples", "jsonld", "rdfxml", "json-compact"),
    "dump": ("nquads", "trig", "turtle", "jsonld"),
}

_PROBLEM_JSON = ("application/problem+json", "application/json")


class NotAcceptable(UserError):
    """No format the client accepts is available for this answer (HTTP 406)."""

    def __init__(self, message: str, available: Sequence[Format]) -> None:
        super().__init__(message)
        self.available = tuple(available)


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float
    order: int

    def specificity(self, media_type: str) -> int:
        """-1 if this range does not match ``media_type``; else 0 (``*/*``), 1 (``type/*``), 2 (exact)."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; malformed entries are skipped, a bad ``q`` counts as 1."""
    ranges: list[MediaRange] = []
    for order, item in enumerate((header or "").split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if media == "*":
            media = "*/*"
        mtype, slash, msub = media.partition("/")
        if not slash or not mtype or not msub or (mtype == "*" and msub != "*"):
            continue
        q = _q_value(parts[1:])
        ranges.append(MediaRange(mtype, msub, q, order))
    return ranges


def _q_value(params: Sequence[str]) -> float:
    """The ``q`` parameter of one Accept or Accept-Encoding item (RFC 9110, 12.4.2), clamped to 0..1."""
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                return min(max(float(value.strip()), 0.0), 1.0)
            except ValueError:
                return 1.0
    return 1.0


def quality(ranges: Sequence[MediaRange], media_type: str) -> tuple[float, int, int]:
    """(q, specificity, client order) of ``media_type`` under ``ranges``; q is 0 when nothing matches."""
    best: tuple[int, float, int] | None = None
    for r in ranges:
        spec = r.specificity(media_type)
        if spec < 0:
            continue
        key = (spec, r.q, -r.order)
        if best is None or key > best:
            best = key
    if best is None:
        return 0.0, -1, len(ranges)
    return best[1], best[0], -best[2]


def formats_for(kind: str) -> tuple[Format, ...]:
    """The formats an answer of ``kind`` (select, ask, graph, description, resource, dump) can be served
    in, default first."""
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r}")
    pages = {f.name: f for f in PAGE_FORMATS}
    return tuple(pages[name] if name in pages else get_format(name) for name in KINDS[kind])


def _named(value: str, kind: str, how: str) -> Format:
    """The format of ``kind`` a suffix or ``?format=`` value names (a name, suffix or media type)."""
    available = formats_for(kind)
    wanted = value.strip().lower()
    if "/" in wanted:
        media = wanted.partition(";")[0].strip()
        for f in available:
            if media == f.media_type or media in f.aliases:
                return f
        raise NotAcceptable(f"{how} {value!r} is not available for this answer", available)
    for f in available:  # this kind's own names and suffixes first (".json" of a resource: compact JSON-LD)
        if wanted in (f.name, f.suffix):
            return f
    fmt = get_format(wanted)
    if fmt in available:
        return fmt
    # "json" for a graph means JSON-LD, "xml" means RDF/XML: match by media type.
    for f in available:
        if fmt.media_type in f.aliases or f.media_type in fmt.aliases or set(fmt.aliases) & set(f.aliases):
            return f
    raise NotAcceptable(f"{how} {value!r} is not available for this answer", available)


def choose_format(
    kind: str, *, suffix: str | None = None, format_param: str | None = None, accept: str | None = None
) -> Format:
    """Pick the format for an answer of ``kind``: URL suffix, then ``?format=``, then ``Accept``.

    Raises ``NotAcceptable`` (406) when the request rules out every available format, and
    ``UserError`` (400) for a format name nobody knows.
    """
    if suffix:
        return _named(suffix, kind, "URL suffix")
    if format_param:
        return _named(format_param, kind, "format")
    available = formats_for(kind)
    ranges = parse_accept(accept)
    if not ranges:
        return available[0]
    scored = []
    for index, f in enumerate(available):
        # Aliases (application/json, text/xml, text/plain...) count only when named exactly.
        candidates = [quality(ranges, f.media_type)]
        candidates += [qa for qa in (quality(ranges, mt) for mt in f.aliases) if qa[1] == 2]
        q, spec, order = min(candidates, key=lambda t: (-t[0], -t[1], t[2]))
        if q > 0:
            scored.append(((-q, -spec, order, index), f))
    if not scored:
        raise NotAcceptable(f"none of the accepted media types ({accept}) is available", available)
    return min(scored, key=lambda item: item[0])[1]


def chooser(
    *, suffix: str | None = None, format_param: str | None = None, accept: str | None = None
) -> Callable[[str], Format]:
    """A ``choose(kind)`` callable for ``Store.execute``, bound to this request's preferences.

    It captures plain values, so it can run in the store's evaluation thread outside the request.
    """

    def choose(kind: str) -> Format:
        return choose_format(kind, suffix=suffix, format_param=format_param, accept=accept)

    return choose


def check_acceptable(
    kinds: Sequence[str],
    *,
    suffix: str | None = None,
    format_param: str | None = None,
    accept: str | None = None,
) -> None:
    """Raise ``NotAcceptable`` before any work if no kind in ``kinds`` could be served acceptably."""
    errors: list[NotAcceptable] = []
    for kind in kinds:
        try:
            choose_format(kind, suffix=suffix, format_param=format_param, accept=accept)
            return
        except NotAcceptable as exc:
            errors.append(exc)
    if errors:
        available = tuple(dict.fromkeys(f for exc in errors for f in exc.available))
        raise NotAcceptable(str(errors[0]), available)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header (RFC 9110, section 12.5.3) allows ``gzip`` (or ``*``)."""
    best: tuple[int, float] | None = None
    for item in (accept_encoding or "").split(","):
        parts = [p.strip() for p in item.split(";")]
        coding = parts[0].lower()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        q = _q_value(parts[1:])
        key = (0 if coding == "*" else 1, q)
        if best is None or key[0] > best[0]:
            best = key
    return best is not None and best[1] > 0


def prefers_json_problem(accept: str | None) -> bool:
    """Whether an error body should be JSON (``application/problem+json``) rather than plain text."""
    ranges = parse_accept(accept)
    if not ranges:
        return False
    text_q, text_spec, _ = quality(ranges, "text/plain")
    json_q, json_spec, _ = max(quality(ranges, mt) for mt in _PROBLEM_JSON)
    return (json_q, json_spec) > (text_q, text_spec) and json_spec == 2


__all__ = [
    "COMPACT_JSONLD",
    "HTML",
    "KINDS",
    "PAGE_FORMATS",
    "accepts_gzip",
    "MediaRange",
    "NotAcceptable",
    "check_acceptable",
    "choose_format",
    "chooser",
    "formats_for",
    "parse_accept",
    "prefers_json_problem",
    "quality",
]
