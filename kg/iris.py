"""The only place IRIs are minted: deterministic, readable slugs (DESIGN.md, "Identifiers").

The same real-world thing gets the same IRI however often and in whatever order articles are
ingested: slugs depend only on normalised names, never on counters or ingestion order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.namespaces import DEFAULT_BASE, GRAPH_BASE

KINDS = (
    "state",
    "person",
    "post",
    "tenure",
    "organization",
    "place",
    "treaty",
    "participation",
    "event",
    "claim",
    "evidence",
    "article",
    "mention",
)

ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
REFERENCE_GRAPH = URIRef(GRAPH_BASE + "reference")
INFERENCES_GRAPH = URIRef(GRAPH_BASE + "inferences")
ARTICLE_GRAPH_PREFIX = GRAPH_BASE + "article/"


def slugify(text: str, max_len: int = 80) -> str:
    """Lower-case ASCII slug: 'Sergei Ryabkov' -> 'sergei-ryabkov', 'New START' -> 'new-start'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'", "").replace("\u2019", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    return slug or "x"


def short_hash(*parts: str, length: int = 10) -> str:
    """A stable hexadecimal digest of the parts (for slugs that would otherwise collide)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def mint(kind: str, *parts: str, base: str = DEFAULT_BASE) -> URIRef:
    """IRI of an instance: ``<base><kind>/<slug>``; several parts are slugified and joined by ``--``.

    ``mint("state", "Russia")`` -> ``.../id/state/russia``;
    ``mint("tenure", "sergei-ryabkov", "deputy-minister-of-foreign-affairs-of-russia")``
    -> ``.../id/tenure/sergei-ryabkov--deputy-minister-of-foreign-affairs-of-russia``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    if not parts:
        raise ValueError("mint() needs at least one slug part")
    slug = "--".join(slugify(p, max_len=120) for p in parts)
    return URIRef(f"{base}{kind}/{slug}")


def article_graph(article_slug: str) -> URIRef:
    """Named graph that holds everything extracted from one article."""
    return URIRef(ARTICLE_GRAPH_PREFIX + article_slug)


def split(iri: str, base: str = DEFAULT_BASE) -> tuple[str, str] | None:
    """Inverse of :func:`mint`: ``(kind, slug)`` for an instance IRI under ``base``, else None."""
    if not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    kind, _, slug = rest.partition("/")
    if kind not in KINDS or not slug:
        return None
    return kind, slug
