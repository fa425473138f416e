"""Fixtures for the kg tests: the curated reference data, and extracting a short made-up article."""

from __future__ import annotations

from typing import Any

import pytest

from kg.article import parse_article


@pytest.fixture(scope="session")
def reference() -> Any:
    """The curated reference data (states, treaties, organisations, posts)."""
    from kg.reference import load_reference

    return load_reference()


def extract_body(reference: Any, body: str, *, published: str, dateline: str) -> Any:
    """Extract an article made of a header block (``published``) and ``DATELINE - body``."""
    from kg.extract import extract

    data = f"Published: {published}\nSource: Test Wire\nTitle: Test\n\n{dateline} - {body}\n".encode()
    return extract(parse_article(data, name="test.txt", max_bytes=10**6), reference)


def events_of(ex: Any, etype: str) -> list[Any]:
    """The extracted events of one type."""
    return [e for e in ex.events if e.type == etype]


def people_of(ex: Any) -> set[str]:
    """The keys of the extracted people."""
    return {k for k in ex.entities if k.startswith("person/")}


def posts_held(ex: Any, person: str, field: str = "label") -> set[str]:
    """The posts a person holds in an extraction, by label (or ``field``: "office")."""
    return {getattr(ex.posts[t.post], field) for t in ex.tenures if t.person == person}
