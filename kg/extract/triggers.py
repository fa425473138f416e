"""Trigger lexicons for event types and the modality cues that turn a trigger into a mere mention.

Each trigger is ``(type, pattern, flags)``; patterns are tried in order and earlier ones win overlaps.
Flags: ``inherent`` (negation/modality belongs to the act itself: "no longer bound", "pledged that it
would", "cannot hold dialogue"), ``object`` (needs a weapons word after it), ``future`` (always a
mention: "expires soon"), ``needs_treaty`` (only with a treaty in reach).
"""

from __future__ import annotations

import re

_T = r"(?:[Tt]reaty|accord|pact|agreement|[Cc]onvention|[Mm]emorandum|deal)"
WEAPONS = re.compile(
    r"\b(?:missiles?|warheads?|weapons?|bombs?|systems?|arms|plutonium|uranium|centrifuges?|rockets?|"
    r"launchers?|bombers?|submarines?|defen[cs]es|interceptors?|them|it)\b"
)

TRIGGERS: tuple[tuple[str, str, frozenset[str]], ...] = tuple(
    (t, p, frozenset(f.split()))
    for t, p, f in (
        ("Suspension", r"\bsign(?:ed|s)\s+(?:a\s+)?(?:law|decree|bill)\s+suspending\b", ""),
        ("Announcement", r"\bannounc\w*\s+(?:(?:his|her|its|their|the)\s+)?decision\s+to\s+\w+", "inherent"),
        (
            "Announcement",
            r"\btold\s+[A-Z][\w.]*(?:\s+[A-Z]\w*)?\s+that\s+[^.]{0,40}?\b(?:was|were|would\s+be)\s+"
            r"(?:pulling\s+out|withdrawing|leaving|suspending)\b",
            "inherent",
        ),
        (
            "Announcement",
            r"\b(?:was|were)\s+opened\s+for\s+signature\b|\bopened\s+(?:the\s+\w+\s+)?for\s+signature\b",
            "inherent",
        ),
        (
            "Announcement",
            r"\b(?:gave|given|served|delivered|handed)\s+(?:\w+\s+)?(?:formal\s+)?notice\b|\bnotes?\s+went\b|"
            r"\bnotified\b",
            "",
        ),
        (
            "Announcement",
            r"\bsaid\s+(?:that\s+)?(?:it|they)\s+will\s+not\s+(?:sign|ratify|join)\b",
            "inherent",
        ),
        (
            "Announcement",
            r"\bannounced\s+(?:that\s+)?(?:it|they)\s+(?:will|would)\s+(?:withdraw|suspend|leave|sign|ratify)\b",
            "inherent",
        ),
        (
            "Withdrawal",
            r"\bno\s+longer\s+(?:regarded|regards|considered|considers)\s+itself\s+(?:as\s+)?bound\b",
            "inherent",
        ),
        ("Withdrawal", r"\bwithdr(?:ew|awn|awing)\s+from\b|\bpulled\s+out\s+of\b|\bquit\s+the\b", ""),
        ("Withdrawal", r"\bleft\s+the\b(?=[^.,]{0,60}\b" + _T + r")", ""),
        (
            "Accession",
            r"\b(?:deposited|handed\s+over|submitted)\s+(?:[\w']+\s+){0,3}instruments?\s+of\s+accession\b",
            "",
        ),
        ("Accession", r"\b(?:formally\s+)?(?:joined|acceded\s+to)\b(?=[^.]{0,60}\b" + _T + r")", ""),
        (
            "Ratification",
            r"\bexchanged\s+instruments\s+of\s+ratification\b|\bapproved\s+(?:the\s+)?ratification\b|"
            r"\bratified\b|\bvoted\s+to\s+ratify\b",
            "",
        ),
        ("Ratification", r"\bdeposited\s+(?:the|its|their|his)\s+instruments?\b(?!\s+of\s+accession)", ""),
        (
            "EntryIntoForce",
            r"\b(?:entered|came)\s+into\s+force\b|\bbr(?:inging|ought)\s+(?:it|them|the\s+\w+)\s+into\s+force\b|"
            r"\btook\s+effect\b",
            "",
        ),
        ("Expiry", r"\b(?:lapsed|expired|ran\s+out)\b", ""),
        ("Expiry", r"\bexpires\b", "future"),
        ("Extension", r"\b(?:keep|kept)\s+(?:it|the\s+\w+)\s+in\s+force\s+indefinitely\b|\bextended\b", ""),
        (
            "Pledge",
            r"\bpledged\b|\bpromis(?:ed|ing)\b|\bundert(?:ake|akes|ook)\s+to\b|\breaffirm\w*\s+that\b|"
            r"\b(?:offered|gave|received|provided|extended)\s+(?:\w+\s+){0,3}assurances\b|\bmoratorium\b|"
            r"\bwould\s+do\s+(?:its|their)\s+\W?utmost\b",
            "inherent",
        ),
        (
            "Compliance",
            r"\b(?:is|are|was|were|remains?)\s+(?:still\s+)?(?:observing|complying|abiding|adhering)\b|"
            r"\bcompl(?:ied|ies)\s+with\b",
            "",
        ),
        (
            "RejectionOfTalks",
            r"\brul(?:ed|es|ing)\s+out\s+(?:\w+\s+){0,3}(?:talks|dialogue|negotiations)\b|"
            r"\b(?:cannot|can\s*not|can't|will\s+not|won't|refused?\s+to)\s+(?:hold|have|start|launch|"
            r"resume|begin)\s+(?:any\s+)?(?:talks|dialogue|negotiations)\b|"
            r"\bcan\s+be\s+no\s+(?:talks|dialogue|negotiations)\b|"
            r"\bnot\s+(?:even\s+)?close\s+to\b[^.]{0,80}\b(?:dialogue|talks)\b|"
            r"\brejected\s+(?:\w+\s+){0,2}(?:talks|dialogue|negotiations)\b",
            "inherent",
        ),
        ("Signing", r"\bbecame\s+the\s+first\s+\w+\s+to\s+sign\b", "inherent"),
        ("Signing", r"\bsigned\b|\bput\s+their\s+names\s+to\b", ""),
        (
            "Signing",
            r"\breached\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:agreement|deal|accord)\b|\bwas\s+concluded\b|"
            r"\bconcluded\s+(?:a|an)\b|\bagreed\s+on\s+(?=(?:a|an|the)\s)|\b(?:framework|agreement|deal|accord|plan)\s+agreed\b",
            "",
        ),
        (
            "Negotiation",
            r"\btalks\s+(?:that\s+)?began\b|\bbegan\s+(?:talks|negotiations)\b|\bopened\s+(?:talks|negotiations)\b|"
            r"\badopted\s+the\s+(?:treaty|text|convention)\b|\bproposed\b",
            "",
        ),
        (
            "Deployment",
            r"(?<!\d\s)(?<!\bthe\s)(?<!\band\s)(?<!non-)\bdeploy(?:ed|ing|s)?\b(?!\s+(?:and|strategic|intercontinental|warheads|missiles|launchers))|\bstationed\b",
            "object",
        ),
        ("Production", r"\bproduc(?:ed|ing|es)\b|\bmanufactur(?:ed|ing|es)\b", "object"),
        (
            "WeaponsTest",
            r"\btest-fired\b|\btested\b|\bconducted\s+(?:a|an|its|their)\s+(?:\w+\s+){0,2}tests?\b",
            "object",
        ),
        ("Statement", r"\bissued\s+a\s+(?:\w+\s+)?statement\b", ""),
    )
)
COMPILED = tuple((t, re.compile(p), f) for t, p, f in TRIGGERS)

NEGATION = re.compile(
    r"\b(?:not(?!\s+only)|never|no|n't|without|refrain(?:s|ed)?\s+from|refus(?:e|es|ed)\s+to|ruling\s+out|"
    r"ruled\s+out|nor|cannot)\b"
)
MODAL = re.compile(
    r"\b(?:will|would|may|might|could|can|shall|should|must|is\s+to|are\s+to|due\s+to|"
    r"expected\s+to|likely\s+to|plans?\s+to|wants?\s+to|until|if|unless)\b"
)
CLAUSE_BREAK = re.compile(
    r"[;:\"\u201c\u201d(]|,\s+(?:and|but|while|which|who|when|saying)\b|\b(?:that|but|when|"
    r"after|while|although|because|which|as\s+long\s+as)\b"
)
REAL_INFINITIVE = re.compile(r"\b(?:agreed|decided|voted|chose|moved|first\s+\w+)\s+(?:on\s+\w+\s+)?to\s+$")
CONDITION = re.compile(r"\b(?:as\s+long\s+as|provided\s+that|on\s+condition\s+that|unless)\b[^.;]*")
ARMS_CONTEXT = re.compile(
    r"\b(?:nuclear|missiles?|warheads?|weapons|arms\s+control|disarmament|non-?proliferation|ballistic|"
    r"test\s+ban|enrichment|plutonium|chemical\s+weapons|biological\s+weapons|treaty)\b",
    re.IGNORECASE,
)


def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause holding ``pos`` (not before ``lo``)."""
    start = lo
    for m in CLAUSE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


def modality(text: str, lo: int, start: int, end: int, flags: frozenset[str]) -> str | None:
    """ "Future", "Possible", "Negated" or "Conditional" for a trigger at ``[start, end)``; None when real."""
    if "future" in flags:
        return "Future"
    if "inherent" in flags:
        return None
    cs = clause_start(text, lo, start)
    before = text[cs:start]
    if re.search(r"\bto\s+$", before) and not REAL_INFINITIVE.search(before):
        return "Future"
    if re.search(r"\b(?:begin|start|continue)\s+(?:\w+\s+and\s+)?$", before) and MODAL.search(before):
        return "Possible"
    if NEGATION.search(before):
        return "Negated"
    m = MODAL.search(before)
    if m:
        return "Conditional" if m.group(0) in ("if", "unless", "until") else "Possible"
    return None
