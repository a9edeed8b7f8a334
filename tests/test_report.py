"""`graphkit report`: its figures agree with `graphkit metrics` and `communities`, it is
self-contained and escaped, and the same data gives the same bytes (HTML and PDF)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.export.report.content import actor_regions, report_content
from graphkit.export.report.render import report_html, report_pdf, sections
from graphkit.graph.build import build_graph
from graphkit.graph.views import make_view
from graphkit.model.load import load_dataset

XSS = "<img src=x onerror=alert(1)>"


def cli_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_dataset())


@pytest.mark.parametrize("territory", ["Toscana", "Lombardia"])
def test_report_figures_agree_with_graphkit_metrics_and_communities(graph, territory):
    content = report_content(make_view(graph, territory=territory), graph)
    rows = cli_json("metrics", "--territory", territory)
    assert [(r["id"], r["betweenness"], r["weighted_degree"], r["pagerank"])
            for r in content.central] == [
        (r["id"], r["betweenness"], r["weighted_degree"], r["pagerank"]) for r in rows[:15]]
    brokers = cli_json("metrics", "--territory", territory, "--sort", "constraint")
    assert [(r["id"], r["constraint"], r["effective_size"]) for r in content.brokers] == [
        (r["id"], r["constraint"], r["effective_size"]) for r in brokers[:15]]
    assert content.overview["nodes"] == len(rows)
    communities = cli_json("communities", "--territory", territory)
    assert [c["size"] for c in content.communities] == [c["size"] for c in communities][:12]
    labels = {r["id"]: r["label"] for r in rows}
    for described, listed in zip(content.communities, communities, strict=False):
        assert set(described["members"]) <= {labels[i] for i in listed["ids"]}
    ties = int(re.search(r"(\d+) ties", content.notes[1]).group(1))
    assert content.overview["ties"] == ties
    n = content.overview["nodes"]
    assert content.overview["density"] == pytest.approx(2 * ties / (n * (n - 1)))


def test_the_report_tells_toscana_from_lombardia(graph):
    pages = {t: report_html(report_content(make_view(graph, territory=t), graph), t)
             for t in ("Toscana", "Lombardia")}
    assert pages["Toscana"] != pages["Lombardia"]
    assert b"territory Toscana" in pages["Toscana"] and b"Regione Toscana" in pages["Toscana"]
    assert b"territory Lombardia" in pages["Lombardia"]


def test_funders_years_regions_and_evidence_follow_the_data(graph):
    V = make_view(graph)
    content = report_content(V, graph)
    funds = [d for *_, d in graph.edges(data=True) if d["relation"] == "funds"]
    assert sum(r["grants"] for r in content.funders) == len(funds)
    assert sum(r["amount"] for r in content.funders) == pytest.approx(
        sum(float(d["amount"]) for d in funds if d.get("amount") is not None))
    years = content.years
    assert sum(sum(c.values()) for c in years["counts"].values()) + years["undated"] \
        == years["total"] == sum(1 for _, g in make_view(graph, "full").nodes(data="group")
                                 if g == "initiative")
    regions = content.regions
    matrix = regions["matrix"]
    assert matrix == [list(row) for row in zip(*matrix, strict=True)]  # symmetric
    placed = actor_regions(graph)
    assert all(len(placed[n]) <= 1 for n in V)  # so each tie is counted once
    upper = sum(matrix[i][j] for i in range(len(matrix)) for j in range(i, len(matrix)))
    assert upper + regions["unplaced"] == V.number_of_edges()
    assert regions["within"] == sum(matrix[i][i] for i in range(len(matrix)))
    top = content.evidence[0]
    touching = [d for u, v, d in make_view(graph, "full").edges(data=True)
                if top["id"] in (u, v) and d.get("source_document")]
    assert top["relations"] == len(touching)
    assert top["documents"] == len({d["source_document"] for d in touching})


@pytest.mark.parametrize("matrix", [[[38]], [[5, 5], [5, 5]], [[0, 2], [2, 9]]])
def test_every_count_of_the_regions_matrix_is_legible(matrix):
    """One region's single cell was drawn in the palest blue with its count in white."""
    from types import SimpleNamespace

    from matplotlib.figure import Figure

    from graphkit.export.report.figures import draw_regions

    ax = Figure().subplots()
    labels = [f"Regione {i}" for i in range(len(matrix))]
    assert draw_regions(ax, SimpleNamespace(regions={"labels": labels, "matrix": matrix}))
    image = ax.images[0]
    for text in ax.texts:
        x, y = (round(v) for v in text.get_position())
        red, green, blue, _ = image.cmap(image.norm(matrix[y][x]))
        cell = 0.299 * red + 0.587 * green + 0.114 * blue
        ink = 1.0 if text.get_color() == "white" else 0.0
        assert abs(cell - ink) > 0.4, (matrix, text.get_text())


def test_report_is_self_contained_escaped_and_the_same_bytes_each_time(graph):
    G = graph.copy()
    G.nodes["regione-toscana"]["label"] = XSS
    content = report_content(make_view(G, territory="Toscana"), G)
    page = report_html(content, "report <b>x</b>")
    assert page == report_html(report_content(make_view(G, territory="Toscana"), G),
                               "report <b>x</b>")
    text = page.decode("utf-8")
    assert XSS not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<b>x</b>" not in text
    assert not re.search(r"<(script|img|iframe|link)\b", text, re.IGNORECASE)
    assert not re.search(r"(src|href)=\"https?:", text)
    plots = re.findall(r'<figure class="plot" data-plot="(\w+)">\s*<svg', text)
    assert plots == ["central", "brokers", "communities", "funders", "years", "regions",
                     "evidence"]
    assert "<dc:date>" not in text  # no date in the SVG metadata
    assert [s.key for s in sections(content)] == ["view", *plots]


def test_report_pdf_is_a_pdf_and_the_same_bytes_each_time(graph):
    content = report_content(make_view(graph, territory="Lombardia"), graph)
    pdf = report_pdf(content, "Lombardia")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf == report_pdf(content, "Lombardia")
    assert b"/CreationDate" not in pdf
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == len(sections(content))


def test_cli_writes_the_report_and_its_pdf(tmp_path: Path):
    out, pdf = tmp_path / "toscana.html", tmp_path / "toscana.pdf"
    result = CliRunner().invoke(main, ["report", "--territory", "Toscana", "--since", "2015",
                                       "--out", str(out), "--pdf", str(pdf), "--top", "5"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and out.stat().st_size > 20_000
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = out.read_text("utf-8")
    assert "view orgs, level local, window since 2015, territory Toscana" in text
    assert len(re.findall(r"<tr><td>\d+</td>", text.split('id="central"')[1]
                          .split("</section>")[0])) == 5
    failed = CliRunner().invoke(main, ["report", "--territory", "Nowhere at all",
                                       "--out", str(tmp_path / "x.html")])
    assert failed.exit_code == 1 and not (tmp_path / "x.html").exists()
