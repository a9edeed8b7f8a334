"""The HTML page in headless Chromium, offline, used as a person would.

Chromium and chromedriver come from Debian (``chromium``, ``chromium-driver``; ``tests/run.sh``
installs them); Selenium drives them and is pointed at ``/usr/bin/chromedriver``, so it never
downloads a driver. The tests skip, saying why, only when no browser is installed. The
screenshot tests save the README's pictures: ``docs/screenshot.png`` (the typed graph),
``docs/explorer.png`` (a time window coloured by community) and ``docs/report.png``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graphkit.export.html.page import ego_nodes, render_html
from graphkit.export.report.content import report_content
from graphkit.export.report.render import report_html
from graphkit.files import write_atomic
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.load import load_dataset
from graphkit.schema.vocabulary import NODE_TYPES

REPO_DIR = Path(__file__).resolve().parents[1]
MINI_DIR = REPO_DIR / "tests" / "fixtures" / "mini"
XSS = "<img src=x onerror=alert(1)>"
SCREENSHOT = REPO_DIR / "docs" / "screenshot.png"
EXPLORER_SCREENSHOT = REPO_DIR / "docs" / "explorer.png"
REPORT_SCREENSHOT = REPO_DIR / "docs" / "report.png"
NODE_COLOR = {name: t.color for name, t in NODE_TYPES.items()}
CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p
                 and Path(p).is_file()), None)
CHROMEDRIVER = next((p for p in (shutil.which("chromedriver"), "/usr/bin/chromedriver") if p
                     and Path(p).is_file()), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no headless browser: install Debian's chromium and chromium-driver "
           "(tests/run.sh does when it may)")

#: Runs before the page's own scripts: records any dialog instead of opening it.
TRAP = """
window.__gkDialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (message) => { window.__gkDialogs.push(name + ":" + String(message)); };
}
"""

XSS_ENTITY = """
- id: xss-coop
  name: "<img src=x onerror=alert(1)>"
  type: cooperative
  aliases: ["<script>alert(2)</script>"]
- id: formula-coop
  name: '=HYPERLINK("http://example.invalid")'
  type: cooperative
"""
#: A spreadsheet formula as a name: the CSV of the view must not let it run.
FORMULA = '=HYPERLINK("http://example.invalid")'

XSS_DOCUMENT = """\
id: doc2
source_file: doc2.txt
kind: press_release
date: "2024-06-01"
title: "</script><script>alert(5)</script>"
relations:
  - subject: xss-coop
    relation: partner_of
    object: progetto-uno
    role: "<b onmouseover=alert(3)>capofila</b>"
    paragraph: 1
    span: [0, 10]
"""


def full_page(G: nx.MultiDiGraph, **options: object) -> bytes:
    """The page of the typed graph, persons included."""
    return render_html(make_view(G, "full", include_persons=True), G, **options)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="graphkit-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                 "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def xss_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The mini dataset plus an organisation, a role and a document title that are HTML."""
    data = tmp_path_factory.mktemp("xss") / "data"
    shutil.copytree(MINI_DIR, data)
    with (data / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write(XSS_ENTITY)
    (data / "documents" / "doc2.yaml").write_text(XSS_DOCUMENT, encoding="utf-8")
    return build_graph(load_dataset(data))


@pytest.fixture(scope="module")
def xss_page(xss_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "graph.html"
    path.write_bytes(full_page(xss_graph))
    return path


def open_page(driver, path: Path, timeout: float = 30.0) -> list[dict]:
    """Load *path*, wait for the first drawing; return the console messages of the load."""
    driver.get(path.as_uri())
    deadline = time.monotonic() + timeout
    while not driver.execute_script("return !!(window.graphkit && window.graphkit.firstDraw)"):
        assert time.monotonic() < deadline, "the network was not drawn"
        time.sleep(0.05)
    return driver.get_log("browser")


def stats(driver) -> dict[str, int]:
    return driver.execute_script("return window.graphkit.stats()")


def requests_made(driver) -> list[str]:
    """URLs the page asked for, other than itself and inline data."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if not u.startswith(("file:", "data:"))]


def panel_title(driver) -> str:
    return driver.execute_script(
        "const h = document.querySelector('#gk-panel h2'); return h ? h.textContent : null")


def test_loads_offline_without_errors_and_draws_every_node_and_edge(browser, xss_page, xss_graph):
    browser.get_log("performance")
    console = open_page(browser, xss_page)
    assert [m for m in console if m["level"] in ("SEVERE", "WARNING")] == []
    assert requests_made(browser) == []
    drawn = stats(browser)
    assert (drawn["nodes"], drawn["edges"]) == (xss_graph.number_of_nodes(),
                                                xss_graph.number_of_edges())
    count = browser.find_element("id", "gk-count").text
    assert f"{xss_graph.number_of_nodes()} of {xss_graph.number_of_nodes()} nodes" in count


def test_html_in_the_data_is_shown_as_text_and_runs_nothing(browser, xss_page):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, xss_page)
    search = browser.find_element("id", "gk-search")
    search.send_keys("img src")
    results = browser.find_elements("css selector", "#gk-results li")
    assert results and results[0].text.startswith(XSS)
    search.send_keys(Keys.ENTER)
    assert panel_title(browser) == XSS
    browser.find_element("css selector", "#gk-panel li .gk-link:last-child").click()
    panel = browser.find_element("id", "gk-panel").text
    assert "</script><script>alert(5)</script>" in panel
    assert "<b onmouseover=alert(3)>capofila</b>" in panel
    search.clear()
    search.send_keys("alert(2)")
    assert browser.find_elements("css selector", "#gk-results li")[0].text.startswith(XSS)
    assert browser.execute_script("return window.__gkDialogs") == []
    assert browser.execute_script(
        "return document.querySelectorAll('img, iframe, object, embed, [onerror], b, i').length"
    ) == 0
    assert browser.execute_script("return document.scripts.length") == 6


def test_search_and_filters_change_what_is_visible(browser, xss_page, xss_graph):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    open_page(browser, xss_page)
    total = stats(browser)
    view_before = browser.execute_script("return graphkit.network.getViewPosition()")
    browser.find_element("id", "gk-search").send_keys("cgil lucca", Keys.ENTER)
    assert browser.execute_script("return graphkit.network.getSelectedNodes()") == ["cgil-lucca"]
    assert browser.execute_script("return graphkit.network.getViewPosition()") != view_before
    assert panel_title(browser) == "Cgil Lucca"

    persons = {n for n, g in xss_graph.nodes(data="group") if g == "person"}
    touching = sum(1 for u, v in xss_graph.edges() if u in persons or v in persons)
    browser.find_element("id", "gk-hide-persons").click()
    assert stats(browser) == {**total, "nodes": total["nodes"] - len(persons),
                              "edges": total["edges"] - touching}
    browser.find_element("id", "gk-reset").click()

    partners = sum(1 for *_, r in xss_graph.edges(data="relation") if r == "partner_of")
    browser.find_element("css selector", "#gk-relations input[value=partner_of]").click()
    assert stats(browser)["edges"] == total["edges"] - partners
    browser.find_element("css selector", "#gk-types input[value=territory]").click()
    assert stats(browser)["nodes"] == total["nodes"] - 3  # Toscana, Lucca, its provincia
    browser.find_element("id", "gk-reset").click()
    assert stats(browser) == total

    Select(browser.find_element("id", "gk-territory")).select_by_visible_text("Lucca")
    in_lucca = stats(browser)
    assert 0 < in_lucca["nodes"] < total["nodes"]
    browser.find_element("id", "gk-reset").click()

    browser.find_element("id", "gk-search").send_keys(Keys.ENTER)
    browser.find_element("xpath", "//button[text()='Show only its network']").click()
    assert stats(browser)["nodes"] == len(ego_nodes(xss_graph, "cgil-lucca", 2))
    browser.find_element("id", "gk-reset").click()
    assert stats(browser) == total


def point_at(driver, node: str):
    """Move the mouse over *node* on the canvas; return the pending actions."""
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = driver.find_element("css selector", "#gk-network canvas")
    x, y = driver.execute_script(
        "const n = graphkit.network; const p = n.canvasToDOM(n.getPosition(arguments[0]));"
        "return [p.x, p.y]", node)
    size = canvas.size
    actions = ActionChains(driver)
    actions.move_to_element_with_offset(canvas, round(x - size["width"] / 2),
                                        round(y - size["height"] / 2)).perform()
    time.sleep(0.3)
    return actions


def test_hovering_and_clicking_a_node_shows_its_details(browser, xss_page):
    open_page(browser, xss_page)
    actions = point_at(browser, "progetto-uno")
    tooltip = browser.find_element("id", "gk-tooltip")
    assert tooltip.is_displayed() and tooltip.text.startswith("Progetto Uno\nProject")
    canvas = browser.find_element("css selector", "#gk-network canvas").rect
    assert canvas["x"] < tooltip.rect["x"] < canvas["x"] + canvas["width"]
    actions.click().perform()
    assert panel_title(browser) == "Progetto Uno"
    panel = browser.find_element("id", "gk-panel").text
    assert "Relations (" in panel and "betweenness (size)" in panel and "start date" in panel


#: The labels of the visible nodes that stick out of the canvas, with their boxes.
LABELS_CUT_OFF = """
const n = graphkit.network, canvas = document.querySelector("#gk-network canvas");
const out = [];
for (const id of graphkit.state.visible) {
  const box = n.getBoundingBox(id);
  const a = n.canvasToDOM({x: box.left, y: box.top});
  const b = n.canvasToDOM({x: box.right, y: box.bottom});
  if (a.x < 0 || a.y < 0 || b.x > canvas.clientWidth || b.y > canvas.clientHeight) out.push(id);
}
return out;
"""


def test_the_whole_graph_and_a_focused_network_fit_with_their_labels(browser, tmp_path):
    page = tmp_path / "graph.html"
    page.write_bytes(full_page(build_graph(load_dataset())))
    open_page(browser, page)
    time.sleep(0.3)
    assert browser.execute_script(LABELS_CUT_OFF) == []
    point_at(browser, "lucca-per-il-lavoro").click().perform()
    button = next(b for b in browser.find_elements("css selector", "#gk-panel button")
                  if b.text == "Show only its network")
    button.click()
    time.sleep(0.3)
    assert 1 < len(browser.execute_script("return [...graphkit.state.visible]")) < 142
    assert browser.execute_script(LABELS_CUT_OFF) == []


@pytest.fixture(scope="module")
def curated_graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


@pytest.fixture(scope="module")
def curated_pages(curated_graph, tmp_path_factory) -> dict[str, Path]:
    """The embedded dataset's organisation view and typed graph (persons included)."""
    folder = tmp_path_factory.mktemp("curated")
    pages = {"orgs": folder / "graph.html", "full": folder / "graph-full.html"}
    pages["orgs"].write_bytes(render_html(make_view(curated_graph), curated_graph,
                                          other=("graph-full.html", "the typed graph")))
    pages["full"].write_bytes(full_page(curated_graph, other=("graph.html", "the organisations")))
    return pages


def set_window(driver, since: str, until: str) -> None:
    """Move the two handles of the time slider as a person would (input events); a year
    given as *until* ends in its December."""
    driver.execute_script("""
        const t = graphkit.time, end = arguments[1];
        const [since, until] = [t.parse(arguments[0]),
                                t.parse(t.monthly && end.length === 4 ? `${end}-12` : end)];
        for (const [id, value] of [["gk-time-to", until], ["gk-time-from", since]]) {
          const input = document.getElementById(id);
          input.value = String(value);
          input.dispatchEvent(new Event("input"));
        }""", since, until)


def visible(driver) -> set[str]:
    return set(driver.execute_script("return [...graphkit.state.visible]"))


@pytest.mark.parametrize("view", ["orgs", "full"])
def test_the_time_slider_draws_the_windowed_view(browser, curated_graph, curated_pages, view):
    open_page(browser, curated_pages[view])
    meta = browser.execute_script("return graphkit.meta.time")
    assert meta["unit"] == "month" and meta["from"] < "2012" < "2025" < meta["to"]
    undated = meta["undated"]
    note = browser.find_element("id", "gk-undated-count").text
    assert f"{undated['edges']} undated relations" in note and undated["edges"] > 0
    browser.find_element("id", "gk-undated").click()  # hidden, as a windowed view leaves them
    for since, until in (("2016", "2018"), ("2019-03", "2020-06"), ("2024", "2024")):
        set_window(browser, since, until)
        W = make_view(curated_graph, view, since=since, until=until,
                      include_persons=view == "full")
        assert visible(browser) == set(W)
        assert stats(browser)["edges"] == W.number_of_edges()
        label = browser.find_element("id", "gk-time-label").text
        assert label.startswith(since if "-" in since else f"{since}-01")
    narrow = visible(browser)
    browser.find_element("id", "gk-undated").click()
    assert visible(browser) > narrow  # undated relations come back
    browser.find_element("id", "gk-play").click()
    first, start = browser.execute_script("return [graphkit.state.window, graphkit.time.min]")
    assert first[0] == start and first[1] % 12 == 11 and first[1] - first[0] < 12  # first year
    assert browser.find_element("id", "gk-play").text.endswith("Stop")
    browser.find_element("id", "gk-play").click()
    assert browser.find_element("id", "gk-play").text.endswith("Play the years")
    browser.find_element("id", "gk-reset").click()
    assert stats(browser)["nodes"] == stats(browser)["totalNodes"]


#: What a link must bring back: filters, search, focus, window, colour, size, selection.
STATE = """
const s = graphkit.state;
return {types: [...s.types].sort(), relations: [...s.relations].sort(), territory: s.territory,
        persons: s.hidePersons, query: s.query, focus: s.focusId, depth: s.depth,
        window: s.window, undated: s.showUndated, colour: s.colour, size: s.size,
        selected: s.selected, visible: [...s.visible].sort(),
        colours: graphkit.nodes.get().map((n) => n.color && n.color.background),
        legend: document.getElementById("gk-colour-legend").textContent,
        selectedNodes: graphkit.network.getSelectedNodes(),
        controls: [...document.querySelectorAll("#gk-controls select, #gk-controls input")]
          .map((c) => c.type === "checkbox" ? c.checked : c.value)};
"""


def test_a_copied_link_reopens_the_same_view(browser, curated_pages):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    open_page(browser, curated_pages["full"])
    Select(browser.find_element("id", "gk-colour")).select_by_value("community")
    Select(browser.find_element("id", "gk-size")).select_by_value("degree")
    set_window(browser, "2019", "2023")
    browser.find_element("id", "gk-undated").click()
    browser.find_element("css selector", "#gk-relations input[value=located_in]").click()
    Select(browser.find_element("id", "gk-territory")).select_by_visible_text("Toscana")
    browser.find_element("id", "gk-search").send_keys("lucca per il lavoro", Keys.ENTER)
    browser.find_element("xpath", "//button[text()='Show only its network']").click()
    before = browser.execute_script(STATE)
    assert before["focus"] == "lucca-per-il-lavoro" and before["colour"] == "community"
    assert before["window"] == browser.execute_script(
        "return [graphkit.time.parse('2019'), graphkit.time.parse('2023-12')]")
    browser.find_element("id", "gk-copy-link").click()
    link = browser.find_element("id", "gk-link").get_attribute("value")
    assert link == browser.current_url and "#" in link and "colour=community" in link

    browser.get("about:blank")
    browser.get(link)
    open_page_at = browser.execute_script("return !!graphkit.firstDraw")
    assert open_page_at or open_page(browser, curated_pages["full"]) is None
    assert browser.execute_script(STATE) == before

    other = browser.find_element("id", "gk-other")
    assert other.text == "Open the organisations \u2192"
    assert other.get_attribute("href").endswith(link[link.index("#"):])


def test_a_link_with_a_focus_and_a_hidden_type_opens_that_network(browser, xss_page, xss_graph):
    browser.get(f"{xss_page.as_uri()}#focus=cgil-lucca&depth=1&hide-types=project&node=cgil-lucca")
    deadline = time.monotonic() + 30
    while not browser.execute_script("return !!(window.graphkit && graphkit.firstDraw)"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    projects = {n for n, t in xss_graph.nodes(data="type") if t == "project"}
    expected = ego_nodes(xss_graph, "cgil-lucca", 1) - projects
    assert projects & ego_nodes(xss_graph, "cgil-lucca", 1) and visible(browser) == expected
    assert panel_title(browser) == "Cgil Lucca"
    assert not browser.find_element("css selector", "#gk-types input[value=project]").is_selected()


def downloaded(folder: Path, name: str, timeout: float = 20.0) -> Path:
    path = folder / name
    deadline = time.monotonic() + timeout
    while not path.is_file() or any(folder.glob("*.crdownload")):
        assert time.monotonic() < deadline, f"{name} was not downloaded"
        time.sleep(0.05)
    return path


def test_pictures_and_tables_of_the_drawn_view(browser, xss_page, xss_graph, tmp_path):
    import csv
    import xml.etree.ElementTree as ET

    from PIL import Image

    browser.execute_cdp_cmd("Browser.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(tmp_path)})
    open_page(browser, xss_page)
    browser.find_element("id", "gk-hide-persons").click()
    shown = visible(browser)
    drawn = stats(browser)
    assert drawn["nodes"] < drawn["totalNodes"]
    for button in ("gk-png", "gk-svg", "gk-csv-nodes", "gk-csv-edges"):
        browser.find_element("id", button).click()

    png = Image.open(downloaded(tmp_path, "graph-view.png"))
    width, height = browser.execute_script(
        "const c = document.querySelector('#gk-network canvas'); return [c.width, c.height]")
    assert png.format == "PNG" and png.size == (width, height)
    pixels = png.convert("RGB")
    colours = {colour for _, colour in pixels.getcolors(width * height)}
    cooperative = tuple(int(NODE_COLOR["cooperative"][i:i + 2], 16) for i in (1, 3, 5))
    assert cooperative in colours and len(colours) > 20  # nodes, edges, antialiased labels

    svg = ET.parse(downloaded(tmp_path, "graph-view.svg")).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    canvas = browser.execute_script(
        "const c = document.getElementById('gk-network'); return [c.clientWidth, c.clientHeight]")
    assert [int(svg.get("width")), int(svg.get("height"))] == canvas
    shapes = svg.findall(".//s:g[@class='nodes']/*", ns)
    assert {s.get("data-id") for s in shapes} == shown
    assert len(svg.findall(".//s:g[@class='edges']/s:line", ns)) == drawn["edges"]
    labels = [t.text for t in svg.findall(".//s:text", ns)]
    assert XSS in labels and FORMULA in labels
    assert not svg.findall(".//s:script", ns) and not svg.findall(".//{*}img")

    with downloaded(tmp_path, "graph-view-nodes.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["id"] for r in rows} == shown
    assert next(r for r in rows if r["id"] == "formula-coop")["label"] == "'" + FORMULA
    assert next(r for r in rows if r["id"] == "xss-coop")["label"] == XSS
    with downloaded(tmp_path, "graph-view-edges.csv").open(encoding="utf-8-sig", newline="") as f:
        edges = list(csv.DictReader(f))
    assert len(edges) == drawn["edges"]
    assert {e["from_id"] for e in edges} | {e["to_id"] for e in edges} <= shown
    assert browser.execute_script("return window.__gkDialogs") == []


def test_screenshot_of_the_curated_graph(browser, tmp_path):
    """Save the README's picture of the embedded dataset (rewritten only when it changes)."""
    page = tmp_path / "graph.html"
    G = build_graph(load_dataset())
    page.write_bytes(full_page(G, title="graphkit: territorial welfare networks"))
    console = open_page(browser, page)
    assert [m for m in console if m["level"] == "SEVERE"] == []
    assert stats(browser)["nodes"] == G.number_of_nodes()
    point_at(browser, "lucca-per-il-lavoro").click().perform()
    assert panel_title(browser) == "Lucca per il lavoro"
    png = browser.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    if not SCREENSHOT.is_file() or SCREENSHOT.read_bytes() != png:
        write_atomic(SCREENSHOT, png)


def test_screenshot_of_a_window_coloured_by_community(browser, curated_pages):
    """Save the README's picture of the explorer: a link with a window and a colouring."""
    uri = f"{curated_pages['orgs'].as_uri()}#time=2016-01..2020-12&undated=hidden&colour=community"
    browser.get("about:blank")
    browser.get(uri)
    deadline = time.monotonic() + 30
    while not browser.execute_script("return !!(window.graphkit && graphkit.firstDraw)"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.3)
    assert browser.execute_script("return graphkit.state.colour") == "community"
    assert browser.find_element("id", "gk-time-label").text == "2016-01 \u2013 2020-12"
    legend = browser.find_elements("css selector", "#gk-colour-legend li")
    assert legend and legend[0].text.startswith("community 1: ")
    png = browser.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    if not EXPLORER_SCREENSHOT.is_file() or EXPLORER_SCREENSHOT.read_bytes() != png:
        write_atomic(EXPLORER_SCREENSHOT, png)


def test_the_report_opens_offline_and_draws_its_plots(browser, curated_graph, tmp_path):
    """The report in the browser: no request, no console error, every plot drawn with its
    text; saves the README's picture of it."""
    content = report_content(make_view(curated_graph, territory="Toscana"), curated_graph)
    page = tmp_path / "report.html"
    page.write_bytes(report_html(content, "graphkit report: Toscana"))
    browser.get_log("performance")
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    assert [m for m in browser.get_log("browser") if m["level"] in ("SEVERE", "WARNING")] == []
    assert requests_made(browser) == []
    plots = browser.execute_script("""
        return [...document.querySelectorAll('figure.plot svg')].map((s) => {
          const box = s.getBoundingClientRect();
          return [s.parentNode.dataset.plot, box.width, box.height,
                  s.querySelectorAll('text').length];
        });""")
    assert [p[0] for p in plots] == ["central", "brokers", "communities", "funders", "years",
                                     "regions", "evidence"]
    assert all(width > 400 and height > 150 and texts >= 3 for _, width, height, texts in plots)
    first = browser.find_element("css selector", "#central tbody tr td:nth-child(2)").text
    assert first == content.central[0]["label"]
    central = browser.find_element("css selector", "#central svg").text
    assert content.central[0]["label"][:30] in central
    assert browser.execute_script("return document.scripts.length") == 0
    browser.execute_script("document.getElementById('central').scrollIntoView()")
    png = browser.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    if not REPORT_SCREENSHOT.is_file() or REPORT_SCREENSHOT.read_bytes() != png:
        write_atomic(REPORT_SCREENSHOT, png)
