"""The report as one HTML page (plots inline as SVG) and, on request, as a PDF.

Both come from the same :class:`~graphkit.export.report.content.ReportContent`, the same
plots (:mod:`graphkit.export.report.figures`) and the same tables (:func:`sections`). The
page is self-contained (no script, no external file: it opens without graphkit and
without a network) and every text from the data is escaped; the PDF is written by
matplotlib without creation dates, so the same data gives the same bytes.

Examples
--------
>>> from graphkit.graph.build import build_graph
>>> from graphkit.graph.views import make_view
>>> from graphkit.model.load import load_dataset
>>> from graphkit.export.report.content import report_content
>>> G = build_graph(load_dataset())
>>> page = report_html(report_content(make_view(G, territory="Lombardia"), G))
>>> page.startswith(b"<!DOCTYPE html>") and b"<script" not in page
True
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from graphkit.export.report.content import ReportContent
from graphkit.export.report.figures import PLOTS, RC, short, svg

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass
class Section:
    """One section of the report: a heading, what it shows, a plot, a table."""

    key: str
    title: str
    intro: list[str]
    plot: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def number(value: Any, digits: int = 4) -> str:
    """A figure as the report prints it: integers as they are, others to *digits*
    significant digits; ``n/a`` for a missing one.

    Examples
    --------
    >>> number(3), number(0.123456), number(None)
    ('3', '0.1235', 'n/a')
    """
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.{digits}g}"


def euros(value: float) -> str:
    """An amount in euro, with thousands separated.

    Examples
    --------
    >>> euros(1100000.0)
    '€ 1,100,000'
    """
    return f"€ {value:,.0f}"


def sections(content: ReportContent) -> list[Section]:
    """The sections of the report, in order, with their tables formatted."""
    o = content.overview
    out = [Section("view", "The view", [
        f"{o['nodes']:,} nodes and {o['ties']:,} ties (density {number(o['density'])}, "
        f"mean degree {number(o['mean_degree'], 3)}); {o['components']} component"
        f"{'s' if o['components'] != 1 else ''}, the largest of {o['largest']:,} nodes; "
        f"{o['communities']} Louvain communities, modularity {o['modularity']:.4f}.",
        "Measures as graphkit metrics computes them on this view: "
        + "; ".join(content.notes) + "."],
        columns=["type", "nodes"], rows=[[t, f"{k:,}"] for t, k in o["types"].items()])]
    out.append(Section("central", "Who is central", [
        "The actors most central in the view: by betweenness (how many shortest paths "
        "between others go through them), then weighted degree, as graphkit metrics "
        "ranks them."], "central",
        ["#", "actor", "type", "region", "betweenness", "weighted degree", "degree",
         "PageRank"],
        [[str(i), r["label"], r["type"], ", ".join(r["regions"]) or "—",
          number(r["betweenness"]), number(r["weighted_degree"]), number(r["degree"]),
          number(r["pagerank"])] for i, r in enumerate(content.central, 1)]))
    out.append(Section("brokers", "Who brokers", [
        "Brokers tie otherwise separate partners: low Burt's constraint (few of their "
        "partners are tied to each other), large effective size (non-redundant partners)."],
        "brokers",
        ["#", "actor", "type", "region", "constraint", "effective size", "betweenness"],
        [[str(i), r["label"], r["type"], ", ".join(r["regions"]) or "—",
          number(r["constraint"]), number(r["effective_size"]), number(r["betweenness"])]
         for i, r in enumerate(content.brokers, 1)]))
    out.append(Section("communities", "Communities", [
        f"Louvain communities (seed 0, as graphkit communities): {o['communities']} in all, "
        f"modularity {o['modularity']:.4f}. Members are listed most central first; what ties "
        "them are the initiatives most of them take part in."], "communities",
        ["#", "size", "members", "what ties them", "regions"],
        [[str(r["community"]), str(r["size"]),
          ", ".join(r["members"]) + (f" (+{r['more']} more)" if r["more"] else ""),
          "; ".join(f"{i['name']} ({i['members']})" for i in r["initiatives"]) or "—",
          ", ".join(f"{g['name']} ({g['members']})" for g in r["regions"]) or "—"]
         for r in content.communities]))
    funded = sum(r["amount"] for r in content.funders)
    out.append(Section("funders", "Funders and amounts", [
        f"{len(content.funders)} funders, {sum(r['grants'] for r in content.funders)} grants; "
        f"amounts stated in the sources add up to {euros(funded)} (grants without a "
        "stated amount are counted, not valued)."], "funders",
        ["funder", "type", "grants", "recipients", "stated amount", "without amount"],
        [[r["funder"], r["type"], str(r["grants"]), str(r["recipients"]), euros(r["amount"]),
          str(r["unstated"])] for r in content.funders]))
    years = content.years
    kinds = sorted({k for c in years.get("counts", {}).values() for k in c})
    out.append(Section("years", "Initiatives per year", [
        f"{years.get('total', 0)} initiatives in the view, by the year they start (their own "
        "dates, else their first dated participation); "
        f"{years.get('undated', 0)} have no date."], "years",
        ["year", *kinds, "total"],
        [[str(y), *(str(c.get(k, 0)) for k in kinds), str(sum(c.values()))]
         for y, c in years.get("counts", {}).items()]))
    regions = content.regions
    ties = regions.get("within", 0) + regions.get("across", 0)
    share = f" ({100 * regions['within'] / ties:.0f}% within)" if ties else ""
    out.append(Section("regions", "Collaborations within and across regions", [
        "Ties of the organisation view between actors of each pair of regions (ISTAT's "
        "regions, reached through the territories an actor is located in and their "
        "part_of links). An actor in several regions counts in each.",
        f"{regions.get('within', 0)} ties within a region, {regions.get('across', 0)} across "
        f"regions{share}; {regions.get('unplaced', 0)} more involve an actor whose "
        "territory the sources do not state."], "regions"))
    out.append(Section("evidence", "Evidence per actor", [
        "How many sourced relations (of the typed graph, in the same window and territory) "
        "and distinct documents stand behind each actor: a measure of how well its place "
        "in the network is documented."], "evidence",
        ["actor", "type", "sourced relations", "documents"],
        [[r["label"], r["type"], str(r["relations"]), str(r["documents"])]
         for r in content.evidence[:len(content.central) or 15]]))
    return out


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    env.globals["css"] = Markup((TEMPLATES_DIR / "report.css").read_text("utf-8"))
    return env


def report_html(content: ReportContent, title: str = "graphkit report") -> bytes:
    """The report as one self-contained HTML page (UTF-8)."""
    parts = sections(content)
    plots = {s.plot: Markup(image) for s in parts if s.plot
             and (image := svg(s.plot, content)) is not None}
    page = _environment().get_template("report.html.j2").render(
        title=title, content=content, sections=parts, plots=plots)
    return page.encode("utf-8")


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


def report_pdf(content: ReportContent, title: str = "graphkit report") -> bytes:
    """The report as a PDF, one A4 page per section (plot above, table below)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC), PdfPages(buffer, metadata={
            "Title": title, "Creator": "graphkit", "CreationDate": None}) as pdf:
        for page, section in enumerate(sections(content), 1):
            figure = Figure(figsize=(8.27, 11.69))
            figure.text(0.06, 0.965, title if page == 1 else section.title,
                        fontsize=14, weight="bold", va="top")
            text = ([section.title] if page == 1 else []) + section.intro
            figure.text(0.06, 0.93, "\n\n".join(_wrapped(t, 110) for t in text), fontsize=8,
                        va="top")
            top = 0.78 - 0.012 * sum(len(_wrapped(t, 110).splitlines()) for t in text)
            if section.plot:
                ax = figure.add_axes((0.36, top - 0.42, 0.58, 0.40) if section.plot != "years"
                                     else (0.10, top - 0.30, 0.84, 0.28))
                if not PLOTS[section.plot][0](ax, content):
                    ax.remove()
                top -= 0.5
            if section.rows:
                ax = figure.add_axes((0.04, 0.04, 0.92, max(0.05, top - 0.06)))
                ax.axis("off")
                rows = [[short(cell, 60) for cell in row] for row in section.rows[:25]]
                table = ax.table(cellText=rows, colLabels=section.columns, loc="upper center",
                                 cellLoc="left")
                table.auto_set_font_size(False)
                table.set_fontsize(6.5)
                table.auto_set_column_width(list(range(len(section.columns))))
            pdf.savefig(figure)
    return buffer.getvalue()
