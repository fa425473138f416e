"""Fuzz content negotiation: any ``Accept`` header, ``?format=`` value or URL suffix gives a format,
``NotAcceptable`` (406) or a ``UserError`` (400), for every answer kind; anything else is a crash.

    /work/venv/bin/python fuzz/fuzz_negotiation.py -runs=2000
    /work/venv/bin/python fuzz/fuzz_negotiation.py -max_total_time=300 fuzz/corpus/negotiation
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports():
    from kg.errors import UserError
    from kg.guards import json_nesting
    from kg.store.sparqltext import sparql_nesting
    from server.negotiation import KINDS, accepts_gzip, choose_format, parse_accept, prefers_json_problem

KIND_NAMES = tuple(KINDS)


def test_one_input(data: bytes) -> None:
    """One fuzz case: an answer kind, how the format is asked for, and the header or value."""
    fdp = atheris.FuzzedDataProvider(data)
    kind = KIND_NAMES[fdp.ConsumeIntInRange(0, len(KIND_NAMES) - 1)]
    how = fdp.ConsumeIntInRange(0, 2)
    value = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    parse_accept(value)
    accepts_gzip(value)
    prefers_json_problem(value)
    sparql_nesting(value)
    json_nesting(value.encode("utf-8"))
    try:
        if how == 0:
            fmt = choose_format(kind, accept=value)
        elif how == 1:
            fmt = choose_format(kind, format_param=value or None)
        else:
            fmt = choose_format(kind, suffix=value or None)
    except UserError:  # NotAcceptable is a UserError too
        return
    if fmt.name not in KINDS[kind]:
        raise AssertionError(f"{fmt.name} is not a format of {kind}")


def main() -> None:
    """Run the fuzzer with libFuzzer's command-line arguments."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
