"""RDF dumps of the store, one code path for ``/dump.<ext>`` and ``treatygraph export``.

Every format is written one named graph at a time, each graph by the store's own (native) writer:
N-Quads as the graph's N-Triples with the graph name added to every line, TriG as the graph's Turtle in a
``<graph> { ... }`` block (https://www.w3.org/TR/trig/#sec-graph-statements), JSON-LD compacted with the
published context (``kg.export.jsonld``). Turtle and N-Triples cannot carry graphs, so they get the union
of every named graph, written graph after graph (a triple held by two graphs appears twice, which a
parser merges). The store's blank node labels are kept, so a blank node shared by two graphs stays one.
"""

from __future__ import annotations

from typing import IO

from kg.export.jsonld import write_compact_jsonld
from kg.formats import Format, get_format
from kg.store import Store


class _NamedLines:
    """A binary sink that turns the N-Triples written into it into N-Quads of one graph.

    In N-Triples a line break only ends a statement (literals escape theirs), so `` .\\n`` only occurs at
    a line's end; a statement cut between two writes is held until its line is complete.
    """

    def __init__(self, output: IO[bytes], graph: str) -> None:
        self._output = output
        self._end = f" <{graph}> .\n".encode()
        self._pending = b""

    def write(self, data: bytes) -> int:
        text = self._pending + bytes(data)
        cut = text.rfind(b"\n") + 1
        self._pending = text[cut:]
        if cut:
            self._output.write(text[:cut].replace(b" .\n", self._end))
        return len(data)

    def flush(self) -> None:
        """Nothing is held but an unfinished line."""

    def close(self) -> None:
        """Check that the writer finished its last line."""
        if self._pending.strip():
            raise ValueError(f"unfinished N-Triples line: {self._pending[:200]!r}")


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
    names = [graph] if graph is not None else store.graph_names()
    if fmt.name == "jsonld":
        write_compact_jsonld(store, output, context=context, graphs=names)
    elif fmt.name == "nquads":
        for name in names:
            lines = _NamedLines(output, name)
            store.dump(lines, get_format("ntriples"), graph=name)  # type: ignore[arg-type]
            lines.close()
    elif fmt.name == "trig":
        for name in names:
            output.write(f"<{name}> {{\n".encode())
            store.dump(output, get_format("turtle"), graph=name)
            output.write(b"}\n")
    elif graph is not None or not fmt.dataset:
        for name in names:
            store.dump(output, fmt, graph=name)
    else:
        store.dump(output, fmt)


__all__ = ["write_dump"]
