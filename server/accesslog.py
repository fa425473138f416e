"""The access log: one JSON object per request on one line, written by a WSGI middleware.

Fields: ``time``, ``method``, ``path``, ``query``, ``status``, ``duration_ms``, ``bytes``,
``remote_addr``, ``user_agent``. A body of known length up to ``BUFFER_BYTES`` is joined and closed
before the server sends it (one write; the app's close hooks, such as the worker recycle, run before
the response leaves); the record is written then. Other bodies are streamed and logged when the
server closes them, so ``duration_ms`` and ``bytes`` cover streamed bodies too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

#: Largest body (by its Content-Length) joined in memory before sending.
BUFFER_BYTES = 1 << 20
#: The logger the records go to (``server.wsgi`` sends it to stderr, bare message).
ACCESS_LOGGER = "treatygraph.access"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def access_record(
    environ: Mapping[str, Any], status: int | str | None, sent: int | None, seconds: float
) -> dict[str, Any]:
    """The fields of one access-log line."""
    return {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "method": environ.get("REQUEST_METHOD"),
        "path": environ.get("PATH_INFO"),
        "query": environ.get("QUERY_STRING") or None,
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "bytes": sent,
        "remote_addr": environ.get("REMOTE_ADDR"),
        "user_agent": environ.get("HTTP_USER_AGENT"),
    }


class AccessLog:
    """WSGI middleware that logs every request as a JSON line on ``logger`` (INFO)."""

    def __init__(self, app: WSGIApp, logger: logging.Logger | None = None) -> None:
        self.app = app
        self.logger = logger or logging.getLogger(ACCESS_LOGGER)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Run the app; log when the response is closed (or when the app raises)."""
        if not self.logger.isEnabledFor(logging.INFO):
            return self.app(environ, start_response)
        started = time.perf_counter()
        status: list[int | str] = []
        length: list[int] = []

        def start(status_line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            code = status_line.split(None, 1)[0]
            status[:] = [int(code) if code.isdigit() else code]
            length[:] = [int(v) for k, v in headers if k.lower() == "content-length" and v.isdigit()]
            return start_response(status_line, headers, exc_info)

        try:
            body = self.app(environ, start)
        except BaseException:
            self._log(environ, 500, 0, started)
            raise
        code = status[0] if status else None
        if length and length[0] <= BUFFER_BYTES:
            try:
                data = b"".join(body)
            except BaseException:
                self._log(environ, 500, 0, started)
                raise
            finally:
                close = getattr(body, "close", None)
                if close is not None:
                    close()
            self._log(environ, code, len(data), started)
            return [data]
        return _LoggedBody(body, lambda sent: self._log(environ, code, sent, started))

    def _log(self, environ: Mapping[str, Any], status: int | str | None, sent: int, started: float) -> None:
        record = access_record(environ, status, sent, time.perf_counter() - started)
        self.logger.info(json.dumps(record, ensure_ascii=False))


class _LoggedBody:
    """A response body that counts the bytes it yields and logs once on ``close()``."""

    __slots__ = ("_body", "_iter", "_on_close", "_sent")

    def __init__(self, body: Iterable[bytes], on_close: Callable[[int], None]) -> None:
        self._body = body
        self._iter: Iterator[bytes] | None = None
        self._on_close: Callable[[int], None] | None = on_close
        self._sent = 0

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self._iter is None:
            self._iter = iter(self._body)
        chunk = next(self._iter)
        self._sent += len(chunk)
        return chunk

    def close(self) -> None:
        """Close the app's body (Flask's close hooks run here), then log."""
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            on_close, self._on_close = self._on_close, None
            if on_close is not None:
                on_close(self._sent)
