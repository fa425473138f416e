"""``extract(article, reference, known=None) -> Extraction``: the whole extraction, method by method.

Sentences -> time expressions -> named entities (reference gazetteer + patterns) -> people and posts
-> treaty anaphora and pronouns -> attributions -> events -> merging -> claims. Pure: no RDF, no store.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from kg.article import Article
from kg.extract.claims import find_attributions
from kg.extract.dates import extract_times
from kg.extract.entities import find_named, resolve_treaty_anaphora
from kg.extract.events import NEEDS_AGENT, EventBuilder
from kg.extract.gazetteer import EntityTable, gazetteer_for
from kg.extract.people import People
from kg.extract.records import Claim, Event, Extraction
from kg.extract.sentences import split_sentences
from kg.extract.triggers import ARMS_CONTEXT
from kg.iris import short_hash

log = logging.getLogger(__name__)
PARTY_ACTS = frozenset({"Signing", "Ratification", "Extension", "Negotiation", "Withdrawal", "Suspension"})


def extract(article: Article, reference: Any, known: Mapping[str, list[str]] | None = None) -> Extraction:
    """Everything extracted from one article.

    ``reference`` is a :class:`kg.reference.Reference`; ``known`` optionally maps a surname to the IRIs
    of people already in the store, so that "Ryabkov" alone can resolve to a person met before.
    """
    from kg.reference import normalise_office, post_label

    text = article.text
    sentences = split_sentences(text, article.body_start)
    times = extract_times(text, article.published, article.body_start)
    gaz = gazetteer_for(reference)
    table = EntityTable(text, sentences)
    find_named(table, gaz, text, article.body_start, article.published)
    people = People(
        table,
        gaz,
        text,
        article.body_start,
        normalise=normalise_office,
        post_label=post_label,
        known=known,
        published=article.published,
    )
    people.find()
    resolve_treaty_anaphora(table, text, article.body_start)
    people.plural_roles()
    people.pronouns()
    state_of = {k: s for k in list(table.entities) if k.startswith("person/") and (s := people.state_of(k))}
    body_of = {
        k: b
        for k in list(table.entities)
        if k.startswith("person/") and k not in state_of and (b := people.body_of(k))
    }
    attributions = find_attributions(table, state_of)
    # an arms-control text: its words, or any treaty it names ("ratified the Ottawa Convention")
    arms = bool(ARMS_CONTEXT.search(text, article.body_start)) or any(
        k.startswith("treaty/") for k in table.entities
    )

    def add_state(key: str) -> str | None:
        ref = reference.get("state", key.split("/")[-1])
        return table.add_ref(ref) if ref is not None else None

    builder = EventBuilder(table, times, state_of, attributions, body_of, add_state)
    if arms:
        for s in sentences:
            if not s.headline:
                builder.sentence(s, arms)
    events, into = merge_events(builder.events, {s.index: s.paragraph for s in sentences})
    claims = []
    for ev, att in builder.claims:
        target = into.get(id(ev))
        if target is None or target not in events:
            continue
        claims.append(
            Claim(
                target.key,
                att.speaker,
                target.evidence if target.evidence.start == ev.evidence.start else ev.evidence,
                att.reporter,
                None,
            )
        )
    claims += _state_claims(claims, table)
    claims += [
        Claim(into[id(ev)].key, other, ev.evidence, att.reporter, None)
        for ev, att in builder.claims
        for other in att.co_speakers
        if into.get(id(ev)) in events
    ]
    claims = list({(c.event, c.claimed_by, c.evidence.start): c for c in claims}.values())
    ex = Extraction(
        article=article,
        sentences=sentences,
        entities=table.entities,
        mentions=table.sorted_mentions(),
        times=times,
        posts=people.posts,
        tenures=people.tenures,
        events=events,
        event_mentions=builder.mentions,
        claims=claims,
    )
    log.debug(
        "extracted %d entities, %d events, %d claims from %s",
        len(ex.entities),
        len(events),
        len(claims),
        article.slug,
    )
    return ex


def _compatible(a: Event, b: Event) -> bool:
    if a.type != b.type or a.type == "Statement":
        return False
    if a.type == "Pledge" and a.treaty is None and b.treaty is None and abs(a.sentence - b.sentence) > 1:
        return False  # two promises apart, about no named treaty, are two speech acts
    if a.treaty != b.treaty and (a.treaty and b.treaty or abs(a.sentence - b.sentence) > 2):
        return False
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if a.speech or b.speech:
        return bool(set(a.agents) & set(b.agents))
    return not a.agents or not b.agents or bool(set(a.agents) & set(b.agents))


def merge_events(events: list[Event], para: dict[int, int]) -> tuple[list[Event], dict[int, Event]]:
    """One event per real-world act: same type, compatible treaty, date and agents merge.

    Statements merge only with the same speaker's statement in the same paragraph, so separate
    remarks stay separate speech acts. Returns the events and, for each input event (by id), the
    event it ended up in; acts that need an agent and found none are dropped.
    """
    out: list[Event] = []
    into: dict[int, Event] = {}
    for ev in events:
        target = next((o for o in out if _compatible(o, ev)), None)
        if target is None and ev.type == "Statement" and out:
            last = out[-1]
            if (
                last.type == "Statement"
                and last.agents[:1] == ev.agents[:1]
                and para.get(ev.sentence) == para.get(last.sentence)
            ):
                target = last
        if target is None:
            out.append(ev)
            into[id(ev)] = ev
            continue
        into[id(ev)] = target
        target.agents += [a for a in ev.agents if a not in target.agents]
        target.places += [p for p in ev.places if p not in target.places]
        target.treaty = target.treaty or ev.treaty
        if ev.date and (not target.date or len(ev.date) > len(target.date)):
            target.date = ev.date
        if ev.evidence != target.evidence and ev.evidence not in target.extra_evidence:
            target.extra_evidence.append(ev.evidence)
        if ev.stance == "Asserted" and not ev.speech:
            target.stance = "Asserted"
    _treaty_parties(out)
    kept = [e for e in out if e.agents or e.type not in NEEDS_AGENT or e.passive]
    for ev in kept:
        ev.key = event_key(ev)
    return kept, into


def _state_claims(claims: list[Claim], table: EntityTable) -> list[Claim]:
    """A ministry's or government body's claim is also its state's ("the Foreign Ministry said")."""
    out = []
    for c in claims:
        ent = table.entities.get(c.claimed_by)
        part = str(ent.data.get("part_of") or "") if ent and c.claimed_by.startswith("organization/") else ""
        state = part.replace(":", "/")
        if state.startswith("state/") and state in table.entities:
            out.append(Claim(c.event, state, c.evidence, c.reported_by, c.date))
    return out


def _treaty_parties(events: list[Event]) -> None:
    """An agentless signing or talks ("It was signed in 1987 after talks that opened in Geneva") is
    the act of the treaty's parties: the states acting on that treaty elsewhere in the article (a state
    that withdrew from it or suspended it was one)."""
    for ev in events:
        if ev.agents or ev.type not in ("Signing", "Negotiation") or not ev.treaty:
            continue
        parties = [
            a
            for o in events
            if o is not ev and o.treaty == ev.treaty and o.type in PARTY_ACTS and o.stance == "Asserted"
            for a in o.agents
            if a.startswith("state/")
        ]
        ev.agents = list(dict.fromkeys(parties))


def event_key(ev: Event) -> str:
    """Deterministic slug parts for an event: type, agent, treaty (or target), date or sentence hash.

    The agent is the first state or organization agent (the person acting for it otherwise), so that
    "Putin signed a law suspending ..." and "Russia suspended ..." give the same act the same IRI.
    """
    bodies = [a for a in ev.agents if not a.startswith("person/")]
    lead = (bodies or ev.agents)[:1]
    first = lead[0].split("/", 1)[1] if lead else "unknown"
    obj = (ev.treaty or (ev.targets[0] if ev.targets else "")).split("/")[-1]
    parts = [ev.type.lower(), first]
    if obj:
        parts.append(obj)
    if ev.date and not ev.speech:
        parts.append(ev.date)
    else:
        parts.append(short_hash(ev.evidence.exact))
    return "--".join(parts)
