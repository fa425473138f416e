"""Patterns the event builder reads clauses with, and the trigger hits of a sentence.

Which event types need an agent, take a treaty or are speech acts; what may stand for a subject
("it", "he", "the administration of President X"); where a subordinate or reported clause begins; how
a relative clause points back to its antecedent ("the CTBT, which was opened for signature"); passive
and agentless treaty acts; unnamed deals ("a safeguards agreement").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.records import Sentence
from kg.extract.triggers import COMPILED, WEAPONS, modality

NEEDS_AGENT = frozenset(
    "Signing Ratification Accession Withdrawal Suspension Announcement Pledge Compliance Negotiation "
    "Deployment Production WeaponsTest RejectionOfTalks Statement".split()
)
TREATY_TYPES = frozenset(
    "Signing Ratification Accession Withdrawal Suspension Announcement EntryIntoForce Expiry Extension "
    "Negotiation Compliance RatificationRevocation".split()
)
SPEECH_TYPES = frozenset({"RejectionOfTalks", "Pledge", "Announcement"})
# What may stand between a clause start and its verb when the subject is not a named agent.
BARE_SUBJECT = re.compile(
    # an opening adverbial: "In the same statement they pledged"
    r"[\s,]*(?:(?:In|At|During|After)\s+(?:the|that|this|its|their)\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s+)?"
    r"(?:(?:has|have|had|already|also|then|and|but|not|only|is|was|were|are|it|they|he|she|It|They|"
    r"He|She|subsequently|later|now|formally|officially|on|in|at|the\s+next\s+day|[A-Z][a-z]+\.?|\d{1,4},?)\s+)*"
    # a light verb before a nominal trigger: "It observed a unilateral moratorium"
    r"(?:(?:observed|declared|announced|imposed|maintained|kept|extended|began)\s+(?:a|an|its|the|their)\s+"
    r"(?:[\w-]+\s+){0,2})?"
)
ADMIN_BEFORE = re.compile(r"\badministration\s+of\s+(?:(?:U\.S\.|US|American)\s+)?(?:[Pp]resident\s+)?$")
ADMIN_AFTER = re.compile(r"(?:'s|\u2019s)?\s+(?:administration|government)\b")


def names_administration(text: str, start: int, end: int) -> bool:
    """The person named at ``[start, end)`` names a government: "the Reagan administration", "Bush's
    government", "the administration of President Bush"."""
    return bool(ADMIN_AFTER.match(text, end) or ADMIN_BEFORE.search(text[max(0, start - 45) : start]))


# "the extension had entered into force": an amendment, extension or protocol, not the treaty itself.
NOT_THE_TREATY = re.compile(
    r"\b(?:extension|prolongation|amendments?|protocol|changes?|decision|withdrawal|exit|suspension|denunciation)"
    r"\s+(?:[\w.'\-]+\s+){0,7}(?:had\s+|has\s+)?$"
)
# "North Korea is the only country to have tested ...": a description of a record, not an act.
RECORD_DESCRIPTION = re.compile(
    r"\b(?:is|are|remains?|was|were)\s+(?:still\s+)?the\s+only\s+(?:\w+\s+){0,2}?"
    r"(?:country|countries|state|states|nation|nations|one)\s+(?:\w+\s+){0,3}?to\s+have\s+(?:ever\s+)?$"
)
# An act named by a gerund that is the subject of a reported clause: "said that revoking the ratification
# does not mean ..." reports no revocation.
GERUND_SUBJECT = re.compile(r"\b(?:that|said|says|stated|added|noted|argued|stressed)\s+$")
GERUND = re.compile(r"[A-Za-z]+ing\b")
# A reported clause has begun: a complementiser or a finite auxiliary between a speech verb and a time.
REPORTED_CLAUSE = re.compile(r"\b(?:that|had|has|have|was|were|is|are|would|will|could|did|does)\b")
# "the CTBT, which was opened for signature": the act of a relative clause is about its antecedent.
RELATIVE_GAP = re.compile(r"\)?,?\s+(?:(?:from|to|under|of|by|with)\s+)?(?:which|that)\s+(?:[\w'.]+\s+){0,4}")
SAYING = re.compile(r"saying\b")
RELATIVE_OPENER = re.compile(r",\s*(?:which|who)\s*$")
PASSIVE_TYPES = frozenset({"Signing", "Ratification", "Negotiation", "Announcement"})
PASSIVE_BEFORE = re.compile(r"(?:\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?|^\s*|,\s*)$")
# Words that open a subordinate clause: a time expression across one belongs to another verb.
SUBORDINATE = re.compile(
    r"\b(?:after|before|when|since|which|who|whom|whose|that(?!\s+(?:treaty|pact|accord|agreement|deal|convention|"
    r"year|month|day|week|time|decision|move|step|law|bill|decree|summit|meeting|vote|conference)\b)|because|while|"
    r"although|until|where)\b|;"
)
# A clause of its own without a complementiser: "a plan he announced in March", "the pact they signed".
REDUCED_RELATIVE = re.compile(r"\b[a-z]{3,}\s+(?:he|she|they|we)\s+(?:had\s+|has\s+|have\s+)?[a-z]+ed\b")
DEAL_ADJECTIVES = frozenset(
    "new comprehensive historic landmark final interim formal preliminary broad".split()
)
UNNAMED_DEAL = re.compile(
    r"\b(?:a|an)\s+(?P<mod>(?:[\w-]+\s+){1,3}?)?(?P<head>framework|memorandum|agreement|"
    r"accord|deal|road\s+map|plan|treaty|convention|protocol|[A-Z][a-z]+\s+(?:Agreement|Accord|Treaty))\b"
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


def only_when(gap: str) -> bool:
    """ "came on Friday, when Russia announced": a time the trigger's "when" clause refers back to."""
    found = [m.group(0) for m in SUBORDINATE.finditer(gap)]
    return "when" in found and all(w in ("when", "that") for w in found)


def distance(h: Hit, start: int, end: int) -> int:
    """Characters between a trigger and ``[start, end)`` (0 when they touch or overlap)."""
    return max(0, start - h.end, h.start - end)


def find_hits(text: str, s: Sentence) -> list[Hit]:
    """Non-overlapping triggers of a sentence, earlier lexicon entries first."""
    hits: list[Hit] = []
    for etype, rx, flags in COMPILED:
        for m in rx.finditer(text, s.start, s.end):
            a, b = m.span("t") if "t" in rx.groupindex and m.group("t") is not None else m.span()
            if any(a < h.end and h.start < b for h in hits):
                continue
            if "object" in flags and not WEAPONS.search(text, b, min(s.end, b + 40)):
                continue
            hits.append(Hit(etype, a, b, flags, modality(text, s.start, a, b, flags)))
    return sorted(hits, key=lambda h: h.start)
