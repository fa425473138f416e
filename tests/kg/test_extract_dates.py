"""Time expressions resolved against the publication date or an anchor in context (README "Dates")."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import extract_times

PUB = dt.date(2013, 10, 15)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("It happened on February 21, 2023, in Moscow.", dt.date(2024, 7, 9), ["2023-02-21"]),
        ("on 9 July 2024 the talks ended", dt.date(2024, 7, 9), ["2024-07-09"]),
        ("deposited on Sept. 14 in New York", PUB, ["2013-09-14"]),
        ("handed over on Dec. 13, as agreed", dt.date(2002, 6, 15), ["2001-12-13"]),
        ("it grew last year", PUB, ["2012"]),
        ("entered into force on Monday", PUB, ["2013-10-14"]),
        ("signed on Tuesday", PUB, ["2013-10-15"]),
        ("was named winner last Friday", PUB, ["2013-10-11"]),
        ("the accord lapsed last December", dt.date(2010, 4, 9), ["2009-12"]),
        ("prices rose last month", PUB, ["2013-09"]),
        ("talks that began in 1982", dt.date(1991, 8, 1), ["1982"]),
        ("The treaty entered into force on March 5, 1970.", dt.date(1995, 5, 12), ["1970-03-05"]),
        ("The conference opened on April 17.", dt.date(1995, 5, 12), ["1995-04-17"]),
        ("blocked in August", dt.date(1996, 9, 25), ["1996-08"]),
        ("on April 29, 1997, and the vote on April 24 of that year", PUB, ["1997-04-29", "1997-04-24"]),
        ("on April 24, 1997, and the deposit the following day", PUB, ["1997-04-24", "1997-04-25"]),
        ("on Sept. 14. A spokesman said that day", PUB, ["2013-09-14", "2013-09-14"]),
        ("on Wednesday, and on the eve of the ceremony", dt.date(1991, 8, 1), ["1991-07-31", "1991-07-30"]),
        (
            "left on Thursday, six months to the day after the notice",
            dt.date(2002, 6, 15),
            ["2002-06-13", "2001-12-13"],
        ),
        ("Last month the envoy told Moscow", dt.date(2021, 6, 8), ["2021-05"]),
        ("On Tuesday, Russia said", PUB, ["2013-10-15"]),
        ("Russia said Tuesday it would", PUB, ["2013-10-15"]),
        ("adopted in July 2017 and opened for signature that September", PUB, ["2017-07", "2017-09"]),
        ("acceded in July 1991 and signed an agreement two months later", PUB, ["1991-07", "1991-09"]),
        ("signed on Feb. 3, 2021; it had agreed two days earlier", PUB, ["2021-02-03", "2021-02-01"]),
        ("signed on Feb. 3, 2021; it had agreed two days before.", PUB, ["2021-02-03", "2021-02-01"]),
        # "before" with its anchor after it: the date of that anchor is not the one named before
        ("agreed on Feb. 2, 2021, two days before the pact was due to expire", PUB, ["2021-02-02", None]),
        ("ratified the treaty on 30 June", dt.date(2000, 7, 5), ["2000-06-30"]),
        # the year or month of the date before: "the following year", "in September of that year"
        ("signed in April 2010; in force the following year", PUB, ["2010-04", "2011"]),
        ("acceded on July 10, 1991; in force in September of that year", PUB, ["1991-07-10", "1991-09"]),
        ("signed in 1990 and ratified later that year", PUB, ["1990", "1990"]),
        ("signed in May 2008, ratified the following month", PUB, ["2008-05", "2008-06"]),
        ("signed in 2008, ratified the following month", PUB, ["2008", None]),
        (
            "in force on Dec. 11, 1990; the other took effect at the same time",
            PUB,
            ["1990-12-11", "1990-12-11"],
        ),
    ],
)
def test_resolution(text: str, published: dt.date, expected: list[str]) -> None:
    assert [t.value for t in extract_times(text, published)] == expected


def test_precision_is_kept() -> None:
    times = extract_times("in 2019 and last December and on Friday", dt.date(2024, 7, 9))
    assert [t.precision for t in times] == ["year", "month", "day"]


def test_nothing_defaults_to_the_publication_date() -> None:
    assert extract_times("The treaty limits warheads to 1,550 on each side.", PUB) == []


def test_modal_may_is_not_a_month() -> None:
    assert extract_times("Russia may respond; prices may 3 percent", PUB) == []


def test_relative_dates_need_a_publication_date() -> None:
    assert [t.value for t in extract_times("on Monday", None)] == [None]


def test_spans_match_the_text() -> None:
    text = "Signed on Dec. 13 and ratified in 2019."
    for t in extract_times(text, PUB):
        assert text[t.start : t.end] == t.exact
