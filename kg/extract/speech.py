"""Speech acts: Statement events from attributions, and the dates of speech acts.

A speech act is dated by a time of the act itself ("said on Friday that"), else by an explicit link to a
dated event: a document named before ("The statement declared ..."), an occasion ("At the signing,
Reagan quoted ...", "during the visit"), or the remark it answers ("Gorbachev replied that ...").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.claims import QUOTE, Attribution
from kg.extract.clauses import REPORTED_CLAUSE
from kg.extract.dates import is_deadline
from kg.extract.records import Event, Sentence, TimeExpression, span

if TYPE_CHECKING:
    from kg.extract.events import EventBuilder

_SPEECH_ACTS = ("Announcement", "Statement", "RejectionOfTalks", "Pledge")
_CEREMONIAL = ("Signing", "Accession")  # acts done at a ceremony (a vote to ratify is not)
_TREATY_ACTS = ("Signing", "Ratification", "EntryIntoForce", "Accession", "Extension", "Withdrawal")
# "At the ceremony", "at the signing", "during the visit", "after the vote" -> the types of that event.
OCCASION = re.compile(
    r"\b(?:[Aa]t|[Dd]uring|[Aa]fter|[Ii]n)\s+(?:the|that|this)\s+(?:(?P<same>same)\s+|\w+\s+)?"
    r"(?P<noun>signing|ceremony|summit|visit|meeting|exchange|vote|talks|conference|session|statement|"
    r"declaration|announcement)\b"
)
# "When the Duma voted, ...": the remark was made at a dated act reported before, by that subject.
WHEN_ACT = re.compile(
    r"\b[Ww]hen\s+(?P<subject>(?:the\s+)?(?:[A-Z][\w.\-]*\s+){1,4}?)(?:\w+\s+)?"
    r"(?P<verb>voted|signed|ratified|approved|met|announced|withdrew|acceded|suspended)\b[^,]{0,60},"
)
WHEN_TYPES = {
    "voted": ("Ratification", "RatificationRevocation", "Negotiation"),
    "approved": ("Ratification", "RatificationRevocation", "Negotiation"),
    "ratified": ("Ratification",),
    "signed": ("Signing",),
    "acceded": ("Accession",),
    "withdrew": ("Withdrawal",),
    "suspended": ("Suspension",),
    "announced": _SPEECH_ACTS,
    "met": ("Negotiation", "Statement"),
}
OCCASION_TYPES = {
    "signing": ("Signing",),
    "ceremony": _TREATY_ACTS,
    "exchange": ("Ratification", "EntryIntoForce"),
    "vote": ("Ratification", "Negotiation", "RatificationRevocation"),
    "statement": _SPEECH_ACTS,
    "declaration": _SPEECH_ACTS,
    "announcement": _SPEECH_ACTS,
}
# A relative clause still open at a position: ", who signed the treaty in" (no closing comma yet).
OPEN_RELATIVE = re.compile(r",\s*(?:who|which|whose)\b[^,;\"\u201c\u201d]*$")
# Speech verbs that take an object and a complement, not a reported clause.
NO_CLAUSE_VERB = re.compile(
    r"(?:called|described|accused|praised|condemned|critici[sz]ed|welcomed|hailed|blamed|urged|denounced|"
    r"expressed|voiced|conveyed)\b"
)
# A treaty named in a background clause of the remark ("... since START I expired") is not its topic.
BACKGROUND = re.compile(r"\b(?:since|after|before|when|until|once)\b[^,;:\"\u201c\u201d]*$")
DECREE_SUBJECT = re.compile(r"\s*[Tt]he\s+(?:\w+\s+)?(?:decree|order|law)\b")
_LEGAL_ACTS = ("Suspension", "Withdrawal", "Ratification", "Extension", "RatificationRevocation")
REPLY = re.compile(r"replied|answered|retorted|responded|countered")


def speech_time(text: str, att: Attribution, t: TimeExpression) -> bool:
    """A time of the speech act itself: before its verb, or right after it ("said on Friday that"),
    not inside the reported clause ("He said the programme had been halted in 1989")."""
    if re.search(r"(?:'s|\u2019s)\s+$", text[max(0, t.start - 4) : t.start]):
        return False  # "the North's April 5 rocket launch": the date of something else
    lo, hi = att.content
    if hi <= att.verb_start and lo <= t.start < hi:
        return False  # "talks due to open on Tuesday were postponed, the ministry said": the content's time
    if t.start < att.verb_start:
        # "Obama, who signed the treaty in April, said ...": the relative clause's own time
        return not OPEN_RELATIVE.search(text, max(0, att.verb_start - 300), t.start)
    gap = text[att.verb_end : t.start]
    # "called the decision a step in the wrong direction in July": no clause follows such verbs
    most = 12 if NO_CLAUSE_VERB.match(text, att.verb_start, att.verb_end) else 6
    return len(gap.split()) <= most and not REPORTED_CLAUSE.search(gap)


def _times_in(b: EventBuilder, s: Sentence, att: Attribution) -> list[TimeExpression]:
    quotes = [(q.start(), q.end()) for q in QUOTE.finditer(b.text, s.start, s.end)]
    return [
        t
        for t in b.times
        if s.start <= t.start < s.end
        and t.value
        and t.kind != "offset"
        and not any(a <= t.start < z for a, z in quotes)
        and not is_deadline(b.text, t)
        and speech_time(b.text, att, t)
        and not OCCASION.search(t.exact)  # "after the ceremony": the ceremony's date (occasion_date)
    ]


def occasion_date(b: EventBuilder, noun: str, pos: int, *, same: bool = False) -> str | None:
    """The date of the occasion "the ceremony", "the vote" ... named in the sentence at ``pos``, in order:
    the last dated act ("the same meeting"); a signing or accession of the sentence before; the last
    dated act reported with that word ("signed the CWC at a ceremony on Friday"); the last dated act of
    its kind; the last one reported by the verb ("voted"); the time of the last sentence before ``pos``
    that reports it."""
    dated = [e for e in b.events if e.date]
    if same and dated:
        return dated[-1].date  # "At the same meeting": the occasion just reported
    types = OCCASION_TYPES.get(noun)
    sid = b.t.sentence_at(pos)
    just = [e for e in dated if e.sentence == sid - 1 and types and e.type in types and e.type in _CEREMONIAL]
    if just:
        return just[-1].date  # "handed over the instrument on March 9. At the ceremony, ...": that act
    named = [e for e in dated if re.search(rf"\b{noun}\b", b.text[e.evidence.start : e.evidence.end])]
    if named:
        return named[-1].date
    cands = [e for e in dated if (e.type in types if types else e.type != "Statement")]
    if cands:
        return cands[-1].date
    # a verb reports it: "voted unanimously on Saturday" for "the vote" (a resolution: no treaty act)
    stem = re.sub(r"(?:ing|e)$", "", noun)
    verbed = [e for e in dated if re.search(rf"\b{stem}\w*", b.text[e.evidence.start : e.evidence.end])]
    if verbed:
        return verbed[-1].date
    # an occasion that made no event of its own: the time of the sentence before that reports it
    # ("The Security Council voted on Saturday to impose sanctions. After the vote, ...")
    for prev in reversed([x for x in b.t.sentences if x.end <= pos]):
        if re.search(rf"\b{stem}\w*", b.text[prev.start : prev.end]):
            times = [t for t in b.times if prev.start <= t.start < prev.end and t.kind != "offset"]
            return next((t.value for t in times if t.value), None)
    return None


def _at(m: re.Match[str]) -> TimeExpression:
    """A placeholder time at a match (only its position is read)."""
    return TimeExpression(m.start(), m.end(), m.group(0), None, "none", "anchor")


def _when_date(b: EventBuilder, when: re.Match[str]) -> str | None:
    """The date of the act "When the Duma voted" names: the last dated act of that kind by that subject
    reported before (the subject's own act, not the upper house's a week later)."""
    subject = {
        m.entity
        for m in b.t.sorted_mentions()
        if when.start("subject") <= m.start < when.end("subject") and m.entity.split("/")[0] != "place"
    }
    types = WHEN_TYPES[when.group("verb")]
    dated = [e for e in b.events if e.date and e.type in types and e.evidence.start < when.start()]
    own = [e for e in dated if subject & set(e.agents)]
    return own[-1].date if own else None


def speech_date(b: EventBuilder, s: Sentence, att: Attribution) -> str | None:
    """The date of the speech act of sentence ``s``: its own time, else a link to a dated event."""
    inside = _times_in(b, s, att)
    if inside:
        return inside[0].value
    if att.anchor is not None:
        dated = [e.date for e in b.events if e.sentence == att.anchor and e.date]
        if dated:
            return dated[0]
    if DECREE_SUBJECT.match(b.text, s.start, att.verb_start):
        laws = [e.date for e in b.events if e.type in _LEGAL_ACTS and e.date]
        if laws:
            return laws[-1]  # "The decree cited ...": the decree signed before
    when = WHEN_ACT.search(b.text, s.start, att.verb_start)
    if when and (found := _when_date(b, when)):
        return found
    occ = OCCASION.search(b.text, s.start, att.verb_start)
    after = OCCASION.search(b.text, att.verb_end, min(s.end, att.verb_end + 80))
    if occ is None and after and speech_time(b.text, att, _at(after)):
        occ = after  # "told reporters after the vote that ...", "accused Moscow after the signing of ..."
    if occ:
        return occasion_date(b, occ.group("noun"), s.start, same=bool(occ.group("same")))
    if REPLY.fullmatch(b.text, att.verb_start, att.verb_end) and s.index > 0:
        prev = b.t.sentences[s.index - 1]
        if prev.paragraph == s.paragraph:
            said = [e.date for e in b.events if e.sentence == prev.index and e.speech and e.date]
            if said:
                return said[-1]
            own = [
                t
                for t in b.times
                if prev.start <= t.start < prev.end
                and t.value
                and t.kind != "offset"
                and prev.index not in b.attr
                and not is_deadline(b.text, t)
            ]
            if own:
                return own[-1].value
    return None


def make_statement(b: EventBuilder, s: Sentence, att: Attribution, *, notice: bool = False) -> None:
    """A Statement by the speaker of sentence ``s`` with a claim, dated as a speech act; with ``notice``
    an Announcement (saying that a treaty act will be taken), which claims nothing."""
    verb = b.text[att.verb_start : att.verb_end]
    if verb in ("say", "says") and not _times_in(b, s, att):
        return  # "members of NATO say ...": a standing position, not a dated speech act
    if att.definite:
        # "The government statement ... said": the speech act reported before, if the same speaker's
        before = [e for e in b.events if e.type in _SPEECH_ACTS and att.speaker in e.agents]
        if before:
            b.claims.append((before[-1], att))
            return
    ms = [
        m
        for m in b.t.sorted_mentions()
        if m.entity.startswith("treaty/")
        and s.start <= m.start < s.end
        and not BACKGROUND.search(b.text, s.start, m.start)
    ]
    treaty = ms[0].entity if ms else b.salient_treaty(s.start)
    agents = b.expand([att.speaker])  # an official speaks for their state or body too
    agents += [a for a in b.expand(list(att.co_speakers)) if a not in agents]
    ev = Event(
        key="",
        type="Announcement" if notice else "Statement",
        evidence=span(b.text, s.start, s.end),
        sentence=s.index,
        agents=agents,
        treaty=treaty,
        date=speech_date(b, s, att),
        speech=True,
    )
    b.events.append(ev)
    if not notice:
        b.claims.append((ev, att))
