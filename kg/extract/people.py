"""People and their posts: title + name, appositions, later mentions by surname, role or pronoun.

``known`` (optional): a mapping surname -> person IRIs already in the store; a surname-only mention that
no full name in the article explains is linked to the single known person with that surname.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from kg.extract.claims import QUOTE
from kg.extract.gazetteer import EntityTable, Gazetteer
from kg.extract.posts import PostOwners
from kg.extract.records import Post, Tenure, span

NAME = re.compile(
    r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?|[A-Z]\.(?:[A-Z]\.)*)(?:\s+(?:[A-Z][a-z]+(?:[A-Z][a-z]+|-[A-Za-z][a-z]+)?|"
    r"[A-Z]\.(?:[A-Z]\.)*|al-[A-Z][a-z]+|(?:de|van|von|der|du|da|bin)\s+[A-Z][a-z]+))*"
)
PARTICLE = re.compile(r"\b(?:de|van|von|der|du|da|bin)\s+[A-Z][a-z]+$")
# Common Chinese family names, written first ("Qian Qichen" is "Qian", "Wang Guangya" "Wang").
CHINESE_FAMILY = frozenset(
    "Bai Cai Cao Chen Cheng Chi Dai Deng Ding Dong Du Fan Fang Feng Fu Gao Geng Gu Guo Han He Hou Hu Hua "
    "Huang Jia Jiang Jin Kong Li Liang Liao Lin Liu Lu Luo Ma Mao Meng Pan Peng Qian Qiao Qin Ren Shen "
    "Song Su Sun Tang Tian Wan Wang Wei Wen Wu Xi Xia Xiao Xie Xu Xue Yan Yang Yao Ye Yu Yuan Zeng Zhang "
    "Zhao Zheng Zhou Zhu".split()
)
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.\s+$")
OFFICE_WORDS = frozenset(
    "president prime minister foreign defence defense deputy secretary state general secretary-general "
    "director director-general chief head leader ambassador spokesperson spokesman spokeswoman chancellor "
    "king queen premier envoy representative permanent high policy affairs vice senator governor chairman "
    "commander of to the security senior top diplomat official negotiator national adviser advisor "
    "speaker executive external under majority minority assistant house".split()
)
NOT_NAME = frozenset(
    "The A An This That He She It They We In On At After Before But And Under For With By From Critics "
    "Today January February March April May June July August September October November December Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday Cold War Peace Prize Nobel Separately Now Currently "
    "Probably Lawmakers Delegates States Developing Western President Prime Minister Secretary Foreign "
    "General Ambassador Its His Her Their No Later Speaking Although Coach Captain Chairman Senator Judge "
    "Governor Presidents Ministers Senators Chancellors Leaders".split()
)
# Head words of institutions and instruments: "Disposition Agreement" is no person's name.
INSTITUTION_WORDS = frozenset(
    "Agreement Treaty Convention Accord Protocol Memorandum Committee Commission Council Agency Organization "
    "Organisation Ministry Department Assembly Union Alliance Institute Office Management Conference "
    "Programme Program Initiative Regime Group Forum Court Parliament Senate Congress Party Control "
    "Disarmament Campaign Coalition Association Foundation Center Centre Society Network Bureau".split()
)
PLURAL_TITLE = re.compile(
    r"\b(?P<office>Presidents|Prime\s+Ministers|Foreign\s+Ministers|Chancellors)\s+"
    r"(?P<n1>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w\-]+)+)\s+and\s+(?P<n2>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w\-]+)+)"
)
# "X, who chairs the ...": the post is the body's chair or head.
CHAIR_VERBS = {
    "chairs": "chairman",
    "chaired": "chairman",
    "heads": "head",
    "headed": "head",
    "leads": "head",
}
WHO_CHAIRS = re.compile(r",\s+who\s+(?:also\s+|now\s+)?(?P<verb>chairs|heads|leads)\s+(?:the\s+)?")
# "The chairman of the Senate Armed Services Committee, Carl Levin,": office, body, then the name.
OFFICE_OF = re.compile(
    r"\b[Tt]he\s+(?P<office>chairman|chairwoman|chairperson|chair|head)\s+of\s+(?:the\s+)?"
)
# Titles written before a name that NOT_NAME does not list.
TITLES = frozenset({"Sen.", "Rep.", "Gov.", "Gen.", "Adm.", "Representative", "Congressman", "Congresswoman"})
# Month words that are also given names or surnames ("Theresa May", "April Glaspie").
CALENDAR_NAMES = frozenset({"March", "April", "May", "June", "August"})
DATE_BEFORE = re.compile(
    r"\b(?:[Ii]n|[Oo]n|[Ss]ince|[Ll]ast|[Ee]arly|[Ll]ate|mid|[Bb]y|[Uu]ntil|[Tt]ill|[Tt]hrough|[Ff]rom|to|of|"
    r"[Dd]uring|[Nn]ext|[Tt]his|[Tt]hat|[Bb]etween|[Bb]efore|[Aa]fter|[Ee]ach|[Ee]very|[Ss]ame|[Ff]ollowing)[\s-]+$"
)
SPEECH_AFTER = re.compile(
    r"^,?\s+(?:also\s+)?(?:said|says|told|stressed|noted|added|warned|called|argued|insisted|"
    r"described|spoke|urged|praised|claimed|predicted|announced|signed|deposited)\b"
)
ROLE = re.compile(
    r"\b(?P<the>[Tt]he)\s+(?P<role>(?:(?:[A-Z][a-z]+|U\.S\.)\s+)?(?:senior\s+|top\s+)?"
    r"(?:(?:deputy|prime|foreign|defen[cs]e|vice)\s+)*"
    r"(?:president|minister|diplomat|official|secretary|ambassador|envoy|spokesperson|spokesman|chancellor|leader|premier))"
    r"\b(?![\s,]+(?:of\b|[A-Z]))"
)
# A full name before an apposition: words or initials ("George W. Bush"), never across a sentence end
# ("on Friday. Robert Floyd, ..." is Robert Floyd).
FULL_NAME = r"[A-Z](?:[\w\-]+|\.)(?:\s+[A-Z](?:[\w\-]+|\.))+"
# "Ali Akbar Salehi, Iran's ambassador to the International Atomic Energy Agency, said"
# "Mohamed ElBaradei, the IAEA's director general,", "Sergei Lavrov, Russia's foreign minister,"
NAME_POSSESSIVE = re.compile(
    rf"(?P<name>{FULL_NAME}),\s+(?:the\s+)?"
    r"(?P<owner>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]+)?)"
    r"(?:'s|\u2019s)\s+"
    r"(?P<office>(?:[a-z\-]+\s+){0,3}?(?:ambassador|envoy|president|minister|spokes\w+|representative|"
    r"negotiator|chief|leader|secretary|director[\s-]general|secretary[\s-]general|director|head|adviser|advisor)"
    r"(?:\s+to\s+(?:the\s+)?[A-Z][\w ]+?|\s+for\s+[a-z]+(?:\s+[a-z]+)?)?)\s*,"
)
# Someone named by their relation to another person: "Kuchma's predecessor, Leonid Kravchuk,"
RELATIVE_OF = re.compile(
    r"(?P<owner>[A-Z][\w\-]+(?:'s|\u2019s))\s+(?:predecessor|successor|wife|husband|son|daughter|father|mother|"
    r"brother|sister|deputy|aide)\s*,\s+(?P<name>" + FULL_NAME + r")"
)
PRONOUN = re.compile(
    r"(?:^|(?<=[\s\"\u201c,]))(?P<p>He|She|he|she)\s+(?=(?:\w+\s+){0,2}?(?:said|added|noted|"
    r"stressed|warned|told|was|had|praised|predicted|argued|insisted|concluded|called|"
    r"asked|urged|pointed|replied|answered|retorted|responded|joked|recalled|quoted|declared|"
    r"accused|blamed|denied|welcomed|described|explained|acknowledged))"
)
PLURAL_OFFICE = re.compile(
    r"\bthe\s+(?P<office>presidents|prime ministers|foreign ministers|leaders)\s+of\s+"
    r"(?P<a>[A-Z][\w ]+?)\s+and\s+"
    r"(?P<b>[A-Z][\w]+),\s+(?P<n1>[A-Z][\w .\-]+?)\s+and\s+(?P<n2>[A-Z][\w.\-]+(?:\s+[A-Z][\w.\-]+)+)"
)
POSSESSIVE_OFFICE = re.compile(
    r"(?P<owner>[Ii]ts|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]+)?)(?:'s|\u2019s)?\s+(?P<office>(?:(?:[a-z\-]+|U\.N\.|UN)\s+){0,3}?"
    r"(?:[Ff]oreign\s+[Ss]ecretary|[Ff]oreign\s+[Mm]inister|[Pp]rime\s+[Mm]inister|[Pp]resident|ambassador(?:\s+to\s+the\s+"
    r"[A-Z][\w ]+?)?|director-general|[Dd]irector\s+[Gg]eneral|[Ss]ecretary-[Gg]eneral|"
    r"[Dd]efen[cs]e\s+[Mm]inister|[Mm]inister\s+(?:for|of)\s+(?:the\s+)?[a-z]+(?:\s+(?:and\s+)?[a-z]+){0,3})),"
    r"\s+(?:[a-z]+\s+)?(?:[A-Z][a-z]+\s+diplomat\s+)?(?P<name>[A-Z][\w.\-]+(?:\s+[A-Z][\w.\-]+)+)"
)
# "Robert Floyd, Executive Secretary of the ...", "Rafael Grossi, the director general of the ...": the
# office in either case.
APPOSITION = re.compile(
    rf"(?P<name>{FULL_NAME}),\s+(?:the\s+)?(?P<office>(?i:(?:[a-z\-]+\s+){{0,3}}?(?:head|"
    r"chief|director[\s-]general|secretary[\s-]general|director|secretary|president|minister|ambassador|"
    r"spokesperson|chairman|chairwoman|chairperson|chair)))"
    r"\s+of\s+"
)
UNNAMED_BODY = re.compile(
    r"\b(?:conference|committee|commission|agency|council|assembly|court|panel|board|meeting|summit)\b"
)
ROLE_APPOSITION = re.compile(
    r"\b[Tt]he\s+(?P<lead>(?:[A-Z][\w.]*\s+)?(?:[a-z\-]+\s+){0,3}?(?:ambassador|envoy|spokesperson|spokesman|"
    r"minister|president|secretary|director|chief|head|negotiator))(?:\s+(?:in|to)\s+(?P<where>[A-Z][\w\-]+))?,\s+"
    r"(?:(?:Ambassador|Dr\.|Judge|General|Gen\.)\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w\-]+)+)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*)?,"
)


def _surname(label: str) -> str:
    """ "Ban Ki-moon" -> "Ban" (a Korean given name last); "Qian Qichen" -> "Qian" (a Chinese one);
    "F.W. de Klerk" -> "de Klerk"; "Bashar al-Assad" -> "Assad"."""
    p = PARTICLE.search(label)
    if p:
        return p.group(0)
    words = label.split()
    if len(words) >= 2 and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[-1]):
        return words[0]
    if len(words) == 2 and words[0] in CHINESE_FAMILY and re.fullmatch(r"[A-Z][a-z]+", words[1]):
        return words[0]
    return words[-1].split("al-")[-1]


def _office(normalise: Any, words: str) -> tuple[str | None, str]:
    """(normalised office, qualifier) for the words before a name: "Russian deputy foreign minister ".

    The office is the longest run of office words at the end; the qualifier is the (at most two)
    capitalised words right before it ("Russian", "U.S.", "EU", "IAEA").
    """
    toks = words.split()
    j = len(toks)
    while j > 0 and toks[j - 1].lower().strip(",") in OFFICE_WORDS:
        j -= 1
    for i in range(j, len(toks)):
        if toks[i].lower() in ("of", "to", "the"):
            continue
        office = normalise(" ".join(toks[i:]))
        if office:
            qual: list[str] = []
            k = j - 1
            while k >= 0 and len(qual) < 2 and (toks[k][0].isupper() or toks[k].endswith("'s")):
                qual.insert(0, toks[k])
                k -= 1
            return office, " ".join(qual)
    return None, ""


class People(PostOwners):
    """Finds people and posts in one article, using the entity table built so far."""

    def __init__(
        self,
        table: EntityTable,
        gaz: Gazetteer,
        text: str,
        body_start: int,
        *,
        normalise: Any,
        post_label: Any,
        known: Mapping[str, list[str]] | None = None,
        published: dt.date | None = None,
    ) -> None:
        self.t, self.gaz, self.text, self.body_start = table, gaz, text, body_start
        self.normalise, self.post_label = normalise, post_label
        self.known = known or {}
        self.published = published
        self.posts: dict[str, Post] = {}
        self.tenures: list[Tenure] = []
        self.holders: dict[str, list[str]] = {}

    # ----------------------------------------------------------------- people
    def person(self, name: str) -> str:
        """Key of the person with that full name (reference person when known)."""
        hits = [e for e in self.gaz.reference.lookup(name) if e.kind == "person"]
        if hits:
            return self.t.add_ref(hits[0])
        return self.t.add_new("person", name)

    def find(self) -> None:
        """Run every person pattern, then surnames, roles and pronouns."""
        text = self.text
        for m in RELATIVE_OF.finditer(text, self.body_start):
            # "Kuchma's predecessor, Leonid Kravchuk": Kravchuk; Kuchma is named, but no actor here
            owner = self._mention_at(m.start("owner"), kind="person")
            if owner is not None:
                self.t.release(owner.start, owner.end, ("person",))
                self.t.mention(owner.entity, owner.start, owner.end, "relation")
                self._person_at(m.group("name"), m.start("name"))
        for m in PLURAL_OFFICE.finditer(text, self.body_start):
            office = self.normalise(m.group("office").rstrip("s"))
            for state, name in ((m.group("a"), m.group("n1")), (m.group("b"), m.group("n2"))):
                s = m.start("n1") if name == m.group("n1") else m.start("n2")
                if (key := self._person_at(name, s)) is None:
                    continue
                hits = [e for e in self.gaz.reference.lookup(state) if e.kind == "state"]
                if office and hits:
                    self.add_post(key, office, self.t.add_ref(hits[0]), span(text, m.start(), m.end()))
        for m in POSSESSIVE_OFFICE.finditer(text, self.body_start):
            name, s = m.group("name"), m.start("name")
            if name.split()[0] in NOT_NAME or (key := self._person_at(name, s)) is None:
                continue
            office = self.normalise(m.group("office"))
            owner_txt = m.group("owner")
            owner = (
                self._its(m.start())
                if owner_txt.lower() == "its"
                else self.owner(owner_txt, m.start("owner"), office or "", s, key)
            )
            if office:
                self.add_post(key, office, owner, span(text, m.start(), m.end()))
        for m in APPOSITION.finditer(text, self.body_start):
            name, s = m.group("name"), m.start("name")
            title = re.match(r"(?:(?:[A-Z][a-z]+|Sen\.)\s+)+?(?=[A-Z])", name)
            while title and name.split()[0] in NOT_NAME | TITLES and len(name.split()) > 2:
                # "Senator John Kerry, the chairman of ...": the name after the title
                cut = len(name.split()[0]) + 1
                name, s = name[cut:], s + cut
            if name.split()[0] in NOT_NAME or (key := self._person_at(name, s)) is None:
                continue
            office = self.normalise(m.group("office"))
            after = [x for x in self.t.sorted_mentions() if x.start >= m.end() and x.start <= m.end() + 6]
            if after and after[0].entity.startswith("state/"):
                # "director of the U.S. Arms Control and Disarmament Agency": the body the state qualifies
                body = self._mention_at(after[0].end + 1, after[0].end + 2)
                if body is not None and body.entity.startswith("organization/"):
                    after = [body]
            if office and after and after[0].entity.split("/")[0] in ("state", "organization"):
                self.add_post(key, office, after[0].entity, span(text, m.start(), after[0].end))
        for m in ROLE_APPOSITION.finditer(text, self.body_start):
            name, s = m.group("name"), m.start("name")
            if name.split()[0] in NOT_NAME or (key := self._person_at(name, s)) is None:
                continue
            lead = m.group("lead")
            office, qualifier = _office(self.normalise, lead + " ")
            where = m.group("where")
            if office and where:
                places = [e for e in self.gaz.reference.lookup(where) if e.kind == "state"]
                if places and office.startswith("Ambassador"):
                    office = self.normalise(f"ambassador to {places[0].label}") or office
            body = self._mention_at(m.start("lead"), m.end("lead"), kind="organization")
            if body is None and UNNAMED_BODY.search(lead):
                office = None  # the president of a conference the article never names: no state's office
            if office:
                # "the conference president, ...": the body named in the role
                owner = body.entity if body else self.owner(qualifier, m.start("lead"), office, s, key)
                self.add_post(key, office, owner, span(text, m.start(), m.end()))
        for m in NAME_POSSESSIVE.finditer(text, self.body_start):
            name, s = m.group("name"), m.start("name")
            if name.split()[0] in NOT_NAME or (key := self._person_at(name, s)) is None:
                continue
            whole = m.group("office")
            # "India's ambassador to the Conference on Disarmament": the office with its body; others bare
            office = (self.normalise(whole) if whole.lower().startswith("ambassador to ") else None) or (
                self.normalise(re.sub(r"\s+(?:to|for)\s+.*$", "", whole))
            )
            if office:
                owner = self.owner(m.group("owner"), m.start("owner"), office, m.start("owner") + 80, key)
                self.add_post(key, office, owner, span(text, m.start(), m.end()))
        self._titled_names()
        self._plural_titles()
        self._chairs()
        self._surnames()
        self._roles()

    def _person_at(self, name: str, start: int) -> str | None:
        """The person named at ``start``: a new one where the text is free, else the known person the
        gazetteer found there (whose office an apposition still gives), else None."""
        if self.t.free(start, start + len(name)):
            key = self.person(name)
            self.t.mention(key, start, start + len(name), "label")
            return key
        known = self._mention_at(start, kind="person")
        return known.entity if known else None

    def _mention_at(self, lo: int, hi: int | None = None, *, kind: str | None = None) -> Any:
        """The first mention that starts in ``[lo, hi)`` (at ``lo`` without ``hi``), of ``kind`` if given."""
        hi = lo + 1 if hi is None else hi
        return next(
            (
                x
                for x in self.t.sorted_mentions()
                if lo <= x.start < hi and (kind is None or x.entity.startswith(kind + "/"))
            ),
            None,
        )

    def _titled_names(self) -> None:
        text = self.text
        existing = {(m.start, m.end): m.entity for m in self.t.mentions if m.entity.startswith("person/")}
        for sent in self.t.sentences:
            if sent.headline:
                continue
            for m in NAME.finditer(text, sent.start, sent.end):
                toks = [(t.start(), t.end()) for t in re.finditer(r"\S+", m.group(0))]
                toks = [(a + m.start(), b + m.start()) for a, b in toks]
                while toks:
                    a, b = toks[0]
                    w = text[a:b]
                    known = existing.get((a, toks[-1][1]))
                    if known or not (w in NOT_NAME or w.lower() in OFFICE_WORDS or not self.t.free(a, b)):
                        break
                    if len(toks) > 1 and self._calendar_name(a, b, first=True):
                        break  # "April Glaspie": a given name, not the month
                    toks = toks[1:]
                if not toks:
                    continue
                start, end = toks[0][0], toks[-1][1]
                known = existing.get((start, end))
                honorific = HONORIFIC.search(text[max(0, start - 6) : start])
                names = [text[a:b] for a, b in toks]
                if not known and (
                    (len(toks) < 2 and not honorific)
                    or any(text[a:b] in INSTITUTION_WORDS for a, b in toks)
                    or not self.t.free(start, end)
                    or any(
                        text[a:b] in NOT_NAME and not self._calendar_name(a, b, first=i == 0)
                        for i, (a, b) in enumerate(toks)
                    )
                ):
                    continue
                lead = re.search(r"((?:(?:[A-Z][\w.\-]*|[a-z\-]+)\s+){0,6})$", text[sent.start : start])
                lead_text = lead.group(1) if lead else ""
                lead_start = start - len(lead_text)
                office, qualifier = _office(self.normalise, lead_text)
                cue = (
                    known
                    or office
                    or honorific
                    or SPEECH_AFTER.match(text[end : end + 40])
                    or re.match(r"\s+and\s+[A-Z]", text[end : end + 8])
                    or re.search(r"\band\s+$", text[sent.start : start])
                    or re.search(r"\b[A-Z][a-z]+\s+diplomat\s+$", lead_text)
                    or re.match(r",\s+(?:the\s+)?[a-z\-]+\s+(?:of|to)\b", text[end : end + 30])
                    or re.match(
                        r",\s+(?:a|an|the)\s+(?:[A-Za-z.\-]+\s+){0,3}?(?:spokes\w+|official|minister|adviser|"
                        r"advisor|diplomat|ambassador|envoy|senator|lawmaker|negotiator|president|leader)\b",
                        text[end : end + 60],
                    )
                )
                if not cue:
                    continue
                name = " ".join(names)
                if known:
                    key = known
                elif honorific and len(toks) == 1:
                    key = self._by_surname(name, start) or self.person(name)
                    self.t.mention(key, start, end, "surname")
                    continue
                else:
                    key = self._by_surname(_surname(name), start) or self.person(name)
                    self.t.mention(key, start, end, "label")
                if office and not re.search(r"\b(?:[Ff]ormer|ex-)\s*(?:[\w.\-]+\s+){0,3}$", lead_text):
                    of = re.compile(r"\s+of\s+(?:the\s+)?").match(text, end)
                    after = self._mention_at(of.end()) if of else None
                    if not qualifier.strip() and after is not None and after.entity.startswith("state/"):
                        owner = after.entity  # "Ambassador Libran Cabactulan of the Philippines"
                    else:
                        owner = self.owner(qualifier, lead_start, office, start, key)
                    self.add_post(key, office, owner, span(text, lead_start, end))

    def _plural_titles(self) -> None:
        """ "Presidents Joe Biden and Vladimir Putin": the office of each, placed by each one's state."""
        text = self.text
        for m in PLURAL_TITLE.finditer(text, self.body_start):
            office = self.normalise(m.group("office")[:-1])
            if office is None:
                continue
            for g in ("n1", "n2"):
                name, s = m.group(g), m.start(g)
                known = (x := self._mention_at(s, kind="person")) and x.entity
                if known is None:
                    if not self.t.free(s, s + len(name)) or name.split()[0] in NOT_NAME:
                        continue
                    known = self.person(name)
                    self.t.mention(known, s, s + len(name), "label")
                owner = self.person_state(known)  # unqualified and shared: only a known state places it
                self.add_post(known, office, owner, span(text, m.start(), m.end()))

    def _chairs(self) -> None:
        """ "X, who chairs the Senate Armed Services Committee", "The chairman of the Y, Z,": the post
        of the body named right after the office."""
        text = self.text
        for m in WHO_CHAIRS.finditer(text, self.body_start):
            person = next(
                (
                    x
                    for x in self.t.sorted_mentions()
                    if x.end == m.start() and x.entity.startswith("person/")
                ),
                None,
            )
            body = self._mention_at(m.end(), kind="organization")
            office = self.normalise(CHAIR_VERBS[m.group("verb")])
            if person and body and office:
                self.add_post(person.entity, office, body.entity, span(text, person.start, body.end))
        for m in OFFICE_OF.finditer(text, self.body_start):
            body = self._mention_at(m.end(), kind="organization")
            if body is None:
                continue
            n = re.compile(r",\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w\-]+)+),").match(
                text, body.end
            )
            office = self.normalise(m.group("office"))
            if n is None or office is None or n.group("name").split()[0] in NOT_NAME:
                continue
            s = n.start("name")
            known = (x := self._mention_at(s, kind="person")) and x.entity
            if known is None and not self.t.free(s, n.end("name")):
                continue
            key = known or self.person(n.group("name"))
            if known is None:
                self.t.mention(key, s, n.end("name"), "label")
            self.add_post(key, office, body.entity, span(text, m.start(), n.end("name")))

    def _calendar_name(self, a: int, b: int, *, first: bool) -> bool:
        """ "Theresa May", "April Glaspie": a month word that is part of a name, not a date.

        A given name needs a capitalised name after it; no month word follows a preposition of time
        ("in May Putin signed") or comes before a day or year number ("May 9").
        """
        text = self.text
        if text[a:b] not in CALENDAR_NAMES or DATE_BEFORE.search(text, max(0, a - 12), a):
            return False
        if re.match(r",?\s*\d", text[b : b + 4]):
            return False
        return not first or bool(re.match(r"\s+[A-Z][a-z]+", text[b : b + 20]))

    def _by_surname(self, surname: str, pos: int) -> str | None:
        people = [m for m in self.t.sorted_mentions() if m.entity.startswith("person/") and m.start < pos]
        for m in reversed(people):
            if _surname(self.t.entities[m.entity].label).lower() in (
                surname.lower(),
                f"de {surname.lower()}",
            ):
                return m.entity
        iris = self.known.get(surname) or []
        if len(iris) == 1:
            key = self.t.add_new("person", surname)
            self.t.entities[key].iri = iris[0]
            return key
        return None

    def _surnames(self) -> None:
        people = {k: e for k, e in self.t.entities.items() if k.startswith("person/") and " " in e.label}
        surnames = {_surname(e.label): k for k, e in people.items()}
        if not surnames:
            return
        alts = [
            f"[{s[0].upper()}{s[0]}]" + re.escape(s[1:]) if s[0].islower() else re.escape(s) for s in surnames
        ]
        rx = re.compile(r"(?<![\w\-.])(" + "|".join(alts) + r")(?![\w\-])")
        for m in rx.finditer(self.text, self.body_start):
            if m.group(1) in CALENDAR_NAMES and not self._calendar_name(m.start(), m.end(), first=False):
                continue  # "in May 2018" after "Theresa May"
            before = re.search(r"([A-Z][a-z]+)\s+$", self.text[max(0, m.start() - 15) : m.start()])
            # "Laura Bush" is someone else; "President Bush" is the Bush named before
            titled = before is not None and before.group(1).lower() in OFFICE_WORDS
            if self.t.free(m.start(), m.end()) and (before is None or titled):
                found = m.group(1)
                found = found if found in surnames else found[0].lower() + found[1:]
                key = self._by_surname(found, m.start()) or surnames[found]
                self.t.mention(key, m.start(), m.end(), "surname")

    def _roles(self) -> None:
        text = self.text
        for m in ROLE.finditer(text, self.body_start):
            if any(
                x.start < m.end() and m.start() < x.end and not x.entity.startswith("state/")
                for x in self.t.mentions
            ):
                continue
            role = m.group("role")
            office, qualifier = _office(self.normalise, role)
            persons = [x for x in self.t.sorted_mentions() if x.entity.startswith("person/")]
            before = [x for x in persons if x.start < m.start()]
            after = [x for x in persons if x.start > m.end()]
            target = None
            if office:
                holders = [
                    x
                    for x in reversed(before)
                    if any(self.posts[p].office == office for p in self.holders.get(x.entity, []))
                ]
                target = holders[0].entity if holders else None
            if target is None and before:
                target = before[-1].entity
            if target is None and after:
                target = after[0].entity
            if target is None:
                continue
            self.t.mention(target, m.start(), m.end(), "role")
            if office and qualifier:
                owner = self.owner(qualifier, m.start("role"), office, m.start(), target)
                self.add_post(target, office, owner, span(text, m.start(), m.end()))

    def plural_roles(self) -> None:
        """ "the two presidents" -> the two people who last held that office, in different states."""
        rx = re.compile(
            r"\b[Tt]he\s+two\s+(presidents|leaders|foreign\s+ministers|prime\s+ministers|men|women)\b"
        )
        for m in rx.finditer(self.text, self.body_start):
            if m.group(1) in ("men", "women"):
                self._two_people(m)
                continue
            office = self.normalise(m.group(1).rstrip("s"))
            found: list[str] = []
            states: set[str] = set()
            for x in reversed(
                [
                    x
                    for x in self.t.sorted_mentions()
                    if x.entity.startswith("person/") and x.start < m.start()
                ]
            ):
                posts = [
                    self.posts[p] for p in self.holders.get(x.entity, []) if self.posts[p].office == office
                ]
                if posts and x.entity not in found and posts[0].of not in states:
                    found.append(x.entity)
                    states.add(posts[0].of or "")
                if len(found) == 2:
                    break
            if len(found) == 2 and self.t.free(m.start(), m.end()):
                for key in found:
                    self.t.mention(key, m.start(), m.end(), "role", claim=False)

    def _two_people(self, m: re.Match[str]) -> None:
        """ "the two men" -> the last two different people named before."""
        found: list[str] = []
        for x in reversed([x for x in self.t.sorted_mentions() if x.start < m.start()]):
            if x.entity.startswith("person/") and x.entity not in found:
                found.append(x.entity)
            if len(found) == 2:
                break
        if len(found) == 2 and self.t.free(m.start(), m.end()):
            for key in reversed(found):
                self.t.mention(key, m.start(), m.end(), "role", claim=False)

    def pronouns(self) -> None:
        """ "He said" / "She added" -> the most recent person mentioned before, outside quotation marks
        (in '"... Khrushchev pounding his shoe," he said' the speaker is not Khrushchev)."""
        quoted = [(q.start(), q.end()) for q in QUOTE.finditer(self.text, self.body_start)]
        for m in PRONOUN.finditer(self.text, self.body_start):
            persons = [
                x
                for x in self.t.sorted_mentions()
                if x.entity.startswith("person/")
                and x.start < m.start()
                and not any(a < x.start < z for a, z in quoted)
            ]
            if persons and self.t.free(m.start("p"), m.end("p")):
                self.t.mention(persons[-1].entity, m.start("p"), m.end("p"), "pronoun")
                self.t.entities[persons[-1].entity].aliases.discard(m.group("p"))
