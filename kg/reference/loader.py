"""Build the :class:`~kg.reference.model.Reference` from the shipped data files (kg/reference/data/).

States come from ``states.csv`` joined with ISO 3166 (pycountry); everything else from TOML files.
Every entity carries ``data["sources"]``: where its curated facts come from.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import io
import logging
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import pycountry
from rdflib import URIRef

from kg.iris import mint, slugify
from kg.namespaces import DEFAULT_BASE, TG
from kg.reference.model import RefEntity, Reference, ReferenceDataError
from kg.reference.offices import post_label

log = logging.getLogger(__name__)

_DATA = "kg.reference.data"
UN_MEMBERS_SOURCE = "United Nations member states list (https://www.un.org/en/about-us/member-states)"
UN_OBSERVERS_SOURCE = (
    "United Nations non-member observer States (https://www.un.org/en/about-us/non-member-states)"
)
BRIEF_SOURCE = "project brief"
COUNTRY_CODES_SOURCE = "datasets/country-codes data/country-codes.csv commit caa72d1, wikidata_id column"
NAMES_SOURCE = "treatygraph editorial: common English names, demonyms and metonyms"
SOVIET_END_DATE = "1991-12-26"


def _slug(text: str) -> str:
    """The slug ``mint(kind, text)`` uses, so that ``iri == mint(kind, label)``."""
    return slugify(text, max_len=120)


def _text(name: str) -> str:
    return resources.files(_DATA).joinpath(name).read_text("utf-8")


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads(_text(name))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (cell or "").split(";") if s.strip())


def _uniq(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _entity(kind: str, slug: str, label: str, classes: tuple[URIRef, ...], base: str, **kw: Any) -> RefEntity:
    data = dict(kw.pop("data", {}))
    aliases = _uniq(a for a in kw.pop("aliases", ()) if a != label)
    data.setdefault("sources", ())
    data["sources"] = _uniq(data["sources"])
    data["source"] = "; ".join(data["sources"])
    return RefEntity(
        iri=mint(kind, slug, base=base),
        kind=kind,
        slug=slug,
        label=label,
        classes=classes,
        aliases=aliases,
        data=_freeze(data),
        **kw,
    )


def pycountry_version() -> str:
    """The installed pycountry version (cited in ISO 3166 sources)."""
    return importlib.metadata.version("pycountry")


def _qid_source(code: str) -> str:
    return {"project brief": BRIEF_SOURCE, "country-codes": COUNTRY_CODES_SOURCE}.get(code, code)


def _iso_names(country: Any, label: str) -> list[str]:
    names = [getattr(country, a, None) for a in ("name", "official_name", "common_name")]
    return [n for n in names if n and ", " not in n and n != label]


def load_states(base: str = DEFAULT_BASE) -> list[RefEntity]:
    """States: UN members, observers and the Soviet Union, with ISO 3166 codes from pycountry."""
    version = pycountry_version()
    out = []
    for row in csv.DictReader(io.StringIO(_text("states.csv"))):
        status, alpha3 = row["status"], row["alpha3"]
        if status == "historical":
            country = pycountry.historic_countries.get(alpha_3=alpha3)
            iso_source = f"ISO 3166-3 (former country codes) via pycountry {version}"
        else:
            country = pycountry.countries.get(alpha_3=alpha3)
            iso_source = f"ISO 3166-1 via pycountry {version}"
        if country is None:
            raise ReferenceDataError(f"states.csv: {alpha3} is not an ISO 3166 code in pycountry {version}")
        label = row["label"]
        sources = [iso_source, NAMES_SOURCE]
        if status == "member":
            sources.append(UN_MEMBERS_SOURCE)
        elif status == "observer":
            sources.append(UN_OBSERVERS_SOURCE)
        qid = row["qid"] or None
        if qid:
            sources.append(f"Wikidata {qid}: {_qid_source(row['qid_source'])}")
        metonyms = _split(row["metonyms"])
        data: dict[str, Any] = {
            "alpha2": country.alpha_2,
            "alpha3": country.alpha_3,
            "numeric": country.numeric,
            "iso_name": country.name,
            "un_status": status,
            "metonyms": metonyms,
            "plurals": _split(row["plurals"]),
            "of_label": f"the {label}" if row["the"] else label,
            "ambiguous_forms": _split(row["ambiguous"]),
            "common_word_forms": _split(row["common_word"]),
            "sources": sources,
        }
        data["ambiguous"] = label in data["ambiguous_forms"]
        if alpha3 == "SUN":
            data["end_date"] = SOVIET_END_DATE
            data["sources"].append(f"end date {SOVIET_END_DATE}: {BRIEF_SOURCE}")
        if alpha3 == "RUS":
            data["continuator_of"] = "soviet-union"
            data["sources"].append(f"Russia continuator of the Soviet Union: {BRIEF_SOURCE}")
        aliases = [*_split(row["aliases"]), *_iso_names(country, label), *metonyms, *data["plurals"]]
        out.append(
            _entity(
                "state",
                _slug(label),
                label,
                (TG.State,),
                base,
                aliases=aliases,
                demonyms=_split(row["demonyms"]),
                qid=qid,
                data=data,
            )
        )
    return out


def _common(item: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    sources = [item.get("source", defaults.get("source", NAMES_SOURCE))]
    if item.get("qid"):
        sources.append(f"Wikidata {item['qid']}: {item.get('qid_source', '')}".rstrip(": "))
    data = {k: v for k, v in item.items() if k not in {"label", "aliases", "qid", "source", "slug", "class"}}
    data["sources"] = sources
    data["metonyms"] = tuple(item.get("metonyms", ()))
    data["ambiguous_forms"] = tuple(item.get("ambiguous", ()))
    data["ambiguous"] = item.get("label") in data["ambiguous_forms"]
    return data


def load_organizations(
    known: Mapping[tuple[str, str], RefEntity], base: str = DEFAULT_BASE
) -> list[RefEntity]:
    """International organizations, news agencies and government bodies."""
    raw = _toml("organizations.toml")
    out = []
    for item in raw["organization"]:
        data = _common(item, raw.get("defaults", {}))
        data.setdefault("of_label", item["label"])
        for key in ("part_of", "within", "successor_of"):
            if key in item:
                data[f"{key}_iri"] = str(_resolve(item[key], known, f"organizations.toml {item['slug']}").iri)
        cls = getattr(TG, item["class"])
        out.append(
            _entity(
                "organization",
                item["slug"],
                item["label"],
                (cls,),
                base,
                aliases=[*item.get("aliases", ()), *item.get("metonyms", ())],
                qid=item.get("qid"),
                data=data,
            )
        )
    return out


def load_places(base: str = DEFAULT_BASE) -> list[RefEntity]:
    """Continents, regions and cities."""
    raw = _toml("places.toml")
    return [
        _entity(
            "place",
            item.get("slug", _slug(item["label"])),
            item["label"],
            (TG.Place,),
            base,
            aliases=item.get("aliases", ()),
            qid=item.get("qid"),
            data=_common(item, raw.get("defaults", {})),
        )
        for item in raw["place"]
    ]


def load_people(base: str = DEFAULT_BASE) -> list[RefEntity]:
    """Well-known people (kept small)."""
    raw = _toml("people.toml")
    return [
        _entity(
            "person",
            item.get("slug", _slug(item["label"])),
            item["label"],
            (TG.Person,),
            base,
            aliases=item.get("aliases", ()),
            qid=item.get("qid"),
            data=_common(item, raw.get("defaults", {})),
        )
        for item in raw["person"]
    ]


def _resolve(ref: str, known: Mapping[tuple[str, str], RefEntity], where: str) -> RefEntity:
    kind, _, slug = ref.partition(":") if ":" in ref else ("state", "", ref)
    entity = known.get((kind, slug))
    if entity is None:
        raise ReferenceDataError(f"{where}: unknown reference {ref!r}")
    return entity


def _acronyms(entity: RefEntity) -> list[str]:
    return [a for a in (entity.label, *entity.aliases) if a.replace(".", "").isupper() and " " not in a]


def load_posts(known: Mapping[tuple[str, str], RefEntity], base: str = DEFAULT_BASE) -> list[RefEntity]:
    """Posts ("<Office> of <State or body>"), labelled with :func:`post_label`."""
    raw = _toml("posts.toml")
    out = []
    for item in raw["post"]:
        holder = _resolve(item["of"], known, "posts.toml")
        office = item["office"]
        label = post_label(office, holder.data.get("of_label", holder.label))
        aliases = [post_label(office, holder.label), *item.get("aliases", ())]
        aliases += [f"{d} {office}" for d in holder.demonyms]
        aliases += [f"{a} {office}" for a in _acronyms(holder) if holder.kind == "organization"]
        data = _common(item, raw.get("defaults", {}))
        data.update(office=office, of=holder.slug, of_kind=holder.kind, of_iri=str(holder.iri))
        out.append(
            _entity(
                "post",
                _slug(label),
                label,
                (TG.Post,),
                base,
                aliases=aliases,
                qid=item.get("qid"),
                data=data,
            )
        )
    return out


def load_treaties(known: Mapping[tuple[str, str], RefEntity], base: str = DEFAULT_BASE) -> list[RefEntity]:
    """Arms-control treaties with their dates, parties, depositaries and curated participations."""
    raw = _toml("treaties.toml")
    named = raw.get("sources", {})
    out = []
    for item in raw["treaty"]:
        where = f"treaties.toml {item['slug']}"
        data = {
            k: v for k, v in item.items() if k not in {"label", "aliases", "slug", "sources", "participation"}
        }
        data["sources"] = [named.get(s, s) for s in item.get("sources", ())]
        data["ambiguous_forms"] = tuple(item.get("ambiguous", ()))
        data["ambiguous"] = item["label"] in data["ambiguous_forms"]
        for key in ("parties", "depositaries", "original_signatories", "continuator_parties", "participants"):
            refs = [_resolve(r, known, where) for r in item.get(key, ())]
            data[key] = tuple(e.slug for e in refs)
            data[f"{key}_iris"] = tuple(str(e.iri) for e in refs)
        for key in ("signature_place", "conclusion_place"):
            if key in item:
                data[f"{key}_iri"] = str(_resolve(item[key], known, where).iri)
        participations = []
        for p in item.get("participation", ()):
            party = _resolve(p["party"], known, where)
            source = named.get(p["source"], p["source"])
            record = dict(p, party=party.slug, party_kind=party.kind, party_iri=str(party.iri), source=source)
            participations.append(record)
        data["participations"] = participations
        if not data["sources"]:
            raise ReferenceDataError(f"{where}: no source")
        aliases = [*item.get("aliases", ())]
        if item.get("official_name"):
            aliases.append(item["official_name"])
        out.append(
            _entity("treaty", item["slug"], item["label"], (TG.Treaty,), base, aliases=aliases, data=data)
        )
    return out


def _organization_stubs(base: str) -> dict[tuple[str, str], RefEntity]:
    """Organizations by slug before they are loaded, so that one may be part of another."""
    raw = _toml("organizations.toml")
    return {
        ("organization", o["slug"]): RefEntity(
            mint("organization", o["slug"], base=base), "organization", o["slug"], o["label"], ()
        )
        for o in raw["organization"]
    }


@functools.lru_cache(maxsize=8)
def load_reference(base: str = DEFAULT_BASE) -> Reference:
    """The curated reference data, with IRIs minted under ``base`` (cached per base)."""
    entities: list[RefEntity] = []
    entities += load_states(base)
    entities += load_places(base)
    entities += load_people(base)
    states = {(e.kind, e.slug): e for e in entities}
    organizations = load_organizations({**states, **_organization_stubs(base)}, base)
    entities += organizations
    known = {(e.kind, e.slug): e for e in entities}
    entities += load_posts(known, base)
    known = {(e.kind, e.slug): e for e in entities}
    entities += load_treaties(known, base)
    log.debug("loaded %d reference entities", len(entities))
    return Reference(entities, base=base)
