"""Cores: the k-core number of every node.

Examples
--------
>>> import networkx as nx
>>> core_number(nx.path_graph(3))
{0: 1, 1: 1, 2: 1}
"""

from __future__ import annotations

import networkx as nx

from graphkit.algorithms._backend import engine


def core_number(G: nx.Graph) -> dict[str, int]:
    """k-core number: the largest *k* such that the node is in the k-core.

    Examples
    --------
    >>> core_number(nx.complete_graph(3))
    {0: 2, 1: 2, 2: 2}
    """
    e = engine(G)
    return dict(zip(e.nodes, e.graph.coreness(), strict=True))
