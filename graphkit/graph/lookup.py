"""Find an entity by id, name or alias, and list what it is connected to.

Names are compared after :func:`normalise`: case, accents, punctuation and
spacing do not matter, so ``"cgil - lucca"`` finds ``CGIL Lucca``. When
nothing matches, the error suggests the closest names (RapidFuzz).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("comune-forli", label="Comune di Forlì", aliases=("Forlì",), group="organisation")
>>> find_entity(G, "comune di forli")
'comune-forli'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rapidfuzz import fuzz, process

from graphkit.errors import AmbiguousEntityError, GraphkitError, UnknownEntityError
from graphkit.graph.build import evidence, root_of
from graphkit.model.names import normalise
from graphkit.schema.vocabulary import RELATIONS, Group


class EntityIndex:
    """Names and aliases of entities, for repeated look-ups.

    Parameters
    ----------
    entities : iterable of (id, label, aliases)
        Each entity's id, name and other names (ids are names too).

    Examples
    --------
    >>> EntityIndex([("cna", "CNA", ())]).find(" Cna ")
    'cna'
    """

    def __init__(self, entities: Iterable[tuple[str, str, Iterable[str]]],
                 what: str = "entity") -> None:
        self.what = what
        self.labels: dict[str, str] = {}
        self._by_name: dict[str, dict[str, int]] = defaultdict(dict)
        for node, label, aliases in entities:
            self.labels[node] = label or node
            names = [(label or node, 0), (node, 1), *((alias, 2) for alias in aliases or ())]
            for name, rank in names:
                key = normalise(str(name))
                if key:
                    found = self._by_name[key]
                    found[node] = min(rank, found.get(node, rank))
        self._keys = list(self._by_name)

    @classmethod
    def of_graph(cls, G: nx.Graph, groups: Iterable[Group] | None = None) -> EntityIndex:
        """The index of the nodes of *G* (``label`` and ``aliases`` attributes), or of those
        in *groups* only.

        Examples
        --------
        >>> G = nx.Graph()
        >>> G.add_node("cna", label="CNA", group="organisation")
        >>> EntityIndex.of_graph(G).find("cna")
        'cna'
        """
        wanted = {str(g) for g in groups} if groups is not None else None
        return cls(((node, attrs.get("label") or node, attrs.get("aliases") or ())
                    for node, attrs in G.nodes(data=True)
                    if wanted is None or attrs.get("group") in wanted),
                   "entity" if wanted is None else " or ".join(sorted(wanted)))

    def find(self, query: str) -> str:
        """The id of the node named *query* (an id, a name or an alias).

        Raises
        ------
        UnknownEntityError
            With up to five suggestions, when nothing matches.
        AmbiguousEntityError
            When several nodes share the name equally well.
        """
        if query in self.labels:
            return query
        found = self._by_name.get(normalise(query))
        if not found:
            raise UnknownEntityError(query, self.suggest(query), self.what)
        best = min(found.values())
        nodes = sorted(n for n, rank in found.items() if rank == best)
        if len(nodes) > 1:
            raise AmbiguousEntityError(query, [(n, self._label(n)) for n in nodes])
        return nodes[0]

    def suggest(self, query: str, limit: int = 5) -> list[tuple[str, str]]:
        """Up to *limit* ``(id, label)`` pairs whose names are closest to *query*."""
        matches = process.extract(normalise(query), self._keys, scorer=fuzz.WRatio,
                                  limit=limit * 3, score_cutoff=60)
        out: list[tuple[str, str]] = []
        for key, _, _ in matches:
            for node in sorted(self._by_name[key]):
                if node not in {n for n, _ in out}:
                    out.append((node, self._label(node)))
        return out[:limit]

    def _label(self, node: str) -> str:
        return str(self.labels[node])


def find_entity(G: nx.Graph, query: str, groups: Iterable[Group] | None = None) -> str:
    """The id of the node of *G* named *query* (id, name or alias, any case or accents).

    Raises
    ------
    UnknownEntityError, AmbiguousEntityError
        Both are :class:`~graphkit.errors.GraphkitError`.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("cna-lucca", label="CNA Lucca", aliases=("Cna di Lucca",))
    >>> find_entity(G, "CNA DI LUCCA")
    'cna-lucca'
    """
    return EntityIndex.of_graph(G, groups).find(query)


def neighbours(G: nx.MultiDiGraph, node: str) -> list[dict]:
    """The relations of *node*, one row each, grouped by relation, with their evidence.

    Each row has ``relation`` (its English label, read towards the neighbour:
    ``partner of`` or ``← partner of`` when the neighbour is the subject),
    ``id``, ``label`` and ``type`` of the neighbour, the edge's ``role`` and ``amount``,
    and where it is stated (:func:`graphkit.graph.build.evidence`: ``source`` title,
    ``address``, ``source_document``, ``date``, ``paragraph``, ``span_start``, ``span_end``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A", type="cooperative"); G.add_node("p", label="P", type="project")
    >>> _ = G.add_edge("a", "p", relation="partner_of", source_document="d1", date="2020")
    >>> [(r["relation"], r["label"]) for r in neighbours(G, "p")]
    [('← partner of', 'A')]
    """
    rows = []
    for u, v, d in (*G.out_edges(node, data=True), *G.in_edges(node, data=True)):
        outgoing = u == node
        other = v if outgoing else u
        spec = RELATIONS.get(d.get("relation", ""))
        label = spec.label_en if spec else d.get("relation", "")
        attrs = G.nodes[other]
        rows.append({
            "relation": label if outgoing else f"← {label}",
            "id": other, "label": attrs.get("label", other), "type": attrs.get("type"),
            "role": d.get("role"), "amount": d.get("amount"), **evidence(G, d),
            "_order": (list(RELATIONS).index(d["relation"]) if spec else len(RELATIONS),
                       not outgoing),
        })
    rows.sort(key=lambda r: (r["_order"], str(r["label"]).casefold(), str(r["date"] or "")))
    for row in rows:
        del row["_order"]
    return rows


def find_in_view(G: nx.MultiDiGraph, V: nx.Graph, query: str, level: str = "local") -> str:
    """Find *query* in the knowledge graph *G*, then return its node in the view *V*.

    At ``level="parent"`` an organisation stands for its top-level parent, as in
    the view. A name that exists but is not in the view raises a clear error.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("cgil", label="CGIL", group="organisation")
    >>> G.add_node("cgil-lucca", label="Cgil Lucca", group="organisation", parent="cgil")
    >>> V = nx.Graph(); V.add_node("cgil")
    >>> find_in_view(G, V, "cgil lucca", level="parent")
    'cgil'
    """
    node = find_entity(G, query)
    if level == "parent" and G.nodes[node].get("group") == Group.ORGANISATION.value:
        node = root_of(G, node)
    if node not in V:
        view = V.graph.get("view")
        where = view.describe() if view is not None else "view"
        raise GraphkitError(f"{G.nodes[node].get('label', node)} ({node}) is not in the {where}")
    return node
