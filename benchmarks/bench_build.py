"""End-to-end timings of the CLI as a user runs it: ``graphkit build`` and ``graphkit metrics``.

For each size, a synthetic dataset is generated once with ``graphkit synth`` (seed 0)
into the work folder, then each command runs in its own process, timed by wall
clock, with its peak resident memory (GNU ``time``). Results go to
``benchmarks/results/build.md``.

Usage::

    python benchmarks/bench_build.py --sizes 2000 20000 100000 --work /tmp/gk-e2e
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from graphkit.algorithms import EXACT_UP_TO

RESULTS = Path(__file__).resolve().parent / "results" / "build.md"
GRAPHKIT = [sys.executable, "-m", "graphkit"]
TIME = "/usr/bin/time"  # GNU time (Debian package time) reports the peak resident memory


def run(args: list[str]) -> tuple[float, float, str]:
    """Run graphkit with *args*; return wall seconds, its peak MB (GNU time), and its notes."""
    start = time.perf_counter()
    done = subprocess.run([TIME, "-f", "peak-kb %M", *GRAPHKIT, *args], capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"graphkit {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak_kb = int(done.stderr.rsplit("peak-kb ", 1)[1].split()[0])
    notes = [line for line in done.stdout.splitlines()
             if "estimated" in line or "not written" in line or "nodes," in line]
    return seconds, peak_kb / 1024, "; ".join(dict.fromkeys(notes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 100000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/gk-e2e"))
    parser.add_argument("--k", type=int, default=500,
                        help="Sampled sources for the path measures of `metrics` at 100k.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    lines = [
        "# End-to-end: `graphkit build` and `graphkit metrics`",
        "",
        f"`benchmarks/bench_build.py`; {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores. Each command in its own process on a `graphkit synth` dataset "
        "(seed 0); wall-clock seconds including loading and validating the data; peak resident "
        "memory of the process (MB, from GNU time). `build` writes every export "
        "(RDF in 3 formats, GraphML, 3 CSV, Kumu, HTML when drawable) with the measures of the "
        f"organisation view, sampled above {EXACT_UP_TO:,} view nodes.",
        "",
        "| organisations | load avg | synth | build | build peak MB | metrics | metrics peak MB "
        "| notes |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in args.sizes:
        data = args.work / f"s{size // 1000}k"
        load = os.getloadavg()[0]
        synth_s = 0.0
        if not (data / "entities.yaml").is_file():
            synth_s, _, _ = run(["synth", str(data), "--orgs", str(size)])
        build_s, build_mb, build_notes = run(["build", "--data", str(data), "--out",
                                              str(args.work / f"out-{size // 1000}k")])
        metric_args = ["metrics", "--data", str(data), "--top", "20"]
        if size > 20000:
            metric_args += ["--k", str(args.k)]
        metrics_s, metrics_mb, metrics_notes = run(metric_args)
        notes = "; ".join(dict.fromkeys(n for n in (build_notes, metrics_notes) if n))
        lines.append(f"| {size:,} | {load:.2f} | {synth_s:.1f} | {build_s:.1f} | "
                     f"{build_mb:.0f} | {metrics_s:.1f} | {metrics_mb:.0f} | {notes} |")
        print(lines[-1], flush=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
