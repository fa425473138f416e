"""Attribution frames: who says what in which sentence, and which agency reported it.

"X said (that) ...", '"...," X stressed', "according to X, ...", "he was quoted as saying by the
Interfax news agency", "TASS reported". Sentences inside a multi-sentence quote inherit its speaker;
an agency credited for a speaker once is the reporter of all that speaker's claims in the article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.extract.clauses import names_administration
from kg.extract.documents import DOC_WORD, document_speaker, group_speakers
from kg.extract.entities import OFFICIALS_IN
from kg.extract.gazetteer import EntityTable
from kg.extract.records import Mention, Sentence

SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|stressed|noted|added|pointed\s+out|concluded(?!\s+(?:the|their|a|an|its)\s)|warned|insisted|argued|"
    r"complained|called|described|spoke\s+of|predicted|predict|urged|praised|accuses?|accused|denies|denied|"
    r"deny|condemned|claimed|answered|saying|was\s+quoted\s+as\s+saying|explained|emphasi[sz]ed|asserted|"
    r"objected|reiterated|rejected|dismissed|refuted|rebuffed|blamed|critici[sz]ed|welcomed|hailed|"
    r"regretted|reported|replied|retorted|remarked|acknowledged|admitted|insists|argues|maintains|"
    r"warns|stresses|rejects|dismisses|reiterates|blames|welcomes|joked|cited|denounced|decried|deplored|"
    r"lamented|slammed|branded|labell?ed|termed|dubbed|contended|maintained(?=\s+that\b)|"
    r"charged(?=\s+that\b)|alleged|cautioned|tweeted|"
    r"wrote(?=\s+(?:that\b|on\s+(?:Twitter|X|Telegram|Facebook|social\s+media)\b|in\s+(?:a|an|his|her|its)\s+))|"
    r"(?:expressed|expresses|voiced|voices|conveyed)\s+(?:(?:its|his|her|their|deep|serious|grave|strong|"
    r"great|growing|full|\w+'s)\s+)*(?:regret|concern|alarm|dismay|disappointment|satisfaction|support|"
    r"opposition|hope|outrage|surprise|frustration|doubts?|reservations|anger|condolences|solidarity)|"
    r"(?:declared|recalled|responded)(?=\s+that\b|\s*[,:])|"
    # "..., Ahmadinejad announced on Tuesday." (or ", defying ..."): only as a trailing report (else an
    # Announcement's trigger)
    r"announced(?=(?:\s+(?:on|in|late|early|last)\s+[\w.]+(?:\s+\d+)?|\s+(?:yesterday|today))?"
    r"\s*(?:[.!]|,\s+[a-z]+ing\b))|"
    r"quoted\s+(?:a|an|the)\s+(?!news\b|agency\b))\b"
)
# A reporting clause after its content: ", the X said" (the speaker starts right after the comma).
TRAILING = re.compile(r",\s*(?:the\s+|its\s+|a\s+)?(?:[\w.'\u2019\-]+\s+){1,4}$")
# A speech verb inside a relative clause: "... that it said", "which he called".
PARENTHETICAL = re.compile(r"\b(?:that|which)\s+(?:it|he|she|they|[A-Z]\w+)\s+$")
# A passive auxiliary right before the verb: "was hailed", "has been criticised", "were widely welcomed".
PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?$")
ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,})[\"\u201d]")
AGENT_KINDS = ("person", "state", "organization")
# Unnamed speakers: "Diplomats at the United Nations said", "crowds in Pakistani cities ... warned".
GENERIC_SPEAKER = re.compile(
    r"\b(?:diplomats|officials|analysts|experts|critics|observers|crowds|residents|people|protesters|sources|"
    r"lawmakers|scientists|activists|witnesses)\b",
    re.IGNORECASE,
)
PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|on|to|from|with|for|after|before|against|by|of|about|under|than|"
    r"as|into|over|between|among|like|unlike|except)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Attribution:
    """The speaker of a sentence, where the asserted content lies, and the reporter if credited."""

    sentence: int
    speaker: str
    verb_start: int
    verb_end: int
    content: tuple[int, int]
    according: bool = False
    reporter: str | None = None
    inherited: bool = False
    anchor: int | None = None  # sentence of the document a "The statement said" refers back to
    definite: bool = False  # "The government statement said": a document already reported
    co_speakers: tuple[str, ...] = ()  # "The three nuclear powers argued": the rest of the group


def is_media(table: EntityTable, key: str) -> bool:
    """True for news agencies and outlets."""
    return "MediaOrganization" in table.entities[key].classes


def _qualifier(text: str, m: Mention) -> bool:
    """A demonym or name that qualifies a title ("Russian" in "Russian President Vladimir Putin"), not the
    speaker of a sentence about one ("The Kremlin said President ...")."""
    title = re.match(
        r"(?:'s|\u2019s)?\s+(?:[A-Za-z\-]+\s+){0,3}?(?:President|Prime|Minister|[Ff]oreign|leader|"
        r"Secretary|chief|ambassador|spokesperson|diplomat|[Dd]irector|head)\b",
        text[m.end : m.end + 50],
    )
    return bool(
        title
        and not SPEECH.search(title.group(0))
        and not re.match(r"(?:'s|\u2019s)\s+representative", text[m.end : m.end + 20])
    )


def agent_mentions(table: EntityTable, lo: int, hi: int) -> list[Mention]:
    """Mentions of agents (people, states, bodies) inside ``[lo, hi)``, qualifiers and agencies left out."""
    out = []
    for m in table.sorted_mentions():
        kind = m.entity.split("/")[0]
        if lo <= m.start and m.end <= hi and kind in AGENT_KINDS and m.how not in ("dateline", "relation"):
            if is_media(table, m.entity) or (kind != "person" and _qualifier(table.text, m)):
                continue
            out.append(m)
    return out


def subject(table: EntityTable, lo: int, hi: int) -> Mention | None:
    """The subject of ``[lo, hi)``: first non-prepositional person, else agent, else the nearest mention."""
    cands = agent_mentions(table, lo, hi)
    text = table.text
    free = [
        m for m in cands if not PREPOSITION_BEFORE.search(_strip_title(text, max(lo, m.start - 40), m.start))
    ]
    around = [m for m in cands if re.search(OFFICIALS_IN, text[max(lo, m.start - 30) : m.start])]
    if around and around[0].entity.startswith("state/"):
        return around[0]  # "Officials in Kiev said": Ukraine
    generic = GENERIC_SPEAKER.search(text, cands[-1].end, hi) if cands else None
    if generic and text[cands[-1].end : generic.start()].strip():
        return None  # "..., while diplomats warned": the speaker is unnamed ("Russian officials" is Russia)
    if not free and cands and GENERIC_SPEAKER.search(text, lo, hi):
        return None
    persons = [m for m in free if m.entity.startswith("person/")]
    if persons:
        return persons[0]
    if free:
        return free[0]
    return cands[-1] if cands else None


def _administration(table: EntityTable, who: Mention, state_of: Mapping[str, str]) -> Mention:
    """ "The Reagan administration said", "the administration of President Bush said": the person's state."""
    text = table.text
    if not who.entity.startswith("person/") or not names_administration(text, who.start, who.end):
        return who
    key = state_of.get(who.entity, "")
    return Mention(key, who.start, who.end, who.exact, "pronoun") if key in table.entities else who


def _possessive_government(table: EntityTable, lo: int, pos: int) -> Mention | None:
    """ "His administration accused ...": the known state of the person named last before."""
    m = re.search(r"\b(?:[Hh]is|[Hh]er)\s+(?:administration|government)\s+$", table.text[lo:pos])
    if not m:
        return None
    people = [
        x for x in table.sorted_mentions() if x.entity.startswith("person/") and x.end <= lo + m.start()
    ]
    state = str(table.entities[people[-1].entity].data.get("state") or "") if people else ""
    key = "state/" + state.split(":")[-1] if state else ""
    if key not in table.entities:
        return None
    return Mention(key, lo + m.start(), lo + m.end(), table.text[lo + m.start() : lo + m.end()], "pronoun")


# A title with its own "of": "Secretary of State", "Minister of Foreign Affairs of Russia".
_OF_TITLE = re.compile(
    r"\b(?:Secretary|Minister|Director|Head|Chairman|Chairwoman|Commissioner|Ambassador|President|Chief)"
    r"(?:[\s-]General)?\s+(?:of|for)\s+(?:the\s+)?(?:(?:[A-Z][\w.\-]*|of|and|the)\s+)*$"
)


def _strip_title(text: str, lo: int, pos: int) -> str:
    before = _OF_TITLE.sub("", text[lo:pos])
    return re.sub(
        r"(?:(?:(?!(?:In|At|On|From|With|For|After|Before|By|Of|To|Under|Against|During)\s)[A-Z][\w.\-]*|foreign|"
        r"policy|chief|deputy|minister|spokesperson|leader|head|diplomat)\s+)*$",
        "",
        before,
    )


def _reporter(table: EntityTable, s: Sentence) -> str | None:
    for m in table.sorted_mentions():
        if (
            s.start <= m.start < s.end
            and m.entity.split("/")[0] == "organization"
            and is_media(table, m.entity)
        ):
            return m.entity
    return None


def find_attributions(
    table: EntityTable, state_of: Mapping[str, str] | None = None
) -> dict[int, Attribution]:
    """Speaker and content of every attributed sentence, keyed by sentence index (``state_of``: the
    state each person serves, for "the Reagan administration said")."""
    text = table.text
    out: dict[int, Attribution] = {}
    last_doc: str | None = None
    doc_sentence: int | None = None
    for s in table.sentences:
        if s.headline:
            continue
        acc = ACCORDING.search(text, s.start, s.end)
        if acc:
            after = [m for m in agent_mentions(table, acc.end(), s.end) if m.start <= acc.end() + 4]
            if after:
                who = after[0]
                tail = text[who.end : s.end]
                content = (
                    (who.end, s.end) if re.match(r"\s*,", tail) and len(tail) > 3 else (s.start, acc.start())
                )
                out[s.index] = Attribution(s.index, who.entity, acc.start(), who.end, content, according=True)
                continue
        for v in SPEECH.finditer(text, s.start, s.end):
            if PARENTHETICAL.search(text, max(s.start, v.start() - 30), v.start()):
                continue  # "sanctions that it said made visits impossible": no speech act of its own
            if PASSIVE_AUX.search(text, max(s.start, v.start() - 30), v.start()):
                continue  # "Russia's ratification was hailed", "he was told": the subject said nothing
            quote_end = max((q.end() for q in QUOTE.finditer(text, s.start, v.start())), default=None)
            lo = s.start
            if quote_end is not None and len(text[quote_end : v.start()]) < 60:
                lo = quote_end
            group = group_speakers(table, lo, v.start())
            who = (
                (group[0] if group else None)
                or subject(table, lo, v.start())
                or _possessive_government(table, lo, v.start())
                or document_speaker(table, lo, v.start(), last_doc)
            )
            if who is None:
                continue
            who = _administration(table, who, state_of or {})
            anchor = doc_sentence if who.how == "document-anaphor" else None
            if who.how.startswith("document") or DOC_WORD.search(text, s.start, s.end):
                last_doc, doc_sentence = who.entity, s.index if anchor is None else anchor
            q_after = QUOTE.search(text, v.end(), s.end)
            if quote_end is not None and lo == quote_end:
                content = (s.start, quote_end)
            elif q_after and re.fullmatch(r"[\s,:]*(?:that\s+)?", text[v.end() : q_after.start()]):
                content = (q_after.start(), q_after.end())
            elif (
                (tm := TRAILING.search(text, lo, v.start()))
                and len(text[lo : tm.start()].split()) >= 4  # not "On Monday, Germany voiced regret"
                and not re.match(r"\s*(?:that\b|:|it\b|they\b|the\b|[A-Z])", text[v.end() : s.end])
            ):
                # "Russia withdrew from the treaty on Tuesday, the Foreign Ministry said in a statement."
                inside = agent_mentions(table, tm.start(), v.start())
                who = inside[0] if inside else who
                content = (s.start, tm.start())
            else:
                content = (v.end(), s.end)
            definite = who.how == "document" and who.exact[:3] in ("The", "the")
            out[s.index] = Attribution(
                s.index,
                who.entity,
                v.start(),
                v.end(),
                content,
                anchor=anchor,
                definite=definite,
                co_speakers=tuple(m.entity for m in group[1:]) or _coordinated(table, who, v.start()),
            )
            break
        if s.index in out:
            out[s.index].reporter = _reporter(table, s)
    _inherit_quotes(table, out)
    _carry_reporters(out)
    return out


# Between two coordinated speakers: commas, "and", and the words of a title ("Emmanuel Macron, German
# Chancellor Angela Merkel and British Prime Minister Theresa May said").
_COORDINATION = re.compile(
    r"[\s,]*(?:and\s+)?(?:the\s+)?(?:(?:[A-Z][\w.\-]*|prime|minister|foreign|deputy|president|chancellor|"
    r"secretary|general|of|state|defen[cs]e|leader|spokesperson|ambassador)\s+){0,5}"
)


def _coordinated(table: EntityTable, who: Mention, verb: int) -> tuple[str, ...]:
    """The speakers joined to ``who`` by commas and "and" before the speech verb."""
    out: list[str] = []
    end = who.end
    for m in agent_mentions(table, who.end, verb):
        if not _COORDINATION.fullmatch(table.text, end, m.start) or m.entity == who.entity:
            break
        if m.entity not in out:
            out.append(m.entity)
        end = m.end
    # the last one must reach the verb: "A and B said", not "A, whom B met, said"
    return tuple(out) if out and not table.text[end:verb].strip(" ,") else ()


def _inherit_quotes(table: EntityTable, out: dict[int, Attribution]) -> None:
    """Sentences inside one quotation share the speaker of the sentence that attributes it."""
    text = table.text
    by_para: dict[int, list[Sentence]] = {}
    for s in table.sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    for sents in by_para.values():
        lo, hi = sents[0].start, sents[-1].end
        for q in QUOTE.finditer(text, lo, hi):
            inside = [s for s in sents if s.start < q.end() and q.start() < s.end]
            owner = next((out[s.index] for s in inside if s.index in out), None)
            if owner is None:
                continue
            for s in inside:
                if s.index not in out:
                    out[s.index] = Attribution(
                        s.index,
                        owner.speaker,
                        owner.verb_start,
                        owner.verb_end,
                        (max(s.start, q.start()), min(s.end, q.end())),
                        reporter=owner.reporter,
                        inherited=True,
                    )


def _carry_reporters(out: dict[int, Attribution]) -> None:
    """An agency credited once for a speaker reports all of that speaker's claims."""
    credited: dict[str, str] = {}
    for a in sorted(out.values(), key=lambda a: a.sentence):
        if a.reporter:
            credited.setdefault(a.speaker, a.reporter)
    for a in out.values():
        if a.reporter is None and a.speaker in credited:
            a.reporter = credited[a.speaker]
