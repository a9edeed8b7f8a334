"""Which organisations bridge the initiatives of a view, and who funds the initiatives they
take part in: the researcher's question "which organisations bridge social-inclusion
projects in Puglia since 2021, and who funds them?" in one table.

Organisations are ranked as :func:`graphkit.algorithms.ranked` ranks them — betweenness
(who bridges), then weighted degree — in the organisation view of the filters given; each
row adds how many initiatives the organisation takes part in and their funders
(:func:`graphkit.graph.funding.funders_of`: funders, programming authorities, programmes).
By default funding is not a tie: a region that is the programming authority of every
project would otherwise bridge everyone, and it is listed as a funder instead;
``with_funding=True`` counts funding as taking part, as ``metrics`` does.

Examples
--------
>>> from graphkit.graph.build import build_graph
>>> from graphkit.model.load import load_dataset
>>> table = bridges_table(build_graph(load_dataset()), territory="Lombardia", top=3)
>>> [sorted(row) for row in table.rows][0]
['betweenness', 'funders', 'id', 'initiatives', 'label', 'type', 'weighted_degree']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graphkit.algorithms.table import Progress, default_k, metrics_table, ranked
from graphkit.graph.funding import funders_of, without_funding
from graphkit.graph.views import make_view

#: The measures a bridges table ranks by.
BRIDGE_MEASURES = ("betweenness", "weighted_degree")


@dataclass
class BridgesTable:
    """Organisations most bridging first, with the funders of their initiatives.

    Attributes
    ----------
    rows : list of dict
        ``id``, ``label``, ``type``, ``betweenness``, ``weighted_degree``, ``initiatives``
        (how many the organisation takes part in) and ``funders``: ``(id, label, count)``
        for each funder of those initiatives, most first.
    notes : list of str
        The view and how the measures were computed.
    """

    rows: list[dict]
    notes: list[str] = field(default_factory=list)


def bridges_table(G: nx.MultiDiGraph, *, level: str = "local", since: object = None,
                  until: object = None, territory: str | None = None,
                  include_persons: bool = False, with_funding: bool = False,
                  top: int | None = None, k: int | None = None, exact: bool = False,
                  seed: int = 0, progress: Progress = None) -> BridgesTable:
    """The bridges of the organisation view of *G* (filters as
    :func:`graphkit.graph.views.make_view`), each with the funders of its initiatives.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The typed graph.
    with_funding : bool
        Count funding (``funds``, ``programming_authority_of``) as a tie between the funder
        and the initiative's other organisations.
    top : int, optional
        Only the first *top* rows.
    k, exact, seed
        Sampling of betweenness on large views (:func:`graphkit.algorithms.default_k`).

    Raises
    ------
    GraphkitError
        As :func:`~graphkit.graph.views.make_view` (an unknown territory, an empty view).
    """
    ties = G if with_funding else without_funding(G)
    filters = (level, since, until, territory, include_persons)
    V = make_view(ties, "orgs", *filters)
    table = metrics_table(V, BRIDGE_MEASURES, k=default_k(V, k, exact), seed=seed,
                          progress=progress)
    rows = ranked(table.rows)[:top] if top else ranked(table.rows)
    found = funders_of(G, [row["id"] for row in rows], make_view(G, "full", *filters), level)
    out = []
    for row in rows:
        funding = found[row["id"]]
        out.append({**row, "initiatives": funding.initiatives,
                    "funders": [(f, G.nodes[f].get("label", f), n) for f, n in funding.funders]})
    notes = [*table.notes, "funding is a tie, as in metrics" if with_funding else
             "funding is not a tie: funders are listed, not ranked"]
    return BridgesTable(out, notes)
