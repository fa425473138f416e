"""Named entities: states, organizations, treaties, places from the reference gazetteer plus patterns.

Order matters: datelines, "X (ACR) Treaty" forms and "the Russian side" phrases first, then the
gazetteer (longest surface first), then unknown organizations, agencies, treaties and places by their
head words. People are found by :mod:`kg.extract.people`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from kg.extract.gazetteer import EntityTable, Gazetteer

# "Officials in Kiev said": the people of a government, named by its capital
OFFICIALS_IN = r"\b(?:[Oo]fficials|[Ll]eaders|[Aa]uthorities)\s+in\s+$"
LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|from|to|into)\s+(?:the\s+|a\s+)?|"
    r"\b(?:suburbs?|outskirts|centre|center|streets|heart|city|vicinity|area)\s+of\s+)$"
)
DATELINE = re.compile(r"([A-Z][A-Z.'\- ]{1,40}?)(?:,\s*[A-Z][A-Za-z. ]+)?\s+[-\u2013\u2014]\s+")
ACRONYM_FORM = re.compile(
    r"((?:[A-Z][\w\-]*\s+){1,7}?)\((?P<acr>[A-Z][\w\-+ ]{1,20})\)"
    r"(?:\s+(?P<head>Treaty|Convention|Agreement))?"
)
STATE_PHRASE = re.compile(
    r"\b[Tt]he\s+(?P<dem>[A-Z][a-z]+)\s+(?:side|government|authorities|leadership|delegation|administration)\b"
)
CAPITAL_PHRASE = re.compile(r"\b(?:the\s+)?(?P<dem>[A-Z][a-z]+)\s+capital\b")
GROUP_PHRASE = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<dem>[A-Z][a-z]+)\s+(?P<head>opposition|rebels|parliament|senate)\b"
)
REGIONAL_GROUP = re.compile(
    r"\b(?:Western|European|Arab|African|Asian|Gulf|Nordic|Baltic|Latin\s+American|Non-[Aa]ligned)\s+"
    r"(?:governments|powers|nations|states|countries|allies)\b"
)
ORG_HEADS = (
    "Organization|Organisation|Agency|Council|Assembly|Movement|Commission|Committee|Ministry|Department|"
    "Parliament|Congress|Senate|Duma|Conference|Union|Alliance|Court|Institute|Office|Secretariat|Forum|"
    "Campaign|Coalition|Association|Foundation|Center|Centre|Initiative|Society|Network|Watch|Fund|"
    "International|Group|Project|Laboratory|Academy|Bureau|Authority|Directorate"
)
_CAP = r"[A-Z][\w'\-]*"
# Names of the press, and of bodies that are no government's, whose state adjective is part of the name
MEDIA_NAME = re.compile(
    r"\b(?:News|Press|Broadcasting|Television|Radio)\s+(?:Agency|Association|Corporation|Service)$"
)
NON_GOVERNMENT_HEAD = re.compile(
    r"\b(?:Association|Foundation|Institute|Center|Centre|Society|Network|Campaign|Coalition|Watch|Fund|Project|"
    r"Academy|(?:News|Press)\s+Agency)$"
)
# A capitalised word after "on"/"of" in a name, never a day or month ("the Ottawa Treaty on Wednesday").
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)
_TAIL_CAP = rf"(?!{_CALENDAR}){_CAP}"
# The name without a leading "The" ("The James Martin Center for ... said": the name is "James Martin ...").
# "and" inside the name too ("Arms Control and Disarmament Agency"); where that runs over a name already
# taken ("the United States and European Union"), the part after the "and" is tried (``_org_names``).
ORG_NAME = re.compile(
    rf"(?:\b[Tt]he\s+)?(?P<name>(?:{_CAP}\s+(?:and\s+(?={_CAP}))?)*?(?:{_CAP}\s+)?(?:{ORG_HEADS})\b"
    rf"(?:\s+(?:of|for|on|to)\s+(?:the\s+)?{_TAIL_CAP}(?:\s+(?:and\s+)?{_CAP})*)?)"
)
_TREATY_HEADS = r"(?:Treaty|Convention|Accord|Protocol|Memorandum|Agreement)"
_TREATY_TAIL = rf"\s+(?:on|of)\s+(?:the\s+)?{_TAIL_CAP}(?:\s+(?:and\s+|of\s+|on\s+|in\s+)?{_TAIL_CAP})*"
# "the INF Treaty", "the Mine Ban Treaty on the ...", and names that start with the head: "the Convention
# on Cluster Munitions", "the Treaty of Pelindaba".
TREATY_NAME = re.compile(
    rf"(?:[Tt]he\s+)?((?:{_CAP}\s+(?:and\s+|on\s+|for\s+)?){{1,6}}{_TREATY_HEADS}(?:{_TREATY_TAIL})?|"
    rf"(?<![\w\-]){_TREATY_HEADS}{_TREATY_TAIL})"
)
AGENCY = re.compile(
    r"\b(?:the\s+)?(?:news\s+agency\s+(?P<a>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)|"
    r"(?P<b>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)\s+(?:news\s+agency|reported|quoted)|"
    r"quoted\s+(?:as\s+saying\s+)?by\s+(?:the\s+)?(?P<c>[A-Z][\w\-]+)(?:\s+news\s+agency)?)"
)
# Legislative committees: "the Senate Foreign Relations Committee", "the House Armed Services
# Committee", "the Duma's International Affairs Committee", "the Senate Committee on Foreign Relations".
CHAMBERS = (
    r"(?:U\.S\.\s+|US\s+)?(?:Senate|House(?:\s+of\s+Representatives)?|House\s+of\s+Commons|House\s+of\s+Lords)|"
    r"(?:State\s+)?Duma|Federation\s+Council|Bundestag|Knesset|Majlis|Rada|National\s+Assembly|Congressional|"
    r"Parliamentary|Senate"
)
COMMITTEE = re.compile(
    rf"(?<![\w\-])(?P<chamber>{CHAMBERS})(?:'s|\u2019s)?\s+(?P<topic>(?:(?:[A-Z][a-z]+|and|on),?\s+){{0,5}}?)"
    r"(?P<head>Committee|Subcommittee|Commission)\b"
    rf"(?:\s+on\s+(?:the\s+)?{_TAIL_CAP}(?:,?\s+(?:and\s+)?{_CAP})*)?"
)
DIVIDED = frozenset({"Korea", "Vietnam", "Yemen"})
PLACE_HEADS = re.compile(
    rf"\b(?:in|at|near)\s+(?:the\s+)?((?:{_CAP}\s+)*(?:Castle|Palace|Square|Hall|Island|Islands|Base|Headquarters|Airport))\b"
)
# "the northeastern city of Mashhad", "the breakaway region of Abkhazia", "the Natanz plant", "the
# Punggye-ri test site": a place named by what it is
PLACE_OF = re.compile(
    rf"\b(?:city|town|village|port|region|province|enclave|oblast|district|island)\s+of\s+((?:{_CAP})(?:\s+{_CAP})?)\b"
)
PLACE_BEFORE_HEAD = re.compile(
    rf"\b(?:[Tt]he|at|near)\s+({_CAP}(?:-[a-z]+)?)\s+(?:(?:nuclear|enrichment|test|testing|missile|launch|"
    r"research|underground)\s+){0,2}(?:plant|facility|site|complex|reactor|range|cosmodrome|polygon)\b"
)
LIST_GAP = re.compile(r",\s+|,?\s+(?:and|or)\s+")
LOCATIVE_NAME = re.compile(rf"\b(?:in|at)\s+((?:{_CAP})(?:\s+{_CAP})?)(?=[\s,.;])")
NOT_PLACES = frozenset(
    "January February March April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday The A An This That His Her Its Their Our".split()
)
TREATY_ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:\d{4}|Cold\s+War|(?!(?:that|the|this|a|an|is|was|of)\b)[a-z\-]+)\s+){0,3}?"
    r"(?P<head>treaty|Treaty|pact|accord|agreement|deal|convention|Convention|memorandum|test\s+ban)\b"
    r"(?!\s+(?:on|of|between)\s+[A-Z])"
)


def _pick(cands: list[tuple[Any, str]], published: dt.date | None, locative: bool, year: str | None) -> Any:
    """Choose among reference candidates for one surface, by context and era."""
    if not cands:
        return None
    states = [e for e, _ in cands if e.kind == "state"]
    if published and len(states) > 1:
        alive = [
            e for e in states if e.data.get("end_date") and str(e.data["end_date"]) >= published.isoformat()
        ]
        if alive:
            cands = [(e, h) for e, h in cands if e.kind != "state" or e in alive]
        else:
            cands = [(e, h) for e, h in cands if e.kind != "state" or not e.data.get("end_date")]
    treaties = [e for e, _ in cands if e.kind == "treaty"]
    if len(treaties) > 1:
        if year:
            same = [e for e in treaties if str(e.data.get("signature_date", "")).startswith(year)]
            if same:
                return same[0]
        if published:
            signed = [
                e for e in treaties if str(e.data.get("signature_date") or "0") <= published.isoformat()
            ]
            if signed:
                return max(signed, key=lambda e: str(e.data.get("signature_date") or ""))
    places = [e for e, _ in cands if e.kind == "place"]
    if places and locative:
        return places[0]
    named = [e for e, h in cands if e.kind not in ("place", "state") and h in ("label", "alias", "acronym")]
    if named and any(h == "metonym" for _, h in cands):
        return named[0]
    non_places = [(e, h) for e, h in cands if e.kind != "place"]
    order = {"state": 0, "organization": 1, "treaty": 2, "person": 3, "place": 4}
    pool = non_places or cands
    return sorted(pool, key=lambda eh: order.get(eh[0].kind, 9))[0][0]


def find_named(
    table: EntityTable, gaz: Gazetteer, text: str, body_start: int, published: dt.date | None
) -> None:
    """Reference and pattern-based entities of the article into ``table``."""
    ref = gaz.reference
    # datelines: aliases of a place (or body), never event places
    for s in table.sentences:
        if s.headline:
            continue
        m = DATELINE.match(text, s.start)
        if m and m.group(1).strip().upper() == m.group(1).strip():
            name = m.group(1).strip()
            cands = [
                e for e in ref.lookup(name.title()) + ref.lookup(name) if e.kind in ("place", "organization")
            ]
            places = [e for e in cands if e.kind == "place"]
            target = (places or cands or [None])[0]
            key = table.add_ref(target) if target else table.add_new("place", name.title())
            table.mention(key, m.start(1), m.start(1) + len(name), "dateline")
        break
    # "Intermediate-Range Nuclear Forces (INF) Treaty", "Strategic Arms Reduction Treaty (New START)"
    for m in ACRONYM_FORM.finditer(text, body_start):
        acr, head = m.group("acr").strip(), m.group("head")
        cands = [
            e for e in ref.lookup(f"{acr} {head}" if head else acr) + ref.lookup(acr) if e.kind == "treaty"
        ]
        if cands and table.free(m.start(), m.end()):
            key = table.add_ref(cands[0])
            table.mention(key, m.start(), m.end(), "alias")
    _committees(table, gaz, text, body_start)
    for m in STATE_PHRASE.finditer(text, body_start):
        hits = [e for e in ref.lookup(m.group("dem")) if e.kind == "state"]
        if hits and table.free(m.start(), m.end()):
            target = _pick([(e, "demonym") for e in hits], published, False, None)
            table.mention(table.add_ref(target), m.start(), m.end(), "alias")
    for m in CAPITAL_PHRASE.finditer(text, body_start):
        states = [e for e in ref.lookup(m.group("dem")) if e.kind == "state"]
        if not states or not table.free(m.start(), m.end()):
            continue
        capital = next(iter(states[0].data.get("metonyms") or ()), None)
        places = [e for e in ref.lookup(capital) if e.kind == "place"] if capital else []
        alpha3 = states[0].data.get("alpha3")
        places = places or [e for e in ref.of_kind("place") if alpha3 and e.data.get("country") == alpha3][:1]
        if places:
            s = m.start("dem")
            table.mention(table.add_ref(places[0]), s, m.end(), "alias")
    for m in REGIONAL_GROUP.finditer(text, body_start):
        # "Western governments accuse ...": a group of states as one speaker or actor
        if table.free(m.start(), m.end()):
            key = table.add_new("organization", m.group(0), ("Organization",))
            table.mention(key, m.start(), m.end(), "label")
    for m in GROUP_PHRASE.finditer(text, body_start):
        states = [e for e in ref.lookup(m.group("dem")) if e.kind == "state"]
        if states and table.free(m.start("dem"), m.end()):
            label = f"{m.group('dem')} {m.group('head')}"
            known = [e for e in ref.lookup(label) if e.kind == "organization"]
            if known:
                key = table.add_ref(known[0])
            else:
                body = m.group("head") in ("parliament", "senate")
                # a chamber is part of its state; the opposition or rebels are not (their words are not
                # the state's: kg.extract.pipeline._state_claims)
                key = table.add_new(
                    "organization",
                    label,
                    ("GovernmentBody",) if body else ("Organization",),
                    **({"part_of": f"state/{states[0].slug}"} if body else {}),
                )
            table.mention(key, m.start("dem"), m.end(), "label")
    _lowercase_treaties(table, gaz, text, body_start)
    # the gazetteer
    for m in gaz.pattern.finditer(text, body_start):
        if not table.free(m.start(), m.end()):
            continue
        forms = gaz.forms(m.group(0))
        if m.group(0).lower().startswith("the "):
            forms = forms + gaz.forms(m.group(0)[4:])
        if not forms:
            continue
        if all(f.common_word for f in forms) and re.match(r"\s+[A-Z][a-z]", text[m.end() : m.end() + 3]):
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        locative = bool(LOCATIVE.search(before)) and not re.search(
            r"[Aa]ccording\s+to\s+$|" + OFFICIALS_IN, before
        )  # "officials in Kiev": the government, not the city
        # "in London, Washington and Moscow": each name of the list after the first place is a place
        locative = locative or any(
            x.entity.startswith("place/") and LIST_GAP.fullmatch(text, x.end, m.start())
            for x in table.mentions
        )
        ym = re.search(r"\b(\d{4})\s+$", before)
        target = _pick([(f.ref, f.how) for f in forms], published, locative, ym.group(1) if ym else None)
        how = next((f.how for f in forms if f.ref is target), "label")
        if re.search(r"\b(?:former|ex-)\s*$", before) and re.match(
            r"\s+(?:republics?|states?|countries|satellites|bloc|nations?|territory)\b",
            text[m.end() : m.end() + 15],
        ):
            continue  # "four former Soviet republics": not the Soviet Union itself
        if locative and target.kind == "state" and how == "metonym" and not re.search(r"\bto\s+$", before):
            # "talks due to open in Cairo": the capital as a place, not its government
            table.mention(table.add_new("place", m.group(0)), m.start(), m.end(), "label")
            continue
        table.mention(table.add_ref(target), m.start(), m.end(), how)
    _unknown_names(table, gaz, text, body_start)
    _short_forms(table, text, body_start)
    _conference(table, text, body_start)


def _committees(table: EntityTable, gaz: Gazetteer, text: str, body_start: int) -> None:
    """Committees of a legislative chamber: government bodies of the chamber's state."""
    for m in COMMITTEE.finditer(text, body_start):
        if not table.free(m.start(), m.end()):
            continue
        chamber = re.sub(r"^(?:U\.S\.|US)\s+", "", m.group("chamber"))
        bodies = gaz.reference.lookup(m.group("chamber")) + gaz.reference.lookup(chamber)
        parts = [str(e.data["part_of"]) for e in bodies if e.kind == "organization" and e.data.get("part_of")]
        part = parts[0] if parts else None
        label = re.sub(r"(?:'s|\u2019s)(?=\s)", "", m.group(0))
        data = {"of_label": f"the {label}"}
        if part:
            data["part_of"] = part.replace("state:", "state/") if part.startswith("state:") else part
        key = table.add_new("organization", label, ("GovernmentBody",), **data)
        table.mention(key, m.start(), m.end(), "label")


# "the conference", "their month-long conference", "the conference president"
CONFERENCE_WORD = re.compile(r"\b(?:[Tt]he|[Tt]heir|[Tt]his|[Ii]ts)\s+(?P<c>(?:[\w-]+\s+){0,2}?conference)\b")


def _conference(table: EntityTable, text: str, body_start: int) -> None:
    """ "the conference" of an article about one: the conference named last before it, else (said twice
    or more) the conference of the treaty the article names first ("Non-Proliferation Treaty conference")."""
    hits = [m for m in CONFERENCE_WORD.finditer(text, body_start) if table.free(m.start("c"), m.end("c"))]
    named = [
        m
        for m in table.sorted_mentions()
        if m.entity.startswith("organization/") and "conference" in table.entities[m.entity].label.lower()
    ]
    treaties = [m for m in table.sorted_mentions() if m.entity.startswith("treaty/")]
    key = None
    if not named and len(hits) >= 2:
        label = f"{treaties[0].exact} conference" if treaties else "conference"
        key = table.add_new("organization", label, ("Organization",))
    for m in hits:
        before = [x.entity for x in named if x.end <= m.start()]
        if before or key:
            table.mention(before[-1] if before else key, m.start("c"), m.end("c"), "anaphor")


def _lowercase_treaties(table: EntityTable, gaz: Gazetteer, text: str, body_start: int) -> None:
    """Treaty names written in lower case ("the partial test ban treaty"): three words or more."""
    lower: dict[str, Any] = {}
    for surface, forms in gaz.by_surface.items():
        refs = {id(f.ref): f.ref for f in forms if f.ref.kind == "treaty"}
        if len(surface.split()) >= 3 and len(refs) == 1 and surface.lower() != surface:
            lower.setdefault(surface.lower(), next(iter(refs.values())))
    if not lower:
        return
    alternation = "|".join(re.escape(k) for k in sorted(lower, key=lambda k: (-len(k), k)))
    for m in re.finditer(r"(?<![\w\-])(?:" + alternation + r")(?![\w\-])", text[body_start:]):
        start, end = body_start + m.start(), body_start + m.end()
        if m.group(0) != m.group(0).lower() or not table.free(start, end):
            continue
        table.mention(table.add_ref(lower[m.group(0)]), start, end, "label")


def _short_forms(table: EntityTable, text: str, body_start: int) -> None:
    """ "the Assembly" after "the General Assembly", "the agency" after "the IAEA": the head word of a
    body named before (the one named last before it, when several share the head)."""
    heads: dict[str, list[tuple[str, int]]] = {}
    for m in table.sorted_mentions():
        if not m.entity.startswith("organization/"):
            continue
        words = m.exact.split()
        label = table.entities[m.entity].label.split()
        for head in {words[-1] if len(words) >= 2 else "", label[-1] if len(label) >= 2 else ""}:
            if head[:1].isupper():
                heads.setdefault(head, []).append((m.entity, m.end))
    # "the North" after "North Korea" (a compass word naming one half of a divided country)
    for m in table.sorted_mentions():
        words = m.exact.split()
        if (
            m.entity.startswith("state/")
            and len(words) == 2
            and words[0] in ("North", "South")
            and words[1] in DIVIDED
        ):
            heads.setdefault(words[0], []).append((m.entity, m.end))
    _alliances(table, text, body_start)
    for head, named in heads.items():
        rx = r"\b[Tt]he\s+(" + re.escape(head) + "|" + re.escape(head.lower()) + r")\b"
        for m in re.finditer(rx, text[named[0][1] :]):
            s, e = named[0][1] + m.start(1), named[0][1] + m.end(1)
            before = [key for key, end in named if end <= s]
            if before and table.free(s, e):
                table.mention(before[-1], s, e, "alias")


ALLIANCE_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:military|western|Western|transatlantic|North\s+Atlantic|defen[cs]e|\d+-(?:nation|member))\s+)?"
    r"(?:alliance|Alliance|bloc)\b"
)


def _alliances(table: EntityTable, text: str, body_start: int) -> None:
    """ "the alliance", "the Western bloc": the alliance named last before (NATO, the Warsaw Pact)."""
    for m in ALLIANCE_ANAPHOR.finditer(text, body_start):
        if not table.free(m.start(), m.end()):
            continue
        before = [
            x
            for x in table.sorted_mentions()
            if x.end <= m.start()
            and x.entity.startswith("organization/")
            and re.search(
                r"\b(?:Alliance|Pact|NATO)\b",
                " ".join([table.entities[x.entity].label, *table.entities[x.entity].aliases]),
            )
        ]
        if before:
            table.mention(before[-1].entity, m.start(), m.end(), "anaphor")


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or bool(re.search(r"(?:[.!?]\s+|\n\s*|\"\s*)$", before))


def _unknown_names(table: EntityTable, gaz: Gazetteer, text: str, body_start: int) -> None:
    ref = gaz.reference
    for m in TREATY_NAME.finditer(text, body_start):
        name = m.group(1)
        s = m.start(1)
        if name.split()[0] in NOT_PLACES:
            continue
        # "the 1925 Geneva Protocol", "the Paris Agreement": the name wins over the place inside it
        if not table.free(s, m.end(1)) and not table.release(s, m.end(1), ("place", "state")):
            # "the IAEA's Additional Protocol": the name is the words after the other entity's
            taken = [x.end for x in table.mentions if x.start < m.end(1) and x.end > s]
            s = re.compile(r"(?:'s|\u2019s)?\s*").match(text, max(taken)).end()
            name = text[s : m.end(1)]
            if len(name.split()) < 2 or not name[0].isupper() or not table.free(s, m.end(1)):
                continue
        cands = [e for e in ref.lookup(name) if e.kind == "treaty"]
        key = table.add_ref(cands[0]) if cands else table.add_new("treaty", name)
        table.mention(key, s, m.end(1), "label")
    for m in AGENCY.finditer(text, body_start):
        grp = next(g for g in ("a", "b", "c") if m.group(g))
        name, s = m.group(grp), m.start(grp)
        if not table.free(s, s + len(name)) or name.split()[0] in NOT_PLACES or name in ("He", "She", "It"):
            continue
        if grp == "b" and re.search(r"[A-Z][\w\-]*\s+$", text[max(0, s - 30) : s]):
            continue  # the end of a longer name ("The Iranian Students News Agency reported"): ORG_NAME's
        cands = ref.lookup(name)
        if cands and cands[0].kind != "organization":
            continue
        key = (
            table.add_ref(cands[0]) if cands else table.add_new("organization", name, ("MediaOrganization",))
        )
        table.mention(key, s, s + len(name), "label")
    for name, start, end in _org_names(table, text, body_start):
        if len(name.split()) < 2 or name.split()[0] in NOT_PLACES:
            continue
        cands = [e for e in ref.lookup(name) if e.kind == "organization"]
        if cands:
            key = table.add_ref(cands[0])
        else:
            gov = re.search(r"\b(?:Ministry|Department|Parliament|Congress|Senate|Duma)\b", name)
            media = MEDIA_NAME.search(name)
            kind = "GovernmentBody" if gov else "MediaOrganization" if media else "Organization"
            key = table.add_new("organization", name, (kind,))
        table.mention(key, start, end, "label")
    for rx in (PLACE_HEADS, PLACE_OF, PLACE_BEFORE_HEAD, LOCATIVE_NAME):
        for m in rx.finditer(text, body_start):
            name = m.group(1)
            if not table.free(m.start(1), m.end(1)) or name.split()[0] in NOT_PLACES:
                continue
            if rx is LOCATIVE_NAME and not _looks_like_place(text, m.end(1)):
                continue
            cands = [e for e in ref.lookup(name) if e.kind == "place"]
            key = table.add_ref(cands[0]) if cands else table.add_new("place", name)
            table.mention(key, m.start(1), m.end(1), "label")


def _org_names(table: EntityTable, text: str, body_start: int) -> Iterator[tuple[str, int, int]]:
    """The free organization names ORG_NAME finds: (name, start, end); a name whose words before an "and"
    are taken by another entity is the part after the last such "and"."""
    for m in ORG_NAME.finditer(text, body_start):
        start, end = m.start("name"), m.end("name")
        if not table.free(start, end) and NON_GOVERNMENT_HEAD.search(text, start, end):
            # "the South African Press Association": the name wins over the state inside it
            table.release(start, end, ("place", "state"))
        while not table.free(start, end):
            cut = text.find(" and ", start, end)
            if cut < 0:
                break
            start = cut + len(" and ")
        else:
            yield text[start:end], start, end


def _looks_like_place(text: str, end: int) -> bool:
    """A lone capitalised word after "in" is a place when no name or verb of speech follows it."""
    after = text[end : end + 20]
    return not re.match(r"\s+[A-Z]", after) and not re.match(r"\s+(?:said|told|says)\b", after)


def resolve_treaty_anaphora(table: EntityTable, text: str, body_start: int) -> None:
    """Resolve "the treaty", "the pact": a treaty named in the same sentence, else the salient one.

    Salience: named and resolved mentions so far, plus one for the first treaty the body names; a head
    noun that a treaty's name contains ("the convention", "the memorandum") narrows the choice.
    """
    for m in TREATY_ANAPHOR.finditer(text, body_start):
        if not table.free(m.start(), m.end()):
            continue
        prior = [x for x in table.sorted_mentions() if x.start < m.start() and x.entity.startswith("treaty/")]
        if not prior:
            continue
        head = m.group("head").lower()
        sid = table.sentence_at(m.start())

        def fits(key: str, head: str = head) -> bool:
            ent = table.entities[key]
            names = " ".join([ent.label, *ent.aliases]).lower()
            return head not in ("convention", "memorandum", "protocol") or head in names

        same = [x for x in prior if x.sentence == sid and fits(x.entity)]
        if m.group(0)[:4] in ("that", "That") and fits(prior[-1].entity):
            # "that treaty": the one named last, not the article's main treaty
            table.mention(prior[-1].entity, m.start(), m.end(), "anaphor")
            continue
        if same:
            table.mention(same[-1].entity, m.start(), m.end(), "anaphor")
            continue
        score: dict[str, float] = {}
        for i, x in enumerate(prior):
            score[x.entity] = score.get(x.entity, 0) + 1 + (1 if i == 0 else 0) + x.start / 1e9
        ranked = sorted((k for k in score if fits(k)), key=lambda k: -score[k]) or sorted(
            score, key=lambda k: -score[k]
        )
        table.mention(ranked[0], m.start(), m.end(), "anaphor")
