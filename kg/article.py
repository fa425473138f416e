"""Reading one news article: header block, body, character offsets, checksum (DESIGN.md, "Articles").

Offsets everywhere count Unicode code points in ``Article.text``, the text as stored: for plain text
that is the whole decoded file (header lines included), for JSON the ``text`` field, for HTML the main
text that was extracted from the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import ArticleError
from kg.iris import slugify

log = logging.getLogger(__name__)

HEADER_KEYS = ("published", "source", "title", "url", "author", "date")
TITLE_SLUG_LEN = 64

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s][\d:.+\-Z]*)?\s*$")
_DMY = re.compile(_WEEKDAY + r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\b", re.IGNORECASE)
_MDY = re.compile(_WEEKDAY + r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
_NUL = b"\x00"
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z _-]{0,30}):\s?(.*)$")


@dataclass(frozen=True)
class Article:
    """One article as stored: its text and what its header or metadata said."""

    slug: str
    text: str
    body_start: int
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    author: str | None
    checksum: str
    name: str
    format: str
    path: str | None = None

    @property
    def body(self) -> str:
        """The text after the header block."""
        return self.text[self.body_start :]


def parse_date(value: str) -> dt.date | None:
    """A publication date from "2024-07-09", "Tuesday 9 July 2024 - 06:04" or "July 9, 2024"; else None."""
    value = value.strip()
    if not value:
        return None
    try:
        if m := _ISO.match(value):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        for rx, order in ((_DMY, "dmy"), (_MDY, "mdy")):
            m = rx.match(value)
            if m:
                a, b, year = m.group(1), m.group(2), int(m.group(3))
                day, month = (a, b) if order == "dmy" else (b, a)
                mon = _MONTHS.get(month.lower().rstrip("."))
                if mon and day.isdigit():
                    return dt.date(year, mon, int(day))
    except ValueError:
        return None
    return None


def article_slug(published: dt.date | None, title: str | None, name: str) -> str:
    """``<published>-<title slug>`` when both exist, else the file stem slugified."""
    if published and title:
        t = slugify(title, max_len=200)
        if len(t) > TITLE_SLUG_LEN:
            t = t[:TITLE_SLUG_LEN].rsplit("-", 1)[0]
        return f"{published.isoformat()}-{t}"
    return slugify(Path(name).stem)


def read_article(path: str | Path, *, max_bytes: int) -> Article:
    """Read and parse an article file; raises ArticleError with a one-line message."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise ArticleError(f"{p.name}: article is too large ({size} bytes > {max_bytes})")
        data = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{p.name}: cannot read article: {exc.strerror or exc}") from None
    art = parse_article(data, name=p.name, max_bytes=max_bytes)
    return _replace_path(art, str(p))


def _replace_path(art: Article, path: str) -> Article:
    return Article(**{**art.__dict__, "path": path})


def parse_article(data: bytes, *, name: str, max_bytes: int) -> Article:
    """Parse article bytes (plain text, JSON or HTML, chosen by name then content)."""
    if len(data) > max_bytes:
        raise ArticleError(f"{name}: article is too large ({len(data)} bytes > {max_bytes})")
    if not data.strip():
        raise ArticleError(f"{name}: article is empty")
    if b"\x00" in data:
        raise ArticleError(f"{name}: article is binary (NUL byte at offset {data.index(_NUL)})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{name}: article is not UTF-8 (invalid byte at offset {exc.start})") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 20):
        raise ArticleError(f"{name}: article is binary ({controls} control characters)")
    fmt = _sniff(name, text)
    if fmt == "json":
        return _from_json(text, name)
    if fmt == "html":
        return _from_html(text, name)
    return _from_plain(text, name)


def _sniff(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "json"
    if head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head:
        return "html"
    return "plain"


def _checksum(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _build(text: str, name: str, fmt: str, body_start: int, meta: dict[str, str | None]) -> Article:
    if not text[body_start:].strip():
        raise ArticleError(f"{name}: article has no body text")
    published = parse_date(meta.get("published") or meta.get("date") or "")
    title = (meta.get("title") or "").strip() or None
    return Article(
        slug=article_slug(published, title, name),
        text=text,
        body_start=body_start,
        title=title,
        published=published,
        source=(meta.get("source") or "").strip() or None,
        url=(meta.get("url") or "").strip() or None,
        author=(meta.get("author") or "").strip() or None,
        checksum=_checksum(text),
        name=name,
        format=fmt,
    )


def _from_plain(text: str, name: str) -> Article:
    lines = text.splitlines(keepends=True)
    meta: dict[str, str | None] = {}
    pos = 0
    # 1) a header block of ``Key: value`` lines closed by a blank line
    header: dict[str, str] = {}
    consumed = 0
    for line in lines:
        if not line.strip():
            break
        m = _HEADER_LINE.match(line.rstrip("\r\n"))
        if not m:
            header = {}
            break
        header[m.group(1).strip().lower()] = m.group(2).strip()
        consumed += len(line)
    if header and any(k in HEADER_KEYS for k in header):
        meta.update({k: v for k, v in header.items() if k in HEADER_KEYS})
        pos = consumed
        while pos < len(text) and text[pos] in "\r\n":
            pos += 1
        return _build(text, name, "text", pos, meta)
    # 2) the seed layout: a first line that parses as a date, then the title
    first_nl = text.find("\n")
    first = text[: first_nl if first_nl >= 0 else len(text)]
    published = parse_date(first.split(" - ")[0]) or parse_date(first)
    if published is not None:
        meta["published"] = published.isoformat()
        pos = first_nl + 1 if first_nl >= 0 else len(text)
        title_m = re.compile(r"[ \t\r\n]*([^\r\n]+)\r?\n?").match(text, pos)
        if title_m:
            meta["title"] = title_m.group(1).strip()
            pos = title_m.end()
        while pos < len(text) and text[pos] in "\r\n":
            pos += 1
        return _build(text, name, "text", pos, meta)
    return _build(text, name, "text", 0, meta)


def _from_json(text: str, name: str) -> Article:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(
            f"{name}: malformed JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None
    except RecursionError:
        raise ArticleError(f"{name}: JSON article nests too deeply") from None
    if not isinstance(doc, dict):
        raise ArticleError(f"{name}: JSON article must be an object")
    body = doc.get("text") or doc.get("body") or doc.get("content")
    if not isinstance(body, str) or not body.strip():
        raise ArticleError(f"{name}: JSON article has no 'text' string")
    meta = {k: str(doc[k]) for k in ("title", "published", "date", "url", "source", "author") if doc.get(k)}
    if isinstance(doc.get("source"), dict):
        meta["source"] = str(doc["source"].get("name") or "")
    return _build(body, name, "json", 0, meta)


class _TextHTML(HTMLParser):
    """Fallback HTML reader (stdlib): paragraphs, title and a few meta tags."""

    BLOCKS = {"p", "h1", "h2", "h3", "li", "blockquote"}
    SKIP = {"script", "style", "nav", "footer", "header", "aside", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.meta: dict[str, str] = {}
        self._buf: list[str] | None = None
        self._skip = 0
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._title = []
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            self.meta.setdefault(key, a.get("content", ""))
        elif tag in self.BLOCKS and not self._skip:
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag == "title" and self._title is not None:
            self.meta.setdefault("title", " ".join("".join(self._title).split()))
            self._title = None
        elif tag in self.BLOCKS and self._buf is not None:
            block = " ".join("".join(self._buf).split())
            if block:
                self.blocks.append(block)
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        if self._buf is not None and not self._skip:
            self._buf.append(data)


def _from_html(text: str, name: str) -> Article:
    if "<" not in text or not re.search(r"<[a-zA-Z!]", text):
        raise ArticleError(f"{name}: malformed HTML (no markup)")
    meta: dict[str, str | None] = {}
    body = ""
    try:
        import trafilatura  # optional: better main-text extraction

        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
        if doc is not None:
            d = doc if isinstance(doc, dict) else doc.as_dict()
            body = (d.get("text") or "").strip()
            meta = {
                "title": d.get("title"),
                "published": d.get("date"),
                "url": d.get("url"),
                "source": d.get("sitename"),
                "author": d.get("author"),
            }
    except ImportError:
        log.debug("trafilatura not installed; using the stdlib HTML reader")
    parser = _TextHTML()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser raises assorted errors on broken markup
        raise ArticleError(f"{name}: malformed HTML: {exc}") from None
    if not body:
        body = "\n\n".join(parser.blocks)
    m = parser.meta
    fallback = {
        "title": m.get("og:title") or m.get("title"),
        "published": m.get("article:published_time") or m.get("date") or m.get("dc.date"),
        "url": m.get("og:url"),
        "source": m.get("og:site_name"),
        "author": m.get("author"),
    }
    for k, v in fallback.items():
        if not meta.get(k) and v:
            meta[k] = html.unescape(v)
    if not body.strip():
        raise ArticleError(f"{name}: no article text found in HTML")
    return _build(body, name, "html", 0, meta)


__all__ = ["Article", "article_slug", "parse_article", "parse_date", "read_article"]
