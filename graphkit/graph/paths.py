"""Shortest connections between two actors, each hop with its relation and evidence.

Paths are searched in the ``full`` view (so a window, a territory or a level
apply) read as undirected, without territories: being located in the same
province is not a connection. A hop from an organisation to a project and on
to another organisation is two hops, each a sourced relation.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, t in (("a", "organisation"), ("b", "organisation"), ("p", "initiative")):
...     G.add_node(n, label=n.upper(), group=t, type="x")
>>> _ = G.add_edge("a", "p", relation="partner_of", source_document="d1", date="2020")
>>> _ = G.add_edge("b", "p", relation="partner_of", source_document="d2", date="2021")
>>> [[(h.source, h.target) for h in path] for path in shortest_connections(G, "a", "b")]
[[('a', 'p'), ('p', 'b')]]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.graph.build import edges_of, evidence
from graphkit.schema.vocabulary import RELATIONS, Group


@dataclass(frozen=True)
class Evidence:
    """One relation record supporting a hop: what it says, and where (see
    :func:`graphkit.graph.build.evidence`)."""

    relation: str
    subject: str
    object: str
    role: str | None
    where: dict


@dataclass(frozen=True)
class Hop:
    """A step of a path: from *source* to *target*, with every relation record between them."""

    source: str
    target: str
    evidence: tuple[Evidence, ...]


def shortest_connections(G: nx.MultiDiGraph, a: str, b: str, limit: int = 5) -> list[list[Hop]]:
    """Up to *limit* shortest paths from *a* to *b* (node ids), as lists of hops.

    Raises
    ------
    GraphkitError
        If *a* or *b* is not in the graph, if they are the same, or if no path joins them.
    """
    for node in (a, b):
        if node not in G:
            raise GraphkitError(f"{node!r} is not in this view")
    if a == b:
        raise GraphkitError("give two different actors")
    territory = Group.TERRITORY.value
    H = nx.Graph()
    H.add_nodes_from(n for n, g in G.nodes(data="group") if g != territory)
    H.add_edges_from((u, v) for u, v, _ in edges_of(G) if u in H and v in H and u != v)
    try:
        paths = list(islice(nx.all_shortest_paths(H, a, b), limit))
    except nx.NetworkXNoPath:
        raise GraphkitError(f"{G.nodes[a].get('label', a)} and {G.nodes[b].get('label', b)} "
                            "are not connected in this view") from None
    return [[Hop(u, v, _evidence(G, u, v)) for u, v in pairwise(path)] for path in paths]


def _evidence(G: nx.MultiDiGraph, u: str, v: str) -> tuple[Evidence, ...]:
    found = []
    for s, t in ((u, v), (v, u)):
        for d in (G.get_edge_data(s, t) or {}).values():
            found.append(Evidence(d["relation"], s, t, d.get("role"), evidence(G, d)))
    order = list(RELATIONS)
    return tuple(sorted(found, key=lambda e: (order.index(e.relation) if e.relation in order
                                              else len(order), e.where["source_document"] or "")))


def path_rows(G: nx.Graph, paths: list[list[Hop]]) -> list[dict]:
    """One row per relation record of every hop of *paths*: ``path``, ``step``, ``from``,
    ``relation`` (``← …`` when read against its direction), ``to``, their ids, the ``role``
    and where it is stated (:func:`graphkit.graph.build.evidence`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "p", relation="partner_of", source_document="d1")
    >>> _ = G.add_edge("b", "p", relation="partner_of", source_document="d1")
    >>> rows = path_rows(G, shortest_connections(G, "a", "b"))
    >>> [(r["from"], r["relation"], r["to"]) for r in rows]
    [('a', 'partner of', 'p'), ('p', '← partner of', 'b')]
    """
    rows = []
    for number, hops in enumerate(paths, 1):
        for step, hop in enumerate(hops, 1):
            for found in hop.evidence:
                spec = RELATIONS.get(found.relation)
                label = spec.label_en if spec else found.relation
                rows.append({
                    "path": number, "step": step,
                    "from_id": hop.source, "from": G.nodes[hop.source].get("label", hop.source),
                    "relation": label if found.subject == hop.source else f"← {label}",
                    "to_id": hop.target, "to": G.nodes[hop.target].get("label", hop.target),
                    "role": found.role, **found.where,
                })
    return rows
