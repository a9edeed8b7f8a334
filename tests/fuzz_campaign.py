"""A fuzz campaign, run by hand (not in CI): many malformed datasets and hostile queries.

    python tests/fuzz_campaign.py [--datasets N] [--queries N] [--endpoint N] [--timeout S]

``datasets`` runs ``validate`` then ``build`` on malformed datasets, over exports that a
failed build must leave alone; ``queries`` runs hostile queries through ``graphkit
query``; ``endpoint`` sends them to a running ``graphkit serve`` endpoint. Each input
runs in a child process of this script with a time limit, so that a hang or a crash
is counted rather than suffered; the isolation is the script's own, not graphkit's, so
that the same campaign can be run against an older graphkit. The figures: inputs
tried, clean errors, tracebacks, crashes, hangs, and data lost (a failed build that
changed the previous exports). The first input of each kind of failure is printed.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from fuzzing import (  # noqa: E402
    MINI_DIR,
    check,
    hostile_queries,
    malformed_datasets,
    run_query_safely,
)


def isolated(task: Callable[[], str], timeout: float) -> tuple[str, str]:
    """Run *task* in a forked child: ("done", its result), ("hang", …) or ("crash", …)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        _limit_memory(4 * 2**30)  # an unbounded graphkit must not take the machine down
        sender.send(task())

    process = context.Process(target=child)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return "hang", f"no result within {timeout:g} s"
        try:
            return "done", receiver.recv()
        except EOFError:
            process.join()
            return "crash", f"the child ended with exit code {process.exitcode}"
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()


def _limit_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            data = next(int(line.split()[1]) * 1024 for line in status
                        if line.startswith("VmData:"))
        resource.setrlimit(resource.RLIMIT_DATA, (data + extra, data + extra))
    except (ImportError, OSError, StopIteration, ValueError):
        pass


def signature(trace: str) -> str:
    """Where a traceback was raised (the last graphkit frame) and what it raised."""
    frames = re.findall(r'File "([^"]*graphkit/[^"]*)", line (\d+), in (\w+)', trace)
    errors = [line for line in trace.splitlines() if re.match(r"^[\w.]+(Error|Exception)", line)]
    last = errors[-1] if errors else (trace.strip().splitlines() or ["?"])[-1]
    where = f"{Path(frames[-1][0]).name}:{frames[-1][1]} {frames[-1][2]}" if frames else "?"
    return f"{where}: {last[:120]}"


class Campaign:
    """Counts the outcomes of one kind of input."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.tally: collections.Counter = collections.Counter()
        self.sites: collections.Counter = collections.Counter()
        self.shown: set[str] = set()

    def report(self, outcome: str, detail: str = "", subject: str = "") -> None:
        self.tally[outcome] += 1
        if outcome == "traceback":
            self.sites[signature(detail)] += 1
        key = f"{outcome} {signature(detail) if outcome == 'traceback' else ''}"
        if outcome not in ("ok", "clean error") and key not in self.shown:
            self.shown.add(key)
            print(f"--- {self.kind}: {outcome}\n{detail[-3000:]}\n{subject[:2000]}\n", flush=True)

    def summary(self, seconds: float) -> str:
        for site, times in self.sites.most_common():
            print(f"  {times:5d} x {site}", flush=True)
        return (f"{self.kind}: {sum(self.tally.values())} inputs tried in {seconds:.0f} s: "
                f"{dict(sorted(self.tally.items()))}")


def datasets(count: int, timeout: float) -> Campaign:
    found = Campaign("datasets")
    work = Path(tempfile.mkdtemp(prefix="graphkit-campaign-"))

    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(malformed_datasets())
    def explore(dataset) -> None:
        status, result = isolated(lambda: json.dumps(check(dataset, work / "case").__dict__),
                                  timeout)
        if status != "done":
            found.report(status, result, repr(dataset))
            return
        outcome = json.loads(result)
        if outcome["exports_changed_on_failure"]:
            found.tally["data lost"] += 1
        if outcome["traceback"]:
            found.report("traceback", outcome["traceback"], repr(dataset))
        elif outcome["validate_code"] == 0 and outcome["build_code"] != 0:
            found.report("valid but not built", outcome["output"], repr(dataset))
        else:
            found.report("ok" if outcome["validate_code"] == 0 else "clean error")

    explore()
    return found


def queries(count: int, timeout: float) -> Campaign:
    found = Campaign("queries")

    @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(hostile_queries())
    def explore(text: str) -> None:
        status, result = isolated(lambda: json.dumps(run_query_safely(text)), timeout)
        if status != "done":
            found.report(status, result, repr(text[:1000]))
            return
        outcome, detail = json.loads(result)
        found.report(outcome, detail, repr(text[:1000]))

    explore()
    return found


def endpoint(count: int, timeout: float) -> Campaign:
    """Hostile queries sent to one running endpoint: every answer must be an HTTP status,
    and the Oxigraph server behind it must never die on its own."""
    from graphkit.model.load import load_dataset
    from graphkit.sparql.serve import SparqlServer, free_port
    from graphkit.sparql.store import prepare_store

    found = Campaign("endpoint")
    store = prepare_store(load_dataset(MINI_DIR), Path(tempfile.mkdtemp()) / "store")
    said: list[str] = []
    with SparqlServer(store, port=free_port(), timeout=10, log=said.append,
                      memory=4 * 2**30) as server:

        @settings(max_examples=count, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(hostile_queries())
        def explore(text: str) -> None:
            deaths, engine = sum("stopped (" in line for line in said), server.process
            request = urllib.request.Request(server.endpoint, data=text.encode(
                "utf-8", "surrogatepass"), headers={"Content-Type": "application/sparql-query",
                                                    "Accept": "application/sparql-results+json"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError as error:
                found.report("no answer", repr(error), repr(text[:1000]))
                return
            time.sleep(0.02)
            if sum("stopped (" in line for line in said) > deaths or (engine.poll() not in (
                    None, -9) and server.process is engine):
                found.report("crash", said[-1] if said else "", repr(text[:1000]))
            elif status in (200, 400, 403, 500, 503):
                found.report("ok" if status == 200 else "clean error")
            else:
                found.report(f"HTTP {status}", "", repr(text[:1000]))

        explore()
        restarts = [line for line in said if "starting it again" in line
                    or "again to stop it" in line]
        print(f"endpoint: the engine was started again {len(restarts)} time(s): "
              f"{collections.Counter(line.split(':')[0] for line in restarts)}", flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--endpoint", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    for run, count in ((datasets, args.datasets), (queries, args.queries),
                       (endpoint, args.endpoint)):
        if count:
            started = time.monotonic()
            found = run(count, args.timeout)
            print(found.summary(time.monotonic() - started), flush=True)


if __name__ == "__main__":
    main()
