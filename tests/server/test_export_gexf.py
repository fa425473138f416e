"""GEXF 1.3 exports (/export/graph.gexf, kg.export): the root declares xsi and the schema location, and
every attvalue is a valid lexical form of its attribute's declared type (https://gexf.net/schema.html;
XML Schema 1.1 part 2 for the lexical forms)."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.config import load_settings
from kg.export import to_bytes
from kg.ingest import ingest_paths
from kg.store import open_store
from server import create_app

GEXF = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
CORPUS = Path(__file__).resolve().parents[2] / "kg" / "corpus"

_DOUBLE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"-?([1-9][0-9]{3,}|0[0-9]{3})-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?")
_BOUNDS = {"long": 2**63, "integer": None, "int": 2**31, "short": 2**15, "byte": 2**7}


def is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def valid(kind: str, text: str) -> bool:
    """Whether ``text`` is a lexical form of the GEXF attribute type ``kind``."""
    if kind in ("double", "float"):
        return bool(_DOUBLE.fullmatch(text))
    if kind in _BOUNDS:
        bound = _BOUNDS[kind]
        return bool(_INTEGER.fullmatch(text)) and (bound is None or -bound <= int(text) < bound)
    if kind == "boolean":
        return text in ("true", "false", "1", "0")
    if kind == "date":
        return is_date(text)
    return kind in ("string", "anyURI", "liststring")


def check_gexf(body: bytes) -> dict[tuple[str, str], str]:
    """Assert the root and every typed value; return the declared (class, title) -> type."""
    head = body[: body.index(b">", body.index(b"<gexf")) + 1].decode()
    assert f'xmlns:xsi="{XSI}"' in head
    assert f'xsi:schemaLocation="{SCHEMA_LOCATION}"' in head
    root = ET.fromstring(body)
    assert root.tag == f"{{{GEXF}}}gexf" and root.get("version") == "1.3"
    assert root.get(f"{{{XSI}}}schemaLocation") == SCHEMA_LOCATION
    graph = root.find(f"{{{GEXF}}}graph")
    declared: dict[tuple[str, str], str] = {}
    types: dict[tuple[str, str], str] = {}
    for attributes in graph.findall(f"{{{GEXF}}}attributes"):
        for att in attributes.findall(f"{{{GEXF}}}attribute"):
            types[(attributes.get("class"), att.get("id"))] = att.get("type")
            declared[(attributes.get("class"), att.get("title"))] = att.get("type")
    for cls in ("node", "edge"):
        for element in graph.iter(f"{{{GEXF}}}{cls}"):
            for value in element.iter(f"{{{GEXF}}}attvalue"):
                kind = types[(cls, value.get("for"))]
                assert valid(kind, value.get("value")), (cls, kind, value.get("value"))
            if graph.get("timeformat") == "date":
                for name in ("start", "end"):
                    assert element.get(name) is None or is_date(element.get(name)), element.attrib
    return declared


@pytest.fixture(scope="module")
def corpus_client():
    store = open_store(None)
    ingest_paths(store, sorted(CORPUS.glob("*.txt")), load_settings({"store": "unused"}, environ={}))
    app = create_app(load_settings({"store": "unused"}, environ={}), store=store)
    return app.test_client()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?focus=state/russia&hops=2",
        "?construct=PREFIX+oa:+<http://www.w3.org/ns/oa%23>+CONSTRUCT+{+?s+oa:start+?b+;+oa:end+?e+}"
        "+WHERE+{+?s+oa:start+?b+;+oa:end+?e+}",
    ],
)
def test_served_gexf_has_the_schema_location_and_valid_typed_values(corpus_client, query):
    resp = corpus_client.get("/export/graph.gexf" + query)
    assert resp.status_code == 200, resp.data
    check_gexf(resp.data)


def test_typed_attributes_hold_valid_lexical_forms_even_when_values_mix_types():
    g = nx.MultiDiGraph()
    g.add_node(
        "a", label="A", count=3, ratio=0.5, flag=True, mixed=1, numbers=2, big=2**70, day=dt.date(2020, 1, 2)
    )
    g.add_node("b", label="B", count=4, ratio=float("inf"), flag=False, mixed="two", numbers=2.5, big=1)
    g.add_node("c", label="C", ratio=float("nan"), flag=True, mixed=True, numbers=-1, start="2020-01-01")
    g.nodes["c"]["end"] = "2020-12-31"
    g.add_edge("a", "b", key="agent", property="agent", n=3, ok=True)
    g.add_edge("b", "c", key="target", property="target", n="three", ok=False)
    body = to_bytes(g, "gexf")
    declared = check_gexf(body)
    assert declared[("node", "count")] == "long" and declared[("node", "ratio")] == "double"
    assert declared[("node", "flag")] == "boolean" and declared[("node", "numbers")] == "double"
    assert declared[("node", "mixed")] == "string" and declared[("node", "big")] == "string"
    assert declared[("edge", "n")] == "string" and declared[("edge", "ok")] == "boolean"
    back = nx.read_gexf(io.BytesIO(body))
    assert back.nodes["b"]["mixed"] == "two" and back.nodes["a"]["numbers"] == 2.0
