"""Brokerage: Burt's constraint and effective size.

Examples
--------
>>> import networkx as nx
>>> constraint(nx.star_graph(2))[0]
0.5
"""

from __future__ import annotations

import math

import networkx as nx

from graphkit.algorithms._backend import cores_for, engine, run_constraint, run_parallel, split_jobs


def constraint(G: nx.Graph) -> dict[str, float | None]:
    """Burt's constraint on the weighted ties (as ``nx.constraint(G, weight="weight")``).

    Isolated nodes get ``None``.

    Examples
    --------
    >>> constraint(nx.star_graph(2))
    {0: 0.5, 1: 1.0, 2: 1.0}
    """
    e = engine(G)
    chunks = split_jobs(list(range(e.n)), cores_for(e))
    out = [0.0] * e.n
    for chunk, values in zip(chunks, run_parallel(e, run_constraint, chunks), strict=True):
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
    e = engine(G)
    local = e.graph.transitivity_local_undirected(mode="zero")
    return e.values(None if d == 0 else d - c * (d - 1)
                    for d, c in zip(e.graph.degree(), local, strict=True))
