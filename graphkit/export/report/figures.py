"""The report's plots, drawn with matplotlib, the same bytes for the same data.

Each ``draw_*`` function draws one plot of a :class:`~graphkit.export.report.content.ReportContent`
on a matplotlib ``Axes`` and says whether there was anything to draw; :func:`svg` makes an
SVG of it for the HTML page, and the PDF pages call the same functions. matplotlib runs
without pyplot (no backend, no window) under :data:`RC`: a fixed ``svg.hashsalt``, text
kept as text (``svg.fonttype: none``), no mathtext (a ``$`` in a name stays a ``$``), and
the SVG is saved without a date, so the same data gives the same bytes.

Examples
--------
>>> from matplotlib.figure import Figure
>>> ax = Figure().subplots()
>>> draw_bars(ax, ["a", "b"], [2.0, 1.0], "count")
True
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from graphkit.export.report.content import ReportContent
from graphkit.schema.vocabulary import NODE_TYPES

#: matplotlib settings every plot is drawn under.
RC = {
    "svg.hashsalt": "graphkit",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "path.simplify": True,
}
#: Colour of the bars.
BAR = "#3b6ea5"
#: Longest label drawn on an axis (longer ones end with an ellipsis).
LABEL_CHARS = 42
_TYPE_COLOURS = {t.label_en: t.color for t in NODE_TYPES.values()}
_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """*text* cut to *limit* characters, with an ellipsis when cut.

    Examples
    --------
    >>> short("Confederazione Generale Italiana del Lavoro", 20)
    'Confederazione Gene…'
    """
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def draw_bars(ax: Axes, labels: Sequence[str], values: Sequence[float], xlabel: str,
              fmt: str = "{:.3g}") -> bool:
    """Horizontal bars, first label on top, each with its value written at its end."""
    if not labels:
        return False
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=BAR, height=0.7)
    ax.set_yticks(positions, [short(x) for x in labels])
    ax.set_xlabel(xlabel)
    top = max(values) if values else 0
    for y, value in zip(positions, values, strict=True):
        ax.text(value + top * 0.01, y, fmt.format(value), va="center", fontsize=8)
    ax.set_xlim(0, top * 1.15 if top > 0 else 1)
    ax.tick_params(axis="y", length=0)
    return True


def draw_central(ax: Axes, content: ReportContent) -> bool:
    rows = content.central
    return draw_bars(ax, [r["label"] for r in rows], [r["betweenness"] or 0.0 for r in rows],
                     "betweenness (share of shortest paths through the actor)")


def draw_brokers(ax: Axes, content: ReportContent) -> bool:
    rows = content.brokers
    return draw_bars(ax, [r["label"] for r in rows], [r["constraint"] for r in rows],
                     "Burt's constraint (lower: more of a broker)")


def draw_communities(ax: Axes, content: ReportContent) -> bool:
    rows = content.communities
    return draw_bars(ax, [f"{r['community']}: {r['members'][0]}" for r in rows],
                     [r["size"] for r in rows], "members", fmt="{:.0f}")


def draw_funders(ax: Axes, content: ReportContent) -> bool:
    rows = [r for r in content.funders if r["amount"] > 0][:15]
    return draw_bars(ax, [r["funder"] for r in rows], [r["amount"] / 1e6 for r in rows],
                     "stated amounts, million EUR", fmt="{:.2f}")


def draw_years(ax: Axes, content: ReportContent) -> bool:
    counts = content.years.get("counts", {})
    if not counts:
        return False
    years = list(range(min(counts), max(counts) + 1))
    kinds = sorted({k for c in counts.values() for k in c})
    bottom = [0] * len(years)
    for kind in kinds:
        heights = [counts.get(y, {}).get(kind, 0) for y in years]
        ax.bar(years, heights, bottom=bottom, label=kind, color=_TYPE_COLOURS.get(kind, BAR),
               edgecolor="white", linewidth=0.5)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_ylabel("initiatives starting")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xticks(years, [str(y) if (y - years[0]) % max(1, len(years) // 12) == 0 else ""
                          for y in years])
    ax.legend(frameon=False, fontsize=8)
    return True


def draw_regions(ax: Axes, content: ReportContent) -> bool:
    labels, matrix = content.regions.get("labels", []), content.regions.get("matrix", [])
    if not labels:
        return False
    top = max((v for row in matrix for v in row), default=0)
    # from 0, so that the darkest cell is the largest count even when every cell holds the
    # same one (imshow would scale one region's single cell to its palest colour)
    ax.imshow(matrix, cmap="Blues", aspect="equal", vmin=0, vmax=max(top, 1))
    ticks = list(range(len(labels)))
    ax.set_xticks(ticks, [short(x, 24) for x in labels], rotation=60, ha="right")
    ax.set_yticks(ticks, [short(x, 24) for x in labels])
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                        color="white" if value > top / 2 else "#222222")
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    return True


def draw_evidence(ax: Axes, content: ReportContent) -> bool:
    counts = [r["relations"] for r in content.evidence]
    if not counts:
        return False
    top = max(counts)
    bins = list(range(0, top + 2)) if top <= 40 else 40
    ax.hist(counts, bins=bins, color=BAR, edgecolor="white", linewidth=0.5)
    ax.set_xlabel("sourced relations of an actor")
    ax.set_ylabel("actors")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return True


#: The plots of a report: name → (drawing function, width and height in inches).
PLOTS: dict[str, tuple[Callable[[Axes, ReportContent], bool], tuple[float, float]]] = {
    "central": (draw_central, (7.0, 4.2)),
    "brokers": (draw_brokers, (7.0, 4.2)),
    "communities": (draw_communities, (7.0, 3.6)),
    "funders": (draw_funders, (7.0, 4.0)),
    "years": (draw_years, (7.0, 3.2)),
    "regions": (draw_regions, (7.0, 6.4)),
    "evidence": (draw_evidence, (7.0, 3.0)),
}


def svg(name: str, content: ReportContent) -> str | None:
    """The plot *name* of :data:`PLOTS` as an SVG element (no XML prolog), or None when
    there is nothing to draw."""
    draw, size = PLOTS[name]
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=size)
        if not draw(figure.subplots(), content):
            return None
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _PROLOG.sub("", buffer.getvalue(), count=1)
