"""The reference data model: curated entities and the lookup/gazetteer over their surface forms.

See docs/model.md ("Reference data"). A :class:`Reference` is immutable once built; ``load_reference``
in :mod:`kg.reference.loader` builds one from the data files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from rdflib import Graph, URIRef

from kg.errors import TreatygraphError
from kg.namespaces import DEFAULT_BASE

KIND_ORDER = ("state", "organization", "treaty", "person", "post", "place")
HOW_ORDER = ("label", "alias", "acronym", "demonym", "metonym")
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s?$")


class ReferenceDataError(TreatygraphError):
    """The shipped reference data is inconsistent (duplicate slug, unknown reference, bad code)."""


@dataclass(frozen=True)
class RefEntity:
    """One curated entity: a state, organization, treaty, place, post or person."""

    iri: URIRef
    kind: str
    slug: str
    label: str
    classes: tuple[URIRef, ...]
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    qid: str | None = None
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)

    def how(self, surface: str) -> str | None:
        """How ``surface`` denotes this entity: "label", "alias", "acronym", "metonym", "demonym" or None."""
        key = normalise_surface(surface)
        if key == normalise_surface(self.label):
            return "label"
        if key in {normalise_surface(m) for m in self.data.get("metonyms", ())}:
            return "metonym"
        if key in {normalise_surface(d) for d in (*self.demonyms, *self.data.get("plurals", ()))}:
            return "demonym"
        for alias in self.aliases:
            if key == normalise_surface(alias):
                return "acronym" if is_acronym(alias) else "alias"
        return None

    def is_ambiguous(self, surface: str) -> bool:
        """True when the data flags ``surface`` as also denoting something else (needs context)."""
        key = normalise_surface(surface)
        return key in {normalise_surface(s) for s in self.data.get("ambiguous_forms", ())}

    def is_common_word(self, surface: str) -> bool:
        """True when ``surface`` is also an ordinary word or first name ("Turkey", "Chad", "Jordan")."""
        key = normalise_surface(surface)
        return key in {normalise_surface(s) for s in self.data.get("common_word_forms", ())}


class SurfaceForm(NamedTuple):
    """One gazetteer entry with its flags."""

    surface: str
    entity: RefEntity
    how: str
    ambiguous: bool
    common_word: bool


def normalise_surface(text: str) -> str:
    """Lookup key: NFC, straight quotes, single spaces, no leading "the" ("the  Kremlin" -> "Kremlin")."""
    text = " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())
    stripped = _LEADING_THE.sub("", text)
    return stripped or text


def is_acronym(text: str) -> bool:
    """True for acronym-like forms: no lower-case letter, no space, two capitals ("U.S.", "NATO", "P5+1")."""
    return " " not in text and not any(c.islower() for c in text) and sum(c.isupper() for c in text) >= 2


def _sort_key(item: tuple[RefEntity, str]) -> tuple[int, int, str]:
    entity, how = item
    return (HOW_ORDER.index(how), KIND_ORDER.index(entity.kind), entity.slug)


class Reference:
    """The curated reference entities with lookup by kind/slug, IRI and surface form."""

    def __init__(self, entities: Iterable[RefEntity], base: str = DEFAULT_BASE) -> None:
        self.entities: tuple[RefEntity, ...] = tuple(entities)
        self.base = base
        self._by_key: dict[tuple[str, str], RefEntity] = {}
        self._by_iri: dict[str, RefEntity] = {}
        for entity in self.entities:
            key = (entity.kind, entity.slug)
            if key in self._by_key:
                raise ReferenceDataError(f"duplicate reference slug {entity.kind}/{entity.slug}")
            self._by_key[key] = entity
            self._by_iri[str(entity.iri)] = entity
        self._forms = self._build_forms()
        self._exact: dict[str, list[tuple[RefEntity, str]]] = {}
        self._folded: dict[str, list[tuple[RefEntity, str]]] = {}
        for form in self._forms:
            key = normalise_surface(form.surface)
            _add(self._exact, key, (form.entity, form.how))
            if not is_acronym(form.surface):
                _add(self._folded, key.casefold(), (form.entity, form.how))

    def _build_forms(self) -> list[SurfaceForm]:
        forms: dict[tuple[str, str, str], SurfaceForm] = {}
        for entity in self.entities:
            surfaces = [entity.label, *entity.data.get("metonyms", ()), *entity.aliases, *entity.demonyms]
            surfaces += entity.data.get("plurals", ())
            for surface in surfaces:
                how = entity.how(surface)
                ident = (surface, entity.kind, entity.slug)
                if how is None or ident in forms:
                    continue
                forms[ident] = SurfaceForm(
                    surface, entity, how, entity.is_ambiguous(surface), entity.is_common_word(surface)
                )
        return sorted(
            forms.values(), key=lambda f: (-len(f.surface), f.surface, f.entity.kind, f.entity.slug)
        )

    def get(self, kind: str, slug: str) -> RefEntity | None:
        """The entity of that kind and slug, or None."""
        return self._by_key.get((kind, slug))

    def by_iri(self, iri: str) -> RefEntity | None:
        """The entity with that IRI, or None."""
        return self._by_iri.get(str(iri))

    def of_kind(self, kind: str) -> tuple[RefEntity, ...]:
        """All entities of one kind, in data order."""
        return tuple(e for e in self.entities if e.kind == kind)

    def lookup_how(self, surface: str) -> list[tuple[RefEntity, str]]:
        """Like :meth:`lookup`, with how each candidate is denoted (label first, metonyms last)."""
        key = normalise_surface(surface)
        hits = self._exact.get(key, [])
        letters = [c for c in key if c.isalpha()]
        if not hits and (" " in key or (letters and key.upper() == key)):
            hits = self._folded.get(key.casefold(), [])
        if not hits and _POSSESSIVE.search(key):
            base = _POSSESSIVE.sub("", key)
            return self.lookup_how(base) if base != key else []
        best: dict[tuple[str, str], tuple[RefEntity, str]] = {}
        for entity, how in sorted(hits, key=_sort_key):
            best.setdefault((entity.kind, entity.slug), (entity, how))
        return sorted(best.values(), key=_sort_key)

    def lookup(self, surface: str) -> list[RefEntity]:
        """Entities whose label, alias or demonym is ``surface`` (several candidates are possible)."""
        return [entity for entity, _ in self.lookup_how(surface)]

    def is_ambiguous(self, surface: str) -> bool:
        """True when ``surface`` names several entities or is flagged ambiguous for one of them."""
        hits = self.lookup(surface)
        return len(hits) > 1 or any(e.is_ambiguous(surface) for e in hits)

    def surface_forms(self) -> list[tuple[str, RefEntity, str]]:
        """(surface, entity, how) for every label, alias and demonym, longest surface first."""
        return [(f.surface, f.entity, f.how) for f in self._forms]

    def surface_form_records(self) -> list[SurfaceForm]:
        """The gazetteer with ambiguity and common-word flags, longest surface first."""
        return list(self._forms)

    def to_graph(self) -> Graph:
        """The RDF for the reference named graph (docs/model.md)."""
        from kg.reference.graph import reference_graph

        return reference_graph(self)


def _add(index: dict[str, list[tuple[RefEntity, str]]], key: str, item: tuple[RefEntity, str]) -> None:
    bucket = index.setdefault(key, [])
    if item not in bucket:
        bucket.append(item)
