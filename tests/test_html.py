"""The interactive HTML page, read as a file: self-contained, deterministic, escaped, complete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit.algorithms as gm
import graphkit.export.html.page as gh
from graphkit.cli.html import export
from graphkit.errors import GraphkitError
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.load import load_dataset
from graphkit.schema.vocabulary import NODE_TYPES, RELATIONS

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
XSS = "<img src=x onerror=alert(1)>"


def payload(page: bytes, name: str) -> object:
    """The JSON of the ``<script id="gk-NAME">`` element of a page."""
    match = re.search(rb'<script id="gk-' + name.encode() + rb'" type="application/json">(.*?)'
                      rb"</script>", page, re.DOTALL)
    assert match, f"no gk-{name} data in the page"
    return json.loads(match.group(1))


def render(G: nx.MultiDiGraph, metrics: dict | None = None, *, view: str = "full",
           include_persons: bool = False, **options: object) -> bytes:
    """The page of a view of *G*, as ``graphkit export html`` makes it."""
    return gh.render_html(make_view(G, view, include_persons=include_persons), G, metrics,
                          **options)


@pytest.fixture(scope="module")
def mini_graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset(MINI_DIR))


@pytest.fixture(scope="module")
def mini_page(mini_graph: nx.MultiDiGraph) -> bytes:
    return render(mini_graph, include_persons=True)


def xss_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(documents={"d<1>": {"title": "</script><script>alert(2)</script>",
                                            "date": "2024-01-01"}})
    G.add_node("x", label=XSS, type="cooperative", group="organisation",
               aliases=("\u2028<!--",), territories=())
    G.add_node("p", label="P & <b>Q</b>", type="project", group="initiative", territories=())
    G.add_edge("x", "p", key="r1", relation="partner_of", source_document="d<1>",
               date="2024", paragraph=1, span=(0, 5), role="<i onmouseover=alert(3)>")
    return G


def test_page_is_self_contained(mini_page: bytes):
    text = mini_page.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", text, re.IGNORECASE)
    assert not re.search(r"<link\b", text, re.IGNORECASE)
    assert "bootstrap" not in text.lower()
    assert "sourceMappingURL" not in text
    assert "vis-network" in text and "new vis.Network" in text


def test_same_data_gives_same_bytes(mini_graph: nx.MultiDiGraph, mini_page: bytes):
    assert render(mini_graph, include_persons=True) == mini_page


def test_every_node_and_edge_is_in_the_page(mini_graph: nx.MultiDiGraph, mini_page: bytes):
    nodes, edges = payload(mini_page, "nodes"), payload(mini_page, "edges")
    assert sorted(n["id"] for n in nodes) == sorted(mini_graph)
    assert len(edges) == mini_graph.number_of_edges()
    funding = next(e for e in edges if e["rel"] == "funds")
    assert (funding["doc"], funding["date"], funding["par"], funding["amount"], funding["cur"]) \
        == ("doc1", "2024-05-10", 2, "50000.00", "EUR")
    assert payload(mini_page, "meta")["documents"]["doc1"]["title"] == "A test document"


def test_styles_come_from_the_vocabulary(mini_page: bytes):
    meta = payload(mini_page, "meta")
    for entry in meta["legend"]["types"]:
        assert entry["color"] == NODE_TYPES[entry["name"]].color
        assert entry["shape"] == gh.shape_of(entry["name"])
    for entry in meta["legend"]["relations"]:
        assert entry["color"] == RELATIONS[entry["name"]].color
        assert entry["dashes"] == RELATIONS[entry["name"]].dashes
    groups = payload(mini_page, "options")["groups"]
    assert groups["cooperative"]["color"]["background"] == NODE_TYPES["cooperative"].color
    assert {gh.shape_of(t) for t in ("cooperative", "project", "programme", "territory",
                                     "person")} == {"dot", "diamond", "square", "triangle", "star"}


def test_text_from_the_data_cannot_break_out_of_the_script():
    page = render(xss_graph())
    for raw in (XSS, "</script><script>", "<i onmouseover", "<!--", "<b>Q</b>", "\u2028"):
        assert raw.encode() not in page
    nodes = payload(page, "nodes")
    assert {n["label"] for n in nodes} == {XSS, "P & <b>Q</b>"}
    assert payload(page, "edges")[0]["role"] == "<i onmouseover=alert(3)>"


def test_script_json_escapes():
    assert gh.script_json("a</script>&\u2029") == "a\\u003c/script\\u003e\\u0026\\u2029"


def test_size_by_and_measures(mini_graph: nx.MultiDiGraph):
    page = render(mini_graph, size_by="degree", include_persons=True)
    nodes = {n["id"]: n for n in payload(page, "nodes")}
    meta = payload(page, "meta")
    degree = meta["measures"].index("degree")
    top = max(nodes.values(), key=lambda n: n["m"][degree])
    assert top["size"] == max(n["size"] for n in nodes.values())
    with pytest.raises(GraphkitError, match="cannot size by"):
        render(mini_graph, size_by="closeness")


def test_a_large_view_is_sized_by_measures_sampled_as_graphkit_metrics_samples_them(
        monkeypatch):
    G = build_graph(load_dataset())  # the embedded dataset: 57 organisations
    monkeypatch.setattr("graphkit.algorithms.centrality.EXACT_UP_TO", 10)
    monkeypatch.setattr("graphkit.algorithms.centrality.DEFAULT_K", 20)
    page = render(G, view="orgs")
    meta = payload(page, "meta")
    k = gm.default_k(make_view(G, "orgs"))
    assert k == 20 and gm.sampling_note("betweenness", k) in meta["notes"]
    table = gm.metrics_table(make_view(G, "orgs"), ["betweenness"], k=k)
    column = meta["measures"].index("betweenness")
    shown = {n["id"]: n["m"][column] for n in payload(page, "nodes")}
    assert shown == {r["id"]: gh._rounded(r["betweenness"]) for r in table.rows}


def test_given_metrics_are_used(mini_graph: nx.MultiDiGraph):
    given = {"pagerank": {n: (1.0 if n == "fondo-x" else 0.0) for n in mini_graph}}
    nodes = {n["id"]: n for n in payload(render(mini_graph, given, size_by="pagerank"),
                                         "nodes")}
    assert nodes["fondo-x"]["size"] == 40.0 and nodes["cgil"]["size"] == 8.0


def test_focus_keeps_the_ego_network(mini_graph: nx.MultiDiGraph):
    page = render(mini_graph, focus="CGIL Lucca", depth=1)
    ids = {n["id"] for n in payload(page, "nodes")}
    assert ids == {"cgil-lucca", "cgil", "progetto-uno", "patto-lavoro"}
    assert payload(page, "meta")["focus"] == "cgil-lucca"
    with pytest.raises(GraphkitError, match="no entity named"):
        render(mini_graph, focus="nobody at all")


@pytest.mark.parametrize("view", ["orgs", "bipartite"])
def test_other_views_render(mini_graph: nx.MultiDiGraph, view: str):
    page = render(mini_graph, view=view)
    meta = payload(page, "meta")
    assert meta["view"].startswith(f"view {view}") and meta["directed"] is False
    assert all(e["rel"] in RELATIONS or e["rel"] == gh.SHARED for e in payload(page, "edges"))


def test_too_large_a_view_says_what_to_export(mini_graph, monkeypatch):
    monkeypatch.setattr(gh, "MAX_NODES", 3)
    with pytest.raises(GraphkitError, match="organisations rolled up to their parents"):
        render(mini_graph)


def test_territory_filter_data(mini_page: bytes):
    nodes = {n["id"]: n for n in payload(mini_page, "nodes")}
    assert nodes["comune-lucca"]["in"] == ["istat-046", "t-lucca", "t-toscana"]
    assert nodes["t-lucca"]["in"] == ["istat-046", "t-lucca", "t-toscana"]
    assert ["t-toscana", "Toscana", "region"] in payload(mini_page, "meta")["territories"]


def test_cli_writes_the_page(mini_data: Path, tmp_path: Path):
    out = tmp_path / "g.html"
    result = CliRunner().invoke(export, ["html", "--data", str(mini_data), "--out", str(out),
                                         "--size-by", "betweenness", "--include-persons"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and out.stat().st_size > 100_000
    assert payload(out.read_bytes(), "meta")["size_by"] == "betweenness"
    failed = CliRunner().invoke(export, ["html", "--data", str(mini_data), "--out",
                                         str(tmp_path / "f.html"), "--focus", "nobody at all"])
    assert failed.exit_code == 1 and "no entity named" in failed.output
    assert not (tmp_path / "f.html").exists()


def shown_in_window(page: bytes, since: str, until: str) -> tuple[set[str], int]:
    """The nodes and the number of edges the page shows for a window with undated items
    hidden, evaluated as graph.js evaluates the page's time conditions."""
    from graphkit.graph.views import date_bounds

    nodes, edges, meta = payload(page, "nodes"), payload(page, "edges"), payload(page, "meta")
    lo, hi = date_bounds(since)[0], date_bounds(until)[1]
    in_window = [a <= hi and b >= lo for a, b in meta["time"]["spans"]]

    def ok(t: object) -> bool:
        if t is None:
            return True
        if isinstance(t, int):
            return t >= 0 and in_window[t]
        return any(all(c >= 0 and in_window[c] for c in condition) for condition in t)

    candidates = {n["id"] for n in nodes if ok(n.get("t"))}
    kept = [e for e in edges if e["from"] in candidates and e["to"] in candidates
            and ok(e.get("t"))]
    territories = {n["id"] for n in nodes if n["group"] == "territory"}
    active = {x for e in kept if e["rel"] not in meta["structural"] for x in (e["from"], e["to"])}
    visible = active | (candidates & territories)
    return visible, sum(1 for e in kept if e["from"] in visible and e["to"] in visible)


@pytest.mark.parametrize("view", ["orgs", "bipartite", "full"])
def test_time_conditions_give_the_windowed_view(view: str):
    G = build_graph(load_dataset())
    persons = view == "full"
    page = gh.render_html(make_view(G, view, include_persons=persons), G)
    meta = payload(page, "meta")["time"]
    assert meta["unit"] == "month" and meta["undated"]["edges"] > 0
    for since, until in (("2008", "2015"), ("2016", "2018"), ("2019-03", "2020-06"),
                         ("2024", "2024"), ("2021-03", "2021-06")):
        W = make_view(G, view, since=since, until=until, include_persons=persons)
        assert shown_in_window(page, since, until) == (set(W), W.number_of_edges())


def test_build_writes_both_pages_each_linking_to_the_other(mini_graph: nx.MultiDiGraph):
    from graphkit.export.build import export_files

    files = dict(export_files(load_dataset(MINI_DIR), mini_graph))
    orgs, full = payload(files["graph.html"], "meta"), payload(files["graph-full.html"], "meta")
    assert orgs["other"] == {"href": "graph-full.html", "label": "the typed graph"}
    assert full["other"] == {"href": "graph.html", "label": "the organisation view"}
    assert orgs["view"].startswith("view orgs") and full["view"].startswith("view full")
    assert orgs["measures"][:3] == list(gh.SIZE_MEASURES)
    assert set(orgs["measures"]) == set(gm.MEASURES)  # every measure the build computed
    table = gm.metrics_table(make_view(mini_graph), k=None)
    community = {r["id"]: r["community"] for r in table.rows}
    assert {n["id"]: n["c"] for n in payload(files["graph.html"], "nodes")} == community


def test_any_given_measure_can_size_the_page(mini_graph: nx.MultiDiGraph):
    given = {"constraint": {n: 0.5 for n in mini_graph}}
    meta = payload(render(mini_graph, given, size_by="constraint"), "meta")
    assert meta["measures"] == [*gh.SIZE_MEASURES, "constraint"]
    assert meta["size_by"] == "constraint"


def test_a_view_without_dates_has_no_time_slider():
    G = nx.MultiDiGraph(documents={})
    for node in ("a", "b"):
        G.add_node(node, label=node, type="cooperative", group="organisation", territories=())
    G.add_node("p", label="P", type="project", group="initiative", territories=())
    G.add_edge("a", "p", key="r1", relation="partner_of")
    G.add_edge("b", "p", key="r2", relation="partner_of")
    meta = payload(render(G, view="orgs"), "meta")
    assert meta["time"] is None
    dated = nx.MultiDiGraph(G)
    dated.nodes["p"]["start_date"] = "2020"
    assert payload(render(dated, view="orgs"), "meta")["time"] == {
        "unit": "year", "from": "2020", "to": "2020", "spans": [[20200101, 20201231]],
        "undated": {"nodes": 0, "edges": 0}}
