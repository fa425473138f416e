"""Curated reference data (states, treaties, organizations, places, posts, people) and its gazetteer.

Used as RDF (the reference named graph, docs/model.md "Reference data") and as a gazetteer by the
extraction: ``load_reference().lookup("Moscow")``.
"""

from kg.reference.loader import load_reference
from kg.reference.model import RefEntity, Reference, ReferenceDataError, SurfaceForm, normalise_surface
from kg.reference.offices import normalise_office, post_label, surface_titles

__all__ = [
    "RefEntity",
    "Reference",
    "ReferenceDataError",
    "SurfaceForm",
    "load_reference",
    "normalise_office",
    "normalise_surface",
    "post_label",
    "surface_titles",
]
