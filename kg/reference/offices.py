"""Office titles: news phrases -> normalised English office titles, and post labels (docs/model.md).

"deputy foreign minister" -> "Deputy Minister of Foreign Affairs"; a post is "<Office> of <State or
body>" ("Deputy Minister of Foreign Affairs of Russia"), so extractor and reference mint the same IRI.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

_DATA = "kg.reference.data"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
_AMBASSADOR_TO = re.compile(r"\bambassador to (?P<where>.+)$", re.IGNORECASE)
_MAX_PREFIX_WORDS = 3
# "minister for national reconciliation", "deputy minister of atomic energy": a ministry the table does
# not list is still an office; its title is "Minister of <Field>".
_MINISTER_FOR = re.compile(
    r"^(?P<rank>(?:first\s+)?(?:deputy|vice)\s+)?minister\s+(?:for|of)\s+(?:the\s+)?"
    r"(?P<field>[a-z][a-z\-]+(?:\s+(?:and\s+)?[a-z][a-z\-]+){0,3})$"
)


@functools.lru_cache(maxsize=1)
def office_table() -> tuple[dict[str, str], frozenset[str], str]:
    """The phrase -> title table, the phrases that are not offices, and the table's source."""
    raw = tomllib.loads(resources.files(_DATA).joinpath("offices.toml").read_text("utf-8"))
    table: dict[str, str] = {}
    for office in raw["office"]:
        table[_norm(office["title"])] = office["title"]
        for phrase in office["phrases"]:
            table[_norm(phrase)] = office["title"]
    return table, frozenset(_norm(p) for p in raw["not_offices"]), raw["source"]


def office_titles() -> frozenset[str]:
    """Every normalised office title the table knows."""
    return frozenset(office_table()[0].values())


def _norm(text: str) -> str:
    text = " ".join(text.translate(_QUOTES).split()).lower()
    return re.sub(r"^the ", "", text)


def _ambassador(text: str) -> str | None:
    m = _AMBASSADOR_TO.search(" ".join(text.translate(_QUOTES).split()))
    if not m:
        return None
    where = m.group("where")
    if where.lower().startswith("the "):
        where = "the " + where[4:]
    else:
        where = where[:1].upper() + where[1:]
    return f"Ambassador to {where}"


def normalise_office(text: str) -> str | None:
    """Normalised office title for an office phrase ("deputy foreign minister"), else None.

    Leading qualifiers ("Russian", "U.S.", "IAEA") and a trailing "of <body>" are tolerated:
    "Russian deputy foreign minister" and "foreign minister of Russia" both normalise.
    """
    table, not_offices, _ = office_table()
    key = _norm(text)
    if not key:
        return None
    if key in table:
        return table[key]
    if key in not_offices:
        return None
    if (title := _ambassador(text)) is not None:
        return table.get(_norm(title), title)
    words = key.split()
    for cut in range(1, min(_MAX_PREFIX_WORDS, len(words) - 1) + 1):
        tail = " ".join(words[cut:])
        if tail in table:
            return table[tail]
        if tail in not_offices:
            return None
    head, sep, _ = key.rpartition(" of ")
    if sep and head and (title := normalise_office(head)):
        return title
    m = _MINISTER_FOR.match(key)
    if m and not set(m.group("field").split()) & _NOT_FIELDS and _cased_alike(text):
        rank = " ".join(w.capitalize() for w in (m.group("rank") or "").split())
        field = " ".join(w if w in ("and", "the") else w.capitalize() for w in m.group("field").split())
        the = "the " if re.search(r"\b(?:for|of) the ", key) else ""
        return f"{rank} Minister of {the}{field}".strip()
    return None


def _cased_alike(text: str) -> bool:
    """True when the phrase is all lower case after its first word ("minister for national
    reconciliation") or all capitalised ("Minister for National Reconciliation"), not "minister of Syria"."""
    words = [w for w in text.split() if w.lower() not in ("for", "of", "the", "and")]
    return all(w.islower() for w in words[1:]) or all(w[:1].isupper() for w in words)


# Words that make "minister of ..." no ministry: "minister of state" is a rank, "of the country" a place.
_NOT_FIELDS = frozenset("state country government republic kingdom federation union".split())


def surface_titles(text: str, office: str) -> list[str]:
    """The phrases of ``text`` that name ``office`` in other words than its title, as written: "Kremlin
    spokesman" for "Spokesperson", "deputy foreign minister" for "Deputy Minister of Foreign Affairs".
    Longest first; a phrase inside a longer one is left out."""
    table = office_table()[0]
    title = _norm(office)
    words = list(re.finditer(r"[\w.'\u2019-]+", text))
    found: list[tuple[int, int]] = []
    for n in range(min(5, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            a, b = words[i].start(), words[i + n - 1].end()
            key = _norm(text[a:b])
            if key != title and table.get(key) == office and not any(x <= a and b <= y for x, y in found):
                found.append((a, b))
    return [text[a:b] for a, b in sorted(found)]


def post_label(office: str, of_label: str) -> str:
    """Label of a post: "<Office> of <State or body>" ("Deputy Minister of Foreign Affairs of Russia").

    ``of_label`` is the holder's name as it reads after "of" ("the United States", "the IAEA"); offices
    "... to X" put the state first: "Ambassador of the United States to Russia".
    """
    office = " ".join(office.split())
    of_label = " ".join(of_label.split())
    head, sep, where = office.partition(" to ")
    if sep:
        return f"{head} of {of_label} to {where}"
    return f"{office} of {of_label}"
