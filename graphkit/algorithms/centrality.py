"""Centrality: degree, weighted degree, betweenness, closeness, harmonic, eigenvector, PageRank.

Every function takes a networkx graph (or an engine from :func:`prepared`) and returns a
value per node; see :mod:`graphkit.algorithms` for the conventions and the sampling.

Examples
--------
>>> import networkx as nx
>>> betweenness(nx.path_graph(["a", "b", "c"]))
{'a': 0.0, 'b': 1.0, 'c': 0.0}
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from graphkit.algorithms._backend import (
    Engine,
    Values,
    cores_for,
    engine,
    is_sampled,
    path_sums,
    run_betweenness,
    run_parallel,
    seeded_igraph,
    split_jobs,
    uses_kadabra,
)
from graphkit.errors import GraphkitError


def degree(G: nx.Graph) -> dict[str, int]:
    """Number of distinct neighbours.

    Examples
    --------
    >>> degree(nx.star_graph(2))
    {0: 2, 1: 1, 2: 1}
    """
    e = engine(G)
    return dict(zip(e.nodes, e.graph.degree(), strict=True))


def weighted_degree(G: nx.Graph) -> Values:
    """Sum of the weights of a node's edges (its strength).

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("a", "b", weight=3)
    >>> weighted_degree(G)
    {'a': 3.0, 'b': 3.0}
    """
    e = engine(G)
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
    e = engine(G)
    n = e.n
    if n <= 2:
        return e.values([0.0] * n)
    lengths = "length" if weighted else None
    if uses_kadabra(e, k, weighted):
        return e.values(_kadabra(e, kadabra_error(k), seed).tolist())
    sampled = is_sampled(e, k)
    sources = e.sources(k, seed) if sampled else list(range(n))
    parts = run_parallel(e, run_betweenness,
                      [(chunk, lengths) for chunk in split_jobs(sources, cores_for(e))])
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


def _kadabra(e: Engine, error: float, seed: int, delta: float = 0.1) -> np.ndarray:
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
    estimated from *k* sampled sources (see :func:`path_sums`).

    Examples
    --------
    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    e = engine(G)
    if e.n == 1:
        return e.values([0.0])
    sizes = np.asarray(e.component_sizes(), dtype=float)
    total = path_sums(e, k, seed, weighted)[0]
    out = np.divide((sizes - 1) ** 2, (e.n - 1) * total, out=np.zeros(e.n), where=total > 0)
    return e.values(out.tolist())


def harmonic(G: nx.Graph, k: int | None = None, seed: int = 0,
             weighted: bool = False) -> Values:
    """Harmonic centrality ``Σ 1/d(u, v) / (n - 1)``; estimated from *k* sources when *k* < n.

    Equals ``nx.harmonic_centrality(G)[v] / (n - 1)``. Exact values come from
    the breadth-first sweep shared with :func:`closeness`; for the estimate
    see :func:`path_sums`.

    Examples
    --------
    >>> harmonic(nx.path_graph(3))
    {0: 0.75, 1: 1.0, 2: 0.75}
    """
    e = engine(G)
    if e.n == 1:
        return e.values([0.0])
    return e.values((path_sums(e, k, seed, weighted)[1] / (e.n - 1)).tolist())


#: Eigenvector values below this are the solver's rounding noise (1e-17 and the like): 0.
EIGENVECTOR_TOLERANCE = 1e-10


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
    e = engine(G)
    if not len(e.edges):
        return e.values([1 / math.sqrt(e.n)] * e.n)
    import warnings

    with warnings.catch_warnings(), seeded_igraph(0):
        warnings.simplefilter("ignore", RuntimeWarning)
        raw = np.asarray(e.graph.eigenvector_centrality(weights="weight"))
    values = np.abs(raw) / np.linalg.norm(raw)
    values[values < EIGENVECTOR_TOLERANCE] = 0.0  # the solver's noise, not a centrality
    return e.values(values.tolist())


def pagerank(G: nx.Graph, alpha: float = 0.85) -> Values:
    """Weighted PageRank with damping *alpha* (as ``nx.pagerank``).

    Examples
    --------
    >>> round(sum(pagerank(nx.path_graph(4)).values()), 6)
    1.0
    """
    e = engine(G)
    return e.values(e.graph.pagerank(weights="weight", damping=alpha, directed=False))


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
    return k if k is not None or exact else default_k_of(G.number_of_nodes())


def default_k_of(nodes: int) -> int | None:
    """The sampled sources for a view of *nodes* nodes: none (exact) up to
    :data:`EXACT_UP_TO`, else :data:`DEFAULT_K`.

    Examples
    --------
    >>> default_k_of(100), default_k_of(EXACT_UP_TO + 1)
    (None, 500)
    """
    return None if nodes <= EXACT_UP_TO else DEFAULT_K


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
