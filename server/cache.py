"""An in-process cache of serialised query answers, with strong ETags (RFC 9110, sections 8.8.3 and 13).

Answers are kept in a bounded LRU (its size counted in body bytes) under a key of everything that
determines the bytes: the query text, the dataset (default and named graph lists), the formats the
request negotiated, the base IRI, the result-row cap, and the store's ``version`` (a counter every write
changes). A write therefore never serves a stale answer: the version in the key changes, and entries of
older versions are dropped the first time a newer version is seen.

The ETag is ``"<blake2b of version, format and body>"``: strong (it changes whenever the bytes do) and
stable for identical requests on unchanged data. Each worker process has its own cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

#: Default cache size in bytes of answer bodies, per worker process (the ``cache_bytes`` setting, when
#: kg.config has it, overrides it; 0 disables the cache).
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
#: An answer larger than this fraction of the cache is served but not kept.
MAX_ENTRY_FRACTION = 4
#: The response header that tells whether an answer came from the cache: ``hit``, ``miss`` or ``bypass``.
CACHE_HEADER = "X-Cache"


@dataclass(frozen=True)
class CachedAnswer:
    """A serialised answer as it is sent: body, content type and ETag; ``row_cap`` is the result-row cap
    that applied (None: none) and ``truncated`` whether the answer was cut there."""

    body: bytes
    content_type: str
    etag: str
    truncated: bool = False
    row_cap: int | None = None


def no_cache_requested(cache_control: str | None, pragma: str | None) -> bool:
    """Whether a request asks for a fresh answer: ``Cache-Control: no-cache`` or ``no-store``, or
    ``Pragma: no-cache`` (RFC 9111, sections 5.2.1.4, 5.2.1.5 and 5.4)."""
    directives = (cache_control or "") + "," + (pragma or "")
    return any(d.strip().lower() in ("no-cache", "no-store") for d in directives.split(","))


def make_etag(version: int, format_name: str, body: bytes) -> str:
    """A strong entity tag for an answer body in a format at a store version (quoted, RFC 9110 8.8.3)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{version}\x00{format_name}\x00".encode())
    h.update(body)
    return f'"{h.hexdigest()}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header matches ``etag`` (weak comparison, RFC 9110 13.1.2)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == opaque for t in if_none_match.split(","))


class AnswerCache:
    """A thread-safe LRU of answers bounded by the total size of their bodies."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self.max_entry_bytes = self.max_bytes // MAX_ENTRY_FRACTION
        self._entries: OrderedDict[Hashable, tuple[CachedAnswer, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._version: int | None = None
        self.size = 0
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        """False when the cache has no room (size 0)."""
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    def _see(self, version: int) -> bool:
        """Track the newest store version; drop every entry on a newer one. False for an older one."""
        if self._version is None or version > self._version:
            if self._entries:
                self._entries.clear()
                self.size = 0
            self._version = version
        return version == self._version

    def get(self, key: Hashable, version: int) -> CachedAnswer | None:
        """The answer cached under ``key`` at store ``version``, or None."""
        if not self.enabled:
            return None
        with self._lock:
            if not self._see(version):
                self.misses += 1
                return None
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, version: int, answer: CachedAnswer, *, key_bytes: int = 0) -> bool:
        """Keep ``answer`` (unless it is too large or computed at an outdated version); True if kept.
        ``key_bytes`` is what the key itself weighs (the query text), counted against the size too."""
        size = len(answer.body) + key_bytes
        if not self.enabled or size > self.max_entry_bytes:
            return False
        with self._lock:
            if not self._see(version):
                return False
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._entries[key] = (answer, size)
            self.size += size
            while self.size > self.max_bytes and self._entries:
                _, (_, evicted) = self._entries.popitem(last=False)
                self.size -= evicted
            return True

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._entries.clear()
            self.size = 0


__all__ = [
    "CACHE_HEADER",
    "DEFAULT_CACHE_BYTES",
    "AnswerCache",
    "CachedAnswer",
    "etag_matches",
    "make_etag",
]
