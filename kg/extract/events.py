"""Events from trigger lexicons over each sentence: type, agents, treaty, places, date, stance.

README "Events": treaty acts typed by their outcome, speech acts typed by content (RejectionOfTalks,
Pledge) or Statement, acts known only from someone's assertion kept as Attributed with a claim, and
future/possible/negated acts kept as EventMentions, never events.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from kg.extract.claims import QUOTE, Attribution, agent_mentions, is_media, subject
from kg.extract.clauses import (
    BARE_SUBJECT,
    GERUND,
    GERUND_SUBJECT,
    NEEDS_AGENT,
    NOT_THE_TREATY,
    PASSIVE_BEFORE,
    PASSIVE_TYPES,
    RECORD_DESCRIPTION,
    REDUCED_RELATIVE,
    RELATIVE_OPENER,
    SAYING,
    SPEECH_TYPES,
    SUBORDINATE,
    UNNAMED_DEAL,
    Hit,
    distance,
    find_hits,
    names_administration,
    only_when,
)
from kg.extract.dates import after_event, is_deadline
from kg.extract.gazetteer import EntityTable
from kg.extract.records import Event, EventMention, Sentence, TimeExpression, span
from kg.extract.speech import OCCASION, OPEN_RELATIVE, make_statement, occasion_date, speech_date
from kg.extract.treaties import treaty_of
from kg.extract.triggers import ACT_VERB, CONDITION, PULL_OUT, clause_start

# "approved it", "voted for the bill": the object is the law reported before; "ratified it" is the treaty.
BILL_OBJECT = re.compile(
    r"(?![Rr]atif)(?:\w+\s+){1,2}?(?:it|them|the\s+(?:\w+\s+)?(?:bill|legislation|law))\b"
)
EVALUATIVE = re.compile(
    r"welcomed|praised|hailed|condemned|critici[sz]ed|regretted|denounced|called|described"
)
FACT_TYPES = frozenset(
    "Signing Ratification Accession Withdrawal Suspension EntryIntoForce Expiry Extension "
    "RatificationRevocation".split()
)
# A background clause inside reported content: "... since START I expired in December 2009".
PRESUPPOSED = re.compile(r"\b(?:since|after|before|when|until|once)\s+(?:[^,;:\"\u201c\u201d]*?\s)?$")
IN_THE_DEAL = re.compile(
    r"\s*(?:In|Under|Through)\s+(?P<deal>(?:the|that|this)\s+(?:protocol|accord|agreement|treaty|memorandum|"
    r"declaration|deal|pact|document))\b"
)
# "the two countries", "both sides": a pair of states named before.
PAIR_SUBJECT = re.compile(
    r"\b(?:[Tt]he\s+two|[Bb]oth)\s+(?:countries|sides|nations|governments|states|powers|parties)\b|"
    r"\b[Ee]ach\s+(?:country|side|nation|government|state|power|party)\b"
)
# An unqualified body of the acting government: "the Foreign Ministry said", "the Kremlin said".
GOVERNMENT_BODY = re.compile(r"\b(?:Ministry|Kremlin|White\s+House|Department|Office|Government|Cabinet)\b")
# "adopted by 158 votes to 3": a count, not the agent
BY_COUNT = re.compile(r"\d+\s*(?:votes?\s+)?(?:to|[-\u2013])\s*\d+")
# The speaker's own side as the subject of its remark: "said it", "said the country had"
SELF_REFERENCE = re.compile(r"\b(?:it|they|he|she|(?:the|his|her|its)\s+(?:country|nation))\b")
# Declaring oneself free of a treaty: the declaration is the withdrawal (shared/corpus/README.md, Events)
NO_LONGER_BOUND = re.compile(r"no\s+longer\s+\w+\s+itself|(?:is|was|are|were)\s+no\s+longer\s+bound")
# A treaty act said to come, or not ("Russia will leave the treaty", "India could not sign"): its notice
WILL_ACT = re.compile(
    r"\b(?:(?:will|would|shall)\s+(?:not\s+|never\s+)?|could\s+not\s+|cannot\s+|can't\s+|won't\s+)"
    r"(?:\w+ly\s+)?" + ACT_VERB + r"\s+(?:from\s+|out\s+of\s+|to\s+)?(?:the|its|this|that)\s+"
    r"(?:[\w-]+\s+){0,5}?(?:[Tt]reaty|[Cc]onvention|[Aa]greement|[Aa]ccord|pact|deal|[A-Z]{2,}\b)"
)
# A non-restrictive relative clause closed by a comma: ", which allows short-notice inspections,"
ASIDE = re.compile(r",\s+(?:(?:[a-z]+\s+){1,2}(?:which|whom|whose)|which|who|whom|whose)\b[^,;.]*,")
# What follows the speech verb of a trailing attribution: "said.", "said in a statement."
TRAILING_REPORT = re.compile(r"\w+(?:\s+(?:in|on|at|through)\s+[^.;]{0,60})?\s*[.!]?\s*")
# A second speech verb of the speaker's: "... and said he would", "... and told reporters that".
AND_SAID = re.compile(r"\band\s+(?=(?:said|told|announced|promised|insisted|stressed|declared)\b)")
# Between an owner and the noun of its act: "Washington's ", "the Soviet Union's last ", "a Soviet ".
OWNER_GAP = re.compile(r"(?:'s|\u2019s)?\s+(?:[a-z]+\s+)?")
# "between 1997 and 2017": a span, not two dates
RANGE_START = re.compile(r"\b(?:[Bb]etween|[Ff]rom)\s+(?:the\s+)?(?:(?:on|in)\s+)?$")
# "in 1974 and 1998": the second year after "and", which is no time expression of its own
BARE_YEAR_AFTER = re.compile(r"\s+and\s+(?:in\s+)?((?:1[89]|20)\d\d)\b(?!\s*[-\u2013/])")
LAW_TYPES = frozenset({"RatificationRevocation", "Withdrawal", "Suspension", "Extension", "Ratification"})

__all__ = ["NEEDS_AGENT", "EventBuilder", "find_hits"]


class EventBuilder:
    """Builds the events of an article sentence by sentence."""

    def __init__(
        self,
        table: EntityTable,
        times: list[TimeExpression],
        state_of: dict[str, str],
        attributions: dict[int, Attribution],
        body_of: dict[str, str] | None = None,
        add_state: Callable[[str], str | None] | None = None,
    ) -> None:
        self.t, self.text, self.times = table, table.text, times
        self.state_of, self.attr = state_of, attributions
        self.body_of = body_of or {}  # people who act for an international body, not a state
        # registers a state the article does not name ("The State Duma voted": Russia acts)
        self.add_state = add_state
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
        if h.type == "Negotiation":
            # "the conference opened on April 17": the body that opened is named in the trigger
            inside = [
                m for m in agent_mentions(self.t, h.start, h.end) if m.entity.startswith("organization/")
            ]
            if inside:
                return [inside[0].entity]
        att = self.attr.get(s.index)
        second = AND_SAID.search(text, max(s.start, h.start - 12), h.end)
        if att and not att.according and att.verb_end <= h.start and second and second.end() == h.start:
            # "Ban called the conference a success and said he would work ...": the speaker's second act
            return self.expand([att.speaker])
        if "owned" in h.flags:
            # "the Soviet Union's deployment of missiles": the owner named right before the noun
            owner = [
                m
                for m in agent_mentions(self.t, max(s.start, h.start - 80), h.start)
                if OWNER_GAP.fullmatch(text, m.end, h.start)
            ]
            return self.expand([owner[-1].entity]) if owner else []
        if text[h.start : h.end].startswith("received"):
            pledges = [e for e in self.events if e.type == "Pledge" and e.agents]
            return list(pledges[-1].agents) if pledges else []
        by = re.match(r"(?:[^;]{0,60}?)\b(?:by|between)\s+", after)
        if (
            by
            and h.type in ("Signing", "Announcement", "Ratification", "Negotiation")
            and re.search(r"\b(?:was|were|been)?\s*\w*(?:ed|ded)?$", text[s.start : h.end])
        ):
            lo = h.end + by.end()
            group = [m for m in agent_mentions(self.t, lo, s.end) if m.start < lo + 120]
            # "by U.S. President Bill Clinton", not "by 158 votes to 3, but India" (a count)
            if group and group[0].start - lo < 40 and not BY_COUNT.match(text, lo):
                return self.expand(self._coordinated(group, lo))
        cs = clause_start(text, s.start, h.start)
        if cs > s.start and text[cs - 1] in '"\u201c' and self._partial_quote(att, cs - 1):
            cs = clause_start(text, s.start, cs - 1)  # 'that the country had "conducted': its subject
        reported = bool(att and not att.according and cs <= att.verb_start and att.verb_end <= h.start)
        if att and reported:
            cs = att.verb_end  # "X said Pakistan conducted tests": the act's subject follows the verb
        cands = agent_mentions(self.t, cs, h.start)
        if att and reported and not cands and SELF_REFERENCE.search(text, cs, h.start):
            return self.expand([att.speaker])  # "North Korea said it (the country) carried out a test"
        if not cands and re.search(r"\bthat\s*$", text[s.start : cs]):
            cands = agent_mentions(self.t, s.start, cs)[-1:]
        if not cands and RELATIVE_OPENER.search(text, s.start, cs):
            # "Iran, which ratified the NPT in 1970": the antecedent right before the relative pronoun
            rel = RELATIVE_OPENER.search(text, s.start, cs)
            before = agent_mentions(self.t, s.start, rel.start())
            if before and not text[before[-1].end : rel.start()].strip(" ,"):
                return self.expand([before[-1].entity])
        pair = PAIR_SUBJECT.search(text, cs, h.start)
        if not cands and pair:
            # "which the two countries concluded in 2000": the two states the article names most
            count: dict[str, float] = {}
            for m in self.t.sorted_mentions():
                if m.start < pair.start() and m.entity.startswith("state/") and m.how != "dateline":
                    count[m.entity] = count.get(m.entity, 0) + 1 + m.start / 1e9
            if len(count) >= 2:
                return sorted(sorted(count, key=lambda k: -count[k])[:2], key=lambda k: count[k] % 1)
        if not cands:
            gap = text[cs : h.start]
            bare = BARE_SUBJECT.fullmatch(gap)
            return (list(prev) or self._pronoun(gap, h.start, s.start)) if bare else []
        subj = subject(self.t, cs, h.start)
        if subj is None:
            return self.expand(self._governments(cands[-1:]))
        group = [m for m in cands if m.start >= subj.start]
        return self.expand(self._coordinated(group, subj.start))

    def _pronoun(self, gap: str, pos: int, sentence_start: int) -> list[str]:
        """ "he signed" -> the last person named; "it announced" -> the state or body named before in the
        sentence ("Russia was responsible because it had deployed"), else the last act's."""
        if re.search(r"\b(?:he|she|He|She)\b", gap):
            people = [m for m in self.t.sorted_mentions() if m.entity.startswith("person/") and m.end <= pos]
            return self.expand([people[-1].entity]) if people else []
        if re.search(r"\b(?:it|It)\b", gap):
            named = [m.entity for m in agent_mentions(self.t, sentence_start, pos)]
            named = [k for k in named if not k.startswith("person/")]
            if named:
                return self.expand(named[-1:])
        they = re.search(r"\b(?:they|They)\b", gap)
        if not (they or re.search(r"\b(?:it|It)\b", gap)):
            return []
        sid = self.t.sentence_at(sentence_start)
        if sid > 0 and not (self.events and self.events[-1].sentence >= sid - 1):
            # "Russia has long opposed the deal. It ratified ...": the subject of the sentence before
            # (its first actor; for "they", with those joined to it), when it reported no act
            prev = self.t.sentences[sid - 1]
            ms = agent_mentions(self.t, prev.start, prev.end)
            if they and ms:
                return self.expand(self._coordinated(ms, ms[0].start))
            bodies = [m for m in ms if not m.entity.startswith("person/")]
            if bodies and bodies[0] is ms[0]:
                return self.expand([bodies[0].entity])
        if self.events:
            return [a for a in self.events[-1].agents if not a.startswith("person/")]
        return []

    def _governments(self, group: list) -> list[str]:
        """Agent keys of mentions; "the administration of President X" / "X's administration" is X's state."""
        out = []
        for m in group:
            key = m.entity
            if key.startswith("person/") and names_administration(self.text, m.start, m.end):
                key = self.state_of.get(key) or key
            out.append(key)
        return out

    def _bill(self, h: Hit) -> Event | None:
        """ "approved it" / "voted for the bill": the law the article reported before, if any; else the
        first legal act the article reported (its lede: "voted on Wednesday to leave the ... Treaty")."""
        acts = [e for e in self.events if e.type in LAW_TYPES]
        laws = [e for e in acts if re.search(r"\b(?:law|bill|legislation)\b", e.evidence.exact)]
        return laws[-1] if laws else acts[0] if acts else None

    def _attached(self, prev: Event, h: Hit) -> bool:
        """ "signed a memorandum promising to ...": an act phrased as part of the act just before it."""
        gap = self.text[prev.trigger_end : h.start] if prev.trigger_end else ""
        return bool(gap) and len(gap) < 40 and not SUBORDINATE.search(gap) and "," not in gap

    def _speaker(self, att: Attribution) -> list[str]:
        """The speaker of an attribution as agents (the state for "the administration of President X")."""
        ms = [
            m
            for m in self.t.sorted_mentions()
            if m.entity == att.speaker and m.end <= att.verb_start and m.start >= att.verb_start - 200
        ]
        return self.expand(self._governments(ms[-1:]) if ms else [att.speaker])

    def _coordinated(self, group: list, lo: int) -> list[str]:
        """The first mention and those joined to it by "and", commas or dashes."""
        out, end = [], lo
        for m in group:
            gap = self.text[end : m.start]
            if out and not re.fullmatch(
                r"[\s,\-\u2013]*(?:and\s+|&\s+)?(?:the\s+)?(?:[\w.\-]+\s+){0,5}", gap
            ):
                break
            if out and re.search(r"\b(?:told|with|against|to|of|in|at|from|by|unlike|except)\b", gap):
                break  # "Russia, unlike the United States, ratified": not a second party
            out += self._governments([m])
            end = m.end
        return out

    def expand(self, keys: list[str]) -> list[str]:
        out: list[str] = []
        for k in keys:
            part = str(self.t.entities[k].data.get("part_of") or "") if k in self.t.entities else ""
            known = str(self.t.entities[k].data.get("state") or "") if k.startswith("person/") else ""
            state = (
                self.state_of.get(k)
                or (part.replace(":", "/") if part.startswith("state") else None)
                or (known.replace(":", "/") if known.startswith("state") else None)
                or self.body_of.get(k)
            )
            if state and state not in self.t.entities:
                state = self.add_state(state) if self.add_state and state.startswith("state/") else None
            for x in (k, state):
                if x and x not in out:
                    out.append(x)
        return out

    def treaty(self, s: Sentence, h: Hit, arms: bool) -> str | None:
        """The treaty of an act: a deal named next, one named in the sentence, else the salient one."""
        return treaty_of(self, s, h, arms)

    def _stretch(self, s: Sentence, h: Hit, hits: list[Hit]) -> tuple[int, int]:
        """The part of the sentence that belongs to the act: between the neighbouring triggers."""
        i = hits.index(h) if h in hits else -1
        lo = hits[i - 1].end if i > 0 else s.start
        hi = hits[i + 1].start if 0 <= i < len(hits) - 1 else s.end
        return lo, hi

    def _same_clause(self, h: Hit, start: int, end: int) -> bool:
        """True when nothing opens a subordinate clause between the trigger and ``[start, end)``; a
        relative clause closed between commas is an aside ("signed the protocol, which allows ..., in
        December 2003")."""
        gap = self.text[h.end : start] if start >= h.end else self.text[end : h.start]
        gap = ASIDE.sub(",", gap)
        return not SUBORDINATE.search(gap) and not REDUCED_RELATIVE.search(gap)

    def _also_on(self, s: Sentence, date: str | None) -> list[str]:
        """Dates coordinated with the act's date by "and" ("in 1974 and 1998", "on May 11 and May 13"),
        of the same precision."""
        if not date:
            return []
        times = [t for t in self.times if s.start <= t.start < s.end and t.value]
        times = [t for t in times if not RANGE_START.search(self.text, s.start, t.start)]
        out: list[str] = []
        for a, b in zip(times, times[1:], strict=False):
            if (a.value == date or a.value in out) and b.precision == a.precision and b.value != date:
                if re.fullmatch(r"\s*,?\s+and\s+(?:(?:on|in)\s+)?", self.text[a.end : b.start]):
                    out.append(b.value)
        last = next((t for t in reversed(times) if t.value == date or t.value in out), None)
        if last is not None and last.precision == "year":
            # "in 1974 and 1998": a bare year is no time expression of its own
            bare = BARE_YEAR_AFTER.match(self.text, last.end, s.end)
            if bare and bare.group(1) not in (date, *out):
                out.append(bare.group(1))
        return out

    def places(self, s: Sentence, h: Hit, hits: list[Hit] | None = None) -> list[str]:
        """Places "in"/"at" the act's stretch of the sentence (never the dateline)."""
        out = []
        lo, hi = self._stretch(s, h, hits or [h])
        for m in self.t.sorted_mentions():
            kind = m.entity.split("/")[0]
            if not (lo <= m.start < hi) or m.how == "dateline" or not self._same_clause(h, m.start, m.end):
                continue
            if any(
                distance(k, m.start, m.end) < distance(h, m.start, m.end) for k in hits or [] if k is not h
            ):
                continue
            before = self.text[max(s.start, m.start - 20) : m.start]
            if kind == "place" and re.search(r"\b(?:in|at)\s+(?:the\s+|a\s+)?(?:\w+\s+)?$", before):
                out.append(m.entity)
            elif kind == "place" and out and re.search(r"(?:,|,?\s+and)\s+$", before):
                out.append(m.entity)  # "in London, Washington and Moscow"
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
        lo, hi = self._stretch(s, h, hits)
        att = self.attr.get(s.index)
        if att is not None and att.content[0] <= h.start < att.content[1] <= att.verb_start:
            # "The US has produced new missiles, Putin said on Tuesday": the day of the saying, not the act
            hi = min(hi, att.content[1])
        if OPEN_RELATIVE.search(self.text, max(s.start, h.start - 200), h.start):
            # "Gorbachev, who in 1987 signed the treaty, said on Monday": the clause ends at its comma
            close = re.compile(r",\s+(?!\d)").search(self.text, h.end, hi)
            hi = close.start() if close else hi
        if any(h.end <= t.start < hi and t.value is None and t.exact.endswith("later") for t in self.times):
            return None  # "entered into force 90 days later" than a month: no knowable date
        for t in self.times:
            if h.end <= t.start < hi and t.kind == "offset":
                # "signed the law three days after the Duma vote": the vote's date, shifted
                dated = [(self.text[e.evidence.start : e.trigger_end], e.date or "") for e in self.events]
                found = after_event(self.text, t, dated)
                if found:
                    return found
        for t in self.times:
            if lo <= t.start < hi and (occ := OCCASION.search(t.exact)):
                # "after the ceremony": the day of the ceremony reported before, not the date named last
                found = occasion_date(self, occ.group("noun"), s.start, same=bool(occ.group("same")))
                if found:
                    return found
        inside = [t for t in self.times if lo <= t.start < hi and t.value and not is_deadline(self.text, t)]
        within = [t for t in inside if h.start <= t.start < h.end]
        if within:
            return within[0].value
        near = [t for t in inside if t.end <= h.start or t.start >= h.end]
        near = [t for t in near if self._same_clause(h, t.start, t.end)] or [
            t for t in near if t.end <= h.start and only_when(self.text[t.end : h.start])
        ]
        after = [t for t in near if t.start >= h.end and t.kind != "offset"]
        before = [t for t in near if t.end <= h.start]
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
        if pick is None and (doc := IN_THE_DEAL.match(self.text, s.start)):
            # "In the protocol, Ukraine pledged ...": the act of signing the instrument named before
            signed = [e for e in self.events if e.type == "Signing" and e.date and e.treaty]
            named = [m.entity for m in self.t.sorted_mentions() if m.start == doc.start("deal")]
            same = [e for e in signed if e.treaty in named] or signed
            return same[-1].date if same else None
        return pick.value if pick else None

    # -------------------------------------------------------------- sentences
    def sentence(self, s: Sentence, arms: bool) -> None:
        """Events, mentions and claims of one sentence."""
        text = self.text
        hits = [
            h
            for h in find_hits(text, s)
            if not (
                h.type == "EntryIntoForce"
                and NOT_THE_TREATY.search(text, max(s.start, h.start - 80), h.start)
            )
            and ("after_treaty" not in h.flags or self._named_before(h))
        ]
        att = self.attr.get(s.index)
        content_hits = [h for h in hits if att and att.content[0] <= h.start < att.content[1]]
        prev: list[str] = []
        made: list[Event] = []
        own_facts: list[Event] = []
        declared: list[Event] = []
        quotes = [(q.start(), q.end()) for q in QUOTE.finditer(text, s.start, s.end)]
        for h in hits:
            if h.type == "LawReference":
                # "Putin signed the decree on Monday": the legal act the article reported before
                laws = [e for e in self.events if e.type in LAW_TYPES and e.treaty]
                if not laws:
                    continue
                h.type = laws[-1].type
            if h.type == "Statement" and att and not att.according:
                continue
            if h.type not in ("RejectionOfTalks", "Pledge", "Compliance") and any(
                a < h.start < b and not self._partial_quote(att, a) for a, b in quotes
            ):
                continue
            ev_span = span(text, s.start, s.end)
            lead_in = text[max(s.start, h.start - 40) : h.start]
            if h.type == "EntryIntoForce" and NOT_THE_TREATY.search(lead_in):
                continue
            if RECORD_DESCRIPTION.search(lead_in):
                continue
            if GERUND.match(text, h.start) and GERUND_SUBJECT.search(lead_in):
                continue
            if h.modality:
                self.mentions.append(EventMention(h.type, h.modality, ev_span, tuple(prev)))
                continue
            law = self._bill(h) if h.type == "Ratification" and BILL_OBJECT.match(text, h.start) else None
            if law is not None:
                h.type = law.type
            agents = self.agents(s, h, prev)
            if h.type == "Withdrawal" and PULL_OUT.match(text, h.start):
                # "Trump pulled the United States out of the deal": the leaving party is the object
                obj = [m.entity for m in agent_mentions(self.t, h.start, h.end)]
                agents += [a for a in self.expand(obj) if a not in agents]
            if law is not None and not agents:
                agents = [a for a in law.agents if a.startswith("state/")]
            in_content = h in content_hits
            speech_act = att is not None and (
                h.type in SPEECH_TYPES and (in_content or att.verb_start <= h.start < att.verb_end + 2)
            )
            if speech_act and att is not None and not att.according:
                speaker = self._speaker(att)
                quoted = any(a < h.start < b for a, b in quotes)
                if (
                    h.type != "RejectionOfTalks"
                    and in_content
                    and not quoted
                    and agents
                    and not set(agents) & set(speaker)
                ):
                    speech_act = False  # "Bush said Gadhafi had agreed to ...": Libya's pledge, Bush's claim
                else:
                    agents = speaker + [a for a in agents if a not in speaker]
            treaty = self.treaty(s, h, arms) or (law.treaty if law is not None else None)
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
                places=self.places(s, h, hits),
                date=self.date(s, h, hits),
                trigger_end=h.end,
                passive=not agents
                and h.type in PASSIVE_TYPES
                and (
                    "agentless" in h.flags
                    or bool(re.match(r"(?:was|were)\s|[A-Z][a-z]+ed\b", text[h.start : h.end]))
                    or bool(PASSIVE_BEFORE.search(text[max(s.start, h.start - 40) : h.start]))
                ),
            )
            if ev.date is None and made and made[-1].date and self._attached(made[-1], h):
                ev.date = made[-1].date
            if (
                speech_act
                and att is not None
                and (ev.date is None or OCCASION.search(text, s.start, att.verb_start))
            ):
                ev.date = speech_date(self, s, att) or ev.date
            cond = CONDITION.search(text, h.end, s.end)
            if cond and h.type == "Pledge":
                ev.condition = cond.group(0).strip().rstrip(".,")
            if att and in_content and not speech_act and self._reported_fact(att, h, agents):
                own_facts.append(ev)  # "Russia completed its withdrawal on Tuesday, the ministry said"
                if NO_LONGER_BOUND.match(text, h.start):
                    declared.append(ev)  # the saying is the act: no Statement besides
                    ev.date = ev.date or speech_date(self, s, att)
            elif att and (in_content or att.according) and not speech_act:
                ev.stance = "Attributed"
                ev.evidence = span(text, max(s.start, att.content[0]), min(s.end, att.content[1]))
                self.claims.append((ev, att))
            if speech_act:
                ev.speech = True
                if h.type == "RejectionOfTalks":
                    self.claims.append((ev, att))
            if h.type == "Statement" and att is None and agents:
                # "Xi and Putin issued a joint statement urging ...": the issuers claim it
                speakers = [a for a in agents if not a.startswith("state/")] or agents[:1]
                ev.speech = True
                self.claims.append(
                    (
                        ev,
                        Attribution(
                            s.index,
                            speakers[0],
                            h.start,
                            h.end,
                            (h.end, s.end),
                            co_speakers=tuple(speakers[1:]),
                        ),
                    )
                )
            self.events.append(ev)
            made.append(ev)
            if not ev.speech and ev.stance != "Attributed":
                for date in self._also_on(s, ev.date):
                    # "conducted tests in 1974 and 1998": one act on each date
                    self.events.append(dataclasses.replace(ev, date=date, extra_evidence=[]))
            prev = [a for a in agents if not a.startswith("person/")] or agents
        said_too = (
            [e for e in made if e.type == "Announcement" and SAYING.match(text, att.verb_start)]
            if att
            else []
        )
        if att and said_too:
            # "announced the decision on May 21, saying that ...": one speech act, the claim on the notice
            self.claims.append((said_too[-1], att))
        elif (
            att
            and not att.according
            and arms
            and (not any(e.speech or e.stance == "Attributed" for e in made) or self._two_acts(att))
            and not (own_facts and self._own_report(s, att))
            and not declared
        ):
            # saying that a treaty act will (not) be taken is its notice (shared/corpus/README.md, Events):
            # "Russia will leave the treaty, Putin said", "India said that it could not sign the CTBT"
            notice = not made and bool(WILL_ACT.search(text, att.content[0], att.content[1]))
            make_statement(self, s, att, notice=notice)

    def _partial_quote(self, att: Attribution | None, start: int) -> bool:
        """A quotation that goes on a reported clause begun outside it: 'said that the country had
        "successfully conducted an underground nuclear test"' (the act is reported like the rest)."""
        if att is None or att.according or not att.verb_end <= start < att.content[1]:
            return False
        gap = self.text[att.verb_end : start]
        # the quote opens on the verb after its subject or auxiliary ('the country had "conducted')
        return bool(re.search(r"\b(?:had|has|have|was|were|is|are|would|will|could|did|it|they)\s+$", gap))

    def _named_before(self, h: Hit) -> bool:
        """A treaty's name right before the trigger, or before an aside ("the Ottawa Convention, was
        adopted"; "The Convention on Cluster Munitions, which bans their use, was adopted")."""
        return any(
            m.entity.startswith("treaty/")
            and re.fullmatch(r"[\s,]*", ASIDE.sub(",", self.text[m.end : h.start]))
            for m in self.t.sorted_mentions()
            if h.start - 200 <= m.end <= h.start
        )

    def _own_report(self, s: Sentence, att: Attribution) -> bool:
        """ "Putin signed the decree on Monday, the Kremlin said.": a trailing attribution of a reported
        act to the actor's own government is no speech act of its own."""
        text = self.text
        lo, hi = att.content
        if att.according or lo != s.start or hi > att.verb_start or QUOTE.search(text, lo, hi):
            return False
        if not TRAILING_REPORT.fullmatch(text, att.verb_start, s.end):
            return False
        subj = subject(self.t, lo, hi)
        if subj is None:
            return False
        sides = set(self.expand([subj.entity]))
        ent = self.t.entities.get(att.speaker)
        part = str(ent.data.get("part_of") or "").replace(":", "/") if ent else ""
        generic = ent is not None and not part and bool(GOVERNMENT_BODY.search(ent.label))
        return bool(
            att.speaker in sides
            or (part and part in sides)
            or self.state_of.get(att.speaker) in sides
            or (generic and any(x.startswith("state/") for x in sides))
        )

    def _reported_fact(self, att: Attribution, h: Hit, agents: list[str]) -> bool:
        """A treaty act reported as fact: a background clause of the content ("since START I expired in
        2009"), or an act that a trailing attribution credits to the actor's own side ("Russia left the
        treaty on Tuesday, the Foreign Ministry said")."""
        if h.type not in FACT_TYPES:
            return False
        text = self.text
        if PRESUPPOSED.search(text, att.content[0], h.start):
            return True
        if NO_LONGER_BOUND.match(text, h.start) and (
            set(agents) & set(self._speaker(att)) or self._government_speaker(att, agents)
        ):
            return True  # "Russia said that it no longer considers itself bound": the saying is the act
        quoted = QUOTE.search(text, att.content[0], att.content[1])
        if att.according or att.content[1] > att.verb_start or quoted:
            return False
        speaker = att.speaker
        ent = self.t.entities.get(speaker)
        part = str(ent.data.get("part_of") or "").replace(":", "/") if ent else ""
        states = [a for a in agents if a.startswith("state/")]
        if speaker in agents or (part and part in agents) or self.state_of.get(speaker) in states:
            return True
        return self._government_speaker(att, agents)

    def _government_speaker(self, att: Attribution, agents: list[str]) -> bool:
        """ "the Foreign Ministry said" of a state's act: a government body of no named state speaks for
        the state that acts."""
        ent = self.t.entities.get(att.speaker)
        part = str(ent.data.get("part_of") or "").replace(":", "/") if ent else ""
        generic = ent is not None and not part and bool(GOVERNMENT_BODY.search(ent.label))
        return any(a.startswith("state/") for a in agents) and generic and not is_media(self.t, att.speaker)

    def _two_acts(self, att: Attribution) -> bool:
        """ "Bush welcomed the announcement and said Gadhafi had agreed ...": a reaction of its own,
        then a report; the reaction is a Statement besides the reported act."""
        verb = self.text[att.verb_start : att.verb_end]
        return bool(
            EVALUATIVE.fullmatch(verb)
            and re.search(r"\s+and\s+(?:said|added|told\s+\w+)\b", self.text[att.verb_end : att.content[1]])
        )

    def salient_treaty(self, pos: int) -> str | None:
        """The treaty the article has named most often before ``pos`` (the first one named breaks ties)."""
        score: dict[str, float] = {}
        for i, m in enumerate(
            x for x in self.t.sorted_mentions() if x.entity.startswith("treaty/") and x.start < pos
        ):
            score[m.entity] = score.get(m.entity, 0) + 1 + (1 if i == 0 else 0) + m.start / 1e9
        if not score:
            # "Russia has suspended an agreement ... The Plutonium ... Agreement, which ...": the only one
            named = {m.entity for m in self.t.sorted_mentions() if m.entity.startswith("treaty/")}
            return named.pop() if len(named) == 1 else None
        return max(score, key=lambda k: score[k])
