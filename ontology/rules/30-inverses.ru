# title: Inverse properties
# description: For every owl:inverseOf pair in the ontology graph (e.g. org:holds / org:heldBy), states
#   each triple in the inverse direction as well. Reads every graph, including what the earlier rules
#   wrote; skips triples already stated somewhere.
PREFIX owl: <http://www.w3.org/2002/07/owl#>

INSERT { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?o ?inverse ?s } }
WHERE {
  GRAPH <https://w3id.org/treatygraph/graph/ontology> {
    { ?p owl:inverseOf ?inverse } UNION { ?inverse owl:inverseOf ?p }
    FILTER (isIRI(?p) && isIRI(?inverse))
  }
  GRAPH ?g { ?s ?p ?o }
  FILTER (!isLiteral(?o))
  FILTER NOT EXISTS { GRAPH ?g2 { ?o ?inverse ?s } }
}
