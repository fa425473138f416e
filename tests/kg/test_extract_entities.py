"""Entities, people and posts on short sentences, and sentence splitting."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.article import parse_article
from kg.extract.sentences import split_sentences
from tests.kg.conftest import extract_body

reference_mod = pytest.importorskip("kg.reference")


@pytest.fixture(scope="module")
def reference():  # noqa: ANN201 - the reference type lives in another helper's module
    return reference_mod.load_reference()


def _extract(reference, body: str, published: str = "2024-07-09"):  # noqa: ANN001, ANN202
    from kg.extract import extract

    data = f"Published: {published}\nTitle: Test\n\n{body}\n".encode()
    return extract(parse_article(data, name="t.txt", max_bytes=100_000), reference)


def _labels(ex, key: str) -> set[str]:  # noqa: ANN001
    ent = ex.entities[key]
    return {ent.label, *ent.aliases}


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = (
        "The U.S. envoy met Mr. Bush on Dec. 3 in Washington. President John F. Kennedy signed it. He left."
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "The U.S. envoy met Mr. Bush on Dec. 3 in Washington.",
        "President John F. Kennedy signed it.",
        "He left.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_metonyms_demonyms_and_sides_resolve_to_states(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference, "Moscow said the Americans must act, and the Russian side agreed with Washington."
    )
    assert {"Moscow", "the Russian side"} <= _labels(ex, "state/russia")
    assert {"the Americans", "Washington"} & _labels(ex, "state/united-states")


def test_moscow_before_1992_is_the_soviet_union(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "Moscow rejected the plan, Soviet officials said.", published="1990-05-01")
    assert "state/soviet-union" in ex.entities and "state/russia" not in ex.entities


def test_acronym_treaty_form_is_one_mention(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "The US left the Intermediate-Range Nuclear Forces (INF) Treaty in 2019.")
    m = [m for m in ex.mentions if m.entity == "treaty/inf-treaty"]
    assert m and m[0].exact == "Intermediate-Range Nuclear Forces (INF) Treaty"


def test_title_name_gives_person_and_normalised_post(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "Russian deputy foreign minister Sergei Ryabkov said talks were impossible.")
    post = next(p for p in ex.posts.values())
    assert post.label == "Deputy Minister of Foreign Affairs of Russia" and post.of == "state/russia"
    assert any(t.post == post.key for t in ex.tenures)


def test_apposition_and_possessive_posts(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Britain's Foreign Secretary, Malcolm Rifkind, attended. Ali Akbar Salehi, head of the "
        "Atomic Energy Organization of Iran, agreed.",
    )
    labels = {ex.posts[t.post].label for t in ex.tenures}
    assert "Foreign Secretary of the United Kingdom" in labels
    assert any(label.startswith("Head of the Atomic Energy Organization of Iran") for label in labels)


def test_a_post_keeps_the_office_as_the_text_words_it(reference) -> None:  # noqa: ANN001
    # "Kremlin spokesman": the post is "Spokesperson of the Kremlin", also called what the article calls it
    ex = _extract(reference, "Kremlin spokesman Dmitry Peskov said talks were impossible.")
    (post,) = ex.posts.values()
    assert post.label == "Spokesperson of the Kremlin" and post.aliases == {"Kremlin spokesman"}


def test_a_ministry_the_office_table_does_not_list_is_still_a_post(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "Syria's minister for national reconciliation, Ali Haidar, called it a victory.")
    assert {ex.posts[t.post].label for t in ex.tenures} == {"Minister of National Reconciliation of Syria"}


def test_an_unqualified_office_is_not_the_state_that_holds_it_qualified_in_the_sentence(reference) -> None:  # noqa: ANN001
    # "President George Bush and Soviet President Mikhail Gorbachev": Bush is not the Soviet president,
    # though the Soviet Union is the state named last before him
    ex = _extract(
        reference,
        "The Soviet Union and the United States exchanged instruments of ratification of the Threshold Test "
        "Ban Treaty on Tuesday. President George Bush and Soviet President Mikhail Gorbachev signed the "
        "protocols on June 1.",
        published="1990-12-12",
    )
    held = {(t.person, ex.posts[t.post].label) for t in ex.tenures}
    assert held == {
        ("person/george-bush", "President of the United States"),
        ("person/mikhail-gorbachev", "President of the Soviet Union"),
    }


def test_a_place_named_by_what_it_is(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Ahmadinejad spoke in the northeastern city of Mashhad about the Natanz plant. Russia recognised the "
        "breakaway region of Abkhazia. North Korea's nuclear test at the Punggye-ri test site followed.",
    )
    places = {e.label for e in ex.entities.values() if e.kind == "place"}
    assert {"Mashhad", "Natanz", "Abkhazia", "Punggye-ri"} <= places
    assert "North Korea" not in places


def test_an_ambassador_in_a_story_from_the_united_nations_is_the_envoy_there(reference) -> None:  # noqa: ANN001
    body = (
        "The UN Security Council voted on Saturday to impose sanctions on North Korea over its nuclear test. "
        "China's ambassador, Wang Guangya, voted for the text. Arundhati Ghose, India's ambassador to the "
        "Conference on Disarmament, spoke."
    )
    ex = extract_body(reference, body, published="2006-10-15", dateline="UNITED NATIONS")
    posts = {t.person: ex.posts[t.post] for t in ex.tenures}
    wang = posts["person/wang-guangya"]
    assert wang.label == "Permanent Representative of China to the United Nations" and wang.aliases == {
        "ambassador"
    }
    assert posts["person/arundhati-ghose"].label == "Ambassador of India to the Conference on Disarmament"
    # from anywhere else, an ambassador is an ambassador
    ex = extract_body(reference, body, published="2006-10-15", dateline="BEIJING")
    assert {ex.posts[t.post].label for t in ex.tenures if t.person == "person/wang-guangya"} == {
        "Ambassador of China"
    }


def test_surname_role_and_pronoun_resolve_to_the_person(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Foreign Minister Igor Ivanov spoke in Ottawa. Ivanov said Russia wanted talks. "
        "The minister added that nothing was agreed. He said more.",
    )
    assert {"Ivanov", "The minister"} <= _labels(ex, "person/igor-ivanov")
    assert any(m.how == "pronoun" and m.entity == "person/igor-ivanov" for m in ex.mentions)


def test_news_agency_is_a_media_organization(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "The minister said so, the Zvezda news agency reported.")
    agencies = [e for e in ex.entities.values() if "MediaOrganization" in e.classes]
    assert [e.label for e in agencies] == ["Zvezda"]


def test_dateline_is_a_place_alias(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "VIENNA - Iran and six world powers reached an agreement on Tuesday.")
    vienna = [e for e in ex.entities.values() if e.label == "Vienna"]
    assert vienna and "VIENNA" in vienna[0].aliases


def test_published_date_is_used_for_posts_not_events(reference) -> None:  # noqa: ANN001
    ex = _extract(reference, "President Vladimir Putin said the treaty matters.", published="2024-07-09")
    assert all(e.date is None for e in ex.events)
    assert ex.article.published == dt.date(2024, 7, 9)


def test_every_capital_of_a_list_after_in_is_a_place_not_its_government(reference) -> None:  # noqa: ANN001
    ex = _extract(
        reference,
        "Britain, the United States and the Soviet Union deposited their instruments of ratification of the "
        "Biological Weapons Convention in London, Washington and Moscow. Washington had given up germ "
        "warfare.",
        published="1975-03-27",
    )
    assert {"place/london", "place/washington", "place/moscow"} <= set(ex.entities)
    (rat,) = [e for e in ex.events if e.type == "Ratification"]
    assert {"place/london", "place/washington", "place/moscow"} <= set(rat.places)
    assert "state/united-states" in ex.entities  # the later "Washington had" is still the government
