"""to_graph: the shape of docs/model.md, provenance, typed dates, evidence, and idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kg.article import read_article
from kg.iris import mint
from kg.namespaces import DCTERMS, OA, ORG, PROV, RDF, RDFS, SKOS, TG, XSD

reference_mod = pytest.importorskip("kg.reference")
SEED = Path(__file__).resolve().parents[2] / "kg" / "corpus" / "00-seed.txt"


@pytest.fixture(scope="module")
def seed_graph():  # noqa: ANN201
    from kg.extract import extract
    from kg.rdf import to_graph

    ex = extract(read_article(SEED, max_bytes=10**6), reference_mod.load_reference())
    return ex, to_graph(ex)


def test_article_node(seed_graph) -> None:  # noqa: ANN001
    ex, g = seed_graph
    a = mint("article", ex.article.slug)
    assert (a, RDF.type, TG.NewsArticle) in g
    assert (a, DCTERMS.date, Literal("2024-07-09", datatype=XSD.date)) in g
    assert g.value(a, TG.text).toPython() == ex.article.text
    assert str(g.value(a, TG.checksum)).startswith("sha256:")


def test_mentions_cover_states_people_treaties_and_places(seed_graph) -> None:  # noqa: ANN001
    ex, g = seed_graph
    mentioned = set(g.objects(mint("article", ex.article.slug), TG.mentions))
    for kind, slug in [
        ("state", "russia"),
        ("person", "sergei-ryabkov"),
        ("treaty", "new-start"),
        ("place", "europe"),
        ("organization", "nato"),
        ("organization", "tass"),
    ]:
        assert mint(kind, slug) in mentioned, (kind, slug)


def test_suspension_event_shape(seed_graph) -> None:  # noqa: ANN001
    _, g = seed_graph
    ev = mint("event", "suspension", "russia", "new-start", "2023-02-28")
    assert (ev, RDF.type, TG.Suspension) in g
    assert (ev, TG.date, Literal("2023-02-28", datatype=XSD.date)) in g
    assert {mint("state", "russia"), mint("person", "vladimir-putin")} <= set(g.objects(ev, TG.agent))
    assert (ev, TG.treaty, mint("treaty", "new-start")) in g
    evidence = g.value(ev, TG.evidence)
    assert g.value(evidence, TG.stance) == TG.Asserted
    selectors = set(g.objects(evidence, OA.hasSelector))
    pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
    start, end = g.value(pos, OA.start).toPython(), g.value(pos, OA.end).toPython()
    text = read_article(SEED, max_bytes=10**6).text
    assert text[start:end] == str(g.value(quote, OA.exact))


def test_year_precision_is_a_gyear(seed_graph) -> None:  # noqa: ANN001
    _, g = seed_graph
    assert Literal("2019", datatype=XSD.gYear) in set(g.objects(None, TG.date))


def test_attributed_events_are_not_facts(seed_graph) -> None:  # noqa: ANN001
    _, g = seed_graph
    for ev in g.subjects(RDF.type, TG.Deployment):
        stances = {g.value(e, TG.stance) for e in g.objects(ev, TG.evidence)}
        assert stances == {TG.Attributed}
        claims = list(g.subjects(TG.claims, ev))
        assert claims and g.value(claims[0], TG.claimedBy) == mint("person", "vladimir-putin")


def test_tenure_post_and_org_holds(seed_graph) -> None:  # noqa: ANN001
    _, g = seed_graph
    post = mint("post", "deputy-minister-of-foreign-affairs-of-russia")
    ryabkov = mint("person", "sergei-ryabkov")
    tenure = mint("tenure", "sergei-ryabkov", "deputy-minister-of-foreign-affairs-of-russia")
    assert (tenure, TG.holder, ryabkov) in g and (tenure, TG.post, post) in g
    assert (ryabkov, ORG.holds, post) in g and (post, TG.postIn, mint("state", "russia")) in g
    assert (ryabkov, SKOS.altLabel, Literal("the senior diplomat", lang="en")) in g
    # the office as the article words it: "the Russian deputy foreign minister concluded"
    assert set(g.objects(post, SKOS.altLabel)) == {Literal("deputy foreign minister", lang="en")}


def test_every_extracted_node_is_derived_from_the_article(seed_graph) -> None:  # noqa: ANN001
    ex, g = seed_graph
    a = mint("article", ex.article.slug)
    for cls in (TG.Claim, TG.Tenure, TG.TextEvidence, TG.EventMention, TG.Statement):
        for node in g.subjects(RDF.type, cls):
            assert (node, PROV.wasDerivedFrom, a) in g, node


def test_outlet_is_publisher_not_mention(tmp_path: Path) -> None:
    from kg.extract import extract
    from kg.rdf import to_graph

    f = tmp_path / "a.txt"
    f.write_text("Published: 2021-02-05\nSource: Daily Test\nTitle: T\n\nMoscow said the treaty matters.\n")
    ex = extract(read_article(f, max_bytes=10**6), reference_mod.load_reference())
    g = to_graph(ex)
    outlet = mint("organization", "Daily Test")
    a = mint("article", ex.article.slug)
    assert (a, TG.publisher, outlet) in g and (outlet, RDF.type, TG.MediaOrganization) in g
    assert (a, TG.mentions, outlet) not in g
    assert (outlet, RDFS.label, Literal("Daily Test", lang="en")) in g


def test_same_input_gives_isomorphic_graphs_and_a_custom_base() -> None:
    from kg.extract import extract
    from kg.rdf import to_graph

    ref = reference_mod.load_reference()
    g1 = to_graph(extract(read_article(SEED, max_bytes=10**6), ref))
    g2 = to_graph(extract(read_article(SEED, max_bytes=10**6), ref))
    assert isomorphic(g1, g2)
    g3 = to_graph(extract(read_article(SEED, max_bytes=10**6), ref), base="https://example.org/id/")
    assert URIRef("https://example.org/id/event/suspension--russia--new-start--2023-02-28") in set(
        g3.subjects()
    )


def test_restated_labels_match_the_reference_labels(seed_graph) -> None:  # noqa: ANN001
    """A known entity's label in the article graph is the reference's own ``@en`` triple, so the union
    graph holds one label for it (resource pages listed "Sergei Ryabkov" twice when it was a plain string)."""
    from kg.reference.graph import reference_graph

    _, g = seed_graph
    ref = reference_graph(reference_mod.load_reference())
    russia = URIRef("https://w3id.org/treatygraph/id/state/russia")
    assert set(g.objects(russia, RDFS.label)) == {Literal("Russia", lang="en")}
    plain = [o for o in g.objects(None, RDFS.label) if isinstance(o, Literal) and not o.language]
    assert plain == []
    assert (russia, RDFS.label, Literal("Russia", lang="en")) in ref


def test_event_labels_use_the_ontology_class_labels(seed_graph) -> None:  # noqa: ANN001
    from kg.ingest import ontology_graph
    from kg.rdf import class_label

    onto = ontology_graph()
    for cls in onto.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")):
        if str(cls).startswith(str(TG)):
            assert class_label(str(cls)[len(str(TG)) :]) == str(onto.value(cls, RDFS.label)), cls
    _, g = seed_graph
    labels = [str(o) for e in g.subjects(RDF.type, TG.RejectionOfTalks) for o in g.objects(e, RDFS.label)]
    assert labels and all(lbl.startswith("Rejection of talks") for lbl in labels)
