"""graphkit: knowledge graphs of Italian territorial welfare networks.

Start with :func:`load`, which reads a dataset (the embedded one by default) into a
:class:`Network`; its methods give views, measures, communities, paths, SPARQL answers,
exports and the interactive page:

>>> import graphkit
>>> net = graphkit.load()
>>> net.metrics(net.view("orgs", level="parent"), ["degree"]).iloc[0]["label"]
'Confcooperative'

The pipeline underneath — *load data → build graph → analyse / export / query* — lives in
subpackages whose imports run one way: :mod:`graphkit.schema` (the vocabulary),
:mod:`graphkit.model` (records and the loader), :mod:`graphkit.graph` (the networkx graph
and its views), :mod:`graphkit.algorithms` and :mod:`graphkit.rdf`, then
:mod:`graphkit.export`, :mod:`graphkit.sparql` and :mod:`graphkit.extract`. The names below
are imported on first use, so that ``import graphkit`` (and the command line) stays quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Network": "graphkit.network",
    "HtmlPage": "graphkit.network",
    "load": "graphkit.network",
    "import_opencoesione": "graphkit.network",
    "import_indicepa": "graphkit.network",
    "GraphkitError": "graphkit.errors",
    "DataError": "graphkit.errors",
}

__all__ = ["DataError", "GraphkitError", "HtmlPage", "Network", "__version__", "import_indicepa",
           "import_opencoesione", "load"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
