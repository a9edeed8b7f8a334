"""graphkit: knowledge graphs of Italian territorial welfare networks.

The pipeline is *load data → build graph → analyse / export*:

>>> from graphkit.model.load import load_dataset
>>> from graphkit.graph.build import build_graph
>>> G = build_graph(load_dataset())
>>> G.nodes["co-e-so"]["type"]
'consortium'
"""

__version__ = "0.1.0"
