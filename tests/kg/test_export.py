"""Graph exports (kg/export): the networkx graph, its filters and every format reopened by its reader."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pytest

from kg.errors import ParameterError, QueryError, QueryTimeout, UserError
from kg.export import GRAPH_FORMATS, get_graph_format, to_bytes, to_interval, to_networkx, write_graph

ID = "https://w3id.org/treatygraph/id/"
RUSSIA, US = ID + "state/russia", ID + "state/united-states"
SUSPENSION = ID + "event/suspension--russia--new-start--2023-02-28"
ANNOUNCEMENT = ID + "event/announcement--russia--new-start--2023-02-21"
NEW_START, INF = ID + "treaty/new-start", ID + "treaty/inf-treaty"
GEXF_NS = "http://gexf.net/1.3"
WITHDRAWAL_2019 = """
PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <https://w3id.org/treatygraph/graph/article/fixture-2019> {
  <https://w3id.org/treatygraph/id/event/withdrawal--united-states--inf-treaty--2019> a tg:Withdrawal ;
    rdfs:label "Withdrawal from the INF Treaty by the United States (2019)"@en ;
    tg:agent <https://w3id.org/treatygraph/id/state/united-states> ;
    tg:treaty <https://w3id.org/treatygraph/id/treaty/inf-treaty> ; tg:date "2019"^^xsd:gYear .
} }
"""


def _edge_set(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), d["property"]) for u, v, d in graph.edges(data=True)}


def test_default_graph_has_typed_nodes_and_property_edges(store_with_fixture_graph):
    graph = to_networkx(store_with_fixture_graph)
    assert isinstance(graph, nx.MultiDiGraph)
    russia = graph.nodes[RUSSIA]
    assert russia["label"] == "Russia" and russia["type"] == "State" and russia["wikidata"] == "Q159"
    assert russia["iri"] == RUSSIA
    assert graph.nodes[ID + "organization/tass"]["type"] == "MediaOrganization"
    event = graph.nodes[SUSPENSION]
    assert (event["type"], event["kind"], event["date"]) == ("Suspension", "Event", "2023-02-28")
    assert (event["start"], event["end"]) == ("2023-02-28", "2023-02-28")
    assert "date" not in graph.nodes[ID + "event/deployment--united-states--fixture--a1"]
    assert "wikidata" not in graph.nodes[ID + "person/vladimir-putin"]
    assert graph.nodes[ID + "tenure/vladimir-putin--president-of-russia"]["label"] == (
        "Vladimir Putin, President of Russia"
    )
    edges = _edge_set(graph)
    for edge in [
        (SUSPENSION, RUSSIA, "agent"),
        (SUSPENSION, US, "target"),
        (SUSPENSION, NEW_START, "treaty"),
        (ID + "event/deployment--united-states--fixture--a1", ID + "place/europe", "place"),
        (ID + "tenure/vladimir-putin--president-of-russia", ID + "person/vladimir-putin", "holder"),
        (ID + "tenure/vladimir-putin--president-of-russia", ID + "post/president-of-russia", "post"),
        (ID + "claim/fixture--c2", ID + "organization/tass", "reportedBy"),
    ]:
        assert edge in edges
    assert graph[SUSPENSION][RUSSIA]["agent"]["label"] == "agent"
    assert INF in graph  # a treaty no event mentions is still a node
    assert not any(n.startswith((ID + "evidence/", ID + "article/")) for n in graph)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cyjs", "node-link"])
def test_each_format_reopens_with_the_same_nodes_edges_and_attributes(store_with_fixture_graph, fmt):
    graph = to_networkx(store_with_fixture_graph)
    body = to_bytes(graph, fmt)
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(body))
    elif fmt == "gexf":
        back = nx.read_gexf(io.BytesIO(body), version="1.3")
    elif fmt == "cyjs":
        back = nx.cytoscape_graph(json.loads(body), name="label")
    else:
        back = nx.node_link_graph(json.loads(body), edges="links")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert set(map(str, back.nodes)) == set(graph.nodes)
    assert _edge_set(back) == _edge_set(graph)
    for node in (RUSSIA, SUSPENSION):
        for name in ("label", "type", "iri", "kind", "wikidata", "date"):
            if name in graph.nodes[node]:
                assert back.nodes[node][name] == graph.nodes[node][name], (fmt, node, name)
    if fmt != "gexf":  # GEXF keeps start/end as node times, checked in the GEXF test
        assert back.nodes[SUSPENSION]["start"] == "2023-02-28"


def test_gexf_is_gexf_1_3_with_event_dates_as_start(store_with_fixture_graph):
    graph = to_networkx(store_with_fixture_graph)
    root = ET.fromstring(to_bytes(graph, "gexf"))
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").startswith(GEXF_NS)
    g = root.find(f"{{{GEXF_NS}}}graph")
    assert (g.get("mode"), g.get("timeformat"), g.get("defaultedgetype")) == ("dynamic", "date", "directed")
    declared = {
        (a.get("class"), att.get("id")): att.get("title")
        for a in g.findall(f"{{{GEXF_NS}}}attributes")
        for att in a.findall(f"{{{GEXF_NS}}}attribute")
    }
    nodes = {n.get("id"): n for n in g.iter(f"{{{GEXF_NS}}}node")}
    edges = list(g.iter(f"{{{GEXF_NS}}}edge"))
    for cls, elements in (("node", nodes.values()), ("edge", edges)):
        for element in elements:
            for value in element.iter(f"{{{GEXF_NS}}}attvalue"):
                assert (cls, value.get("for")) in declared
    assert nodes[SUSPENSION].get("start") == "2023-02-28" and nodes[SUSPENSION].get("end") == "2023-02-28"
    assert nodes[SUSPENSION].get("label") == "Suspension of New START by Russia (2023-02-28)"
    assert nodes[RUSSIA].get("start") is None
    for node in nodes.values():
        for name in ("start", "end"):
            assert node.get(name) is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", node.get(name))
    assert len({e.get("id") for e in edges}) == len(edges) == graph.number_of_edges()
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    assert {e.get("kind") for e in edges} >= {"agent", "target", "treaty", "holder", "post"}


#: The attributes each element may carry in the GEXF 1.3 grammar (gexf.net/1.3: gexf.rng + dynamics.rng;
#: xsi:schemaLocation on the root is XML Schema's own). networkx writes a few more (a graph ``name``,
#: ``mode`` on <attributes>) that a strict RELAX NG validation of the 1.3 grammar rejects.
_TIME = {"start", "end", "timestamp"}
GEXF_1_3_ATTRIBUTES = {
    "gexf": {"version", "variant", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"},
    "meta": {"lastmodifieddate"},
    "creator": set(),
    "description": set(),
    "keywords": set(),
    "graph": {"defaultedgetype", "idtype", "timeformat", "mode", "timerepresentation", "timezone"} | _TIME,
    "attributes": {"class"},
    "attribute": {"id", "title", "type"},
    "default": set(),
    "options": set(),
    "nodes": {"count"},
    "edges": {"count"},
    "node": {"id", "label", "pid", "intervals", "timestamps"} | _TIME,
    "edge": {"id", "type", "label", "source", "target", "weight", "kind", "intervals", "timestamps"} | _TIME,
    "attvalues": set(),
    "attvalue": {"for", "value"} | _TIME,
    "spells": set(),
    "spell": _TIME,
}
GEXF_1_3_TYPES = {"integer", "long", "double", "float", "boolean", "string", "anyURI", "liststring"}


def test_gexf_stays_within_the_gexf_1_3_grammar(store_with_fixture_graph):
    root = ET.fromstring(to_bytes(to_networkx(store_with_fixture_graph), "gexf"))
    for element in root.iter():
        ns, _, name = element.tag[1:].partition("}")
        assert ns == GEXF_NS and name in GEXF_1_3_ATTRIBUTES, element.tag
        assert set(element.attrib) <= GEXF_1_3_ATTRIBUTES[name], (name, set(element.attrib))
    assert {a.get("type") for a in root.iter(f"{{{GEXF_NS}}}attribute")} <= GEXF_1_3_TYPES
    assert root.find(f"{{{GEXF_NS}}}meta/{{{GEXF_NS}}}description").text == "treatygraph"


def test_cytoscape_ids_are_strings_and_edges_point_at_them(store_with_fixture_graph):
    graph = to_networkx(store_with_fixture_graph)
    graph.add_node(7, label="an integer id")  # a caller's own node: ids must still come out as strings
    data = json.loads(to_bytes(graph, "cyjs"))
    ids = [n["data"]["id"] for n in data["elements"]["nodes"]]
    assert all(isinstance(i, str) for i in ids) and "7" in ids
    russia = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == RUSSIA)
    assert russia["name"] == "Russia"  # Cytoscape shows "name"
    edge_ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(set(edge_ids)) == len(edge_ids)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in data["elements"]["edges"])


def test_dot_is_balanced_quoted_and_lists_every_node_and_edge(store_with_fixture_graph):
    graph = to_networkx(store_with_fixture_graph)
    graph.nodes[RUSSIA]["note"] = 'say "no" \\ then\nstop'
    text = to_bytes(graph, "dot").decode("utf-8")
    unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert unquoted.count("{") == unquoted.count("}") == 1 and unquoted.startswith("digraph")
    for node in graph:
        assert re.search(rf'^  "{re.escape(node)}" \[', text, re.M)
    for u, v in graph.edges():
        assert f'"{u}" -> "{v}"' in text
    assert text.count(" -> ") == graph.number_of_edges()
    assert '"note"="say \\"no\\" \\\\ then\\nstop"' in text


def test_csv_zip_holds_gephi_node_and_edge_tables(store_with_fixture_graph):
    graph = to_networkx(store_with_fixture_graph)
    with zipfile.ZipFile(io.BytesIO(to_bytes(graph, "csv"))) as archive:
        assert set(archive.namelist()) == {"nodes.csv", "edges.csv", "README.txt"}
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8"))))
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    russia = next(n for n in nodes if n["Id"] == RUSSIA)
    assert (russia["Label"], russia["type"], russia["wikidata"]) == ("Russia", "State", "Q159")
    assert {(e["Source"], e["Target"], e["property"]) for e in edges} == _edge_set(graph)
    assert {e["Type"] for e in edges} == {"Directed"} and len({e["Id"] for e in edges}) == len(edges)


def test_none_and_list_values_survive_graphml_and_gexf():
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", aliases=["x", "y"], missing=None)
    graph.add_node("b", label="B", type="State")
    graph.add_edge("a", "b", key="agent", property="agent", note=None, tags=["p", "q"], type="odd")
    graph.add_edge("a", "b", key="target", property="target")
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        back = read(io.BytesIO(to_bytes(graph, fmt)))
        assert back.nodes["a"]["aliases"] == "x; y" and "missing" not in back.nodes["a"]
        assert back.number_of_edges() == 2  # parallel edges stay apart
        assert sorted(d["property"] for _, _, d in back.edges(data=True)) == ["agent", "target"]


def test_write_graph_to_a_path_and_a_stream(store_with_fixture_graph, tmp_path):
    graph = to_networkx(store_with_fixture_graph, types=["State"])
    write_graph(graph, "graphml", tmp_path / "g.graphml")
    assert set(nx.read_graphml(tmp_path / "g.graphml")) == {RUSSIA, US}
    stream = io.BytesIO()
    write_graph(graph, get_graph_format("json"), stream)
    assert len(json.loads(stream.getvalue())["nodes"]) == 2
    assert {f.name for f in GRAPH_FORMATS} == {"graphml", "gexf", "cyjs", "node-link", "dot", "csv"}
    with pytest.raises(UserError):
        get_graph_format("png")


def test_type_filter_keeps_types_kinds_and_agents(store_with_fixture_graph):
    store = store_with_fixture_graph
    assert set(to_networkx(store, types=["State"])) == {RUSSIA, US}
    agents = to_networkx(store, types="Agent")
    assert {d["kind"] for _, d in agents.nodes(data=True)} == {"State", "Person", "Organization"}
    assert len(agents) == 5 and agents.number_of_edges() == 0
    events = to_networkx(store, types=["Event", "Treaty"])
    assert len(events) == 6 and {d["property"] for _, _, d in events.edges(data=True)} == {"treaty"}
    with pytest.raises(ParameterError):
        to_networkx(store, types=["Sate"])


@pytest.mark.parametrize("hops", [0, 1, 2])
def test_focus_and_hops_give_the_undirected_ego_graph(store_with_fixture_graph, hops):
    store = store_with_fixture_graph
    whole = to_networkx(store)
    expected = whole.subgraph(nx.ego_graph(whole.to_undirected(as_view=True), RUSSIA, radius=hops))
    near = to_networkx(store, focus="state/russia", hops=hops)
    assert set(near) == set(expected) and _edge_set(near) == _edge_set(expected)
    # the neighbourhood describes its nodes with export-nodes-of, a batch at a time: the same attributes
    assert {n: near.nodes[n] for n in near} == {n: whole.nodes[n] for n in near}
    if hops == 1:
        assert SUSPENSION in near and NEW_START not in near and len(near) < len(whole)


def test_focus_errors(store_with_fixture_graph):
    with pytest.raises(UserError):
        to_networkx(store_with_fixture_graph, focus="state/atlantis")
    with pytest.raises(ParameterError):
        to_networkx(store_with_fixture_graph, hops=2)


def test_date_window_keeps_events_inside_it_at_their_precision(store_with_fixture_graph):
    store = store_with_fixture_graph
    late = to_networkx(store, date_from="2023-02-25")
    assert SUSPENSION in late and ANNOUNCEMENT not in late
    assert ID + "event/deployment--united-states--fixture--a1" not in late  # undated
    assert ID + "place/europe" not in late  # only linked through a dropped event
    assert RUSSIA in late and INF in late
    year = to_networkx(store, date_from="2023", date_to="2023")
    assert {n for n, d in year.nodes(data=True) if d["kind"] == "Event"} == {SUSPENSION, ANNOUNCEMENT}
    store.update(WITHDRAWAL_2019)
    withdrawal = ID + "event/withdrawal--united-states--inf-treaty--2019"
    assert to_networkx(store).nodes[withdrawal]["start"] == "2019-01-01"
    assert withdrawal in to_networkx(store, date_from="2019-08-01", date_to="2019-08-31")
    assert withdrawal not in to_networkx(store, date_from="2020")
    near = to_networkx(store, focus="state/united-states", hops=1, date_to="2019-12")
    assert withdrawal in near and SUSPENSION not in near
    with pytest.raises(ParameterError):
        to_networkx(store, date_from="2023-02-30")
    with pytest.raises(ParameterError):
        to_networkx(store, date_from="2024", date_to="2023")


def test_to_interval_covers_the_precision():
    assert [d.isoformat() for d in to_interval("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert [d.isoformat() for d in to_interval("2019")] == ["2019-01-01", "2019-12-31"]


def test_construct_query_defines_the_edges(store_with_fixture_graph):
    store = store_with_fixture_graph
    construct = """
    PREFIX tg: <https://w3id.org/treatygraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX oa: <http://www.w3.org/ns/oa#>
    CONSTRUCT { ?event tg:agent ?agent ; rdfs:comment ?label ; oa:start 5 }
    WHERE { ?event tg:agent ?agent ; rdfs:label ?label }
    """
    graph = to_networkx(store, construct=construct)
    assert {d["property"] for _, _, d in graph.edges(data=True)} == {"agent"}
    assert graph.number_of_edges() == 6 and INF not in graph
    event = graph.nodes[SUSPENSION]
    assert event["comment"] == "Suspension of New START by Russia (2023-02-28)"
    assert event["oa_start"] == "5" and event["start"] == "2023-02-28"  # a literal never becomes a node time
    assert graph.nodes[RUSSIA]["label"] == "Russia" and graph.nodes[RUSSIA]["type"] == "State"
    states = to_networkx(store, construct=construct, types=["State", "Event"], date_from="2023-02-25")
    assert set(states) == {SUSPENSION, RUSSIA}
    assert set(to_networkx(store, construct=construct, focus=US, hops=1)) == {
        US,
        ID + "event/deployment--united-states--fixture--a1",
    }
    with pytest.raises(QueryError):
        to_networkx(store, construct="SELECT * WHERE { ?s ?p ?o }")


def test_an_export_stops_at_the_row_cap_and_says_so(store_with_fixture_graph):
    """A capped export reads at most ``row_cap`` rows (so memory stays bounded on a large store) and is
    marked as cut; one under the cap is whole and unmarked, and the same export gives the same file."""
    whole = to_networkx(store_with_fixture_graph)
    assert "truncated" not in whole.graph
    assert "truncated" not in to_networkx(store_with_fixture_graph, row_cap=10_000).graph
    cut = to_networkx(store_with_fixture_graph, row_cap=3)
    assert cut.graph["truncated"] is True
    assert 0 < cut.number_of_nodes() <= 3
    assert set(cut.nodes) <= set(whole.nodes)
    near = to_networkx(store_with_fixture_graph, focus="state/russia", hops=2, row_cap=2)
    assert near.graph["truncated"] is True
    assert ID + "state/russia" in near
    graphml = get_graph_format("graphml")
    assert to_bytes(whole, graphml) == to_bytes(to_networkx(store_with_fixture_graph), graphml)
    assert list(whole.nodes) == sorted(whole.nodes)


def test_a_cut_neighbourhood_runs_no_query_past_the_cap(store_with_fixture_graph, monkeypatch):
    """Once the cap is reached, the rest of a neighbourhood is not asked for (a hub's ring at 10M quads ran
    tens of thousands of queries for nothing, past the timeout: bench/RESULTS.md)."""
    store = store_with_fixture_graph
    ran: list[str] = []
    query = store.query
    monkeypatch.setattr(store, "query", lambda text, **kw: ran.append(text) or query(text, **kw))
    near = to_networkx(store, focus="state/russia", hops=2, row_cap=2)
    assert near.graph["truncated"] is True and len(ran) == 2  # the focus, then its edges (cut there)
    ran.clear()
    assert "truncated" not in to_networkx(store, focus="state/russia", hops=2).graph and len(ran) > 2


def test_an_export_past_its_timeout_is_refused(store_with_fixture_graph):
    with pytest.raises(QueryTimeout, match="narrow it"):
        to_networkx(store_with_fixture_graph, timeout=1e-9)
    with pytest.raises(QueryTimeout):
        to_networkx(store_with_fixture_graph, focus="state/russia", timeout=1e-9)
