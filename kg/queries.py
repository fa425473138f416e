"""Named queries: ``queries/*.rq`` files, their metadata (``# title:``, ``# description:``, ``# param:``)
and their parameters, bound (never interpolated) through pyoxigraph substitutions (SEP-0007).

Parameter line syntax: ``# param: NAME KIND [optional] DESCRIPTION`` where KIND is one of
``iri``, ``string``, ``date``, ``integer``, ``class``. An IRI can be given in full, as a prefixed
name (``tg:Suspension``) or as a path under the instance base (``state/russia``).

Optional parameters: a query line that ends with ``#? NAME`` is kept only when ``NAME`` is bound
(Oxigraph folds ``BOUND(?x)`` of a variable that no pattern binds to false before substitution, so
``FILTER(!BOUND(?x) || ...)`` cannot express "unless given"). Every parameter must also appear in the
SELECT projection: pyoxigraph only substitutes projected variables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import ParameterError, UnknownQuery
from kg.namespaces import DEFAULT_BASE, PREFIXES
from kg.resources import resource_dir

KINDS = ("iri", "string", "date", "integer", "class")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CONDITIONAL = re.compile(r"#\?\s*([A-Za-z_][\w-]*)\s*$")


@dataclass(frozen=True)
class Param:
    """One parameter of a named query."""

    name: str
    kind: str
    optional: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its metadata."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def text_for(self, bound: Iterable[str]) -> str:
        """The query text for a set of bound parameters (drops ``#? NAME`` lines of unbound ones)."""
        names = set(bound)
        lines = []
        for line in self.text.splitlines():
            m = _CONDITIONAL.search(line)
            if m and m.group(1) not in names:
                continue
            lines.append(line)
        return "\n".join(lines) + "\n"

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, if the query has one."""
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(path: Path) -> NamedQuery:
    """Read a ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    title, description, params = path.stem, "", []
    for line in text.splitlines():
        m = re.match(r"^#\s*(title|description|param):\s*(.*)$", line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        else:
            parts = value.split(None, 3)
            if len(parts) < 2 or parts[1] not in KINDS:
                raise ValueError(f"{path.name}: bad param line {line!r}")
            optional = len(parts) > 2 and parts[2] == "optional"
            desc = " ".join(parts[3:] if optional else parts[2:])
            params.append(Param(parts[0], parts[1], optional, desc))
    return NamedQuery(path.stem, title, description, tuple(params), text)


def iter_named_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name."""
    folder = folder or resource_dir("queries")
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def get_named_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query ``name``; raises ``UnknownQuery``."""
    if not _NAME.match(name):
        raise UnknownQuery(f"no named query {name!r}")
    path = (folder or resource_dir("queries")) / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in iter_named_queries(folder))
        raise UnknownQuery(f"no named query {name!r} (known: {known})")
    return parse_query_file(path)


def to_iri(value: str, base: str = DEFAULT_BASE) -> URIRef:
    """Expand a full IRI, a prefixed name or a path under the instance base."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I) or value.startswith("urn:"):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    if re.match(r"^[a-z]+/[A-Za-z0-9._~-]+$", value):
        return URIRef(base + value)
    raise ParameterError(f"not an IRI: {value!r} (give a full IRI, a prefixed name or kind/slug)")


def to_value(param: Param, raw: str, base: str = DEFAULT_BASE) -> URIRef | Literal:
    """Convert a raw string to the RDF term a parameter expects."""
    if param.kind in ("iri", "class"):
        if param.kind == "class" and ":" not in raw and "/" not in raw:
            raw = "tg:" + raw
        return to_iri(raw, base)
    if param.kind == "date":
        for pattern, datatype in (
            (r"^\d{4}-\d{2}-\d{2}$", XSD.date),
            (r"^\d{4}-\d{2}$", XSD.gYearMonth),
            (r"^\d{4}$", XSD.gYear),
        ):
            if re.match(pattern, raw):
                if datatype == XSD.date:
                    try:
                        dt.date.fromisoformat(raw)
                    except ValueError:
                        break
                return Literal(raw, datatype=datatype)
        raise ParameterError(f"{param.name}: not a date (YYYY-MM-DD, YYYY-MM or YYYY): {raw!r}")
    if param.kind == "integer":
        if not re.match(r"^-?\d+$", raw):
            raise ParameterError(f"{param.name}: not an integer: {raw!r}")
        return Literal(int(raw))
    return Literal(raw)


def bind(query: NamedQuery, raw: Mapping[str, str], base: str = DEFAULT_BASE) -> dict[str, URIRef | Literal]:
    """Check and convert parameter values; missing required parameters raise ``ParameterError``."""
    values: dict[str, URIRef | Literal] = {}
    for name, value in raw.items():
        param = query.param(name)
        if param is None:
            known = ", ".join(p.name for p in query.params) or "none"
            raise ParameterError(f"{query.name} has no parameter {name!r} (parameters: {known})")
        values[name] = to_value(param, value, base)
    missing = [p.name for p in query.params if not p.optional and p.name not in values]
    if missing:
        raise ParameterError(f"{query.name} needs: {', '.join(missing)}")
    return values


def parse_bindings(items: list[str]) -> dict[str, str]:
    """``["var=value", ...]`` from the command line into a mapping."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--bind expects var=value, got {item!r}")
        out[name.strip().lstrip("?$")] = value
    return out


def prepare(
    query: NamedQuery, raw: Mapping[str, str], base: str = DEFAULT_BASE
) -> tuple[str, dict[str, URIRef | Literal]]:
    """Query text and substitutions for raw parameter values: what ``Store.execute`` takes."""
    values = bind(query, raw, base)
    return query.text_for(values), values
