"""Which territories a place lies within, from ``part_of`` links (no graph library needed).

Examples
--------
>>> links = [("lucca", "provincia-lucca"), ("provincia-lucca", "toscana")]
>>> sorted(enclosing_territories(links, ["lucca"])["lucca"])
['lucca', 'provincia-lucca', 'toscana']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def enclosing_territories(links: Iterable[tuple[str, str]], places: Iterable[str]
                          ) -> dict[str, set[str]]:
    """Each of *places* with every territory it lies within, itself included.

    *links* are ``part_of`` pairs (place, the territory it lies in), followed
    transitively; a cycle in them ends the walk rather than looping.

    Examples
    --------
    >>> links = [("lucca", "toscana"), ("toscana", "italia")]
    >>> {p: sorted(t) for p, t in enclosing_territories(links, ["lucca", "roma"]).items()}
    {'lucca': ['italia', 'lucca', 'toscana'], 'roma': ['roma']}
    """
    parents: dict[str, list[str]] = defaultdict(list)
    for place, territory in links:
        parents[place].append(territory)
    found: dict[str, set[str]] = {}
    for place in places:
        seen, stack = {place}, [place]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        found[place] = seen
    return found
