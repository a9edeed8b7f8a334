"""The interactive HTML page of a view (the only package that touches pyvis).

This module itself imports nothing: the limits of a drawable view are read here by code
that must not pay for pyvis (a build deciding whether to draw at all).
"""

#: Above this many nodes (or edges) the page would not stay usable: draw a smaller view.
MAX_NODES = 25_000
MAX_EDGES = 250_000
#: What to do about a view too large to draw.
SMALLER_VIEW = ("draw a smaller view: the organisations rolled up to their parents, one "
                "territory, a time window, or one actor's network within two hops")
