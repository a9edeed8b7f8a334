"""The interactive HTML graph: one self-contained, offline, deterministic page.

pyvis is used here and nowhere else. Its node and edge lists are filled
directly (``Network.from_nx`` is quadratic in the number of edges) and the page
comes from graphkit's own Jinja template (``graphkit/templates/graph.html.j2``),
which inlines vis-network 9.1.2 from pyvis's package files, graphkit's CSS and
JavaScript, and the data: no CDN, no bootstrap, nothing fetched.

What the page shows:

* nodes coloured by type (:data:`graphkit.schema.vocabulary.NODE_TYPES`), shaped by family
  (:data:`GROUP_SHAPES`, programmes apart from projects), sized by a centrality
  of :data:`SIZE_MEASURES` computed on the view;
* edges coloured and dashed by relation (:data:`graphkit.schema.vocabulary.RELATIONS`),
  with arrows in the directed ``full`` view;
* a legend that filters node types and relations, a territory filter, a
  "hide persons" switch, a search by name or alias, an ego-network focus and a
  physics switch; hovering shows a tooltip and clicking fills a side panel with
  the node's type, territory, parent, measures and relations, or the edge's
  relation, role, amount and its evidence (source document, date, paragraph).

Every text that came from the data is written into the DOM as text
(``textContent``), never as HTML, and the JSON embedded in ``<script>`` escapes
``<``, ``>``, ``&``, U+2028 and U+2029 (:func:`script_json`).

The layout is computed in Python (igraph's Fruchterman-Reingold from a seeded
start, coordinates rounded), physics is off by default and there is no
stabilisation loop, so the same data gives the same bytes and large graphs
draw at once.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="A", type="cooperative", group="organisation", territories=())
>>> G.add_node("p", label="P", type="project", group="initiative", territories=())
>>> _ = G.add_edge("a", "p", relation="partner_of", source_document="d1", date="2024")
>>> from graphkit.graph.views import make_view
>>> page = render_html(make_view(G, "full"), G)
>>> page.startswith(b"<!DOCTYPE html>") and b"https://cdn" not in page
True
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import defaultdict
from collections.abc import Hashable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

import graphkit.algorithms as gm
from graphkit.errors import GraphkitError
from graphkit.export.html import MAX_EDGES, MAX_NODES, SMALLER_VIEW
from graphkit.export.html.timeline import Activity, activity
from graphkit.graph.build import edges_of
from graphkit.graph.lookup import find_in_view
from graphkit.graph.territories import enclosing_territories
from graphkit.graph.views import STRUCTURAL
from graphkit.schema.vocabulary import NODE_TYPES, PROPERTIES, RELATIONS, Group, Rel

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "graph.html.j2"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"

#: Centralities every page carries (computed on the view when not given); the page can be
#: sized by these and by any other measure of :data:`graphkit.algorithms.MEASURES` given.
SIZE_MEASURES = ("pagerank", "betweenness", "degree")
#: How the page can colour its nodes.
COLOUR_MODES = ("type", "community", "region", "level")

#: vis-network shape of each family of node types; programmes get their own.
GROUP_SHAPES: dict[Group, str] = {
    Group.ORGANISATION: "dot",
    Group.INITIATIVE: "diamond",
    Group.TERRITORY: "triangle",
    Group.PERSON: "star",
}
TYPE_SHAPES: dict[str, str] = {NODE_TYPES["programme"].name: "square"}

#: Edge styles of the ``orgs`` projection, whose ties are not relations of the vocabulary.
SHARED = "shared_initiatives"
SHARED_STYLE = {"label_en": "take part in the same initiatives",
                "label_it": "partecipano alle stesse iniziative",
                "color": RELATIONS[Rel.PARTNER_OF].color, "dashes": False}

_MIN_SIZE, _MAX_SIZE = 8.0, 40.0
_EDGE_LENGTH = 150.0
_KAMADA_KAWAI_UP_TO = 400
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")
_SOURCE_MAP = re.compile(r"//# sourceMappingURL=\S+\s*$")


def shape_of(node_type: str) -> str:
    """The vis-network shape drawn for a node type.

    Examples
    --------
    >>> shape_of("cooperative"), shape_of("project"), shape_of("programme")
    ('dot', 'diamond', 'square')
    """
    return TYPE_SHAPES.get(node_type) or GROUP_SHAPES[NODE_TYPES[node_type].group]


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value) if not isinstance(value, tuple) else list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def script_json(value: Any) -> str:
    """Serialise *value* as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026`` (so no
    ``</script>`` or ``<!--`` can close or confuse the element) and the line
    separators U+2028 and U+2029 are escaped too. A string is taken as JSON
    text already and only escaped.

    Examples
    --------
    >>> script_json({"label": "</script><img src=x>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = value if isinstance(value, str) else json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


@cache
def _assets() -> dict[str, Markup]:
    """vis-network's files from pyvis, and graphkit's own CSS and JavaScript, for inlining."""
    files = {
        "vis_js": _SOURCE_MAP.sub("", (VIS_DIR / "vis-network.min.js").read_text("utf-8")),
        "vis_css": (VIS_DIR / "vis-network.css").read_text("utf-8"),
        "app_js": (TEMPLATES_DIR / "graph.js").read_text("utf-8"),
        "app_css": (TEMPLATES_DIR / "graph.css").read_text("utf-8"),
    }
    for name, text in files.items():
        if re.search(r"</(script|style)", text, re.IGNORECASE):
            raise GraphkitError(f"{name} cannot be inlined: it contains a closing tag")
    return {name: Markup(text) for name, text in files.items()}


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      keep_trailing_newline=True)
    env.filters["scriptjson"] = lambda value: Markup(script_json(value))
    env.globals.update(_assets())
    return env


# --- layout and measures ------------------------------------------------------------


def layout(G: nx.Graph, seed: int = 0) -> dict[Hashable, tuple[int, int]]:
    """Deterministic positions of the nodes of *G*, in vis-network pixels.

    igraph's Fruchterman-Reingold (grid-based above 1,000 nodes) runs from a
    start drawn with ``random.Random(seed)``; the result is scaled so that the
    median edge is about 120 px long, centred, and rounded to integers.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3))
    >>> pos == layout(nx.path_graph(3)) and all(isinstance(x, int) for x, _ in pos.values())
    True
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                    for u, v in G.edges() if u != v})
    graph = ig.Graph(n=n, edges=pairs)
    rng = random.Random(seed)
    radius = math.sqrt(n)
    start = [[rng.uniform(-radius, radius), rng.uniform(-radius, radius)] for _ in range(n)]
    with gm.seeded_igraph(seed):
        coords = graph.layout_fruchterman_reingold(seed=start, niter=500 if n <= 5000 else 300,
                                                   grid="auto").coords
        if n <= _KAMADA_KAWAI_UP_TO:
            coords = graph.layout_kamada_kawai(seed=coords).coords
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in pairs)
    median = lengths[len(lengths) // 2] if lengths else 1.0
    scale = _EDGE_LENGTH / median if median > 0 else _EDGE_LENGTH
    cx = sum(x for x, _ in coords) / n
    cy = sum(y for _, y in coords) / n
    return {node: (round((x - cx) * scale), round((y - cy) * scale))
            for node, (x, y) in zip(nodes, coords, strict=True)}


def _measures(V: nx.Graph, given: Mapping[str, Mapping[Hashable, float]] | None
              ) -> tuple[dict[str, Mapping[Hashable, float]], list[str]]:
    """The measures of :data:`SIZE_MEASURES` for the view, reusing *given* ones, followed
    by every other measure given (in the order of :data:`graphkit.algorithms.MEASURES`)."""
    given = given or {}
    values: dict[str, Mapping[Hashable, float]] = {}
    notes = []
    missing = [name for name in SIZE_MEASURES if name not in given]
    engine = gm.prepared(V) if missing else None
    k = gm.default_k(V)  # sampled as `graphkit metrics` samples the same view
    for name in SIZE_MEASURES:
        if name in given:
            values[name] = given[name]
            continue
        measure = gm.MEASURES[name]
        if measure.sampled:
            values[name] = measure.function(engine, k=k, seed=0)
            if k is not None and k < V.number_of_nodes():
                notes.append(gm.sampling_note(name, k))
        else:
            values[name] = measure.function(engine)
    values.update((name, given[name]) for name in gm.MEASURES
                  if name in given and name not in values)
    return values, notes


def _communities(V: nx.Graph, given: Mapping[str, Mapping[Hashable, float]] | None
                 ) -> Mapping[Hashable, int]:
    """Each node's Louvain community (1 = the largest), seed 0, as ``graphkit communities``
    finds them on the same view; the given ones when the build computed them."""
    if given and gm.COMMUNITY in given:
        return given[gm.COMMUNITY]
    if V.number_of_nodes() < 2 or V.number_of_edges() == 0:
        return dict.fromkeys(V, 1)
    return gm.communities(V, seed=0).membership


def _rounded(value: float | None) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, int) else float(f"{value:.6g}")


def ego_nodes(G: nx.Graph, node: Hashable, depth: int) -> set[Hashable]:
    """The nodes within *depth* hops of *node*, whatever the direction of the edges.

    Examples
    --------
    >>> sorted(ego_nodes(nx.path_graph(5), 2, 1))
    [1, 2, 3]
    """
    if depth < 0:
        raise GraphkitError(f"the depth around an actor must be 0 or more (got {depth})")
    seen, frontier = {node}, [node]
    for _ in range(depth):
        nxt = []
        for current in frontier:
            neighbours = (nx.all_neighbors(G, current) if G.is_directed()
                          else G.neighbors(current))
            for other in neighbours:
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return seen


def _focus(G: nx.MultiDiGraph, V: nx.Graph, name: str, level: str, depth: int) -> nx.Graph:
    node = find_in_view(G, V, name, level)
    H = V.subgraph(ego_nodes(V, node, depth)).copy()
    H.graph["focus"] = node
    return H


# --- payload ------------------------------------------------------------------------


def _part_of(G: nx.MultiDiGraph) -> list[tuple[str, str]]:
    return [(u, v) for u, v, d in edges_of(G) if d.get("relation") == Rel.PART_OF]


def _territory_closure(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """For each territory, itself and every territory it lies within (``part_of``)."""
    places = [node for node, group in G.nodes(data="group") if group == Group.TERRITORY.value]
    return {place: sorted(within)
            for place, within in enclosing_territories(_part_of(G), places).items()}


def _node_record(node: str, attrs: Mapping[str, Any], xy: tuple[int, int], size: float,
                 measures: list[float | int | None], closure: Mapping[str, list[str]],
                 G: nx.MultiDiGraph) -> dict[str, Any]:
    record: dict[str, Any] = {"id": node, "label": str(attrs.get("label", node)),
                              "group": attrs.get("type", "organisation"),
                              "x": xy[0], "y": xy[1], "size": size, "m": measures}
    located = [t for t in attrs.get("territories", ()) if t in closure]
    within = sorted({a for t in located for a in closure[t]} | set(closure.get(node, ())))
    if within:
        record["in"] = within
    if located:
        record["loc"] = located
    parent = attrs.get("parent")
    if parent is not None:
        record["parent"] = [parent, str(G.nodes[parent].get("label", parent))
                            if parent in G else parent]
    for key, short in (("aliases", "aliases"), ("documents", "docs"), ("branches", "branches")):
        if attrs.get(key):
            record[short] = list(attrs[key])
    if attrs.get("level"):
        record["level"] = attrs["level"]
    if attrs.get("identifiers"):
        record["ids"] = dict(sorted(attrs["identifiers"].items()))
    facts = {p: attrs[p] for p in PROPERTIES if attrs.get(p) is not None}
    if facts:
        record["facts"] = facts
    return record


_EVIDENCE = (("source_document", "doc"), ("date", "date"), ("paragraph", "par"),
             ("span", "span"), ("role", "role"), ("amount", "amount"), ("currency", "cur"),
             ("start", "start"), ("end", "end"), ("note", "note"))


class _Spans:
    """The distinct intervals of a page, numbered: the page refers to them by number."""

    def __init__(self) -> None:
        self.index: dict[tuple[int, int], int] = {}

    def code(self, span: tuple[int, int] | None) -> int:
        """The number of *span*, or -1 for an undated one."""
        return -1 if span is None else self.index.setdefault(span, len(self.index))

    def encode(self, conditions: list[tuple]) -> int | list[list[int]]:
        """One interval as its number; else a list of conditions, each a list of numbers."""
        if len(conditions) == 1 and len(conditions[0]) == 1:
            return self.code(conditions[0][0])
        return [[self.code(span) for span in condition] for condition in conditions]

    def table(self) -> list[list[int]]:
        return [list(span) for span in self.index]


def _edge_records(V: nx.Graph, times: Activity, spans: _Spans) -> list[dict[str, Any]]:
    """One record per edge of the view, in a stable order, with its evidence and when it
    is active (``t``, see :mod:`graphkit.export.html.timeline`)."""
    records = []
    if V.is_multigraph():
        items = sorted(V.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]),
                                                                        str(e[2])))
        edges = [((u, v, k), u, v, d) for u, v, k, d in items]
    else:
        edges = sorted((((u, v), min(u, v, key=str), max(u, v, key=str), d)
                        for u, v, d in V.edges(data=True)), key=lambda e: (str(e[1]), str(e[2])))
    order = list(RELATIONS)
    for i, (key, u, v, d) in enumerate(edges):
        record: dict[str, Any] = {"id": i, "from": u, "to": v}
        if "relation" in d:
            record["rel"] = d["relation"]
            for name, short in _EVIDENCE:
                if d.get(name) is not None:
                    record[short] = d[name]
            if d.get("confidence") not in (None, "stated"):
                record["conf"] = d["confidence"]
            if d.get("method") not in (None, "manual"):
                record["method"] = d["method"]
        elif "relations" in d:
            rels = sorted(d["relations"], key=lambda r: order.index(r) if r in order else 99)
            record["rel"] = rels[0]
            record["rels"] = rels
        else:
            ties = list(d.get("ties", ()))
            shared = int(d.get("shared", 0))
            record["rel"] = ties[0] if shared == 0 and len(ties) == 1 else SHARED
            record["weight"] = d.get("weight", 1)
            record["shared"] = shared
            if ties:
                record["ties"] = ties
        if key in times.edges:
            record["t"] = spans.encode(times.edges[key])
        records.append(record)
    return records


def _time_meta(times: Activity, spans: _Spans) -> dict[str, Any] | None:
    """What the time slider needs: its unit and range, the intervals, the undated counts."""
    bounds = times.bounds()
    if bounds is None:
        return None
    table = spans.table()
    # Months when some date is more precise than a year, else years.
    monthly = any(lo % 10000 != 101 or hi % 10000 != 1231 for lo, hi in table)
    first, last = bounds[0] // 100, bounds[1] // 100
    if monthly:
        start, end = f"{first // 100:04d}-{first % 100:02d}", f"{last // 100:04d}-{last % 100:02d}"
    else:
        start, end = f"{first // 100:04d}", f"{last // 100:04d}"
    nodes, edges = times.undated()
    return {"unit": "month" if monthly else "year", "from": start, "to": end, "spans": table,
            "undated": {"nodes": nodes, "edges": edges}}


def _legend(V: nx.Graph, edges: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    type_counts: dict[str, int] = defaultdict(int)
    for _, node_type in V.nodes(data="type"):
        type_counts[node_type] += 1
    rel_counts: dict[str, int] = defaultdict(int)
    for record in edges:
        rel_counts[record["rel"]] += 1
    types = [{"name": t.name, "label_en": t.label_en, "label_it": t.label_it, "color": t.color,
              "shape": shape_of(t.name), "group": t.group.value, "count": type_counts[t.name]}
             for t in NODE_TYPES.values() if type_counts.get(t.name)]
    styles = {**{r.name: {"label_en": r.label_en, "label_it": r.label_it, "color": r.color,
                          "dashes": r.dashes} for r in RELATIONS.values()},
              SHARED: SHARED_STYLE}
    relations = [{"name": name, **style, "count": rel_counts[name]}
                 for name, style in styles.items() if rel_counts.get(name)]
    return {"types": types, "relations": relations}


def _options(directed: bool, large: bool, physics: bool) -> dict[str, Any]:
    groups = {t.name: {"shape": shape_of(t.name),
                       "color": {"background": t.color, "border": t.color,
                                 "highlight": {"background": t.color, "border": "#000000"},
                                 "hover": {"background": t.color, "border": "#000000"}}}
              for t in NODE_TYPES.values()}
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3,
                  "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 10 if large else 5}},
                  # Long names (project titles) wrap instead of running across the graph.
                  "widthConstraint": {"maximum": 180}},
        "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}}},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "stabilization": {"enabled": False}},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "keyboard": False, "multiselect": False},
    }


def _check_size(V: nx.Graph) -> None:
    n, m = V.number_of_nodes(), V.number_of_edges()
    if n > MAX_NODES or m > MAX_EDGES:
        raise GraphkitError(
            f"the {V.graph['view'].describe()} has {n} nodes and {m} edges: too many for a "
            f"usable page (at most {MAX_NODES} nodes and {MAX_EDGES} edges): {SMALLER_VIEW}")


def render_html(V: nx.Graph, G: nx.MultiDiGraph,
                metrics: Mapping[str, Mapping[Hashable, float]] | None = None,
                *, size_by: str = "betweenness", focus: str | None = None, depth: int = 2,
                physics: bool = False, title: str = "graphkit", seed: int = 0,
                other: tuple[str, str] | None = None) -> bytes:
    """Render the interactive HTML page of a view of the knowledge graph.

    Parameters
    ----------
    V : networkx.Graph
        The view to draw (:func:`graphkit.graph.views.make_view`).
    G : networkx.MultiDiGraph
        The knowledge graph the view was made from (for territories, parents, documents).
    metrics : mapping, optional
        Precomputed measures of the view, ``{"pagerank": {node: value}, …}``, and
        ``community`` (Louvain, seed 0); the measures of :data:`SIZE_MEASURES` and the
        communities not given are computed on the view. The page can be sized by any of them.
    size_by : str
        The measure that first sizes the nodes (one of :data:`SIZE_MEASURES` or given).
    focus : str, optional
        An entity's id, name or alias: draw only its network within *depth* hops.
    depth : int
        Hops around *focus*.
    physics : bool
        Start with vis-network's physics on (off by default: the layout is precomputed).
    title : str
        The page's title.
    seed : int
        Seed of the layout.
    other : (str, str), optional
        Address and name of another page of the same data (``graph-full.html``, "the
        typed graph"): the page links to it, carrying over its state.

    Returns
    -------
    bytes
        The page, UTF-8; the same arguments give the same bytes.

    Raises
    ------
    GraphkitError
        Unknown measure, view or entity, or a view too large to draw (the
        message says which smaller view to export).

    Examples
    --------
    >>> from graphkit.graph.views import make_view
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="<b>A</b>", type="cooperative", group="organisation")
    >>> b"<b>A</b>" in render_html(make_view(G, "full"), G)
    False
    """
    _check_size(V)
    values, notes = _measures(V, metrics)
    if size_by not in values:
        raise GraphkitError(f"cannot size by {size_by!r} (choose {', '.join(values)})")
    membership = _communities(V, metrics)
    spec = V.graph["view"]
    if focus is not None:
        V = _focus(G, V, focus, spec.level, depth)
        notes.append(f"network of {V.nodes[V.graph['focus']].get('label', focus)} within "
                     f"{depth} hop{'s' if depth != 1 else ''}")
    sizes = values[size_by]
    top = max((float(sizes.get(n) or 0.0) for n in V), default=0.0)
    positions = layout(V, seed)
    closure = _territory_closure(G)
    large = V.number_of_nodes() > 1500 or V.number_of_edges() > 10_000
    times, spans = activity(V, G), _Spans()

    net = Network(directed=V.is_directed(), heading=title)
    for node in sorted(V, key=str):
        value = float(sizes.get(node) or 0.0)
        size = _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(value / top) if top > 0 \
            else _MIN_SIZE
        record = _node_record(node, V.nodes[node], positions[node], round(size, 1),
                              [_rounded(values[m].get(node)) for m in values], closure, G)
        record["c"] = membership.get(node, 0)
        if node in times.nodes:
            record["t"] = spans.code(times.nodes[node])
        net.nodes.append(record)
    net.edges.extend(_edge_records(V, times, spans))
    net.options = _options(V.is_directed(), large, physics)

    documents = G.graph.get("documents", {})
    used = sorted({e["doc"] for e in net.edges if "doc" in e}
                  | {d for n in net.nodes for d in n.get("docs", ())})
    territories = sorted(closure, key=lambda t: (str(G.nodes[t].get("label", t)).casefold(), t))
    meta = {
        "title": title,
        "view": spec.describe(),
        "notes": notes,
        "directed": V.is_directed(),
        "size_by": size_by,
        "measures": list(values),
        "focus": V.graph.get("focus"),
        "time": _time_meta(times, spans),
        "structural": sorted(STRUCTURAL),
        "other": {"href": other[0], "label": other[1]} if other else None,
        "large": large,
        "legend": _legend(V, net.edges),
        "properties": {p.name: p.label_en for p in PROPERTIES.values()},
        "documents": {d: _document(documents[d]) for d in used if d in documents},
        "territories": [[t, str(G.nodes[t].get("label", t)), G.nodes[t].get("level")]
                        for t in territories if any(t in n.get("in", ()) for n in net.nodes)],
    }
    env = _environment()
    env.globals["meta"] = meta
    net.templateEnv = env
    net.path = TEMPLATE
    return net.generate_html().encode("utf-8")


def _document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What the page shows of a source document: its title (or summary), where it was
    published, and the rest of its metadata."""
    shown = {k: doc[k] for k in ("date", "kind", "publisher", "source_file", "address")
             if doc.get(k)}
    return {"title": doc.get("title") or doc.get("summary") or doc["id"], **shown}
