"""Graph exports: the knowledge graph as a networkx ``MultiDiGraph`` (``graph``) and in the formats graph
tools read (``writers``): GraphML, GEXF 1.3 (dynamic, for Gephi's timeline), Cytoscape.js JSON,
node-link JSON, Graphviz DOT and a zip of CSV tables for Gephi's data laboratory.

    graph = to_networkx(store, focus="state/russia", hops=2, date_from="2023")
    write_graph(graph, "gexf", "russia.gexf")
"""

from kg.export.graph import AGENT_KINDS, to_interval, to_networkx
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
    "GRAPH_FORMATS",
    "GraphFormat",
    "dot_quote",
    "get_graph_format",
    "to_bytes",
    "to_export_graph",
    "to_interval",
    "to_networkx",
    "write_graph",
]
