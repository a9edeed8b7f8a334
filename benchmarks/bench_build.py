"""End-to-end timings of ``graphkit build`` as a user runs it, with its stages and memory.

For each size, a synthetic dataset is generated once with ``graphkit synth`` (seed 0) into
the work folder; then ``graphkit build`` runs in its own process under GNU ``time -v``
(wall clock and the peak resident memory of its largest process), with an empty cache of
measures (``GRAPHKIT_CACHE``, so the measures are computed). While it runs, the proportional
memory (PSS) of the whole process tree is sampled, so that the forked processes count too,
and its progress messages are timed as they arrive: they mark the stages. The machine's
load average is read before each run; a run started above ``--max-load`` waits for the
load to fall, up to ``--patience`` seconds, and says so.

``--warm`` times each build again with the measures in the cache the first run filled: the
build's own cost. ``--store`` also times ``graphkit query --store`` on each dataset: the first
call, which prepares the on-disk store (with the build's measures in the cache, and again with
an empty cache), and later calls, which reopen it.

``--code DIR`` runs another checkout of graphkit (``PYTHONPATH=DIR``), for "before" figures:
its progress messages are timed the same way.

Results go to ``benchmarks/results/build.md`` (``--results`` to write elsewhere).

Usage::

    python benchmarks/bench_build.py --sizes 2000 20000 100000 --work /tmp/gk-e2e --warm --store
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "build.md"
TIME = "/usr/bin/time"  # GNU time (Debian package time) reports the peak resident memory
QUERY = "multi-network"

#: Progress messages that open a stage, old (f67a057) and new wording: the stage lasts until
#: the next one opens (or the process ends).
STAGES = (
    ("network measures…", "measures (before: in the main process; now: started)"),
    ("RDF…", "RDF (now: the documents' graphs and records)"),
    ("GraphML, CSV, Kumu…", "GraphML, CSV, Kumu (now: the relations)"),
    ("the network measures (waiting for them)…", "waiting for the measures"),
    ("the registry's RDF and the nodes, with the measures…",
     "the registry's RDF beside the nodes' files"),
    ("interactive HTML…", "HTML"),
)


@dataclass
class Run:
    """One timed command."""

    wall: float
    peak_mb: float
    tree_mb: float
    load: float
    marks: list[tuple[float, str]] = field(default_factory=list)
    stderr: str = ""
    stdout: str = ""


def load_average() -> float:
    return os.getloadavg()[0]


def quiet(max_load: float, patience: float) -> float:
    """Wait (up to *patience* seconds) for the 1-minute load average to fall under
    *max_load*; return the load average at the start."""
    deadline = time.monotonic() + patience
    while load_average() > max_load and time.monotonic() < deadline:
        time.sleep(10)
    return load_average()


def _tree(root: int) -> list[int]:
    """*root* and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run *command* under GNU time in *cwd*; time its progress messages, sample its tree's
    memory."""
    load = load_average()
    start = time.perf_counter()
    process = subprocess.Popen([TIME, "-f", "peak-kb %M", *command], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    marks: list[tuple[float, str]] = []
    lines: list[str] = []
    tree_peak = [0]

    def read() -> None:
        for line in process.stderr:
            marks.append((time.perf_counter() - start, line.strip()))
            lines.append(line)

    def sample() -> None:
        while process.poll() is None:
            tree_peak[0] = max(tree_peak[0], sum(_pss_kb(p) for p in _tree(process.pid)))
            time.sleep(0.5)

    threads = [threading.Thread(target=read), threading.Thread(target=sample)]
    for thread in threads:
        thread.start()
    stdout = process.stdout.read()
    process.wait()
    wall = time.perf_counter() - start
    for thread in threads:
        thread.join()
    stderr = "".join(lines)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    peak_kb = int(stderr.rsplit("peak-kb ", 1)[1].split()[0])
    return Run(wall, peak_kb / 1024, tree_peak[0] / 1024, load, marks, stderr, stdout)


def stages(result: Run) -> dict[str, float]:
    """Seconds per stage, from the progress messages (see :data:`STAGES`); "start-up and
    load" runs until the first message."""
    opened = [(t, name) for t, line in result.marks for message, name in STAGES
              if line == f"… {message}"]
    found = {"start-up, load, validate": opened[0][0] if opened else result.wall}
    for (t, name), following in zip(opened, [*opened[1:], (result.wall, "")], strict=True):
        found[name] = found.get(name, 0.0) + following[0] - t
    return found


def measures_seconds(result: Run) -> dict[str, float]:
    """Each measure's own time, from the messages of :func:`graphkit.algorithms.metrics_table`."""
    return {m.group(1): float(m.group(2)) for _, line in result.marks
            if (m := re.fullmatch(r"… (\w+) done in ([\d.]+) s", line))}


def synth(work: Path, size: int, graphkit: list[str], env: dict[str, str]) -> Path:
    data = work / f"s{size // 1000}k"
    if not (data / "entities.yaml").is_file():
        subprocess.run([*graphkit, "synth", str(data), "--orgs", str(size)], check=True,
                       env=env, capture_output=True, cwd=work)
    return data


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-3)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/gk-e2e"))
    parser.add_argument("--code", type=Path, help="Run the graphkit of this checkout instead.")
    parser.add_argument("--store", action="store_true", help="Also time `query --store`.")
    parser.add_argument("--warm", action="store_true",
                        help="Also time each build again with the measures cached.")
    parser.add_argument("--max-load", type=float, default=1.0)
    parser.add_argument("--patience", type=float, default=600.0)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    # The graphkit of this checkout (or of --code), whatever is installed: commands run in the
    # work folder, with the checkout first on the path.
    code = (args.code or Path(__file__).resolve().parent.parent).resolve()
    # COLUMNS: the notes of a build on one line each, as the table below quotes them.
    env = {**os.environ, "PYTHONPATH": str(code), "COLUMNS": "10000"}
    graphkit = [sys.executable, "-m", "graphkit"]
    commit = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    lines = [
        "# End-to-end: `graphkit build`",
        "",
        f"`benchmarks/bench_build.py`, graphkit {commit or code}; {platform.machine()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores. `graphkit build` in its "
        "own process on a `graphkit synth` dataset (seed 0), every export, the measures computed "
        "(empty cache). Wall-clock seconds including start-up, loading and validating; peak "
        "resident memory of the largest process (GNU time) and peak proportional memory of "
        "the whole process tree (the forked processes included), MB. Load: the 1-minute load "
        "average when the run started.",
        "",
    ]
    runs: dict[int, Run] = {}
    table = ["| organisations | load | wall s | peak MB (largest process) | peak MB (tree, PSS) "
             "| notes |", "|---:|---:|---:|---:|---:|---|"]
    breakdown: dict[int, dict[str, float]] = {}
    own: dict[int, dict[str, float]] = {}
    store_rows: list[str] = []
    warm: list[str] = []
    for size in args.sizes:
        data = synth(args.work, size, graphkit, env)
        with tempfile.TemporaryDirectory() as cache:
            quiet(args.max_load, args.patience)
            result = run([*graphkit, "build", "--data", str(data), "--out",
                          str(args.work / f"out-{size // 1000}k")],
                         {**env, "GRAPHKIT_CACHE": cache}, args.work)
            runs[size] = result
            breakdown[size] = stages(result)
            own[size] = measures_seconds(result)
            notes = [line for line in result.stdout.splitlines()
                     if "estimated" in line or "not written" in line or "nodes," in line]
            table.append(f"| {size:,} | {result.load:.2f} | {result.wall:.1f} | "
                         f"{result.peak_mb:.0f} | {result.tree_mb:.0f} | "
                         f"{'; '.join(dict.fromkeys(notes))} |")
            print(table[-1], flush=True)
            if args.warm:
                quiet(args.max_load, args.patience)
                again = run([*graphkit, "build", "--data", str(data), "--out",
                             str(args.work / f"out-{size // 1000}k")],
                            {**env, "GRAPHKIT_CACHE": cache}, args.work)
                warm.append(f"| {size:,} | {again.load:.2f} | {again.wall:.1f} | "
                            f"{again.peak_mb:.0f} | {again.tree_mb:.0f} |")
                print(warm[-1], flush=True)
            if args.store:
                store_rows += store_timings(graphkit, env, data, size, cache, args)
    lines += table
    if warm:
        lines += ["", "The same builds again, the measures read from the cache the first run "
                  "filled (the build's own cost, without the measures'):", "",
                  "| organisations | load | wall s | peak MB (largest process) | "
                  "peak MB (tree, PSS) |", "|---:|---:|---:|---:|---:|", *warm]
    names = list(dict.fromkeys(n for b in breakdown.values() for n in b))
    lines += ["", "## Stages (seconds, from the progress messages)", "",
              "| stage | " + " | ".join(f"{s:,}" for s in args.sizes) + " |",
              "|---|" + "---:|" * len(args.sizes)]
    lines += [f"| {name} | " + " | ".join(f"{breakdown[s].get(name, 0):.1f}"
                                          for s in args.sizes) + " |" for name in names]
    measures = sorted({m for o in own.values() for m in o})
    if measures:
        lines += ["", "Each measure's own time (seconds; in the measures' process, beside the "
                  "exports):", "", "| measure | " + " | ".join(f"{s:,}" for s in args.sizes)
                  + " |", "|---|" + "---:|" * len(args.sizes)]
        lines += [f"| {m} | " + " | ".join(f"{own[s].get(m, 0):.1f}" for s in args.sizes)
                  + " |" for m in measures]
    if len(args.sizes) >= 2:
        lines += ["", "## Growth", "",
                  f"Exponent of wall time against organisations ({', '.join(map(str, args.sizes))}"
                  f"): whole build {exponent(args.sizes, [runs[s].wall for s in args.sizes]):.2f}"]
        for name in names:
            if name.startswith(("waiting", "measures")):
                continue
            values = [breakdown[s].get(name, 0) for s in args.sizes]
            if all(v > 0 for v in values):
                lines[-1] += f"; {name} {exponent(args.sizes, values):.2f}"
        lines[-1] += "."
    if store_rows:
        lines += ["", "## `graphkit query --store` (a new process each call)", "",
                  "| organisations | call | load | wall s | peak MB |", "|---:|---|---:|---:|---:|",
                  *store_rows]
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.results}")


def store_timings(graphkit: list[str], env: dict[str, str], data: Path, size: int,
                  cache: str, args: argparse.Namespace) -> list[str]:
    """Rows for ``query --store``: prepared with the build's measures in *cache*, with an
    empty cache, then reopened."""
    rows = []
    for label, measures_cache in (("first call, the build's measures cached", cache),
                                  ("first call, empty cache", None)):
        store = Path(tempfile.mkdtemp(prefix="gk-store-"))
        empty = tempfile.mkdtemp(prefix="gk-cache-")
        try:
            command = [*graphkit, "query", "--data", str(data), "--store", str(store),
                       "--name", QUERY, "--format", "csv"]
            quiet(args.max_load, args.patience)
            first = run(command, {**env, "GRAPHKIT_CACHE": measures_cache or empty}, args.work)
            rows.append(f"| {size:,} | {label} | {first.load:.2f} | {first.wall:.1f} | "
                        f"{first.peak_mb:.0f} |")
            if measures_cache is None:
                for _ in range(3):
                    again = run(command, {**env, "GRAPHKIT_CACHE": empty}, args.work)
                    rows.append(f"| {size:,} | later call | {again.load:.2f} | "
                                f"{again.wall:.2f} | {again.peak_mb:.0f} |")
        finally:
            shutil.rmtree(store, ignore_errors=True)
            shutil.rmtree(empty, ignore_errors=True)
        print(rows[-1], flush=True)
    return rows


if __name__ == "__main__":
    main()
