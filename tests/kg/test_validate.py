"""SHACL validation: a correct mini-article graph conforms; broken data fails with readable messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef

from kg.errors import ValidationFailed
from kg.iris import ARTICLE_GRAPH_PREFIX, INFERENCES_GRAPH, ONTOLOGY_GRAPH
from kg.namespaces import OA, OWL, SH, TG
from kg.validate import (
    ValidationReport,
    check_consistency,
    load_ontology_graph,
    load_shapes_graph,
    to_data_graph,
    validate_graph,
    validate_store,
)

DATA = Path(__file__).resolve().parent.parent / "data"
ID = "https://w3id.org/treatygraph/id/"
ARTICLE_SLUG = "2024-07-09-russia-rules-out-talks-with-us-on-arms-control"
ARTICLE_GRAPH = URIRef(ARTICLE_GRAPH_PREFIX + ARTICLE_SLUG)
SUSPENSION = URIRef(ID + "event/suspension--russia--new-start--2023-02-28")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology_graph()


@pytest.fixture
def mini_dataset() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(DATA / "mini-article.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def broken_report(ontology: rdflib.Graph) -> ValidationReport:
    graph = rdflib.Graph().parse(DATA / "broken-graph.ttl", format="turtle")
    return validate_graph(graph, ontology=ontology)


def messages_for(report: ValidationReport, focus: str, path: URIRef | None = None) -> list[str]:
    return [r.message for r in report.results if r.focus == focus and (path is None or r.path == str(path))]


def test_mini_article_dataset_conforms(mini_dataset: rdflib.Dataset, ontology: rdflib.Graph) -> None:
    report = validate_graph(mini_dataset, ontology=ontology)
    assert report.conforms, report.text
    assert report.violations == []
    assert report.text.startswith("The data conforms")


def test_subclasses_satisfy_class_constraints_across_graphs(mini_dataset: rdflib.Dataset) -> None:
    # tg:agent needs a tg:Agent: Russia is a tg:State in the reference graph, the event in the article graph
    assert (URIRef(ID + "state/russia"), RDF.type, TG.State, ARTICLE_GRAPH) not in mini_dataset
    assert validate_graph(mini_dataset).conforms


def test_event_without_evidence_is_named(broken_report: ValidationReport) -> None:
    msgs = messages_for(broken_report, ID + "event/signing--russia--bad-date", TG.evidence)
    assert msgs == ["An event must have at least one piece of text evidence (tg:evidence)."]


def test_tenure_without_holder_is_named(broken_report: ValidationReport) -> None:
    msgs = messages_for(broken_report, ID + "tenure/nobody--nobody-knows", TG.holder)
    assert msgs == ["A tenure must have exactly one holder (tg:holder)."]


@pytest.mark.parametrize(
    ("event", "value"),
    [("event/signing--russia--bad-date", '"2023-13-45"'), ("event/vague", '"last week"')],
)
def test_malformed_dates_are_named_with_their_value(
    broken_report: ValidationReport, event: str, value: str
) -> None:
    (msg,) = messages_for(broken_report, ID + event, TG.date)
    assert "must be a well-formed xsd:date, xsd:gYearMonth or xsd:gYear literal" in msg
    assert f"Offending value: {value}" in msg


def test_event_typed_only_as_event_is_rejected(broken_report: ValidationReport) -> None:
    (msg,) = messages_for(broken_report, ID + "event/vague", RDF.type)
    assert "specific event class" in msg


def test_claim_without_claimant_or_evidence_is_named(broken_report: ValidationReport) -> None:
    msgs = messages_for(broken_report, ID + "claim/broken--orphan")
    assert "A claim must name who makes it with tg:claimedBy." in msgs
    assert "A claim must have at least one piece of text evidence (tg:evidence)." in msgs


def test_span_and_quote_errors_are_named(broken_report: ValidationReport) -> None:
    position = ID + "evidence/broken--0-17#position"
    (msg,) = messages_for(broken_report, position, OA.start)
    assert "start offset (oa:start) must not be greater than its end offset" in msg
    (quote_msg,) = [
        m for m in messages_for(broken_report, ID + "article/broken") if m.startswith("An evidence span")
    ]
    assert "does not quote its text" in quote_msg
    assert quote_msg.endswith(f"Offending value: {ID}evidence/broken--0-17.")


def test_bad_checksum_is_named(broken_report: ValidationReport) -> None:
    (msg,) = messages_for(broken_report, ID + "article/broken", TG.checksum)
    assert '"sha256:"' in msg and 'Offending value: "md5:0123"' in msg


def test_report_text_is_readable(broken_report: ValidationReport) -> None:
    assert not broken_report.conforms
    lines = broken_report.text.splitlines()
    assert lines[0] == "The data does not conform to the shapes: 10 violations."
    assert any(
        line.startswith("[Violation] tenure:nobody--nobody-knows tg:holder: A tenure") for line in lines
    )
    assert len(lines) == 1 + len(broken_report.results)


def test_offsets_that_miss_the_quote_are_caught(mini_dataset: rdflib.Dataset) -> None:
    graph = mini_dataset.graph(ARTICLE_GRAPH)
    evidence = graph.value(SUSPENSION, TG.evidence)
    position = URIRef(f"{evidence}#position")
    start = graph.value(position, OA.start)
    graph.set((position, OA.start, Literal(int(start) + 1)))
    report = validate_graph(mini_dataset)
    assert not report.conforms
    (result,) = report.violations
    assert result.focus == ID + f"article/{ARTICLE_SLUG}"
    assert result.message.endswith(f"Offending value: {evidence}.")


def test_missing_stance_is_only_a_warning(mini_dataset: rdflib.Dataset) -> None:
    graph = mini_dataset.graph(ARTICLE_GRAPH)
    evidence = graph.value(SUSPENSION, TG.evidence)
    graph.remove((evidence, TG.stance, None))
    report = validate_graph(mini_dataset)
    assert report.conforms
    assert [(r.focus, r.severity) for r in report.results] == [(str(evidence), "Warning")]


def test_event_mention_must_not_be_an_event(mini_dataset: rdflib.Dataset) -> None:
    mention = URIRef(ID + f"mention/{ARTICLE_SLUG}--russia-production")
    mini_dataset.graph(ARTICLE_GRAPH).add((mention, RDF.type, TG.Production))
    report = validate_graph(mini_dataset)
    assert any(
        "event mention is not an event" in r.message for r in report.violations if r.focus == str(mention)
    )


def test_wrong_class_of_agent_is_named(mini_dataset: rdflib.Dataset) -> None:
    mini_dataset.graph(ARTICLE_GRAPH).add((SUSPENSION, TG.agent, URIRef(ID + "treaty/new-start")))
    report = validate_graph(mini_dataset)
    (result,) = report.violations
    assert result.path == str(TG.agent)
    assert result.message.startswith("The agent of an event (tg:agent) must be a tg:Agent")


def test_inferences_and_ontology_graphs_are_not_validated(mini_dataset: rdflib.Dataset) -> None:
    bare_event = URIRef(ID + "event/only-in-inferences")
    mini_dataset.graph(INFERENCES_GRAPH).add((bare_event, RDF.type, TG.Signing))
    mini_dataset.graph(ONTOLOGY_GRAPH).add((bare_event, RDF.type, TG.Signing))
    merged = to_data_graph(mini_dataset)
    assert (bare_event, None, None) not in merged
    assert validate_graph(mini_dataset).conforms


def test_validate_store_reads_the_store_dump(mini_dataset: rdflib.Dataset) -> None:
    class FakeStore:
        def dump_dataset(self) -> rdflib.Dataset:
            return mini_dataset

    assert validate_store(FakeStore()).conforms


def test_every_property_shape_has_a_sentence_for_a_message() -> None:
    shapes = load_shapes_graph()
    checked = 0
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        for prop in shapes.objects(node_shape, SH.property):
            message = shapes.value(prop, SH.message)
            assert message is not None, f"a property shape of {node_shape} has no sh:message"
            text = str(message)
            assert text.endswith(".") and len(text.split()) >= 6, text
            checked += 1
    assert checked >= 40


@pytest.mark.slow
def test_hermit_finds_ontology_and_mini_article_consistent(
    mini_dataset: rdflib.Dataset, ontology: rdflib.Graph
) -> None:
    graph = to_data_graph(mini_dataset)
    for triple in ontology:
        graph.add(triple)
    assert check_consistency(graph) is True


@pytest.mark.slow
def test_hermit_reports_contradictory_data(ontology: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    for triple in ontology:
        graph.add(triple)
    graph.add((TG.Signatory, OWL.sameAs, TG.Party))  # the statuses are declared all different
    with pytest.raises(ValidationFailed, match="inconsistent"):
        check_consistency(graph)
