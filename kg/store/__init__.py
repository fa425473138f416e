"""Stores: the embedded pyoxigraph store (:mod:`kg.store.local`) and a remote SPARQL 1.1 store
(:mod:`kg.store.remote`) with the same methods; ``open_store`` picks one from the location.

``kg/store/`` is the only package that imports pyoxigraph's ``Store``. Queries see the union of all
named graphs as their default graph unless the caller names a dataset (SPARQL 1.1 Protocol, 2.1.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from kg.store.local import Answer, Store, node_iris, to_ox
from kg.store.sparqltext import find_keywords

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from kg.config import Settings
    from kg.formats import Format
    from kg.store.remote import RemoteStore


class GraphStore(Protocol):
    """What the rest of treatygraph uses of a store: ``Store`` and ``RemoteStore`` both provide it."""

    path: Path | None
    read_only: bool

    def query(self, query: str, **kwargs: Any) -> Any:
        """Evaluate a query; SELECT/ASK give pyoxigraph result objects."""
        ...

    def execute(self, query: str, **kwargs: Any) -> Answer:
        """Evaluate and serialise a query."""
        ...

    def update(self, update: str, *, allow_load: bool = False, also: Sequence[tuple[str, str]] = ()) -> None:
        """Run a SPARQL 1.1 Update, then the (graph, update) rewrites in ``also``."""
        ...

    def update_graph(self, graph: str, update: str, *, subjects: Sequence[str] | None = None) -> None:
        """Run an update that rewrites one named graph (only its triples about ``subjects``, if given),
        as one transaction where the store allows."""
        ...

    def replace_graph(
        self,
        graph: str,
        triples: Graph | Iterable[tuple[Any, Any, Any]],
        *,
        also: Sequence[tuple[str, str]] = (),
    ) -> int:
        """Replace the content of a named graph, then run the (graph, update) rewrites in ``also``."""
        ...

    def drop_graph(self, graph: str, *, also: Sequence[tuple[str, str]] = ()) -> None:
        """Remove a named graph, then run the (graph, update) rewrites in ``also``."""
        ...

    def load_file(
        self, path: str | Path, fmt: Format, *, graph: str | None = None, bulk: bool = True
    ) -> None:
        """Load an RDF file."""
        ...

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one named graph, or in all."""
        ...

    def dump(self, output: IO[bytes] | str | Path, fmt: Format, *, graph: str | None = None) -> None:
        """Write the store or one graph."""
        ...

    def dump_dataset(self, graphs: Sequence[str] | None = None) -> Dataset:
        """Copy the store into an rdflib Dataset."""
        ...

    @property
    def version(self) -> int:
        """A counter that changes on every write."""
        ...

    def flush(self) -> None:
        """Make sure everything written is durable."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...

    def __len__(self) -> int: ...


def is_remote(location: str | Path | None) -> bool:
    """Whether ``location`` names a remote SPARQL endpoint (an http or https URL)."""
    return location is not None and str(location).startswith(("http://", "https://"))


def open_store(
    location: str | Path | None,
    *,
    read_only: bool = False,
    exclude_writers: bool = False,
    settings: Settings | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> Store | RemoteStore:
    """Open the store at ``location``: a directory (created if needed), ``None`` (in memory), or the URL
    of a remote SPARQL 1.1 query endpoint. For a URL, the update and Graph Store endpoints and the
    credentials come from the keywords, else from ``settings``, else from the environment
    (``TREATYGRAPH_UPDATE_ENDPOINT`` ...). A remote store is asked one cheap query before it is returned.
    ``exclude_writers`` (a local store opened read-only) keeps writers out while it is open."""
    if not is_remote(location):
        return Store(location, read_only=read_only, exclude_writers=exclude_writers)
    from kg.config import load_settings
    from kg.store.remote import RemoteStore

    resolved = settings if settings is not None else load_settings()
    store = RemoteStore(
        str(location),
        update_endpoint=update_endpoint or resolved.update_endpoint,
        gsp_endpoint=gsp_endpoint or resolved.gsp_endpoint,
        user=user if user is not None else resolved.store_user,
        password=password if password is not None else resolved.store_password,
        read_only=read_only,
    )
    try:
        store.check()
    except BaseException:
        store.close()
        raise
    return store


def open_store_to_read(
    location: str | Path | None, *, settings: Settings | None = None
) -> Store | RemoteStore:
    """Open a store for commands that only read (query, export, validate, stats). A local store that
    exists in the current layout is opened read-only with writers kept out, so such a command runs beside
    a read-only server's workers (and is refused while a writer holds the store); anything else is opened
    as :func:`open_store` opens it (created, or brought to the current layout, if need be)."""
    if location is not None and not is_remote(location) and Store.is_current(Path(location)):
        return open_store(location, read_only=True, exclude_writers=True)
    return open_store(location, settings=settings)


def __getattr__(name: str) -> Any:
    """``RemoteStore`` is imported on first use (it needs ``requests``)."""
    if name == "RemoteStore":
        from kg.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(name)


__all__ = [
    "Answer",
    "GraphStore",
    "RemoteStore",
    "Store",
    "find_keywords",
    "is_remote",
    "open_store_to_read",
    "node_iris",
    "open_store",
    "to_ox",
]
