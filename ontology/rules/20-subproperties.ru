# title: Super-properties
# description: For every triple whose predicate has super-properties in the ontology graph
#   (rdfs:subPropertyOf+, e.g. tg:claimedBy => prov:wasAttributedTo, tg:mentions => schema:mentions,
#   tg:agent => sem:hasActor), states the triple with each super-property. Reads every graph, including
#   what 10-tenure-holds wrote; skips triples already stated somewhere.
# portability: rdfs:subPropertyOf+ is spelled out as one to eight steps, because Virtuoso 7 evaluates a
#   transitive path inside GRAPH <...> { } wrongly or refuses it ("transitive start not given");
#   tests/kg/test_store_remote.py checks that the ontology's hierarchy stays within eight steps.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?s ?super ?o } }
WHERE {
  GRAPH <https://w3id.org/treatygraph/graph/ontology> {
    { ?p rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    UNION { ?p rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf/rdfs:subPropertyOf ?super }
    FILTER (isIRI(?p) && isIRI(?super) && ?super != ?p)
  }
  GRAPH ?g { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?g2 { ?s ?super ?o } }
}
