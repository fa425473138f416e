"""JSON-LD with treatygraph's published context (https://www.w3.org/TR/json-ld11/#the-context): short keys
(``label``, ``agent``, ``type``...) for JSON users.

One compaction for the whole project, PyLD's (the JSON-LD 1.1 API: RDF to JSON-LD, then compaction,
https://www.w3.org/TR/json-ld11-api/): the linked-data pages (``.json``) and the compact dataset dump
(``/dump.jsonld``, ``treatygraph export --format jsonld``) both go through ``to_compact_nodes``. The
context is served to PyLD from memory; every other remote document is refused, so nothing is fetched.
Literals keep their exact lexical form; only canonical ``xsd:integer`` and ``xsd:boolean`` values become
JSON numbers and booleans (which read back as the same literals).

The dump is written one named graph at a time (https://www.w3.org/TR/json-ld11/#named-graphs): the top
object ``{"@context": ..., "@graph": [`` then one ``{"id": <graph IRI>, "@graph": [<nodes>]}`` per line,
so memory stays bounded by the largest graph.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from pyld import jsonld

from kg.errors import UserError
from kg.formats import get_format
from kg.store import Store

log = logging.getLogger(__name__)

#: The published context document (served at ``/context.jsonld``).
CONTEXT_FILE = Path(__file__).with_name("context.jsonld")
#: The IRI under which PyLD is handed the context (from memory, never fetched).
CONTEXT_IRI = "https://w3id.org/treatygraph/context.jsonld"

_XSD = "http://www.w3.org/2001/XMLSchema#"
_CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,14}")  # below 2**53: exact in every JSON reader


def read_context() -> dict[str, Any]:
    """The published JSON-LD context (the value of ``@context`` in ``context.jsonld``)."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def _load_document(url: str, options: Any = None) -> dict[str, Any]:
    """PyLD's document loader: the published context from memory, nothing else (PyLD keeps the
    processed context in its own cache, keyed by ``CONTEXT_IRI``, so this runs once per process)."""
    if url != CONTEXT_IRI:
        raise UserError(f"JSON-LD: remote documents are not loaded ({url})")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": read_context()}}


def _native(value: dict[str, Any]) -> dict[str, Any]:
    """A value object with a canonical integer or boolean as a JSON number or boolean (lossless)."""
    kind, text = value.get("@type"), value.get("@value")
    if kind == _XSD + "integer" and isinstance(text, str) and _CANONICAL_INTEGER.fullmatch(text):
        return {"@value": int(text)}
    if kind == _XSD + "boolean" and text in ("true", "false"):
        return {"@value": text == "true"}
    return value


def _natives(nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        for key, values in node.items():
            if key.startswith("@") or not isinstance(values, list):
                continue
            for i, value in enumerate(values):
                if "@value" in value:
                    values[i] = _native(value)
                elif "@list" in value:
                    value["@list"] = [_native(v) if "@value" in v else v for v in value["@list"]]


# --- N-Triples (as the store writes it) to PyLD's RDF dataset ---------------------------------------
# PyLD's own N-Quads reader compares every triple with every other (quadratic in a graph's size) and
# leaves \\uXXXX, \\b and \\f escapes as they are, so the store's N-Triples are read here
# (https://www.w3.org/TR/n-triples/#sec-grammar, one triple per line).
_IRI = r"<([^>]*)>"
_BNODE = r"(_:\S+)"
_LITERAL = r'"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([A-Za-z]+(?:-[A-Za-z0-9]+)*))?'
_LINE = re.compile(rf"(?:{_IRI}|{_BNODE}) {_IRI} (?:{_IRI}|{_BNODE}|{_LITERAL}) \.")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ECHAR[m[3]] if m[3] else chr(int(m[1] or m[2], 16)), text)


def _node(iri: str | None, bnode: str | None) -> dict[str, str]:
    return (
        {"type": "IRI", "value": _unescape(iri)}
        if iri is not None
        else {"type": "blank node", "value": bnode}
    )


def to_rdf_dataset(ntriples: str) -> dict[str, list[dict[str, Any]]]:
    """PyLD's RDF dataset (its ``from_rdf`` input) of N-Triples text, every triple in ``@default``."""
    triples = []
    for number, raw in enumerate(ntriples.split("\n"), 1):  # not splitlines(): U+2028 stays in literals
        line = raw.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        m = _LINE.fullmatch(line)
        if m is None:
            raise UserError(f"N-Triples line {number} not understood: {line[:200]!r}")
        s_iri, s_bnode, p_iri, o_iri, o_bnode, text, datatype, language = m.groups()
        if text is None:
            obj = _node(o_iri, o_bnode)
        else:
            obj = {"type": "literal", "value": _unescape(text), "datatype": _XSD + "string"}
            if datatype is not None:
                obj["datatype"] = _unescape(datatype)
            elif language is not None:
                obj.update(datatype=_RDF_LANG_STRING, language=language)
        triples.append({"subject": _node(s_iri, s_bnode), "predicate": _node(p_iri, None), "object": obj})
    return {"@default": triples}


def to_compact_nodes(ntriples: str) -> list[dict[str, Any]]:
    """The node objects of a graph (N-Triples text) compacted with the published context, without the
    ``@context`` key, in subject order."""
    expanded = jsonld.from_rdf(to_rdf_dataset(ntriples), {})
    _natives(expanded)
    # from_rdf gives expanded JSON-LD already: skip the second expansion compact would do
    doc = jsonld.compact(expanded, CONTEXT_IRI, {"documentLoader": _load_document, "skipExpansion": True})
    doc.pop("@context", None)
    if set(doc) == {"@graph"}:
        return doc["@graph"]
    return [doc] if doc else []


def _graph_ntriples(store: Store, name: str) -> str:
    buf = io.BytesIO()
    store.dump(buf, get_format("ntriples"), graph=name)
    return buf.getvalue().decode("utf-8")


def write_compact_jsonld(
    store: Store,
    output: IO[bytes],
    *,
    context: str | None = None,
    graphs: Sequence[str] | None = None,
) -> int:
    """Write named graphs (default: all) as one compact JSON-LD document, graph by graph; returns the
    number of graphs written.

    ``context``: the IRI of the published context to reference (the server's ``/context.jsonld``);
    None embeds the context itself, so the file reads the same way without a network.
    """
    head = context if context is not None else read_context()
    output.write(b'{"@context": ' + json.dumps(head, ensure_ascii=False).encode("utf-8") + b', "@graph": [')
    written = 0
    for name in graphs if graphs is not None else store.graph_names():
        nodes = to_compact_nodes(_graph_ntriples(store, name))
        if not nodes:
            continue
        body = json.dumps({"id": name, "@graph": nodes}, ensure_ascii=False)
        output.write((",\n" if written else "\n").encode("utf-8") + body.encode("utf-8"))
        written += 1
    output.write(b"\n]}\n")
    log.debug("wrote %d graphs as compact JSON-LD", written)
    return written


__all__ = [
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "read_context",
    "to_compact_nodes",
    "to_rdf_dataset",
    "write_compact_jsonld",
]
