"""Events, claims and offsets on the seed, the bundled corpus and unrelated articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.article import read_article

reference_mod = pytest.importorskip("kg.reference")

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "kg" / "corpus").glob("*.txt"))
OWN = ROOT / "tests" / "data" / "articles"


@pytest.fixture(scope="module")
def reference():  # noqa: ANN201
    return reference_mod.load_reference()


@pytest.fixture(scope="module")
def seed(reference):  # noqa: ANN001, ANN201
    from kg.extract import extract

    return extract(read_article(ROOT / "kg" / "corpus" / "00-seed.txt", max_bytes=10**6), reference)


def _find(ex, etype: str, treaty: str | None = None):  # noqa: ANN001, ANN202
    return [e for e in ex.events if e.type == etype and (treaty is None or e.treaty == treaty)]


def test_seed_suspension_and_announcement_dates(seed) -> None:  # noqa: ANN001
    (susp,) = _find(seed, "Suspension", "treaty/new-start")
    (ann,) = _find(seed, "Announcement", "treaty/new-start")
    assert susp.date == "2023-02-28" and {"person/vladimir-putin", "state/russia"} <= set(susp.agents)
    assert ann.date == "2023-02-21"


def test_seed_inf_withdrawal_in_2019(seed) -> None:  # noqa: ANN001
    (w,) = _find(seed, "Withdrawal", "treaty/inf-treaty")
    assert w.date == "2019" and w.agents == ["state/united-states"]


def test_seed_putins_claims_are_attributed_not_asserted(seed) -> None:  # noqa: ANN001
    for etype in ("Production", "Deployment"):
        (ev,) = _find(seed, etype)
        assert ev.stance == "Attributed"
        assert any(c.event == ev.key and c.claimed_by == "person/vladimir-putin" for c in seed.claims)


def test_seed_rejection_of_talks_is_ryabkovs_reported_by_tass(seed) -> None:  # noqa: ANN001
    (rej,) = _find(seed, "RejectionOfTalks")
    claims = [c for c in seed.claims if c.event == rej.key]
    assert claims and all(c.claimed_by == "person/sergei-ryabkov" for c in claims)
    assert claims[0].reported_by == "organization/tass"


def test_seed_future_and_ruled_out_acts_are_mentions_not_events(seed) -> None:  # noqa: ANN001
    assert not _find(seed, "Expiry")
    assert any(m.type == "Expiry" and m.modality == "Future" for m in seed.event_mentions)
    assert len(_find(seed, "Production")) == 1  # "not ruling out ... begin manufacturing" is not one


def test_seed_pledge_keeps_its_condition(seed) -> None:  # noqa: ANN001
    (p,) = _find(seed, "Pledge")
    assert p.condition and p.condition.startswith("as long as")


@pytest.mark.parametrize("path", CORPUS + sorted(OWN.glob("*.txt")), ids=lambda p: p.name)
def test_every_span_matches_the_text(reference, path: Path) -> None:  # noqa: ANN001
    from kg.extract import extract

    ex = extract(read_article(path, max_bytes=10**6), reference)
    text = ex.article.text
    for rec in ex.spans():
        exact = getattr(rec, "exact", None) or getattr(rec, "text", None)
        assert text[rec.start : rec.end] == exact, rec


@pytest.mark.parametrize("name", ["trade-agreement.txt", "football-match.txt"])
def test_unrelated_articles_yield_no_events_and_no_treaty(reference, name: str) -> None:  # noqa: ANN001
    from kg.extract import extract

    ex = extract(read_article(OWN / name, max_bytes=10**6), reference)
    assert ex.events == [] and ex.claims == []
    assert not [e for e in ex.entities.values() if e.kind == "treaty"]


def test_own_arms_control_article(reference) -> None:  # noqa: ANN001
    from kg.extract import extract

    ex = extract(read_article(OWN / "new-start-extension.txt", max_bytes=10**6), reference)
    (ext,) = _find(ex, "Extension", "treaty/new-start")
    assert ext.date == "2021-02-03" and "state/united-states" in ext.agents
    statements = _find(ex, "Statement")
    assert statements and statements[0].date is None  # "until February 5, 2026" is a limit, not a date
    assert any(ex.posts[t.post].label == "Secretary of State of the United States" for t in ex.tenures)


def test_same_act_twice_is_one_event(reference) -> None:  # noqa: ANN001
    from kg.article import parse_article
    from kg.extract import extract

    body = (
        "Published: 1994-12-06\nTitle: T\n\nUkraine formally joined the Non-Proliferation Treaty on Monday. "
        "Ukrainian President Leonid Kuchma handed over his country's instrument of accession.\n"
    )
    ex = extract(parse_article(body.encode(), name="t.txt", max_bytes=10**6), reference)
    (acc,) = _find(ex, "Accession")
    assert acc.date == "1994-12-05" and {"state/ukraine", "person/leonid-kuchma"} <= set(acc.agents)
