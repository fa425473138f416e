# title: Posts held, from tenures
# description: For every tenure, states the W3C ORG shortcut between its holder and its post:
#   ?person org:holds ?post and ?post org:heldBy ?person (the ontology's property chain
#   org:holds = inverse(tg:holder) / tg:post). Triples already stated in some graph are not repeated.
PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>

INSERT { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?person org:holds ?post } }
WHERE {
  GRAPH ?g1 { ?tenure tg:holder ?person }
  GRAPH ?g2 { ?tenure tg:post ?post }
  FILTER NOT EXISTS { GRAPH ?g3 { ?person org:holds ?post } }
} ;

INSERT { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?post org:heldBy ?person } }
WHERE {
  GRAPH ?g1 { ?tenure tg:holder ?person }
  GRAPH ?g2 { ?tenure tg:post ?post }
  FILTER NOT EXISTS { GRAPH ?g3 { ?post org:heldBy ?person } }
}
