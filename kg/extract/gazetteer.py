"""The reference data as a gazetteer: surface forms compiled into one scanner, plus entity bookkeeping.

``EntityTable`` collects the entities and mentions of one article; reference entities keep their IRI,
new ones get ``<kind>/<slug>`` keys that ``kg.rdf`` mints IRIs for.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from kg.extract.records import Entity, Mention, Sentence
from kg.iris import slugify

KIND_CLASS = {
    "state": "State",
    "person": "Person",
    "organization": "Organization",
    "place": "Place",
    "treaty": "Treaty",
    "post": "Post",
}
SCAN_KINDS = ("state", "organization", "treaty", "person", "place")


@dataclass(frozen=True)
class Form:
    """One gazetteer entry."""

    surface: str
    ref: Any  # kg.reference.RefEntity
    how: str
    ambiguous: bool = False
    common_word: bool = False


class Gazetteer:
    """Surface forms of the reference entities, scanned longest first, case-sensitively."""

    def __init__(self, reference: Any) -> None:
        self.reference = reference
        forms: list[Form] = []
        if hasattr(reference, "surface_form_records"):
            for f in reference.surface_form_records():
                forms.append(Form(f.surface, f.entity, f.how, bool(f.ambiguous), bool(f.common_word)))
        else:
            for surface, ent, how in reference.surface_forms():
                amb = surface in (getattr(ent, "data", {}) or {}).get("ambiguous", ())
                forms.append(Form(surface, ent, how, amb))
        self.by_surface: dict[str, list[Form]] = {}
        for f in forms:
            if f.ref.kind in SCAN_KINDS and len(f.surface) >= 2:
                self.by_surface.setdefault(f.surface, []).append(f)
        surfaces = sorted(self.by_surface, key=lambda s: (-len(s), s))
        alternation = "|".join(re.escape(s) for s in surfaces) or "(?!)"
        self.pattern = re.compile(r"(?<![\w\-])(?:" + alternation + r")(?![\w\-]|\.\w)")

    def forms(self, surface: str) -> list[Form]:
        """The entries for an exact surface form."""
        return self.by_surface.get(surface, [])

    def lookup(self, surface: str, kinds: tuple[str, ...] = SCAN_KINDS) -> list[Any]:
        """Reference entities for a surface (case-insensitive fallback via Reference.lookup)."""
        return [e for e in self.reference.lookup(surface) if e.kind in kinds]


@functools.lru_cache(maxsize=4)
def gazetteer_for(reference: Any) -> Gazetteer:
    """The gazetteer of a reference (built once per Reference object)."""
    return Gazetteer(reference)


def class_name(c: Any) -> str:
    """Local ontology class name of an IRI or name ("...#State" -> "State")."""
    return str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class EntityTable:
    """Entities and mentions of one article, with overlap bookkeeping."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.sentences = sentences
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self._taken: list[tuple[int, int]] = []
        self._sorted: list[Mention] | None = None

    def free(self, start: int, end: int) -> bool:
        """True when no recorded mention overlaps ``[start, end)``."""
        return not any(start < e and s < end for s, e in self._taken)

    def add_ref(self, ref: Any) -> str:
        """Register a reference entity; returns its key."""
        key = f"{ref.kind}/{ref.slug}"
        if key not in self.entities:
            classes = tuple(class_name(c) for c in (ref.classes or ())) or (KIND_CLASS[ref.kind],)
            self.entities[key] = Entity(
                key=key,
                kind=ref.kind,
                slug=ref.slug,
                label=ref.label,
                classes=classes,
                iri=str(ref.iri),
                qid=ref.qid,
                known=True,
                data=dict(ref.data or {}),
            )
        return key

    def add_new(self, kind: str, label: str, classes: tuple[str, ...] = (), **data: Any) -> str:
        """Register an entity the reference does not know; returns its key."""
        slug = slugify(label)
        key = f"{kind}/{slug}"
        if key not in self.entities:
            self.entities[key] = Entity(
                key=key, kind=kind, slug=slug, label=label, classes=classes or (KIND_CLASS[kind],), data=data
            )
        return key

    def sentence_at(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (-1 outside every sentence)."""
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s.index
        return -1

    def mention(self, key: str, start: int, end: int, how: str, *, claim: bool = True) -> Mention:
        """Record a mention of ``key`` at ``[start, end)`` and its surface as an alias."""
        m = Mention(key, start, end, self.text[start:end], how, self.sentence_at(start))
        self.mentions.append(m)
        self._sorted = None
        if claim:
            self._taken.append((start, end))
        ent = self.entities[key]
        if m.exact != ent.label:
            ent.aliases.add(m.exact)
        return m

    def release(self, start: int, end: int, kinds: tuple[str, ...]) -> bool:
        """Drop the mentions inside ``[start, end)`` when all are of ``kinds``; True when the span is free."""
        inside = [m for m in self.mentions if start < m.end and m.start < end]
        if any(m.start < start or m.end > end or m.entity.split("/")[0] not in kinds for m in inside):
            return False
        self.mentions = [m for m in self.mentions if m not in inside]
        self._taken = [(a, b) for a, b in self._taken if not (start < b and a < end)]
        self._sorted = None
        return True

    def mentions_of(self, key: str) -> list[Mention]:
        """Mentions of one entity in text order."""
        return sorted((m for m in self.mentions if m.entity == key), key=lambda m: m.start)

    def sorted_mentions(self) -> list[Mention]:
        """All mentions in text order (cached until the next mention is recorded)."""
        if self._sorted is None:
            self._sorted = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        return self._sorted
