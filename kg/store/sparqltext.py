"""Guards and rewrites over SPARQL text (keywords, variable substitution), aware of strings, IRIs and
comments. No store here: the local and the remote store both use these.

Substitution follows the intent of pyoxigraph's ``substitutions=`` (a parameter behaves as if the variable
were bound to the value everywhere in the query): a remote engine has no such option, so
:func:`substitute` writes the value into the query text (SPARQL 1.1 Query, section 19 grammar).
"""

from __future__ import annotations

import functools
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


MAX_NESTING = 256
_BRACKETS = re.compile(r"[(\[{]|[)\]}]|!(?!=)")


def sparql_nesting(text: str) -> int:
    """An upper bound of the parser's recursion for ``text``: deepest bracket level plus every unary ``!``."""
    depth = deepest = bangs = 0
    for m in _BRACKETS.finditer(strip_sparql(text)):
        token = m.group(0)
        if token == "!":
            bangs += 1
        elif token in "([{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest + bangs


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse SPARQL text that nests deeper than ``limit``: Oxigraph's parser recurses without a bound
    and a few thousand brackets crash the process (found by the fuzz campaign, fuzz/README.md)."""
    if sum(map(text.count, "([{!")) <= limit:
        return  # fewer openers and bangs in all than the limit: no need to tokenise (the usual query)
    if sparql_nesting(text) > limit:
        raise QueryError(f"the query or update nests too deeply (more than {limit} levels)")


def strip_sparql(text: str) -> str:
    """The query text with comments, string literals and IRIs blanked out (keywords remain)."""
    return _BLANKS.sub(" ", text)


_PREFIX_DECL = re.compile(r"(?<![\w:?$])PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)
#: What follows an operand keyword: an optional SILENT, then an IRI, a variable or a prefixed name (local
#: part with PN_LOCAL_ESC escapes).
_OPERAND = re.compile(
    r"\s*(?:SILENT(?![\w:])\s*)?(<[^<>\s]*>|[?$]\w+|(?:[A-Za-z][\w.-]*)?:(?:[^\s{}();,\\]|\\.)*)",
    re.IGNORECASE,
)


def keyword_operands(text: str, keywords: Iterable[str]) -> dict[str, list[str | None]]:
    """For each of the SPARQL ``keywords`` that occurs as a keyword in ``text`` (not in a string, IRI or
    comment), the operand of every occurrence, in order: the IRI it names (``SERVICE <x>``, ``LOAD
    SILENT ex:y`` with the text's PREFIX declarations), or None where it cannot be told statically (a
    variable, an unknown prefix, anything else). Keys are upper case; absent keywords have no key.

    The one reading of keyword operands: the SERVICE and LOAD allow-lists (server/sparql.py,
    server/writes.py) and the stores' keyword guards (:func:`find_keywords`) all go through it.
    """
    stripped = strip_sparql(text)  # the common case, no keyword at all, costs one pass in C
    present = [kw for kw in keywords if _keyword(kw).search(stripped)]
    if not present:
        return {}
    # Same offsets as ``text``: IRIs blanked (``code``, where keywords are found) or kept (``kept``,
    # where operands are read); strings and comments blanked in both.
    code = _BLANKS.sub(lambda m: " " * len(m.group(0)), text)
    kept = _BLANKS.sub(lambda m: m.group(0) if m.group(0)[0] == "<" else " " * len(m.group(0)), text)
    prefixes = {(d.group(1) or ""): d.group(2) for d in _PREFIX_DECL.finditer(kept)}
    return {
        kw.upper(): [_operand(_OPERAND.match(kept, m.end()), prefixes) for m in _keyword(kw).finditer(code)]
        for kw in present
    }


@functools.lru_cache(maxsize=64)
def _keyword(kw: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w:?$]){re.escape(kw)}(?![\w:])", re.IGNORECASE)


def _operand(m: re.Match[str] | None, prefixes: Mapping[str, str]) -> str | None:
    if m is None:
        return None
    token = m.group(1)
    if token.startswith("<"):
        return token[1:-1]
    if token[0] in "?$":
        return None
    prefix, _, local = token.partition(":")
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local) if prefix in prefixes else None


def find_keywords(text: str, keywords: Iterable[str]) -> set[str]:
    """Which of the SPARQL ``keywords`` (e.g. SERVICE, LOAD) occur as keywords, not in strings or IRIs."""
    return set(keyword_operands(text, keywords))


def join_updates(*updates: str) -> str:
    """SPARQL Update texts as one request, operations separated by ``;`` (SPARQL 1.1 Update, section 3),
    whatever each ends with: a ``;`` of its own, or a comment. Texts without an operation are left out."""
    parts: list[str] = []
    separated = False  # whether the text so far ends with a ';' of its own
    for text in updates:
        stripped = strip_sparql(text).rstrip()
        if not stripped:
            continue
        if parts:
            parts.append("\n" if separated else "\n;\n")
        parts.append(text)
        separated = stripped.endswith(";")
    return "".join(parts)


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

    Every occurrence in a pattern or an expression becomes the value and ``BOUND(?x)`` becomes ``true``;
    a bare ``?x`` in a projection or in GROUP BY / ORDER BY stays, bound by a ``VALUES`` block put at the
    start of the outermost group, so that the answer keeps the column. The target of ``AS`` is left
    alone. Variables inside strings, IRIs and comments are never touched.
    """
    tokens = _tokens(query)
    present = [name for name in values if any(k == "var" and t[1:] == name for k, t in tokens)]
    if not present:
        return query
    inline = "VALUES ({}) {{ ({}) }}".format(
        " ".join("?" + n for n in present), " ".join(values[n] for n in present)
    )
    out: list[str] = []
    mode = "body"  # body | projection | conditions
    depth = 0  # parenthesis depth inside a projection or a condition list
    braces = 0
    form = ""
    after_where = injected = False
    i = 0
    while i < len(tokens):
        kind, text = tokens[i]
        upper = text.upper()
        if kind == "word":
            if braces == 0 and not form and upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = upper
            if braces == 0 and upper == "WHERE":
                after_where = True
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
        elif kind == "other":
            if mode != "body" and text == "(":
                depth += 1
            elif mode != "body" and text == ")":
                depth -= 1
            elif text == "{":
                mode = "body"
                if braces == 0 and not injected and (after_where or form in ("SELECT", "ASK", "DESCRIBE")):
                    out.append("{ " + inline + " ")
                    injected = True
                    braces += 1
                    i += 1
                    continue
                braces += 1
            elif text == "}":
                mode = "body"
                braces -= 1
        elif kind == "var" and text[1:] in values:
            previous = next((t for k_, t in reversed(tokens[:i]) if k_ != "space"), "")
            keep = previous.upper() == "AS" or (mode in ("projection", "conditions") and depth == 0)
            out.append(text if keep else values[text[1:]])
            i += 1
            continue
        out.append(text)
        i += 1
    return "".join(out)


def prepend_values(query: str, name: str, values: Iterable[str]) -> str:
    """``query`` with ``VALUES ?name { … }`` first in its outermost group: one row per value (N-Triples /
    SPARQL term syntax). Unlike :func:`substitute`, ``?name`` stays a variable, so a query written to be
    evaluated per row answers for a whole batch of values at once."""
    tokens = _tokens(query)
    brace = next((i for i, (kind, text) in enumerate(tokens) if kind == "other" and text == "{"), None)
    if brace is None:
        raise QueryError("the query has no group pattern to put VALUES in")
    block = " VALUES ?{} {{ {} }} ".format(name, " ".join(values))
    return "".join(t for _, t in tokens[: brace + 1]) + block + "".join(t for _, t in tokens[brace + 1 :])


def check_substitutable(name: str, value: str) -> str:
    """``value`` if it can be written into a query (IRIs and literals); blank nodes cannot."""
    if value.startswith("_:"):
        raise QueryError(f"cannot bind ?{name} to a blank node on a remote store")
    return value


__all__ = [
    "check_substitutable",
    "find_keywords",
    "join_updates",
    "keyword_operands",
    "prepend_values",
    "query_form",
    "strip_sparql",
    "substitute",
]
