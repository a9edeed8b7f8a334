"""The table of measures a command prints: every measure of a view, with notes on how.

Examples
--------
>>> import networkx as nx
>>> table = metrics_table(nx.path_graph(["a", "b", "c"]), ["degree", "pagerank"])
>>> [(r["id"], r["degree"]) for r in table.rows]
[('a', 1), ('b', 2), ('c', 1)]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from graphkit.algorithms._backend import (
    Engine,
    Progress,
    Values,
    cores_for,
    is_sampled,
    uses_kadabra,
)
from graphkit.algorithms.background import in_background
from graphkit.algorithms.brokerage import constraint, effective_size
from graphkit.algorithms.centrality import (
    betweenness,
    closeness,
    default_k,
    default_k_of,
    degree,
    eigenvector,
    harmonic,
    pagerank,
    sampling_note,
    weighted_degree,
)
from graphkit.algorithms.cores import core_number
from graphkit.algorithms.louvain import Partition, communities
from graphkit.errors import EmptyViewError, GraphkitError
from graphkit.graph.views import ViewSpec, make_view, organisation_ties
from graphkit.model.records import Dataset


@dataclass(frozen=True)
class Measure:
    """A measure of :data:`MEASURES`: its function, whether it can be sampled, and what it is."""

    name: str
    function: Callable[..., dict]
    sampled: bool
    description: str


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("degree", degree, False, "number of partners (distinct neighbours)"),
    Measure("weighted_degree", weighted_degree, False, "sum of tie weights"),
    Measure("betweenness", betweenness, True, "share of shortest paths through the node"),
    Measure("closeness", closeness, True, "inverse mean distance (Wasserman-Faust)"),
    Measure("harmonic", harmonic, True, "mean inverse distance"),
    Measure("eigenvector", eigenvector, False, "weighted eigenvector centrality"),
    Measure("pagerank", pagerank, False, "weighted PageRank (0.85)"),
    Measure("constraint", constraint, False, "Burt's constraint (low = broker)"),
    Measure("effective_size", effective_size, False, "Burt's effective size (non-redundant ties)"),
    Measure("core", core_number, False, "k-core number"),
)}


#: Column for the Louvain community number in :func:`metrics_table`.
COMMUNITY = "community"


@dataclass
class MetricsTable:
    """Rows of measures for the nodes of a view, and notes on how they were computed.

    Attributes
    ----------
    rows : list of dict
        One per node, sorted by id: ``id``, ``label``, ``type``, then one key per measure
        (and ``community``).
    columns : list of str
        The keys of the rows, in order.
    notes : list of str
        How the figures were obtained (view, sampling, components, modularity).
    view : ViewSpec or None
        The view measured (``G.graph["view"]``).
    partition : Partition or None
        The communities, when asked for.
    size : (int, int) or None
        The nodes and ties measured.
    """

    rows: list[dict]
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    view: ViewSpec | None = None
    partition: Partition | None = None
    size: tuple[int, int] | None = None


def check_measures(names: Iterable[str]) -> list[str]:
    """Validate measure names (``community`` included); raise a clear error for unknown ones.

    Examples
    --------
    >>> check_measures(["pagerank", "community"])
    ['pagerank', 'community']
    """
    names = list(names)
    known = [*MEASURES, COMMUNITY]
    for name in names:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise GraphkitError(f"unknown measure {name!r}{hint} (known: {', '.join(known)})")
    return names


def metrics_table(G: nx.Graph, measures: Iterable[str] | None = None, *, k: int | None = None,
                  seed: int = 0, weighted: bool = False, progress: Progress = None
                  ) -> MetricsTable:
    """Compute *measures* (all by default, plus ``community``) for every node of *G*.

    Parameters
    ----------
    G : networkx.Graph
        A view from :func:`graphkit.graph.views.make_view` (any networkx graph works).
    measures : iterable of str, optional
        Names from :data:`MEASURES` and ``"community"``.
    k : int, optional
        Estimate betweenness (KADABRA, or *k* sources when *weighted*), closeness and
        harmonic (from *k* sources) when *k* < n.
    seed : int
        Seed of the sampling and of Louvain.
    weighted : bool
        Shortest paths with lengths ``1/weight`` instead of hops.
    progress : callable, optional
        Called with a message before and after each measure.

    Raises
    ------
    GraphkitError
        Unknown measure, empty view, or a view with one node.

    Examples
    --------
    >>> t = metrics_table(nx.path_graph(["a", "b", "c"]), ["betweenness"], k=2)
    >>> t.notes[-1]
    'betweenness estimated with KADABRA (error 0.05, seed 0)'
    """
    names = check_measures(measures if measures is not None else [*MEASURES, COMMUNITY])
    if G.number_of_nodes() == 0:
        raise EmptyViewError("the view is empty: there is nothing to measure")
    if G.number_of_nodes() == 1:
        only = next(iter(G))
        raise GraphkitError(f"the view has a single node ({G.nodes[only].get('label', only)}): "
                            "network measures need at least two")
    view = G.graph.get("view")
    start = time.perf_counter()
    return _table(Engine(G), start, G.nodes.__getitem__,
                  view if isinstance(view, ViewSpec) else None, names, k, seed, weighted,
                  progress)


def _table(e: Engine, start: float, attrs: Callable[[str], Mapping], view: ViewSpec | None,
           names: list[str], k: int | None, seed: int, weighted: bool, progress: Progress
           ) -> MetricsTable:
    """The table of :func:`metrics_table`, from the view converted (*e*, since *start*) and
    its nodes' attributes (*attrs*)."""
    say = progress or (lambda _: None)
    notes = [view.describe()] if view is not None else []
    sizes = e.component_sizes()
    components = int(e.membership().max()) + 1
    notes.append(f"{e.n} nodes, {len(e.edges)} ties, {components} component"
                 f"{'s' if components != 1 else ''}"
                 + (f" (largest {max(sizes)} nodes)" if components > 1 else ""))
    if components > 1 and "eigenvector" in names:
        notes.append("eigenvector centrality concentrates on the component with the largest "
                     "leading eigenvalue: nodes of the other components get (nearly) zero")
    say(f"graph of {e.n} nodes and {len(e.edges)} ties ready "
        f"({time.perf_counter() - start:.1f} s)")
    columns = ["id", "label", "type"]
    values: dict[str, dict] = {}
    partition = None
    background: tuple[float, Callable[[], Values]] | None = None
    if "betweenness" in names and uses_kadabra(e, k, weighted) and cores_for(e) > 1:
        # KADABRA runs on one thread: on a large view it runs in a process of its own,
        # beside the other measures (which still spread over every core).
        say(f"betweenness (sampled, k={k}) in a background process…")
        background = (time.perf_counter(),
                      in_background(lambda: betweenness(e, k=k, seed=seed), what="betweenness"))
    for name in names:
        started = time.perf_counter()
        sampled = name in MEASURES and MEASURES[name].sampled and is_sampled(e, k)
        if name == COMMUNITY:
            say("communities (Louvain)…")
            partition = communities(e, seed=seed)
            values[name] = partition.membership
            notes.append(f"{len(partition.communities)} Louvain communities (seed {seed}), "
                         f"modularity {partition.modularity:.4f}")
        elif name != "betweenness" or background is None:
            say(f"{name}{f' (sampled, k={k})' if sampled else ''}…")
            measure = MEASURES[name]
            values[name] = (measure.function(e, k=k, seed=seed, weighted=weighted)
                            if measure.sampled else measure.function(e))
        if sampled:
            notes.append(sampling_note(name, k, seed, weighted))
        columns.append(name)
        if name in values:
            say(f"{name} done in {time.perf_counter() - started:.1f} s")
    if background is not None:
        started, value = background
        values["betweenness"] = value()
        say(f"betweenness done in {time.perf_counter() - started:.1f} s")
    rows = []
    for node in sorted(e.nodes, key=str):
        found = attrs(node)
        row = {"id": node, "label": found.get("label", node), "type": found.get("type")}
        for name in names:
            row[name] = values[name][node]
        rows.append(row)
    return MetricsTable(rows, columns, notes, view, partition, (e.n, len(e.edges)))


def default_measures(source: nx.MultiDiGraph | Dataset, progress: Progress = None
                     ) -> MetricsTable | None:
    """The measures graphkit writes into its exports and its SPARQL store: every measure of
    the default view (organisations, :func:`graphkit.graph.views.make_view`), sampled as
    :func:`default_k` says; None when that view is empty or has a single node.

    Parameters
    ----------
    source : networkx.MultiDiGraph or Dataset
        The knowledge graph, or the dataset itself (the view is then made from its records,
        :func:`graphkit.graph.views.organisation_view`).
    progress : callable, optional
        Called with a message before and after each measure.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> table = default_measures(load_dataset())
    >>> "betweenness" in table.columns
    True
    """
    if not isinstance(source, Dataset):
        try:
            return measures_of_view(make_view(source), progress)
        except EmptyViewError:
            return None
    start = time.perf_counter()
    try:  # the ties as arrays: the same engine as the view's, without making the view
        ties = organisation_ties(source)
    except EmptyViewError:
        return None
    if len(ties.nodes) < 2:
        return None
    entities = source.entities
    return _table(Engine.of_arrays(ties.nodes, ties.edges, ties.weights), start,
                  lambda n: {"label": entities[n].name, "type": entities[n].type}, ViewSpec(),
                  [*MEASURES, COMMUNITY], default_k_of(len(ties.nodes)), 0, False, progress)


def measures_of_view(view: nx.Graph, progress: Progress = None) -> MetricsTable | None:
    """Every measure of *view* as :func:`default_measures` computes them; None for a view
    of fewer than two nodes."""
    if view.number_of_nodes() < 2:
        return None
    return metrics_table(view, k=default_k(view), progress=progress)


#: The measures that order a table by default, in turn: who bridges, then who is tied most.
RANKING = ("betweenness", "weighted_degree")


def ranked(rows: Iterable[dict], sort: str | None = None) -> list[dict]:
    """*rows* of :func:`metrics_table`, most central first.

    By *sort* if given (ascending for ``constraint``, where low means a broker, else
    descending), then by :data:`RANKING` — betweenness, then weighted degree — when the rows
    have them (else by their first measure), and last by label; a measure a row lacks (an
    isolated node's constraint) puts it last.

    Examples
    --------
    >>> rows = [{"label": "b", "betweenness": 0.0, "weighted_degree": 3.0},
    ...         {"label": "a", "betweenness": 0.0, "weighted_degree": 3.0},
    ...         {"label": "c", "betweenness": 0.5, "weighted_degree": 1.0}]
    >>> [r["label"] for r in ranked(rows)]
    ['c', 'a', 'b']
    >>> [r["label"] for r in ranked([{"label": "x", "degree": 1}, {"label": "y", "degree": 2}])]
    ['y', 'x']
    """
    rows = list(rows)
    present = {k for row in rows for k, v in row.items() if v is not None}
    order = [name for name in dict.fromkeys([*([sort] if sort else []), *RANKING])
             if name in present]
    if not order:
        order = [k for k in MEASURES if k in present][:1]

    def key(row: dict) -> tuple:
        values = []
        for name in order:
            value = row.get(name)
            if value is None:
                values.append((1, 0.0))
            else:
                values.append((0, value if name == "constraint" else -value))
        return (*values, str(row.get("label", "")).casefold(), str(row.get("id", "")))
    return sorted(rows, key=key)
