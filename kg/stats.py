"""Counts for ``treatygraph stats`` and VoID: quads, graphs, articles, instances per class."""

from __future__ import annotations

import json
from typing import Any

from kg.iris import ARTICLE_GRAPH_PREFIX
from kg.queries import get_named_query
from kg.store import Store


def store_stats(store: Store) -> dict[str, Any]:
    """Quads, named graphs, articles and the number of instances of each tg: class."""
    graphs = store.graph_names()
    answer = store.execute(get_named_query("class-counts").text, choose="json")
    rows = json.loads(answer.body)["results"]["bindings"]
    classes = {r["class"]["value"].rsplit("#", 1)[-1]: int(r["instances"]["value"]) for r in rows}
    return {
        "quads": len(store),
        "graphs": {g: store.count(g) for g in graphs},
        "articles": sum(1 for g in graphs if g.startswith(ARTICLE_GRAPH_PREFIX)),
        "classes": classes,
    }
