"""Guards and rewrites over SPARQL text (keywords, variable substitution), aware of strings, IRIs and
comments. No store here: the local and the remote store both use these.

Substitution follows the intent of pyoxigraph's ``substitutions=`` (a parameter behaves as if the variable
were bound to the value everywhere in the query): a remote engine has no such option, so
:func:`substitute` writes the value into the query text (SPARQL 1.1 Query, section 19 grammar).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kg.errors import QueryError

_STRINGS_IRIS_COMMENTS = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_BLANKS = re.compile(_STRINGS_IRIS_COMMENTS, re.DOTALL)
_TOKEN = re.compile(
    rf"(?P<opaque>{_STRINGS_IRIS_COMMENTS})"
    r"|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_-]*(?::[^\s(){},;]*)?)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
#: Keywords that end a SELECT projection, and keywords that end a GROUP BY / ORDER BY condition list.
_END_PROJECTION = {"WHERE", "FROM"}
_END_CONDITIONS = {"HAVING", "ORDER", "GROUP", "LIMIT", "OFFSET", "VALUES"}


def strip_sparql(text: str) -> str:
    """The query text with comments, string literals and IRIs blanked out (keywords remain)."""
    return _BLANKS.sub(" ", text)


def find_keywords(text: str, keywords: Iterable[str]) -> set[str]:
    """Which of the SPARQL ``keywords`` (e.g. SERVICE, LOAD) occur as keywords, not in strings or IRIs."""
    stripped = strip_sparql(text)
    found = set()
    for kw in keywords:
        if re.search(rf"(?<![\w:?$]){kw}(?![\w:])", stripped, re.IGNORECASE):
            found.add(kw.upper())
    return found


_FORM = re.compile(
    r"^\s*(?:(?:PREFIX\s+[A-Za-z_][\w.-]*:|PREFIX\s+:|BASE)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)


def query_form(text: str) -> str | None:
    """The kind of answer a query gives: "select", "ask" or "graph" (CONSTRUCT, DESCRIBE); None if the
    text does not start like a query (after its prologue)."""
    m = _FORM.match(strip_sparql(text))
    if m is None:
        return None
    form = m.group(1).upper()
    return {"SELECT": "select", "ASK": "ask"}.get(form, "graph")


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "other", m.group(0)) for m in _TOKEN.finditer(text)]


def _next_significant(tokens: list[tuple[str, str]], i: int) -> int:
    """Index of the first token at or after ``i`` that is not white space or a comment."""
    while i < len(tokens) and (tokens[i][0] == "space" or tokens[i][1].startswith("#")):
        i += 1
    return i


def substitute(query: str, values: Mapping[str, str]) -> str:
    """Write bound values (N-Triples / SPARQL term syntax, e.g. ``<http://...>``) into the query text.

    In a SELECT projection a bare ``?x`` becomes ``(VALUE AS ?x)`` so that the answer still has the
    column; in GROUP BY / ORDER BY it becomes ``(VALUE)``; ``BOUND(?x)`` becomes ``true``; the target of
    ``AS`` is left alone. Variables inside strings, IRIs and comments are never touched.
    """
    if not values:
        return query
    tokens = _tokens(query)
    out: list[str] = []
    mode = "body"  # body | projection | conditions
    depth = 0  # parenthesis depth inside a projection or a condition list
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        upper = text.upper()
        if kind == "word":
            if upper == "SELECT":
                mode, depth = "projection", 0
            elif upper == "BY" and "".join(out[-2:]).strip().upper() in ("GROUP", "ORDER"):
                mode, depth = "conditions", 0
            elif (mode == "projection" and upper in _END_PROJECTION) or (
                mode == "conditions" and upper in _END_CONDITIONS
            ):
                mode = "body"
            elif upper == "BOUND":
                j = _next_significant(tokens, i + 1)
                k = _next_significant(tokens, j + 1)
                m = _next_significant(tokens, k + 1)
                if (
                    m < len(tokens)
                    and tokens[j][1] == "("
                    and tokens[k][0] == "var"
                    and tokens[k][1][1:] in values
                    and tokens[m][1] == ")"
                ):
                    out.append("true")
                    i = m + 1
                    continue
        elif kind == "other" and mode != "body":
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text in "{}":
                mode = "body"
        elif kind == "var" and text[1:] in values:
            value = values[text[1:]]
            previous = next((t for k_, t in reversed(tokens[:i]) if k_ != "space"), "")
            if previous.upper() == "AS":
                out.append(text)
            elif mode == "projection" and depth == 0:
                out.append(f"({value} AS {text})")
            elif mode == "conditions" and depth == 0:
                out.append(f"({value})")
            else:
                out.append(value)
            i += 1
            continue
        out.append(text)
        i += 1
    return "".join(out)


def check_substitutable(name: str, value: str) -> str:
    """``value`` if it can be written into a query (IRIs and literals); blank nodes cannot."""
    if value.startswith("_:"):
        raise QueryError(f"cannot bind ?{name} to a blank node on a remote store")
    return value


__all__ = ["check_substitutable", "find_keywords", "query_form", "strip_sparql", "substitute"]
