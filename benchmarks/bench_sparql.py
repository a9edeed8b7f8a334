"""Median time of every named query: pyoxigraph vs rdflib's default memory store.

The graphs are synthetic datasets written by :mod:`graphkit.synth` (the data
format, loaded with :func:`graphkit.model.load.load_dataset` and mapped to RDF by
graphkit's own mapping). pyoxigraph is measured on the large graph
(``--orgs``, 100 000 organisations by default: millions of triples) and on a
small one (``--small-orgs``); rdflib's default ``Memory`` store only on the
small one, because on the large one its queries take hours.

Each named query runs as ``graphkit query --name`` runs it: parameterised ones
bound to the busiest entity of the graph (the project with most partners, the
organisation leading most projects…), the aggregates (totals per funder,
organisations in several networks, organisations per territory) unbound. The
time is the median of ``--repeat`` runs of query plus full iteration of the
results, after one warm-up run.

Usage::

    .venv/bin/python benchmarks/bench_sparql.py --orgs 100000 --out benchmarks/results/sparql.md

Examples
--------
>>> median_ms(lambda: sum(range(10)), repeat=3) >= 0
True
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql import prepareQuery

from graphkit.model.load import load_dataset
from graphkit.model.records import Dataset
from graphkit.rdf.mapping import to_rdf
from graphkit.sparql.query import PREFIX_MAP, dataset_store, named_queries, run_query
from graphkit.sparql.store import open_store, prepare_store
from graphkit.synth import generate

#: How each parameter of the named queries is bound in the benchmark: a query picking a
#: busy entity (its first column), or ``None`` to leave the parameter unbound.
PICKS: dict[str, str | None] = {
    "project": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?r gk:object ?x ; gk:relation gk:partnerOf }"
               " GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "org": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x gk:leadPartnerOf ?p } GROUP BY ?x "
           "ORDER BY DESC(?n) ?x LIMIT 1",
    "funder": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?g schema:funder ?x } GROUP BY ?x "
              "ORDER BY DESC(?n) ?x LIMIT 1",
    "programme": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?i gk:cofinancedBy ?x } GROUP BY ?x "
                 "ORDER BY DESC(?n) ?x LIMIT 1",
    "parent": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?b org:subOrganizationOf ?x } GROUP BY ?x "
              "ORDER BY DESC(?n) ?x LIMIT 1",
    "subject": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?r gk:object ?x ; gk:relation gk:partnerOf }"
               " GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "org1": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x gk:partnerOf ?p } GROUP BY ?x "
            "ORDER BY DESC(?n) ?x LIMIT 1",
    "org2": "SELECT ?x (COUNT(*) AS ?n) WHERE { ?x gk:partnerOf ?p } GROUP BY ?x "
            "ORDER BY DESC(?n) ?x OFFSET 1 LIMIT 1",
    "object": None,
}
#: Queries whose point is an overview: run unbound even though they take a parameter.
UNBOUND = {"funding-totals", "multi-network", "territory-organisations"}


def median_ms(run: Callable[[], Any], repeat: int) -> float:
    """Median wall time of *run* in milliseconds, after one warm-up call."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def timed(label: str, run: Callable[[], Any]) -> Any:
    """Run *run* once, printing how long it took."""
    start = time.perf_counter()
    value = run()
    print(f"  {label}: {time.perf_counter() - start:.1f} s", flush=True)
    return value


def synthetic(orgs: int, directory: Path) -> Dataset:
    """Generate and load a synthetic dataset of *orgs* organisations."""
    summary = timed(f"synth {orgs} orgs", lambda: generate(directory, orgs=orgs, seed=1))
    return timed("load_dataset", lambda: load_dataset(summary.path))


def bindings(store: ox.Store, params: list[str]) -> dict[str, ox.NamedNode]:
    """Busy entities for the parameters of a named query (see :data:`PICKS`)."""
    chosen = {}
    for name in params:
        pick = PICKS.get(name)
        if pick is not None:
            chosen[name] = next(iter(run_query(store, pick)))["x"]
    return chosen


def large_store(dataset: Dataset) -> ox.Store:
    """The large graph in memory, as ``graphkit query`` prepares it."""
    return timed("pyoxigraph store (dataset_store)", lambda: dataset_store(dataset))


def disk_store(directory: Path, dataset: Dataset) -> ox.Store:
    """The graph in an on-disk (RocksDB) store prepared as ``graphkit query --store`` and
    ``graphkit serve`` prepare it (:func:`graphkit.sparql.store.prepare_store`), opened
    read-only."""
    timed("on-disk store (prepare_store)", lambda: prepare_store(dataset, directory))
    return open_store(directory)


def time_store(store: ox.Store, label: str, repeat: int) -> dict[str, dict[str, Any]]:
    """Rows, bindings and median time of every named query on *store*, by query name."""
    timings = {}
    for query in named_queries().values():
        params = [] if query.name in UNBOUND else [p for p, _ in query.parameters]
        bound = bindings(store, params)
        rows = len(list(run_query(store, query.text, bound)))
        ms = median_ms(lambda t=query.text, b=bound: list(run_query(store, t, b)), repeat)
        print(f"  {query.name} {label}: {ms:.1f} ms, {rows} rows", flush=True)
        timings[query.name] = {"bound": ", ".join(
            f"{k}={v.value.rsplit('/', 1)[-1]}" for k, v in bound.items()) or "-",
            "rows": rows, "ms": ms, "quads": len(store)}
    return timings


def time_rdflib(small: ox.Store, memory: rdflib.Dataset, repeat: int) -> dict[str, dict]:
    """The same on rdflib's Memory store, bound as on the pyoxigraph store *small*."""
    timings = {}
    for query in named_queries().values():
        params = [] if query.name in UNBOUND else [p for p, _ in query.parameters]
        init = {rdflib.Variable(k): rdflib.URIRef(v.value)
                for k, v in bindings(small, params).items()}
        prepared = prepareQuery(query.text, initNs=PREFIX_MAP)
        rows = len(list(memory.query(prepared, initBindings=init)))
        ms = median_ms(lambda p=prepared, i=init: list(memory.query(p, initBindings=i)), repeat)
        print(f"  {query.name} rdflib small: {ms:.1f} ms", flush=True)
        timings[query.name] = {"rows": rows, "ms": ms}
    return timings


def bench(orgs: int, small_orgs: int, repeat: int, rdflib_repeat: int,
          data: Path | None = None) -> list[dict[str, Any]]:
    """Time every named query on both graphs and engines; one record per query.

    One large store is alive at a time: in memory first, then on disk. The network
    measures are computed once (the second store reads them from graphkit's cache).
    """
    with tempfile.TemporaryDirectory() as tmp:
        print(f"large graph ({orgs} organisations)", flush=True)
        if data is not None and (data / "entities.yaml").is_file():
            dataset = timed("load_dataset", lambda: load_dataset(data))
        else:
            dataset = synthetic(orgs, data or Path(tmp) / "large")
        big = large_store(dataset)
        print(f"  {len(big)} quads", flush=True)
        large = time_store(big, "large", repeat)
        del big
        disk = time_store(disk_store(Path(tmp) / "disk", dataset), "disk", repeat)
        del dataset
        print(f"small graph ({small_orgs} organisations)", flush=True)
        small_data = synthetic(small_orgs, Path(tmp) / "small")
        small_store = timed("pyoxigraph store", lambda: dataset_store(small_data))
        small = time_store(small_store, "small", repeat)
        memory = timed("rdflib Dataset (Memory store)", lambda: to_rdf(small_data))
        memory.default_union = True
        rdf = time_rdflib(small_store, memory, rdflib_repeat)
    return [{"query": name, "quads_large": large[name]["quads"],
             "quads_small": small[name]["quads"], "bound_large": large[name]["bound"],
             "rows_large": large[name]["rows"], "ox_large": large[name]["ms"],
             "rows_disk": disk[name]["rows"], "ox_disk": disk[name]["ms"],
             "rows_small": small[name]["rows"], "ox_small": small[name]["ms"],
             "rows_rdflib": rdf[name]["rows"], "rdflib_small": rdf[name]["ms"]}
            for name in large]


def report(rows: list[dict[str, Any]], orgs: int, small_orgs: int, repeat: int,
           rdflib_repeat: int) -> str:
    """The results as Markdown."""
    first = rows[0]
    lines = [
        "# SPARQL benchmark: named queries on pyoxigraph vs rdflib's memory store",
        "",
        f"Machine: {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}.",
        f"Graphs from `graphkit.synth` (seed 1): **large** = {orgs} organisations, "
        f"{first['quads_large']} quads; **small** = {small_orgs} organisations, "
        f"{first['quads_small']} quads. Median of {repeat} runs (rdflib: {rdflib_repeat}) after "
        "a warm-up, query plus full iteration of the results; parameters bound to the busiest "
        "entity (see `PICKS` in `benchmarks/bench_sparql.py`).",
        "",
        "The large graph is timed in memory (what `graphkit query` prepares by default) and in an "
        "on-disk RocksDB store opened read-only (what `graphkit query --store` and `graphkit "
        "serve` read).",
        "",
        "| query | bound (large) | rows (large) | pyoxigraph large, ms | large on disk, ms | "
        "rows (small) | pyoxigraph small, ms | rdflib Memory small, ms | rdflib / pyoxigraph |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r["rdflib_small"] / r["ox_small"] if r["ox_small"] else float("inf")
        lines.append(f"| {r['query']} | {r['bound_large']} | {r['rows_large']} | "
                     f"{r['ox_large']:.1f} | {r['ox_disk']:.1f} | {r['rows_small']} | "
                     f"{r['ox_small']:.1f} | {r['rdflib_small']:.1f} | {ratio:.0f}x |")
    slow = [r["query"] for r in rows if r["ox_large"] >= 100]
    slow_on_disk = [r["query"] for r in rows if r["ox_disk"] >= 100]
    lines += ["", "Goal (every named query under 100 ms median on the large graph, in the "
              "in-memory store `graphkit query` uses): "
              + ("met." if not slow else f"not met by {', '.join(slow)}.")
              + " On disk: " + ("every query under 100 ms too." if not slow_on_disk
                                else f"{', '.join(slow_on_disk)} at 100 ms or more.")]
    mismatch = [r["query"] for r in rows if r["rows_rdflib"] != r["rows_small"]]
    if mismatch:
        lines.append(f"Row counts differ between the engines for: {', '.join(mismatch)}.")
    else:
        lines.append("Both engines return the same number of rows for every query.")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--small-orgs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rdflib-repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="Write the Markdown report here.")
    parser.add_argument("--data", type=Path, default=None,
                        help="Folder of the large dataset: read if present, else generated there.")
    args = parser.parse_args()
    rows = bench(args.orgs, args.small_orgs, args.repeat, args.rdflib_repeat, args.data)
    text = report(rows, args.orgs, args.small_orgs, args.repeat, args.rdflib_repeat)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
