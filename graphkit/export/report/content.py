"""The figures of a report on a view: plain numbers and rows, computed as the commands do.

:func:`report_content` measures the view with :func:`graphkit.algorithms.metrics_table`
(every measure, sampled as :func:`graphkit.algorithms.default_k` says, Louvain seeded 0:
what ``graphkit metrics`` and ``graphkit communities`` print for the same view) and adds
what the commands do not: funders and amounts, initiatives per year, ties within and
across regions, and the evidence behind each actor.

Regions come from ISTAT's reference (:mod:`graphkit.schema.territories`), through the
``part_of`` links the loader adds: an actor lies in the regions that enclose the
territories it is located in.

Examples
--------
>>> from graphkit.graph.build import build_graph
>>> from graphkit.graph.views import make_view
>>> from graphkit.model.load import load_dataset
>>> G = build_graph(load_dataset())
>>> content = report_content(make_view(G, territory="Toscana"), G)
>>> content.overview["nodes"] == len(content.table.rows)
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx

import graphkit.algorithms as gm
from graphkit.errors import EmptyViewError
from graphkit.export.html.timeline import initiative_spans
from graphkit.graph.build import edges_of
from graphkit.graph.territories import enclosing_territories
from graphkit.graph.views import make_view
from graphkit.schema.vocabulary import NODE_TYPES, Group, Rel

#: Rows of each ranked table.
TOP = 15
#: Members named per community.
MEMBERS = 8
#: Communities described one by one (the others are summed up).
COMMUNITIES = 12


@dataclass
class ReportContent:
    """What a report says, before it is drawn.

    Attributes
    ----------
    view : str
        The view in words (:meth:`graphkit.graph.views.ViewSpec.describe`).
    notes : list of str
        How the measures were computed (as ``graphkit metrics`` says).
    overview : dict
        ``nodes``, ``ties``, ``density``, ``components``, ``largest``, ``mean_degree``,
        ``communities``, ``modularity`` and ``types`` (type label → count).
    table : graphkit.algorithms.MetricsTable
        Every measure of every node of the view.
    central, brokers : list of dict
        The top rows by betweenness (then weighted degree), and by constraint (lowest
        first), each with ``label``, ``type``, ``regions`` and the measures.
    communities : list of dict
        ``community``, ``size``, ``members`` (most central first), ``initiatives`` (the
        ones most of its members share, with how many take part) and ``regions``.
    funders : list of dict
        ``funder``, ``type``, ``grants``, ``recipients``, ``amount`` (EUR, stated
        amounts only), ``unstated`` (grants without an amount).
    years : dict
        ``counts`` (year → initiative type → count), ``undated``.
    regions : dict
        ``labels`` (region names, ISTAT order, :data:`NO_REGION` last), ``matrix`` (ties
        between actors of two regions; an actor in several regions counts in each),
        ``within`` and ``across`` (ties inside one region, and between two).
    evidence : list of dict
        Per actor: ``relations`` (sourced relations of the typed graph) and
        ``documents`` (distinct sources), most evidenced first.
    """

    view: str
    notes: list[str]
    overview: dict[str, Any]
    table: gm.MetricsTable
    central: list[dict] = field(default_factory=list)
    brokers: list[dict] = field(default_factory=list)
    communities: list[dict] = field(default_factory=list)
    funders: list[dict] = field(default_factory=list)
    years: dict[str, Any] = field(default_factory=dict)
    regions: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)


def _type_label(name: str | None) -> str:
    spec = NODE_TYPES.get(name or "")
    return spec.label_en if spec else str(name)


def actor_regions(G: nx.MultiDiGraph) -> dict[Hashable, list[str]]:
    """The regions (ids, ISTAT order) each node of *G* lies in, through its territories.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("t", group="territory", level="region", identifiers={"istat": "09"})
    >>> G.add_node("c", group="territory", level="municipality")
    >>> _ = G.add_edge("c", "t", relation="part_of")
    >>> G.add_node("a", group="organisation", territories=("c",))
    >>> actor_regions(G)["a"]
    ['t']
    """
    places = [n for n, g in G.nodes(data="group") if g == Group.TERRITORY.value]
    links = [(u, v) for u, v, d in edges_of(G) if d.get("relation") == Rel.PART_OF]
    closure = enclosing_territories(links, places)
    regions = {n for n in places if G.nodes[n].get("level") == "region"}
    found: dict[Hashable, list[str]] = {}
    for node, attrs in G.nodes(data=True):
        own = [node] if node in closure else list(attrs.get("territories", ()))
        within = {r for t in own for r in closure.get(t, ()) if r in regions}
        found[node] = sorted(within, key=lambda r: _region_key(G, r))
    return found


def _region_key(G: nx.MultiDiGraph, region: str) -> tuple[str, str]:
    return str(G.nodes[region].get("identifiers", {}).get("istat", "99")), str(region)


def report_content(V: nx.Graph, G: nx.MultiDiGraph, *, top: int = TOP, seed: int = 0,
                   table: gm.MetricsTable | None = None) -> ReportContent:
    """Compute everything a report on the view *V* of *G* shows.

    Parameters
    ----------
    V : networkx.Graph
        A view (:func:`graphkit.graph.views.make_view`), at least two nodes.
    G : networkx.MultiDiGraph
        The graph it was made from.
    top : int
        Rows of the ranked tables.
    seed : int
        Seed of the sampling and of Louvain, as ``--seed`` of ``graphkit metrics``.
    table : MetricsTable, optional
        The measures of *V*, when already computed with this seed.

    Returns
    -------
    ReportContent
    """
    spec = V.graph["view"]
    if table is None:
        table = gm.metrics_table(V, k=gm.default_k(V), seed=seed)
    partition = table.partition
    rows = gm.ranked(table.rows)
    regions_of = actor_regions(G)
    label_of = {n: str(G.nodes[n].get("label", n)) for n in G}

    def enrich(row: dict) -> dict:
        return {**row, "type": _type_label(row["type"]),
                "regions": [label_of[r] for r in regions_of.get(row["id"], ())]}

    engine = gm.prepared(V)
    n, m = engine.n, len(engine.edges)
    overview = {
        "nodes": n, "ties": m,
        "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
        "components": int(engine.membership().max()) + 1,
        "largest": int(max(engine.component_sizes())),
        "mean_degree": 2 * m / n if n else 0.0,
        "communities": len(partition.communities), "modularity": partition.modularity,
        "types": dict(sorted(Counter(_type_label(t) for _, t in V.nodes(data="type")).items(),
                             key=lambda kv: (-kv[1], kv[0]))),
    }
    content = ReportContent(spec.describe(), list(table.notes), overview, table)
    content.central = [enrich(r) for r in rows[:top]]
    content.brokers = [enrich(r) for r in gm.ranked(
        (r for r in table.rows if r.get("constraint") is not None), "constraint")[:top]]

    filters = (spec.level, spec.since, spec.until, spec.territory, spec.include_persons)
    full = make_view(G, "full", *filters)
    bipartite = _bipartite(G, filters)
    betweenness = {r["id"]: r["betweenness"] for r in table.rows}
    content.communities = _communities(partition, bipartite, betweenness, regions_of, label_of)
    content.funders = _funders(full, label_of)
    content.years = _years(G, full, spec.include_persons)
    content.regions = _region_matrix(G, filters, regions_of, label_of)
    content.evidence = _evidence(V, full, label_of)
    return content


def _bipartite(G: nx.MultiDiGraph, filters: tuple) -> nx.Graph | None:
    try:
        return make_view(G, "bipartite", *filters)
    except EmptyViewError:
        return None


def _communities(partition: gm.Partition, bipartite: nx.Graph | None,
                 betweenness: Mapping[Hashable, float], regions_of: Mapping, label_of: Mapping
                 ) -> list[dict]:
    """The largest communities: members most central first, the initiatives that tie them."""
    takes_part: dict[Hashable, set[Hashable]] = defaultdict(set)
    if bipartite is not None:
        for a, b in bipartite.edges():
            actor, initiative = (a, b) if bipartite.nodes[b].get("bipartite") == 1 else (b, a)
            takes_part[initiative].add(actor)
    described = []
    for number, members in enumerate(partition.communities[:COMMUNITIES], 1):
        inside = set(members)
        shared = sorted(((len(actors & inside), label_of.get(p, str(p)))
                         for p, actors in takes_part.items() if len(actors & inside) >= 2),
                        key=lambda x: (-x[0], x[1].casefold()))
        regions = Counter(r for node in members for r in regions_of.get(node, ()))
        ordered = sorted(members, key=lambda x: (-(betweenness.get(x) or 0.0),
                                                 label_of.get(x, str(x)).casefold()))
        described.append({
            "community": number, "size": len(members),
            "members": [label_of.get(x, str(x)) for x in ordered[:MEMBERS]],
            "more": max(0, len(members) - MEMBERS),
            "initiatives": [{"name": name, "members": k} for k, name in shared[:3]],
            "regions": [{"name": label_of[r], "members": k}
                        for r, k in sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        })
    return described


def _funders(full: nx.MultiDiGraph, label_of: Mapping) -> list[dict]:
    """Each funder of the view: its grants, recipients and the amounts stated (in EUR)."""
    grants: dict[Hashable, dict] = {}
    for u, v, d in edges_of(full):
        if d.get("relation") != Rel.FUNDS:
            continue
        entry = grants.setdefault(u, {"funder": label_of.get(u, str(u)),
                                      "type": _type_label(full.nodes[u].get("type")),
                                      "grants": 0, "recipients": set(), "amount": Decimal(0),
                                      "unstated": 0})
        entry["grants"] += 1
        entry["recipients"].add(v)
        amount = d.get("amount")
        if amount is not None and d.get("currency", "EUR") in (None, "EUR"):
            entry["amount"] += Decimal(str(amount))
        else:
            entry["unstated"] += 1
    rows = [{**e, "recipients": len(e["recipients"]), "amount": float(e["amount"])}
            for e in grants.values()]
    return sorted(rows, key=lambda r: (-r["amount"], -r["grants"], r["funder"].casefold()))


def _years(G: nx.MultiDiGraph, full: nx.MultiDiGraph, include_persons: bool
           ) -> dict[str, Any]:
    """Initiatives of the view by the year they start (their own dates, else the first
    date of their participation edges, as a windowed view dates them), by type."""
    initiatives = [n for n, g in full.nodes(data="group") if g == Group.INITIATIVE.value]
    spans = initiative_spans(G, [n for n, g in G.nodes(data="group")
                                 if include_persons or g != Group.PERSON.value])
    counts: dict[int, Counter] = defaultdict(Counter)
    undated = 0
    for n in initiatives:
        span = spans.get(n)
        if span is None:
            undated += 1
        else:
            counts[span[0] // 10000][_type_label(full.nodes[n].get("type"))] += 1
    return {"counts": {y: dict(sorted(c.items())) for y, c in sorted(counts.items())},
            "undated": undated, "total": len(initiatives)}


def _region_matrix(G: nx.MultiDiGraph, filters: tuple, regions_of: Mapping,
                   label_of: Mapping) -> dict[str, Any]:
    """Ties of the organisation view between actors of each pair of regions."""
    try:
        orgs = make_view(G, "orgs", *filters)
    except EmptyViewError:
        return {"labels": [], "matrix": [], "within": 0, "across": 0, "unplaced": 0}
    level = filters[0]

    def regions(node: Hashable) -> list[str]:
        found = list(regions_of.get(node, []))
        if level == "parent":  # a merged organisation lies where its branches lie
            for branch in orgs.nodes[node].get("branches", ()):
                found += [r for r in regions_of.get(branch, []) if r not in found]
        return found

    pairs: Counter = Counter()
    within = across = unplaced = 0
    for a, b in orgs.edges():
        ra, rb = regions(a), regions(b)
        if not ra or not rb:
            unplaced += 1
            continue
        if set(ra) & set(rb):
            within += 1
        else:
            across += 1
        for x in ra:
            for y in rb:
                pairs[x, y] += 1
                if x != y:
                    pairs[y, x] += 1
    present = sorted({x for x, _ in pairs}, key=lambda r: _region_key(G, r))
    matrix = [[pairs.get((x, y), 0) for y in present] for x in present]
    return {"labels": [label_of.get(r, r) for r in present], "matrix": matrix,
            "within": within, "across": across, "unplaced": unplaced}


def _evidence(V: nx.Graph, full: nx.MultiDiGraph, label_of: Mapping) -> list[dict]:
    """How many sourced relations, and distinct documents, stand behind each actor."""
    relations: Counter = Counter()
    documents: dict[Hashable, set] = defaultdict(set)
    for u, v, d in edges_of(full):
        if d.get("source_document") is None:
            continue
        for node in {u, v}:
            relations[node] += 1
            documents[node].add(d["source_document"])
    rows = [{"id": n, "label": label_of.get(n, str(n)),
             "type": _type_label(V.nodes[n].get("type")),
             "relations": relations.get(n, 0), "documents": len(documents.get(n, ()))}
            for n in V]
    rows.sort(key=lambda r: (-r["relations"], -r["documents"], r["label"].casefold()))
    return rows
