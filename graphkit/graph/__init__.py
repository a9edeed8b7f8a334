"""The networkx graph and what is read off it.

:mod:`~graphkit.graph.build` makes the typed multigraph with provenance on every edge,
:mod:`~graphkit.graph.views` the analytic views (organisation projection, bipartite, full;
roll-up, time window, territory), :mod:`~graphkit.graph.lookup` finds entities by name,
:mod:`~graphkit.graph.paths` the shortest connections with their evidence, and
:mod:`~graphkit.graph.summary` the whole-dataset counts written into the RDF.
"""
