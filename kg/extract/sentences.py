"""Sentence splitting aware of abbreviations ("U.S.", "Mr.", "Dec.", initials as in "John F. Kennedy")."""

from __future__ import annotations

import re

from kg.extract.records import Sentence

ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col maj capt sgt prof jr sr no vs inc corp co ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec ft mt rev hon amb adm cmdr".split()
)
SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i in on at after before but and this that these those its his her "
    "their there when while however meanwhile now then".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-]*)$")
_NEXT_WORD = re.compile(r"\s+[\"'\u201c\u2018(]?([A-Za-z0-9]+)")


def _is_boundary(text: str, end: int, dot: int) -> bool:
    nxt = _NEXT_WORD.match(text, end)
    if not nxt:
        return True
    word = nxt.group(1)
    if not (word[0].isupper() or word[0].isdigit() or text[nxt.start(1) - 1] in "\"\u201c'\u2018"):
        return False
    if text[dot] != ".":
        return True
    m = _WORD_BEFORE.search(text, 0, dot)
    if not m:
        return True
    before = m.group(1)
    if before.lower().rstrip(".") in ABBREVIATIONS:
        return False
    if re.fullmatch(r"[A-Z]", before):  # an initial: "John F. Kennedy"
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", before):  # "U.S", "U.N"
        return word.lower() in SENTENCE_STARTERS
    return True


def split_sentences(text: str, start: int = 0, headline_words: int = 25) -> list[Sentence]:
    """Sentences of ``text[start:]``: paragraphs are lines, lines without end punctuation are headlines."""
    out: list[Sentence] = []
    para = 0
    for line in re.finditer(r"[^\r\n]+", text[start:]):
        ls, le = line.start() + start, line.end() + start
        chunk = text[ls:le]
        if not chunk.strip():
            continue
        stripped = chunk.rstrip()
        headline = (
            not re.search(r"[.!?][\"'\u201d\u2019)]*$", stripped) and len(stripped.split()) <= headline_words
        )
        pos = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            if m.end() >= le or not _is_boundary(text, m.end(), m.start()):
                continue
            _add(out, text, pos, m.end(), para, headline)
            pos = m.end()
        _add(out, text, pos, le, para, headline)
        para += 1
    return out


def _add(out: list[Sentence], text: str, s: int, e: int, para: int, headline: bool) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(len(out), s, e, text[s:e], para, headline))
