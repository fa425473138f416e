"""The SERVICE allow-list of ``/sparql`` and ``/update`` reads every SERVICE clause (server/sparql.py)."""

from __future__ import annotations

from server.sparql import service_allowed, service_targets
from server.writes import load_sources, outbound_allowed

ALLOWED = "http://ok.example/"


def test_a_service_clause_without_white_space_cannot_slip_past_the_allowlist():
    """Regression: ``SERVICE<iri>`` was not seen, so one allowed SERVICE let any other through."""
    query = "SELECT * WHERE { SERVICE <http://ok.example/s> { ?s ?p ?o } SERVICE<http://evil.example/s> { } }"
    assert service_targets(query) == ["http://ok.example/s", "http://evil.example/s"]
    assert not service_allowed(query, ALLOWED)
    assert not outbound_allowed(f"INSERT {{ ?s ?p ?o }} WHERE {{ {query[16:-1]} }}", ALLOWED)
    assert service_allowed("SELECT * WHERE { SERVICE<http://ok.example/s> { } }", ALLOWED)


def test_load_and_service_targets_agree_with_the_allowlist():
    assert load_sources("LOAD <http://ok.example/d.ttl> ; LOAD ?x") == ["http://ok.example/d.ttl", None]
    assert outbound_allowed("LOAD SILENT <http://ok.example/d.ttl>", ALLOWED)
    assert not outbound_allowed("LOAD <http://ok.example/d.ttl> ; LOAD <http://evil.example/d>", ALLOWED)
