"""Keyword operands (kg/store/sparqltext.py ``keyword_operands``): the one reading of SERVICE and LOAD
targets behind the allow-lists and the stores' keyword guards."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.store.sparqltext import find_keywords, keyword_operands, prepend_values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { SERVICE <http://a/s> { ?s ?p ?o } }", ["http://a/s"]),
        ("SELECT * WHERE { service silent <http://a/s> { } }", ["http://a/s"]),
        ("PREFIX a: <http://a/> SELECT * WHERE { SERVICE a:sparql { } }", ["http://a/sparql"]),
        ("PREFIX : <http://a/> SELECT * WHERE { SERVICE :s { } }", ["http://a/s"]),
        ("SELECT * WHERE { SERVICE ?e { } SERVICE $f { } }", [None, None]),
        ("SELECT * WHERE { SERVICE nope:s { } }", [None]),
        ("PREFIX a: <http://a/> SELECT * WHERE { SERVICE a:x\\;y { } }", ["http://a/x;y"]),
        # no white space after the keyword is still a SERVICE clause (regression: it used to be missed)
        ("SELECT * WHERE { SERVICE <http://a/s> { } SERVICE<http://b/s> { } }", ["http://a/s", "http://b/s"]),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://b/>" } # SERVICE <http://c/>', None),
        ("SELECT * WHERE { ?s <http://x/SERVICE> ?o }", None),
    ],
)
def test_service_operands(text, expected):
    assert keyword_operands(text, ["SERVICE"]).get("SERVICE") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LOAD <http://a/d.ttl>", ["http://a/d.ttl"]),
        ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://e/g>", ["file:///etc/passwd"]),
        ("PREFIX x: <http://127.0.0.1:9/> LOAD x:data.ttl", ["http://127.0.0.1:9/data.ttl"]),
        ("LOAD<http://a/d.ttl> ; LOAD ( <http://b/> )", ["http://a/d.ttl", None]),
        ("PREFIX x: <http://a/> LOAD x:d; LOAD y:d", ["http://a/d", None]),
    ],
)
def test_load_operands(text, expected):
    assert keyword_operands(text, ["LOAD", "SERVICE"]) == {"LOAD": expected}


def test_find_keywords_is_the_set_of_keywords_with_operands():
    text = "PREFIX x: <http://a/> LOAD x:d ; INSERT { ?s ?p ?o } WHERE { SERVICE <http://b/> { ?s ?p ?o } }"
    assert find_keywords(text, ["LOAD", "SERVICE", "FROM"]) == {"LOAD", "SERVICE"}
    assert find_keywords("select * from <http://g/> {}", ["from"]) == {"FROM"}


def test_prepend_values_binds_a_batch_and_keeps_the_variable():
    head = 'PREFIX ex: <http://example.org/>\n# a { comment\nSELECT ?n (":{" AS ?s) WHERE {'
    text = prepend_values(head + " ?n ex:p ?o } ORDER BY ?n", "n", ["<http://example.org/a>", '"b"'])
    assert text == head + ' VALUES ?n { <http://example.org/a> "b" }  ?n ex:p ?o } ORDER BY ?n'
    with pytest.raises(QueryError):
        prepend_values("ASK", "n", ["<x:y>"])
