"""The measures of a view, kept on disk by what they were computed from, and reused.

The measures graphkit writes into its exports and its SPARQL store
(:func:`graphkit.algorithms.default_measures`) are the slow part of a large build: minutes
when the path measures are exact. They depend on nothing but the view (its nodes, their
labels and types, its ties and their weights), the sampling (``k``, the seed) and the code
that computes them. :func:`cached_measures` names them by a digest of all of that, and
keeps them in a folder of the user's cache, so that ``graphkit build``, ``graphkit query``
and ``graphkit serve`` on the same data compute them once.

The folder is ``$GRAPHKIT_CACHE`` if set (an empty value turns the cache off), else
``$XDG_CACHE_HOME/graphkit`` or ``~/.cache/graphkit``; it holds the
:data:`KEPT` most recently used tables (a few MB each at national scale). A table that
cannot be read or written is computed as if there were no cache.

Examples
--------
>>> G = nx.path_graph(["a", "b", "c"])
>>> cached_measures(G).rows == cached_measures(G).rows == metrics_table(G, k=None).rows
True
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from functools import cache
from pathlib import Path

import networkx as nx

from graphkit.algorithms._backend import Engine, Progress
from graphkit.algorithms.centrality import default_k
from graphkit.algorithms.table import MetricsTable, metrics_table
from graphkit.graph.views import ViewSpec

#: How many tables the cache keeps (the most recently used).
KEPT = 16
_SEED = 0


def cache_folder() -> Path | None:
    """The folder of the cache, or None when it is turned off (``GRAPHKIT_CACHE=""``).

    Examples
    --------
    >>> cache_folder() is None or cache_folder().is_absolute()
    True
    """
    chosen = os.environ.get("GRAPHKIT_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphkit"


@cache
def _code() -> bytes:
    """What the measures' values depend on besides the view: graphkit's measure code and
    the versions of the libraries doing the work."""
    import igraph
    import networkit
    import numpy

    from graphkit import __version__

    digest = hashlib.sha256(f"{__version__} {igraph.__version__} {networkit.__version__} "
                            f"{numpy.__version__}\n".encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\n" + path.read_bytes())
    return digest.digest()


def _key(view: nx.Graph, engine: Engine, k: int | None) -> str:
    digest = hashlib.sha256(_code())
    spec = view.graph.get("view")
    digest.update(json.dumps([k, _SEED, spec.describe() if isinstance(spec, ViewSpec) else None,
                              [(str(n), view.nodes[n].get("label"), view.nodes[n].get("type"))
                               for n in engine.nodes]]).encode())
    digest.update(engine.edges.tobytes())
    digest.update(engine.weights.tobytes())
    return digest.hexdigest()


def cached_measures(view: nx.Graph, progress: Progress = None) -> MetricsTable | None:
    """Every measure of *view* as :func:`graphkit.algorithms.measures_of_view` computes them,
    read from the cache when they were computed before (the table's ``partition`` is
    then None); None for a view of fewer than two nodes."""
    if view.number_of_nodes() < 2:
        return None
    engine = Engine(view)
    k = default_k(view)
    folder = cache_folder()
    path = folder / f"{_key(view, engine, k)}.json" if folder is not None else None
    if path is not None:
        found = _read(path, view)
        if found is not None:
            if progress:
                progress(f"network measures read from the cache ({path.name[:12]}…)")
            return found
    table = metrics_table(view, k=k, progress=progress, engine=engine)
    if path is not None:
        _write(path, table)
    return table


def _read(path: Path, view: nx.Graph) -> MetricsTable | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        columns = stored["columns"]
        rows = [dict(zip(columns, row, strict=True)) for row in stored["rows"]]
        notes = list(stored["notes"])
        os.utime(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    spec = view.graph.get("view")
    return MetricsTable(rows, columns, notes, spec if isinstance(spec, ViewSpec) else None)


def _write(path: Path, table: MetricsTable) -> None:
    """Keep *table* at *path*, and let go of the tables used least recently beyond
    :data:`KEPT`; quietly nothing when the folder cannot be written."""
    text = json.dumps({"columns": table.columns, "notes": table.notes,
                       "rows": [[row.get(c) for c in table.columns] for row in table.rows]},
                      ensure_ascii=False)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)
