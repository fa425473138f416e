"""Reading articles: header block, the seed's layout, JSON, HTML, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.article import parse_article, parse_date, read_article
from kg.errors import ArticleError

MAX = 1_000_000
CORPUS = Path(__file__).resolve().parents[2] / "kg" / "corpus"


def test_header_block_is_read_and_offsets_count_the_whole_file() -> None:
    data = b"Published: 2002-06-15\nsource: The Ledger\nTitle: A Title\nURL: https://x.test/a\n\n"
    data += b"VIENNA - Body.\n"
    art = parse_article(data, name="a.txt", max_bytes=MAX)
    assert art.published == dt.date(2002, 6, 15)
    assert (art.source, art.title, art.url) == ("The Ledger", "A Title", "https://x.test/a")
    assert art.text == data.decode()
    assert art.text[art.body_start :].startswith("VIENNA - Body.")
    assert art.slug == "2002-06-15-a-title"
    assert art.checksum.startswith("sha256:") and len(art.checksum) == 7 + 64


def test_seed_layout_first_line_date_then_title() -> None:
    art = read_article(CORPUS / "00-seed.txt", max_bytes=MAX)
    assert art.published == dt.date(2024, 7, 9)
    assert art.title == "Russia Rules Out Even Tentative Talks with US on Arms Control"
    assert art.slug == "2024-07-09-russia-rules-out-even-tentative-talks-with-us-on-arms-control"
    assert art.text.startswith("Tuesday 9 July 2024 - 06:04")


def test_plain_text_without_header_uses_the_file_stem() -> None:
    art = parse_article(b"Just a body sentence.\n", name="My Article.txt", max_bytes=MAX)
    assert art.body_start == 0 and art.published is None and art.slug == "my-article"


def test_json_article_stores_the_text_field() -> None:
    doc = {
        "title": "T",
        "published": "2010-04-09T10:00:00Z",
        "text": "PRAGUE - Body.",
        "url": "u",
        "source": "S",
    }
    art = parse_article(json.dumps(doc).encode(), name="x.json", max_bytes=MAX)
    assert art.text == "PRAGUE - Body." and art.published == dt.date(2010, 4, 9) and art.format == "json"


def test_html_article_extracts_main_text_and_title() -> None:
    page = (
        "<html><head><title>Pact signed</title><meta property='article:published_time' content='2010-04-08'>"
        "</head><body><nav>menu</nav><article><h1>Pact signed</h1><p>The two presidents signed the treaty "
        "in Prague on Thursday, officials said.</p><p>It limits deployed warheads to 1,550 on each side, "
        "the text of the agreement says.</p></article></body></html>"
    )
    art = parse_article(page.encode(), name="p.html", max_bytes=MAX)
    assert "signed the treaty" in art.text and "<p>" not in art.text
    assert art.title == "Pact signed" and art.format == "html"


def test_bom_is_accepted_and_not_part_of_the_text() -> None:
    art = parse_article("\ufeffPublished: 2020-01-01\n\nBody.\n".encode(), name="b.txt", max_bytes=MAX)
    assert art.text.startswith("Published") and art.published == dt.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("data", "name", "needle"),
    [
        (b"", "e.txt", "empty"),
        (b"  \n\t\n", "w.txt", "empty"),
        (b"abc\x00def", "n.txt", "binary"),
        (bytes(range(1, 31)) * 20, "c.txt", "binary"),
        (b"caf\xe9 au lait", "l.txt", "offset 3"),
        (b"{not json", "j.json", "malformed JSON"),
        (b'{"title": "no text"}', "t.json", "no 'text'"),
        (b"[1, 2]", "a.json", "object"),
        (b"<html><body><script>x</script></body></html>", "h.html", "no article text"),
    ],
)
def test_bad_input_raises_article_error_with_one_line(data: bytes, name: str, needle: str) -> None:
    with pytest.raises(ArticleError) as exc:
        parse_article(data, name=name, max_bytes=MAX)
    assert needle in str(exc.value) and "\n" not in str(exc.value)


def test_oversized_article_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(b"x" * 200)
    with pytest.raises(ArticleError, match="too large"):
        read_article(f, max_bytes=100)


def test_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="cannot read"):
        read_article(tmp_path / "nope.txt", max_bytes=MAX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-09", dt.date(2024, 7, 9)),
        ("Tuesday 9 July 2024 - 06:04", dt.date(2024, 7, 9)),
        ("July 9, 2024", dt.date(2024, 7, 9)),
        ("Sept. 14, 2013", dt.date(2013, 9, 14)),
        ("not a date", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected
