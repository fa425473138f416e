"""Plain records that extraction produces: every one carries a character span into ``Article.text``.

No RDF here (HOUSE-STYLE "Flow"): ``kg.rdf.to_graph`` turns an :class:`Extraction` into triples.
Spans are 0-based, end exclusive, counted in code points, and ``text[start:end] == exact`` always.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.article import Article


@dataclass(frozen=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``paragraph`` numbers the paragraph, ``headline`` marks title-like lines."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    headline: bool = False


@dataclass
class Entity:
    """A state, person, organization, place, treaty or post the article mentions.

    ``key`` is ``<kind>/<slug>``; ``iri`` is set for reference entities (their IRI is reused as is).
    ``classes`` are ontology class names (``"State"``, ``"MediaOrganization"``).
    """

    key: str
    kind: str
    slug: str
    label: str
    classes: tuple[str, ...]
    iri: str | None = None
    qid: str | None = None
    aliases: set[str] = field(default_factory=set)
    known: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """A surface form of an entity; ``how`` says how it was recognised (label, alias, surname, role...)."""

    entity: str
    start: int
    end: int
    exact: str
    how: str
    sentence: int = -1


@dataclass(frozen=True)
class TimeExpression:
    """A time expression resolved against the publication date (or an anchor in context)."""

    start: int
    end: int
    exact: str
    value: str | None
    precision: str  # day | month | year | none
    kind: str  # absolute | relative | anchor | offset


@dataclass
class Post:
    """An office of a state or body: ``label`` is "<Office> of <holder>" (kg.reference.post_label)."""

    key: str
    office: str
    of: str | None
    label: str
    slug: str
    iri: str | None = None
    aliases: set[str] = field(default_factory=set)  # the office as the text words it ("Kremlin spokesman")


@dataclass(frozen=True)
class Tenure:
    """A person holding a post as of the article's date."""

    person: str
    post: str
    evidence: Span


@dataclass
class Event:
    """A dated-or-datable act the article reports as having happened."""

    key: str
    type: str
    evidence: Span
    sentence: int
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    treaty: str | None = None
    places: list[str] = field(default_factory=list)
    date: str | None = None
    stance: str = "Asserted"  # Asserted | Attributed
    speech: bool = False
    condition: str | None = None
    extra_evidence: list[Span] = field(default_factory=list)
    passive: bool = False  # an agentless passive treaty act ("The treaty was signed in 1992")
    trigger_end: int = 0  # end offset of the trigger phrase that produced the event


@dataclass(frozen=True)
class EventMention:
    """An act that is future, possible, conditional or negated: never an event."""

    type: str
    modality: str  # Possible | Future | Conditional | Negated
    evidence: Span
    agents: tuple[str, ...] = ()
    treaty: str | None = None


@dataclass(frozen=True)
class Claim:
    """Someone's assertion about an event, with who reported it."""

    event: str
    claimed_by: str
    evidence: Span
    reported_by: str | None = None
    date: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    posts: dict[str, Post] = field(default_factory=dict)
    tenures: list[Tenure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def spans(self) -> list[Span | Mention | TimeExpression | Sentence]:
        """Every record that carries a span (for the offsets invariant)."""
        out: list[Any] = [*self.sentences, *self.mentions, *self.times]
        out += [t.evidence for t in self.tenures]
        for e in self.events:
            out += [e.evidence, *e.extra_evidence]
        out += [m.evidence for m in self.event_mentions]
        out += [c.evidence for c in self.claims]
        return out


def span(text: str, start: int, end: int) -> Span:
    """A Span over ``text[start:end]`` (clamped to the text) with surrounding white space trimmed."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])
