"""Events from trigger lexicons over each sentence: type, agents, treaty, places, date, stance.

README "Events": treaty acts typed by their outcome, speech acts typed by content (RejectionOfTalks,
Pledge) or Statement, acts known only from someone's assertion kept as Attributed with a claim, and
future/possible/negated acts kept as EventMentions, never events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.claims import QUOTE, Attribution, agent_mentions, subject
from kg.extract.dates import is_deadline
from kg.extract.gazetteer import EntityTable
from kg.extract.records import Event, EventMention, Sentence, TimeExpression, span
from kg.extract.triggers import COMPILED, CONDITION, WEAPONS, clause_start, modality

NEEDS_AGENT = frozenset(
    {
        "Signing",
        "Ratification",
        "Accession",
        "Withdrawal",
        "Suspension",
        "Announcement",
        "Pledge",
        "Compliance",
        "Negotiation",
        "Deployment",
        "Production",
        "WeaponsTest",
        "RejectionOfTalks",
        "Statement",
    }
)
TREATY_TYPES = frozenset(
    {
        "Signing",
        "Ratification",
        "Accession",
        "Withdrawal",
        "Suspension",
        "Announcement",
        "EntryIntoForce",
        "Expiry",
        "Extension",
        "Negotiation",
        "Compliance",
    }
)
SPEECH_TYPES = frozenset({"RejectionOfTalks", "Pledge", "Announcement"})
UNNAMED_DEAL = re.compile(
    r"\b(?:a|an)\s+(?:new\s+|comprehensive\s+|\w+\s+)?(?P<head>framework|memorandum|agreement|"
    r"accord|deal|road\s+map|plan)\b"
)


@dataclass
class Hit:
    """One trigger occurrence in a sentence."""

    type: str
    start: int
    end: int
    flags: frozenset[str]
    modality: str | None = None
    agents: list[str] = field(default_factory=list)


def find_hits(text: str, s: Sentence) -> list[Hit]:
    """Non-overlapping triggers of a sentence, earlier lexicon entries first."""
    hits: list[Hit] = []
    for etype, rx, flags in COMPILED:
        for m in rx.finditer(text, s.start, s.end):
            if any(m.start() < h.end and h.start < m.end() for h in hits):
                continue
            if "object" in flags and not WEAPONS.search(text, m.end(), min(s.end, m.end() + 40)):
                continue
            hits.append(
                Hit(etype, m.start(), m.end(), flags, modality(text, s.start, m.start(), m.end(), flags))
            )
    return sorted(hits, key=lambda h: h.start)


class EventBuilder:
    """Builds the events of an article sentence by sentence."""

    def __init__(
        self,
        table: EntityTable,
        times: list[TimeExpression],
        state_of: dict[str, str],
        attributions: dict[int, Attribution],
    ) -> None:
        self.t, self.text, self.times = table, table.text, times
        self.state_of, self.attr = state_of, attributions
        self.events: list[Event] = []
        self.mentions: list[EventMention] = []
        self.claims: list[tuple[Event, Attribution]] = []

    # -------------------------------------------------------------- roles
    def agents(self, s: Sentence, h: Hit, prev: list[str]) -> list[str]:
        """Who performs the act: a "by ..." or "between ..." phrase, else the clause subject group."""
        text = self.text
        after = text[h.end : s.end]
        if h.type == "EntryIntoForce":
            fm = re.match(r"\s+for\s+", after)
            group = agent_mentions(self.t, h.end, s.end)
            return [group[0].entity] if fm and group and group[0].start == h.end + fm.end() else []
        if text[h.start : h.end].startswith("received"):
            pledges = [e for e in self.events if e.type == "Pledge" and e.agents]
            return list(pledges[-1].agents) if pledges else []
        by = re.match(r"(?:[^;]{0,60}?)\b(?:by|between)\s+", after)
        if (
            by
            and h.type in ("Signing", "Announcement", "Ratification")
            and re.search(r"\b(?:was|were|been)?\s*\w*(?:ed|ded)?$", text[s.start : h.end])
        ):
            lo = h.end + by.end()
            group = [m for m in agent_mentions(self.t, lo, s.end) if m.start < lo + 120]
            if group and group[0].start - lo < 40:
                return self._expand(self._coordinated(group, lo))
        cs = clause_start(text, s.start, h.start)
        cands = agent_mentions(self.t, cs, h.start)
        if not cands and re.search(r"\bthat\s*$", text[s.start : cs]):
            cands = agent_mentions(self.t, s.start, cs)[-1:]
        if not cands:
            bare = re.fullmatch(
                r"[\s,]*(?:(?:has|have|had|already|also|then|and|but|not|only|is|was|were|are|it|they|"
                r"subsequently|later|now)\s+)*",
                text[cs : h.start],
            )
            return list(prev) if bare else []
        subj = subject(self.t, cs, h.start)
        if subj is None:
            return self._expand([m.entity for m in cands[-1:]])
        group = [m for m in cands if m.start >= subj.start]
        return self._expand(self._coordinated(group, subj.start))

    def _coordinated(self, group: list, lo: int) -> list[str]:
        """The first mention and those joined to it by "and", commas or dashes."""
        out, end = [], lo
        for m in group:
            gap = self.text[end : m.start]
            if out and not re.fullmatch(
                r"[\s,\-\u2013]*(?:and\s+|&\s+)?(?:the\s+)?(?:[\w.\-]+\s+){0,5}", gap
            ):
                break
            if out and re.search(r"\b(?:told|with|against|to|of|in|at|from|by)\b", gap):
                break
            out.append(m.entity)
            end = m.end
        return out

    def _expand(self, keys: list[str]) -> list[str]:
        out: list[str] = []
        for k in keys:
            part = str(self.t.entities[k].data.get("part_of") or "") if k in self.t.entities else ""
            state = self.state_of.get(k) or (part.replace(":", "/") if part.startswith("state") else None)
            if state and state not in self.t.entities:
                state = None
            for x in (k, state):
                if x and x not in out:
                    out.append(x)
        return out

    def treaty(self, s: Sentence, h: Hit, arms: bool) -> str | None:
        """The treaty of an act: a deal named next, one named in the sentence, else the salient one."""
        ms = [
            m
            for m in self.t.sorted_mentions()
            if m.entity.startswith("treaty/") and s.start <= m.start < s.end
        ]
        if h.type in ("Signing", "Pledge"):
            d = UNNAMED_DEAL.search(self.text, h.start, min(s.end, h.end + 25)) or UNNAMED_DEAL.search(
                self.text, max(s.start, h.start - 25), min(s.end, h.end)
            )
            if d and not any(h.end <= m.start <= h.end + 40 for m in ms):
                head = d.group("head")
                nxt = [
                    m
                    for m in self.t.sorted_mentions()
                    if m.entity.startswith("treaty/")
                    and s.end <= m.start
                    and m.how != "anaphor"
                    and self.t.sentence_at(m.start) <= s.index + 2
                    and (head not in ("memorandum", "framework") or head in m.exact.lower())
                ]
                if nxt:
                    return nxt[0].entity
                if (
                    arms
                    and h.type == "Signing"
                    and head in ("framework", "memorandum", "agreement", "accord")
                ):
                    key = self.t.add_new("treaty", head)
                    self.t.mention(key, d.start("head"), d.end("head"), "label", claim=False)
                    return key
                return None
        if ms:
            after = [m for m in ms if m.start >= h.start]
            return (
                (after or ms)[0].entity
                if after and after[0].start - h.end < 80
                else min(ms, key=lambda m: abs(m.start - h.start)).entity
            )
        if h.type in TREATY_TYPES or h.type in ("Pledge", "Statement"):
            return self.salient_treaty(h.start)
        return None

    def places(self, s: Sentence, h: Hit) -> list[str]:
        """Places "in"/"at" the act's sentence (never the dateline)."""
        out = []
        for m in self.t.sorted_mentions():
            kind = m.entity.split("/")[0]
            if not (s.start <= m.start < s.end) or m.how == "dateline":
                continue
            before = self.text[max(s.start, m.start - 20) : m.start]
            if kind == "place" and re.search(r"\b(?:in|at)\s+(?:the\s+|a\s+)?(?:\w+\s+)?$", before):
                out.append(m.entity)
            elif (
                kind == "state"
                and h.type == "Deployment"
                and m.start > h.end
                and re.search(r"\b(?:in|and)\s+(?:the\s+)?$", before)
            ):
                out.append(m.entity)
        return list(dict.fromkeys(out))

    def date(self, s: Sentence, h: Hit, hits: list[Hit]) -> str | None:
        """The time expression of the act's stretch of the sentence (after it first, then before it)."""
        i = hits.index(h)
        lo = hits[i - 1].end if i else s.start
        hi = hits[i + 1].start if i + 1 < len(hits) else s.end
        inside = [t for t in self.times if lo <= t.start < hi and t.value and not is_deadline(self.text, t)]
        after = [t for t in inside if t.start >= h.end and t.kind != "offset"]
        before = [t for t in inside if t.end <= h.start]
        pick = after[0] if after else (before[-1] if before else None)
        if pick is None and s.index > 0:
            prev = self.t.sentences[s.index - 1]
            if prev.paragraph == s.paragraph and not any(e.sentence == prev.index for e in self.events):
                anchors = [
                    t
                    for t in self.times
                    if prev.start <= t.start < prev.end and t.kind == "anchor" and t.value
                ]
                pick = anchors[-1] if anchors else None
        return pick.value if pick else None

    # -------------------------------------------------------------- sentences
    def sentence(self, s: Sentence, arms: bool) -> None:
        """Events, mentions and claims of one sentence."""
        text = self.text
        hits = find_hits(text, s)
        att = self.attr.get(s.index)
        content_hits = [h for h in hits if att and att.content[0] <= h.start < att.content[1]]
        prev: list[str] = []
        made: list[Event] = []
        quotes = [(q.start(), q.end()) for q in QUOTE.finditer(text, s.start, s.end)]
        for h in hits:
            if h.type == "Statement" and att and not att.according:
                continue
            if h.type not in ("RejectionOfTalks", "Pledge", "Compliance") and any(
                a < h.start < b for a, b in quotes
            ):
                continue
            ev_span = span(text, s.start, s.end)
            if h.modality:
                self.mentions.append(EventMention(h.type, h.modality, ev_span, tuple(prev)))
                continue
            agents = self.agents(s, h, prev)
            in_content = h in content_hits
            speech_act = att is not None and (
                h.type in SPEECH_TYPES and (in_content or att.verb_start <= h.start < att.verb_end + 2)
            )
            if speech_act and att is not None and not att.according:
                agents = self._expand([att.speaker]) + [
                    a for a in agents if a not in self._expand([att.speaker])
                ]
            treaty = self.treaty(s, h, arms)
            deal = h.type == "Signing" and arms and UNNAMED_DEAL.search(text, h.start, min(s.end, h.end + 25))
            if (
                h.type
                in (
                    "Signing",
                    "Ratification",
                    "Accession",
                    "Withdrawal",
                    "Suspension",
                    "EntryIntoForce",
                    "Expiry",
                    "Extension",
                )
                and treaty is None
                and not deal
            ):
                continue
            ev = Event(
                key="",
                type=h.type,
                evidence=ev_span,
                sentence=s.index,
                agents=agents,
                treaty=treaty,
                places=self.places(s, h),
                date=self.date(s, h, hits),
            )
            cond = CONDITION.search(text, h.end, s.end)
            if cond and h.type == "Pledge":
                ev.condition = cond.group(0).strip().rstrip(".,")
            if att and (in_content or att.according) and not speech_act:
                ev.stance = "Attributed"
                ev.evidence = span(text, max(s.start, att.content[0]), min(s.end, att.content[1]))
                self.claims.append((ev, att))
            if speech_act:
                ev.speech = True
                if h.type == "RejectionOfTalks":
                    self.claims.append((ev, att))
            self.events.append(ev)
            made.append(ev)
            prev = [a for a in agents if not a.startswith("person/")] or agents
        if att and not att.according and not any(e.speech or e.stance == "Attributed" for e in made) and arms:
            self._statement(s, att, hits)

    def _statement(self, s: Sentence, att: Attribution, hits: list[Hit]) -> None:
        ms = [
            m
            for m in self.t.sorted_mentions()
            if m.entity.startswith("treaty/") and s.start <= m.start < s.end
        ]
        treaty = ms[0].entity if ms else self.salient_treaty(s.start)
        speaker_kind = att.speaker.split("/")[0]
        agents = [att.speaker] if speaker_kind == "person" else self._expand([att.speaker])
        quotes = [(q.start(), q.end()) for q in QUOTE.finditer(self.text, s.start, s.end)]
        inside = [
            t
            for t in self.times
            if s.start <= t.start < s.end
            and t.value
            and t.kind != "offset"
            and not any(a <= t.start < b for a, b in quotes)
            and not is_deadline(self.text, t)
        ]
        ev = Event(
            key="",
            type="Statement",
            evidence=span(self.text, s.start, s.end),
            sentence=s.index,
            agents=agents,
            treaty=treaty,
            date=inside[0].value if inside else None,
            speech=True,
        )
        self.events.append(ev)
        self.claims.append((ev, att))

    def salient_treaty(self, pos: int) -> str | None:
        """The treaty the article has named most often before ``pos`` (the first one named breaks ties)."""
        score: dict[str, float] = {}
        for i, m in enumerate(
            x for x in self.t.sorted_mentions() if x.entity.startswith("treaty/") and x.start < pos
        ):
            score[m.entity] = score.get(m.entity, 0) + 1 + (1 if i == 0 else 0) + m.start / 1e9
        return max(score, key=lambda k: score[k]) if score else None
