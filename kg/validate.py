"""SHACL validation of instance data (pySHACL) and OWL consistency of the ontology (owlready2 + HermiT).

Shapes: ``ontology/shapes.ttl`` (SHACL, https://www.w3.org/TR/shacl/); ontology: ``ontology/treatygraph.ttl``.
Data is validated as one graph: the union of every named graph except the ontology and inferences
graphs, with the ontology mixed in (pySHACL's ``ont_graph``) so that ``sh:class`` and ``sh:targetClass``
follow ``rdfs:subClassOf``.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

import rdflib
from pyshacl import validate as shacl_validate
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import TreatygraphError, ValidationFailed
from kg.iris import INFERENCES_GRAPH, ONTOLOGY_GRAPH
from kg.namespaces import ONTOLOGY_IRI, PREFIXES, SH
from kg.resources import resource_dir

log = logging.getLogger(__name__)

ONTOLOGY_FILE = "treatygraph.ttl"
SHAPES_FILE = "shapes.ttl"
# rdflib 7 deprecates ConjunctiveGraph (Dataset is its subclass); accept whichever this rdflib has.
_MULTI_GRAPH_TYPES = tuple(getattr(rdflib, n) for n in ("Dataset", "ConjunctiveGraph") if hasattr(rdflib, n))
_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


class ValidationResult(NamedTuple):
    """One SHACL result: focus node and path as full IRIs (or blank-node ids), a readable message."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass
class ValidationReport:
    """Outcome of :func:`validate_graph`: ``conforms`` is False when any result is a Violation."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    text: str = ""

    @property
    def violations(self) -> list[ValidationResult]:
        """Only the results whose severity is Violation."""
        return [r for r in self.results if r.severity == "Violation"]


class DatasetSource(Protocol):
    """What :func:`validate_store` needs from a store."""

    def dump_dataset(self) -> rdflib.Dataset: ...


def load_ontology_graph() -> rdflib.Graph:
    """Parse ``ontology/treatygraph.ttl`` into a fresh graph."""
    return _parse(ONTOLOGY_FILE)


def load_shapes_graph() -> rdflib.Graph:
    """Parse ``ontology/shapes.ttl`` into a fresh graph."""
    return _parse(SHAPES_FILE)


def _parse(name: str) -> rdflib.Graph:
    path = resource_dir("ontology") / name
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    return graph


def to_data_graph(data: rdflib.Graph | rdflib.Dataset) -> rdflib.Graph:
    """The graph to validate: a graph as is, or a dataset's graphs merged (ontology, inferences left out)."""
    if not isinstance(data, _MULTI_GRAPH_TYPES):
        return data
    merged = rdflib.Graph()
    skip = {ONTOLOGY_GRAPH, INFERENCES_GRAPH}
    for s, p, o, g in data.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name not in skip:
            merged.add((s, p, o))
    return merged


def validate_graph(
    data: rdflib.Graph | rdflib.Dataset, *, ontology: rdflib.Graph | None = None
) -> ValidationReport:
    """Validate instance data against the shapes; warnings are reported but do not break conformance."""
    data_graph = to_data_graph(data)
    ont = load_ontology_graph() if ontology is None else ontology
    conforms, results_graph, _ = shacl_validate(
        data_graph,
        shacl_graph=load_shapes_graph(),
        ont_graph=ont,
        inference="none",
        allow_warnings=True,
        advanced=False,
        abort_on_first=False,
    )
    results = _results(results_graph)
    report = ValidationReport(conforms=bool(conforms), results=results)
    report.text = _report_text(report, _namespaces(data_graph))
    log.info("SHACL validation: %s", report.text.splitlines()[0])
    return report


def validate_store(store: DatasetSource) -> ValidationReport:
    """Validate everything a store holds (its ``dump_dataset()``), ontology and inferences excepted."""
    return validate_graph(store.dump_dataset())


def _results(results_graph: rdflib.Graph) -> list[ValidationResult]:
    out: list[ValidationResult] = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(result, SH.focusNode)
        path = results_graph.value(result, SH.resultPath)
        value = results_graph.value(result, SH.value)
        severity = _SEVERITIES.get(results_graph.value(result, SH.resultSeverity), "Violation")
        messages = [str(m) for m in results_graph.objects(result, SH.resultMessage)]
        message = messages[0] if messages else "The node does not meet a constraint."
        if value is not None and value != focus:
            message = f"{message} Offending value: {_show_value(value)}."
        out.append(
            ValidationResult(
                focus=_node_id(focus),
                path=_path_text(results_graph, path),
                message=message,
                severity=severity,
            )
        )
    out.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.message))
    return out


def _node_id(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _path_text(graph: rdflib.Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    for kind, suffix in ((SH.oneOrMorePath, "+"), (SH.zeroOrMorePath, "*"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, kind)
        if inner is not None:
            return f"{_path_text(graph, inner)}{suffix}"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path_text(graph, inverse)}"
    return "(complex path)"


def _show_value(value: Node) -> str:
    if isinstance(value, Literal):
        text = str(value)
        if len(text) > 80:
            text = text[:77] + "..."
        return f'"{text}"' + (f"^^<{value.datatype}>" if value.datatype else "")
    return _node_id(value)


def _namespaces(graph: rdflib.Graph) -> rdflib.Graph:
    names = rdflib.Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns)
    for prefix, ns in graph.namespaces():
        if prefix not in PREFIXES:
            names.bind(prefix, ns, override=False)
    return names


def _short(names: rdflib.Graph, iri: str | None) -> str:
    if not iri:
        return "-"
    if iri.startswith("_:"):
        return iri
    try:
        return names.namespace_manager.normalizeUri(URIRef(iri))
    except (ValueError, KeyError):
        return f"<{iri}>"


def _report_text(report: ValidationReport, names: rdflib.Graph) -> str:
    counts = {s: sum(1 for r in report.results if r.severity == s) for s in ("Violation", "Warning", "Info")}
    summary = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    head = "The data conforms to the shapes" if report.conforms else "The data does not conform to the shapes"
    lines = [f"{head}{': ' + summary if summary else ''}."]
    for r in report.results:
        where = _short(names, r.focus) + (f" {_short(names, r.path)}" if r.path else "")
        lines.append(f"[{r.severity}] {where}: {r.message}")
    return "\n".join(lines)


def check_consistency(graph: rdflib.Graph | None = None) -> bool:
    """Run HermiT (owlready2) on the ontology, or on ``graph``; True, else raise ValidationFailed.

    Slow (a Java process, about a second): keep it out of request paths. xsd:gYear and xsd:gYearMonth
    are outside the OWL 2 datatype map, so HermiT is told to ignore unsupported datatypes.
    """
    import owlready2  # imported here: heavy, and only this check needs it

    source = load_ontology_graph() if graph is None else graph
    ntriples = source.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(ntriples), format="ntriples")
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
        unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    except owlready2.OwlReadyInconsistentOntologyError:
        raise ValidationFailed(
            "The ontology is inconsistent: HermiT found a contradiction among its axioms (and the data, "
            "if any was given).",
            report="HermiT: inconsistent ontology",
        ) from None
    except owlready2.OwlReadyJavaError as exc:
        raise TreatygraphError(f"Could not run the HermiT reasoner (is Java installed?): {exc}") from None
    finally:
        world.close()
    if unsatisfiable:
        listing = ", ".join(unsatisfiable)
        raise ValidationFailed(
            f"The ontology has {len(unsatisfiable)} unsatisfiable class(es), which can have no instances: "
            f"{listing}.",
            report=listing,
        )
    log.info("HermiT: %d triples consistent, every class satisfiable", len(source))
    return True


__all__ = [
    "ValidationReport",
    "ValidationResult",
    "check_consistency",
    "load_ontology_graph",
    "load_shapes_graph",
    "to_data_graph",
    "validate_graph",
    "validate_store",
]
