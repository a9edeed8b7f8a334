"""When each item of a view is active, for the page's time slider.

The slider of ``graph.html`` shows the network as :func:`graphkit.graph.views.make_view`
would cut it with ``since``/``until``: this module gives every node and edge of a view the
conditions under which that windowed view keeps it, and the page checks them against the
window chosen.

* An **initiative** is active over its own dates (``start_date``, ``end_date``, ``date``),
  else over the hull of the dates of its participation edges.
* In the ``full`` view, an edge is active over its own ``start``/``end``/``date``, but a
  participation edge to an initiative only needs its own ``start``/``end``, if any (its
  initiative must be active too); structural relations (``located_in``, ``part_of``,
  ``branch_of``) are always shown.
* In the ``bipartite`` and ``orgs`` views an edge is a set of alternatives: an actor
  takes part in an initiative when the initiative is active and one of its participation
  edges is; two actors are tied when they share such an initiative or a direct tie of
  theirs is active.

A condition is a tuple of intervals (``YYYYMMDD`` integers, from :func:`interval`) that
must all overlap the window; ``None`` stands for an undated part, which the page lets
through only while its "show undated" switch is on. An edge is shown when one of its
conditions holds. When the window is narrowed (or undated items hidden), actors left
without a shown relation disappear, as in a windowed view.

Examples
--------
>>> import networkx as nx
>>> from graphkit.graph.views import make_view
>>> G = nx.MultiDiGraph()
>>> for n in ("a", "b"):
...     G.add_node(n, type="cooperative", group="organisation", territories=())
>>> G.add_node("p", type="project", group="initiative", territories=(), start_date="2019")
>>> _ = G.add_edge("a", "p", relation="partner_of")
>>> _ = G.add_edge("b", "p", relation="partner_of")
>>> activity(make_view(G), G).edges[("a", "b")]
[((20190101, 20191231),)]
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphkit.graph.build import edges_of, root_of
from graphkit.graph.views import STRUCTURAL, Interval, interval
from graphkit.schema.vocabulary import PARTICIPATION, Group

#: Conditions of one edge; an empty list means "always shown" (structure).
Condition = tuple[Interval | None, ...]

#: At most this many alternative conditions are kept for one edge (the first ones).
MAX_CONDITIONS = 64


@dataclass
class Activity:
    """When the nodes and edges of a view are active.

    Attributes
    ----------
    nodes : dict
        Initiative id → its interval, or None when undated (``full`` view only).
    edges : dict
        Edge key → list of conditions; keys are ``(u, v, key)`` in the ``full`` view and
        ``(u, v)`` (as :func:`networkx.Graph.edges` gives them) in the others. Edges absent
        are always shown (structure, or a participation whose initiative decides).
    """

    nodes: dict[Hashable, Interval | None] = field(default_factory=dict)
    edges: dict[tuple, list[Condition]] = field(default_factory=dict)

    def bounds(self) -> Interval | None:
        """The first and last day of every dated item, or None when nothing is dated."""
        spans = [s for s in self.nodes.values() if s]
        spans += [s for conditions in self.edges.values() for c in conditions for s in c if s]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def undated(self) -> tuple[int, int]:
        """How many initiatives, and how many edges, have no date that could show them."""
        nodes = sum(1 for s in self.nodes.values() if s is None)
        edges = sum(1 for conditions in self.edges.values()
                    if conditions and all(None in c for c in conditions))
        return nodes, edges


def initiative_spans(G: nx.MultiDiGraph, allowed: Iterable[Hashable]) -> dict[str, Interval | None]:
    """When each initiative among *allowed* nodes is active, as a windowed view decides.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", group="organisation"); G.add_node("p", group="initiative")
    >>> _ = G.add_edge("a", "p", relation="funds", date="2021-03")
    >>> initiative_spans(G, ["a", "p"])
    {'p': (20210301, 20210331)}
    """
    allowed = set(allowed)
    initiative = Group.INITIATIVE.value
    spans: dict[str, Interval | None] = {}
    for n in sorted(allowed, key=str):
        attrs = G.nodes[n]
        if attrs.get("group") == initiative:
            spans[n] = interval(attrs.get("start_date"), attrs.get("end_date"), attrs.get("date"))
    found: dict[str, list[Interval]] = defaultdict(list)
    for u, v, d in edges_of(G):
        if (u in allowed and v in spans and spans[v] is None
                and d.get("relation") in PARTICIPATION):
            span = interval(d.get("start"), d.get("end"), d.get("date"))
            if span:
                found[v].append(span)
    for n, dated in found.items():
        spans[n] = (min(s[0] for s in dated), max(s[1] for s in dated))
    return spans


def activity(V: nx.Graph, G: nx.MultiDiGraph) -> Activity:
    """When each node and edge of the view *V* of *G* is active (see the module docstring)."""
    spec = V.graph["view"]
    groups = dict(G.nodes(data="group"))
    person = Group.PERSON.value
    allowed = [n for n, g in groups.items() if g != person or spec.include_persons]
    spans = initiative_spans(G, allowed)
    if spec.view == "full":
        return _full(V, spans)
    rename = ({n: root_of(G, n) for n in allowed if groups[n] == Group.ORGANISATION.value}
              if spec.level == "parent" else {})
    return _actors(V, G, spans, set(allowed), rename, groups)


def _full(V: nx.MultiDiGraph, spans: dict[str, Interval | None]) -> Activity:
    result = Activity(nodes={n: spans.get(n) for n in V if n in spans})
    for u, v, k, d in V.edges(keys=True, data=True):
        relation = d.get("relation")
        if relation in STRUCTURAL:
            continue
        if relation in PARTICIPATION and v in spans:
            own = interval(d.get("start"), d.get("end"))
            if own is not None:
                result.edges[u, v, k] = [(own,)]
        else:
            result.edges[u, v, k] = [(interval(d.get("start"), d.get("end"), d.get("date")),)]
    return result


def _actors(V: nx.Graph, G: nx.MultiDiGraph, spans: dict[str, Interval | None],
            allowed: set[Hashable], rename: dict[Hashable, Hashable],
            groups: dict[Hashable, str]) -> Activity:
    """Conditions of the edges of a ``bipartite`` or ``orgs`` view."""
    actor_groups = {Group.ORGANISATION.value, Group.PERSON.value}
    # (actor, initiative) -> the own intervals of its participation edges (None: undated,
    # which needs nothing beyond the initiative being active)
    takes_part: dict[tuple, set[Interval | None]] = defaultdict(set)
    ties: dict[tuple, set[Interval | None]] = defaultdict(set)
    for u, v, d in edges_of(G):
        relation = d.get("relation")
        if u not in allowed or v not in allowed or relation in STRUCTURAL \
                or groups[u] not in actor_groups:
            continue
        a, b = rename.get(u, u), rename.get(v, v)
        if a == b:
            continue
        if relation in PARTICIPATION and v in spans:
            takes_part[a, b].add(interval(d.get("start"), d.get("end")))
        elif groups[v] in actor_groups:
            ties[min(a, b, key=str), max(a, b, key=str)].add(
                interval(d.get("start"), d.get("end"), d.get("date")))

    def joins(actor: Hashable, initiative: Hashable) -> list[tuple[Interval, ...]]:
        """The ways *actor* takes part in *initiative*: () when one edge has no own dates."""
        own = takes_part.get((actor, initiative), set())
        if None in own:
            return [()]
        return [(s,) for s in sorted(own)]

    result = Activity()
    if V.graph["view"].view == "bipartite":
        for a, p in V.edges():
            actor, initiative = (a, p) if p in spans else (p, a)
            result.edges[a, p] = _unique([(spans[initiative], *way)
                                          for way in joins(actor, initiative)])
        return result
    initiatives: dict[Hashable, set[Hashable]] = defaultdict(set)
    for actor, initiative in takes_part:
        initiatives[actor].add(initiative)
    for a, b in V.edges():
        conditions: list[Condition] = []
        for p in sorted(initiatives[a] & initiatives[b], key=str):
            for x, y in itertools.product(joins(a, p), joins(b, p)):
                conditions.append((spans[p], *x, *y))
        key = (min(a, b, key=str), max(a, b, key=str))
        conditions += [(s,) for s in sorted(ties.get(key, ()), key=_order)]
        result.edges[a, b] = _unique(conditions)
    return result


def _order(span: Interval | None) -> tuple:
    return (0, 0, 0) if span is None else (1, *span)


def _unique(conditions: list[Condition]) -> list[Condition]:
    """Distinct conditions, in order, the undated ones last; at most :data:`MAX_CONDITIONS`."""
    seen = list(dict.fromkeys(conditions))
    seen.sort(key=lambda c: None in c)
    return seen[:MAX_CONDITIONS]
