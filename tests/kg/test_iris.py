"""IRIs are deterministic and readable (DESIGN.md "Identifiers")."""

from __future__ import annotations

import pytest

from kg.iris import mint, slugify, split


def test_slugs_are_readable_and_deterministic():
    assert slugify("Sergei Ryabkov") == "sergei-ryabkov"
    assert slugify("New START") == "new-start"
    assert slugify("Côte d’Ivoire") == "cote-divoire"
    assert (
        str(mint("state", "Russia"))
        == str(mint("state", "russia"))
        == "https://w3id.org/treatygraph/id/state/russia"
    )


def test_multi_part_slugs_and_custom_base():
    iri = mint(
        "tenure", "sergei-ryabkov", "Deputy Minister of Foreign Affairs of Russia", base="https://ex.org/"
    )
    assert str(iri) == "https://ex.org/tenure/sergei-ryabkov--deputy-minister-of-foreign-affairs-of-russia"
    assert split(iri, base="https://ex.org/") == (
        "tenure",
        "sergei-ryabkov--deputy-minister-of-foreign-affairs-of-russia",
    )


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        mint("planet", "mars")
    assert split("http://elsewhere.org/state/russia") is None
