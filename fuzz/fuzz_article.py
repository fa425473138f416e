"""Fuzz the article reader: ``kg.article.parse_article`` on arbitrary bytes must return an article that
keeps its invariants or raise ``ArticleError``; anything else is a crash.

    /work/venv/bin/python fuzz/fuzz_article.py -runs=2000            # a short run
    /work/venv/bin/python fuzz/fuzz_article.py -max_total_time=300 fuzz/corpus/article   # a campaign
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports():
    from kg.article import parse_article
    from kg.errors import ArticleError

NAMES = ("a.txt", "b.html", "c.json", "d.md", "noext")


def test_one_input(data: bytes) -> None:
    """One fuzz case: the first byte picks the file name, the rest is the article."""
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    try:
        art = parse_article(data[1:], name=name, max_bytes=1_000_000)
    except ArticleError:
        return
    if not 0 <= art.body_start <= len(art.text) or art.body != art.text[art.body_start :]:
        raise AssertionError(f"body offsets broken: {art.body_start} of {len(art.text)}")
    if not art.slug or not art.body.strip():
        raise AssertionError("empty slug or body")


def main() -> None:
    """Run the fuzzer with libFuzzer's command-line arguments."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
