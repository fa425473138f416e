# title: Types from the class hierarchy
# description: For every rdf:type statement, states the instance's membership of every superclass in the
#   ontology graph (rdfs:subClassOf+, including external ones such as prov:Agent, org:Post, sem:Event and
#   schema:NewsArticle), so that "?x a tg:Agent" finds states, people and organizations without a
#   reasoner. Skips types already stated somewhere.
# portability: rdfs:subClassOf+ is spelled out as one to eight steps, because Virtuoso 7 evaluates a
#   transitive path inside GRAPH <...> { } wrongly or refuses it ("transitive start not given");
#   tests/kg/test_store_remote.py checks that the ontology's hierarchy stays within eight steps.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

INSERT { GRAPH <https://w3id.org/treatygraph/graph/inferences> { ?x a ?super } }
WHERE {
  GRAPH <https://w3id.org/treatygraph/graph/ontology> {
    { ?class rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf ?super }
    UNION { ?class rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf ?super }
    FILTER (isIRI(?class) && isIRI(?super) && ?super != ?class)
  }
  GRAPH ?g { ?x a ?class }
  FILTER NOT EXISTS { GRAPH ?g2 { ?x a ?super } }
}
