"""Time the interactive HTML page at 500, 5k and 20k nodes of the synthetic network.

For each size, :func:`graphkit.synth.generate` writes a synthetic dataset (the 500-node
case is the induced subgraph of the first 500 nodes reached breadth-first from the
best-connected node of the smallest synthetic network, 500 organisations); the ``full`` view
with persons is rendered by :func:`graphkit.export.html.page.render_html` and opened from
disk in headless
Chromium (Debian's ``chromium`` through ``/usr/bin/chromedriver``, offline). Reported:

* render: seconds in Python (view, measures, layout, page);
* size: bytes of the page;
* first draw: ``performance.now()`` at vis-network's first ``afterDrawing`` event, i.e.
  milliseconds from navigation start to the first frame (HTML parse, JSON parse,
  DataSets, drawing); the median of ``--runs`` loads;
* filter: milliseconds for the "hide persons" switch to rebuild the visible node and
  edge sets (synchronous part, measured in the page), and the same for a search;
* slider step: milliseconds for one step of the time slider (a one-year window moved by a
  year, as the play button does) to update what is visible *and* redraw the canvas
  (``network.redraw()`` is synchronous), median and worst over every year of the data;
* report: seconds for ``graphkit report``'s work on the organisation view of the same data
  (measures, communities, tables, the HTML with its plots, and the PDF), up to
  :data:`REPORT_UP_TO` nodes.

Run from the repository root::

    .venv/bin/python benchmarks/bench_html.py [--runs 3] [--out benchmarks/results/html.md]

Examples
--------
>>> first_bfs([[1], [0, 2], [1]], 0, 2)
[0, 1]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from graphkit.export.html.page import render_html  # noqa: E402
from graphkit.graph.build import build_graph  # noqa: E402
from graphkit.graph.views import make_view  # noqa: E402
from graphkit.model.load import load_dataset  # noqa: E402
from graphkit.synth import generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "html.md"
#: (label, organisations given to the generator, nodes kept or None for all).
SIZES = (("500", 500, 500), ("5k", 3200, None), ("20k", 13000, None))
#: The report is timed on graphs up to this many nodes.
REPORT_UP_TO = 10_000


def first_bfs(adjacency: list[list[int]], start: int, count: int) -> list[int]:
    """The first *count* nodes reached breadth-first from *start*."""
    seen, queue, order = {start}, deque([start]), []
    while queue and len(order) < count:
        node = queue.popleft()
        order.append(node)
        for other in adjacency[node]:
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return order


def synthetic_graph(orgs: int, keep: int | None) -> nx.MultiDiGraph:
    """The graph of a synthetic dataset, cut to *keep* nodes breadth-first when given."""
    summary = generate(tempfile.mkdtemp(prefix="graphkit-bench-"), orgs=orgs, seed=1)
    G = build_graph(load_dataset(summary.path))
    if keep is None:
        return G
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    undirected = G.to_undirected(as_view=True)
    adjacency = [sorted(index[m] for m in undirected.neighbors(n)) for n in nodes]
    hub = max(range(len(nodes)), key=lambda i: (len(adjacency[i]), -i))
    H = G.subgraph(nodes[i] for i in first_bfs(adjacency, hub, keep)).copy()
    H.graph.update(G.graph)
    return H


def browser():
    """Headless Chromium, offline, driven through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='graphkit-chromium-')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    driver.set_script_timeout(120)
    return driver


def first_draw(driver, page: Path, timeout: float = 300.0) -> tuple[float, dict]:
    """Load *page*; milliseconds to the first drawing, and the drawn counts."""
    driver.get("about:blank")
    driver.get(page.as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return !!(window.graphkit && window.graphkit.firstDraw)"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{page} was not drawn within {timeout} s")
        time.sleep(0.05)
    return driver.execute_script("return [window.graphkit.firstDraw, window.graphkit.stats()]")


#: One step of the slider: move a one-year window by a year (``setWindow``, as the play
#: button and each handle do), redraw; for every year.
SLIDER_STEPS = """
const g = window.graphkit, t = g.time;
const times = [];
let start = t.min - (t.monthly ? t.min % 12 : 0);
for (; start <= t.max; start += t.year) {
  const began = performance.now();
  g.setWindow(start, start + t.year - 1);
  g.network.redraw();
  times.push(performance.now() - began);
}
document.getElementById('gk-reset').click();
return times;
"""


def slider_ms(driver) -> tuple[float, float, int]:
    """Median and worst milliseconds of a slider step, and the number of steps."""
    times = driver.execute_script(SLIDER_STEPS)
    return statistics.median(times), max(times), len(times)


def interaction_ms(driver) -> tuple[float, float]:
    """Milliseconds for the "hide persons" switch and for a search to answer."""
    return driver.execute_script("""
        let t = performance.now();
        document.getElementById('gk-hide-persons').click();
        const hide = performance.now() - t;
        document.getElementById('gk-hide-persons').click();
        const input = document.getElementById('gk-search');
        input.value = 'cooperativa';
        t = performance.now();
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
        return [hide, performance.now() - t];
    """)


def report_seconds(G: nx.MultiDiGraph) -> tuple[float, float, int, int]:
    """Seconds to make the report of the organisation view (HTML, then PDF), and sizes."""
    from graphkit.export.report.content import report_content
    from graphkit.export.report.render import report_html, report_pdf

    started = time.perf_counter()
    content = report_content(make_view(G), G)
    page = report_html(content)
    html = time.perf_counter() - started
    started = time.perf_counter()
    pdf = report_pdf(content)
    return html, time.perf_counter() - started, len(page), len(pdf)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (median)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--sizes", default=",".join(label for label, *_ in SIZES),
                        help="which sizes to run (comma-separated labels)")
    args = parser.parse_args(argv)
    rows = []
    load = _uptime()
    driver = browser()
    try:
        for label, orgs, keep in (s for s in SIZES if s[0] in args.sizes.split(",")):
            G = synthetic_graph(orgs, keep)
            started = time.perf_counter()
            page_bytes = render_html(make_view(G, "full", include_persons=True), G,
                                     size_by="pagerank")
            render = time.perf_counter() - started
            page = Path(tempfile.mkdtemp(prefix="graphkit-html-")) / f"graph-{label}.html"
            page.write_bytes(page_bytes)
            draws = []
            for _ in range(args.runs):
                ms, drawn = first_draw(driver, page)
                draws.append(ms)
            assert (drawn["nodes"], drawn["edges"]) == (G.number_of_nodes(), G.number_of_edges())
            hide, search = interaction_ms(driver)
            step, worst, steps = slider_ms(driver)
            report = report_seconds(G) if G.number_of_nodes() <= REPORT_UP_TO else None
            rows.append((label, G.number_of_nodes(), G.number_of_edges(), render,
                         len(page_bytes), statistics.median(draws), hide, search, step, worst,
                         steps, report))
            print(f"{label}: {rows[-1]}", file=sys.stderr, flush=True)
    finally:
        driver.quit()
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    lines = [
        "# Interactive HTML: time to first draw and file size", "",
        f"`benchmarks/bench_html.py --runs {args.runs}`; {version}, headless, offline; "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{_cpus()} CPUs. Synthetic network (`graphkit.synth.generate`, seed 1), `full` view "
        "with persons, nodes sized by PageRank, physics off. First draw: milliseconds from "
        f"navigation start to vis-network's first frame, median of {args.runs} loads. Hide / "
        "search: milliseconds for the \"hide persons\" switch, and for a search with Enter, to "
        "update what is visible (synchronous part, in the page). Slider step: a one-year "
        "window moved by one year (as the play button moves it), until the canvas is redrawn "
        "(`network.redraw()`, synchronous): median and worst over every year of the data.",
        "", f"Machine load when the run started: `{load}`; when it ended: `{_uptime()}`.", "",
        "| nodes | edges | render (Python) | file size | first draw | hide persons | search "
        "| slider step (median / worst, steps) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for _, n, m, render, size, draw, hide, search, step, worst, steps, _ in rows:
        lines.append(f"| {n:,} | {m:,} | {render:.1f} s | {size / 1e6:.1f} MB | "
                     f"{draw / 1000:.2f} s | {hide:.0f} ms | {search:.0f} ms | "
                     f"{step:.0f} / {worst:.0f} ms ({steps}) |")
    lines += ["", "`graphkit report` on the organisation view of the same data (measures, "
              "communities, tables and plots; then the PDF):", "",
              "| nodes (typed graph) | report HTML | its size | PDF | its size |",
              "|---:|---:|---:|---:|---:|"]
    for row in rows:
        n, report = row[1], row[-1]
        if report is not None:
            html, pdf, html_size, pdf_size = report
            lines.append(f"| {n:,} | {html:.1f} s | {html_size / 1e3:.0f} kB | {pdf:.1f} s | "
                         f"{pdf_size / 1e3:.0f} kB |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    main()
