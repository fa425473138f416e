"""RDF dumps of the store, one code path for ``/dump.<ext>`` and ``treatygraph export``.

N-Quads and TriG keep the named graphs (pyoxigraph writes them); JSON-LD is compacted with the
published context, one named graph object at a time (``kg.export.jsonld``); Turtle and N-Triples cannot
carry graphs, so they get the union of every named graph, written graph after graph (a triple held by
two graphs appears twice, which a parser merges).
"""

from __future__ import annotations

from typing import IO

from kg.export.jsonld import write_compact_jsonld
from kg.formats import Format
from kg.store import Store


def write_dump(
    store: Store,
    fmt: Format,
    output: IO[bytes],
    *,
    graph: str | None = None,
    context: str | None = None,
) -> None:
    """Write the store (or one named graph) to a binary stream in an RDF format.

    ``context`` (JSON-LD only): the IRI of the published context the document references; None embeds
    the context.
    """
    if fmt.name == "jsonld":
        write_compact_jsonld(store, output, context=context, graphs=None if graph is None else [graph])
    elif graph is not None:
        store.dump(output, fmt, graph=graph)
    elif fmt.dataset:
        store.dump(output, fmt)
    else:
        for name in store.graph_names():
            store.dump(output, fmt, graph=name)


__all__ = ["write_dump"]
