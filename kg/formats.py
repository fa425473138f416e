"""The table of result and RDF formats: names, media types, file suffixes and their pyoxigraph formats.

One table for the whole project: the CLI's ``--format``, the server's content negotiation
(``server/negotiation.py``) and the exports all read it.
SPARQL 1.1 Query Results formats: JSON, XML, CSV, TSV (https://www.w3.org/TR/sparql11-results-json/ ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from kg.errors import UserError


@dataclass(frozen=True)
class Format:
    """A serialisation format: ``kind`` is "results" (SELECT/ASK) or "rdf" (graphs and datasets)."""

    name: str
    kind: str
    media_type: str
    suffix: str
    aliases: tuple[str, ...] = ()
    dataset: bool = False  # can carry named graphs (TriG, N-Quads, JSON-LD)
    text: bool = True

    @property
    def content_type(self) -> str:
        """The Content-Type header value, with a charset for text formats."""
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type


FORMATS: tuple[Format, ...] = (
    Format("json", "results", "application/sparql-results+json", "srj", ("application/json",)),
    Format("xml", "results", "application/sparql-results+xml", "srx", ("application/xml", "text/xml")),
    Format("csv", "results", "text/csv", "csv"),
    Format("tsv", "results", "text/tab-separated-values", "tsv"),
    Format("turtle", "rdf", "text/turtle", "ttl", ("application/x-turtle",)),
    Format("ntriples", "rdf", "application/n-triples", "nt", ("text/plain",)),
    Format("jsonld", "rdf", "application/ld+json", "jsonld", ("application/json",), dataset=True),
    Format("rdfxml", "rdf", "application/rdf+xml", "rdf", ("application/xml", "text/xml")),
    Format("trig", "rdf", "application/trig", "trig", (), dataset=True),
    Format("nquads", "rdf", "application/n-quads", "nq", (), dataset=True),
)

_BY_NAME = {f.name: f for f in FORMATS}
_NAME_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "nq": "nquads",
    "n-quads": "nquads",
    "srj": "json",
    "srx": "xml",
}

_RESULTS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
_RDF = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
}


def get_format(name: str) -> Format:
    """Look a format up by name, short alias or file suffix; raises ``UserError`` if unknown."""
    key = name.strip().lower()
    key = _NAME_ALIASES.get(key, key)
    if key not in _BY_NAME:
        known = ", ".join(f.name for f in FORMATS)
        raise UserError(f"unknown format {name!r} (known: {known})")
    return _BY_NAME[key]


def formats_of_kind(kind: str) -> tuple[Format, ...]:
    """All formats of one kind ("results" or "rdf"), in preference order."""
    return tuple(f for f in FORMATS if f.kind == kind)


def to_results_format(fmt: Format) -> QueryResultsFormat:
    """The pyoxigraph ``QueryResultsFormat`` of a results format."""
    return _RESULTS[fmt.name]


def to_rdf_format(fmt: Format) -> RdfFormat:
    """The pyoxigraph ``RdfFormat`` of an RDF format."""
    return _RDF[fmt.name]


def rdf_format_for_path(path: str) -> Format:
    """Guess an RDF format from a file name (.ttl, .nt, .nq, .trig, .rdf, .owl, .jsonld)."""
    lower = path.lower().removesuffix(".gz")
    for suffix, name in ((".owl", "rdfxml"), (".xml", "rdfxml"), (".json", "jsonld")):
        if lower.endswith(suffix):
            return _BY_NAME[name]
    for f in formats_of_kind("rdf"):
        if lower.endswith("." + f.suffix):
            return f
    raise UserError(f"cannot tell the RDF format of {path!r} from its name; use --format")
