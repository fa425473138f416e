"""Statements whose subject is a document a government issued.

"A Foreign Ministry statement carried by KCNA accused ...", "A government statement published by the New
China News Agency said ...", "The declaration said ...", "The ministry blamed ...": the speaker is the
issuing state (the state the adjective names, else the article's main state), and the agency that carried
the text is the reporter.
"""

from __future__ import annotations

import re

from kg.extract.gazetteer import EntityTable
from kg.extract.records import Mention

_ISSUER = (
    r"(?:[Gg]overnment|[Ff]oreign\s+[Mm]inistry|[Dd]efen[cs]e\s+[Mm]inistry|[Mm]inistry(?:\s+of\s+[A-Z]\w+"
    r"(?:\s+[A-Z]\w+)?)?|[Ff]oreign\s+[Oo]ffice|[Cc]abinet|[Pp]residential|[Oo]fficial|[Jj]oint)"
)
_DOC = r"(?:statement|communiqu[e\u00e9]|declaration|note|memorandum|message|letter)"
DOC_WORD = re.compile(r"\b(?:statement|communiqu[e\u00e9]|declaration)\b")
# "A Foreign Ministry statement", "a government statement", "a Russian Foreign Ministry communique".
DOCUMENT = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<issuer>" + _ISSUER + r")\s+"
    r"(?:\w+\s+)?" + _DOC + r"\b"
)
# "The statement", "The declaration", "The ministry", "the communique" (the document named before).
DOCUMENT_ANAPHOR = re.compile(r"\b[Tt]he\s+(?:" + _DOC + r"|ministry|government|decree|order)\b")
# "... carried by / published by / released through / issued via the state news agency X"
CARRIER = re.compile(
    r"\b(?:carried|published|released|issued|distributed|run|broadcast)\s+(?:by|through|via|on)\s+",
)


def main_state(table: EntityTable) -> str | None:
    """The state the article names most often (the first named breaks ties)."""
    count: dict[str, float] = {}
    for i, m in enumerate(x for x in table.sorted_mentions() if x.entity.startswith("state/")):
        count[m.entity] = count.get(m.entity, 0) + 1 - i / 1e6
    return max(count, key=lambda k: count[k]) if count else None


def _state_named(table: EntityTable, start: int, end: int) -> str | None:
    for m in table.sorted_mentions():
        if m.entity.startswith("state/") and start <= m.start < end:
            return m.entity
    return None


def document_speaker(table: EntityTable, lo: int, verb: int, last: str | None) -> Mention | None:
    """The issuing state of a document that is the subject of ``[lo, verb)``, as a mention."""
    gap = table.text[lo:verb]
    d = DOCUMENT.search(gap)
    if d and not re.search(r"[.;]", gap[: d.start()]) and len(gap[: d.start()].split()) <= 6:
        key = None
        if d.group("adj"):
            key = _state_named(table, lo + d.start("adj"), lo + d.end("adj"))
        if key is None:
            key = _state_named(table, lo + d.start(), lo + d.end())
        if key is None and d.group("issuer").lower() not in ("joint",):
            key = main_state(table)
        if key:
            return Mention(key, lo + d.start(), lo + d.end(), d.group(0), "document")
        return None
    a = DOCUMENT_ANAPHOR.match(gap.lstrip())
    if a and not last and a.group(0).split()[-1] in ("decree", "order") and len(gap.split()) <= 6:
        last = _issuer_of_decree(table, lo)  # "The decree cited ...": the government that issued it
    if a and last and len(gap.split()) <= 6:
        s = lo + len(gap) - len(gap.lstrip())
        return Mention(last, s, s + a.end(), a.group(0), "document-anaphor")
    return None


def _issuer_of_decree(table: EntityTable, pos: int) -> str | None:
    """The state of the last person named before ``pos`` (who signed it), else the article's main state."""
    people = [m for m in table.sorted_mentions() if m.entity.startswith("person/") and m.end <= pos]
    for m in reversed(people):
        state = str(table.entities[m.entity].data.get("state") or "").replace(":", "/")
        if state in table.entities:
            return state
    return main_state(table)


def carrier(table: EntityTable, lo: int, hi: int) -> str | None:
    """The media organization named right after "carried by" / "released through" in ``[lo, hi)``."""
    for c in CARRIER.finditer(table.text, lo, hi):
        for m in table.sorted_mentions():
            if c.end() <= m.start < c.end() + 60 and "MediaOrganization" in table.entities[m.entity].classes:
                return m.entity
    return None


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5}
# "The three nuclear powers argued ...": a group of states the article just listed
GROUP_SUBJECT = re.compile(
    r"\s*[Tt]he\s+(?P<n>two|three|four|five)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:powers|countries|states|governments|nations|allies|signatories)\s+$"
)


def group_speakers(table: EntityTable, lo: int, verb: int) -> list[Mention]:
    """The states of the last sentence that names exactly as many as "The three ... powers" counts."""
    g = GROUP_SUBJECT.match(table.text, lo, verb)
    if not g or g.end() != verb:
        return []
    n = _COUNT[g.group("n")]
    by_sentence: dict[int, list[Mention]] = {}
    for m in table.sorted_mentions():
        if m.entity.startswith("state/") and m.end <= lo and m.how != "dateline":
            group = by_sentence.setdefault(table.sentence_at(m.start), [])
            if m.entity not in {x.entity for x in group}:
                group.append(m)
    for sid in sorted(by_sentence, reverse=True):
        if len(by_sentence[sid]) == n:
            return [
                Mention(m.entity, lo + g.start(), lo + g.end(), g.group(0).strip(), "group")
                for m in by_sentence[sid]
            ]
    return []
