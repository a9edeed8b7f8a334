"""Analytic views of the knowledge graph: what the measures, communities and paths run on.

:func:`make_view` cuts the typed multigraph of :func:`graphkit.graph.build.build_graph`
in three shapes:

``full``
    the typed :class:`networkx.MultiDiGraph` itself, filtered;
``bipartite``
    an undirected :class:`networkx.Graph` of actors (``bipartite=0``) and the
    initiatives they take part in (``bipartite=1``): one edge per actor and
    initiative, for every relation of :mod:`graphkit.schema.vocabulary` flagged
    ``participation`` (lead partner, partner, funds, manages, promotes,
    signatory, supports, patron); the edge's ``relations`` lists them;
``orgs`` (the default)
    the undirected actor-actor projection. Two actors are linked when they take
    part in the same initiative, and the edge ``weight`` is

    * ``shared``: the number of initiatives both take part in, each counted once
      whatever the kinds of participation (a funder of a project therefore
      shares it with the project's partners: funding counts as taking part,
      the amount does not weigh), plus
    * ``len(ties)``: one for each kind of direct relation between the two
      actors (``member_of``, ``manages`` an organisation, ``holds_role`` when
      persons are included), whatever the number of documents stating it.

    ``branch_of`` is not a tie: branches are merged with ``level="parent"``.

Filters, applied in this order:

* **window** (``since``/``until``: a year or a partial ISO date): an initiative
  is kept when its dates (``start_date``, ``end_date``, ``date``; else the
  dates of its participation edges) overlap the window; a participation edge
  when its initiative is kept and its own ``start``/``end``, if any, overlap;
  any other relation when its ``start``/``end``/``date`` overlap. A date is
  active from its first to its last day (``2024-12`` covers December); an item
  runs from its start (else its date) to its end (else the later of its date
  and start). Undated items, and dates without a year (``--07-11``), are left
  out of a windowed view. ``located_in``, ``part_of`` and ``branch_of`` are
  structure and never filtered by date.
* **territory**: a node is *in* the territory when one of its ``territories``
  is the territory or lies within it (``part_of``, transitively). Initiatives
  outside it are dropped; actors are kept when they are in it or have a kept
  relation with a kept initiative or with an actor in it.
* **persons** are left out unless ``include_persons``.
* **level** ``parent`` merges every organisation into its top-level parent
  (:func:`graphkit.graph.build.root_of`); the merged node lists its ``branches``.

Actors with no tie left are dropped from the ``orgs`` and ``bipartite`` views.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in ("a", "b"):
...     G.add_node(n, label=n.upper(), type="cooperative", group="organisation", territories=())
>>> G.add_node("p", label="P", type="project", group="initiative", territories=())
>>> _ = G.add_edge("a", "p", relation="partner_of", date="2020")
>>> _ = G.add_edge("b", "p", relation="lead_partner_of", date="2020")
>>> V = make_view(G)
>>> V.edges["a", "b"]["weight"], V.graph["view"].describe()
(1, 'view orgs, level local, all dates')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse

from graphkit.errors import EmptyViewError, GraphkitError
from graphkit.graph.build import edges_of, node_attributes, root_of
from graphkit.memory import paused_gc
from graphkit.model.dates import Interval, date_bounds
from graphkit.model.dates import window as date_window
from graphkit.model.records import Dataset
from graphkit.schema.vocabulary import LEVELS, NODE_TYPES, PARTICIPATION, VIEWS, Group, Rel

#: Relations that are structure, not activity: never filtered by date.
STRUCTURAL = frozenset({Rel.LOCATED_IN, Rel.PART_OF, Rel.BRANCH_OF})




@dataclass(frozen=True)
class ViewSpec:
    """What a view was made of.

    Attributes
    ----------
    view : str
        ``orgs``, ``bipartite`` or ``full``.
    level : str
        ``local`` or ``parent``.
    since, until : str or None
        The window, as given (a year or a partial ISO date).
    territory : str or None
        The territory's entity id.
    territory_label : str or None
        Its name.
    include_persons : bool
        Whether persons are in the view.

    Examples
    --------
    >>> ViewSpec(since="2019", until="2021", territory="lucca", territory_label="Lucca").describe()
    'view orgs, level local, window 2019-2021, territory Lucca'
    """

    view: str = "orgs"
    level: str = "local"
    since: str | None = None
    until: str | None = None
    territory: str | None = None
    territory_label: str | None = None
    include_persons: bool = False

    @property
    def window(self) -> str:
        """The window in words: ``2019-2021``, ``since 2019``, ``all dates``…"""
        if self.since and self.until:
            return f"{self.since}-{self.until}"
        if self.since:
            return f"since {self.since}"
        if self.until:
            return f"until {self.until}"
        return "all dates"

    def describe(self) -> str:
        """One line saying which view, level, window and territory were used."""
        parts = [f"view {self.view}", f"level {self.level}",
                 f"window {self.window}" if self.since or self.until else self.window]
        if self.territory:
            parts.append(f"territory {self.territory_label or self.territory}")
        if self.include_persons:
            parts.append("with persons")
        return ", ".join(parts)


# --- dates ------------------------------------------------------------------------

def interval(start: object = None, end: object = None, date: object = None) -> Interval | None:
    """When an item is active: from *start* (else *date*) to *end* (else the later of the two).

    Examples
    --------
    >>> interval(start="2019", date="2021-05")
    (20190101, 20210531)
    >>> interval() is None
    True
    """
    s, e, d = date_bounds(start), date_bounds(end), date_bounds(date)
    known = [b for b in (s, d, e) if b]
    if not known:
        return None
    lo = (s or d or e)[0]
    hi = e[1] if e else max(b[1] for b in (s, d) if b)
    return min(lo, hi), max(lo, hi)


def _overlaps(item: Interval | None, window: Interval) -> bool:
    return item is not None and item[0] <= window[1] and item[1] >= window[0]


# --- the view ----------------------------------------------------------------------


def territory_tree(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The ``part_of`` edges of *G* alone: a territory points to the territories it lies in.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("lucca", "toscana", relation="part_of")
    0
    >>> sorted(nx.descendants(territory_tree(G), "lucca"))
    ['toscana']
    """
    tree = nx.DiGraph()
    tree.add_edges_from((u, v) for u, v, d in edges_of(G) if d.get("relation") == Rel.PART_OF)
    return tree


def territory_members(G: nx.MultiDiGraph, territory: str) -> set[str]:
    """The territory *territory* and every territory within it (``part_of``, transitively).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("lucca", "toscana", relation="part_of")
    0
    >>> sorted(territory_members(G, "toscana"))
    ['lucca', 'toscana']
    """
    tree = territory_tree(G)
    return {territory} | (nx.ancestors(tree, territory) if territory in tree else set())


def _resolve_territory(G: nx.MultiDiGraph, territory: str) -> tuple[str, str]:
    from graphkit.graph.lookup import find_entity

    node = find_entity(G, territory, groups=(Group.TERRITORY,))
    return node, G.nodes[node].get("label", node)


@paused_gc()
def make_view(G: nx.MultiDiGraph, view: str = "orgs", level: str = "local",
              since: object = None, until: object = None, territory: str | None = None,
              include_persons: bool = False) -> nx.Graph:
    """Return the chosen view of the knowledge graph *G*.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph of :func:`graphkit.graph.build.build_graph`.
    view : {"orgs", "bipartite", "full"}
        The shape (see the module docstring).
    level : {"local", "parent"}
        ``parent`` merges branches into their top-level organisation.
    since, until : int or str, optional
        The window: a year or a partial ISO date (inclusive).
    territory : str, optional
        A territory's id, name or alias (case- and accent-insensitive).
    include_persons : bool
        Keep persons as actors.

    Returns
    -------
    networkx.Graph or networkx.MultiDiGraph
        ``G.graph["view"]`` is the :class:`ViewSpec` used; nodes keep the
        attributes of *G*.

    Raises
    ------
    GraphkitError
        For an unknown view, level or territory, a bad date, or an empty view
        (:class:`EmptyViewError`).

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> from graphkit.graph.build import build_graph
    >>> V = make_view(build_graph(load_dataset()), level="parent", since=2019)  # doctest: +SKIP
    """
    if view not in VIEWS:
        raise GraphkitError(f"unknown view {view!r} (choose {', '.join(VIEWS)})")
    if level not in LEVELS:
        raise GraphkitError(f"unknown level {level!r} (choose {', '.join(LEVELS)})")
    window = date_window(since, until)
    place = _resolve_territory(G, territory) if territory else (None, None)
    spec = ViewSpec(view, level, None if since is None else str(since),
                    None if until is None else str(until), place[0], place[1], include_persons)

    groups = nx.get_node_attributes(G, "group")
    actor_groups = {Group.ORGANISATION.value} | ({Group.PERSON.value} if include_persons else set())
    initiative = Group.INITIATIVE.value
    nodes = {n for n, g in groups.items() if g != Group.PERSON.value or include_persons}
    # G.edges(keys=True, data=True) as graph.edges_of reads them (no reference cycle),
    # keeping the keys and skipping the nodes left out early.
    edges = [(u, v, k, d) for u, targets in G.adjacency() if u in nodes
             for v, keyed in targets.items() if v in nodes for k, d in keyed.items()]

    if window is not None:
        nodes, edges = _apply_window(G, nodes, edges, window, groups)
    if spec.territory is not None:
        nodes, edges = _apply_territory(G, nodes, edges, spec.territory, groups, actor_groups)

    rename = _roll_up(G, nodes, groups) if level == "parent" else {}
    if view == "full":
        result = _full(G, nodes, edges, rename, window is not None)
    else:
        result = _actor_views(G, nodes, edges, rename, groups, actor_groups, initiative,
                              bipartite=view == "bipartite")
    if result.number_of_nodes() == 0:
        raise EmptyViewError(f"nothing is left in the {spec.describe()}: widen the window or "
                             "the territory")
    result.graph["view"] = spec
    return result


Edge = tuple[str, str, str, dict]


def _apply_window(G: nx.MultiDiGraph, nodes: set[str], edges: list[Edge], window: Interval,
                  groups: dict[str, str]) -> tuple[set[str], list[Edge]]:
    initiative = Group.INITIATIVE.value
    spans: dict[str, Interval | None] = {}
    for n in nodes:
        if groups[n] == initiative:
            attrs = G.nodes[n]
            spans[n] = interval(attrs.get("start_date"), attrs.get("end_date"), attrs.get("date"))
    from_edges: dict[str, list[Interval]] = defaultdict(list)
    for _u, v, _, d in edges:
        if d["relation"] in PARTICIPATION and v in spans and spans[v] is None:
            span = interval(d.get("start"), d.get("end"), d.get("date"))
            if span:
                from_edges[v].append(span)
    for n, found in from_edges.items():
        spans[n] = (min(s[0] for s in found), max(s[1] for s in found))
    active = {n for n, span in spans.items() if _overlaps(span, window)}
    kept_nodes = {n for n in nodes if groups[n] != initiative or n in active}
    kept = []
    for u, v, k, d in edges:
        if u not in kept_nodes or v not in kept_nodes:
            continue
        relation = d["relation"]
        if relation in STRUCTURAL:
            kept.append((u, v, k, d))
        elif relation in PARTICIPATION and v in spans:
            own = interval(d.get("start"), d.get("end"))
            if own is None or _overlaps(own, window):
                kept.append((u, v, k, d))
        elif _overlaps(interval(d.get("start"), d.get("end"), d.get("date")), window):
            kept.append((u, v, k, d))
    return kept_nodes, kept


def _apply_territory(G: nx.MultiDiGraph, nodes: set[str], edges: list[Edge], territory: str,
                     groups: dict[str, str], actor_groups: set[str]
                     ) -> tuple[set[str], list[Edge]]:
    area = territory_members(G, territory)
    inside = {n for n in nodes if area.intersection(G.nodes[n].get("territories", ()))}
    kept_nodes = {n for n in nodes if (groups[n] == Group.INITIATIVE.value and n in inside)
                  or (groups[n] == Group.TERRITORY.value and n in area)}
    actors = {n for n in nodes if groups[n] in actor_groups}
    kept_nodes |= actors & inside
    for u, v, _, d in edges:
        if d["relation"] in STRUCTURAL:
            continue
        for a, b in ((u, v), (v, u)):
            if a in actors and ((b in kept_nodes and groups[b] == Group.INITIATIVE.value)
                                or (b in actors and b in inside)):
                kept_nodes.add(a)
    return kept_nodes, [e for e in edges if e[0] in kept_nodes and e[1] in kept_nodes]


def _roll_up(G: nx.MultiDiGraph, nodes: Iterable[str], groups: dict[str, str]) -> dict[str, str]:
    org = Group.ORGANISATION.value
    return {n: root for n in nodes if groups[n] == org and (root := root_of(G, n)) != n}


def _merged_attrs(G: nx.MultiDiGraph, rename: dict[str, str], present: set[str]
                  ) -> dict[str, dict]:
    branches: dict[str, set[str]] = defaultdict(set)
    for branch, root in rename.items():
        if branch in present:
            branches[root].add(branch)
    return {root: {**G.nodes[root], "branches": tuple(sorted(found))}
            for root, found in branches.items()}


def _full(G: nx.MultiDiGraph, nodes: set[str], edges: list[Edge], rename: dict[str, str],
          windowed: bool) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph(name=G.graph.get("name", "graphkit"))
    out.graph["documents"] = G.graph.get("documents", {})
    merged = _merged_attrs(G, rename, nodes)
    for n in sorted(nodes):
        root = rename.get(n, n)
        if root not in out:
            out.add_node(root, **merged.get(root, G.nodes[root]))
    for u, v, k, d in edges:
        a, b = rename.get(u, u), rename.get(v, v)
        if a != b:
            out.add_edge(a, b, key=k, **d)
    if windowed:
        structural = nx.MultiDiGraph(e for e in out.edges(data="relation")
                                     if e[2] not in STRUCTURAL)
        out.remove_nodes_from([n for n in list(out) if n not in structural
                               and out.nodes[n]["group"] != Group.TERRITORY.value])
    return out


def _actor_views(G: nx.MultiDiGraph, nodes: set[str], edges: list[Edge], rename: dict[str, str],
                 groups: dict[str, str], actor_groups: set[str], initiative: str,
                 bipartite: bool) -> nx.Graph:
    merged = _merged_attrs(G, rename, nodes)

    def attrs(n: str) -> dict:
        return merged.get(n, G.nodes[n])

    return _actors(((u, v, d["relation"]) for u, v, _, d in edges), rename, groups,
                   actor_groups, initiative, bipartite, attrs, G.graph.get("name", "graphkit"))


def _actors(edges: Iterable[tuple[str, str, str]], rename: dict[str, str],
            groups: dict[str, str], actor_groups: set[str], initiative: str, bipartite: bool,
            attrs: Callable[[str], dict], name: str) -> nx.Graph:
    """The bipartite or projected view of *edges*, ``(source, target, relation)``."""
    takes_part, ties = _actor_pairs(edges, rename, groups, actor_groups, initiative, bipartite)
    out = nx.Graph(name=name)
    if bipartite:
        for a, p in sorted(takes_part):
            for n, side in ((a, 0), (p, 1)):
                if n not in out:
                    out.add_node(n, **attrs(n), bipartite=side)
            out.add_edge(a, p, weight=1, relations=tuple(sorted(takes_part[a, p])))
        return out
    return _projection(out, takes_part, ties, attrs)


def _actor_pairs(edges: Iterable[tuple[str, str, str]], rename: dict[str, str],
                 groups: dict[str, str], actor_groups: set[str], initiative: str,
                 bipartite: bool
                 ) -> tuple[dict[tuple[str, str], set[str]], dict[tuple[str, str], set[str]]]:
    """Who takes part in which initiative, and the direct ties between actors, with the
    relations of each (see the module's description)."""
    takes_part: dict[tuple[str, str], set[str]] = defaultdict(set)
    ties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, relation in edges:
        if relation in STRUCTURAL:
            continue
        a, b = rename.get(u, u), rename.get(v, v)
        if a == b or groups[u] not in actor_groups:
            continue
        if relation in PARTICIPATION and groups[v] == initiative:
            takes_part[a, b].add(relation)
        elif groups[v] in actor_groups and not bipartite:
            ties[min(a, b), max(a, b)].add(relation)
    return takes_part, ties


@paused_gc()
def organisation_view(dataset: Dataset) -> nx.Graph:
    """The default view, ``make_view(build_graph(dataset))``, made from the records
    without the knowledge graph: organisations tied by the initiatives they share and
    by their direct relations, persons left out.

    Raises
    ------
    EmptyViewError
        When no organisation has a tie.

    Examples
    --------
    >>> from graphkit.graph.build import build_graph
    >>> from graphkit.model.load import load_dataset
    >>> ds = load_dataset()
    >>> V, W = organisation_view(ds), make_view(build_graph(ds))
    >>> list(V.edges(data=True)) == list(W.edges(data=True)) and list(V.nodes) == list(W)
    True
    """
    groups, edges = _record_edges(dataset)
    nodes = dict(node_attributes(dataset))
    result = _actors(edges, {}, groups, {Group.ORGANISATION.value}, Group.INITIATIVE.value,
                     False, nodes.__getitem__, "graphkit")
    spec = ViewSpec()
    if result.number_of_nodes() == 0:
        raise EmptyViewError(f"nothing is left in the {spec.describe()}: widen the window or "
                             "the territory")
    result.graph["view"] = spec
    return result


def _record_edges(dataset: Dataset
                  ) -> tuple[dict[str, str], Iterator[tuple[str, str, str]]]:
    """Each entity's group, and the relations between entities that are not persons as
    ``(source, target, relation)``: what the default view is made of."""
    groups = {entity_id: NODE_TYPES[entity.type].group.value
              for entity_id, entity in dataset.entities.items()}
    person = Group.PERSON.value
    return groups, ((r.subject, r.object, r.relation) for r in dataset.relations
                    if groups[r.subject] != person and groups[r.object] != person)


@dataclass(frozen=True)
class Ties:
    """The ties of a view as arrays, in the order networkx lists the view's nodes and edges.

    Attributes
    ----------
    nodes : list of str
        The nodes, in the view's order.
    edges : numpy.ndarray
        One row ``(a, b)``, ``a < b``, per tie: the positions of its ends in *nodes*, in the
        order :class:`graphkit.algorithms.prepared` reads the view's edges.
    weights : numpy.ndarray
        Each tie's weight.
    """

    nodes: list[str]
    edges: np.ndarray
    weights: np.ndarray


@paused_gc()
def organisation_ties(dataset: Dataset) -> Ties:
    """The ties of :func:`organisation_view` as arrays, without the graph: what the
    measures are computed on, made in a fraction of the time.

    Raises
    ------
    EmptyViewError
        When no organisation has a tie.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ds = load_dataset()
    >>> ties, V = organisation_ties(ds), organisation_view(ds)
    >>> ties.nodes == list(V) and len(ties.edges) == V.number_of_edges()
    True
    """
    groups, edges = _record_edges(dataset)
    takes_part, ties = _actor_pairs(edges, {}, groups, {Group.ORGANISATION.value},
                                    Group.INITIATIVE.value, False)
    projected = _projection_arrays(takes_part, ties)
    if projected is None:
        raise EmptyViewError(f"nothing is left in the {ViewSpec().describe()}: widen the "
                             "window or the territory")
    actors, first, second, counts, kinds, order = projected
    position = np.empty(len(actors), dtype=np.int64)
    position[order] = np.arange(len(order))
    weights = counts + np.fromiter(map(len, kinds), np.int64, len(kinds))
    # The view's adjacency, as networkx fills it from the sorted pairs: for each node, the
    # nodes it follows in a pair (in order), then those following it; each tie is read from
    # its end that comes first in the view.
    ends = np.concatenate([first, second]), np.concatenate([second, first])  # (next, node)
    after = np.repeat(np.array([0, 1], dtype=np.int8), len(first))
    tie = np.tile(np.arange(len(first)), 2)
    sequence = np.lexsort((ends[0], after, position[ends[1]]))
    source, target = position[ends[1][sequence]], position[ends[0][sequence]]
    ahead = target > source
    return Ties([actors[i] for i in order.tolist()],
                np.column_stack((source[ahead], target[ahead])),
                weights[tie[sequence][ahead]].astype(float))


def _projection_arrays(takes_part: Collection[tuple[str, str]],
                       ties: dict[tuple[str, str], set[str]]
                       ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray,
                                  list[tuple[str, ...]], np.ndarray] | None:
    """The actor-actor projection as arrays: the actors (sorted), each pair's two actors
    ``first < second`` (their numbers, pairs in sorted order), its shared initiatives and
    its kinds of direct tie, and the actors in order of first appearance in the pairs (the
    view's node order); None when no pair is left."""
    actors = sorted({a for a, _ in takes_part}.union(*ties))
    if not actors:
        return None
    n = len(actors)
    index = {a: i for i, a in enumerate(actors)}
    shared = _shared_upper(takes_part, index)
    tie_keys = np.fromiter((index[a] * n + index[b] for a, b in ties), np.int64, len(ties))
    keys, where = np.unique(np.concatenate([shared.row.astype(np.int64) * n + shared.col,
                                            tie_keys]), return_inverse=True)
    counts = np.zeros(len(keys), dtype=np.int64)
    counts[where[:shared.nnz]] = shared.data
    kinds: list[tuple[str, ...]] = [()] * len(keys)
    for at, found in zip(where[shared.nnz:].tolist(), ties.values(), strict=True):
        kinds[at] = tuple(sorted(found))
    first, second = np.divmod(keys, n)
    present, seen_at = np.unique(np.column_stack((first, second)).ravel(), return_index=True)
    return actors, first, second, counts, kinds, present[np.argsort(seen_at)]


def _projection(out: nx.Graph, takes_part: Collection[tuple[str, str]],
                ties: dict[tuple[str, str], set[str]], attrs: Callable[[str], dict]) -> nx.Graph:
    """Fill *out* with the actor-actor projection, pairs in sorted order.

    Actors are numbered in sorted order, so sorting integer pairs sorts the pairs of
    ids; nodes are added in order of first appearance in the sorted pairs.
    """
    projected = _projection_arrays(takes_part, ties)
    if projected is None:
        return out
    actors, first, second, counts, kinds, order = projected
    out.add_nodes_from((actors[i], attrs(actors[i])) for i in order.tolist())
    out.add_edges_from(
        (actors[i], actors[j], {"weight": count + len(found), "shared": count, "ties": found})
        for i, j, count, found in zip(first.tolist(), second.tolist(), counts.tolist(), kinds,
                                      strict=True))
    return out


def _shared_upper(memberships: Collection[tuple[str, str]], index: dict[str, int]
                  ) -> sparse.coo_array:
    """Initiatives shared by actors ``i < j`` (numbered by *index*): the upper triangle of
    ``B @ B.T`` for the actor x initiative incidence matrix ``B`` (duplicates count once)."""
    initiatives: dict[str, int] = {}
    rows = np.fromiter((index[a] for a, _ in memberships), np.int64, len(memberships))
    cols = np.fromiter((initiatives.setdefault(p, len(initiatives)) for _, p in memberships),
                       np.int64, len(memberships))
    B = sparse.csr_array((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                         shape=(len(index), len(initiatives)))
    B.data[:] = 1
    return sparse.triu(B @ B.T, k=1, format="coo")


def project_shared(memberships: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Count, for each pair of actors, the initiatives both take part in.

    A sparse actor x initiative incidence matrix ``B`` gives ``B @ B.T``; only
    the upper triangle (``a < b``) is returned.

    Parameters
    ----------
    memberships : iterable of (actor, initiative)
        Duplicates count once.

    Examples
    --------
    >>> project_shared([("a", "p"), ("b", "p"), ("b", "q"), ("c", "q"), ("a", "q")])
    {('a', 'b'): 2, ('a', 'c'): 1, ('b', 'c'): 1}
    """
    pairs = set(memberships)
    actors = sorted({a for a, _ in pairs})
    P = _shared_upper(pairs, {a: i for i, a in enumerate(actors)})
    order = np.lexsort((P.col, P.row))
    return {(actors[i], actors[j]): w for i, j, w in zip(
        P.row[order].tolist(), P.col[order].tolist(), P.data[order].tolist(), strict=True)}
