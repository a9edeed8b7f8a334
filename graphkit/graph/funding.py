"""Who funds the initiatives an actor takes part in: funders, programming authorities and the
programmes that co-finance them.

An initiative's funders are the organisations related to it by ``funds`` or
``programming_authority_of`` (:data:`FUNDING`) and the programmes it is ``cofinanced_by``,
wherever they lie and whenever the source states it.
:func:`funders_of` counts, for each actor, how many of its initiatives each funder funds —
the second half of "who bridges these projects, and who funds them?".

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, g in (("coop", "organisation"), ("region", "organisation"), ("p", "initiative"),
...              ("por", "initiative")):
...     G.add_node(n, label=n.upper(), group=g)
>>> _ = G.add_edge("coop", "p", relation="beneficiary_of")
>>> _ = G.add_edge("region", "p", relation="programming_authority_of")
>>> _ = G.add_edge("p", "por", relation="cofinanced_by")
>>> funders_of(G, ["coop"])
{'coop': Funding(initiatives=1, funders=[('por', 1), ('region', 1)])}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graphkit.graph.build import root_of
from graphkit.schema.vocabulary import PARTICIPATION, Group, Rel

#: Relations by which an organisation funds an initiative.
FUNDING = frozenset({Rel.FUNDS, Rel.PROGRAMMING_AUTHORITY_OF})


def without_funding(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """*G* without its :data:`FUNDING` edges (a read-only view): funders are then no
    participants, and tie no one in an organisation view made of it.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "p", {"relation": "funds"}),
    ...                      ("b", "p", {"relation": "partner_of"})])
    >>> list(without_funding(G).edges())
    [('b', 'p')]
    """
    return nx.subgraph_view(G, filter_edge=lambda u, v, k: G[u][v][k]["relation"] not in FUNDING)


@dataclass(frozen=True)
class Funding:
    """How the initiatives an actor takes part in are funded.

    Attributes
    ----------
    initiatives : int
        How many initiatives the actor takes part in (funding them aside).
    funders : list of (str, int)
        Each funder's id and how many of those initiatives it funds, most first, then by id.
    """

    initiatives: int
    funders: list[tuple[str, int]]


def funders_of(G: nx.MultiDiGraph, actors: Iterable[str], view: nx.MultiDiGraph | None = None,
               level: str = "local") -> dict[str, Funding]:
    """For each actor of *actors*, the funders of the initiatives it takes part in.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The typed graph: who funds an initiative is read here, whatever a view keeps (a
        programme lies in no territory, a funder may be elsewhere).
    actors : iterable of str
        Nodes of *view*.
    view : networkx.MultiDiGraph, optional
        A ``full`` view of *G* (default *G* itself): the initiatives an actor takes part in
        are read here, so a window or a territory applies to them.
    level : {"local", "parent"}
        The view's level: at ``parent`` a funding branch counts as its parent.

    Returns
    -------
    dict
        Actor -> :class:`Funding`. An actor is not its own funder.
    """
    view = G if view is None else view
    initiative = Group.INITIATIVE.value
    cache: dict[str, set[str]] = {}

    def who(node: str) -> str:
        if level == "parent" and G.nodes[node].get("group") == Group.ORGANISATION.value:
            return root_of(G, node)
        return node

    def funders(node: str) -> set[str]:
        if node not in cache:
            cache[node] = ({who(u) for u, _, d in G.in_edges(node, data=True)
                            if d.get("relation") in FUNDING}
                           | {v for _, v, d in G.out_edges(node, data=True)
                              if d.get("relation") == Rel.COFINANCED_BY})
        return cache[node]

    found = {}
    for actor in actors:
        initiatives = {v for _, v, d in view.out_edges(actor, data=True)
                       if d.get("relation") in PARTICIPATION - FUNDING
                       and view.nodes[v].get("group") == initiative}
        counts = Counter(f for p in initiatives for f in funders(p) if f != actor)
        found[actor] = Funding(len(initiatives),
                               sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return found
