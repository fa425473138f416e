"""Text -> plain records with text spans (no RDF here); one module per method.

``extract(article, reference, known=None)`` runs the whole pipeline (:mod:`kg.extract.pipeline`).
"""

from kg.extract.pipeline import extract
from kg.extract.records import (
    Claim,
    Entity,
    Event,
    EventMention,
    Extraction,
    Mention,
    Post,
    Sentence,
    Span,
    Tenure,
    TimeExpression,
)

__all__ = [
    "Claim",
    "Entity",
    "Event",
    "EventMention",
    "Extraction",
    "Mention",
    "Post",
    "Sentence",
    "Span",
    "Tenure",
    "TimeExpression",
    "extract",
]
