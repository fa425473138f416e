"""Result-row caps: an answer holds at most N solutions (SELECT) or N triples (CONSTRUCT, DESCRIBE), and
says when it was cut (issue 6: never a silent truncation).

pyoxigraph cannot serialise part of a result, but it streams a serialisation into any object with
``write``. Two formats have exactly one line per row: SPARQL TSV (a header line, then one line per
solution; newlines inside literals are escaped) and N-Triples (one line per triple). So the answer is
serialised natively in one of those into :class:`_LineSink`, which counts newlines per chunk and stops
the serialisation (and with it the lazy evaluation) as soon as a row beyond the cap is complete; the
lines up to the cap are kept and, for any other format, converted natively (TSV and N-Triples round trip
losslessly: tests/kg/test_store_rowcap.py compares them with the direct serialisations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, Any

import pyoxigraph as ox

TSV = ox.QueryResultsFormat.TSV
NTRIPLES = ox.RdfFormat.N_TRIPLES


class _Full(Exception):
    """Raised inside pyoxigraph's serialiser by :class:`_LineSink` to stop it."""


class _LineSink:
    """A binary sink that keeps what it is given until more than ``limit`` complete lines arrived."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.full = False
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            self.full = True
            raise _Full
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: everything is kept in memory."""

    def head(self) -> bytes:
        """The first ``limit`` lines (everything, if there are no more)."""
        if not self.full:
            return b"".join(self._chunks)
        seen = 0
        for i, chunk in enumerate(self._chunks):
            n = chunk.count(b"\n")
            if seen + n >= self.limit:
                end = -1
                for _ in range(self.limit - seen):
                    end = chunk.index(b"\n", end + 1)
                return b"".join(self._chunks[:i]) + chunk[: end + 1]
            seen += n
        raise AssertionError("unreachable: the sink is full")  # pragma: no cover


def _capped_lines(serialize: Callable[[IO[bytes]], Any], limit: int) -> tuple[bytes, bool]:
    """Run ``serialize(sink)`` into a line-counting sink: (the first ``limit`` lines, whether cut)."""
    sink = _LineSink(limit)
    try:
        serialize(sink)  # type: ignore[arg-type]
    except _Full:
        pass
    except OSError:
        if not sink.full:  # a real failure, not the sink stopping the writer
            raise
    return sink.head(), sink.full


def cap_solutions(solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, cap: int) -> tuple[bytes, bool]:
    """At most ``cap`` solutions serialised in ``fmt``, and whether there were more."""
    tsv, truncated = _capped_lines(lambda sink: solutions.serialize(sink, format=TSV), cap + 1)
    if fmt == TSV:
        return tsv, truncated
    return ox.parse_query_results(tsv, format=TSV).serialize(format=fmt) or b"", truncated


def cap_triples(
    triples: ox.QueryTriples | Iterable[ox.Triple], fmt: ox.RdfFormat, cap: int
) -> tuple[bytes, bool]:
    """At most ``cap`` triples serialised in ``fmt``, and whether there were more."""
    if isinstance(triples, ox.QueryTriples):
        nt, truncated = _capped_lines(lambda sink: triples.serialize(sink, format=NTRIPLES), cap)
    else:
        nt, truncated = _capped_lines(lambda sink: ox.serialize(triples, sink, format=NTRIPLES), cap)
    if fmt == NTRIPLES:
        return nt, truncated
    return ox.serialize(ox.parse(nt, format=NTRIPLES), format=fmt) or b"", truncated


__all__ = ["cap_solutions", "cap_triples"]
