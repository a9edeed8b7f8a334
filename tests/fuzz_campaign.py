"""A fuzz campaign, run by hand (not in CI): many malformed datasets and hostile queries.

    python tests/fuzz_campaign.py [--datasets N] [--queries N] [--timeout S]

Each input runs in a child process with a time limit (a hang is counted, not waited
for); the figures say how many inputs were tried, how many ended in a clean error,
how many in a traceback, a crash or a hang, and how many failed builds changed the
previous exports (data lost). The first few failures of each kind are printed.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from fuzzing import check, hostile_queries, malformed_datasets, run_query_safely  # noqa: E402

from graphkit.errors import GraphkitError  # noqa: E402
from graphkit.processes import run_isolated  # noqa: E402


def signature(trace: str) -> str:
    """Where a traceback was raised (the last graphkit frame) and what it raised."""
    frames = re.findall(r'File "([^"]*graphkit/[^"]*)", line (\d+), in (\w+)', trace)
    last = trace.strip().splitlines()[-1] if trace.strip() else "?"
    where = f"{Path(frames[-1][0]).name}:{frames[-1][1]} {frames[-1][2]}" if frames else "?"
    return f"{where}: {last[:120]}"


def campaign(kind: str, count: int, timeout: float) -> collections.Counter:
    tally: collections.Counter = collections.Counter()
    sites: collections.Counter = collections.Counter()
    shown: collections.Counter = collections.Counter()
    work = Path(tempfile.mkdtemp(prefix=f"graphkit-campaign-{kind}-"))

    def report(outcome: str, detail: str, subject: str = "") -> None:
        tally[outcome] += 1
        if outcome == "traceback":
            sites[signature(detail)] += 1
        if outcome not in ("ok", "clean error") and shown[signature(detail)] < 1:
            shown[signature(detail)] += 1
            print(f"--- {kind}: {outcome}\n{detail[-3000:]}\n{subject[:3000]}\n", flush=True)

    def one_dataset(dataset) -> None:
        def task() -> bytes:
            found = check(dataset, work / "case")
            return json.dumps(found.__dict__).encode()

        try:
            found = json.loads(run_isolated(task, timeout=timeout, what="the build"))
        except GraphkitError as exc:
            outcome = "hang" if "did not finish" in str(exc) else "crash"
            report(outcome, str(exc), repr(dataset))
            return
        if found["traceback"]:
            report("traceback", found["traceback"], repr(dataset))
        elif found["exports_changed_on_failure"]:
            report("data lost", found["output"])
        elif found["validate_code"] == 0 and found["build_code"] != 0:
            report("valid but not built", found["output"])
        elif found["validate_code"] == 0:
            report("ok", "")
        else:
            report("clean error", "")
        if found["exports_changed_on_failure"] and found["traceback"]:
            tally["data lost"] += 1

    def one_query(text: str) -> None:
        try:
            outcome, detail = json.loads(run_isolated(
                lambda: json.dumps(run_query_safely(text)).encode(), timeout=timeout,
                what="the query"))
        except GraphkitError as exc:
            outcome = "hang" if "did not finish" in str(exc) else "crash"
            detail = str(exc)
        report(outcome, detail, repr(text[:1000]))

    strategy, run = ((malformed_datasets(), one_dataset) if kind == "datasets"
                     else (hostile_queries(), one_query))

    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def explore(value) -> None:
        run(value)

    explore()
    for site, times in sites.most_common():
        print(f"  {times:5d} x {site}", flush=True)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    for kind, count in (("datasets", args.datasets), ("queries", args.queries)):
        if not count:
            continue
        started = time.monotonic()
        tally = campaign(kind, count, args.timeout)
        print(f"{kind}: {sum(tally.values())} inputs tried in {time.monotonic() - started:.0f} s:"
              f" {dict(sorted(tally.items()))}", flush=True)


if __name__ == "__main__":
    main()
