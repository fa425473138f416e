"""Families of phrasing the extraction must cover, each with sentences written for this test.

Transitive pull-outs ("took Russia out of"), nominalised treaty acts with light verbs ("completed its
accession to"), acts in relative clauses on people, statements of feeling ("voiced concern over"),
date links to an event of the article ("that evening", "after the vote"), facts with a trailing
attribution, calendar words as names, and legislative committees with their chairs.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.kg.conftest import events_of as _of
from tests.kg.conftest import extract_body, people_of, posts_held

_extract = partial(extract_body, published="2021-06-09", dateline="MOSCOW")


@pytest.mark.parametrize(
    "sentence",
    [
        "President Vladimir Putin took Russia out of the Open Skies Treaty on Monday.",
        "On Monday President Vladimir Putin pulled his country out of the Open Skies Treaty.",
        "President Vladimir Putin withdrew Russia from the Open Skies Treaty on Monday.",
    ],
)
def test_a_transitive_pull_out_is_the_objects_withdrawal(reference, sentence: str) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    (w,) = _of(ex, "Withdrawal")
    assert {"person/vladimir-putin", "state/russia"} <= set(w.agents)
    assert w.treaty == "treaty/open-skies-treaty" and w.date == "2021-06-07"


def test_pulling_troops_out_of_a_region_is_no_withdrawal(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia said the New START treaty was in danger. "
        "The army pulled its troops out of the border region.",
    )
    assert not _of(ex, "Withdrawal")


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        ("Kazakhstan completed its accession to the Non-Proliferation Treaty on Monday.", "Accession"),
        ("Russia finalized the suspension of its participation in the CFE Treaty on Monday.", "Suspension"),
        ("The Duma gave its consent to the ratification of the Open Skies Treaty on Monday.", "Ratification"),
        ("Russia on Monday completed its formal exit from the Open Skies Treaty.", "Withdrawal"),
        ("Russia announced its withdrawal from the Open Skies Treaty on Monday.", "Announcement"),
        ("Moscow began its withdrawal from the Open Skies Treaty on Monday.", "Announcement"),
    ],
)
def test_nominalised_treaty_acts_with_light_verbs(reference, sentence: str, etype: str) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    evs = _of(ex, etype)
    assert len(evs) == 1, [(e.type, e.evidence.exact) for e in ex.events]
    assert evs[0].date == "2021-06-07" and evs[0].agents


def test_an_act_in_a_relative_clause_on_a_person_and_the_remark_of_the_main_clause(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Mikhail Gorbachev, who in 1987 became the second leader to put his name to the INF Treaty, "
        "said on Monday that its collapse was a mistake.",
    )
    sig = [e for e in ex.events if e.type == "Signing"]
    assert len(sig) == 1 and sig[0].date == "1987" and sig[0].agents[0] == "person/mikhail-gorbachev"
    (st,) = _of(ex, "Statement")
    assert st.date == "2021-06-07" and st.agents[0] == "person/mikhail-gorbachev"


def test_a_speech_act_is_not_dated_by_the_time_inside_the_speakers_relative_clause(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Joe Biden, who extended New START in February, told reporters that Russia was a threat.",
    )
    (st,) = _of(ex, "Statement")
    assert st.date is None


@pytest.mark.parametrize(
    "sentence",
    [
        "NATO expressed deep concern over the decision on Monday.",
        "On Monday, Germany voiced regret about the move.",
        "NATO on Monday called the decision a dangerous mistake.",
    ],
)
def test_statements_of_feeling_and_judgement(reference, sentence: str) -> None:  # noqa: ANN001
    ex = _extract(reference, "Russia left the Open Skies Treaty on Monday. " + sentence)
    (st,) = _of(ex, "Statement")
    assert st.date == "2021-06-07"
    assert any(c.event == st.key for c in ex.claims)


@pytest.mark.parametrize(
    ("link", "date"),
    [("that evening", "2021-06-05"), ("the same night", "2021-06-05"), ("later that day", "2021-06-05")],
)
def test_a_remark_dated_by_a_link_to_the_articles_dated_act(reference, link: str, date: str) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        f"Russia left the Open Skies Treaty on Saturday. "
        f"NATO accused Moscow {link} of undermining European security.",
    )
    (st,) = _of(ex, "Statement")
    assert st.date == date


def test_a_remark_after_the_vote_takes_the_votes_date(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The State Duma voted to ratify the Open Skies Treaty on May 19. In 2020 the United States had "
        "left it. Foreign Minister Sergei Lavrov told reporters after the vote that Russia had no choice.",
    )
    (st,) = [e for e in _of(ex, "Statement") if "person/sergei-lavrov" in e.agents]
    assert st.date == "2021-05-19"


def test_a_treaty_act_with_a_trailing_attribution_to_its_own_government_is_a_fact(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia completed its withdrawal from the Open Skies Treaty on Friday, the Foreign Ministry said.",
    )
    (w,) = _of(ex, "Withdrawal")
    assert w.stance == "Asserted" and w.date == "2021-06-04"
    assert not _of(ex, "Statement") and not ex.claims


def test_a_background_act_in_a_remark_is_a_fact_and_the_remark_a_statement(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Senator Bob Menendez argued on Monday that Russia had cheated "
        "since it signed the Open Skies Treaty in 1992.",
    )
    (sig,) = _of(ex, "Signing")
    assert sig.stance == "Asserted" and sig.date == "1992"
    (st,) = _of(ex, "Statement")
    assert st.date == "2021-06-07"


@pytest.mark.parametrize(
    ("body", "person"),
    [
        ("Prime Minister Theresa May said on May 9 that the deal should stand.", "person/theresa-may"),
        ("U.S. Ambassador April Glaspie said on Monday that the talks had failed.", "person/april-glaspie"),
    ],
)
def test_a_month_word_in_a_name_is_a_name_and_not_a_date(reference, body: str, person: str) -> None:  # noqa: ANN001
    ex = _extract(reference, "The New START treaty was in the news. " + body, dateline="LONDON")
    assert person in ex.entities
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == person and st.date in ("2021-05-09", "2021-06-07")


def test_a_month_after_a_preposition_stays_a_month(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Prime Minister Theresa May met NATO leaders. In May Putin signed a law suspending the CFE Treaty.",
        dateline="LONDON",
    )
    assert not any(k.startswith("person/may") for k in ex.entities)
    (susp,) = _of(ex, "Suspension")
    assert susp.date == "2021-05" and "person/vladimir-putin" in susp.agents


def test_a_legislative_committee_and_its_chairman(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Senator Bob Corker, the chairman of the Senate Foreign Relations Committee, said on Monday that "
        "the New START treaty served American interests. The House Armed Services Committee held a hearing.",
        dateline="WASHINGTON",
    )
    committees = {k: e for k, e in ex.entities.items() if "Committee" in e.label}
    assert set(committees) == {
        "organization/senate-foreign-relations-committee",
        "organization/house-armed-services-committee",
    }
    assert all("GovernmentBody" in e.classes for e in committees.values())
    labels = {p.label for p in ex.posts.values()}
    assert "Chairman of the Senate Foreign Relations Committee" in labels
    assert any(label.startswith("Senator") for label in labels)


def test_the_alliance_is_the_alliance_named_before(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "NATO foreign ministers met in Brussels. In a statement on Monday, the alliance called Russia's "
        "exit from the Open Skies Treaty the latest in a series of destabilising moves.",
        dateline="BRUSSELS",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents == ["organization/nato"] and st.date == "2021-06-07"


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow halted its participation in the CFE Treaty on Monday.",
        "Russia on Monday suspended the INF Treaty.",
        "Russia froze the Open Skies agreement on Monday.",
    ],
)
def test_suspending_or_halting_a_treaty_as_object(reference, sentence: str) -> None:  # noqa: ANN001
    ex = _extract(reference, "The Open Skies Treaty was signed in 1992. " + sentence)
    (s,) = _of(ex, "Suspension")
    assert s.date == "2021-06-07" and "state/russia" in s.agents


def test_breaking_off_talks_is_a_rejection_of_talks_not_a_suspension(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia suspended the INF Treaty in 2019. Hours later, the United States broke off its talks "
        "with Russia on strategic stability.",
    )
    (r,) = _of(ex, "RejectionOfTalks")
    assert r.agents == ["state/united-states"] and r.date == "2019"
    assert len(_of(ex, "Suspension")) == 1


def test_a_nominal_withdrawal_that_took_effect_is_a_withdrawal_and_that_treaty_the_last_named(
    reference,
) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The New START treaty was signed in 2010. Russia quit the Open Skies Treaty, and its withdrawal from "
        "that treaty took effect on Dec. 18, 2021.",
        published="2021-12-20",
    )
    assert not _of(ex, "EntryIntoForce")
    assert any(
        w.date == "2021-12-18" and w.treaty == "treaty/open-skies-treaty" for w in _of(ex, "Withdrawal")
    )


def test_the_two_countries_are_the_two_states_the_article_names_most(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia accused the United States of breaking the pact. "
        "Russia and the United States argued for years. "
        "The Plutonium Management and Disposition Agreement, which the two countries concluded in 2000, "
        "covers 34 tonnes of plutonium.",
    )
    (sig,) = _of(ex, "Signing")
    assert set(sig.agents) == {"state/russia", "state/united-states"} and sig.date == "2000"
    assert not [k for k in ex.entities if k.startswith("person/")]
    assert "treaty/plutonium-management-and-disposition-agreement" in ex.entities


def test_a_decree_signed_later_dates_the_act_and_a_trailing_own_report_is_no_statement(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia has suspended the Open Skies Treaty. President Vladimir Putin signed the decree on Monday, "
        "the Kremlin said. The decree cited unfriendly actions by the United States.",
    )
    (s,) = _of(ex, "Suspension")
    assert s.date == "2021-06-07" and "person/vladimir-putin" in s.agents
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "state/russia" and st.date == "2021-06-07"


def test_instruments_exchanged_in_a_by_clause_are_a_ratification(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Vladimir Putin and President Joe Biden brought the Open Skies Treaty into force on Monday "
        "by exchanging the instruments of ratification.",
    )
    (r,) = _of(ex, "Ratification")
    assert "person/vladimir-putin" in r.agents and r.date == "2021-06-07"
    assert len(_of(ex, "EntryIntoForce")) == 1


def test_telling_reporters_that_a_state_would_leave_is_an_announcement(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Donald Trump told journalists at the White House on Monday that the United States "
        "would pull out of the INF Treaty.",
        dateline="WASHINGTON",
    )
    (a,) = _of(ex, "Announcement")
    assert a.date == "2021-06-07" and "state/united-states" in a.agents
    assert not _of(ex, "Withdrawal")


def test_a_follow_up_suspension_the_following_day_and_an_announced_nominal_act(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Secretary of State Mike Pompeo announced the U.S. suspension of the INF Treaty on Friday. "
        "Russia responded the following day by suspending its own obligations under the pact.",
        published="2019-02-04",
        dateline="WASHINGTON",
    )
    (a,) = _of(ex, "Announcement")
    assert a.date == "2019-02-01" and "state/united-states" in a.agents
    (s,) = _of(ex, "Suspension")
    assert s.date == "2019-02-02" and s.agents == ["state/russia"]


def test_a_vote_with_an_adverb_and_a_remark_after_it(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The State Duma voted unanimously on Oct. 18 to revoke Russia's ratification of the CTBT. "
        "Speaker Vyacheslav Volodin accused Washington after the vote of double standards.",
        published="2023-10-20",
    )
    (r,) = _of(ex, "RatificationRevocation")
    assert r.date == "2023-10-18"
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/vyacheslav-volodin" and st.date == "2023-10-18"


def test_a_leader_who_withdrew_his_country_acts_for_his_known_state(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The United States had joined the JCPOA in 2015. "
        "Trump withdrew his country from the JCPOA on Tuesday.",
        published="2018-05-09",
    )
    (w,) = _of(ex, "Withdrawal")
    assert w.agents == ["person/donald-trump", "state/united-states"] and w.date == "2018-05-08"


def test_a_name_with_a_role_apposition_speaks(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia left the Open Skies Treaty. June Jones, a spokeswoman for the alliance, said on Monday "
        "that the move was regrettable.",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/june-jones" and st.date == "2021-06-07"


@pytest.mark.parametrize(
    "body",
    [
        "The chairman of the Senate Armed Services Committee, Carl Levin, said on Monday it was vital.",
        "Senator Carl Levin, who chairs the Senate Armed Services Committee, said on Monday it was vital.",
    ],
)
def test_the_chair_of_a_committee_in_other_word_orders(reference, body: str) -> None:  # noqa: ANN001
    ex = _extract(reference, "The New START treaty was signed in 2010. " + body, dateline="WASHINGTON")
    labels = {p.label for p in ex.posts.values()}
    assert "Chairman of the Senate Armed Services Committee" in labels
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/carl-levin" and st.date == "2021-06-07"


def test_a_passive_revocation_of_a_ratification(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "Russia's ratification of the CTBT was revoked on Thursday.", published="2023-11-03"
    )
    (r,) = _of(ex, "RatificationRevocation")
    assert r.agents == ["state/russia"] and r.date == "2023-11-02"


def test_postponed_talks_halted_inspections_and_a_parenthetical_said(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia has postponed talks with the United States on the New START treaty that were due to open "
        "in Cairo on Tuesday, the Russian Foreign Ministry said on Monday. Moscow halted on-site inspections "
        "under the treaty in August, citing U.S. sanctions that it said made visits impossible.",
        published="2022-11-29",
    )
    (r,) = _of(ex, "RejectionOfTalks")
    assert r.date == "2022-11-28" and "state/russia" in r.agents
    (s,) = _of(ex, "Suspension")
    assert s.date == "2022-08" and s.agents == ["state/russia"]
    assert not _of(ex, "Statement")
    assert "place/cairo" in ex.entities


def test_plural_titles_give_each_leader_his_post(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The treaty, which Presidents Joe Biden and Vladimir Putin extended in February 2021, "
        "limits warheads. It is New START.",
    )
    labels = {p.label for p in ex.posts.values()}
    assert {"President of the United States", "President of Russia"} <= labels


def test_a_pledge_in_the_protocol_takes_the_signing_date_and_plural_titles_are_no_names(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The United States and four former Soviet republics signed a protocol on Saturday in Lisbon. "
        "The document is known as the Lisbon Protocol. In the protocol, Ukraine and Kazakhstan pledged to "
        "join the Non-Proliferation Treaty. START, which Presidents George Bush and Mikhail Gorbachev signed "
        "last July, is not yet in force.",
        published="1992-05-24",
        dateline="LISBON",
    )
    (p,) = _of(ex, "Pledge")
    assert p.date == "1992-05-23" and p.treaty == "treaty/npt"
    assert any(e.treaty == "treaty/lisbon-protocol" and e.date == "1992-05-23" for e in _of(ex, "Signing"))
    assert not any("presidents" in k for k in ex.entities)


def test_former_soviet_republics_are_not_the_soviet_union(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The United States and four former Soviet republics signed the Lisbon Protocol to the START treaty "
        "on Saturday.",
        published="1992-05-24",
        dateline="LISBON",
    )
    (sig,) = _of(ex, "Signing")
    assert "state/soviet-union" not in sig.agents


def test_an_address_that_announces_a_suspension_a_pledge_on_a_day_and_a_bare_nominal_act(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Vladimir Putin said in his state-of-the-nation address on Tuesday that Russia was "
        "suspending its participation in New START. Russia's Foreign Ministry said on Tuesday that Moscow "
        "would continue to observe the treaty's limits. The State Duma voted on Wednesday to approve the "
        "suspension. NATO allies said they fully supported the American withdrawal.",
        published="2023-02-22",
    )
    (a,) = _of(ex, "Announcement")
    assert a.date == "2023-02-21" and "person/vladimir-putin" in a.agents
    (p,) = _of(ex, "Pledge")
    assert p.date == "2023-02-21"
    (s,) = _of(ex, "Suspension")
    assert s.date == "2023-02-22" and "organization/state-duma" in s.agents
    assert not _of(ex, "Withdrawal")


def test_a_joint_statement_is_claimed_by_its_issuers(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "North Korea launched a missile on Tuesday. Chinese President Xi Jinping and Russian President "
        "Vladimir Putin issued a joint statement the same day urging a freeze of nuclear tests.",
        published="2017-07-05",
    )
    (st,) = _of(ex, "Statement")
    assert st.date == "2017-07-04"
    claimants = {c.claimed_by for c in ex.claims if c.event == st.key}
    assert {"person/xi-jinping", "person/vladimir-putin"} <= claimants
    assert "President of China" in {p.label for p in ex.posts.values()}


def test_ratified_it_after_a_revocation_law_is_the_earlier_ratification(reference) -> None:  # noqa: ANN001
    # "ratified it" has the treaty as object, never the law reported before ("approved it" has the law).
    ex = _extract(
        reference,
        "President Vladimir Putin on Thursday signed a law withdrawing Russia's ratification of the "
        "Comprehensive Nuclear-Test-Ban Treaty. Russia signed the treaty in 1996 and ratified it in 2000.",
        published="2023-11-03",
    )
    (rat,) = _of(ex, "Ratification")
    assert rat.date == "2000" and rat.agents == ["state/russia"] and rat.treaty == "treaty/ctbt"
    (rev,) = _of(ex, "RatificationRevocation")
    assert rev.date == "2023-11-02"


@pytest.mark.parametrize(
    "vote",
    ["voted 423-0 on October 18 to", "voted unanimously on October 18 to", "voted on October 18 to"],
)
def test_a_chambers_vote_to_revoke_a_ratification_with_tally_and_date(reference, vote: str) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Vladimir Putin on Thursday signed a law withdrawing Russia's ratification of the "
        f"Comprehensive Nuclear-Test-Ban Treaty. The State Duma {vote} revoke the ratification, and the "
        "Federation Council approved the bill a week later.",
        published="2023-11-03",
    )
    revocations = {e.date: e for e in _of(ex, "RatificationRevocation")}
    assert set(revocations) == {"2023-10-18", "2023-10-25", "2023-11-02"}
    assert "organization/state-duma" in revocations["2023-10-18"].agents
    assert "organization/federation-council" in revocations["2023-10-25"].agents
    assert {e.treaty for e in revocations.values()} == {"treaty/ctbt"}


@pytest.mark.parametrize(
    ("sentence", "person", "post"),
    [
        (
            "Robert Floyd, Executive Secretary of the Comprehensive Nuclear-Test-Ban Treaty Organization, "
            "called the decision deeply regrettable.",
            "person/robert-floyd",
            "Executive Secretary",
        ),
        (
            "Rafael Grossi, Director General of the International Atomic Energy Agency, said inspectors "
            "had left.",
            "person/rafael-grossi",
            "Director General",
        ),
        (
            "Sergei Ryabkov, Deputy Foreign Minister of Russia, said the New START treaty was dead.",
            "person/sergei-ryabkov",
            "Deputy Minister of Foreign Affairs",
        ),
    ],
)
def test_a_capitalised_office_in_apposition(reference, sentence: str, person: str, post: str) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    assert person in ex.entities
    held = posts_held(ex, person, "office")
    assert post in held, held


def test_a_chambers_vote_to_leave_and_its_bill_are_one_withdrawal(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The State Duma voted on Wednesday to leave the Open Skies Treaty. "
        "The United States withdrew from the treaty in November 2020.\n\n"
        "The State Duma approved the bill in its final reading.",
        published="2021-05-20",
    )
    assert not _of(ex, "Ratification")
    duma = [e for e in _of(ex, "Withdrawal") if "organization/state-duma" in e.agents]
    assert [(e.date, e.treaty) for e in duma] == [("2021-05-19", "treaty/open-skies-treaty")]


def test_it_in_a_subordinate_clause_is_the_state_named_before_in_the_sentence(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The United States withdrew from the INF Treaty on Friday. Secretary of State Mike Pompeo said "
        "that Russia was responsible because it had deployed a banned cruise missile.",
        published="2019-08-03",
    )
    (dep,) = _of(ex, "Deployment")
    assert dep.agents == ["state/russia"]


def test_starting_a_withdrawal_process_is_a_notice(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Washington suspended its obligations under the INF Treaty on February 1 and started the "
        "six-month withdrawal process the same day.",
        published="2019-08-03",
    )
    (notice,) = _of(ex, "Announcement")
    assert notice.date == "2019-02-01" and notice.agents == ["state/united-states"]
    assert notice.treaty == "treaty/inf-treaty"


@pytest.mark.parametrize(
    ("sentence", "org"),
    [
        (
            "Beatrice Fihn, executive director of the International Campaign to Abolish Nuclear Weapons, "
            "said the nuclear ban treaty had opened a new chapter.",
            "organization/international-campaign-to-abolish-nuclear-weapons",
        ),
        (
            "The James Martin Center for Nonproliferation Studies said the images showed a missile site "
            "banned by the INF Treaty.",
            "organization/james-martin-center-for-nonproliferation-studies",
        ),
        (
            "Daryl Kimball, executive director of the Arms Control Association, said the New START treaty "
            "must be extended.",
            "organization/arms-control-association",
        ),
    ],
)
def test_an_unlisted_organisation_is_named_whole_and_is_no_person(reference, sentence: str, org: str) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    assert org in ex.entities
    people = people_of(ex)
    assert people <= {"person/beatrice-fihn", "person/daryl-kimball"}, people
    (st,) = _of(ex, "Statement")
    assert st.agents[0] in (org, "person/beatrice-fihn", "person/daryl-kimball")
    if people:
        (person,) = people
        assert posts_held(ex, person, "office") == {"Executive Director"}


def test_the_only_country_to_have_tested_describes_a_record_not_an_act(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "North Korea conducted its sixth nuclear test on Sunday, claiming it had detonated a hydrogen bomb "
        "that could be mounted on an intercontinental ballistic missile.\n\n"
        "Japanese Prime Minister Shinzo Abe called the test absolutely unacceptable.\n\n"
        "Lassina Zerbo, Executive Secretary of the Comprehensive Nuclear-Test-Ban Treaty Organization, said "
        "the test breached the norm against testing. North Korea is the only country to have tested nuclear "
        "weapons this century; it has neither signed nor ratified the Comprehensive Nuclear-Test-Ban Treaty.",
        published="2017-09-04",
    )
    assert [(e.date, e.agents) for e in _of(ex, "WeaponsTest")] == [("2017-09-03", ["state/north-korea"])]


def test_n_days_before_a_later_anchor_does_not_move_the_acts_date(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia and the United States agreed on Tuesday to extend the New START treaty for five years, "
        "two days before the pact was due to expire.",
        published="2021-02-03",
    )
    (ext,) = _of(ex, "Extension")
    assert ext.date == "2021-02-02"


def test_weapons_moved_to_a_state_are_deployed_and_a_reduced_relative_keeps_its_own_date(
    reference,  # noqa: ANN001
) -> None:
    ex = _extract(
        reference,
        "President Vladimir Putin said on Friday that Russia had moved the first of its tactical nuclear "
        "weapons to Belarus, carrying out a plan he announced in March.",
        published="2023-06-17",
    )
    (dep,) = _of(ex, "Deployment")
    assert dep.agents == ["state/russia"]
    assert dep.date is None  # "in March" is when the plan was announced
    assert {c.claimed_by for c in ex.claims if c.event == dep.key} == {"person/vladimir-putin"}


def test_tests_of_its_own_are_weapons_tests_like_those_reported_before(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Pakistan carried out five underground nuclear tests on Thursday.\n\n"
        "India conducted five tests of its own on May 11 and May 13 at its Pokhran range.",
        published="1998-05-29",
    )
    tests = {(tuple(e.agents), e.date) for e in _of(ex, "WeaponsTest")}
    assert tests == {
        (("state/pakistan",), "1998-05-28"),
        (("state/india",), "1998-05-11"),
        (("state/india",), "1998-05-13"),  # two test days, two acts
    }


def test_stopping_implementation_and_an_understanding_reached_by_an_agency_head(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Iran stopped implementing the Additional Protocol to its safeguards agreement on Tuesday.\n\n"
        "The move came two days after IAEA Director General Rafael Grossi reached a temporary technical "
        "understanding with Iranian officials in Tehran.",
        published="2021-02-24",
    )
    (sus,) = _of(ex, "Suspension")
    assert (sus.date, sus.agents, sus.treaty) == ("2021-02-23", ["state/iran"], "treaty/additional-protocol")
    (deal,) = _of(ex, "Signing")
    assert deal.date == "2021-02-21"
    assert {"person/rafael-grossi", "organization/iaea"} <= set(deal.agents)  # he acts for the agency


def test_negotiating_the_text_and_a_title_with_its_own_of(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Secretary of State George Shultz and Foreign Minister Eduard Shevardnadze negotiated the final text "
        "of the INF Treaty in Geneva last month.",
        published="1987-12-09",
    )
    (neg,) = _of(ex, "Negotiation")
    assert neg.date == "1987-11" and neg.treaty == "treaty/inf-treaty"
    assert {"person/george-shultz", "person/eduard-shevardnadze"} <= set(neg.agents)


@pytest.mark.parametrize("where", ["in the suburbs of Damascus", "on the outskirts of Damascus"])
def test_a_capital_inside_a_locative_phrase_is_the_city(reference, where: str) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        f"Syria joined the Chemical Weapons Convention. Inspectors visited the site of the attack {where}.",
        published="2013-09-20",
        dateline="THE HAGUE",
    )
    assert ex.entities["place/damascus"].label == "Damascus"


def test_the_words_of_an_institution_name_are_no_persons_name(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Leonid Brezhnev, General Secretary of the Soviet Communist Party, signed the ABM Treaty on Friday. "
        "He said it was a good day. The delegation was led by Gerard Smith, director of the Arms Control "
        "and Disarmament Agency.",
        published="1972-05-27",
    )
    people = people_of(ex)
    assert people == {"person/leonid-brezhnev", "person/gerard-smith"}
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/leonid-brezhnev"


@pytest.mark.parametrize(
    ("sentence", "etype", "agent", "date"),
    [
        (
            "The United Nations General Assembly adopted the Arms Trade Treaty on Tuesday.",
            "Negotiation",
            "organization/un-general-assembly",
            "2013-04-02",
        ),
        (
            "The Senate approved the Chemical Weapons Convention by 74 votes to 26 on Tuesday.",
            "Ratification",
            "organization/us-senate",
            "2013-04-02",
        ),
        (
            "The Senate voted 86 to 13 on Tuesday to approve the Chemical Weapons Convention.",
            "Ratification",
            "organization/us-senate",
            "2013-04-02",
        ),
        ("India conducted nuclear tests in 1974.", "WeaponsTest", "state/india", "1974"),
        ("India tested nuclear devices in 1974.", "WeaponsTest", "state/india", "1974"),
    ],
)
def test_adoption_approval_and_tests_phrased_with_names_tallies_and_plurals(
    reference,  # noqa: ANN001
    sentence: str,
    etype: str,
    agent: str,
    date: str,
) -> None:
    ex = _extract(reference, sentence, published="2013-04-03", dateline="UNITED NATIONS")
    (ev,) = _of(ex, etype)
    assert agent in ev.agents and ev.date == date


@pytest.mark.parametrize(
    ("sentence", "person", "post"),
    [
        (
            "Mohamed ElBaradei, the IAEA's director general, said Libya would honor the NPT.",
            "person/mohamed-elbaradei",
            "Director General of the IAEA",
        ),
        (
            "Sergei Lavrov, Russia's foreign minister, said the New START treaty was dead.",
            "person/sergei-lavrov",
            "Minister of Foreign Affairs of Russia",
        ),
        (
            "The Russian foreign minister, Sergei Lavrov, said the New START treaty was dead.",
            "person/sergei-lavrov",
            "Minister of Foreign Affairs of Russia",
        ),
    ],
)
def test_an_office_in_a_possessive_or_role_apposition_is_held(reference, sentence, person, post) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence, published="2003-12-20", dateline="VIENNA")
    assert post in posts_held(ex, person)


def test_a_name_does_not_run_across_a_sentence_end(reference) -> None:  # noqa: ANN001
    floyd = _extract(
        reference,
        "Russia left the CTBT on Friday. Robert Floyd, Executive Secretary of the CTBTO, said the decision "
        "was regrettable.",
        published="2023-11-03",
    )
    assert people_of(floyd) == {"person/robert-floyd"}
    ex = _extract(
        reference,
        "Nixon signed the ABM Treaty on Friday. Henry Kissinger, the President's adviser, said the treaty "
        "was sound.",
        published="1972-05-27",
    )
    assert people_of(ex) == {
        "person/richard-nixon",
        "person/henry-kissinger",
    }
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/henry-kissinger"


@pytest.mark.parametrize(
    ("sentence", "person", "post"),
    [
        (
            "Libya agreed to dismantle its weapons programs, President George W. Bush and Prime Minister "
            "Tony Blair announced on Friday, in line with the NPT.",
            "person/tony-blair",
            "Prime Minister of the United Kingdom",  # not of Libya, the state named in the sentence
        ),
        (
            "British officials signed the NPT in London on Monday. President Lyndon B. Johnson called the "
            "treaty a landmark.",
            "person/lyndon-b-johnson",
            "President of the United States",
        ),
        (
            "Clinton praised the presidents of Belarus and Kazakhstan, Alexander Lukashenko and Nursultan "
            "Nazarbayev, for giving up the weapons under the NPT.",
            "person/alexander-lukashenko",
            "President of Belarus",
        ),
    ],
)
def test_a_well_known_official_holds_the_office_of_their_own_state(reference, sentence, person, post) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence, published="1994-12-06", dateline="LONDON")
    assert post in posts_held(ex, person)


def test_a_plan_of_action_reached_in_the_passive_is_a_signing(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The Joint Comprehensive Plan of Action was reached in Vienna in July 2015 by Iran and six world "
        "powers.",
        published="2018-05-09",
    )
    (deal,) = _of(ex, "Signing")
    assert deal.date == "2015-07" and deal.treaty == "treaty/jcpoa" and "state/iran" in deal.agents


def test_an_unnamed_agreement_with_several_modifiers_is_its_own_treaty(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Secretary of State Condoleezza Rice and Indian Foreign Minister Pranab Mukherjee signed a civilian "
        "nuclear agreement on Friday. India has never joined the Nuclear Non-Proliferation Treaty.",
        published="2008-10-11",
        dateline="WASHINGTON",
    )
    (deal,) = _of(ex, "Signing")
    assert deal.treaty == "treaty/civilian-nuclear-agreement"  # not the NPT named after it
    assert {"state/united-states", "state/india"} <= set(deal.agents)


def test_a_signing_in_the_passive_is_the_act_of_the_states_that_left_the_treaty_later(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia voted on Wednesday to leave the Open Skies Treaty. The United States withdrew from the "
        "treaty in November 2020.\n\nThe treaty was signed in Helsinki in 1992.",
        published="2021-05-20",
    )
    (signing,) = _of(ex, "Signing")
    assert signing.date == "1992" and {"state/russia", "state/united-states"} <= set(signing.agents)


def test_a_chamber_acts_for_its_state_even_where_the_article_does_not_name_the_state(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The State Duma voted on Wednesday to leave the Open Skies Treaty.",
        published="2021-05-20",
        dateline="VIENNA",
    )
    (w,) = _of(ex, "Withdrawal")
    assert w.agents == ["organization/state-duma", "state/russia"]
    assert ex.entities["state/russia"].label == "Russia"


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        ("India conducted nuclear tests in 1974 and 1998.", {"1974", "1998"}),
        (
            "Pakistan carried out nuclear tests on May 28. India conducted five tests of its own on May 11 "
            "and May 13 at its Pokhran range.",
            {"1998-05-11", "1998-05-13"},
        ),
        # a span is one stretch (of no single date), not two acts
        ("India conducted nuclear tests between 1974 and 1998.", {None}),
    ],
)
def test_an_act_on_two_coordinated_dates_is_two_acts(reference, sentence: str, dates: set[str]) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence, published="1998-05-29", dateline="NEW DELHI")
    india = [e.date for e in _of(ex, "WeaponsTest") if e.agents == ["state/india"]]
    assert set(india) == dates and len(india) == len(dates)


@pytest.mark.parametrize(
    ("sentence", "person", "post"),
    [
        (
            "Indian External Affairs Minister Pranab Mukherjee said the NPT was discriminatory.",
            "person/pranab-mukherjee",
            "Minister of Foreign Affairs of India",
        ),
        (
            "Iran's U.N. ambassador, Mohammad Khazaee, said the Arms Trade Treaty was flawed.",
            "person/mohammad-khazaee",
            "Permanent Representative of Iran to the United Nations",
        ),
    ],
)
def test_titles_named_in_a_states_own_words(reference, sentence: str, person: str, post: str) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence, published="2008-10-11", dateline="NEW DELHI")
    assert post in posts_held(ex, person)


def test_a_body_with_and_in_its_name_is_named_whole_and_the_state_before_it_qualifies_it(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Kenneth Adelman, director of the U.S. Arms Control and Disarmament Agency, said the treaty "
        "was verifiable. The United States and European Union said they agreed.",
    )
    names = {e.label for e in ex.entities.values()}
    assert "Arms Control and Disarmament Agency" in names and "Disarmament Agency" not in names
    assert "European Union" in names and not any(" and European" in n for n in names)
    assert posts_held(ex, "person/kenneth-adelman") == {"Director of Arms Control and Disarmament Agency"}


@pytest.mark.parametrize(
    ("sentence", "kind", "treaty"),
    [
        ("Canada ratified the Ottawa Treaty on Wednesday.", "Ratification", "treaty/ottawa-treaty"),
        ("Finland withdrew from the Mine Ban Treaty on Wednesday.", "Withdrawal", "treaty/mine-ban-treaty"),
        # no arms-control word but the treaty's own name
        ("Canada ratified the Ottawa Convention on Wednesday.", "Ratification", "treaty/ottawa-convention"),
        (
            "Russia suspended the Plutonium Management and Disposition Agreement on Wednesday.",
            "Suspension",
            "treaty/plutonium-management-and-disposition-agreement",
        ),
    ],
)
def test_an_act_on_a_treaty_the_reference_does_not_know(
    reference, sentence: str, kind: str, treaty: str
) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    (ev,) = _of(ex, kind)
    assert ev.treaty == treaty and ev.date == "2021-06-09"  # the day is no part of the name
    assert not [k for k in ex.entities if "wednesday" in k]


def test_a_day_after_a_body_is_no_part_of_its_name(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "The minister told Parliament on Wednesday that the treaty was dead.")
    assert not [k for k in ex.entities if "wednesday" in k]


@pytest.mark.parametrize(
    ("sentence", "treaty"),
    [
        (
            "Norway signed the Convention on Cluster Munitions on Wednesday.",
            "treaty/convention-on-cluster-munitions",
        ),
        ("Egypt signed the Treaty of Pelindaba on Wednesday.", "treaty/treaty-of-pelindaba"),
        # after another entity's name: the words that follow it
        ("Iran signed the IAEA's Additional Protocol on Wednesday.", "treaty/additional-protocol"),
    ],
)
def test_a_treaty_name_that_starts_with_its_head_or_follows_another_name(
    reference, sentence: str, treaty: str
) -> None:  # noqa: ANN001
    ex = _extract(reference, "Moscow said the NPT mattered. " + sentence)
    (sig,) = _of(ex, "Signing")
    assert sig.treaty == treaty  # not the NPT, the treaty named before


def test_a_date_after_a_relative_clause_between_commas_is_the_acts(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Iran signed the Additional Protocol, which allows short-notice inspections, in December 2003.",
    )
    (sig,) = _of(ex, "Signing")
    assert sig.date == "2003-12"


def test_a_title_before_a_name_with_of_a_state_after_it_is_that_states(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "Washington objected to the text. The conference president, Ambassador Libran Cabactulan of the "
        "Philippines, said the treaty was good.",
        published="2010-05-29",
        dateline="NEW YORK",
    )
    assert posts_held(ex, "person/libran-cabactulan") == {"Ambassador of the Philippines"}


@pytest.mark.parametrize(
    ("text", "kind", "agents"),
    [
        (
            "Russia has long opposed the deal. It ratified the Moscow Treaty on Wednesday.",
            "Ratification",
            ["state/russia"],
        ),
        (
            "Presidents George W. Bush and Vladimir Putin met in May. "
            "They signed the Moscow Treaty on Wednesday.",
            "Signing",
            ["person/george-w-bush", "state/united-states", "person/vladimir-putin", "state/russia"],
        ),
    ],
)
def test_it_or_they_is_the_subject_of_the_sentence_before(
    reference, text: str, kind: str, agents: list
) -> None:  # noqa: ANN001
    (ev,) = _of(_extract(reference, text), kind)
    assert ev.agents == agents and ev.treaty == "treaty/sort"


@pytest.mark.parametrize(
    "sentence",
    [
        "The United States and Russia agreed on Wednesday on a framework to rid Syria of chemical weapons.",
        "The United States and Russia agreed on Wednesday to a framework to rid Syria of chemical weapons.",
    ],
)
def test_agreeing_on_a_framework_is_a_signing(reference, sentence: str) -> None:  # noqa: ANN001
    (sig,) = _of(_extract(reference, sentence), "Signing")
    assert sig.agents == ["state/united-states", "state/russia"] and sig.date == "2021-06-09"


def test_agreeing_to_act_is_no_signing(reference) -> None:  # noqa: ANN001
    assert not _of(
        _extract(reference, "The two sides agreed on Wednesday to suspend the treaty talks."), "Signing"
    )


def test_a_withdrawal_taking_effect_is_no_entry_into_force(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The United States' withdrawal from the Anti-Ballistic Missile Treaty took effect on Wednesday.",
    )
    (w,) = _of(ex, "Withdrawal")
    assert w.date == "2021-06-09" and not _of(ex, "EntryIntoForce")


def test_signing_a_decree_or_an_instrument_of_accession_is_no_treaty_signing(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The decree signed by Putin said Russia had left the Open Skies Treaty. South Africa acceded to the "
        "NPT on Wednesday, when Foreign Minister Pik Botha signed the instrument of accession.",
    )
    assert not _of(ex, "Signing")
    (acc,) = _of(ex, "Accession")
    assert acc.agents == ["state/south-africa", "person/pik-botha"] and acc.treaty == "treaty/npt"


@pytest.mark.parametrize(
    ("sentence", "key", "kind"),
    [
        (
            "Human Rights Watch said the transfer violated the treaty.",
            "organization/human-rights-watch",
            None,
        ),
        ("Amnesty International said the treaty was weak.", "organization/amnesty-international", None),
        # a state's adjective inside a name; a news agency's name whole
        (
            "The treaty is good, the South African Press Association reported.",
            "organization/south-african-press-association",
            "MediaOrganization",
        ),
        (
            "The Iranian Students News Agency reported the treaty vote.",
            "organization/iranian-students-news-agency",
            "MediaOrganization",
        ),
    ],
)
def test_organizations_named_by_other_heads(reference, sentence: str, key: str, kind: str | None) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    assert key in ex.entities and not people_of(ex)
    assert kind is None or kind in ex.entities[key].classes


@pytest.mark.parametrize(
    ("sentence", "person", "posts"),
    [
        ("Majority Leader Trent Lott said the treaty was flawed.", "person/trent-lott", None),
        ("House Speaker Newt Gingrich said the treaty was flawed.", "person/newt-gingrich", None),
        (
            "Senate Minority Leader Tom Daschle said the treaty was good.",
            "person/tom-daschle",
            {"Minority Leader of the Senate"},
        ),
        (
            "Under Secretary of State Ellen Tauscher said the treaty was good.",
            "person/ellen-tauscher",
            {"Under Secretary of State of the United States"},
        ),
        (
            "Deputy Secretary of State Strobe Talbott said the treaty was good.",
            "person/strobe-talbott",
            {"Deputy Secretary of State of the United States"},
        ),
        (
            "National Security Adviser Sandy Berger said the treaty was good.",
            "person/sandy-berger",
            {"National Security Advisor of the United States"},
        ),
        (
            "Colin Kahl, the Pentagon's under secretary for policy, said the treaty held.",
            "person/colin-kahl",
            None,
        ),
    ],
)
def test_titles_of_legislatures_and_departments(
    reference, sentence: str, person: str, posts: set | None
) -> None:  # noqa: ANN001
    ex = extract_body(reference, sentence, published="1997-04-25", dateline="WASHINGTON")
    assert people_of(ex) == {person}  # the title is no part of the name
    assert posts is None or posts_held(ex, person) == posts
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == person


def test_the_conference_of_an_article_about_one_is_a_body_that_opens_and_has_a_president(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "States party to the Non-Proliferation Treaty ended their month-long conference on Thursday. The "
        "conference president, Ambassador Jayantha Dhanapala of Sri Lanka, brought down his gavel. The "
        "outcome was open when the conference opened on April 17.",
        published="1995-05-12",
        dateline="NEW YORK",
    )
    (conf,) = [k for k in ex.entities if k.startswith("organization/") and "conference" in k]
    assert {"month-long conference", "conference"} <= set(ex.entities[conf].aliases)
    (neg,) = _of(ex, "Negotiation")
    assert neg.agents == [conf] and neg.date == "1995-04-17"
    assert {ex.posts[t.post].of for t in ex.tenures if t.person == "person/jayantha-dhanapala"} == {
        conf,
        "state/sri-lanka",
    }


def test_a_conference_never_named_gives_its_president_no_states_office(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "Washington objected. The conference president, Ambassador Libran Cabactulan of the Philippines, "
        "said the treaty was good.",
        published="2010-05-29",
        dateline="NEW YORK",
    )
    assert posts_held(ex, "person/libran-cabactulan") == {"Ambassador of the Philippines"}


def test_a_korean_name_is_found_again_by_its_family_name(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "UN Secretary-General Ban Ki-moon welcomed the treaty last month. Ban said on Wednesday it was "
        "historic.",
    )
    assert people_of(ex) == {"person/ban-ki-moon"}
    assert any(
        st.agents[0] == "person/ban-ki-moon" and st.date == "2021-06-09" for st in _of(ex, "Statement")
    )


def test_someone_named_by_a_relation_to_another_person_is_the_actor(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "President Leonid Kuchma said the treaty was good. Kuchma's predecessor, Leonid Kravchuk, signed the "
        "Lisbon Protocol in 1992.",
        published="1996-06-02",
        dateline="KIEV",
    )
    (sig,) = _of(ex, "Signing")
    assert sig.agents[0] == "person/leonid-kravchuk" and "person/leonid-kuchma" not in sig.agents
    assert "person/leonid-kuchma" in ex.entities  # still named


def test_a_named_treaty_adopted_is_a_negotiation_and_a_resolution_is_not(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The text of the accord, widely known as the Ottawa Convention, was adopted in Oslo on Wednesday. "
        "The resolution was adopted on Wednesday.",
    )
    (neg,) = _of(ex, "Negotiation")
    assert (
        neg.treaty == "treaty/ottawa-convention" and neg.date == "2021-06-09" and neg.places == ["place/oslo"]
    )


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        # the instrument names the act: a signature on it is no Signing of the treaty
        (
            "President Gerald Ford signed the American instruments of ratification of the BWC on Wednesday.",
            "Ratification",
        ),
        (
            "Foreign Minister Qian Qichen handed China's instrument of accession to the NPT to John Major on "
            "Wednesday.",
            "Accession",
        ),
        # an explosion carried out is a test like a test carried out
        ("India carried out a nuclear explosion in the Rajasthan desert on Wednesday.", "WeaponsTest"),
    ],
)
def test_acts_named_by_their_instrument_or_result(reference, sentence: str, etype: str) -> None:  # noqa: ANN001
    ex = _extract(reference, sentence)
    (ev,) = _of(ex, etype)
    assert ev.date == "2021-06-09" and ev.agents
    assert not _of(ex, "Signing")


def test_a_treaty_adopted_by_a_body_in_a_participle_is_its_negotiation(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The Comprehensive Nuclear-Test-Ban Treaty, adopted by the UN General Assembly in 1996, bans all "
        "nuclear explosions. The resolution, adopted by the council in 1997, was short.",
    )
    (neg,) = _of(ex, "Negotiation")
    assert neg.treaty == "treaty/ctbt" and neg.date == "1996"
    assert neg.agents == ["organization/un-general-assembly"]


def test_a_chinese_name_is_found_again_by_its_family_name(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Foreign Minister Qian Qichen signed the NPT on Monday. At the ceremony, Qian called the move a "
        "major step toward the prohibition of nuclear weapons.",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/qian-qichen" and st.date == "2021-06-07"  # the day of the ceremony
    assert people_of(ex) == {"person/qian-qichen"}


def test_a_vote_count_after_by_is_no_agent_and_vowing_never_to_sign_is_a_notice(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The UN General Assembly adopted the Comprehensive Nuclear-Test-Ban Treaty on Tuesday by 158 "
        "votes to 3, but India has vowed never to sign it. Negotiations on the test ban had begun in Geneva "
        "in January 1994.",
    )
    adopted, talks = _of(ex, "Negotiation")
    assert adopted.agents == ["organization/un-general-assembly"] and adopted.date == "2021-06-08"
    assert talks.date == "1994-01" and talks.places == ["place/geneva"] and talks.treaty == "treaty/ctbt"
    (ann,) = _of(ex, "Announcement")
    assert ann.agents == ["state/india"] and ann.treaty == "treaty/ctbt" and not _of(ex, "Pledge")


@pytest.mark.parametrize(
    "sentence",
    [
        "Unlike the United States, Russia ratified the CTBT in 2000.",
        "Russia, unlike the United States, ratified the CTBT in 2000.",
    ],
)
def test_a_state_the_act_is_contrasted_with_is_no_agent(reference, sentence: str) -> None:  # noqa: ANN001
    (rat,) = _of(_extract(reference, sentence), "Ratification")
    assert rat.agents == ["state/russia"] and rat.date == "2000"


def test_notices_and_a_second_chamber_endorsing_the_ratification(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Canada opened the Convention on Cluster Munitions for signature on Tuesday. President Bill Clinton "
        "said in September that Washington could not sign because it still needed mines.",
    )
    opened, cannot = _of(ex, "Announcement")
    assert opened.agents == ["state/canada"] and opened.date == "2021-06-08"
    assert cannot.agents[0] == "person/bill-clinton" and cannot.date == "2020-09"
    ex = _extract(
        reference,
        "The State Duma ratified START II on April 14. The Federation Council, the upper house of "
        "parliament, endorsed the ratification five days later.",
    )
    duma, council = _of(ex, "Ratification")
    assert duma.date == "2021-04-14" and council.agents[0] == "organization/federation-council"
    assert council.date == "2021-04-19" and council.treaty == "treaty/start-ii"


def test_the_date_after_a_prepositional_relative_clause_is_the_acts(reference) -> None:  # noqa: ANN001
    # ", under which ... altogether," is an aside like ", which ...,": "in 1981" still dates the proposal
    ex = _extract(
        reference,
        "The INF Treaty took six years to negotiate. Reagan first proposed the so-called zero option, under "
        "which both sides would give up the missiles altogether, in 1981.",
    )
    (proposal,) = _of(ex, "Negotiation")
    assert proposal.agents[0] == "person/ronald-reagan" and proposal.date == "1981"


@pytest.mark.parametrize(
    ("sentence", "etype", "agent", "date"),
    [
        # an act named by its noun after its owner and dated in the phrase
        (
            "The crisis recalled the Soviet Union's deployment of nuclear missiles in Cuba in 1962.",
            "Deployment",
            "state/soviet-union",
            "1962",
        ),
        (
            "It was the first nuclear test since the Soviet Union's last explosion in 1990.",
            "WeaponsTest",
            "state/soviet-union",
            "1990",
        ),
        (
            "The move followed Washington's withdrawal from the ABM Treaty in 2002.",
            "Withdrawal",
            "state/united-states",
            "2002",
        ),
        (
            "India's nuclear test on May 11, 1998 shocked Pakistan.",
            "WeaponsTest",
            "state/india",
            "1998-05-11",
        ),
        # tests owned by a demonym, proposals in talks, walk-outs, renunciations, promises of conduct
        (
            "U.S. experts watched a Soviet nuclear test at Semipalatinsk in September 1988.",
            "WeaponsTest",
            "state/soviet-union",
            "1988-09",
        ),
        (
            "The United States and the Soviet Union tabled identical draft conventions on biological weapons "
            "on Aug. 5, 1971.",
            "Negotiation",
            "state/united-states",
            "1971-08-05",
        ),
        (
            "In November 1983 the Soviet delegation walked out of the Geneva negotiations on nuclear arms.",
            "RejectionOfTalks",
            "state/soviet-union",
            "1983-11",
        ),
        (
            "In November 1969 President Richard Nixon renounced the use of lethal biological weapons.",
            "Pledge",
            "person/richard-nixon",
            "1969-11",
        ),
        (
            "In 1968, however, France declared that it would behave exactly as a state adhering to the NPT.",
            "Pledge",
            "state/france",
            "1968",
        ),
        # common wordings of treaty acts, talks and tests
        (
            "American and Soviet negotiators initialled the ABM Treaty in Moscow on May 26, 1972.",
            "Signing",
            "state/united-states",
            "1972-05-26",
        ),
        (
            "The United States and the Soviet Union concluded the INF Treaty in December 1987.",
            "Signing",
            "state/united-states",
            "1987-12",
        ),
        (
            "The Senate gave its advice and consent to ratification of the Chemical Weapons Convention on "
            "April 24, 1997.",
            "Ratification",
            "organization/us-senate",
            "1997-04-24",
        ),
        ("North Korea resumed nuclear testing in 2009.", "WeaponsTest", "state/north-korea", "2009"),
        (
            "Russian and U.S. negotiators held talks on New START in Geneva on Monday.",
            "Negotiation",
            "state/russia",
            "2021-06-07",
        ),
    ],
)
def test_wordings_that_had_no_trigger_make_one_act_of_the_named_agent(
    reference,
    sentence: str,
    etype: str,
    agent: str,
    date: str,  # noqa: ANN001
) -> None:
    ex = _extract(reference, sentence)
    (act,) = _of(ex, etype)
    assert act.agents[0] == agent and act.date == date
    assert etype == "Statement" or not _of(ex, "Statement")  # "concluded the INF Treaty" is no remark


def test_an_undated_act_noun_is_no_event(reference) -> None:  # noqa: ANN001
    # "made India's ratification a condition": no act reported as done
    ex = _extract(
        reference, "The text made India's ratification of the CTBT a condition for entry into force."
    )
    assert not _of(ex, "Ratification")


def test_a_passive_speech_verb_makes_no_speaker(reference) -> None:  # noqa: ANN001
    # "was hailed": Russia hailed nothing
    ex = _extract(reference, "Russia's ratification of the CTBT in 2000 was hailed.")
    assert not _of(ex, "Statement") and not ex.claims
    (ratification,) = _of(ex, "Ratification")
    assert ratification.agents == ["state/russia"] and ratification.date == "2000"


def test_walking_out_of_a_room_is_no_rejection_of_talks(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "After the vote on the nuclear test, the ambassador walked out of the chamber.")
    assert not _of(ex, "RejectionOfTalks")


def test_talks_that_resumed_are_a_negotiation_without_an_agent(reference) -> None:  # noqa: ANN001
    (talks,) = _of(_extract(reference, "Talks on New START resumed in Geneva on Monday."), "Negotiation")
    assert talks.agents == [] and talks.treaty == "treaty/new-start" and talks.date == "2021-06-07"
