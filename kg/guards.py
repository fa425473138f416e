"""Guards against hostile input that would crash or exhaust a parser: deep JSON, XML entity expansion
(billion laughs), external entities and DTDs (XXE). Used before Oxigraph's or Python's parsers run, by the
server (request bodies) and by ``treatygraph load`` (RDF/XML files)."""

from __future__ import annotations

import re
from typing import BinaryIO
from xml.parsers import expat

from kg.errors import UserError

MAX_NESTING = 256

_JSON_NOISE = re.compile(rb'"(?:[^"\\]|\\.)*"|[^\[\]{}"]+', re.DOTALL)


def json_nesting(data: bytes, *, stop: int | None = None) -> int:
    """The deepest array/object nesting in JSON text (strings skipped; no full parse); the scan ends
    as soon as the depth passes ``stop``."""
    depth = deepest = 0
    for ch in _JSON_NOISE.sub(b"", data):
        if ch in b"[{":
            depth += 1
            deepest = max(deepest, depth)
            if stop is not None and deepest > stop:
                break
        elif ch in b"]}":
            depth -= 1
    return deepest


def check_json_nesting(data: bytes, limit: int = MAX_NESTING) -> None:
    """Refuse JSON that nests deeper than ``limit`` levels."""
    if json_nesting(data, stop=limit) > limit:
        raise UserError(f"the JSON body nests too deeply (more than {limit} levels)")


def check_xml(data: bytes | BinaryIO, *, max_expansion: int, limit: int = MAX_NESTING) -> None:
    """Refuse XML with external or nested entities, entity expansion above ``max_expansion`` characters,
    or elements nested deeper than ``limit`` (checked with expat before the RDF/XML parser runs)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # Declarations must be flat (no entity in an entity), so the expansion is the sum over entities of
    # value length times references; the references are counted before expat expands anything.
    if not isinstance(data, bytes | bytearray):
        data = data.read()
    refs: dict[bytes, int] = {}
    if b"<!ENTITY" in data:
        for name in set(re.findall(rb"<!ENTITY\s+([^\s%]+)", data)):
            refs[name] = data.count(b"&" + name + b";")
    expansion = [0]
    depth = [0]

    def entity_decl(name: str, is_param: int, value: str | None, *_rest: object) -> None:
        if is_param or value is None:
            raise UserError("XML external or parameter entities are not allowed")
        if "&" in value or "%" in value:
            raise UserError("XML entities that refer to other entities are not allowed")
        expansion[0] += len(value) * refs.get(name.encode("utf-8"), 0)
        if expansion[0] > max_expansion:
            raise UserError(f"XML entity expansion above {max_expansion} characters is not allowed")

    def start(*_args: object) -> None:
        depth[0] += 1
        if depth[0] > limit:
            raise UserError(f"the XML body nests too deeply (more than {limit} levels)")

    def end(*_args: object) -> None:
        depth[0] -= 1

    def external(*_args: object) -> int:
        raise UserError("XML external entities are not allowed")

    def doctype(_name: str, system_id: str | None, public_id: str | None, _internal: int) -> None:
        if system_id or public_id:
            raise UserError("XML external DTDs are not allowed")

    parser.EntityDeclHandler = entity_decl
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.ExternalEntityRefHandler = external
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise UserError(f"not well-formed XML: {expat.errors.messages.get(exc.code, exc)}") from None
