"""Curated reference data (kg/reference): lookup/gazetteer API, identifiers, sources, RDF shape."""

from __future__ import annotations

import pycountry
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.iris import mint
from kg.namespaces import TG, WD
from kg.reference import (
    RefEntity,
    Reference,
    ReferenceDataError,
    load_reference,
    normalise_office,
    post_label,
    surface_titles,
)

# Every QID the project has verified (project brief; shared/corpus/README.md "Wikidata").
VERIFIED_QIDS = {
    ("state", "russia"): "Q159",
    ("state", "united-states"): "Q30",
    ("state", "united-kingdom"): "Q145",
    ("state", "france"): "Q142",
    ("state", "philippines"): "Q928",
    ("state", "soviet-union"): "Q15180",
    ("state", "ukraine"): "Q212",
    ("state", "belarus"): "Q184",
    ("state", "kazakhstan"): "Q232",
    ("state", "canada"): "Q16",
    ("state", "china"): "Q148",
    ("state", "germany"): "Q183",
    ("state", "iran"): "Q794",
    ("state", "israel"): "Q801",
    ("state", "syria"): "Q858",
    ("state", "india"): "Q668",
    ("state", "bhutan"): "Q917",
    ("state", "libya"): "Q1016",
    ("state", "australia"): "Q408",
    ("state", "sri-lanka"): "Q854",
    ("state", "indonesia"): "Q252",
    ("state", "south-africa"): "Q258",
    ("organization", "nato"): "Q7184",
    ("organization", "un"): "Q1065",
    ("organization", "eu"): "Q458",
    ("organization", "tass"): "Q223799",
    ("place", "europe"): "Q46",
    ("post", "president-of-russia"): "Q218295",
    ("person", "vladimir-putin"): "Q7747",
    ("person", "barack-obama"): "Q76",
}


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def graph(ref: Reference) -> Graph:
    return ref.to_graph()


def slugs(entities: list[RefEntity]) -> set[tuple[str, str]]:
    return {(e.kind, e.slug) for e in entities}


# ------------------------------------------------------------------ lookup


def test_moscow_is_the_city_and_a_metonym_for_russia(ref: Reference) -> None:
    hits = slugs(ref.lookup("Moscow"))
    assert {("state", "russia"), ("place", "moscow")} <= hits
    hows = {(e.slug, how) for e, how in ref.lookup_how("Moscow")}
    assert ("russia", "metonym") in hows and ("moscow", "label") in hows


def test_kremlin_is_russia_and_the_presidential_office(ref: Reference) -> None:
    for surface in ("the Kremlin", "Kremlin", "the  Kremlin", "The Kremlin"):
        hits = slugs(ref.lookup(surface))
        assert {("state", "russia"), ("organization", "kremlin")} <= hits, surface
    kremlin = ref.get("organization", "kremlin")
    assert kremlin is not None and kremlin.classes == (TG.GovernmentBody,)
    assert kremlin.data["part_of"] == "state:russia"


def test_washington_and_us_forms(ref: Reference) -> None:
    us = ref.get("state", "united-states")
    assert us in ref.lookup("Washington")
    for surface in (
        "U.S.",
        "US",
        "USA",
        "United States",
        "the United States of America",
        "Americans",
        "American",
    ):
        assert us in ref.lookup(surface), surface
    assert ref.lookup_how("U.S.")[0][1] == "acronym"
    assert ref.lookup_how("American")[0] == (us, "demonym")


def test_curly_quotes_and_possessives_normalise(ref: Reference) -> None:
    assert ref.get("state", "cote-d-ivoire") is None  # slug comes from the label
    ivory = ref.lookup("C\u00f4te d\u2019Ivoire")
    assert ivory and ivory[0].data["alpha3"] == "CIV"
    assert ref.lookup("Russia\u2019s") == [ref.get("state", "russia")]


def test_all_caps_datelines_fold_but_acronyms_do_not(ref: Reference) -> None:
    assert ref.lookup("VIENNA") == [ref.get("place", "vienna")]
    assert ref.get("organization", "un") in ref.lookup("UNITED NATIONS")
    assert ref.get("place", "the-hague") in ref.lookup("THE HAGUE")
    assert ref.lookup("us") == []  # the pronoun is not the United States


def test_treaty_forms(ref: Reference) -> None:
    assert ref.lookup("New START") == [ref.get("treaty", "new-start")]
    assert ref.lookup("INF Treaty") == [ref.get("treaty", "inf-treaty")]
    assert ref.lookup("Intermediate-Range Nuclear Forces Treaty") == [ref.get("treaty", "inf-treaty")]
    assert ref.lookup("NPT") == [ref.get("treaty", "npt")]
    assert ref.lookup("nuclear Non-Proliferation Treaty") == [ref.get("treaty", "npt")]
    assert ref.lookup("Iran nuclear deal") == [ref.get("treaty", "jcpoa")]
    start = slugs(ref.lookup("the Strategic Arms Reduction Treaty"))
    assert start == {("treaty", "new-start"), ("treaty", "start-i")}
    assert ref.is_ambiguous("Strategic Arms Reduction Treaty")


def test_tass_forms(ref: Reference) -> None:
    tass = ref.get("organization", "tass")
    assert tass is not None and tass.classes == (TG.MediaOrganization,) and tass.qid == "Q223799"
    for surface in ("TASS", "Itar-Tass", "ITAR-TASS"):
        assert ref.lookup(surface) == [tass], surface


def test_ambiguous_and_common_word_forms_are_flagged(ref: Reference) -> None:
    georgia = ref.get("state", "georgia")
    assert georgia is not None and georgia.data["ambiguous"] is True
    for label in ("Chad", "Jordan", "Turkey", "Guinea"):
        (state,) = ref.lookup(label)
        assert state.is_common_word(label), label
    assert ref.get("state", "russia").data["ambiguous"] is False
    records = {(r.surface, r.entity.slug): r for r in ref.surface_form_records()}
    assert records[("Georgia", "georgia")].ambiguous
    assert not records[("Russia", "russia")].ambiguous


def test_surface_forms_longest_first_and_typed(ref: Reference) -> None:
    forms = ref.surface_forms()
    lengths = [len(s) for s, _, _ in forms]
    assert lengths == sorted(lengths, reverse=True)
    hows = {how for _, _, how in forms}
    assert hows == {"label", "alias", "acronym", "metonym", "demonym"}
    russia = ref.get("state", "russia")
    assert ("Moscow", russia, "metonym") in forms
    assert ("Russian", russia, "demonym") in forms


def test_get_and_by_iri(ref: Reference) -> None:
    russia = ref.get("state", "russia")
    assert russia is not None and russia.iri == mint("state", "russia")
    assert ref.by_iri(str(russia.iri)) is russia
    assert ref.by_iri("https://example.org/nothing") is None
    assert ref.get("state", "atlantis") is None


def test_other_base_mints_under_it() -> None:
    other = load_reference("https://example.org/id/")
    assert other.get("state", "russia").iri == URIRef("https://example.org/id/state/russia")
    assert str(other.get("treaty", "new-start").iri).startswith("https://example.org/id/")


# ------------------------------------------------------------------ data integrity


def test_every_qid_is_verified(ref: Reference) -> None:
    present = {(e.kind, e.slug): e.qid for e in ref.entities if e.qid}
    assert present == VERIFIED_QIDS


def test_no_treaty_has_a_qid(ref: Reference) -> None:
    assert all(e.qid is None for e in ref.of_kind("treaty"))


def test_iso_codes_match_pycountry(ref: Reference) -> None:
    for state in ref.of_kind("state"):
        d = state.data
        country = pycountry.countries.get(alpha_3=d["alpha3"]) or pycountry.historic_countries.get(
            alpha_3=d["alpha3"]
        )
        assert country is not None, state.slug
        assert (d["alpha2"], d["numeric"]) == (country.alpha_2, country.numeric), state.slug


def test_193_un_members(ref: Reference) -> None:
    members = [s for s in ref.of_kind("state") if s.data["un_status"] == "member"]
    assert len(members) == 193
    assert len({s.data["alpha3"] for s in members}) == 193
    assert {"RUS", "USA", "PRK", "SSD", "MNE"} <= {s.data["alpha3"] for s in members}
    observers = {s.slug for s in ref.of_kind("state") if s.data["un_status"] == "observer"}
    assert observers == {"holy-see", "state-of-palestine"}


def test_short_common_labels(ref: Reference) -> None:
    labels = {s.data["alpha3"]: s.label for s in ref.of_kind("state")}
    assert labels["RUS"] == "Russia" and labels["USA"] == "United States" and labels["IRN"] == "Iran"
    assert labels["SYR"] == "Syria" and labels["PRK"] == "North Korea" and labels["KOR"] == "South Korea"
    assert labels["GBR"] == "United Kingdom"


def test_at_least_60_demonyms(ref: Reference) -> None:
    assert sum(1 for s in ref.of_kind("state") if s.demonyms) >= 60
    demonyms = {d: s.slug for s in ref.of_kind("state") for d in s.demonyms}
    assert demonyms["Soviet"] == "soviet-union" and demonyms["British"] == "united-kingdom"
    assert demonyms["North Korean"] == "north-korea"


def test_soviet_union_and_continuator(ref: Reference) -> None:
    su = ref.get("state", "soviet-union")
    assert su is not None and su.data["end_date"] == "1991-12-26" and su.data["alpha2"] == "SU"
    assert ref.get("state", "russia").data["continuator_of"] == "soviet-union"


def test_every_entity_has_a_source(ref: Reference) -> None:
    for e in ref.entities:
        assert e.data["sources"] and all(isinstance(s, str) and s for s in e.data["sources"]), e.slug
        for p in e.data.get("participations", ()):
            assert p["source"], (e.slug, p)


def test_slugs_unique_within_kind(ref: Reference) -> None:
    keys = [(e.kind, e.slug) for e in ref.entities]
    assert len(keys) == len(set(keys))
    assert all(e.iri == mint(e.kind, e.slug) for e in ref.entities)


def test_duplicate_slug_is_rejected(ref: Reference) -> None:
    russia = ref.get("state", "russia")
    with pytest.raises(ReferenceDataError):
        Reference([russia, russia])


def test_required_treaties_present(ref: Reference) -> None:
    wanted = {
        "new-start",
        "inf-treaty",
        "start-i",
        "start-ii",
        "abm-treaty",
        "ctbt",
        "npt",
        "tpnw",
        "cfe-treaty",
        "open-skies-treaty",
        "jcpoa",
        "cwc",
        "bwc",
        "sort",
        "salt-i",
        "salt-ii",
        "limited-test-ban-treaty",
        "budapest-memorandum",
    }
    assert wanted <= {t.slug for t in ref.of_kind("treaty")}


def test_new_start_facts(ref: Reference) -> None:
    d = ref.get("treaty", "new-start").data
    assert (d["signature_date"], d["entry_into_force_date"], d["termination_date"]) == (
        "2010-04-08",
        "2011-02-05",
        "2026-02-05",
    )
    assert set(d["parties"]) == {"united-states", "russia"}
    suspended = [p for p in d["participations"] if p["status"] == "suspended"]
    assert [(p["party"], p["start"], p["end"]) for p in suspended] == [("russia", "2023-02-28", "2026-02-05")]


def test_inf_parties_are_us_and_soviet_union(ref: Reference) -> None:
    d = ref.get("treaty", "inf-treaty").data
    assert set(d["parties"]) == {"united-states", "soviet-union"}
    assert (d["signature_date"], d["entry_into_force_date"], d["termination_date"]) == (
        "1987-12-08",
        "1988-06-01",
        "2019-08-02",
    )
    withdrawn = [p for p in d["participations"] if p["status"] == "withdrawn"]
    assert [(p["party"], p["start"]) for p in withdrawn] == [("united-states", "2019-08-02")]


# ------------------------------------------------------------------ posts and offices


@pytest.mark.parametrize(
    ("phrase", "title"),
    [
        ("deputy foreign minister", "Deputy Minister of Foreign Affairs"),
        ("foreign minister", "Minister of Foreign Affairs"),
        ("Foreign Minister", "Minister of Foreign Affairs"),
        ("FM", None),
        ("defence minister", "Minister of Defence"),
        ("defense minister", "Minister of Defence"),
        ("secretary of state", "Secretary of State"),
        ("president", "President"),
        ("prime minister", "Prime Minister"),
        ("premier", "Prime Minister"),
        ("UN chief", "Secretary-General"),
        ("secretary-general", "Secretary-General"),
        ("director general", "Director General"),
        ("director-general", "Director General"),
        ("chief", "Director General"),
        ("IAEA chief", "Director General"),
        ("ambassador to Russia", "Ambassador to Russia"),
        ("U.S. ambassador to Russia", "Ambassador to Russia"),
        ("permanent representative to the UN", "Permanent Representative to the United Nations"),
        ("UN envoy", "Permanent Representative to the United Nations"),
        ("spokesman", "Spokesperson"),
        ("spokeswoman", "Spokesperson"),
        ("spokesperson", "Spokesperson"),
        ("foreign secretary", "Foreign Secretary"),
        ("chancellor", "Chancellor"),
        ("national security adviser", "National Security Advisor"),
        ("senior diplomat", None),
        ("Russian deputy foreign minister", "Deputy Minister of Foreign Affairs"),
        ("foreign minister of Russia", "Minister of Foreign Affairs"),
        ("the Russian President", "President"),
        ("minister for national reconciliation", "Minister of National Reconciliation"),
        ("Minister for National Reconciliation", "Minister of National Reconciliation"),
        ("deputy minister of atomic energy", "Deputy Minister of Atomic Energy"),
        ("minister of the interior", "Minister of the Interior"),
        ("minister of state", None),
        ("minister of Russia", None),
        ("", None),
        ("weather", None),
    ],
)
def test_normalise_office(phrase: str, title: str | None) -> None:
    assert normalise_office(phrase) == title


def test_surface_titles_are_the_offices_words_as_written() -> None:
    text = "Kremlin spokesman Dmitry Peskov and Russian deputy foreign minister Sergei Ryabkov"
    assert surface_titles(text, "Spokesperson") == ["Kremlin spokesman"]
    assert surface_titles(text, "Deputy Minister of Foreign Affairs") == ["deputy foreign minister"]
    assert surface_titles("UN Spokesperson Martin Nesirky", "Spokesperson") == []  # the title itself


def test_post_label() -> None:
    assert (
        post_label("Deputy Minister of Foreign Affairs", "Russia")
        == "Deputy Minister of Foreign Affairs of Russia"
    )
    assert (
        post_label("Ambassador to Russia", "the United States") == "Ambassador of the United States to Russia"
    )


def test_reference_posts_match_what_an_extractor_would_build(ref: Reference) -> None:
    for post in ref.of_kind("post"):
        holder = ref.get(post.data["of_kind"], post.data["of"])
        assert holder is not None
        label = post_label(post.data["office"], holder.data.get("of_label", holder.label))
        assert post.label == label and post.iri == mint("post", label)
    president = ref.get("post", "president-of-russia")
    assert president is not None and president.qid == "Q218295"
    assert president in ref.lookup("Russian President")
    assert ref.get("post", "deputy-minister-of-foreign-affairs-of-russia") is not None
    assert ref.get("post", "secretary-general-of-the-united-nations") in ref.lookup("UN Secretary-General")


# ------------------------------------------------------------------ RDF


def test_graph_round_trips_through_turtle(graph: Graph) -> None:
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert len(again) == len(graph) > 1000


def test_graph_types_and_labels(ref: Reference, graph: Graph) -> None:
    russia = ref.get("state", "russia").iri
    assert (russia, RDF.type, TG.State) in graph
    assert (russia, RDFS.label, Literal("Russia", lang="en")) in graph
    assert (russia, SKOS.altLabel, Literal("Moscow", lang="en")) in graph
    assert (russia, TG.demonym, Literal("Russian", lang="en")) in graph
    assert (russia, SKOS.exactMatch, WD.Q159) in graph
    assert (russia, TG.iso3166Alpha2, Literal("RU")) in graph
    assert (russia, TG.continuatorOf, ref.get("state", "soviet-union").iri) in graph
    su = ref.get("state", "soviet-union").iri
    assert (su, TG.endDate, Literal("1991-12-26", datatype=rns.XSD.date)) in graph
    assert (ref.get("organization", "nato").iri, RDF.type, TG.InternationalOrganization) in graph
    kremlin = ref.get("organization", "kremlin").iri
    assert (kremlin, TG.partOf, russia) in graph
    post = ref.get("post", "president-of-russia").iri
    assert (post, RDF.type, TG.Post) in graph and (post, TG.postIn, russia) in graph


def test_every_node_has_a_source(graph: Graph) -> None:
    subjects = {s for s in graph.subjects(RDF.type, None)}
    assert subjects
    assert all((s, DCTERMS.source, None) in graph for s in subjects)


def test_only_verified_qids_in_graph(graph: Graph) -> None:
    qids = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, SKOS.exactMatch)}
    assert qids == set(VERIFIED_QIDS.values())


def test_new_start_suspension_participation(ref: Reference, graph: Graph) -> None:
    node = mint("participation", "russia", "new-start", "suspended", "2023-02-28")
    assert (node, RDF.type, TG.TreatyParticipation) in graph
    assert (node, TG.party, ref.get("state", "russia").iri) in graph
    assert (node, TG.treaty, ref.get("treaty", "new-start").iri) in graph
    assert (node, TG.status, TG.Suspended) in graph
    assert (node, TG.startDate, Literal("2023-02-28", datatype=rns.XSD.date)) in graph
    assert (node, TG.endDate, Literal("2026-02-05", datatype=rns.XSD.date)) in graph
    treaty = ref.get("treaty", "new-start").iri
    assert (treaty, TG.signatureDate, Literal("2010-04-08", datatype=rns.XSD.date)) in graph
    assert (treaty, TG.terminationDate, Literal("2026-02-05", datatype=rns.XSD.date)) in graph


def test_graph_conforms_to_the_project_shapes(graph: Graph) -> None:
    from kg.validate import validate_graph

    report = validate_graph(graph)
    assert report.conforms, report.text


def test_depositaries_and_org_links_resolve_to_reference_entities(ref: Reference, graph: Graph) -> None:
    un = ref.get("organization", "un").iri
    assert (ref.get("treaty", "ctbt").iri, TG.depositary, un) in graph
    npt = ref.get("treaty", "npt").iri
    assert set(graph.objects(npt, TG.depositary)) == {
        ref.get("state", s).iri for s in ("united-states", "united-kingdom", "soviet-union")
    }
    for prop in (TG.depositary, TG.partOf, TG.postIn, TG.party, TG.continuatorOf):
        for o in graph.objects(None, prop):
            assert ref.by_iri(str(o)) is not None, (prop, o)


def test_every_surface_form_round_trips_through_lookup(ref: Reference) -> None:
    for surface, entity, how in ref.surface_forms():
        assert entity in ref.lookup(surface), (surface, entity.slug)
        assert entity.how(surface) == how


def test_dates_are_typed_xsd_date(graph: Graph) -> None:
    props = (TG.signatureDate, TG.entryIntoForceDate, TG.terminationDate, TG.startDate, TG.endDate)
    for prop in props:
        for o in graph.objects(None, prop):
            assert isinstance(o, Literal) and o.datatype == rns.XSD.date, (prop, o)
