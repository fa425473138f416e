"""Graph export formats: GraphML, GEXF 1.3, Cytoscape.js JSON, node-link JSON, Graphviz DOT and CSV.

Every writer works on a flattened copy of the graph (``to_export_graph``): no None values, lists joined
into "; "-separated strings, string node ids and one unique edge key per edge (``e0``, ``e1``, ...; the
property stays in the ``property`` attribute), because Gephi and Cytoscape merge edges that share an id.
GEXF: https://gexf.net/ (1.3: namespace http://gexf.net/1.3, ``kind`` on edges for parallel edges);
DOT: https://graphviz.org/doc/info/lang.html; Cytoscape.js: https://js.cytoscape.org/#notation/elements-json.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from kg.errors import UserError

log = logging.getLogger(__name__)

XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSV_README = """\
nodes.csv and edges.csv: a graph exported from treatygraph.
Gephi: File > Import spreadsheet, nodes.csv as a nodes table, then edges.csv as an edges table (append
to the same workspace). Id, Label, Source, Target and Type are Gephi's own column names. Node ids are
IRIs; 'type' is the most specific class, 'kind' the top class (State, Person, Organization, Event,
Treaty, Place, Post, Tenure, Claim, TreatyParticipation); 'date' is an event's date as the text gives it
(2019, 2019-03 or 2019-03-05); 'start'/'end' are the first and last day it covers (for a timeline).
Each edge is one property ('agent', 'target', 'treaty', 'place', 'holder', 'post', ...), from the event,
tenure, claim or participation to what it links.
"""


@dataclass(frozen=True)
class GraphFormat:
    """A graph export format: its name, media type and file suffix."""

    name: str
    media_type: str
    suffix: str
    text: bool = True


GRAPH_FORMATS: tuple[GraphFormat, ...] = (
    GraphFormat("graphml", "application/graphml+xml", "graphml"),
    GraphFormat("gexf", "application/gexf+xml", "gexf"),
    GraphFormat("cyjs", "application/json", "cyjs"),
    GraphFormat("node-link", "application/json", "json"),
    GraphFormat("dot", "text/vnd.graphviz", "gv"),
    GraphFormat("csv", "application/zip", "zip", text=False),
)


def get_graph_format(name: str) -> GraphFormat:
    """Look a graph export format up by name or suffix; raises ``UserError`` if unknown."""
    key = name.strip().lower().replace("_", "-")
    aliases = {"nodelink": "node-link", "cytoscape": "cyjs", "graphviz": "dot", "zip": "csv"}
    key = aliases.get(key, key)
    for fmt in GRAPH_FORMATS:
        if key in (fmt.name, fmt.suffix):
            return fmt
    known = ", ".join(f.name for f in GRAPH_FORMATS)
    raise UserError(f"unknown graph format {name!r} (known: {known})")


def _flat(value: Any) -> str | int | float | bool | None:
    """A value every writer accepts: None stays None (to drop), lists become "; "-joined strings."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [str(v) for v in value if v is not None]
        return "; ".join(sorted(items) if isinstance(value, set | frozenset) else items)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _flat_attrs(data: dict[Any, Any]) -> dict[str, Any]:
    out = {}
    for k, v in data.items():
        flat = _flat(v)
        if flat is not None:
            out[str(k)] = flat
    return out


def to_export_graph(graph: nx.Graph) -> nx.MultiDiGraph:
    """A flattened copy: string ids, no None, no lists, unique edge keys ``e<n>`` (``property`` kept)."""
    out = nx.MultiDiGraph()
    out.graph.update(_flat_attrs(graph.graph))
    for node, data in graph.nodes(data=True):
        out.add_node(str(node), **_flat_attrs(data))
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for i, edge in enumerate(edges):
        u, v, data = edge[0], edge[1], edge[-1]
        attrs = _flat_attrs(data)
        if graph.is_multigraph():
            attrs.setdefault("property", str(edge[2]))
        out.add_edge(str(u), str(v), key=f"e{i}", **attrs)
    return out


# --- writers (each takes a graph from to_export_graph) ---------------------------------------------------
def _graphml(graph: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8")
    return buf.getvalue()


_INT64 = range(-(2**63), 2**63)
#: Attributes networkx writes as GEXF structure (ids, label, times, viz), not as typed attvalues.
_GEXF_STRUCTURE = frozenset({"label", "start", "end", "pid", "viz", "spells", "id", "weight", "key"})


def _gexf_kind(value: Any) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int if value in _INT64 else str  # beyond xsd:long: written as text
    return float if isinstance(value, float) else str


def _one_type_per_attribute(items: list[dict[str, Any]]) -> None:
    """GEXF declares one type per attribute and networkx takes the first value's: where an attribute's
    values mix types, convert them all (whole numbers and reals: reals; anything else: text), so every
    attvalue is a valid lexical form of its declared type (xsd:long, xsd:double, xsd:boolean)."""
    kinds: dict[str, set[type]] = {}
    for data in items:
        for name, value in data.items():
            if name not in _GEXF_STRUCTURE:
                kinds.setdefault(name, set()).add(_gexf_kind(value))
    for name, found in kinds.items():
        target = next(iter(found)) if len(found) == 1 else float if found == {int, float} else str
        for data in items:
            value = data.get(name)
            if name not in data or type(value) is target:
                continue
            if target is float:
                data[name] = float(value)
            else:
                data[name] = str(value).lower() if isinstance(value, bool) else str(value)


def _fit_gexf_1_3(writer: GEXFWriter) -> None:
    """Remove what networkx writes beyond the GEXF 1.3 grammar (gexf.net/1.3, gexf.rng): a ``name`` on
    ``<graph>`` (kept as the meta description) and ``mode="static"`` on ``<attributes>`` (the default;
    only the XSD variant of the schema allows it). Checked by hand with lxml's RELAX NG validator against
    the GEXF project's 1.3 grammar; tests/kg/test_export.py checks the same structure."""
    name = writer.graph_element.attrib.pop("name", None)
    meta = writer.xml.find("meta")
    if name and meta is not None and meta.find("description") is None:
        ElementTree.SubElement(meta, "description").text = str(name)
    for attributes in writer.graph_element.iter("attributes"):
        if attributes.get("mode") == "static":
            del attributes.attrib["mode"]


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 through networkx's writer, with its xsi namespace fixed and an edge ``kind`` per property."""
    writable = nx.MultiDiGraph()
    writable.graph.update(graph.graph)
    node_data = [dict(data) for _, data in graph.nodes(data=True)]
    _one_type_per_attribute(node_data)
    for node, data in zip(graph.nodes, node_data, strict=True):
        writable.add_node(node, **data)
    # networkx reads an edge's "type" as GEXF's directed/undirected: keep it under another name
    edge_data = [
        {("edge_type" if k == "type" else k): val for k, val in d.items()} for *_, d in graph.edges(data=True)
    ]
    _one_type_per_attribute(edge_data)
    for (u, v, key), attrs in zip(graph.edges(keys=True), edge_data, strict=True):
        writable.add_edge(u, v, key=key, id=key, **attrs)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.3")
    writer.xml.set("xmlns:xsi", XSI)  # networkx 3.x spells it http://w3.org/2001/XMLSchema-instance
    writer.add_graph(writable)
    _fit_gexf_1_3(writer)
    kinds = {key: data.get("property") for _, _, key, data in graph.edges(keys=True, data=True)}
    for element in writer.graph_element.iter("edge"):
        kind = kinds.get(element.get("id"))
        if kind:
            element.set("kind", str(kind))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _cyjs(graph: nx.MultiDiGraph) -> bytes:
    data = nx.cytoscape_data(graph, name="label", ident="id")
    for element in data["elements"]["edges"]:
        element["data"]["id"] = str(element["data"]["key"])
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _node_link(graph: nx.MultiDiGraph) -> bytes:
    try:
        data = nx.node_link_data(graph, edges="links")
    except TypeError:  # networkx < 3.4 has no "edges" argument (and always says "links")
        data = nx.node_link_data(graph)
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def dot_quote(value: Any) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n") + '"'


def _dot_attrs(data: dict[str, Any]) -> str:
    if not data:
        return ""
    return " [" + ", ".join(f"{dot_quote(k)}={dot_quote(v)}" for k, v in data.items()) + "]"


def _dot(graph: nx.MultiDiGraph) -> bytes:
    lines = [f"digraph {dot_quote(graph.graph.get('name', 'treatygraph'))} {{"]
    for node, data in graph.nodes(data=True):
        lines.append(f"  {dot_quote(node)}{_dot_attrs(data)};")
    for u, v, key, data in graph.edges(keys=True, data=True):
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)}{_dot_attrs({'key': key, **data})};")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _table(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(header)
    out.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _columns(items: list[dict[str, Any]], first: list[str]) -> list[str]:
    seen = {k for d in items for k in d}
    return first + sorted(seen - set(first) - {"label"})


def _csv(graph: nx.MultiDiGraph) -> bytes:
    """A zip of nodes.csv (Id, Label, attributes) and edges.csv (Source, Target, Type, Id, Label, ...)."""
    node_data = [d for _, d in graph.nodes(data=True)]
    node_cols = _columns(node_data, [])
    nodes = [[n, d.get("label", n)] + [d.get(c, "") for c in node_cols] for n, d in graph.nodes(data=True)]
    edge_data = [d for _, _, d in graph.edges(data=True)]
    edge_cols = _columns(edge_data, [])
    edges = [
        [u, v, "Directed", k, d.get("label", "")] + [d.get(c, "") for c in edge_cols]
        for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in (
            ("nodes.csv", _table(["Id", "Label", *node_cols], nodes)),
            ("edges.csv", _table(["Source", "Target", "Type", "Id", "Label", *edge_cols], edges)),
            ("README.txt", CSV_README.encode("utf-8")),
        ):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    return buf.getvalue()


_WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "cyjs": _cyjs,
    "node-link": _node_link,
    "dot": _dot,
    "csv": _csv,
}


def to_bytes(graph: nx.Graph, fmt: str | GraphFormat) -> bytes:
    """Serialise a graph in one of ``GRAPH_FORMATS`` (by name or ``GraphFormat``)."""
    name = fmt.name if isinstance(fmt, GraphFormat) else get_graph_format(fmt).name
    return _WRITERS[name](to_export_graph(graph))


def write_graph(graph: nx.Graph, fmt: str | GraphFormat, output: str | Path | IO[bytes]) -> None:
    """Write a graph in one of ``GRAPH_FORMATS`` to a file path or a binary stream."""
    body = to_bytes(graph, fmt)
    if isinstance(output, str | Path):
        Path(output).write_bytes(body)
    else:
        output.write(body)
    log.debug("wrote %d bytes of %s", len(body), fmt)
