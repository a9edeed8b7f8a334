"""Communities: seeded Louvain partitions and their modularity.

Examples
--------
>>> import networkx as nx
>>> communities(nx.barbell_graph(3, 0)).communities
[[0, 1, 2], [3, 4, 5]]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graphkit.algorithms._backend import Engine, engine, seeded_igraph


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
    e = engine(G)
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


def modularity(G: nx.Graph | Engine, parts: Iterable[Iterable[str]],
               resolution: float = 1.0) -> float:
    """Weighted modularity of a partition (as ``nx.community.modularity``).

    Examples
    --------
    >>> round(modularity(nx.barbell_graph(3, 0), [[0, 1, 2], [3, 4, 5]]), 4)
    0.3571
    """
    e = engine(G)
    label = {n: i for i, members in enumerate(parts) for n in members}
    return e.graph.modularity([label[n] for n in e.nodes], weights="weight",
                              resolution=resolution, directed=False)


def community_rows(G: nx.Graph, partition: Partition) -> list[dict]:
    """One row per community of *partition*: ``community`` (1 = the largest), ``size``, the
    members' ``ids`` and ``members`` (their labels in *G*).

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> [(r["community"], r["ids"]) for r in community_rows(G, communities(G))]
    [(1, [0, 1, 2]), (2, [3, 4, 5])]
    """
    return [{"community": i, "size": len(members), "ids": members,
             "members": [G.nodes[n].get("label", n) for n in members]}
            for i, members in enumerate(partition.communities, 1)]
