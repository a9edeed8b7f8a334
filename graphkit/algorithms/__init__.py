"""Network measures of a view, one family per module: :mod:`~graphkit.algorithms.centrality`,
:mod:`~graphkit.algorithms.brokerage`, :mod:`~graphkit.algorithms.cores`,
:mod:`~graphkit.algorithms.louvain`, and :mod:`~graphkit.algorithms.table` for the
table of every measure a command prints.

Every function takes a networkx graph first (usually a view made by
:func:`graphkit.graph.views.make_view`) and returns plain Python values keyed by
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
>>> from graphkit.algorithms import betweenness, metrics_table
>>> G = nx.path_graph(["a", "b", "c"])
>>> betweenness(G)
{'a': 0.0, 'b': 1.0, 'c': 0.0}
>>> table = metrics_table(G, ["degree", "pagerank"])
>>> [(r["id"], r["degree"]) for r in table.rows]
[('a', 1), ('b', 2), ('c', 1)]
"""


import importlib

#: Where each public name lives. Each is imported when first asked for: a process that
#: only writes measures out (:mod:`~graphkit.algorithms.values`) or waits for them
#: (:mod:`~graphkit.algorithms.background`) then imports neither scipy nor the graph code.
_WHERE = {
    **dict.fromkeys(("Background", "in_background"), "background"),
    **dict.fromkeys(("MEASURE_DECIMALS", "by_measure", "node_metrics", "rounded"), "values"),
    **dict.fromkeys(("prepared", "seeded_igraph"), "_backend"),
    **dict.fromkeys(("BridgesTable", "bridges_table"), "bridges"),
    **dict.fromkeys(("constraint", "effective_size"), "brokerage"),
    **dict.fromkeys(("cache_folder", "dataset_measures"), "cache"),
    **dict.fromkeys(("DEFAULT_K", "EXACT_UP_TO", "betweenness", "closeness", "default_k",
                     "degree", "eigenvector", "harmonic", "kadabra_error", "pagerank",
                     "sampling_note", "weighted_degree"), "centrality"),
    **dict.fromkeys(("Partition", "communities", "community_rows", "modularity"), "louvain"),
    "core_number": "cores",
    **dict.fromkeys(("COMMUNITY", "MEASURES", "Measure", "MetricsTable", "check_measures",
                     "default_measures", "measures_of_view", "metrics_table", "ranked"),
                    "table"),
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
