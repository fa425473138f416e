"""Every named query runs on the fixture graph and gives the expected answer (HOUSE-STYLE "Queries")."""

from __future__ import annotations

import json

import pytest

from kg.errors import ParameterError, UnknownQuery
from kg.queries import bind, get_named_query, iter_named_queries, parse_bindings, prepare, to_iri

ID = "https://w3id.org/treatygraph/id/"


def run(store, name: str, **params: str) -> list[dict[str, str]]:
    text, values = prepare(get_named_query(name), params)
    answer = store.execute(text, choose="json", substitutions=values)
    doc = json.loads(answer.body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def test_every_query_has_title_description_and_runs(store_with_fixture_graph):
    queries = iter_named_queries()
    assert len(queries) >= 9
    for q in queries:
        assert q.title and q.title != q.name, q.name
        assert q.description, q.name
        required = {p.name: "x" for p in q.params if not p.optional}
        if required:
            continue  # covered by the specific tests below
        run(store_with_fixture_graph, q.name)


def test_actor_treaty_actions_answers_what_russia_did_about_new_start(store_with_fixture_graph):
    rows = run(
        store_with_fixture_graph, "actor-treaty-actions", actor="state/russia", treaty="treaty/new-start"
    )
    by_type = {r["type"].rsplit("#")[-1]: r for r in rows}
    assert by_type["Announcement"]["date"] == "2023-02-21"
    assert by_type["Suspension"]["date"] == "2023-02-28"
    assert "signed a law suspending" in by_type["Suspension"]["sentence"]
    assert by_type["Suspension"]["status"] == "fact"
    assert [r["date"] for r in rows if "date" in r] == ["2023-02-21", "2023-02-28"]
    assert by_type["Compliance"]["claimedBy"] == "Sergei Ryabkov"
    assert by_type["Compliance"]["reportedBy"] == "TASS"


def test_facts_only_never_returns_claimed_deployment(store_with_fixture_graph):
    facts = run(store_with_fixture_graph, "facts")
    types = {r["eventType"].rsplit("#")[-1] for r in facts}
    assert "Suspension" in types and "Deployment" not in types
    claims = run(store_with_fixture_graph, "claimed-events")
    assert [r["eventType"].rsplit("#")[-1] for r in claims] == ["Deployment"]
    assert claims[0]["speakerLabel"] == "Vladimir Putin"


def test_who_said_what_gives_speaker_reporter_and_sentence(store_with_fixture_graph):
    rows = run(store_with_fixture_graph, "who-said-what")
    assert {(r["speakerLabel"], r.get("reporterLabel")) for r in rows} == {
        ("Vladimir Putin", None),
        ("Sergei Ryabkov", "TASS"),
    }
    only_putin = run(store_with_fixture_graph, "who-said-what", speaker="person/vladimir-putin")
    assert len(only_putin) == 1 and only_putin[0]["sentence"].startswith("According to Putin")


@pytest.mark.parametrize(
    ("date", "status"),
    [
        ("2015-01-01", "Party"),
        ("2023-02-28", "Suspended"),
        ("2024-07-09", "Suspended"),
        ("2026-03-01", "Expired"),
    ],
)
def test_participation_status_as_of_a_date(store_with_fixture_graph, date, status):
    rows = run(
        store_with_fixture_graph,
        "participation-status",
        party="state/russia",
        treaty="treaty/new-start",
        date=date,
    )
    assert [r["status"].rsplit("#")[-1] for r in rows][:1] == [status]


def test_participation_before_entry_into_force_is_empty(store_with_fixture_graph):
    assert (
        run(
            store_with_fixture_graph,
            "participation-status",
            party="state/russia",
            treaty="treaty/new-start",
            date="2009-01-01",
        )
        == []
    )


def test_officials_and_posts(store_with_fixture_graph):
    rows = run(store_with_fixture_graph, "officials", **{"in": "state/russia"})
    assert {(r["personLabel"], r["postLabel"]) for r in rows} == {
        ("Sergei Ryabkov", "Deputy Minister of Foreign Affairs of Russia"),
        ("Vladimir Putin", "President of Russia"),
    }


def test_events_filtered_by_actor_type_and_dates(store_with_fixture_graph):
    rows = run(store_with_fixture_graph, "events", actor="state/russia", type="Suspension")
    assert [r["date"] for r in rows] == ["2023-02-28"]
    window = run(store_with_fixture_graph, "events", **{"from": "2023-02-22", "to": "2023"})
    assert [r["eventType"].rsplit("#")[-1] for r in window] == ["Suspension"]
    assert run(store_with_fixture_graph, "events", **{"from": "2024"}) == []


def test_treaty_timeline_merges_curated_milestones_and_events(store_with_fixture_graph):
    rows = run(store_with_fixture_graph, "treaty-timeline", treaty="treaty/new-start")
    dated = [(r["date"], r["type"].rsplit("#")[-1]) for r in rows if "date" in r]
    assert dated == [
        ("2010-04-08", "Signing"),
        ("2011-02-05", "EntryIntoForce"),
        ("2023-02-21", "Announcement"),
        ("2023-02-28", "Suspension"),
        ("2026-02-05", "Expiry"),
    ]
    assert "date" not in rows[-1]  # undated Compliance last


def test_actor_network_counts_links(store_with_fixture_graph):
    rows = run(store_with_fixture_graph, "actor-network")
    pairs = {(r["sourceLabel"], r["targetLabel"], r["relation"]): int(r["events"]) for r in rows}
    assert pairs[("Russia", "United States", "acts on")] == 1
    assert pairs[("Vladimir Putin", "Russia", "acts with")] == 2  # "acts with" pairs are ordered by IRI
    only_us = run(store_with_fixture_graph, "actor-network", actor="state/united-states")
    assert {r["targetLabel"] for r in only_us} == {"United States"}


def test_unknown_query_and_bad_parameters_are_user_errors():
    with pytest.raises(UnknownQuery):
        get_named_query("no-such-query")
    with pytest.raises(UnknownQuery):
        get_named_query("../etc/passwd")
    q = get_named_query("participation-status")
    with pytest.raises(ParameterError, match="needs"):
        bind(q, {"party": "state/russia"})
    with pytest.raises(ParameterError, match="not a date"):
        bind(q, {"party": "state/russia", "treaty": "treaty/new-start", "date": "2023-02-30"})
    with pytest.raises(ParameterError, match="no parameter"):
        bind(q, {"bogus": "1"})
    with pytest.raises(ParameterError):
        parse_bindings(["novalue"])


def test_iri_shorthands():
    assert str(to_iri("state/russia")) == ID + "state/russia"
    assert to_iri("tg:Suspension").endswith("ontology#Suspension")
    assert str(to_iri("<http://example.org/x>")) == "http://example.org/x"
    with pytest.raises(ParameterError):
        to_iri("not an iri")


def test_timeline_within_a_date_window_at_each_date_s_own_precision(store_with_fixture_graph):
    every = run(store_with_fixture_graph, "timeline")
    window = run(store_with_fixture_graph, "timeline", **{"from": "2011", "to": "2023-02-21"})
    dates = sorted(r["date"] for r in window)
    assert dates and dates == sorted(
        d for d in (r["date"] for r in every) if "2011" <= d[:4] and d <= "2023-02-21"
    )
    assert "2011-02-05" in dates  # New START's entry into force, a curated milestone, is in the window
    assert "2023-02-21" in dates and "2023-02-28" not in dates  # the announcement, not the suspension
    assert run(store_with_fixture_graph, "timeline", **{"from": "2030"}) == []


def test_event_count_counts_the_events_the_timeline_draws(store_with_fixture_graph):
    store = store_with_fixture_graph
    window = {"treaty": "treaty/new-start", "from": "2011", "to": "2023-02"}
    for params in ({}, {"actor": "state/russia"}, window):
        drawn = {r["event"] for r in run(store, "timeline", **params) if "/event/" in r["event"]}
        assert run(store, "event-count", **params)[0]["events"] == str(len(drawn)) and drawn, params
    assert run(store, "event-count", **{"actor": "state/russia", "from": "2030"}) == []  # no row: none
