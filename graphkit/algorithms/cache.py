"""The measures of a dataset's organisation view, kept on disk and reused.

The measures graphkit writes into its exports and its SPARQL store
(:func:`graphkit.algorithms.default_measures`) are the slow part of a large build: minutes
when the path measures are exact. They depend on nothing but the records the organisation
view is made of (each entity's id, type and name; each relation's subject, kind and
object) and the code that makes the view and computes them. :func:`dataset_measures`
names them by a digest of all of that and keeps them in a folder of the user's cache, so
that ``graphkit build``, ``graphkit query`` and ``graphkit serve`` on the same data
compute them once, and find them again without making the view.

The folder is ``$GRAPHKIT_CACHE`` if set (an empty value turns the cache off), else
``$XDG_CACHE_HOME/graphkit`` or ``~/.cache/graphkit``; it holds the :data:`KEPT` most
recently used tables (a few MB each at national scale). A table that cannot be read or
written is computed as if there were no cache.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> from graphkit.algorithms import default_measures
>>> ds = load_dataset()
>>> dataset_measures(ds).rows == dataset_measures(ds).rows == default_measures(ds).rows
True
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from functools import cache
from importlib import metadata
from pathlib import Path

from graphkit.algorithms import centrality
from graphkit.algorithms._backend import Progress
from graphkit.algorithms.table import MetricsTable, default_measures
from graphkit.graph.views import ViewSpec
from graphkit.model.records import Dataset

#: How many tables the cache keeps (the most recently used).
KEPT = 16


def cache_folder() -> Path | None:
    """The folder of the cache, or None when it is turned off (``GRAPHKIT_CACHE=""``).

    Examples
    --------
    >>> cache_folder() is None or cache_folder().is_absolute()
    True
    """
    chosen = os.environ.get("GRAPHKIT_CACHE")
    if chosen is not None:
        return Path(chosen).resolve() if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).resolve() / "graphkit"


@cache
def _code() -> bytes:
    """What the measures depend on besides the records: the code making the view and
    computing the measures, and the versions of the libraries doing the work."""
    from graphkit import __version__

    package = Path(__file__).resolve().parent.parent
    versions = " ".join(_version(name) for name in ("igraph", "networkit", "numpy"))
    digest = hashlib.sha256(f"{__version__} {versions}\n".encode())
    sources = [*sorted((package / "algorithms").glob("*.py")), package / "graph" / "views.py",
               package / "graph" / "build.py", package / "schema" / "vocabulary.py"]
    for path in sources:
        digest.update(path.name.encode() + b"\n" + path.read_bytes())
    return digest.digest()


def _version(distribution: str) -> str:
    """The installed version of *distribution* (without importing it: networkit takes half
    a second)."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def measures_key(dataset: Dataset) -> str:
    """The digest naming the measures of *dataset* in the cache.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> len(measures_key(load_dataset()))
    64
    """
    digest = hashlib.sha256(_code())
    digest.update(f"{centrality.EXACT_UP_TO} {centrality.DEFAULT_K}\n".encode())  # as set now
    digest.update("".join(f"{entity_id}\t{entity.type}\t{entity.name}\n"
                          for entity_id, entity in dataset.entities.items()).encode())
    digest.update("".join(f"{r.subject}\t{r.relation}\t{r.object}\n"
                          for r in dataset.relations).encode())
    return digest.hexdigest()


def dataset_measures(dataset: Dataset, progress: Progress = None) -> MetricsTable | None:
    """:func:`graphkit.algorithms.default_measures` of *dataset*, read from the cache when
    they were computed before (the table's ``partition`` is then None, its ``view`` the
    default one), else computed and kept."""
    folder = cache_folder()
    path = folder / f"{measures_key(dataset)}.json" if folder is not None else None
    if path is not None:
        found = _read(path)
        if found is not None:
            if progress:
                progress(f"network measures read from the cache ({path.name[:12]}…)")
            return found
    table = default_measures(dataset, progress)
    if path is not None and table is not None:
        _write(path, table)
    return table


def _read(path: Path) -> MetricsTable | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        columns = stored["columns"]
        rows = [dict(zip(columns, row, strict=True)) for row in stored["rows"]]
        table = MetricsTable(rows, columns, list(stored["notes"]), ViewSpec(),
                             size=tuple(stored["size"]))
        os.utime(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return table


def _write(path: Path, table: MetricsTable) -> None:
    """Keep *table* at *path*, and let go of the tables used least recently beyond
    :data:`KEPT`; quietly nothing when the folder cannot be written."""
    text = json.dumps({"columns": table.columns, "notes": table.notes, "size": table.size,
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
