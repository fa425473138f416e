"""Format choice: URL suffix, then ?format=, then Accept with q-values, wildcards and ties."""

from __future__ import annotations

import pytest

from kg.errors import UserError
from server.negotiation import (
    NotAcceptable,
    check_acceptable,
    choose_format,
    parse_accept,
    prefers_json_problem,
)


def pick(kind: str, accept: str | None = None, **kw: str) -> str:
    return choose_format(kind, accept=accept, **kw).name


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("select", "json"), ("ask", "json"), ("graph", "turtle"), ("description", "turtle")],
)
def test_defaults_when_nothing_is_asked(kind: str, expected: str) -> None:
    assert pick(kind, None) == expected
    assert pick(kind, "") == expected
    assert pick(kind, "*/*") == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("application/json", "json"),
        ("text/xml", "xml"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "xml"),
        ("text/csv;q=0.9, application/sparql-results+xml;q=0.5", "csv"),
        ("text/*", "csv"),
        ("application/*", "json"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "xml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml"),
        ("application/sparql-results+json; charset=utf-8", "json"),
        ("TEXT/CSV", "csv"),
    ],
)
def test_accept_for_select(accept: str, expected: str) -> None:
    assert pick("select", accept) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/n-triples", "ntriples"),
        ("text/plain", "ntriples"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("application/rdf+xml", "rdfxml"),
        ("application/xml", "rdfxml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
        ("text/*", "turtle"),
        ("application/*", "ntriples"),
        ("application/rdf+xml;q=0.5, text/turtle;q=0.8", "turtle"),
    ],
)
def test_accept_for_graphs(accept: str, expected: str) -> None:
    assert pick("graph", accept) == expected


def test_equal_q_goes_to_the_range_the_client_listed_first() -> None:
    assert pick("select", "text/tab-separated-values, text/csv") == "tsv"
    assert pick("select", "text/csv, text/tab-separated-values") == "csv"


def test_an_exact_match_beats_a_wildcard_of_equal_q() -> None:
    # */* and text/csv both at q=1: the exact range wins over the table default (JSON).
    assert pick("select", "*/*, text/csv") == "csv"


def test_the_most_specific_range_sets_the_quality() -> None:
    # text/* is welcome, but text/csv in particular is not.
    assert pick("select", "text/*, text/csv;q=0") == "tsv"


def test_malformed_entries_and_q_values_are_tolerated() -> None:
    assert [(r.type, r.subtype) for r in parse_accept("nonsense, text/csv;q=abc, *")] == [
        ("text", "csv"),
        ("*", "*"),
    ]
    assert pick("select", "nonsense") == "json"


def test_406_lists_what_is_available() -> None:
    with pytest.raises(NotAcceptable) as caught:
        choose_format("select", accept="image/png")
    assert [f.name for f in caught.value.available] == ["json", "xml", "csv", "tsv"]


def test_csv_is_not_offered_for_ask() -> None:
    with pytest.raises(NotAcceptable):
        choose_format("ask", accept="text/csv")
    assert pick("ask", "text/csv, application/sparql-results+xml;q=0.1") == "xml"


def test_q_zero_everywhere_is_not_acceptable() -> None:
    with pytest.raises(NotAcceptable):
        choose_format("graph", accept="*/*;q=0")


def test_format_parameter_beats_accept() -> None:
    assert pick("select", "text/csv", format_param="xml") == "xml"
    assert pick("select", "text/csv", format_param="application/sparql-results+json") == "json"
    assert pick("select", None, format_param="srj") == "json"


def test_format_parameter_json_and_xml_mean_the_rdf_flavour_for_graphs() -> None:
    assert pick("graph", None, format_param="json") == "jsonld"
    assert pick("graph", None, format_param="xml") == "rdfxml"
    assert pick("graph", None, format_param="ttl") == "turtle"


def test_suffix_beats_format_parameter_and_accept() -> None:
    assert pick("graph", "application/rdf+xml", format_param="nt", suffix="ttl") == "turtle"
    assert pick("select", "text/csv", format_param="xml", suffix="tsv") == "tsv"


def test_format_of_the_wrong_kind_is_406_and_unknown_name_is_400() -> None:
    with pytest.raises(NotAcceptable):
        choose_format("graph", format_param="csv")
    with pytest.raises(NotAcceptable):
        choose_format("select", format_param="text/turtle")
    with pytest.raises(UserError) as caught:
        choose_format("select", format_param="yaml")
    assert not isinstance(caught.value, NotAcceptable)


def test_check_acceptable_passes_if_any_kind_fits() -> None:
    check_acceptable(("select", "ask", "graph"), accept="text/turtle")
    with pytest.raises(NotAcceptable) as caught:
        check_acceptable(("select", "ask", "graph"), accept="image/png")
    assert {f.name for f in caught.value.available} >= {"json", "turtle"}


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", True),
        ("application/problem+json", True),
        ("text/plain, application/json", False),
        ("text/plain;q=0.5, application/json", True),
        ("application/sparql-results+json", False),
    ],
)
def test_problem_bodies_are_json_only_when_asked(accept: str | None, json: bool) -> None:
    assert prefers_json_problem(accept) is json


# --- through the app (Flask test client) -------------------------------------------------------------
SELECT = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name }"


def test_app_format_parameter_beats_accept(sparql_client) -> None:
    r = sparql_client.get(
        "/sparql", query_string={"query": SELECT, "format": "csv"}, headers={"Accept": "text/tsv"}
    )
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    assert r.headers["Vary"] == "Accept"


def test_app_accept_with_q_values(sparql_client) -> None:
    accept = "application/sparql-results+json;q=0.2, application/sparql-results+xml;q=0.7, text/csv;q=0.5"
    r = sparql_client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert r.mimetype == "application/sparql-results+xml"
    assert r.headers["Content-Type"] == "application/sparql-results+xml; charset=utf-8"


def test_app_406_names_the_available_types(sparql_client) -> None:
    r = sparql_client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    body = r.get_data(as_text=True)
    assert "application/sparql-results+json" in body and "text/csv" in body


def test_app_406_for_csv_on_ask_after_knowing_the_kind(sparql_client) -> None:
    r = sparql_client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert "application/sparql-results+xml" in r.get_data(as_text=True)


def test_app_406_json_problem_lists_available(sparql_client) -> None:
    r = sparql_client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "csv"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 406
    assert r.mimetype == "application/problem+json"
    assert "text/turtle" in r.get_json()["available"]


def test_app_service_description_follows_accept(sparql_client) -> None:
    r = sparql_client.get("/sparql", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    assert r.mimetype == "application/n-triples"
    r = sparql_client.get("/sparql", query_string={"format": "jsonld"})
    assert r.mimetype == "application/ld+json"
