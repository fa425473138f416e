"""The named queries of this working tree against those of another commit, on one store: time and answer
of each, per parameter case. For rewrites that must keep the rows: a row set that differs is reported
(``SAMPLE()`` columns left out: any value of the group is a correct one; so are the columns that only one
version projects, such as a new parameter's).

Cases per query: without its optional parameters, with ``bench.common.PARAMS`` (hubs: state/russia,
treaty/new-start, ...), and with ``--param NAME=VALUE`` in place of some of them (e.g. a typical actor).

    /work/venv/bin/python bench/compare_queries.py --against 87a53e5 --data bench/data/1m.nq \\
        [--only timeline,events] [--param actor=state/liberia]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PARAMS, ROOT, ensure_data, ensure_store, print_notes  # noqa: E402
from kg.errors import ParameterError  # noqa: E402
from kg.queries import NamedQuery, iter_named_queries, parse_bindings, parse_query_file, prepare  # noqa: E402
from kg.store import Store  # noqa: E402

_SAMPLED = re.compile(r"SAMPLE\((?:[^()]|\([^()]*\))*\)\s*AS\s*\?(\w+)", re.IGNORECASE)


def cases(query: NamedQuery, overrides: dict[str, str]) -> list[dict[str, str]]:
    """Parameter sets: required only, every one from PARAMS, and with the overrides (each set once)."""
    required = {p.name: PARAMS[p.name] for p in query.params if not p.optional and p.name in PARAMS}
    every = {p.name: PARAMS[p.name] for p in query.params if p.name in PARAMS}
    typical = {**every, **{k: v for k, v in overrides.items() if k in every}}
    out: list[dict[str, str]] = []
    for raw in (required, every, typical):
        if raw not in out:
            out.append(raw)
    return out


def answer(
    store: Store, query: NamedQuery, raw: dict[str, str], columns: set[str] | None = None
) -> tuple[float, Counter]:
    """Seconds to evaluate and read every row; the rows as a multiset of tuples of the ``columns`` (all but
    the SAMPLE() ones if None), in the order of the names."""
    text, values = prepare(query, raw)
    sampled = set(_SAMPLED.findall(text))
    started = time.perf_counter()
    result = store.query(text, substitutions=values)
    names = [v.value for v in result.variables]
    keep = [i for i, name in sorted(enumerate(names), key=lambda p: p[1]) if name not in sampled]
    if columns is not None:
        keep = [i for i in keep if names[i] in columns]
    rows = Counter(tuple(str(row[i]) if row[i] is not None else "" for i in keep) for row in result)
    return time.perf_counter() - started, rows


def compared_columns(before: NamedQuery, after: NamedQuery) -> set[str]:
    """The projected variables both versions have (a new parameter adds a column the older lacks)."""

    def projected(query: NamedQuery) -> set[str]:
        head = query.text[: re.search(r"\bWHERE\b", query.text, re.IGNORECASE).start()]
        return set(re.findall(r"\?(\w+)", head))

    return projected(before) & projected(after)


def older(name: str, commit: str, folder: Path) -> NamedQuery | None:
    """The named query as it was at ``commit`` (None if it did not exist)."""
    shown = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:queries/{name}.rq"], capture_output=True, text=True
    )
    if shown.returncode != 0:
        return None
    path = folder / f"{name}.rq"
    path.write_text(shown.stdout, encoding="utf-8")
    return parse_query_file(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the commit whose queries/*.rq to compare with")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "1m.nq")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size to generate if no --data")
    parser.add_argument("--only", help="comma-separated query names")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    try:
        overrides = parse_bindings(args.param)
    except ParameterError as exc:
        parser.error(str(exc))
    print_notes(
        f"{sys.executable} bench/compare_queries.py --against {args.against} --data {args.data}"
        + (f" --only {args.only}" if args.only else "")
        + "".join(f" --param {k}={v}" for k, v in overrides.items())
    )
    store = Store(ensure_store(ensure_data(args.data, args.triples)), read_only=True)
    wanted = set(args.only.split(",")) if args.only else None
    folder = ROOT / "bench" / "data" / f"queries-{args.against}"
    folder.mkdir(parents=True, exist_ok=True)
    print("ms, one evaluation each (the older first); rows compared without SAMPLE() columns")
    print(f"| query | parameters | {args.against} | this tree | rows | same rows |")
    print("|---|---|---:|---:|---:|---|")
    differ = 0
    for query in iter_named_queries():
        if wanted is not None and query.name not in wanted:
            continue
        before = older(query.name, args.against, folder)
        if before is None or before.text == query.text:
            continue
        columns = compared_columns(before, query)
        older_params = {p.name for p in before.params}
        runs: list[dict[str, str]] = []
        for raw in cases(query, overrides):  # and without the parameters the older version lacks
            for case in ({k: v for k, v in raw.items() if k in older_params}, raw):
                if case not in runs:
                    runs.append(case)
        for raw in runs:
            shown = ", ".join(f"{k}={v}" for k, v in raw.items()) or "(none)"
            now, new_rows = answer(store, query, raw, columns)
            if not set(raw) <= older_params:
                print(
                    f"| {query.name} | {shown} | n/a (new parameter) | {now * 1000:.1f} | "
                    f"{sum(new_rows.values())} | n/a |",
                    flush=True,
                )
                continue
            then, old_rows = answer(store, before, raw, columns)
            same = old_rows == new_rows
            differ += not same
            print(
                f"| {query.name} | {shown} | {then * 1000:.1f} | {now * 1000:.1f} | "
                f"{sum(new_rows.values())} | {'yes' if same else '**no**'} |",
                flush=True,
            )
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
