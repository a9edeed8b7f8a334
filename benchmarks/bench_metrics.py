"""Time ``metrics`` (and ``build``) on synthetic networks of 2k, 20k and 100k organisations.

Each size runs in its own process, so peak memory is per size. The network
(:mod:`graphkit.synth`, seed 0) is generated once into ``--data`` and reused;
its ``orgs`` view is cached there too (``view-<orgs>.pickle``), since loading
is not what is measured here. Then :func:`graphkit.algorithms.metrics_table`
runs with every measure — exact up to 20k organisations, betweenness,
closeness and harmonic sampled from ``--k`` sources at 100k — and each
measure is timed from the progress messages. At 20k the sampled top 20 (with
the same ``k``, and with 2k and 4k) is compared with the exact one for five
seeds. Plain networkx runs beside it: exactly where feasible, otherwise timed
on a sample of sources and scaled up (marked ``~``). The 1-minute load
average is recorded before each size: the machine may be shared. Up to
``--exports-up-to`` organisations, ``build`` (every export,
:func:`graphkit.export.build.build_exports`) is timed as well.

Usage::

    python benchmarks/bench_metrics.py                 # 2k, 20k, 100k
    python benchmarks/bench_metrics.py --sizes 2000    # one size
    python benchmarks/bench_metrics.py --cli DATA      # the whole `graphkit metrics`, 3 runs
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

RESULTS = Path(__file__).resolve().parent / "results" / "metrics.md"
SAMPLED_FROM = 50000
SEEDS = range(5)
PATH_MEASURES = ("betweenness", "closeness", "harmonic")


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _timed(results: dict, name: str, function, *args, **kwargs):
    start = time.perf_counter()
    value = function(*args, **kwargs)
    results[name] = round(time.perf_counter() - start, 2)
    print(f"  {name}: {results[name]} s", file=sys.stderr, flush=True)
    return value


def _top(values: dict, n: int = 20) -> set:
    return {k for k, _ in sorted(values.items(), key=lambda kv: -kv[1])[:n]}


def _view(orgs: int, data: Path, out: dict, exports: bool) -> nx.Graph:
    """The ``orgs`` view of the synthetic network of *orgs* organisations, made once."""
    from graphkit.export.build import build_exports
    from graphkit.graph.build import build_graph
    from graphkit.graph.views import make_view
    from graphkit.model.load import load_dataset
    from graphkit.synth import generate

    cached = data / f"view-{orgs}.pickle"
    directory = data / f"synth-{orgs}"
    if not (directory / "entities.yaml").is_file():
        _timed(out, "generate", generate, directory, orgs=orgs, seed=0)
    if cached.is_file() and not exports:
        out["view"] = f"cached in {cached}"
        with cached.open("rb") as f:
            return pickle.load(f)
    dataset = _timed(out, "load", load_dataset, directory)
    if exports:
        with tempfile.TemporaryDirectory() as tmp:
            _timed(out, "build_exports", build_exports, dataset, Path(tmp))
    G = _timed(out, "build_graph", build_graph, dataset)
    V = _timed(out, "view_orgs", make_view, G)
    with cached.open("wb") as f:
        pickle.dump(V, f, protocol=pickle.HIGHEST_PROTOCOL)
    return V


def run_size(orgs: int, k: int, data: Path, exports: bool) -> dict:
    """Measure one size; returns timings (seconds), sizes, agreement and peak memory (MB)."""
    import graphkit.algorithms as M

    out: dict = {"orgs": orgs, "load_average": os.getloadavg()[0]}
    V = _view(orgs, data, out, exports)
    out.update(view_nodes=V.number_of_nodes(), view_ties=V.number_of_edges())
    sampled = orgs >= SAMPLED_FROM
    out["k"] = k if sampled else "exact"
    times: dict[str, float] = {}

    def progress(message: str) -> None:
        print(f"    {message}", file=sys.stderr, flush=True)
        if " done in " in message:
            name, _, seconds = message.partition(" done in ")
            times[name] = float(seconds.removesuffix(" s"))

    start = time.perf_counter()
    table = M.metrics_table(V, k=k if sampled else None, seed=0, progress=progress)
    out["metrics_total"] = round(time.perf_counter() - start, 2)
    out["measures"] = {name: times[name] for name in table.columns if name in times}
    out["notes"] = table.notes
    out["peak_mb"] = round(_peak_mb())
    if orgs >= 20000 and not sampled:
        exact = {name: {r["id"]: r[name] for r in table.rows} for name in PATH_MEASURES}
        out["top20_agreement"] = {
            f"{name} k={size}": [len(_top(exact[name]) & _top(
                getattr(M, name)(V, k=size, seed=seed))) for seed in SEEDS]
            for name in PATH_MEASURES for size in (k, 2 * k, 4 * k)}
    out["networkx"] = _networkx(V, k if sampled else None)
    return out


def cli_steps(data: Path) -> dict:
    """One in-process ``graphkit metrics --data DATA --format csv``, each step timed (s)."""
    import contextlib
    import io

    from graphkit.cli import analyse, main

    steps: dict[str, float] = {}

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                steps[name] = round(time.perf_counter() - start, 2)
        return wrapper

    for name in ("load_dataset", "build_graph", "make_view", "metrics_table", "emit"):
        setattr(analyse, name, timed(name, getattr(analyse, name)))
    with contextlib.redirect_stdout(io.StringIO()):
        main(["metrics", "--data", str(data), "--format", "csv"], standalone_mode=False)
    return steps


def run_cli(data: Path, runs: int) -> list[dict]:
    """Time the whole ``graphkit metrics`` command on *data* *runs* times, each in a new
    process: wall clock from start to exit, peak RSS (MB, the main process), load average
    before, and the time of each step."""
    results = []
    for _ in range(runs):
        load = os.getloadavg()[0]
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, __file__, "--cli-steps", str(data)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        output = process.stdout.read()
        _, _, usage = os.wait4(process.pid, 0)
        results.append({"wall": round(time.perf_counter() - start, 1), "load_average": load,
                        "peak_mb": round(usage.ru_maxrss / 1024),
                        "steps": json.loads(output.strip().splitlines()[-1])})
        print(results[-1], file=sys.stderr, flush=True)
    return results


def _sources_time(V: nx.Graph, function, sources: int) -> float:
    """Seconds for *function* over *sources* random nodes, scaled to all nodes."""
    nodes = random.Random(0).sample(list(V), sources)
    start = time.perf_counter()
    for node in nodes:
        function(V, node)
    return (time.perf_counter() - start) * V.number_of_nodes() / sources


def _networkx(V: nx.Graph, k: int | None) -> dict:
    """Plain networkx on the same view: exact where feasible, else scaled from a sample (~)."""
    nxr: dict = {}
    n = V.number_of_nodes()
    _timed(nxr, "pagerank", nx.pagerank, V, weight="weight")
    if n <= 20000:
        _timed(nxr, "eigenvector", nx.eigenvector_centrality, V, weight="weight", max_iter=1000)
    if n <= 2000:
        _timed(nxr, "betweenness", nx.betweenness_centrality, V)
        _timed(nxr, "closeness", nx.closeness_centrality, V)
        _timed(nxr, "harmonic", nx.harmonic_centrality, V)
        _timed(nxr, "constraint", nx.constraint, V, weight="weight")
        return nxr
    sample = 50
    timing: dict = {}
    _timed(timing, "b", nx.betweenness_centrality, V, k=sample, seed=0)
    sources = k or n
    nxr["betweenness"] = f"~{round(timing['b'] * sources / sample)}"
    # closeness and harmonic: one BFS per node each, as networkx computes them
    bfs = _sources_time(V, nx.single_source_shortest_path_length, sample)
    nxr["closeness"] = nxr["harmonic"] = f"~{round(bfs * (sources / n))}"
    return nxr


def write_report(rows: list[dict]) -> None:
    lines = [
        "# Metrics benchmark", "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, shared with other sessions (the 1-minute load average before "
        "each size is given: above 0 means other work competed for the cores). Generated by "
        "`benchmarks/bench_metrics.py`: synthetic networks of `graphkit synth` (seed 0), "
        "`orgs` view, `metrics_table` with every measure, each size in its own process. "
        "Times in seconds (wall clock), peak RSS in MB (the process and its worker processes). "
        "graphkit runs on igraph, the path measures over 2 forked workers; closeness and "
        "harmonic share one breadth-first sweep. networkx columns: plain networkx on the same "
        "view, `~` = timed on 50 sources and scaled to all sources (or to the `k` sampled ones "
        "at 100k). Top-20 agreement: how many of the exact top 20 at 20k are in the sampled "
        "top 20, for seeds 0-4.", ""]
    for row in rows:
        lines += [f"## {row['orgs']:,} organisations", "",
                  f"View: {row['view_nodes']:,} nodes, {row['view_ties']:,} ties; "
                  f"paths {'sampled, k=' + str(row['k']) if row['k'] != 'exact' else 'exact'}; "
                  f"load average {row['load_average']:.2f}; peak {row['peak_mb']} MB; "
                  f"metrics total **{row['metrics_total']} s**.", "",
                  "| measure | graphkit | networkx |", "|---|---|---|"]
        for name, seconds in row["measures"].items():
            lines.append(f"| {name} | {seconds} | {row['networkx'].get(name, '')} |")
        for name, value in row.items():
            if name in ("generate", "load", "build_exports", "build_graph", "view_orgs",
                        "view"):
                lines.append(f"| ({name}) | {value} | |")
        if "top20_agreement" in row:
            lines += ["", "| sampled measure at 20k | top-20 agreement, seeds 0-4 | min |",
                      "|---|---|---|"]
            for name, agree in row["top20_agreement"].items():
                lines.append(f"| {name} | {', '.join(map(str, agree))} | {min(agree)} |")
        lines += ["", "Notes: " + "; ".join(row.get("notes", [])), ""]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    parser.add_argument("--k", type=int, default=500, help="sources sampled at 100k (and "
                        "compared with exact at 20k)")
    parser.add_argument("--data", type=Path, default=Path("/tmp/gk-bench"),
                        help="where the synthetic networks and their views are kept")
    parser.add_argument("--exports-up-to", type=int, default=2000,
                        help="time build (every export) up to this many organisations")
    parser.add_argument("--keep", action="store_true",
                        help="keep the sizes already in results/metrics.json")
    parser.add_argument("--cli", type=Path, metavar="DATA",
                        help="only time the whole `graphkit metrics --data DATA` command")
    parser.add_argument("--runs", type=int, default=3, help="runs of --cli")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cli-steps", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cli_steps:
        print(json.dumps(cli_steps(args.cli_steps)))
        return
    if args.cli:
        print(json.dumps(run_cli(args.cli, args.runs), indent=1))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    if args.one:
        print(json.dumps(run_size(args.one, args.k, args.data,
                                  args.one <= args.exports_up_to)))
        return
    rows = []
    if RESULTS.with_suffix(".json").is_file() and args.keep:
        rows = json.loads(RESULTS.with_suffix(".json").read_text(encoding="utf-8"))
    for size in args.sizes:
        print(f"{size} organisations…", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--one", str(size), "--k", str(args.k),
                               "--data", str(args.data), "--exports-up-to",
                               str(args.exports_up_to)], check=True, capture_output=True,
                              text=True)
        sys.stderr.write(done.stderr)
        rows = [r for r in rows if r["orgs"] != size]
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        rows.sort(key=lambda r: r["orgs"])
        RESULTS.with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
        write_report(rows)
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
