"""Network measures of a view: centrality, brokerage, cores and communities.

Every function takes a networkx graph first (usually a view made by
:func:`graphkit.views.make_view`) and returns plain Python values keyed by
node id. The work is done by igraph (measured faster on 2 cores than
networkit for exact betweenness: 52 s against 145 s at 20k organisations); the
values follow networkx's definitions, and the tests check them against
networkx. On graphs of :data:`PARALLEL_FROM` nodes or more, betweenness,
closeness, harmonic and constraint are spread over the available cores
(forked workers). Closeness and harmonic share one sweep of breadth-first
searches, cached on the engine, so the all-pairs distances are paid once.

Conventions
-----------
* A directed or multi-graph (the ``full`` view) is read as an undirected
  simple graph whose edge ``weight`` is the sum of its edges' weights (1 each
  when unweighted).
* Edge weights are **strengths** (shared initiatives). Weighted degree,
  eigenvector, PageRank, Burt's constraint and Louvain use them as they are.
  Shortest-path measures (betweenness, closeness, harmonic) count **hops** by
  default; with ``weighted=True`` an edge of weight *w* has length ``1/w``.
* ``betweenness``: normalised as networkx (by the pairs of the other nodes);
  ``closeness``: networkx's Wasserman-Faust form, so disconnected views
  compare across components; ``harmonic``: sum of inverse distances divided by
  ``n - 1``; ``eigenvector``: unit Euclidean norm; ``effective_size``:
  Borgatti's unweighted form, ``degree - 2 t / degree``.
* Sampling (``k``): betweenness, closeness and harmonic may be estimated when
  ``k`` is smaller than the number of nodes. Unweighted betweenness is then
  estimated by networkit's KADABRA (Borassi and Natale 2016: shortest paths
  between random pairs of nodes, sampled until every node's share is within an
  additive error with probability 0.9), the error derived from ``k`` by
  :func:`kadabra_error`, on one thread and seeded with ``seed``, so the values
  are reproducible. Source sampling ranked the hubs poorly (14-17 of the exact
  top 20 at 20k organisations with 500 sources, against 17-19 for KADABRA at
  error 0.01). Weighted betweenness is estimated from ``k`` source nodes drawn
  with ``random.Random(seed).sample(list(G), k)`` — the very sources
  networkx's ``betweenness_centrality(G, k, seed=seed, weight=...)`` draws, so
  it equals networkx's. Closeness and harmonic use the same sources but differ
  from networkx (which has no sampling for them): every node gets its
  distances to the sampled sources (one search per source serves all nodes,
  the graph being undirected), its first and second neighbours are counted
  exactly, and only the farther part of its sums is estimated (see
  :func:`_path_sums`); the estimates of the sums are unbiased, and exact when
  every node is within two hops.

Examples
--------
>>> import networkx as nx
>>> G = nx.path_graph(["a", "b", "c"])
>>> betweenness(G)
{'a': 0.0, 'b': 1.0, 'c': 0.0}
>>> table = metrics_table(G, ["degree", "pagerank"])
>>> [(r["id"], r["degree"]) for r in table.rows]
[('a', 1), ('b', 2), ('c', 1)]
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx
import numpy as np

from graphkit.errors import GraphkitError
from graphkit.memory import paused_gc
from graphkit.views import EmptyViewError, ViewSpec

Progress = Callable[[str], None] | None
Values = dict[str, float]


class _Engine:
    """A graph converted once to igraph, with node ids in networkx order.

    ``edges`` holds the vertex pairs ``(a, b)``, ``a < b``, as an integer array in
    the order networkx first lists them; parallel edges are summed into one.
    """

    @paused_gc()
    def __init__(self, G: nx.Graph):
        if G.number_of_nodes() == 0:
            raise EmptyViewError("the view is empty: there is nothing to measure")
        self.nodes = list(G)
        self.n = len(self.nodes)
        self.edges, weights = _edge_arrays(G, {n: i for i, n in enumerate(self.nodes)})
        self.graph = ig.Graph(n=self.n, edges=self.edges.tolist())
        self.graph.es["weight"] = weights.tolist()
        self.graph.es["length"] = (1 / weights).tolist()
        self._membership: np.ndarray | None = None
        self.sweeps: dict[tuple, tuple[np.ndarray, ...]] = {}

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
    :func:`graphkit.graph.edges_of` reads them (no reference cycle), in a loop of
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


def _engine(G: nx.Graph | _Engine) -> _Engine:
    return G if isinstance(G, _Engine) else _Engine(G)


def prepared(G: nx.Graph) -> _Engine:
    """*G* converted once for igraph; every function of :data:`MEASURES` (and
    :func:`communities`) takes it in place of *G*, so several measures share one
    conversion, as :func:`metrics_table` does.

    Examples
    --------
    >>> e = prepared(nx.path_graph(3))
    >>> degree(e), pagerank(e)[1] > pagerank(e)[0]
    ({0: 1, 1: 2, 2: 1}, True)
    """
    return _Engine(G)


def _sampled(engine: _Engine, k: int | None) -> bool:
    if k is None:
        return False
    if k < 1:
        raise GraphkitError(f"--k must be at least 1 (got {k})")
    return k < engine.n


def _uses_kadabra(engine: _Engine, k: int | None, weighted: bool) -> bool:
    """Whether betweenness is estimated by KADABRA (sampled hop counts) rather than from
    *k* sources (sampled lengths) or exactly."""
    return _sampled(engine, k) and not weighted


def sampling_note(name: str, k: int, seed: int = 0, weighted: bool = False) -> str:
    """How a sampled measure was estimated, in the words of every output's notes.

    Examples
    --------
    >>> sampling_note("closeness", 500)
    'closeness estimated from k=500 sampled sources (seed 0)'
    """
    if name == "betweenness" and not weighted:
        return f"betweenness estimated with KADABRA (error {kadabra_error(k):g}, seed {seed})"
    return f"{name} estimated from k={k} sampled sources (seed {seed})"


#: Graphs with at least this many nodes spread path measures over the available cores.
PARALLEL_FROM = 3000
_WORKER_GRAPH: ig.Graph | None = None


def _workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def _run_betweenness(args: tuple[list[int] | None, str | None]) -> list[float]:
    sources, lengths = args
    return _WORKER_GRAPH.betweenness(directed=False, weights=lengths, sources=sources)


def _run_sweep(args: tuple[list[int], str | None, int]) -> np.ndarray:
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


def _run_constraint(vertices: list[int]) -> list[float]:
    return _WORKER_GRAPH.constraint(vertices, weights="weight")


def _run_second_neighbours(vertices: list[int]) -> list[int]:
    return _WORKER_GRAPH.neighborhood_size(vertices, order=2, mindist=2)


def _split(items: list[int], parts: int) -> list[list[int]]:
    return [items[i::parts] for i in range(parts) if items[i::parts]]


def _parallel(e: _Engine, function: Callable, jobs: list[tuple]) -> list:
    """Run *function* over *jobs* with the engine's igraph graph, on every core when big."""
    global _WORKER_GRAPH
    _WORKER_GRAPH = e.graph
    try:
        if len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
                return pool.map(function, jobs)
        return [function(job) for job in jobs]
    finally:
        _WORKER_GRAPH = None


def _parts(e: _Engine) -> int:
    return _workers() if e.n >= PARALLEL_FROM else 1


def _in_background(function: Callable[[], Values]) -> Callable[[], Values]:
    """Start *function* in a forked process; return a function that waits for its value.

    The process inherits the engine, so nothing but the result is pickled.
    Without ``fork``, *function* runs when its value is asked for.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return function
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send(function())
        except BaseException as exc:  # re-raised in the parent
            sender.send(exc)

    process = context.Process(target=run, daemon=True)
    process.start()
    sender.close()

    def value() -> Values:
        try:
            result = receiver.recv()
        except EOFError:  # the process died without answering (killed, out of memory)
            process.join()
            raise GraphkitError(f"the background process computing a measure ended with exit "
                                f"code {process.exitcode} before giving its result (out of "
                                "memory?)") from None
        finally:
            receiver.close()
        process.join()
        if isinstance(result, BaseException):
            raise result
        return result

    return value


def degree(G: nx.Graph) -> dict[str, int]:
    """Number of distinct neighbours.

    Examples
    --------
    >>> degree(nx.star_graph(2))
    {0: 2, 1: 1, 2: 1}
    """
    e = _engine(G)
    return dict(zip(e.nodes, e.graph.degree(), strict=True))


def weighted_degree(G: nx.Graph) -> Values:
    """Sum of the weights of a node's edges (its strength).

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=3)
    >>> weighted_degree(G)
    {'a': 3.0, 'b': 3.0}
    """
    e = _engine(G)
    return e.values(e.graph.strength(weights="weight"))


def betweenness(G: nx.Graph, k: int | None = None, seed: int = 0,
                weighted: bool = False) -> Values:
    """Normalised betweenness; estimated when *k* < n.

    Exact, it equals ``nx.betweenness_centrality(G)`` (with ``weight=`` lengths
    ``1/w`` when *weighted*). Sampled and unweighted, it is KADABRA's estimate
    (see :func:`_kadabra`), within :func:`kadabra_error` of the exact value for
    every node with probability 0.9; sampled and weighted, it equals
    ``nx.betweenness_centrality(G, k=k, seed=seed, weight="length")``.

    Examples
    --------
    >>> betweenness(nx.star_graph(2))
    {0: 1.0, 1: 0.0, 2: 0.0}
    """
    e = _engine(G)
    n = e.n
    if n <= 2:
        return e.values([0.0] * n)
    lengths = "length" if weighted else None
    if _uses_kadabra(e, k, weighted):
        return e.values(_kadabra(e, kadabra_error(k), seed).tolist())
    sampled = _sampled(e, k)
    sources = e.sources(k, seed) if sampled else list(range(n))
    parts = _parallel(e, _run_betweenness,
                      [(chunk, lengths) for chunk in _split(sources, _parts(e))])
    raw = np.sum(parts, axis=0).tolist()
    if not sampled:
        return e.values(2 * b / ((n - 1) * (n - 2)) for b in raw)
    chosen = set(sources)
    scale_source = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    scale_other = 2 / (k * (n - 2))
    return e.values(b * (scale_source if i in chosen else scale_other)
                    for i, b in enumerate(raw))


#: KADABRA's error at :data:`DEFAULT_K` sampled sources, and its bounds.
KADABRA_ERROR, KADABRA_ERROR_RANGE = 0.005, (0.001, 0.05)


def kadabra_error(k: int) -> float:
    """The additive error asked of KADABRA for betweenness "sampled with *k*".

    ``0.005 * sqrt(500 / k)``, within [0.001, 0.05]: 0.005 at the default
    ``k = 500`` (18-19 of the exact top 20 at 20k organisations), and, like an
    estimate from *k* sources, halving when *k* quadruples. The error is on
    networkx's normalised scale (up to a factor ``n / (n - 2)``); the samples
    needed grow as ``1 / error**2``.

    Examples
    --------
    >>> kadabra_error(500), kadabra_error(2000), kadabra_error(5)
    (0.005, 0.0025, 0.05)
    """
    low, high = KADABRA_ERROR_RANGE
    return round(min(high, max(low, KADABRA_ERROR * math.sqrt(DEFAULT_K / k))), 6)


def _kadabra(e: _Engine, error: float, seed: int, delta: float = 0.1) -> np.ndarray:
    """Betweenness estimated by networkit's KADABRA, normalised as networkx.

    KADABRA samples a uniform pair of distinct nodes and one of their shortest
    paths at random, and counts the inner nodes. It runs on one thread: its
    parallel sampling is not reproducible for a seed (networkit 11.3), even
    with ``deterministic=True``. Its scores are twice the share of ordered
    pairs whose paths cross the node, ``4 b / (n (n - 1))`` for a raw
    betweenness ``b`` — but networkit 11.3 also counts the ``omega / 100``
    samples of its warm-up phase without counting them as pairs, so the
    scores are first scaled by ``(iterations - warm-up) / iterations``.
    networkx divides ``b`` by ``(n - 1) (n - 2) / 2``.
    """
    try:
        import networkit as nk
    except ImportError as exc:  # pragma: no cover - networkit is a dependency
        raise GraphkitError("sampled betweenness needs networkit: pip install networkit") from exc
    n = e.n
    membership = e.membership()
    sizes = np.bincount(membership)
    ties = np.bincount(membership[e.edges[:, 0]], minlength=len(sizes))
    if np.all(ties == sizes * (sizes - 1) // 2):
        # Every component a clique: no inner nodes, and KADABRA's bound needs a diameter of 2+.
        return np.zeros(n)
    graph = nk.graph.Graph(n, weighted=False, directed=False)
    if len(e.edges):
        ends = e.edges.astype(np.uint64)
        graph.addEdges((ends[:, 0], ends[:, 1]))
    threads = nk.getCurrentNumberOfThreads()
    nk.setNumberOfThreads(1)
    try:
        nk.engineering.setSeed(seed, False)
        kadabra = nk.centrality.KadabraBetweenness(graph, error, delta, True)
        kadabra.run()
    finally:
        nk.setNumberOfThreads(threads)
    iterations = kadabra.getNumberOfIterations()
    warm_up = int(kadabra.getOmega() / 100)
    scores = np.array(kadabra.scores())
    if iterations > warm_up:
        scores *= (iterations - warm_up) / iterations
    return scores * n / (2 * (n - 2))


def closeness(G: nx.Graph, k: int | None = None, seed: int = 0,
              weighted: bool = False) -> Values:
    """Closeness in networkx's Wasserman-Faust form, ``(r-1)/(n-1) · (r-1)/Σd``.

    *r* is the size of the node's component and ``Σd`` the sum of its
    distances to the other nodes of the component. Exact values come from one
    breadth-first sweep shared with :func:`harmonic`. With *k* < n, ``Σd`` is
    estimated from *k* sampled sources (see :func:`_path_sums`).

    Examples
    --------
    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    e = _engine(G)
    if e.n == 1:
        return e.values([0.0])
    sizes = np.asarray(e.component_sizes(), dtype=float)
    total = _path_sums(e, k, seed, weighted)[0]
    out = np.divide((sizes - 1) ** 2, (e.n - 1) * total, out=np.zeros(e.n), where=total > 0)
    return e.values(out.tolist())


def harmonic(G: nx.Graph, k: int | None = None, seed: int = 0,
             weighted: bool = False) -> Values:
    """Harmonic centrality ``Σ 1/d(u, v) / (n - 1)``; estimated from *k* sources when *k* < n.

    Equals ``nx.harmonic_centrality(G)[v] / (n - 1)``. Exact values come from
    the breadth-first sweep shared with :func:`closeness`; for the estimate
    see :func:`_path_sums`.

    Examples
    --------
    >>> harmonic(nx.path_graph(3))
    {0: 0.75, 1: 1.0, 2: 0.75}
    """
    e = _engine(G)
    if e.n == 1:
        return e.values([0.0])
    return e.values((_path_sums(e, k, seed, weighted)[1] / (e.n - 1)).tolist())


def _path_sums(e: _Engine, k: int | None, seed: int, weighted: bool) -> tuple[np.ndarray, ...]:
    """For every node, ``Σd`` over its component and ``Σ1/d`` over the graph, exact or estimated.

    Exact: one sweep of breadth-first searches (Dijkstra when *weighted*) from
    every node, shared by closeness and harmonic. Sampled (*k* < n): sweeps
    from the *k* sources of :meth:`_Engine.sources` only, stratified on hops
    for unweighted paths: the nodes at distance 1 and 2 (degree and second
    neighbours) are counted exactly and only the farther ones are estimated,
    from the mean over the sampled sources that are farther. Nodes whose
    component or far stratum holds no sampled source are computed exactly.
    """
    key = ("sums", k if _sampled(e, k) else None, seed, weighted)
    if key in e.sweeps:
        return e.sweeps[key]
    lengths = "length" if weighted else None
    n = e.n
    sizes = np.asarray(e.component_sizes(), dtype=float)
    if not _sampled(e, k):
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
        chunks = _split(list(range(n)), _parts(e))
        second = np.zeros(n)
        for chunk, values in zip(chunks, _parallel(e, _run_second_neighbours, chunks),
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


def _sweep(e: _Engine, sources: list[int], lengths: str | None, beyond: int
           ) -> np.ndarray:
    """Sums over *sources* (see :func:`_run_sweep`), spread over the cores when big."""
    parts = _parallel(e, _run_sweep, [(chunk, lengths, beyond)
                                      for chunk in _split(sources, _parts(e))])
    return np.sum(parts, axis=0)


def eigenvector(G: nx.Graph) -> Values:
    """Weighted eigenvector centrality, scaled to unit Euclidean norm (as networkx).

    On a disconnected view the values concentrate on the component with the
    largest leading eigenvalue; the others get (nearly) zero. ARPACK's start
    vector is seeded, so even those near-zero values repeat exactly.

    Examples
    --------
    >>> {n: round(v, 3) for n, v in eigenvector(nx.path_graph(3)).items()}
    {0: 0.5, 1: 0.707, 2: 0.5}
    """
    e = _engine(G)
    if not len(e.edges):
        return e.values([1 / math.sqrt(e.n)] * e.n)
    import warnings

    with warnings.catch_warnings(), seeded_igraph(0):
        warnings.simplefilter("ignore", RuntimeWarning)
        raw = np.asarray(e.graph.eigenvector_centrality(weights="weight"))
    return e.values((np.abs(raw) / np.linalg.norm(raw)).tolist())


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """igraph's random numbers (Louvain's order, ARPACK's start vector, layouts) from
    *seed*, then back to Python's ``random``, which igraph uses by default.

    Examples
    --------
    >>> with seeded_igraph(1):
    ...     a = ig.Graph.Erdos_Renyi(20, 0.2).ecount()
    >>> with seeded_igraph(1):
    ...     b = ig.Graph.Erdos_Renyi(20, 0.2).ecount()
    >>> a == b
    True
    """
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def pagerank(G: nx.Graph, alpha: float = 0.85) -> Values:
    """Weighted PageRank with damping *alpha* (as ``nx.pagerank``).

    Examples
    --------
    >>> round(sum(pagerank(nx.path_graph(4)).values()), 6)
    1.0
    """
    e = _engine(G)
    return e.values(e.graph.pagerank(weights="weight", damping=alpha, directed=False))


def constraint(G: nx.Graph) -> dict[str, float | None]:
    """Burt's constraint on the weighted ties (as ``nx.constraint(G, weight="weight")``).

    Isolated nodes get ``None``.

    Examples
    --------
    >>> constraint(nx.star_graph(2))
    {0: 0.5, 1: 1.0, 2: 1.0}
    """
    e = _engine(G)
    chunks = _split(list(range(e.n)), _parts(e))
    out = [0.0] * e.n
    for chunk, values in zip(chunks, _parallel(e, _run_constraint, chunks), strict=True):
        for i, c in zip(chunk, values, strict=True):
            out[i] = None if math.isnan(c) else c
    return e.values(out)


def effective_size(G: nx.Graph) -> dict[str, float | None]:
    """Burt's effective size, in Borgatti's unweighted form ``d - 2t/d``.

    *d* is the number of neighbours and *t* the ties among them (as
    ``nx.effective_size(G)``). Isolated nodes get ``None``.

    Examples
    --------
    >>> effective_size(nx.star_graph(2))
    {0: 2.0, 1: 1.0, 2: 1.0}
    """
    e = _engine(G)
    local = e.graph.transitivity_local_undirected(mode="zero")
    return e.values(None if d == 0 else d - c * (d - 1)
                    for d, c in zip(e.graph.degree(), local, strict=True))


def core_number(G: nx.Graph) -> dict[str, int]:
    """k-core number: the largest *k* such that the node is in the k-core.

    Examples
    --------
    >>> core_number(nx.complete_graph(3))
    {0: 2, 1: 2, 2: 2}
    """
    e = _engine(G)
    return dict(zip(e.nodes, e.graph.coreness(), strict=True))


@dataclass(frozen=True)
class Partition:
    """Communities of a graph.

    Attributes
    ----------
    communities : list of list of str
        Largest first; members sorted.
    membership : dict
        Node id → community number (1 = the largest).
    modularity : float
        Weighted modularity of the partition.
    seed : int
        The seed used.
    """

    communities: list[list[str]]
    membership: dict[str, int]
    modularity: float
    seed: int


def communities(G: nx.Graph, seed: int = 0, resolution: float = 1.0) -> Partition:
    """Louvain communities on the weighted ties, seeded, with their modularity.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> communities(G).communities
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    e = _engine(G)
    with seeded_igraph(seed):
        clustering = e.graph.community_multilevel(weights="weight", resolution=resolution)
    groups: dict[int, list[str]] = {}
    for node, label in zip(e.nodes, clustering.membership, strict=True):
        groups.setdefault(label, []).append(node)
    ordered = sorted((sorted(members, key=str) for members in groups.values()),
                     key=lambda m: (-len(m), str(m[0])))
    membership = {n: i for i, members in enumerate(ordered, 1) for n in members}
    score = modularity(e, ordered, resolution) if len(e.edges) else 0.0
    return Partition(ordered, membership, score, seed)


def modularity(G: nx.Graph | _Engine, parts: Iterable[Iterable[str]],
               resolution: float = 1.0) -> float:
    """Weighted modularity of a partition (as ``nx.community.modularity``).

    Examples
    --------
    >>> round(modularity(nx.barbell_graph(3, 0), [[0, 1, 2], [3, 4, 5]]), 4)
    0.3571
    """
    e = _engine(G)
    label = {n: i for i, members in enumerate(parts) for n in members}
    return e.graph.modularity([label[n] for n in e.nodes], weights="weight",
                              resolution=resolution, directed=False)


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
#: Views with more nodes than this sample the path measures unless told otherwise:
#: exact betweenness grows with nodes times ties (≈40 s at 14,000 nodes here).
EXACT_UP_TO = 20_000
#: Sources sampled by default above :data:`EXACT_UP_TO`.
DEFAULT_K = 500


def default_k(G: nx.Graph, k: int | None = None, exact: bool = False) -> int | None:
    """The number of sampled sources to use on *G*: *k* if given, else none (exact) for
    views up to :data:`EXACT_UP_TO` nodes or when *exact*, else :data:`DEFAULT_K`.

    Examples
    --------
    >>> default_k(nx.path_graph(10)) is None
    True
    >>> default_k(nx.path_graph(10), k=5)
    5
    """
    if k is not None or exact or G.number_of_nodes() <= EXACT_UP_TO:
        return k
    return DEFAULT_K


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
    """

    rows: list[dict]
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    view: ViewSpec | None = None
    partition: Partition | None = None


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
        A view from :func:`graphkit.views.make_view` (any networkx graph works).
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
    say = progress or (lambda _: None)
    view = G.graph.get("view")
    notes = [view.describe()] if isinstance(view, ViewSpec) else []
    start = time.perf_counter()
    e = _Engine(G)
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
    if "betweenness" in names and _uses_kadabra(e, k, weighted) and _parts(e) > 1:
        # KADABRA runs on one thread: on a large view it runs in a process of its own,
        # beside the other measures (which still spread over every core).
        say(f"betweenness (sampled, k={k}) in a background process…")
        background = (time.perf_counter(),
                      _in_background(lambda: betweenness(e, k=k, seed=seed)))
    for name in names:
        started = time.perf_counter()
        sampled = name in MEASURES and MEASURES[name].sampled and _sampled(e, k)
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
        attrs = G.nodes[node]
        row = {"id": node, "label": attrs.get("label", node), "type": attrs.get("type")}
        for name in names:
            row[name] = values[name][node]
        rows.append(row)
    return MetricsTable(rows, columns, notes, view if isinstance(view, ViewSpec) else None,
                        partition)
