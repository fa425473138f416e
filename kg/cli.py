"""The ``treatygraph`` command line: a thin layer over kg (DESIGN.md, "Command line").

Exit codes: 0 ok, 1 user error (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg import __version__
from kg.config import Settings, load_settings, settings_table
from kg.errors import QueryTimeout, TreatygraphError, UserError

log = logging.getLogger("treatygraph")


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        help="store directory (embedded store; default $TREATYGRAPH_STORE or "
        "$XDG_DATA_HOME/treatygraph/store)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    epilog = "settings (environment TREATYGRAPH_<NAME>):\n" + "\n".join(
        f"  {name:<18} {help_}" + (f" [default: {default}]" if default else "")
        for name, default, help_ in settings_table()
    )
    parser = argparse.ArgumentParser(
        prog="treatygraph",
        description="A knowledge graph of arms-control actors and agreements, built from news articles.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"treatygraph {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("serve", help="serve the graph over HTTP (builds it from the bundled corpus if empty)")
    _store_arg(p)
    p.add_argument("--host", help="address to listen on [127.0.0.1]")
    p.add_argument("--port", type=int, help="port to listen on [8080]")
    p.add_argument("--workers", type=int, help="worker processes, sharing the store read-only [2]")
    p.add_argument("--corpus", help="folder of articles to ingest into an empty store")

    p = sub.add_parser("ingest", help="extract articles (files or folders) into the store")
    _store_arg(p)
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt, .html, .json) or folders")
    p.add_argument("--no-progress", action="store_true", help="do not show a progress bar")

    p = sub.add_parser("load", help="bulk-load RDF files into the store")
    _store_arg(p)
    p.add_argument("files", nargs="+", metavar="RDF_FILE")
    p.add_argument("--graph", help="named graph IRI to load triples into (triple formats only)")
    p.add_argument("--format", help="RDF format (default: from the file name)")

    p = sub.add_parser("query", help="run a named query, a query file, or a query from stdin (-)")
    _store_arg(p)
    p.add_argument("query", metavar="NAME|FILE|-")
    p.add_argument("--bind", action="append", default=[], metavar="VAR=VALUE", help="bind a parameter")
    p.add_argument(
        "--format",
        default="table",
        help="table (default), json, xml, csv, tsv; for "
        "CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld, rdfxml, trig, nquads",
    )
    p.add_argument("--timeout", type=float, help="seconds before the query is abandoned")
    p.add_argument("--list", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser("queries", help="list the named queries and their parameters")

    p = sub.add_parser(
        "export", help="write an RDF dump (whole store or one graph) or a graph export (GraphML, GEXF, ...)"
    )
    _store_arg(p)
    p.add_argument(
        "--format",
        default="trig",
        help="RDF dumps: trig (default), nquads, jsonld, turtle or ntriples (the union of all graphs "
        "unless --graph), rdfxml (with --graph); graph exports: graphml, gexf, cyjs, node-link, dot, csv",
    )
    p.add_argument("--graph", help="RDF dumps: export only this named graph")
    p.add_argument("--types", help="graph exports: keep these node types only (comma-separated: State,Event)")
    p.add_argument(
        "--focus", help="graph exports: the neighbourhood of this node (IRI, tg:Name or kind/slug)"
    )
    p.add_argument("--hops", type=int, help="graph exports: radius of the --focus neighbourhood [1]")
    p.add_argument(
        "--from", dest="date_from", metavar="DATE", help="graph exports: events from (YYYY[-MM[-DD]])"
    )
    p.add_argument(
        "--to", dest="date_to", metavar="DATE", help="graph exports: events until (YYYY[-MM[-DD]])"
    )
    p.add_argument(
        "--construct", metavar="FILE", help="graph exports: a SPARQL CONSTRUCT file that makes the graph"
    )
    p.add_argument(
        "--timeout", type=float, help="graph exports: seconds before the --construct query is abandoned"
    )
    p.add_argument(
        "--context",
        metavar="IRI",
        help="JSON-LD dumps: reference this published context (such as the server's /context.jsonld) "
        "instead of embedding it",
    )
    p.add_argument("-o", "--output", help="output file (default: standard output)")

    p = sub.add_parser(
        "validate", help="check the store's data against the SHACL shapes (and OWL with --owl)"
    )
    _store_arg(p)
    p.add_argument("--owl", action="store_true", help="also check the ontology's consistency with HermiT")

    p = sub.add_parser("stats", help="counts: graphs, triples, instances per class")
    _store_arg(p)
    p.add_argument("--format", default="table", help="table or json")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {k: getattr(args, k, None) for k in ("store", "host", "port", "workers", "corpus")}
    return load_settings(overrides)


def _open(settings: Settings) -> Any:
    from kg.store import open_store

    return open_store(settings.store, settings=settings)


def _open_to_read(settings: Settings) -> Any:
    """The store for a command that only reads: read-only when it can be (beside a running server)."""
    from kg.store import open_store_to_read

    return open_store_to_read(settings.store, settings=settings)


# --- commands ----------------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Ingest articles; per-file errors are reported and the batch goes on; exit 1 if any failed."""
    from kg.ingest import ingest_paths, iter_article_paths

    files = list(iter_article_paths(args.paths))
    if not files:
        raise UserError("no article files found")
    show = len(files) > 1 and not args.no_progress and sys.stderr.isatty()

    def progress(i: int, n: int, result: Any) -> None:
        if result.error and len(files) > 1:
            print(f"\rerror: {result.error}", file=sys.stderr)
        if show:
            width = 30
            done = int(width * i / n)
            print(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n}", end="", file=sys.stderr, flush=True)

    with _open(settings) as store:
        summary = ingest_paths(store, files, settings, progress=progress)
    if show:
        print(file=sys.stderr)
    if len(files) == 1 and summary.failed:
        raise UserError(summary.failed[0].error or "ingest failed")
    print(summary.line())
    return 1 if summary.failed else 0


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    """Bulk-load RDF files."""
    from kg.formats import get_format, rdf_format_for_path

    with _open(settings) as store:
        for f in args.files:
            if not Path(f).is_file():
                raise UserError(f"no such file: {f}")
            fmt = get_format(args.format) if args.format else rdf_format_for_path(f)
            if fmt.kind != "rdf":
                raise UserError(f"{fmt.name} is not an RDF format")
            store.load_file(f, fmt, graph=args.graph)
        n = len(store)
    print(f"loaded {len(args.files)} file(s); the store holds {n} quads")
    return 0


def _read_query(spec: str) -> tuple[str, Any]:
    from kg.queries import get_named_query

    if spec == "-":
        return sys.stdin.read(), None
    path = Path(spec)
    if path.suffix in (".rq", ".sparql", ".txt") or path.exists():
        if not path.is_file():
            raise UserError(f"no such query file: {spec}")
        try:
            return path.read_text(encoding="utf-8"), None
        except UnicodeDecodeError:
            raise UserError(f"{spec}: not UTF-8 text") from None
    named = get_named_query(spec)
    return named.text, named


def _table(body: bytes) -> str:
    doc = json.loads(body)
    if "boolean" in doc:
        return "true" if doc["boolean"] else "false"
    cols = doc["head"]["vars"]
    rows = [[b.get(c, {}).get("value", "") for c in cols] for b in doc["results"]["bindings"]]
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(cols)
    w.writerows(rows)
    return out.getvalue() + f"({len(rows)} rows)"


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    """Run a query and print its answer."""
    from rdflib import Literal

    from kg.queries import parse_bindings, prepare, to_iri

    text, named = _read_query(args.query)
    raw = parse_bindings(args.bind)
    if named is not None:
        text, values = prepare(named, raw, settings.base_iri)
    else:
        values = {}
        for k, v in raw.items():
            try:
                values[k] = to_iri(v, settings.base_iri)
            except UserError:
                values[k] = Literal(v)
    fmt = args.format
    as_table = fmt == "table"

    def choose(kind: str) -> Any:
        from kg.formats import get_format

        if as_table:
            return get_format("json" if kind in ("select", "ask") else "turtle")
        f = get_format(fmt)
        if (f.kind == "results") != (kind in ("select", "ask")):
            raise UserError(f"format {f.name!r} does not suit a {kind.upper()} query")
        return f

    timeout = args.timeout if args.timeout is not None else settings.query_timeout
    with _open_to_read(settings) as store:
        try:
            answer = store.execute(
                text, choose=choose, substitutions=values, timeout=timeout, row_cap=settings.result_row_cap
            )
        except QueryTimeout as exc:
            print(f"treatygraph: error: {exc}", file=sys.stderr)
            sys.stderr.flush()
            os._exit(1)  # the abandoned evaluation cannot be interrupted: end the process
    if answer.truncated:
        rows = "solutions" if answer.kind == "select" else "triples"
        print(
            f"treatygraph: warning: output truncated to the first {answer.row_cap} {rows} "
            "(result_row_cap; TREATYGRAPH_RESULT_ROW_CAP=0 lifts it)",
            file=sys.stderr,
        )
    if as_table and answer.kind in ("select", "ask"):
        print(_table(answer.body))
    else:
        sys.stdout.buffer.write(answer.body)
        if not answer.body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
    return 0


def cmd_queries(args: argparse.Namespace, settings: Settings) -> int:
    """List named queries."""
    from kg.queries import iter_named_queries

    for q in iter_named_queries():
        print(f"{q.name}: {q.title}")
        print(f"    {q.description}")
        for p in q.params:
            print(f"    --bind {p.name}=<{p.kind}>{' (optional)' if p.optional else ''}  {p.description}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write an RDF dump (the same as the server's /dump.*) or a graph export through kg.export."""
    from kg.export import get_graph_format, to_networkx, write_dump, write_graph
    from kg.formats import get_format

    try:
        fmt = get_format(args.format)
    except UserError:
        fmt = None
    graph_options = ("types", "focus", "hops", "date_from", "date_to", "construct", "timeout")
    given = [name for name in graph_options if getattr(args, name) is not None]
    if fmt is not None and fmt.kind == "rdf":
        if given:
            names = ", ".join("--" + n.replace("date_", "") for n in given)
            raise UserError(f"{names}: only for graph exports (graphml, gexf, cyjs, node-link, dot, csv)")
        if not fmt.dataset and args.graph is None and fmt.name not in ("turtle", "ntriples"):
            raise UserError(f"{fmt.name} cannot hold named graphs; name one with --graph or use trig/nquads")
        if args.context is not None and fmt.name != "jsonld":
            raise UserError("--context: only for JSON-LD dumps (--format jsonld)")
        with _open_to_read(settings) as store:
            out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
            try:
                write_dump(store, fmt, out, graph=args.graph, context=args.context)
                out.flush()
            finally:
                if args.output:
                    out.close()
        return 0
    gformat = get_graph_format(args.format)
    if args.graph is not None:
        raise UserError(
            "--graph applies to RDF dumps only; use --construct to choose a graph export's triples"
        )
    if args.context is not None:
        raise UserError("--context: only for JSON-LD dumps (--format jsonld)")
    construct = None
    if args.construct is not None:
        path = Path(args.construct)
        if not path.is_file():
            raise UserError(f"no such query file: {args.construct}")
        construct = path.read_text(encoding="utf-8")
    timeout = args.timeout if args.timeout is not None else settings.query_timeout
    with _open_to_read(settings) as store:
        try:
            graph = to_networkx(
                store,
                types=args.types,
                focus=args.focus,
                hops=args.hops,
                date_from=args.date_from,
                date_to=args.date_to,
                construct=construct,
                timeout=timeout or None,
            )
        except QueryTimeout as exc:
            print(f"treatygraph: error: {exc}", file=sys.stderr)
            sys.stderr.flush()
            os._exit(1)  # the abandoned evaluation cannot be interrupted: end the process
    write_graph(graph, gformat, args.output or sys.stdout.buffer)
    log.info("exported %d nodes and %d edges", graph.number_of_nodes(), graph.number_of_edges())
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """SHACL (and optionally OWL) validation of the store's data."""
    from kg.validate import check_consistency, validate_store

    if args.owl:
        check_consistency()
        print("ontology: consistent (HermiT)")
    with _open_to_read(settings) as store:
        report = validate_store(store)
    if report.conforms:
        print("data: conforms to the SHACL shapes")
        return 0
    print(report.text)
    raise UserError(f"data does not conform: {len(report.violations)} violation(s)")


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Print counts."""
    from kg.stats import store_stats

    with _open_to_read(settings) as store:
        stats = store_stats(store)
    if args.format == "json":
        print(json.dumps(stats, indent=2))
    else:
        print(f"quads: {stats['quads']}")
        print(f"graphs: {len(stats['graphs'])}  (articles: {stats['articles']})")
        for cls, n in stats["classes"].items():
            print(f"  {cls:<28} {n}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Set up the store (bundled corpus if empty) and run the production server."""
    from kg.ingest import ingest_paths
    from kg.iris import ARTICLE_GRAPH_PREFIX
    from kg.resources import resource_dir
    from kg.store import open_store

    with open_store(settings.store, settings=settings) as store:
        if not store.has_graph_under(ARTICLE_GRAPH_PREFIX):
            corpus = settings.corpus or str(resource_dir("corpus"))
            summary = ingest_paths(store, [corpus], settings)
            log.info("built the graph from %s: %s", corpus, summary.line())
            print(summary.line(), file=sys.stderr)
    from server.wsgi import serve

    serve(settings)
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "load": cmd_load,
    "query": cmd_query,
    "queries": cmd_queries,
    "export": cmd_export,
    "validate": cmd_validate,
    "stats": cmd_stats,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``treatygraph`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.WARNING
    if args.command == "serve":
        level = logging.INFO if not args.verbose else logging.DEBUG
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    try:
        settings = _settings(args)
        return COMMANDS[args.command](args, settings)
    except TreatygraphError as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        print(f"treatygraph: error: {msg}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
