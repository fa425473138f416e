"""Dumps and graph exports: ``/dump.<ext>`` (the whole dataset, streamed) and ``/export/graph.<fmt>``
(networkx graph exports through ``kg.export``).

Dumps (``kg.export.write_dump``, the same as ``treatygraph export``): N-Quads and TriG keep the named
graphs; JSON-LD is compacted with the published context (``/context.jsonld``, referenced by URL), one
``@graph`` object per named graph; Turtle cannot carry graphs, so ``/dump.ttl`` is the union of every
named graph. The store writes into a pipe from a thread while the response reads it in chunks, so a
dump is never held in memory; with ``Accept-Encoding: gzip`` the chunks are compressed on the fly (zlib,
``Content-Encoding: gzip``). A dump keeps its query slot (``server.limits``) until the stream ends or
the client goes away, not just until the view returns.

Graph exports with ``construct`` run the CONSTRUCT like ``/sparql`` does: within ``query_timeout`` (503
with ``Retry-After``, the worker recycled) and with ``SERVICE`` only to the allow-list.
"""

from __future__ import annotations

import logging
import os
import threading
import zlib
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, request

from kg.errors import ParameterError
from kg.export import get_graph_format, to_bytes, to_networkx, write_dump
from kg.formats import Format
from kg.store import Store
from server import CORS_RESPONSE_HEADERS, get_settings, get_store, mark_abandoned
from server.errors import TooLarge
from server.headers import as_cap, row_cap_headers
from server.limits import hand_over_slot
from server.linkeddata import context_url
from server.negotiation import accepts_gzip, choose_format
from server.sparql import service_allowed

log = logging.getLogger(__name__)

bp = Blueprint("dumps", __name__)

CHUNK = 64 * 1024
EXPORT_PARAMS = ("types", "focus", "hops", "from", "to", "construct")


def iter_dump(
    store: Store, fmt: Format, chunk: int = CHUNK, *, context: str | None = None
) -> Iterator[bytes]:
    """The dump in chunks, written by ``kg.export.write_dump`` into a pipe from a worker thread
    (``context``: the JSON-LD context IRI the dump references).

    Closing the generator early (a client that goes away) closes the pipe, which ends the writer.
    """
    read_fd, write_fd = os.pipe()
    reader = os.fdopen(read_fd, "rb", buffering=0)
    writer = os.fdopen(write_fd, "wb", buffering=chunk)

    def produce() -> None:
        try:
            write_dump(store, fmt, writer, context=context)
        except OSError as exc:  # the reader went away (EPIPE) or the store failed
            log.info("dump stopped: %s", exc)
        except Exception:  # the body is cut short: the client sees an incomplete document
            log.exception("dump in %s failed", fmt.name)
        finally:
            try:
                writer.close()
            except OSError:
                pass

    thread = threading.Thread(target=produce, name="dump-writer", daemon=True)
    thread.start()
    try:
        while True:
            data = reader.read(chunk)
            if not data:
                break
            yield data
    finally:
        reader.close()
        thread.join(timeout=5)


def gzip_chunks(chunks: Iterator[bytes], level: int = 6, flush_every: int = CHUNK) -> Iterator[bytes]:
    """Compress a stream of chunks into one gzip member, chunk by chunk.

    zlib holds back its output until it has a block's worth; a sync flush after every ``flush_every``
    bytes of input lets the client (and the response headers) see data while a slow dump is still being
    written, for a few bytes of compression.
    """
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
    pending = 0
    for data in chunks:
        out = compressor.compress(data)
        pending += len(data)
        if pending >= flush_every:
            out += compressor.flush(zlib.Z_SYNC_FLUSH)
            pending = 0
        if out:
            yield out
    yield compressor.flush()


class ClosingStream:
    """An iterable of chunks that calls ``on_close`` exactly once: when the chunks run out, or when the
    server closes the response (a client that went away, a HEAD request that never reads the body)."""

    def __init__(self, chunks: Iterator[bytes], on_close: Callable[[], None]) -> None:
        self._chunks = chunks
        self._on_close: Callable[[], None] | None = on_close

    def __iter__(self) -> ClosingStream:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:  # the end of the stream, or a failure: either way it is over
            self.close()
            raise

    def close(self) -> None:
        """Stop the chunks and call ``on_close`` (once)."""
        on_close, self._on_close = self._on_close, None
        if on_close is None:
            return
        try:
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()
        finally:
            on_close()


@bp.route("/dump.<ext>")
def dump(ext: str) -> Response:
    """The whole dataset in the format its suffix names (nq, trig, ttl, jsonld), streamed."""
    fmt = choose_format("dump", suffix=ext)
    context = context_url() if fmt.name == "jsonld" else None
    chunks: Iterator[bytes] = iter_dump(get_store(), fmt, context=context)
    headers = {
        "Content-Disposition": f'attachment; filename="treatygraph.{fmt.suffix}"',
        "Access-Control-Allow-Origin": "*",
    }
    if accepts_gzip(request.headers.get("Accept-Encoding")):
        chunks = gzip_chunks(chunks)
        headers["Content-Encoding"] = "gzip"
    give_back = hand_over_slot()  # the teardown runs before the body is read: the stream gives it back
    if give_back is not None:
        chunks = ClosingStream(chunks, give_back)
    resp = Response(chunks, 200, content_type=fmt.content_type, headers=headers)
    resp.vary.add("Accept-Encoding")
    return resp


def _hops(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        hops = int(raw)
    except ValueError:
        raise ParameterError(f"hops must be a whole number, not {raw!r}") from None
    if not 0 <= hops <= 5:
        raise ParameterError(f"hops must be between 0 and 5, not {hops}")
    return hops


@bp.route("/export/graph.<ext>", methods=["GET", "POST"])
def graph_export(ext: str) -> Response:
    """A graph export (graphml, gexf, cyjs, node-link, dot, csv) with filters from the query string
    (or a form body): ``types``, ``focus``, ``hops``, ``from``, ``to``, ``construct``."""
    gformat = get_graph_format(ext)
    params = request.values
    unknown = sorted(set(params) - set(EXPORT_PARAMS))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(EXPORT_PARAMS)}")
    construct = params.get("construct") or None
    settings = get_settings()
    limit = settings.max_query_chars
    if construct is not None and len(construct) > limit:
        raise TooLarge(f"the construct query is {len(construct)} characters long; the limit is {limit}")
    allowlist = settings.service_allowlist or ""
    row_cap = as_cap(settings.result_row_cap)
    graph = to_networkx(
        get_store(),
        types=params.get("types") or None,
        focus=params.get("focus") or None,
        hops=_hops(params.get("hops")),
        date_from=params.get("from") or None,
        date_to=params.get("to") or None,
        construct=construct,
        timeout=settings.query_timeout or None,
        on_abandon=mark_abandoned,
        allow_service=lambda q: service_allowed(q, allowlist),
        row_cap=row_cap,
    )
    body = to_bytes(graph, gformat)
    content_type = f"{gformat.media_type}; charset=utf-8" if gformat.text else gformat.media_type
    resp = Response(body, 200, content_type=content_type)
    resp.headers["Content-Disposition"] = f'attachment; filename="treatygraph.{gformat.suffix}"'
    resp.headers.update(CORS_RESPONSE_HEADERS)  # the row-cap headers are readable cross-origin
    resp.headers.update(row_cap_headers(row_cap, bool(graph.graph.get("truncated"))))
    return resp


__all__ = ["ClosingStream", "bp", "gzip_chunks", "iter_dump"]
