"""The engine behind the measures: a view converted once to igraph, and the ways work is
spread over the cores (forked workers) and seeded.

Private to :mod:`graphkit.algorithms`; its public functions take networkx graphs.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from graphkit.errors import EmptyViewError, GraphkitError
from graphkit.memory import paused_gc
from graphkit.processes import die_with_parent

if TYPE_CHECKING:
    import igraph

Progress = Callable[[str], None] | None
Values = dict[str, float]


class Engine:
    """A graph converted once to igraph, with node ids in networkx order.

    ``edges`` holds the vertex pairs ``(a, b)``, ``a < b``, as an integer array in
    the order networkx first lists them; parallel edges are summed into one.
    """

    @paused_gc()
    def __init__(self, G: nx.Graph | None, arrays: tuple[list, np.ndarray, np.ndarray] | None = None
                 ) -> None:
        nodes, edges, weights = arrays if arrays is not None else (list(G), None, None)
        if not nodes:
            raise EmptyViewError("the view is empty: there is nothing to measure")
        self.nodes = nodes
        self.n = len(self.nodes)
        if edges is None:
            edges, weights = _edge_arrays(G, {n: i for i, n in enumerate(self.nodes)})
        self.edges = edges
        import igraph as ig  # imported when a measure is computed: it takes most of a second

        self.graph = ig.Graph(n=self.n, edges=self.edges.tolist())
        self.graph.es["weight"] = weights.tolist()
        self.graph.es["length"] = (1 / weights).tolist()
        self._membership: np.ndarray | None = None
        self.sweeps: dict[tuple, tuple[np.ndarray, ...]] = {}

    @classmethod
    def of_arrays(cls, nodes: list, edges: np.ndarray, weights: np.ndarray) -> Engine:
        """An engine of ties given as arrays (:class:`graphkit.graph.views.Ties`): *nodes*,
        the ends of each tie as rows of positions in *nodes*, their weights."""
        return cls(None, (nodes, edges, weights))

    def values(self, values: Iterable[float]) -> Values:
        return dict(zip(self.nodes, values, strict=True))

    def membership(self) -> np.ndarray:
        """For each vertex, the index of its connected component (found once)."""
        if self._membership is None:
            self._membership = np.asarray(self.graph.connected_components().membership,
                                          dtype=np.int64)
        return self._membership

    def component_sizes(self) -> list[int]:
        """For each vertex, the size of its connected component."""
        membership = self.membership()
        return np.bincount(membership)[membership].tolist()

    def sources(self, k: int, seed: int) -> list[int]:
        index = {n: i for i, n in enumerate(self.nodes)}
        return [index[n] for n in random.Random(seed).sample(self.nodes, k)]


def _edge_arrays(G: nx.Graph, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct vertex pairs ``(a < b)`` of *G* without loops, in first-seen order, and
    the summed ``weight`` (default 1) of the edges joining each pair.

    The edges are read in the order of ``G.edges``, through ``G.adjacency()`` as
    :func:`graphkit.graph.build.edges_of` reads them (no reference cycle), in a loop of
    its own because this is the hot path of every measure.
    """
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    directed, multi = G.is_directed(), G.is_multigraph()
    for u, targets in G.adjacency():
        i = index[u]
        for v, data in targets.items():
            j = index[v]
            if directed or j >= i:
                for d in data.values() if multi else (data,):
                    rows.append(i)
                    cols.append(j)
                    weights.append(d.get("weight", 1))
    ends = np.array([rows, cols], dtype=np.int64).reshape(2, -1)
    ends.sort(axis=0)
    proper = ends[0] != ends[1]
    ends, strength = ends[:, proper], np.array(weights, dtype=float)[proper]
    _, first, pair = np.unique(ends[0] * len(index) + ends[1], return_index=True,
                               return_inverse=True)
    order = np.argsort(first)
    return ends[:, first[order]].T, np.bincount(pair, strength)[order]


def engine(G: nx.Graph | Engine) -> Engine:
    return G if isinstance(G, Engine) else Engine(G)


def prepared(G: nx.Graph) -> Engine:
    """*G* converted once for igraph; every function of :data:`MEASURES` (and
    :func:`communities`) takes it in place of *G*, so several measures share one
    conversion, as :func:`metrics_table` does.

    Examples
    --------
    >>> from graphkit.algorithms import degree, pagerank
    >>> e = prepared(nx.path_graph(3))
    >>> degree(e), pagerank(e)[1] > pagerank(e)[0]
    ({0: 1, 1: 2, 2: 1}, True)
    """
    return Engine(G)


def is_sampled(engine: Engine, k: int | None) -> bool:
    if k is None:
        return False
    if k < 1:
        raise GraphkitError(f"the number of sampled sources must be at least 1 (got {k})")
    return k < engine.n


def uses_kadabra(engine: Engine, k: int | None, weighted: bool) -> bool:
    """Whether betweenness is estimated by KADABRA (sampled hop counts) rather than from
    *k* sources (sampled lengths) or exactly."""
    return is_sampled(engine, k) and not weighted


#: Graphs with at least this many nodes spread path measures over the available cores.
PARALLEL_FROM = 3000


_WORKER_GRAPH: igraph.Graph | None = None


def workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def run_betweenness(args: tuple[list[int] | None, str | None]) -> list[float]:
    sources, lengths = args
    return _WORKER_GRAPH.betweenness(directed=False, weights=lengths, sources=sources)


def run_sweep(args: tuple[list[int], str | None, int]) -> np.ndarray:
    """Rows: reached far sources, their Σd and Σ1/d, and near sources (d ≤ *beyond*)."""
    sources, lengths, beyond = args
    n = _WORKER_GRAPH.vcount()
    sums = np.zeros((4, n))
    for start in range(0, len(sources), 64):
        chunk = sources[start:start + 64]
        dist = np.asarray(_WORKER_GRAPH.distances(source=chunk, weights=lengths), dtype=float)
        dist[np.arange(len(chunk)), chunk] = np.inf
        near = dist <= beyond
        far = np.isfinite(dist) & ~near
        sums[0] += far.sum(axis=0)
        sums[1] += np.where(far, dist, 0).sum(axis=0)
        with np.errstate(divide="ignore"):
            sums[2] += np.where(far, 1.0 / dist, 0).sum(axis=0)
        sums[3] += near.sum(axis=0)
    return sums


def run_constraint(vertices: list[int]) -> list[float]:
    return _WORKER_GRAPH.constraint(vertices, weights="weight")


def run_second_neighbours(vertices: list[int]) -> list[int]:
    return _WORKER_GRAPH.neighborhood_size(vertices, order=2, mindist=2)


def split_jobs(items: list[int], parts: int) -> list[list[int]]:
    return [items[i::parts] for i in range(parts) if items[i::parts]]


def run_parallel(e: Engine, function: Callable, jobs: list[tuple]) -> list:
    """Run *function* over *jobs* with the engine's igraph graph, on every core when big."""
    global _WORKER_GRAPH
    _WORKER_GRAPH = e.graph
    try:
        if len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(len(jobs),
                                                          initializer=_worker_start) as pool:
                return pool.map(function, jobs)
        return [function(job) for job in jobs]
    finally:
        _WORKER_GRAPH = None


def _worker_start() -> None:
    """First act of a forked worker: end when graphkit ends, even killed (SIGKILL), instead
    of computing on for nobody."""
    die_with_parent(signal.SIGKILL)


def cores_for(e: Engine) -> int:
    return workers() if e.n >= PARALLEL_FROM else 1


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph's random numbers (Louvain's order, ARPACK's start vector, layouts) from
    *seed*, then back to Python's ``random``, which igraph uses by default.

    Examples
    --------
    >>> import igraph as ig
    >>> with seeded_igraph(1):
    ...     a = ig.Graph.Erdos_Renyi(20, 0.2).ecount()
    >>> with seeded_igraph(1):
    ...     b = ig.Graph.Erdos_Renyi(20, 0.2).ecount()
    >>> a == b
    True
    """
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def path_sums(e: Engine, k: int | None, seed: int, weighted: bool) -> tuple[np.ndarray, ...]:
    """For every node, ``Σd`` over its component and ``Σ1/d`` over the graph, exact or estimated.

    Exact: one sweep of breadth-first searches (Dijkstra when *weighted*) from
    every node, shared by closeness and harmonic. Sampled (*k* < n): sweeps
    from the *k* sources of :meth:`Engine.sources` only, stratified on hops
    for unweighted paths: the nodes at distance 1 and 2 (degree and second
    neighbours) are counted exactly and only the farther ones are estimated,
    from the mean over the sampled sources that are farther. Nodes whose
    component or far stratum holds no sampled source are computed exactly.
    """
    key = ("sums", k if is_sampled(e, k) else None, seed, weighted)
    if key in e.sweeps:
        return e.sweeps[key]
    lengths = "length" if weighted else None
    n = e.n
    sizes = np.asarray(e.component_sizes(), dtype=float)
    if not is_sampled(e, k):
        _, total, inverse, _ = _sweep(e, list(range(n)), lengths, 0)
        e.sweeps[key] = total, inverse
        return e.sweeps[key]
    sources = e.sources(k, seed)
    beyond = 0 if weighted else 2
    reached, total, inverse, near = _sweep(e, sources, lengths, beyond)
    if weighted:
        known, known_sum, known_inverse = np.zeros(n), np.zeros(n), np.zeros(n)
    else:
        degrees = np.asarray(e.graph.degree(), dtype=float)
        chunks = split_jobs(list(range(n)), cores_for(e))
        second = np.zeros(n)
        for chunk, values in zip(chunks, run_parallel(e, run_second_neighbours, chunks),
                                 strict=True):
            second[chunk] = values
        known = degrees + second
        known_sum, known_inverse = degrees + 2 * second, degrees + second / 2
    drawn = np.full(n, float(len(sources)))
    drawn[sources] -= 1
    far_reachable = sizes - 1 - known
    far_all = n - 1 - known
    draws_all = drawn - near
    sums = known_sum + far_reachable * np.divide(total, reached, out=np.zeros(n),
                                                 where=reached > 0)
    inverses = known_inverse + far_all * np.divide(inverse, draws_all, out=np.zeros(n),
                                                   where=draws_all > 0)
    missing = np.flatnonzero((far_reachable > 0) & (reached == 0)).tolist()
    if missing:
        raw = e.graph.closeness(vertices=missing, weights=lengths)
        sums[missing] = (sizes[missing] - 1) / np.asarray(raw, dtype=float)
    missing = np.flatnonzero((far_all > 0) & (draws_all == 0)).tolist()
    if missing:
        raw = e.graph.harmonic_centrality(vertices=missing, weights=lengths, normalized=False)
        inverses[missing] = raw
    e.sweeps[key] = sums, inverses
    return e.sweeps[key]


def _sweep(e: Engine, sources: list[int], lengths: str | None, beyond: int
           ) -> np.ndarray:
    """Sums over *sources* (see :func:`run_sweep`), spread over the cores when big."""
    parts = run_parallel(e, run_sweep, [(chunk, lengths, beyond)
                                      for chunk in split_jobs(sources, cores_for(e))])
    return np.sum(parts, axis=0)
