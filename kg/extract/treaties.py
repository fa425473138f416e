"""The treaty an act is about: a deal named next to it, one named in its sentence, else the salient one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.clauses import DEAL_ADJECTIVES, RELATIVE_GAP, TREATY_TYPES, UNNAMED_DEAL, Hit
from kg.extract.records import Sentence

if TYPE_CHECKING:
    from kg.extract.events import EventBuilder


def treaty_of(b: EventBuilder, s: Sentence, h: Hit, arms: bool) -> str | None:
    """The treaty of an act: a deal named next, one named in the sentence, else the salient one."""
    ms = [m for m in b.t.sorted_mentions() if m.entity.startswith("treaty/") and s.start <= m.start < s.end]
    if h.type in ("Signing", "Pledge", "Negotiation"):
        d = UNNAMED_DEAL.search(b.text, h.start, min(s.end, h.end + 40)) or UNNAMED_DEAL.search(
            b.text, max(s.start, h.start - 25), min(s.end, h.end)
        )
        if d and not any(h.end <= m.start <= h.end + 40 for m in ms):
            head = d.group("head")
            nxt = [
                m
                for m in b.t.sorted_mentions()
                if m.entity.startswith("treaty/")
                and s.end <= m.start
                and m.how != "anaphor"
                and b.t.sentence_at(m.start) <= s.index + 3
                and head.split()[-1].lower() in m.exact.lower()
            ]
            if nxt:
                return nxt[0].entity
            if (
                arms
                and h.type == "Signing"
                and head.split()[-1].lower() in ("framework", "memorandum", "agreement", "accord")
            ):
                mod = d.group("mod") or ""
                key = b.t.add_new("treaty", (mod + head) if mod.strip() not in DEAL_ADJECTIVES else head)
                b.t.mention(key, d.start("head"), d.end("head"), "label", claim=False)
                return key
            return None
    antecedent = [m for m in ms if m.end <= h.start and RELATIVE_GAP.fullmatch(b.text, m.end, h.start)]
    if antecedent:
        return antecedent[-1].entity
    if ms:
        after = [m for m in ms if m.start >= h.start]
        return (
            (after or ms)[0].entity
            if after and after[0].start - h.end < 80
            else min(ms, key=lambda m: abs(m.start - h.start)).entity
        )
    if h.type in TREATY_TYPES or h.type in ("Pledge", "Statement"):
        return b.salient_treaty(h.start)
    return None
