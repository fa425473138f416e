"""bench/compare_queries.py: the parameter cases of a query, and answers without their SAMPLE() columns."""

from __future__ import annotations

from bench.common import PARAMS
from bench.compare_queries import answer, cases
from kg.queries import get_named_query
from kg.store import Store


def test_cases_are_without_options_with_the_hubs_and_with_the_overrides_each_once():
    timeline = get_named_query("timeline")  # actor and treaty, both optional
    assert cases(timeline, {"actor": "state/liberia", "speaker": "person/x"}) == [
        {},
        {"actor": PARAMS["actor"], "treaty": PARAMS["treaty"]},
        {"actor": "state/liberia", "treaty": PARAMS["treaty"]},
    ]
    describe = get_named_query("describe-resource")  # one required parameter
    assert cases(describe, {}) == [{"resource": PARAMS["resource"]}]


def test_an_answer_leaves_out_the_sampled_columns(bench_store: Store):
    timeline = get_named_query("timeline")
    seconds, rows = answer(bench_store, timeline, {"treaty": "treaty/new-start"})
    assert seconds > 0 and sum(rows.values()) > 0
    # actor treaty date type event status agents: label, eventTreatyIri, treatyLabel, sentence are SAMPLEs
    assert {len(row) for row in rows} == {7}
    assert all(row[1] == "<https://w3id.org/treatygraph/id/treaty/new-start>" for row in rows)
