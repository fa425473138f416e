# title: Super-properties
# description: For every triple whose predicate has super-properties in the ontology graph
#   (rdfs:subPropertyOf+, e.g. tg:claimedBy => prov:wasAttributedTo, tg:mentions => schema:mentions,
#   tg:agent => sem:hasActor), states the triple with each super-property. Reads every graph, including
#   what 10-tenure-holds wrote; skips triples already stated somewhere.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?s ?super ?o } }
WHERE {
  GRAPH <https://w3id.org/treatygraph/graph/ontology> {
    ?p rdfs:subPropertyOf+ ?super .
    FILTER (isIRI(?p) && isIRI(?super) && ?super != ?p)
  }
  GRAPH ?g { ?s ?p ?o }
  FILTER NOT EXISTS { GRAPH ?g2 { ?s ?super ?o } }
}
