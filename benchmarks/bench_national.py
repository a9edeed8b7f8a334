"""Time the analyses of a national OpenCoesione import joined to the curated dataset.

Writes synthetic national files (:mod:`graphkit.opendata.synth`, the 2021-2027 extended
layout, which places each project in its comuni: default 2.3M projects and 7.2M role rows,
and 23,700 IndicePA bodies), imports the whole country into a copy of the embedded dataset
(``graphkit import opencoesione --data DATA``, then ``graphkit import indicepa``), and runs
each command in its own process under GNU time (``/usr/bin/time -v``, Debian package
``time``) for its wall time and peak memory:

* ``graphkit metrics --territory Puglia --since 2021`` — target ≤ 60 s: every measure of
  the organisation view of the projects active since 2021 in Puglia, read from the whole
  country's import by the pushed-down slice;
* ``graphkit bridges --territory Puglia --since 2021 --theme 09`` — the researcher's
  question (which organisations bridge social-inclusion projects in Puglia since 2021, and
  who funds them?);
* ``graphkit show`` of the busiest organisation of that view, with the same filters.

``uptime`` is recorded before and after each run. Run from the repository root::

    .venv/bin/python benchmarks/bench_national.py [--projects N] [--roles N] [--work DIR]

Examples
--------
>>> load_of("13:20:01 up 53 min,  0 user,  load average: 4.32, 4.08, 3.35")
'4.32, 4.08, 3.35'
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_opendata import TIME, parse_time_v, uptime  # noqa: E402
from graphkit.opendata.synth import write_indicepa, write_opencoesione  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "results" / "national.md"
CLI = [sys.executable, "-c", "import sys; sys.argv[0] = 'graphkit'; "
       "from graphkit.cli import main; main()"]


def load_of(line: str) -> str:
    """The three load averages of an ``uptime`` line."""
    return line.split("load average:")[-1].strip()


def timed(name: str, args: list[str]) -> dict[str, object]:
    """Run ``graphkit *args`` under GNU time; its figures, output and the load around it."""
    before = uptime()
    proc = subprocess.run([str(TIME), "-v", *CLI, *args], capture_output=True, text=True,
                          cwd=ROOT, check=False, env={**os.environ, "COLUMNS": "100"})
    after = uptime()
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    wall, rss = parse_time_v(proc.stderr)
    print(f"{name}: {wall:.1f} s, peak {rss:.0f} MiB (load {load_of(before)})", flush=True)
    return {"name": name, "command": "graphkit " + " ".join(args), "wall": wall, "rss": rss,
            "output": proc.stdout, "before": before, "after": after}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=2_300_000)
    parser.add_argument("--roles", type=int, default=7_200_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out" / "national")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the synthetic files and the import already in --work")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not TIME.exists():
        raise SystemExit("GNU time is missing: apt-get install time")
    source, data = args.work / "in", args.work / "DATA"
    runs = []
    started = time.perf_counter()
    if not (args.reuse and (source / "progetti_20250630.parquet").is_file()):
        write_opencoesione(source, projects=args.projects, roles=args.roles, seed=args.seed,
                           layout="extended")
        write_indicepa(source)
    synth = time.perf_counter() - started
    if not (args.reuse and (data / "imported").is_dir()):
        runs.append(timed("import opencoesione, whole country", [
            "import", "opencoesione", "--data", str(data),
            "--progetti", str(source / "progetti_20250630.parquet"),
            "--soggetti", str(source / "soggetti_20250630.parquet")]))
        runs.append(timed("import indicepa", ["import", "indicepa", "--data", str(data),
                                              str(source / "enti.csv")]))
    where = ["--data", str(data), "--territory", "Puglia", "--since", "2021"]
    metrics = timed("metrics, Puglia since 2021", ["metrics", *where, "--format", "csv"])
    runs.append(metrics)
    runs.append(timed("bridges, social inclusion (09) in Puglia since 2021",
                      ["bridges", *where, "--theme", "09", "--top", "10"]))
    busiest = metrics["output"].splitlines()[1].split(",")[0]
    runs.append(timed(f"show {busiest}, Puglia since 2021", ["show", busiest, *where]))
    lines = [
        "# A national OpenCoesione import, joined to the curated dataset",
        "",
        f"Synthetic files (`graphkit.opendata.synth`, extended layout, seed {args.seed}): "
        f"{args.projects:,} projects, ~{args.roles:,} role rows, 23,700 IndicePA bodies"
        + (f", written in {synth:.0f} s" if synth > 1 else "") + ". "
        "Imported whole into a copy of the embedded dataset; each command runs in its own "
        "process under `/usr/bin/time -v`.",
        f"Machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.platform()}, Python {platform.python_version()}; other work ran on it "
        "at the same time (the load averages say how much).",
        "",
        "Target: `metrics --territory Puglia --since 2021` on the imported network ≤ 60 s.",
        "",
        "| command | wall time | peak memory | load before | load after |",
        "|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(f"| `{r['command'].replace(str(ROOT) + '/', '')}` | {r['wall']:.1f} s | "
                     f"{r['rss']:.0f} MiB | {load_of(str(r['before']))} | "
                     f"{load_of(str(r['after']))} |")
    answer = runs[-2]
    lines += ["", "The researcher's question, answered on these files:", "", "```",
              f"$ {answer['command'].replace(str(ROOT) + '/', '')}",
              str(answer["output"]).rstrip(), "```", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
