"""bench/compare_queries.py: the parameter cases of a query, and answers without their SAMPLE() columns."""

from __future__ import annotations

from dataclasses import replace

from bench.common import PARAMS
from bench.compare_queries import answer, cases, compared_columns
from kg.queries import get_named_query
from kg.store import Store


def test_cases_are_without_options_with_the_hubs_and_with_the_overrides_each_once():
    who = get_named_query("who-said-what")  # speaker and treaty, both optional
    assert cases(who, {"speaker": "person/x", "actor": "state/liberia"}) == [
        {},
        {"speaker": PARAMS["speaker"], "treaty": PARAMS["treaty"]},
        {"speaker": "person/x", "treaty": PARAMS["treaty"]},
    ]
    describe = get_named_query("describe-resource")  # one required parameter
    assert cases(describe, {}) == [{"resource": PARAMS["resource"]}]


def test_an_answer_leaves_out_the_sampled_columns(bench_store: Store):
    timeline = get_named_query("timeline")
    seconds, rows = answer(bench_store, timeline, {"treaty": "treaty/new-start"})
    assert seconds > 0 and sum(rows.values()) > 0
    # actor agents date event from status to treaty type (by name): label, eventTreatyIri, treatyLabel and
    # sentence are SAMPLE()s
    assert {len(row) for row in rows} == {9}
    assert all(row[7] == "<https://w3id.org/treatygraph/id/treaty/new-start>" for row in rows)


def test_only_the_columns_both_versions_project_are_compared():
    timeline = get_named_query("timeline")
    older = replace(timeline, text=timeline.text.replace("?from ?to ", ""))
    assert {"from", "to"} & compared_columns(timeline, timeline) == {"from", "to"}
    assert {"from", "to"} & compared_columns(older, timeline) == set()
    assert {"actor", "event", "date"} <= compared_columns(older, timeline)
