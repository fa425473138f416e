"""Speech acts and their links: documents as speakers, dates by occasion, replies, talks, bills.

Short made-up articles, each exercising one pattern the extraction must generalise over.
"""

from __future__ import annotations

from functools import partial

import pytest

from tests.kg.conftest import events_of as _of
from tests.kg.conftest import extract_body

_extract = partial(extract_body, published="2019-03-08", dateline="TEHRAN")


def test_a_ministry_statement_carried_by_an_agency_is_the_states_claim(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Iran hosted a conference on the Non-Proliferation Treaty on Tuesday.\n\n"
        "A Foreign Ministry statement carried by IRNA accused the United States of bad faith. "
        "The statement said Iran would keep its programme.",
    )
    (st,) = [e for e in _of(ex, "Statement") if "state/iran" in e.agents]
    claims = [c for c in ex.claims if c.event == st.key]
    assert claims and {c.claimed_by for c in claims} == {"state/iran"}
    assert all(c.reported_by == "organization/irna" for c in claims)
    assert len(claims) == 2  # the follow-on "The statement said" is the same speech act


def test_a_government_statement_is_the_main_states_and_dated_by_its_own_time(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "China carried out a nuclear test on Friday. A government statement published by Xinhua on "
        "Friday said China would never be the first to use nuclear weapons.",
        published="1964-10-17",
        dateline="PEKING",
    )
    (pledge,) = _of(ex, "Pledge")
    assert pledge.agents[:1] == ["state/china"] and pledge.date == "1964-10-16"


def test_the_statement_reported_before_gets_the_claim_not_a_second_event(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Iran announced on Monday that it would suspend its participation in the Non-Proliferation "
        "Treaty. The government statement, carried by IRNA, said the move would take effect in a year.",
    )
    assert not _of(ex, "Statement")
    (ann,) = _of(ex, "Announcement")
    assert any(c.event == ann.key and c.claimed_by == "state/iran" for c in ex.claims)


def test_a_quote_at_the_signing_is_dated_by_the_signing_and_the_reply_shares_it(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "New START was signed in Prague in April 2010 by President Barack Obama and President Dmitry "
        'Medvedev. At the ceremony, Obama quoted a Czech saying, "the road will be mastered by the walker". '
        "Medvedev replied that he preferred deeds to proverbs.",
        published="2010-05-01",
        dateline="PRAGUE",
    )
    statements = _of(ex, "Statement")
    assert {s.agents[0] for s in statements} == {"person/barack-obama", "person/dmitry-medvedev"}
    assert all(s.date == "2010-04" for s in statements)
    assert {c.claimed_by for c in ex.claims} >= {"person/barack-obama", "person/dmitry-medvedev"}


def test_adoption_by_a_body_and_talks_of_the_parties(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia and the United States signed the New START treaty in Prague on Thursday. It was "
        "negotiated in talks that opened in Geneva in April 2009. The Comprehensive Nuclear-Test-Ban "
        "Treaty was adopted by the UN General Assembly in September 1996.",
        published="2010-04-09",
        dateline="PRAGUE",
    )
    talks = [e for e in _of(ex, "Negotiation") if e.treaty == "treaty/new-start"]
    assert (
        talks
        and talks[0].date == "2009-04"
        and {"state/russia", "state/united-states"} <= set(talks[0].agents)
    )
    (adopted,) = [e for e in _of(ex, "Negotiation") if e.treaty == "treaty/ctbt"]
    assert adopted.agents == ["organization/un-general-assembly"] and adopted.date == "1996-09"


def test_parliament_approving_the_bill_takes_the_laws_type_and_treaty(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President Vladimir Putin on Friday signed a law suspending Russia's participation in the "
        "New START treaty. The State Duma voted for the bill on Feb. 22.",
        published="2023-03-01",
    )
    susp = _of(ex, "Suspension")
    assert {e.date for e in susp} == {"2023-02-24", "2023-02-22"}
    assert all(e.treaty == "treaty/new-start" for e in susp)
    assert not _of(ex, "Ratification")


def test_lower_case_treaty_names_and_vague_offsets(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "France denounced the partial test ban treaty in a speech. The convention crossed 50 "
        "ratifications in September and entered into force 90 days later.",
        published="2014-12-25",
        dateline="PARIS",
    )
    assert any(
        m.entity == "treaty/limited-test-ban-treaty" and m.exact == "partial test ban treaty"
        for m in ex.mentions
    )
    assert all(e.date is None for e in _of(ex, "EntryIntoForce"))


def test_a_reaction_and_a_report_in_one_sentence_are_two_acts(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Iran promised on Monday to suspend enrichment. In London, Prime Minister Tony Blair welcomed "
        "the decision and said Iran had agreed to stop building centrifuges.",
        published="2003-10-22",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/tony-blair"
    assert any(c.event == st.key and c.claimed_by == "person/tony-blair" for c in ex.claims)
    (pledge,) = _of(ex, "Pledge")  # the reported agreement is Iran's promise, with Blair's claim on it
    assert any(c.event == pledge.key and c.claimed_by == "person/tony-blair" for c in ex.claims)


def test_a_counted_group_speaks_for_the_states_just_listed(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia, China and India abstained in the vote on the Arms Trade Treaty on Tuesday. "
        "The three countries argued that the text favoured exporters.",
        published="2013-04-03",
        dateline="NEW YORK",
    )
    (st,) = _of(ex, "Statement")
    assert {"state/russia", "state/china", "state/india"} <= set(st.agents)
    assert {c.claimed_by for c in ex.claims if c.event == st.key} == {
        "state/russia",
        "state/china",
        "state/india",
    }


def test_days_after_a_named_earlier_act_count_forward_from_it(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "The Federation Council approved the ratification of New START on March 2. President Dmitry "
        "Medvedev signed the ratification law five days after the Council vote.",
        published="2011-03-20",
    )
    dates = sorted(e.date for e in _of(ex, "Ratification"))
    assert dates == ["2011-03-02", "2011-03-07"]


def test_writing_on_social_media_is_speech(reference) -> None:  # noqa: ANN001
    for verb in ("wrote on Twitter that", "tweeted that", "wrote in a post that"):
        ex = _extract(
            reference,
            f"Foreign Minister Mohammad Javad Zarif {verb} the step was within Iran's rights under the "
            "nuclear deal.",
        )
        (st,) = _of(ex, "Statement")
        assert st.agents == ["person/mohammad-javad-zarif", "state/iran"], verb  # he speaks for Iran
        assert {c.claimed_by for c in ex.claims if c.event == st.key} == {"person/mohammad-javad-zarif"}


def test_a_body_that_speaks_of_titled_people_is_the_speaker_not_their_qualifier(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Russia and the United States agreed on Tuesday to extend the New START treaty. The Kremlin said "
        "President Vladimir Putin and President Joe Biden had discussed the extension in a telephone call.",
        published="2021-02-03",
        dateline="MOSCOW",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "organization/kremlin" and st.treaty == "treaty/new-start"


def test_a_joint_statement_is_every_coordinated_speakers(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "French President Emmanuel Macron, German Chancellor Angela Merkel and British Prime Minister "
        "Theresa May said in a joint statement that they remained committed to the JCPOA.",
        published="2018-05-09",
        dateline="PARIS",
    )
    (st,) = _of(ex, "Statement")
    people = {"person/emmanuel-macron", "person/angela-merkel", "person/theresa-may"}
    assert people | {"state/france", "state/germany", "state/united-kingdom"} <= set(st.agents)
    assert {c.claimed_by for c in ex.claims if c.event == st.key} >= people


def test_a_group_of_states_named_by_region_speaks_with_its_partner(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Syria joined the Chemical Weapons Convention on Monday. The Syrian opposition and Western "
        "governments accuse President Bashar al-Assad's forces of carrying out the chemical attack.",
        published="2013-09-20",
        dateline="THE HAGUE",
    )
    (st,) = _of(ex, "Statement")
    claimants = {c.claimed_by for c in ex.claims if c.event == st.key}
    # the opposition is not the Syrian state: its accusation is no claim of Syria's
    assert claimants == {"organization/syrian-opposition", "organization/western-governments"}


def test_the_agency_is_the_agency_named_last_not_the_news_agency_named_first(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "In a statement carried by the official Korean Central News Agency, North Korea said it was totally "
        "free from the NPT. IAEA Director General Mohamed ElBaradei said the agency regretted the decision.",
        published="2003-01-11",
        dateline="SEOUL",
    )
    (claim,) = [c for c in ex.claims if c.claimed_by == "person/mohamed-elbaradei"]
    assert claim.reported_by is None  # no news agency credited for his words


def test_a_title_and_surname_is_the_person_named_in_full_before(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "President George W. Bush spoke on Monday. President Bush said the NPT was outdated.",
        published="2008-10-11",
        dateline="WASHINGTON",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/george-w-bush"


def test_words_after_the_ceremony_take_the_ceremonys_date_not_the_date_named_last(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Indian Foreign Minister Pranab Mukherjee signed the CWC at a ceremony on Friday. The Senate voted "
        "on Oct. 1 to ratify the CWC. Mukherjee told reporters after the ceremony that the CWC was a "
        "milestone.",
        published="2008-10-11",
        dateline="WASHINGTON",
    )
    (st,) = _of(ex, "Statement")
    assert st.date == "2008-10-10"


def test_a_trailing_attribution_of_the_own_sides_stance_is_a_statement(reference) -> None:  # noqa: ANN001
    # the speaker's own side as the subject: a report of an act it made is no speech act of its own
    # (_own_report), but a stance, or a report that is no act, is
    ex = extract_body(
        reference,
        "New START lapsed this week. Moscow will no longer abide by the limits, Foreign Minister Sergei "
        "Lavrov said on Thursday. Iran has enriched uranium, President Mahmoud Ahmadinejad said.",
        published="2026-02-06",
        dateline="MOSCOW",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents == ["person/sergei-lavrov", "state/russia"] and st.date == "2026-02-05"
    assert st.treaty == "treaty/new-start" and st.evidence.exact.startswith("Moscow will no longer")
    # the report of one's own side's act that is no treaty act stays the speaker's claim
    (iran,) = _of(ex, "Production")
    assert iran.agents == ["state/iran"] and iran.stance == "Attributed"
    assert [c.claimed_by for c in ex.claims if c.event == iran.key] == ["person/mahmoud-ahmadinejad"]


def test_declaring_oneself_no_longer_bound_is_the_withdrawal_on_the_day_it_is_said(reference) -> None:  # noqa: ANN001
    for sentence in (
        "Russia said on Friday that it no longer considers itself bound by the START II treaty.",
        "The Foreign Ministry said on Friday that Russia was no longer bound by START II.",
    ):
        ex = extract_body(reference, sentence, published="2002-06-15", dateline="MOSCOW")
        (w,) = _of(ex, "Withdrawal")
        assert w.agents[0] == "state/russia" and w.treaty == "treaty/start-ii" and w.date == "2002-06-14"
        assert w.stance == "Asserted" and not ex.claims and not _of(ex, "Statement")  # a fact, not a claim


def test_an_assurance_about_ones_own_conduct_is_a_pledge_with_no_claim(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "President Vladimir Putin said on Friday that Moscow would not deploy missiles covered by the INF "
        "Treaty.",
        published="2019-03-09",
        dateline="MOSCOW",
    )
    (p,) = _of(ex, "Pledge")
    assert p.agents == ["person/vladimir-putin", "state/russia"] and p.date == "2019-03-08"
    assert p.treaty == "treaty/inf-treaty" and not _of(ex, "Statement") and not ex.claims


def test_saying_a_treaty_act_will_or_cannot_be_taken_is_its_announcement(reference) -> None:  # noqa: ANN001
    for sentence, treaty in (
        ("Russia will leave the INF Treaty, President Vladimir Putin said on Friday.", "treaty/inf-treaty"),
        ("India said on Friday that it could not sign the CTBT.", "treaty/ctbt"),
    ):
        ex = extract_body(reference, sentence, published="2019-03-09", dateline="MOSCOW")
        (ann,) = _of(ex, "Announcement")
        assert ann.treaty == treaty and ann.date == "2019-03-08"
        assert not _of(ex, "Statement") and not ex.claims  # a notice, not an assertion


def test_officials_in_a_capital_speak_for_its_state(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "Officials in Kiev said on Friday that the treaty was dead.",
        published="2019-03-09",
        dateline="WASHINGTON",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents == ["state/ukraine"] and st.date == "2019-03-08"


def test_a_pronoun_before_a_light_verb_and_a_nominal_act_is_the_subject_before(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "The Soviet Union has long pressed for a test ban. It observed a unilateral moratorium on testing "
        "from August 1985.",
        published="1990-12-12",
        dateline="WASHINGTON",
    )
    (p,) = _of(ex, "Pledge")
    assert p.agents == ["state/soviet-union"] and p.date == "1985-08"


def test_an_act_reported_before_a_dated_saying_does_not_take_the_sayings_date(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "The United States has produced new intermediate-range missiles, Putin said on Friday. Russia "
        "withdrew from the Open Skies Treaty on Monday, the Kremlin said on Friday.",
        published="2019-03-09",
        dateline="MOSCOW",
    )
    (prod,) = _of(ex, "Production")
    assert prod.date is None and prod.stance == "Attributed"
    (w,) = _of(ex, "Withdrawal")
    assert w.date == "2019-03-04"  # its own date


def test_each_side_announcing_it_would_observe_a_limit_is_both_parties_pledge(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "The United States and the Soviet Union signed the treaty in 1974. In 1976 each side announced that "
        "it would observe the 150-kiloton limit of the Threshold Test Ban Treaty.",
        published="1990-12-12",
        dateline="WASHINGTON",
    )
    (p,) = _of(ex, "Pledge")
    assert p.agents == ["state/united-states", "state/soviet-union"] and p.date == "1976"


def test_he_after_a_quote_is_the_speaker_named_before_not_a_name_inside_the_quote(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "The Security Council voted on Saturday to condemn the nuclear test. At the same meeting, U.S. "
        'Ambassador John Bolton pointed to the empty chair. "It is the equivalent of Nikita Khrushchev '
        'pounding his shoe on the desk," he said.',
        published="2006-10-15",
        dateline="UNITED NATIONS",
    )
    bolton = [st for st in _of(ex, "Statement") if "Khrushchev" in st.evidence.exact]
    assert len(bolton) == 1 and bolton[0].agents[0] == "person/john-bolton"
    assert "person/nikita-khrushchev" not in bolton[0].agents


def test_after_the_vote_is_the_day_of_the_vote_even_when_it_was_no_treaty_act(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "The UN Security Council voted unanimously on Saturday to impose sanctions over the nuclear test. "
        "Minutes after the vote, North Korea's ambassador, Pak Gil Yon, said his government rejected it.",
        published="2006-10-15",
        dateline="UNITED NATIONS",
    )
    (pak,) = [st for st in _of(ex, "Statement") if st.agents[0] == "person/pak-gil-yon"]
    assert pak.date == "2006-10-14"


def test_an_act_named_by_a_gerund_subject_of_the_remark_is_not_reported(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "Kremlin spokesman Dmitry Peskov has said that revoking the ratification of the CTBT does not mean "
        "Russia plans to conduct nuclear tests.",
        published="2023-11-03",
        dateline="MOSCOW",
    )
    assert not _of(ex, "RatificationRevocation")
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/dmitry-peskov" and st.treaty == "treaty/ctbt"


def test_a_partial_quote_of_the_act_is_the_speakers_claim_of_it(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        'North Korea said on Monday that the country had "successfully conducted an underground nuclear test '
        'under secure conditions." The OPCW described the ban as one "that took effect in 1997."',
        published="2006-10-15",
        dateline="SEOUL",
    )
    (t,) = _of(ex, "WeaponsTest")
    assert t.agents == ["state/north-korea"] and t.stance == "Attributed"
    assert [c.claimed_by for c in ex.claims if c.event == t.key] == ["state/north-korea"]
    assert not _of(ex, "EntryIntoForce")  # a relative clause quoted after a noun stays a quote


def test_at_the_ceremony_is_the_act_of_the_sentence_before_not_an_older_ceremony(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "France acceded to the NPT on Monday at a ceremony at the State Department. On March 9, Foreign "
        "Minister Qian Qichen handed China's instrument of accession to the NPT to John Major in London. At "
        "the ceremony, Qian called the move a major step toward the prohibition of nuclear weapons.",
        published="1992-08-04",
        dateline="WASHINGTON",
    )
    (st,) = _of(ex, "Statement")
    assert st.agents[0] == "person/qian-qichen" and st.date == "1992-03-09"


def test_a_second_chamber_in_apposition_approving_the_bill_is_its_own_act(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "President Vladimir Putin on Thursday signed a law revoking Russia's ratification of the CTBT. The "
        "State Duma passed the bill on Oct. 18, and the Federation Council, the upper house, approved it on "
        "Oct. 25.",
        published="2023-11-03",
        dateline="MOSCOW",
    )
    dates = {e.date: e.agents[0] for e in _of(ex, "RatificationRevocation")}
    assert dates == {
        "2023-11-02": "person/vladimir-putin",
        "2023-10-18": "organization/state-duma",
        "2023-10-25": "organization/federation-council",
    }


def test_an_opening_in_the_same_statement_keeps_the_pronoun_subject_and_the_statements_day(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "France said on Friday that it regretted the U.S. move. In the same statement they pledged to keep "
        "the Open Skies pact alive.",
        published="2020-05-23",
        dateline="WASHINGTON",
    )
    (p,) = _of(ex, "Pledge")
    assert p.agents == ["state/france"] and p.date == "2020-05-22" and p.treaty == "treaty/open-skies-treaty"


def test_an_administration_named_after_its_president_speaks_for_the_state(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "The United States and the Soviet Union signed the Threshold Test Ban Treaty in 1974. The Reagan "
        "administration repeatedly accused Moscow of likely violations of the limit.",
        published="1990-12-12",
        dateline="WASHINGTON",
    )
    (st,) = _of(ex, "Statement")
    assert [c.claimed_by for c in ex.claims if c.event == st.key] == ["state/united-states"]


def test_enriching_uranium_is_production_and_a_participle_after_announced_keeps_the_report(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "Iran has succeeded in enriching uranium for the first time, President Mahmoud Ahmadinejad announced "
        "on Tuesday, defying a UN Security Council call to halt the work. Iran has highly enriched uranium "
        "stocks. Iran has enriched uranium stocks at Natanz. The material was enriched uranium.",
        published="2006-04-12",
        dateline="TEHRAN",
    )
    (p,) = _of(ex, "Production")
    assert p.agents == ["state/iran"] and p.stance == "Attributed" and "stocks" not in p.evidence.exact  # one
    assert [c.claimed_by for c in ex.claims if c.event == p.key] == ["person/mahmoud-ahmadinejad"]


def test_a_remark_when_a_body_acted_is_dated_by_that_bodys_act(reference) -> None:  # noqa: ANN001
    # "When the Duma voted": the Duma's vote (Oct. 18), not the upper house's approval reported last
    ex = extract_body(
        reference,
        "The State Duma, the lower house of parliament, voted on Oct. 18 to revoke the ratification of the "
        "CTBT, and the Federation Council approved it on Oct. 25. When the Duma voted, Robert Floyd, "
        'executive secretary of the CTBTO, called the decision "very disappointing."',
        published="2023-11-03",
        dateline="MOSCOW",
    )
    (floyd,) = _of(ex, "Statement")
    assert floyd.agents[0] == "person/robert-floyd" and floyd.date == "2023-10-18"


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "The United States said on Friday that it would send cluster munitions to Ukraine, a party to "
            "the Convention on Cluster Munitions.",
            "state/united-states",
        ),
        (
            "Prime Minister Jean Chretien announced that Canada would spend 100 million dollars on clearing "
            "mines under the Ottawa Convention.",
            "person/jean-chretien",
        ),
        ("Moscow has also said it will remain a signatory of the CTBT.", "state/russia"),
    ],
)
def test_saying_what_one_will_do_is_a_pledge(reference, sentence: str, speaker: str) -> None:  # noqa: ANN001
    ex = extract_body(reference, sentence, published="2021-06-09", dateline="MOSCOW")
    (pledge,) = _of(ex, "Pledge")
    assert pledge.agents[0] == speaker and not _of(ex, "Statement")


def test_an_assessment_and_a_promise_in_one_sentence_are_two_acts_of_the_speaker(reference) -> None:  # noqa: ANN001
    ex = extract_body(
        reference,
        "Parties to the NPT ended their review conference on Friday. The conference president, Ambassador "
        "Libran Cabactulan of the Philippines, said the text was balanced. Ban Ki-moon called the conference "
        "a success and said he would work with the co-sponsors to prepare the 2012 meeting.",
        published="2010-05-29",
        dateline="NEW YORK",
    )
    # without the rule, "the conference" before "and said" was the promise's agent
    (pledge,) = _of(ex, "Pledge")
    (statement,) = [st for st in _of(ex, "Statement") if "Ban" in st.evidence.exact]
    assert pledge.agents == statement.agents == ["person/ban-ki-moon"]


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        (
            "Russia remains in full compliance with New START, the Foreign Ministry said on Monday.",
            "Compliance",
        ),
        ("Moscow continues to observe the limits of New START, Sergei Ryabkov said.", "Compliance"),
        ("Moscow refused to discuss New START with Washington on Monday.", "RejectionOfTalks"),
        ("Russia rejected a U.S. offer of talks on New START on Monday.", "RejectionOfTalks"),
        (
            "Sergei Ryabkov said there could be no dialogue on strategic stability under New START.",
            "RejectionOfTalks",
        ),
    ],
)
def test_keeping_a_treatys_limits_and_refusing_talks(reference, sentence: str, etype: str) -> None:  # noqa: ANN001
    ex = extract_body(reference, sentence, published="2021-06-09", dateline="GENEVA")
    (act,) = _of(ex, etype)
    assert "state/russia" in act.agents and act.treaty == "treaty/new-start"
