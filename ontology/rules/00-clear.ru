# title: Clear the inferences graph
# description: Drops the materialised inferences so that the rules after it recompute them from the
#   asserted graphs. Run every rule of this folder in file-name order; each later rule reads what the
#   earlier ones wrote (one pass, never a loop).
DROP SILENT GRAPH <https://w3id.org/treatygraph/graph/inferences>
