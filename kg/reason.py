"""Materialised inferences for SPARQL users without a reasoner (docs/model.md, "Named graphs").

Four stages, in this order, each reading the asserted triples plus what the earlier stages produced:

1. tenures: ``?person org:holds ?post`` and ``?post org:heldBy ?person`` for every tenure;
2. super-properties: every triple restated with each ``rdfs:subPropertyOf+`` super-property;
3. inverses: every triple of an ``owl:inverseOf`` pair restated the other way round;
4. types: every ``rdf:type`` extended to each ``rdfs:subClassOf+`` superclass.

The class and property hierarchy comes from the ontology only. Triples that are already asserted are
not repeated. Two implementations compute the same set: :func:`to_inferences` (pure Python, for tests and
for stores without SPARQL Update) and the SPARQL Update rules in ``ontology/rules/*.ru`` (:func:`iter_rules`),
which a store runs in order to recompute ``g:inferences`` in place.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from kg.errors import TreatygraphError
from kg.namespaces import ORG, TG
from kg.resources import resource_dir

log = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]
RULES_DIR = "rules"


class SupportsUpdate(Protocol):
    """What :func:`load_inferences` needs from a store: SPARQL 1.1 Update."""

    def update(self, update: str) -> object: ...


def _closure(edges: Iterable[tuple[Node, Node]]) -> dict[URIRef, set[URIRef]]:
    """Strict transitive closure of ``edges``, keeping only IRI pairs (blank nodes may sit on a path)."""
    direct: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in edges:
        direct[sub].add(sup)
    result: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        if not isinstance(start, URIRef):
            continue
        seen: set[Node] = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(direct.get(node, ()))
        supers = {n for n in seen if isinstance(n, URIRef) and n != start}
        if supers:
            result[start] = supers
    return result


def superclasses(ontology: rdflib.Graph) -> dict[URIRef, set[URIRef]]:
    """Each class IRI with all its strict superclass IRIs (``rdfs:subClassOf+``)."""
    return _closure(ontology.subject_objects(RDFS.subClassOf))


def superproperties(ontology: rdflib.Graph) -> dict[URIRef, set[URIRef]]:
    """Each property IRI with all its strict super-property IRIs (``rdfs:subPropertyOf+``)."""
    return _closure(ontology.subject_objects(RDFS.subPropertyOf))


def inverses(ontology: rdflib.Graph) -> dict[URIRef, set[URIRef]]:
    """Each property IRI with the properties declared its inverse (``owl:inverseOf``, both directions)."""
    pairs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for p, q in ontology.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            pairs[p].add(q)
            pairs[q].add(p)
    return dict(pairs)


def _triples(data: Iterable[Sequence[Node]]) -> set[Triple]:
    """Accept triples or quads (the graph name is dropped)."""
    return {(t[0], t[1], t[2]) for t in data}


def to_inferences(ontology: rdflib.Graph, data: Iterable[Sequence[Node]]) -> set[Triple]:
    """The triples the rules entail from ``ontology`` and ``data`` that neither already contains."""
    base = _triples(ontology) | _triples(data)
    known = set(base)

    holders: dict[Node, set[Node]] = defaultdict(set)
    posts: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in base:
        if p == TG.holder:
            holders[s].add(o)
        elif p == TG.post:
            posts[s].add(o)
    stage: set[Triple] = set()
    for tenure, people in holders.items():
        for person in people:
            for post in posts.get(tenure, ()):
                stage.add((person, ORG.holds, post))
                stage.add((post, ORG.heldBy, person))
    known |= stage

    supers = superproperties(ontology)
    stage = {(s, q, o) for s, p, o in known for q in supers.get(p, ())}
    known |= stage

    inverse = inverses(ontology)
    stage = {(o, q, s) for s, p, o in known if not isinstance(o, Literal) for q in inverse.get(p, ())}
    known |= stage

    classes = superclasses(ontology)
    stage = {(x, RDF.type, d) for x, p, c in known if p == RDF.type for d in classes.get(c, ())}
    known |= stage

    inferred = known - base
    log.debug("inferences: %d new triples from %d asserted", len(inferred), len(base))
    return inferred


def iter_rules() -> list[tuple[str, str]]:
    """The SPARQL Update rules as (name, update text), in the order they must run (the first clears)."""
    folder = resource_dir("ontology") / RULES_DIR
    rules = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.ru"))]
    if not rules:
        raise TreatygraphError(f"no inference rules found in {folder} (is ontology/rules/ installed?)")
    return rules


#: IRIs, strings and comments: the parts of SPARQL text where a prefixed name is not one.
_OPAQUE = re.compile(r'(<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*)')


def _expand_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """``text`` with every prefixed name of ``prefixes`` written out as a full IRI."""
    if not prefixes:
        return text
    names = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    pname = re.compile(rf"(?<![\w.:?$-])({names}):([A-Za-z_][\w-]*)")
    parts = _OPAQUE.split(text)
    for k in range(0, len(parts), 2):  # even parts are outside IRIs, strings and comments
        parts[k] = pname.sub(lambda m: f"<{prefixes[m.group(1)]}{m.group(2)}>", parts[k])
    return "".join(parts)


def _rule_bodies() -> list[tuple[str, str]]:
    """Every rule as (name, text) with its prefixed names written out as IRIs and no prologue."""
    bodies = []
    for name, text in iter_rules():
        prefixes: dict[str, str] = {}
        body = []
        for line in text.splitlines():
            m = re.match(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>\s*$", line, re.I)
            if m:
                prefixes[m.group(1)] = m.group(2)
            elif line.strip() and not line.lstrip().startswith("#"):
                body.append(line)
        expanded = _expand_prefixes("\n".join(body), prefixes).strip().rstrip(";")
        if re.search(r"(?<![\w<#/.:?$-])[A-Za-z][\w-]*:[A-Za-z_]", _OPAQUE.sub(" ", expanded)):
            raise TreatygraphError(f"rule {name}: a prefixed name without a PREFIX line")
        bodies.append((name, expanded))
    return bodies


def combined_rules() -> str:
    """Every rule as ONE update (operations joined by ``;``), to run as one transaction. Prefixed names
    are written out as IRIs and there is no prologue, so the text can follow any other update in the
    same request (Oxigraph takes a prologue only at the start of a request)."""
    return " ;\n".join(body for _, body in _rule_bodies())


#: Predicates whose subject a rule joins two premises on (10-tenure-holds: a tenure's holder and post may
#: be stated in different graphs): a write touching that subject changes inferences about the objects
#: of these predicates too, so :func:`incremental_rules` must be given those objects as well.
JOIN_PREDICATES = (str(TG.holder), str(TG.post))

#: The head of an inference rule's INSERT up to its WHERE: group 1 is the subject variable it states.
_RULE_HEAD = re.compile(r"INSERT\s*\{\s*GRAPH\s*<([^>]*)>\s*\{\s*\?(\w+)[^{}]*\}\s*\}\s*WHERE\s*\{")


def incremental_rules(subjects: Iterable[str], graph: str) -> str:
    """The rules as ONE update that recomputes only the inferences *about* ``subjects`` (IRIs) in the
    inferences graph ``graph``: those triples are deleted, then every rule runs with its stated subject
    bound to ``subjects`` (a VALUES block at the head of its WHERE).

    Correct for a write that changed triples only among ``subjects``: each rule states a triple about
    the subject or the object of the triples it reads (super-properties and types: their subject;
    inverses: their object; tenures: the holder and the post, objects of the tenure's triples), so no
    inference about any other node can depend on what was written. The first rule (clearing the
    whole graph) is replaced by the targeted delete. One rule joins two premises (a tenure's holder
    and post): ``subjects`` must also hold the objects of :data:`JOIN_PREDICATES` for every subject
    it holds (``kg.ingest.Touched`` adds them). tests/kg/test_reason_incremental.py checks the result
    against a full recomputation after random writes.
    """
    names = sorted(set(subjects))
    if not names:
        return ""
    values = " ".join(f"<{s}>" for s in names)
    about = f"VALUES ?x {{ {values} }} GRAPH <{graph}> {{ ?x ?q ?y }}"
    ops = [f"DELETE {{ GRAPH <{graph}> {{ ?x ?q ?y }} }} WHERE {{ {about} }}"]
    for name, body in _rule_bodies():
        if not _RULE_HEAD.search(body):
            continue  # the clearing rule: replaced by the targeted delete above
        inserts = len(re.findall(r"\bINSERT\b", body))
        bound, n = _RULE_HEAD.subn(lambda m: m.group(0) + f"\n  VALUES ?{m.group(2)} {{ {values} }}", body)
        if n != inserts:
            raise TreatygraphError(f"rule {name}: an INSERT whose head the incremental form cannot bind")
        ops.append(bound)
    return " ;\n".join(ops)


def load_inferences(store: SupportsUpdate) -> None:
    """Recompute the inferences graph of ``store`` by running every rule, in order, with ``store.update``."""
    for name, text in iter_rules():
        log.debug("running inference rule %s", name)
        store.update(text)


__all__ = [
    "combined_rules",
    "iter_rules",
    "JOIN_PREDICATES",
    "incremental_rules",
    "load_inferences",
    "superclasses",
    "superproperties",
    "inverses",
    "to_inferences",
]
