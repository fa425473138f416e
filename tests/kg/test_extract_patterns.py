"""Linguistic patterns the extraction must generalise over, one short made-up article each.

Passive treaty acts without an agent, relative clauses, legal acts typed by their outcome, dates of
speech acts, metonymic denials, conditional pledges, unqualified titles, event identity, and acts of
an extension rather than of the treaty.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.kg.conftest import extract_body

_extract = partial(extract_body, published="2023-11-03", dateline="MOSCOW")


def _one(ex, etype: str):  # noqa: ANN001, ANN202
    found = [e for e in ex.events if e.type == etype]
    assert len(found) == 1, [(e.type, e.evidence.exact) for e in ex.events]
    return found[0]


def test_agentless_passive_signing_and_coordinated_entry_into_force(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The Chemical Weapons Convention was signed in Paris in 1993 and entered into force in 1997.",
    )
    sig, eif = _one(ex, "Signing"), _one(ex, "EntryIntoForce")
    assert (sig.date, sig.treaty, sig.places, sig.agents) == ("1993", "treaty/cwc", ["place/paris"], [])
    assert (eif.date, eif.places) == ("1997", [])


def test_fronted_participle_is_a_passive_signing(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "Signed in Helsinki in 1992, the Open Skies Treaty came into force in January 2002."
    )
    assert _one(ex, "Signing").date == "1992" and _one(ex, "EntryIntoForce").date == "2002-01"
    assert _one(ex, "EntryIntoForce").places == []


def test_relative_clause_agent_is_its_own_subject(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Arms control suffered under President Donald Trump's administration, and the INF Treaty, "
        "from which the United States withdrew in 2019, is gone.",
    )
    w = _one(ex, "Withdrawal")
    assert (w.agents, w.treaty, w.date) == (["state/united-states"], "treaty/inf-treaty", "2019")


@pytest.mark.parametrize(
    ("body", "etype"),
    [
        (
            "Putin signed a law on Thursday revoking Russia's ratification of the Comprehensive "
            "Nuclear-Test-Ban Treaty.",
            "RatificationRevocation",
        ),
        (
            "Putin signed a decree on Thursday suspending Russia's participation in the CFE Treaty.",
            "Suspension",
        ),
        (
            "Putin signed a law on Thursday denouncing Russia's membership of the Open Skies Treaty.",
            "Withdrawal",
        ),
        ("Putin signed a law on Thursday ratifying the New START treaty for Russia.", "Ratification"),
    ],
)
def test_legal_acts_are_typed_by_their_outcome(reference, body: str, etype: str) -> None:  # noqa: ANN001
    ev = _one(_extract(reference, body), etype)
    assert ev.date == "2023-11-02" and {"person/vladimir-putin", "state/russia"} <= set(ev.agents)
    assert not [e for e in _extract(reference, body).events if e.type in ("Signing", "Statement")]


def test_parliament_vote_to_revoke_ratification(reference) -> None:  # noqa: ANN001
    ev = _one(
        _extract(reference, "The State Duma voted to revoke the ratification of the CTBT on Oct. 18."),
        "RatificationRevocation",
    )
    assert ev.date == "2023-10-18" and ev.treaty == "treaty/ctbt"


def test_announced_decision_keeps_its_date_and_the_saying_clause(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Secretary of State Mike Pompeo announced the decision on May 21, saying that Russia had violated "
        "the Open Skies Treaty for years.",
        dateline="WASHINGTON",
    )
    ann = _one(ex, "Announcement")
    assert ann.date == "2023-05-21" and "state/united-states" in ann.agents
    assert not [e for e in ex.events if e.type == "Statement"]
    assert any(c.event == ann.key and c.claimed_by == "person/mike-pompeo" for c in ex.claims)


@pytest.mark.parametrize(("city", "state"), [("Moscow", "state/russia"), ("Beijing", "state/china")])
def test_metonymic_denials_are_statements_with_claims(reference, city: str, state: str) -> None:  # noqa: ANN001
    ex = _extract(
        reference, f"Washington accused it of violating the New START treaty. {city} rejected the accusation."
    )
    denial = [e for e in ex.events if e.type == "Statement" and e.agents == [state]]
    assert denial and any(c.event == denial[0].key and c.claimed_by == state for c in ex.claims)


def test_conditional_pledge_keeps_the_condition(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Deputy Foreign Minister Sergei Ryabkov said Russia would not resume nuclear testing unless the "
        "United States did so first.",
    )
    p = _one(ex, "Pledge")
    assert p.agents[:2] == ["person/sergei-ryabkov", "state/russia"]
    assert p.condition == "unless the United States did so first"


def test_no_intention_is_a_pledge(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "Pyongyang said it had no intention of producing nuclear weapons.", dateline="SEOUL"
    )
    assert _one(ex, "Pledge").agents == ["state/north-korea"]


def test_unqualified_titles_are_placed(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Donald Trump spoke about the INF Treaty. Deputy Foreign Minister Alexander Grushko "
        "said the treaty was dead.",
    )
    posts = {(t.person, t.post) for t in ex.tenures}
    assert ("person/donald-trump", "post/president-of-the-united-states") in posts
    assert ("person/alexander-grushko", "post/deputy-minister-of-foreign-affairs-of-russia") in posts


def test_administration_of_a_president_acts_for_the_state(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Last month the administration of President Joe Biden told Moscow that the United States would not "
        "rejoin the Open Skies Treaty.",
        published="2021-06-08",
    )
    ann = _one(ex, "Announcement")
    assert (ann.agents[0], ann.date) == ("state/united-states", "2021-05")


def test_event_key_leads_with_the_state(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "On February 28, 2023, Putin signed a law suspending Russia's participation in New START."
    )
    assert _one(ex, "Suspension").key == "suspension--russia--new-start--2023-02-28"


def test_entry_into_force_of_an_extension_is_not_the_treatys(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "Russia's Foreign Ministry said the extension of New START had entered into force."
    )
    assert not [e for e in ex.events if e.type == "EntryIntoForce"]
    assert _one(ex, "Statement").treaty == "treaty/new-start"


def test_unnamed_speakers_make_no_statement(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "Diplomats at the United Nations said the Security Council would discuss the NPT."
    )
    assert not ex.events


def test_nuclear_tests_and_surname_particles(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President F.W. de Klerk said Pakistan conducted five underground nuclear tests on Thursday. "
        "De Klerk said the NPT mattered.",
        published="1998-05-29",
        dateline="CAPE TOWN",
    )
    test = _one(ex, "WeaponsTest")
    assert (test.agents, test.date, test.stance) == (["state/pakistan"], "1998-05-28", "Attributed")
    assert len([k for k in ex.entities if k.startswith("person/")]) == 1


def test_relative_clause_antecedent_is_the_agent(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Iran, which ratified the Non-Proliferation Treaty in 1970, insists its programme is peaceful.",
    )
    r = _one(ex, "Ratification")
    assert (r.agents, r.treaty, r.date) == (["state/iran"], "treaty/npt", "1970")


def test_a_pledge_reported_by_someone_else_is_theirs_and_attributed(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President George W. Bush said Libyan leader Moammar Gadhafi had agreed to abandon nuclear weapons.",
        published="2003-12-20",
        dateline="WASHINGTON",
    )
    p = _one(ex, "Pledge")
    assert "state/libya" in p.agents and "state/united-states" not in p.agents and p.stance == "Attributed"
    assert any(c.event == p.key and c.claimed_by == "person/george-w-bush" for c in ex.claims)


def test_legislature_approval_and_exchange_of_instruments(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Hillary Clinton and Sergei Lavrov exchanged the instruments of ratification of New START on "
        "Saturday, "
        "bringing the arms reduction pact into force. The State Duma approved it on Jan. 25.",
        published="2011-02-06",
        dateline="MUNICH",
    )
    dates = sorted(e.date or "" for e in ex.events if e.type == "Ratification")
    assert dates == ["2011-01-25", "2011-02-05"]
    assert _one(ex, "EntryIntoForce").date == "2011-02-05"
