"""Graph exports: the knowledge graph as a networkx ``MultiDiGraph`` (``graph``) and in the formats graph
tools read (``writers``): GraphML, GEXF 1.3 (dynamic, for Gephi's timeline), Cytoscape.js JSON,
node-link JSON, Graphviz DOT and a zip of CSV tables for Gephi's data laboratory.

    graph = to_networkx(store, focus="state/russia", hops=2, date_from="2023")
    write_graph(graph, "gexf", "russia.gexf")

RDF dumps (``dump``): the whole store in N-Quads, TriG, Turtle, N-Triples or JSON-LD compacted with the
published context (``jsonld``), written the same way for ``/dump.<ext>`` and ``treatygraph export``.
"""

from kg.export.dump import write_dump
from kg.export.graph import AGENT_KINDS, to_interval, to_networkx
from kg.export.jsonld import CONTEXT_FILE, CONTEXT_IRI, read_context, to_compact_nodes, write_compact_jsonld
from kg.export.writers import (
    GRAPH_FORMATS,
    GraphFormat,
    dot_quote,
    get_graph_format,
    to_bytes,
    to_export_graph,
    write_graph,
)

__all__ = [
    "AGENT_KINDS",
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "GRAPH_FORMATS",
    "GraphFormat",
    "dot_quote",
    "get_graph_format",
    "read_context",
    "to_bytes",
    "to_compact_nodes",
    "to_export_graph",
    "to_interval",
    "to_networkx",
    "write_compact_jsonld",
    "write_dump",
    "write_graph",
]
