"""The one settings table: name, default, help. Every setting can come from the environment
(``TREATYGRAPH_<NAME>``), from the command line where the CLI offers it, or from ``create_app(settings)``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.namespaces import DEFAULT_BASE

ENV_PREFIX = "TREATYGRAPH_"


def _default_store() -> str:
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data) / "treatygraph" / "store")


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    default: Any
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        None,
        "Store location: a directory for the embedded on-disk store, or the URL of a "
        "remote SPARQL 1.1 query endpoint. Default: $XDG_DATA_HOME/treatygraph/store.",
    ),
    Setting(
        "update_endpoint",
        None,
        "Remote store only: the SPARQL 1.1 Update endpoint URL (default: the query endpoint URL).",
    ),
    Setting("gsp_endpoint", None, "Remote store only: the SPARQL 1.1 Graph Store Protocol endpoint URL."),
    Setting("store_user", None, "Remote store only: user name for HTTP basic authentication."),
    Setting("store_password", None, "Remote store only: password for HTTP basic authentication."),
    Setting(
        "base_iri",
        DEFAULT_BASE,
        "Base under which instance IRIs are minted and resolved (must end with '/').",
    ),
    Setting("host", "127.0.0.1", "Address the server listens on."),
    Setting("port", 8080, "Port the server listens on.", int),
    Setting(
        "workers",
        2,
        "Server worker processes. They share the store's files read-only; with update_token set (writes "
        "enabled) a local store is held by a single worker.",
        int,
    ),
    Setting("threads", 4, "Threads per server worker process.", int),
    Setting(
        "query_timeout",
        30.0,
        "Seconds a SPARQL query may run before it is abandoned with 503 (0 disables the limit).",
        float,
    ),
    Setting("max_request_bytes", 1_000_000, "Largest accepted HTTP request body, in bytes.", int),
    Setting("max_query_chars", 100_000, "Longest accepted SPARQL query text, in characters.", int),
    Setting("max_article_bytes", 5_000_000, "Largest article file that ingest accepts, in bytes.", int),
    Setting(
        "cache_bytes",
        64 * 1024 * 1024,
        "Bytes of query answers the SPARQL endpoint keeps in memory "
        "per worker process (LRU keyed by query, dataset, format, base IRI and store version); 0 disables "
        "the cache.",
        int,
    ),
    Setting(
        "result_row_cap",
        100_000,
        "Most solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) in one answer of /sparql or `query`; "
        "a longer one is cut there and says so (header Treatygraph-Result-Truncated: true). 0: no cap.",
        int,
    ),
    Setting(
        "resource_triple_cap",
        10_000,
        "Most triples in one resource description (/id/... pages, every format); a longer one (a hub such as "
        "a state in years of news) is cut there and says so (header Treatygraph-Result-Truncated: true, and "
        "a notice on the HTML page). 0: no cap.",
        int,
    ),
    Setting("update_token", None, "Bearer token that enables writes over HTTP; unset means read-only."),
    Setting(
        "service_allowlist",
        "",
        "Space-separated IRI prefixes that SPARQL SERVICE may call; empty means SERVICE is refused.",
    ),
    Setting(
        "max_concurrent_queries",
        0,
        "Requests that may read the store at once per worker; 0 means threads - 1 (at least 1). "
        "Further requests wait up to queue_timeout seconds, then get 503 with Retry-After.",
        int,
    ),
    Setting(
        "queue_timeout",
        2.0,
        "Seconds a request waits for a free query slot before it gets 503 with Retry-After.",
        float,
    ),
    Setting(
        "corpus",
        None,
        "Folder of articles that `serve` ingests into an empty store (default: the bundled corpus).",
    ),
    Setting("log_level", "INFO", "Logging level: DEBUG, INFO, WARNING, ERROR."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with :func:`load_settings`."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name in _BY_NAME:
            return self.values.get(name, _BY_NAME[name].default)
        raise AttributeError(name)

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some settings changed (None values are ignored)."""
        merged = dict(self.values)
        for k, v in changes.items():
            if v is not None:
                merged[k] = _coerce(k, v)
        return Settings(merged)

    def as_dict(self) -> dict[str, Any]:
        """Every setting with its effective value."""
        return {s.name: getattr(self, s.name) for s in SETTINGS}


def _coerce(name: str, value: Any) -> Any:
    if name not in _BY_NAME:
        raise ConfigError(f"unknown setting {name!r}")
    kind = _BY_NAME[name].kind
    if value is None or isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name!r} must be {kind.__name__}, got {value!r}") from None


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from the environment (``TREATYGRAPH_*``), then ``overrides`` on top."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        raw = env.get(ENV_PREFIX + s.name.upper())
        if raw is not None and raw != "":
            values[s.name] = _coerce(s.name, raw)
    for k, v in (overrides or {}).items():
        if v is not None:
            values[k] = _coerce(k, v)
    settings = Settings(values)
    if settings.store is None:
        settings = settings.replace(store=_default_store())
    if not str(settings.base_iri).endswith("/"):
        raise ConfigError("base_iri must end with '/'")
    return settings


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, help) rows, for documentation and ``--help``."""
    return [(s.name, "" if s.default is None else str(s.default), s.help) for s in SETTINGS]


__all__ = ["ENV_PREFIX", "SETTINGS", "Setting", "Settings", "load_settings", "settings_table"]
