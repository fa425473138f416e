"""Deterministic generator of realistic treatygraph graphs at a target size, streamed as N-Quads.

The shape is docs/model.md's: one named graph per synthetic article (``g:article/<slug>``, with the
article node, its ``tg:text``, mentions, events, evidence with ``oa:`` selectors, claims, officials,
posts, tenures and extracted participations), plus ``g:ontology`` (ontology/treatygraph.ttl),
``g:reference`` (``kg.reference``: the real ~200 states and treaties) and ``g:inferences`` (the rdf:type
closure, the sub-property closure and ``org:heldBy`` for tenures), so every named query has real work.

Degrees are skewed: states, treaties, officials, outlets and event types are drawn Zipf-like (a few
very busy, a long tail). People, offices held and article texts are synthetic (made-up names built
from syllables); states and treaties come from the curated reference data. The same seed and size give
the same bytes; memory stays flat in the size (an event mentioned again is regenerated from its index).

    /work/venv/bin/python bench/generate.py --triples 1000000 -o bench/data/1m.nq
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import logging
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rdflib import Literal, URIRef  # noqa: E402

from kg import iris  # noqa: E402
from kg.namespaces import DEFAULT_BASE, GRAPH_BASE, TG_NS  # noqa: E402

log = logging.getLogger("bench.generate")

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG_HOLDS = "<http://www.w3.org/ns/org#holds>"
INFERENCES = f"<{GRAPH_BASE}inferences>"

#: Event types (ontology classes) with relative frequencies and the verb phrase of their sentences;
#: speech acts get a claim by their speaker.
EVENT_TABLE = """
Statement 30 made a statement on
Announcement 10 announced steps concerning
Negotiation 8 held talks on
Accusation 8 accused the other side of breaching
Pledge 6 pledged to respect
Compliance 6 said it observes
Deployment 6 deployed forces under
WeaponsTest 5 tested a system covered by
Denial 4 denied violating
RejectionOfTalks 4 ruled out talks on
Suspension 3 suspended its participation in
Withdrawal 2 withdrew from
Signing 2 signed
Ratification 2 ratified
Extension 1 extended
Accession 1 acceded to
Production 1 resumed production limited by
EntryIntoForce 1 brought into force
Expiry 1 let lapse
RatificationRevocation 1 revoked its ratification of
"""
EVENT_TYPES = tuple((ln.split()[0], int(ln.split()[1])) for ln in EVENT_TABLE.strip().splitlines())
VERBS = {ln.split()[0]: ln.split(None, 2)[2] for ln in EVENT_TABLE.strip().splitlines()}
SPEECH_ACTS = frozenset({"Statement", "Announcement", "Accusation", "Pledge", "Denial", "RejectionOfTalks"})
OFFICES = (
    "President|Prime Minister|Minister of Foreign Affairs|Deputy Minister of Foreign Affairs|"
    "Minister of Defence|Ambassador to the United Nations|Special Envoy for Arms Control"
).split("|")
FIRST = (
    "Anna Boris Chen Daria Elena Farid Grace Hiro Ivan Jana Karim Lena Maria Nikolai Olga Pavel Rustam "
    "Sofia Tomas Yuri Amir Lucia Omar Vera"
).split()
SYLLABLES = (
    "ka ro mi sen tov rus lan de vo ber shi na gor el pa zin ko ta mar ul dan sky ev ni bo ra li to han mo"
)
SYLLABLES = tuple(SYLLABLES.split())
FILLER = (
    "Officials declined to give further details.|The talks are expected to continue next month.|"
    "Analysts said the move could affect regional security.|The ministry issued a written statement.|"
    "Diplomats described the meeting as constructive.|No date has been set for the next round.|"
    "Observers noted the growing strain on existing agreements.|The remarks drew a sharp response."
).split("|")
#: States and treaties that the news is mostly about, in order of attention (the rest follow in data order).
BUSY_STATES = (
    "russia united-states china ukraine united-kingdom france iran north-korea germany india pakistan "
    "belarus israel japan south-korea poland"
).split()
BUSY_TREATIES = "new-start inf-treaty npt ctbt jcpoa open-skies-treaty cfe-treaty tpnw".split()


def iri(text: str) -> str:
    """An N-Quads IRI term."""
    return f"<{text}>"


def lit(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    """An N-Quads literal term (escaped)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{body}"@{lang}'
    if datatype:
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"'


def tg(name: str) -> str:
    """A tg: term."""
    return f"<{TG_NS}{name}>"


def term(node: object) -> str:
    """An rdflib term as N-Quads."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        return lit(str(node), str(node.datatype) if node.datatype else None, node.language)
    return f"_:{node}"  # canonical blank node labels (rdflib.compare.to_canonical_graph)


class Zipf:
    """Draw indices 0..n-1 with probability proportional to 1 / (rank + 1) ** s."""

    def __init__(self, n: int, s: float = 1.1) -> None:
        self.cum = list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))

    def draw(self, rng: random.Random) -> int:
        """One index."""
        return min(bisect.bisect_left(self.cum, rng.random() * self.cum[-1]), len(self.cum) - 1)


@dataclass(frozen=True)
class Ref:
    """A reference entity the generator points at: IRI term and label."""

    term: str
    label: str
    slug: str


@dataclass(frozen=True)
class Event:
    """An event regenerated from its index: its type, IRI, actors, treaty, date and label."""

    type: str
    term: str
    agents: tuple[Ref, ...]
    target: Ref | None
    treaty: Ref | None
    place: Ref | None
    date: tuple[str, str] | None  # (lexical form, xsd datatype)
    label: str
    asserted: bool


def _ordered(entities: Sequence[object], busy: Sequence[str]) -> list[Ref]:
    refs = {e.slug: Ref(iri(str(e.iri)), e.label, e.slug) for e in entities}  # type: ignore[attr-defined]
    head = [refs[s] for s in busy if s in refs]
    return head + [r for s, r in refs.items() if s not in busy]


class Generator:
    """Streams the quads of one synthetic dataset (``iter_quads``) for a seed and a target size."""

    def __init__(self, triples: int, seed: int = 1, base: str = DEFAULT_BASE) -> None:
        from kg.reference import load_reference

        self.target, self.seed, self.base = triples, seed, base
        self.ref = load_reference(base)
        self.states = _ordered(self.ref.of_kind("state"), BUSY_STATES)
        self.treaties = _ordered(self.ref.of_kind("treaty"), BUSY_TREATIES)
        self.places = _ordered(self.ref.of_kind("place"), ())
        self.outlets = _ordered(
            [
                e
                for e in self.ref.of_kind("organization")
                if "MediaOrganization" in " ".join(str(c) for c in e.classes)
            ],
            (),
        )
        self.z_states, self.z_treaties = Zipf(len(self.states)), Zipf(len(self.treaties), 1.3)
        self.z_places, self.z_outlets = Zipf(len(self.places)), Zipf(len(self.outlets))
        self.type_cum = list(itertools.accumulate(w for _, w in EVENT_TYPES))
        self.n_articles = max(20, triples // 115)
        self.stride = 20  # one new official per 20 articles
        self.n_people = self.n_articles // self.stride + 1
        self.n_events = self.n_articles * 3
        self.z_people = Zipf(self.n_people, 1.0)
        self._ontology_graph = None
        self.supers: dict[str, list[str]] = {}
        self.superprops: dict[str, list[str]] = {}

    # --- regenerable entities ---------------------------------------------------------------------
    def _rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{index}")

    def person(self, index: int) -> tuple[Ref, Ref, str, Ref]:
        """Official ``index``: (person, post, office, state of the post)."""
        rng = self._rng("person", index)
        digits, n = [], index
        while True:
            digits.append(SYLLABLES[n % len(SYLLABLES)])
            n //= len(SYLLABLES)
            if not n:
                break
        last = (rng.choice(SYLLABLES) + "".join(digits)).capitalize()
        name = f"{rng.choice(FIRST)} {last}"
        state = self.states[self.z_states.draw(rng)]
        office = OFFICES[min(int(rng.expovariate(0.6)), len(OFFICES) - 1)]
        post_label = f"{office} of {state.label}"
        person = Ref(iri(str(iris.mint("person", name, base=self.base))), name, iris.slugify(name))
        post = Ref(
            iri(str(iris.mint("post", post_label, base=self.base))), post_label, iris.slugify(post_label)
        )
        return person, post, office, state

    def anchor(self, index: int) -> tuple[int, str]:
        """The article number around which event ``index`` happens, and that article's date."""
        a = index * self.n_articles // self.n_events
        return a, time.strftime("%Y-%m-%d", time.gmtime((19000 + a * 1500 // self.n_articles) * 86400))

    def event(self, index: int) -> Event:
        """Event ``index``, regenerated from its index alone (the same event in several articles)."""
        rng = self._rng("event", index)
        a, published = self.anchor(index)
        etype = EVENT_TYPES[bisect.bisect_left(self.type_cum, rng.random() * self.type_cum[-1])][0]
        agent = self.states[self.z_states.draw(rng)]
        agents = (agent,)
        if rng.random() < 0.5:
            agents += (self.person(self.z_people.draw(rng) % (a // self.stride + 1))[0],)
        target = self.states[self.z_states.draw(rng)] if rng.random() < 0.5 else None
        if target is not None and target.term == agent.term:
            target = None
        treaty = self.treaties[self.z_treaties.draw(rng)] if rng.random() < 0.75 else None
        place = self.places[self.z_places.draw(rng)] if rng.random() < 0.2 else None
        precision = rng.random()
        date: tuple[str, str] | None = None
        if precision < 0.9:
            y, m, d = int(published[:4]), int(published[5:7]), int(published[8:10])
            back = int(rng.expovariate(1 / 40))
            m2, y2 = m - back // 30, y
            while m2 < 1:
                m2, y2 = m2 + 12, y2 - 1
            d2 = max(1, min(28, d - back % 30))
            date = (
                (f"{y2:04d}-{m2:02d}-{d2:02d}", XSD + "date")
                if precision < 0.65
                else (f"{y2:04d}-{m2:02d}", XSD + "gYearMonth")
                if precision < 0.8
                else (f"{y2:04d}", XSD + "gYear")
            )
        parts = [etype, agent.label] + [x.label for x in (treaty or target,) if x is not None]
        if date:
            parts.append(date[0])
        else:
            parts += [f"bench-report-{a}", iris.short_hash(str(self.seed), str(index))]
        about = f" of {treaty.label}" if treaty else ""
        label = f"{etype}{about} by {agent.label}" + (f" ({date[0]})" if date else "")
        asserted = etype in SPEECH_ACTS or rng.random() < 0.8
        ev_iri = iri(str(iris.mint("event", *parts, base=self.base)))
        return Event(etype, ev_iri, agents, target, treaty, place, date, label, asserted)

    # --- the stream --------------------------------------------------------------------------------
    def iter_quads(self) -> Iterator[str]:
        """Every N-Quads line, in a deterministic order, until the target size is reached."""
        from rdflib.compare import to_canonical_graph

        from kg.ingest import ontology_graph
        from kg.reason import superclasses, superproperties, to_inferences

        onto = to_canonical_graph(ontology_graph())
        self.supers = {str(k): sorted(str(v) for v in vs) for k, vs in superclasses(onto).items()}
        self.superprops = {str(k): sorted(str(v) for v in vs) for k, vs in superproperties(onto).items()}
        reference = to_canonical_graph(self.ref.to_graph())
        fixed = (("ontology", onto), ("reference", reference))
        count = 0
        for name, graph in fixed:
            g = iri(GRAPH_BASE + name)
            for s, p, o in sorted(graph):
                count += 1
                yield f"{term(s)} {term(p)} {term(o)} {g} .\n"
        for s, p, o in sorted(to_inferences(onto, reference)):
            count += 1
            yield f"{term(s)} {term(p)} {term(o)} {INFERENCES} .\n"
        rng = random.Random(self.seed)
        next_event = 0
        for a in itertools.count():
            if count >= self.target:
                return
            lines, next_event = self._article(a, rng, next_event)
            count += len(lines)
            yield from lines

    def _article(self, a: int, rng: random.Random, next_event: int) -> tuple[list[str], int]:
        """The quads of article ``a`` (its named graph and its inferences)."""
        published = self.anchor(a * self.n_events // self.n_articles)[1]
        slug = f"{published}-bench-report-{a}"
        art = iri(str(iris.mint("article", slug, base=self.base)))
        g = iri(str(iris.article_graph(slug)))
        out: list[str] = []

        def q(s: str, p: str, o: str) -> None:
            out.append(f"{s} {p} {o} {g} .\n")

        def infer(s: str, p: str, o: str) -> None:
            if p == RDF_TYPE:
                for sup in self.supers.get(o[1:-1], ()):
                    out.append(f"{s} {RDF_TYPE} <{sup}> {INFERENCES} .\n")
            else:
                for sup in self.superprops.get(p[1:-1], ()):
                    out.append(f"{s} <{sup}> {o} {INFERENCES} .\n")

        def qi(s: str, p: str, o: str) -> None:
            q(s, p, o)
            infer(s, p, o)

        mentions: dict[str, None] = {}
        sentences: list[str] = []
        pos = 0
        if a % self.stride == 0 and a // self.stride < self.n_people:  # this article introduces an official
            person, post, office, state = self.person(a // self.stride)
            ten = iri(str(iris.mint("tenure", person.slug, post.slug, base=self.base)))
            qi(person.term, RDF_TYPE, tg("Person"))
            q(person.term, LABEL, lit(person.label, lang="en"))
            q(person.term, ALT, lit(person.label.split()[-1], lang="en"))
            q(person.term, DERIVED, art)
            q(person.term, ORG_HOLDS, post.term)
            qi(post.term, RDF_TYPE, tg("Post"))
            q(post.term, LABEL, lit(post.label, lang="en"))
            qi(post.term, tg("postIn"), state.term)
            q(post.term, DERIVED, art)
            qi(ten, RDF_TYPE, tg("Tenure"))
            q(ten, tg("holder"), person.term)
            q(ten, tg("post"), post.term)
            out.append(f"{post.term} <http://www.w3.org/ns/org#heldBy> {person.term} {INFERENCES} .\n")
            if rng.random() < 0.6:
                qi(ten, tg("startDate"), lit(f"{int(published[:4]) - rng.randint(0, 6)}", XSD + "gYear"))
            q(ten, DERIVED, art)
            mentions.update({person.term: None, state.term: None})
            sentences.append(f"{person.label}, the {office} of {state.label}, spoke to reporters.")
        for _ in range(1 + int(rng.expovariate(1 / 2.2))):
            if next_event > 50 and rng.random() < 0.15:  # the same event reported again
                index, first = rng.randrange(max(0, next_event - 5000), next_event), False
            else:
                index, first = next_event, True
                next_event += 1
            ev = self.event(index)
            if rng.random() < 0.5:
                sentences.append(rng.choice(FILLER))
            speaker = self.person(self.z_people.draw(rng) % (a // self.stride + 1))[0]
            who = speaker.label if not ev.asserted else ev.agents[-1].label
            when = f" on {ev.date[0]}" if ev.date else ""
            what = f"the {ev.treaty.label}" if ev.treaty else "the arms-control framework"
            sentence = f"{ev.agents[0].label} {VERBS[ev.type]} {what}{when}"
            sentence = f"According to {who}, {sentence}." if not ev.asserted else f"{sentence}, {who} said."
            text_so_far = " ".join(sentences)
            start = len(text_so_far) + (1 if sentences else 0)
            sentences.append(sentence)
            pos = start + len(sentence)
            evid = iri(str(iris.mint("evidence", slug, f"{start}-{pos}", base=self.base)))
            sel_pos, sel_quote = iri(evid[1:-1] + "#position"), iri(evid[1:-1] + "#quote")
            add = qi if first else q
            add(ev.term, RDF_TYPE, tg(ev.type))
            q(ev.term, LABEL, lit(ev.label, lang="en"))
            for agent in ev.agents:
                add(ev.term, tg("agent"), agent.term)
            for prop, node in (("target", ev.target), ("treaty", ev.treaty), ("place", ev.place)):
                if node is not None:
                    add(ev.term, tg(prop), node.term)
            if ev.date:
                add(ev.term, tg("date"), lit(ev.date[0], ev.date[1]))
            q(ev.term, tg("evidence"), evid)
            q(ev.term, DERIVED, art)
            qi(evid, RDF_TYPE, tg("TextEvidence"))
            q(evid, f"<{OA}hasSource>", art)
            q(evid, f"<{OA}hasSelector>", sel_pos)
            q(evid, f"<{OA}hasSelector>", sel_quote)
            q(evid, tg("stance"), tg("Asserted" if ev.asserted else "Attributed"))
            q(evid, DERIVED, art)
            q(sel_pos, RDF_TYPE, f"<{OA}TextPositionSelector>")
            q(sel_pos, f"<{OA}start>", lit(str(start), XSD + "integer"))
            q(sel_pos, f"<{OA}end>", lit(str(pos), XSD + "integer"))
            q(sel_quote, RDF_TYPE, f"<{OA}TextQuoteSelector>")
            q(sel_quote, f"<{OA}exact>", lit(sentence))
            if not ev.asserted or ev.type in SPEECH_ACTS:
                claim = iri(
                    str(
                        iris.mint("claim", slug, iris.short_hash(speaker.slug, ev.term, evid), base=self.base)
                    )
                )
                qi(claim, RDF_TYPE, tg("Claim"))
                qi(claim, tg("claimedBy"), speaker.term)
                if rng.random() < 0.5:
                    q(claim, tg("reportedBy"), self.outlets[self.z_outlets.draw(rng)].term)
                q(claim, tg("claims"), ev.term)
                q(claim, tg("evidence"), evid)
                q(claim, DERIVED, art)
                mentions[speaker.term] = None
            for node in (*ev.agents, ev.target, ev.treaty, ev.place):
                if node is not None:
                    mentions[node.term] = None
            if ev.treaty and ev.type in ("Suspension", "Withdrawal", "Ratification", "Signing", "Accession"):
                status = {"Ratification": "Party", "Accession": "Party", "Signing": "Signatory"}.get(
                    ev.type, "Suspended" if ev.type == "Suspension" else "Withdrawn"
                )
                since = ev.date[0] if ev.date and len(ev.date[0]) == 10 else published
                part = iri(
                    str(
                        iris.mint(
                            "participation", ev.agents[0].slug, ev.treaty.slug, status, since, base=self.base
                        )
                    )
                )
                qi(part, RDF_TYPE, tg("TreatyParticipation"))
                q(part, tg("party"), ev.agents[0].term)
                q(part, tg("treaty"), ev.treaty.term)
                q(part, tg("status"), tg(status))
                qi(part, tg("startDate"), lit(since, XSD + "date"))
                q(part, DERIVED, art)
        for _ in range(rng.randint(0, 3)):
            mentions[self.states[self.z_states.draw(rng)].term] = None
        if rng.random() < 0.5:
            sentences.append(rng.choice(FILLER))
        text = " ".join(sentences)
        outlet = self.outlets[self.z_outlets.draw(rng)]
        qi(art, RDF_TYPE, tg("NewsArticle"))
        q(art, f"<{DCT}title>", lit(f"Bench report {a}: {sentences[0][:60]}"))
        q(art, f"<{DCT}date>", lit(published, XSD + "date"))
        qi(art, tg("publisher"), outlet.term)
        q(art, "<http://schema.org/url>", lit(f"https://example.org/bench/{slug}", XSD + "anyURI"))
        q(art, tg("text"), lit(text))
        q(art, tg("checksum"), lit("sha256:" + hashlib.sha256(text.encode()).hexdigest()))
        for node in mentions:
            qi(art, tg("mentions"), node)
        return out, next_event


def write_nquads(triples: int, output: str | Path | IO[str], *, seed: int = 1) -> int:
    """Write a dataset of about ``triples`` quads (at least that many) to ``output``; returns the count."""
    gen = Generator(triples, seed)
    if isinstance(output, str | Path):
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8", buffering=1 << 20) as f:
            return _write(gen.iter_quads(), f.write)
    return _write(gen.iter_quads(), output.write)


def _write(lines: Iterator[str], write: Callable[[str], object]) -> int:
    count = 0
    for line in lines:
        write(line)
        count += 1
    return count


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``--triples N -o FILE [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True, help="target number of quads")
    parser.add_argument("-o", "--output", required=True, help="N-Quads file to write")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    n = write_nquads(args.triples, args.output, seed=args.seed)
    took = time.perf_counter() - started
    size = Path(args.output).stat().st_size / 1e6
    print(f"wrote {n} quads ({size:.1f} MB) to {args.output} in {took:.1f} s")
    print(
        f"reproduce: {sys.executable} bench/generate.py --triples {args.triples} -o {args.output} "
        f"--seed {args.seed}"
    )


if __name__ == "__main__":
    main()
