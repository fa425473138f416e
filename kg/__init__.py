"""treatygraph: a knowledge graph of arms-control actors and agreements, built from news articles."""

__version__ = "0.1.0"
