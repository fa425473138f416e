"""Bulk load of one N-Quads file: ``treatygraph load FILE --store DIR`` against the native
``oxigraph load --location DIR --file FILE``, in the same run, alternating which goes first.

A third row, ``oxigraph, same quads``, has the native loader write what treatygraph writes: every quad
of the store treatygraph built (the named graphs and the materialised default graph, dumped once with
``oxigraph dump`` after the first treatygraph load) from one N-Quads file. Against it, the ratio says
how treatygraph's loader compares with the native one doing the same work; against plain ``oxigraph``,
it also counts the cost of the store layout (the default graph written a second time).

Prints, per repetition and as medians: seconds, quads per second, peak RSS and CPU use (100 % = one core)
of the loading process, and the throughput ratio treatygraph/oxigraph (1.0 = as fast; below 0.9 means
treatygraph is slower).

    /work/venv/bin/python bench/bench_load.py --data bench/data/1m.nq [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    OXIGRAPH,
    ROOT,
    ensure_data,
    load_commands,
    median,
    print_notes,
    run_measured,
    store_layout,
)


def keep_store(data: Path, loaded: Path) -> None:
    """Move a store loaded from ``data`` to where ``common.ensure_store`` looks for it."""
    stores = data.parent / "stores"
    target = stores / f"{data.stem}-treatygraph"
    shutil.rmtree(target, ignore_errors=True)
    stores.mkdir(parents=True, exist_ok=True)
    shutil.move(str(loaded), str(target))
    stamp = f"{data.stat().st_size} {data.stat().st_mtime_ns} layout {store_layout()}"
    (stores / f"{data.stem}.loaded").write_text(stamp)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "100k.nq")
    parser.add_argument("--triples", type=int, default=100_000, help="size to generate if --data is missing")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for the stores (default: next to the data)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the last treatygraph store for bench_queries/bench_http"
    )
    args = parser.parse_args()
    print_notes(f"{sys.executable} bench/bench_load.py --data {args.data} --repeat {args.repeat}")
    data = ensure_data(args.data, args.triples)
    work = args.work or data.parent / "load-bench"
    same = "oxigraph, same quads"
    dirs = {"treatygraph": work / "treatygraph", "oxigraph": work / "oxigraph", same: work / "same"}
    same_file = work / "same-quads.nq"
    commands = load_commands(data, dirs["treatygraph"], dirs["oxigraph"])
    commands[same] = [OXIGRAPH, "load", "--location", str(dirs[same]), "--file", str(same_file)]
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in dirs}
    quads = 0
    print(f"data: {data} ({data.stat().st_size / 1e6:.1f} MB)")
    for name, argv in commands.items():
        print(f"{name}: {' '.join(argv)}")
    print("| rep | engine | seconds | quads/s | peak RSS MB | CPU % |")
    print("|---:|---|---:|---:|---:|---:|")
    for rep in range(args.repeat):
        order = ["treatygraph", "oxigraph", same] if rep % 2 == 0 else ["oxigraph", same, "treatygraph"]
        for name in order:
            if name == same and not same_file.exists():
                dump = [OXIGRAPH, "dump", "--location", str(dirs["treatygraph"] / "oxigraph")]
                subprocess.run([*dump, "--file", str(same_file)], check=True, capture_output=True)
            shutil.rmtree(dirs[name], ignore_errors=True)
            run = run_measured(commands[name])
            if name == "treatygraph":
                m = re.search(r"holds (\d+) quads", run.stdout)
                quads = int(m.group(1)) if m else quads
            results[name].append((run.seconds, run.rss_kib))
            rate = quads / run.seconds if quads else float("nan")  # the input's quads, for every row
            figures = f"{run.seconds:.2f} | {rate:,.0f} | {run.rss_kib / 1024:.0f} | {run.cpu_percent:.0f}"
            print(f"| {rep + 1} | {name} | {figures} |", flush=True)
    if args.keep:
        keep_store(data, dirs["treatygraph"])
    shutil.rmtree(work, ignore_errors=True)
    med = {name: median([t for t, _ in runs]) for name, runs in results.items()}
    rss = {name: max(r for _, r in runs) / 1024 for name, runs in results.items()}
    print(f"quads in the store: {quads}")
    print("| engine | median seconds | quads/s | max peak RSS MB |")
    print("|---|---:|---:|---:|")
    for name in results:
        print(f"| {name} | {med[name]:.2f} | {quads / med[name]:,.0f} | {rss[name]:.0f} |")
    print(f"throughput ratio treatygraph/oxigraph: {med['oxigraph'] / med['treatygraph']:.2f}x")
    print(f"throughput ratio treatygraph/(oxigraph, same quads): {med[same] / med['treatygraph']:.2f}x")


if __name__ == "__main__":
    main()
