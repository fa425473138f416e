"""Posts and tenures: whose office a title names, and the state a person serves.

An office qualified in the text ("Russian", "U.S.", "IAEA", "Russia's") belongs to that state or
body. An unqualified state office ("President Donald Trump", "Deputy Foreign Minister Sergei
Ryabkov") is placed, in order, by the person's known state (reference data), by an office that only
one state has (``SOLE_OWNER``), by a state named before it in its sentence, in the previous sentence,
after it in its sentence, then by the state of the dateline, else the state the article names most,
leaving out a state whose same office the sentence names with a qualifier ("Soviet President").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.extract.gazetteer import EntityTable, Gazetteer
from kg.extract.records import Post, Span, Tenure
from kg.iris import slugify
from kg.reference import surface_titles

STATE_OFFICES = frozenset(
    {
        "President",
        "Prime Minister",
        "Leader",
        "Chancellor",
        "Secretary of State",
        "Foreign Secretary",
        "Vice President",
        "King",
        "Premier",
        "Senator",
        "National Security Advisor",
    }
)
# Offices that, unqualified, name one state's office in English-language news.
SOLE_OWNER = {
    office: "united-states"
    for office in (
        "Secretary of State",
        "Secretary of Defense",
        "Deputy Secretary of State",
        "Under Secretary of State",
        "Assistant Secretary of State",
    )
}
# States whose capital named the Soviet Union's government before 1992.
SOVIET_ERA = {"RUS": "soviet-union"}
SOVIET_END = dt.date(1991, 12, 26)
# A story filed from the United Nations: "UNITED NATIONS - ".
AT_THE_UN = re.compile(r"\s*(?:UNITED\s+NATIONS|U\.N\.)\s*(?:\([^)]*\)\s*)?[-\u2013\u2014]")
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|to|from|with|against|told|near)\s+(?:the\s+|a\s+|an\s+)?$")


class PostOwners:
    """Mixin of :class:`kg.extract.people.People`: post records, tenures and the owner of an office."""

    t: EntityTable
    gaz: Gazetteer
    text: str
    body_start: int
    normalise: Any
    post_label: Any
    published: dt.date | None
    posts: dict[str, Post]
    tenures: list[Tenure]
    holders: dict[str, list[str]]

    def owner(
        self, qualifier: str, qstart: int, office: str, pos: int, person: str | None = None
    ) -> str | None:
        """The state or body a post belongs to: its qualifier ("Russian", "U.S.", "IAEA") or the context."""
        q = qualifier.strip()
        if q:
            qpos = self.text.rfind(q, qstart, pos)
            inside = [
                m
                for m in self.t.sorted_mentions()
                if qpos >= 0
                and qpos <= m.start
                and m.end <= qpos + len(q)
                and m.entity.split("/")[0] in ("state", "organization")
            ]
            if inside:
                return inside[-1].entity
            q = q.removesuffix("'s").removesuffix("\u2019s")
            hits = [e for e in self.gaz.reference.lookup(q) if e.kind in ("state", "organization")]
            if hits:
                return self.t.add_ref(hits[0])
        state_office = (
            office in STATE_OFFICES or office in SOLE_OWNER or "Minister" in office or "Ambassador" in office
        )
        want = ("state",) if state_office else ("organization", "state")
        if state_office:
            known = self.person_state(person) if person else None
            sole = SOLE_OWNER.get(office)
            ref = self.gaz.reference.get("state", sole) if sole else None
            if known or ref:
                return known or self.t.add_ref(ref)
        sid = self.t.sentence_at(pos)
        # "President George Bush and Soviet President Mikhail Gorbachev": not the Soviet Union's
        others = self._qualified_elsewhere(office, sid) if state_office else set()
        ok = [
            m
            for m in self.t.sorted_mentions()
            if m.entity.split("/")[0] in want
            and m.entity not in others
            and m.how != "dateline"
            and not self._is_qualifier(m)
            and (
                m.entity.startswith("organization/")
                or not LOCATIVE_BEFORE.search(self.text[max(0, m.start - 12) : m.start])
            )
        ]
        groups = (
            [m for m in ok if m.sentence == sid and m.start < pos],
            [m for m in ok if m.sentence == sid - 1],
            [m for m in ok if m.sentence == sid and m.start > pos],
        )
        for cands in groups:
            for kind in want:
                for m in cands:
                    if m.entity.startswith(kind):
                        return m.entity
        if not state_office:
            return None
        home = self.dateline_state()
        if home and home not in others:
            return home
        counts: dict[str, int] = {}
        for m in ok:
            if m.entity.startswith("state/") and m.entity not in others:
                counts[m.entity] = counts.get(m.entity, 0) + 1
        return max(counts, key=lambda k: counts[k]) if counts else None

    def _qualified_elsewhere(self, office: str, sid: int) -> set[str]:
        """States whose same office the sentence names with a qualifier ("Soviet President")."""
        sent = next((x for x in self.t.sentences if x.index == sid), None)
        if sent is None:
            return set()
        out = set()
        for m in re.finditer(
            r"([A-Z][\w.]+)\s+" + re.escape(office) + r"\b", self.text[sent.start : sent.end]
        ):
            hits = [e for e in self.gaz.reference.lookup(m.group(1)) if e.kind == "state"]
            if hits:
                out.add(f"state/{hits[0].slug}")
        return out

    def _is_qualifier(self, m: Any) -> bool:
        after = self.text[m.end : m.end + 40]
        return bool(
            re.match(
                r"\s+(?:[A-Z][a-z]+\s+){0,2}(?:President|Prime Minister|Foreign Minister|leader|Secretary)\b",
                after,
            )
        )

    def _state_key(self, slug: str, add: bool = True) -> str | None:
        key = f"state/{slug}"
        if key in self.t.entities or not add:
            return key if key in self.t.entities else None
        ref = self.gaz.reference.get("state", slug)
        return self.t.add_ref(ref) if ref else None

    def person_state(self, person: str, add: bool = True) -> str | None:
        """The state a known person served (reference data ``state``); with ``add=False`` only a named one."""
        ent = self.t.entities.get(person)
        value = str(ent.data.get("state") or "") if ent else ""
        if not value:
            return None
        return self._state_key(value.split(":")[-1], add)

    def dateline_state(self) -> str | None:
        """The state of the dateline city ("MOSCOW -" is Russia, or the Soviet Union before 1992)."""
        for m in self.t.sorted_mentions():
            if m.how != "dateline":
                continue
            code = str(self.t.entities[m.entity].data.get("country") or "")
            if self.published and self.published < SOVIET_END and code in SOVIET_ERA:
                return self._state_key(SOVIET_ERA[code])
            states = [e for e in self.gaz.reference.of_kind("state") if e.data.get("alpha3") == code]
            return self._state_key(states[0].slug) if states and code else None
        return None

    def add_post(self, person: str, office: str, owner: str | None, ev: Span) -> None:
        """Record a post and the person's tenure in it."""
        if owner is None:
            return
        called = set()
        if office == "Ambassador" and AT_THE_UN.match(self.text, self.body_start):
            # "China's ambassador, Wang Guangya" in a story from the United Nations: its envoy there, also
            # called what the article calls it
            office = self.normalise("permanent representative to the UN") or office
            called = set(re.findall(r"\b[Aa]mbassador\b", ev.exact)[:1])
        ent = self.t.entities[owner]
        of_label = ent.data.get("of_label") or ent.label
        label = self.post_label(office, of_label)
        slug = slugify(label)
        ref = self.gaz.reference.get("post", slug)
        key = f"post/{slug}"
        if key not in self.posts:
            self.posts[key] = Post(
                key, office, owner, ref.label if ref else label, slug, str(ref.iri) if ref else None
            )
        self.posts[key].aliases.update(surface_titles(ev.exact, office), called)
        if key not in self.holders.setdefault(person, []):
            self.holders[person].append(key)
            self.tenures.append(Tenure(person, key, ev))

    def state_of(self, person: str) -> str | None:
        """The state a person serves: their first post in a state, else their known state."""
        for p in self.holders.get(person, []):
            owner = self.posts[p].of
            if owner and owner.startswith("state/"):
                return owner
            if owner:
                part = self.t.entities[owner].data.get("part_of")
                if part and str(part).startswith("state"):
                    return self._state_key(str(part).replace(":", "/").split("/")[-1])
        if self.holders.get(person):
            return None
        return self.person_state(person, add=False)

    def body_of(self, person: str) -> str | None:
        """The international body a person acts for: the holder of their first post, when that is an
        organisation of no state ("IAEA Director General Rafael Grossi" acts for the IAEA)."""
        for p in self.holders.get(person, [])[:1]:
            owner = self.posts[p].of
            ent = self.t.entities.get(owner or "")
            if owner and owner.startswith("organization/") and ent and not ent.data.get("part_of"):
                return owner
        return None

    def _its(self, pos: int) -> str | None:
        orgs = [m for m in self.t.sorted_mentions() if m.end <= pos and m.entity.startswith("organization/")]
        return orgs[-1].entity if orgs else None
