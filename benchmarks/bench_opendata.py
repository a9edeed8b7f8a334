"""Time the OpenCoesione import at national scale, with peak memory and the machine's load.

Writes synthetic national files (:mod:`graphkit.opendata.synth`, default 2.3M projects and
7.2M role rows), then runs each import in its own process under GNU time
(``/usr/bin/time -v``, Debian package ``time``) to read its peak resident memory:

* welfare themes: ``OC_COD_TEMA_SINTETICO`` 08 (Occupazione e lavoro), 09 (Inclusione
  sociale e salute), 10 (Istruzione e formazione) — target ≤ 5 min and ≤ 4 GB;
* the whole country, every theme — target ≤ 15 min;
* with ``--zip``, the same two from the zipped CSV files.

``uptime`` is recorded before and after each run. Run from the repository root::

    .venv/bin/python benchmarks/bench_opendata.py [--projects N] [--roles N] [--zip]

Examples
--------
>>> parse_time_v("Maximum resident set size (kbytes): 2048\\nElapsed (wall clock) time"
...              " (h:mm:ss or m:ss): 1:02.50\\n")
(62.5, 2.0)
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphkit.opendata.opencoesione import WELFARE_THEMES  # noqa: E402
from graphkit.opendata.synth import write_opencoesione  # noqa: E402

DEFAULT_OUT = ROOT / "benchmarks" / "results" / "opendata.md"
TIME = Path("/usr/bin/time")
RUN = ("import json, sys; from graphkit.opendata import import_opencoesione as f; "
       "s = f(sys.argv[1], sys.argv[2], sys.argv[3], themes=json.loads(sys.argv[4])); "
       "print(json.dumps(s.counts))")


def parse_time_v(text: str) -> tuple[float, float]:
    """(wall seconds, peak resident MiB) from GNU time's ``-v`` report."""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    seconds = 0.0
    if wall:
        for part in wall[1].split(":"):
            seconds = seconds * 60 + float(part)
    return seconds, (int(rss[1]) / 1024 if rss else float("nan"))


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()


def run_import(name: str, soggetti: Path, progetti: Path, out: Path,
               themes: list[str] | None) -> dict[str, object]:
    before = uptime()
    cmd = [str(TIME), "-v", sys.executable, "-c", RUN, str(soggetti), str(progetti), str(out),
           "null" if themes is None else str(themes).replace("'", '"')]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed:\n{proc.stderr[-3000:]}")
    wall, rss = parse_time_v(proc.stderr)
    result = {"name": name, "wall": wall, "rss": rss, "counts": proc.stdout.strip(),
              "before": before, "after": uptime()}
    print(f"{name}: {wall:.1f} s, peak {rss:.0f} MiB, {result['counts']}", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=2_300_000)
    parser.add_argument("--roles", type=int, default=7_200_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/gk-opendata-bench"))
    parser.add_argument("--zip", action="store_true", help="also time the zipped CSV files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not TIME.exists():
        raise SystemExit("GNU time is missing: apt-get install time")
    formats = ("parquet", "zip") if args.zip else ("parquet",)
    start = time.perf_counter()
    files = write_opencoesione(args.work / "in", projects=args.projects, roles=args.roles,
                               seed=args.seed, formats=formats)
    synth_seconds = time.perf_counter() - start
    sizes = {k: v.stat().st_size / 2**20 for k, v in files.items()}
    print(f"synthetic files in {synth_seconds:.1f} s: "
          + ", ".join(f"{k} {v:.0f} MiB" for k, v in sizes.items()), flush=True)
    welfare = sorted(WELFARE_THEMES)
    runs = [run_import("welfare themes (parquet)", files["soggetti"], files["progetti"],
                       args.work / "out-welfare", welfare),
            run_import("whole country (parquet)", files["soggetti"], files["progetti"],
                       args.work / "out-all", None)]
    if args.zip:
        runs += [run_import("welfare themes (zipped CSV)", files["soggetti_zip"],
                            files["progetti_zip"], args.work / "out-welfare-zip", welfare),
                 run_import("whole country (zipped CSV)", files["soggetti_zip"],
                            files["progetti_zip"], args.work / "out-all-zip", None)]
    lines = [
        "# OpenCoesione import at national scale",
        "",
        f"Synthetic files (`graphkit.opendata.synth`, seed {args.seed}): {args.projects:,} "
        f"projects, ~{args.roles:,} role rows, written in {synth_seconds:.0f} s "
        f"({', '.join(f'{k} {v:.0f} MiB' for k, v in sizes.items())}).",
        f"Machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.platform()}, Python {platform.python_version()}, DuckDB memory limit "
        f"{os.environ.get('GRAPHKIT_DUCKDB_MEMORY', '3GB')}. Each import runs in its own "
        "process under `/usr/bin/time -v`.",
        "",
        f"Welfare themes: `OC_COD_TEMA_SINTETICO` in {', '.join(welfare)} (Occupazione e "
        "lavoro, Inclusione sociale e salute, Istruzione e formazione). Targets: welfare "
        "≤ 5 min and ≤ 4 GB peak; whole country ≤ 15 min.",
        "",
        "| import | wall time | peak memory | rows written | load before | load after |",
        "|---|---|---|---|---|---|",
    ]
    for r in runs:
        load_b = str(r["before"]).split("load average:")[-1].strip()
        load_a = str(r["after"]).split("load average:")[-1].strip()
        lines.append(f"| {r['name']} | {r['wall']:.1f} s | {r['rss']:.0f} MiB | "
                     f"`{r['counts']}` | {load_b} | {load_a} |")
    lines.append("")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
