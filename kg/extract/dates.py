"""Time expressions, resolved against the publication date or a dated anchor in context (README "Dates").

Precision is kept: "in 2019" is a gYear, "last December" a gYearMonth, "Feb. 3" a full date. Nothing
defaults to the publication date: an expression the rules cannot resolve gets ``value=None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from kg.extract.records import TimeExpression

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_WD = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_UNITS = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
}

# (kind, pattern) in priority order; earlier patterns win overlaps.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(p))
    for k, p in (
        (
            "offset",
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+(?:to the day\s+)?after\b",
        ),
        (
            "later",
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>later|earlier|before)\b",
        ),
        ("mdy", _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b"),
        ("dmy", r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b"),
        ("md_that_year", _MONTH + r"\s+" + _DAY + r"\s+of\s+that\s+year\b"),
        # "in September of that year", "in March the same year"
        (
            "m_that_year",
            r"\b(?:[Ii]n\s+)?(?:early\s+|late\s+|mid-)?"
            + _MONTH
            + r"\s+(?:of\s+)?(?:that|the\s+same)\s+year\b",
        ),
        ("md", _MONTH + r"\s+" + _DAY + r"\b(?!,?\s*\d)"),
        ("dm", r"\b" + _DAY + r"\s+" + _MONTH + r"(?!,?\s*\d)"),
        ("my", _MONTH + r"\s+" + _YEAR + r"\b"),
        ("last_month_name", r"\b[Ll]ast\s+" + _MONTH),
        ("last_weekday", r"\b[Ll]ast\s+" + _WD),
        (
            "weekday",
            r"\b(?:(?:[Oo]n|[Ll]ater\s+on|[Ee]arlier\s+on|[Ll]ate\s+on|[Ee]arly\s+on|by)\s+)?" + _WD + r"\b",
        ),
        ("that_month", r"\b(?:that|the\s+same|the\s+following)\s+" + _MONTH + r"(?!\s+\d)"),
        ("rel_month", r"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+month\b"),
        ("rel_year", r"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+year\b"),
        ("yesterday", r"\byesterday\b"),
        ("in_month", r"\b[Ii]n\s+(?:early\s+|late\s+|mid-)?" + _MONTH + r"(?!\s+\d)"),
        (
            "in_year",
            r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|back\s+to)\s+(?:early\s+|late\s+|mid-)?" + _YEAR + r"\b(?!,\d)",
        ),
        ("anchor_next", r"\b(?:[Tt]he\s+following|[Tt]he\s+next)\s+day\b"),
        # "the following year", "later that year", "the same month": the year or month of the last date
        (
            "anchor_unit",
            r"\b(?:(?P<rel>[Tt]he\s+following|[Tt]he\s+next|[Tt]he\s+same|[Tt]hat)|(?:[Ll]ater|[Ee]arlier)\s+that)\s+"
            r"(?P<unit>year|month)\b",
        ),
        ("anchor_eve", r"\bon\s+the\s+eve\s+of\b"),
        (
            "anchor_day",
            r"\b(?:(?:[Ll]ater|[Ee]arlier)\s+)?(?:[Tt]hat|[Tt]he\s+same)\s+(?:day|evening|night|morning|afternoon)\b|"
            r"\bduring\s+the\s+day\b|\bafterwards\b|\b(?:[Hh]ours|[Mm]inutes)\s+later\b|\b[Ww]ithin\s+hours\b|"
            r"\b(?:after|before)\s+(?:the\s+)?(?:signing|ceremony)\b|\bwhen\s+the\s+\w+\s+(?:was|were)\s+signed\b"
            r"|\b[Tt]he\s+same\s+(?:ceremony|statement|meeting|session|speech|interview|news\s+conference)\b"
            r"|\bat\s+the\s+(?:ceremony|signing)\b",
        ),
        ("anchor_time", r"\bat\s+the\s+(?:same\s+)?time\b"),
    )
)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _fmt(d: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError("unreachable")


def _shift(d: dt.date, n: int, unit: str) -> dt.date:
    if unit == "days":
        return d + dt.timedelta(days=n)
    if unit == "weeks":
        return d + dt.timedelta(weeks=n)
    if unit == "months":
        return _add_months(d, n)
    return _add_months(d, 12 * n)


def _on_or_before(pub: dt.date, month: int, day: int) -> dt.date | None:
    for year in (pub.year, pub.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= pub:
            return d
    return None


def find_times(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping time-expression matches in ``text[start:end]``, in text order."""
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, re.Match[str]]] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text, start, end):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((kind, m))
    found.sort(key=lambda km: km[1].start())
    return found


def resolve(matches: Iterable[tuple[str, re.Match[str]]], published: dt.date | None) -> list[TimeExpression]:
    """Resolve matches in text order; anchors refer to the most recent resolved date before them."""
    out: list[TimeExpression] = []
    last_day: dt.date | None = None
    last_any: tuple[dt.date, str] | None = None
    last_year: int | None = None
    for kind, m in matches:
        value, precision, cls = _resolve_one(kind, m, published, last_day, last_any, last_year)
        out.append(TimeExpression(m.start(), m.end(), m.group(0), value, precision, cls))
        if value is not None and kind != "offset":
            d = _parse(value)
            last_any = (d, precision)
            last_year = d.year
            if precision == "day":
                last_day = d
    return out


def _parse(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


def _resolve_one(
    kind: str,
    m: re.Match[str],
    pub: dt.date | None,
    last_day: dt.date | None,
    last_any: tuple[dt.date, str] | None,
    last_year: int | None,
) -> tuple[str | None, str, str]:
    g = m.groupdict()
    try:
        if kind in ("mdy", "dmy"):
            return _fmt(dt.date(int(g["year"]), _month(g["month"]), int(g["day"])), "day"), "day", "absolute"
        if kind == "my":
            return f"{int(g['year']):04d}-{_month(g['month']):02d}", "month", "absolute"
        if kind == "in_year":
            return g["year"], "year", "absolute"
        if kind == "md_that_year" and last_year:
            return _fmt(dt.date(last_year, _month(g["month"]), int(g["day"])), "day"), "day", "anchor"
        if kind == "m_that_year" and last_year:
            return f"{last_year:04d}-{_month(g['month']):02d}", "month", "anchor"
        if kind == "anchor_unit" and last_any:
            step = 1 if (g["rel"] or "").lower() in ("the following", "the next") else 0
            if g["unit"] == "year":
                return f"{last_any[0].year + step:04d}", "year", "anchor"
            if last_any[1] == "year":
                return None, "none", "anchor"  # "the following month" after "in 2019"
            return _fmt(_add_months(last_any[0].replace(day=1), step), "month"), "month", "anchor"
        if kind == "that_month" and last_year:
            following = m.group(0).lower().startswith("the following") and last_any
            year = last_year + 1 if following and _month(g["month"]) <= last_any[0].month else last_year
            return f"{year:04d}-{_month(g['month']):02d}", "month", "anchor"
        if kind == "anchor_next" and last_day:
            return _fmt(last_day + dt.timedelta(days=1), "day"), "day", "anchor"
        if kind == "anchor_eve" and last_day:
            return _fmt(last_day - dt.timedelta(days=1), "day"), "day", "anchor"
        if kind == "anchor_day" and last_day:
            return _fmt(last_day, "day"), "day", "anchor"
        if kind == "anchor_day" and last_any:
            return _fmt(last_any[0], last_any[1]), last_any[1], "anchor"  # "the same day" as an act "in 2019"
        if kind == "anchor_time" and last_any:
            return _fmt(last_any[0], last_any[1]), last_any[1], "anchor"
        if kind == "later" and g["dir"] == "before" and re.match(r"\s+[\w\"\u201c]", m.string[m.end() :]):
            return None, "none", "anchor"  # "two days before the pact expired": the anchor follows
        if kind == "later" and last_any:
            n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
            unit = _UNITS[g["unit"].lower()]
            rank = {"day": 2, "month": 1, "year": 0}
            unit_rank = {"days": 2, "weeks": 2, "months": 1, "years": 0}[unit]
            if unit_rank > rank[last_any[1]] and n > 1:
                return None, "none", "anchor"  # "90 days later" than "in September": no knowable date
            precision = min(
                ("day", "month", "year"), key=lambda p: abs(rank[p] - min(rank[last_any[1]], unit_rank))
            )
            sign = 1 if g["dir"] == "later" else -1
            return _fmt(_shift(last_any[0], sign * n, unit), precision), precision, "anchor"
        if kind == "offset" and last_day:
            n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
            return _fmt(_shift(last_day, -n, _UNITS[g["unit"].lower()]), "day"), "day", "offset"
        if pub is None:
            return None, "none", "relative"
        if kind in ("md", "dm"):
            d = _on_or_before(pub, _month(g["month"]), int(g["day"]))
            return (_fmt(d, "day"), "day", "relative") if d else (None, "none", "relative")
        if kind in ("weekday", "last_weekday"):
            want = WEEKDAYS.index(g["weekday"].lower())
            back = (pub.weekday() - want) % 7
            if kind == "last_weekday" and back == 0:
                back = 7
            return _fmt(pub - dt.timedelta(days=back), "day"), "day", "relative"
        if kind in ("last_month_name", "in_month"):
            month = _month(g["month"])
            year = (
                pub.year
                if (month < pub.month or (kind == "in_month" and month == pub.month))
                else pub.year - 1
            )
            return f"{year:04d}-{month:02d}", "month", "relative"
        if kind in ("rel_month", "rel_year"):
            g["rel"] = g["rel"].lower()
        if kind in ("rel_month", "rel_year") and g["rel"] == "next":
            return None, "none", "relative"
        if kind == "rel_month":
            delta = {"last": -1, "this": 0, "next": 1}[g["rel"]]
            return _fmt(_add_months(pub.replace(day=1), delta), "month"), "month", "relative"
        if kind == "rel_year":
            return f"{pub.year + {'last': -1, 'this': 0, 'next': 1}[g['rel']]:04d}", "year", "relative"
        if kind == "yesterday":
            return _fmt(pub - dt.timedelta(days=1), "day"), "day", "relative"
    except (ValueError, KeyError):
        return None, "none", "relative"
    return None, "none", "anchor"


def is_deadline(text: str, t: TimeExpression) -> bool:
    """True for "until 2026", "by 2012", "through May": a limit, not the date of an act."""
    return bool(
        re.search(r"\b(?:until|till|by|through|before)\s+(?:the\s+)?$", text[max(0, t.start - 12) : t.start])
    )


def extract_times(text: str, published: dt.date | None, start: int = 0) -> list[TimeExpression]:
    """Every time expression in ``text[start:]``, resolved in reading order."""
    return resolve(find_times(text, start), published)


AFTER_EVENT = re.compile(
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a)\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+(?:to the day\s+)?after\s+(?:the|its|their)\s+"
    r"(?P<what>[A-Z]\w+|\w+)"
)


def after_event(text: str, t: TimeExpression, dated: list[tuple[str, str]]) -> str | None:
    """ "three days after the Duma vote": the date of the named earlier act shifted forward.

    ``dated`` lists (evidence text, full date) of the acts reported before, most recent last.
    """
    m = AFTER_EVENT.match(text, t.start)
    if m is None:
        return None
    what = m.group("what")
    for evidence, value in reversed(dated):
        if len(value) == 10 and re.search(r"\b" + re.escape(what) + r"\b", evidence):
            n = _NUMBERS.get(m.group("n").lower()) or int(m.group("n"))
            return _fmt(_shift(_parse(value), n, _UNITS[m.group("unit").lower()]), "day")
    return None
