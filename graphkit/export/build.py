"""Every export of a dataset, written atomically: RDF, GraphML, CSV, Kumu, measures, HTML.

:func:`build_exports` writes the files of ``graphkit build`` into a folder, all or none
(:func:`graphkit.files.staged_files`); :func:`export_files` gives their contents. All
output is deterministic: sorted records, no blank nodes in the data, fixed key order.

A build reads the records, not a graph: the RDF (:mod:`graphkit.export.rdf`), the tables
and Kumu (:mod:`graphkit.export.tables`) and GraphML (:mod:`graphkit.export.graphml`)
are written from them a record at a time. Only the network measures need a graph, the
organisation view: they are computed in a second process while the exports are written
(:func:`graphkit.algorithms.in_background`), so the parts that carry no measure (the
documents' graphs and the records of the RDF, and, in a third process, every edge of the
other formats) are written meanwhile, and the rest once the measures arrive. The
interactive page, when the view is small enough to draw, is drawn in a process of its own
from the same measures.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> files = dict(export_files(load_dataset(), metrics=False, html=False))
>>> sorted(files)[:3]
['edges.csv', 'graph.graphml', 'graph.jsonld']
"""

from __future__ import annotations

import csv
import gc
import multiprocessing
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import networkx as nx

from graphkit.algorithms.background import in_background
from graphkit.algorithms.values import by_measure, node_metrics
from graphkit.errors import EmptyViewError, WriteError, display_path
from graphkit.export.graphml import GraphmlWriter
from graphkit.export.html import MAX_EDGES, MAX_NODES, SMALLER_VIEW
from graphkit.export.rdf import RdfWriter
from graphkit.export.tables import (
    EDGE_COLUMNS,
    KUMU_HEAD,
    KUMU_MIDDLE,
    KUMU_TAIL,
    NODE_COLUMNS,
    KumuItems,
    cells,
    edge_row,
    edge_rows,
    kumu_connection,
    kumu_element,
    metrics_rows,
    node_columns,
    node_rows,
    rows_of_nodes,
    write_csv,
)
from graphkit.files import Stage, append, new_file, staged_files
from graphkit.graph.build import (
    build_graph,
    document_attributes,
    edges_in_order,
    node_attributes,
)
from graphkit.memory import paused_gc
from graphkit.model.records import Dataset
from graphkit.processes import stopped_by_signals
from graphkit.schema.vocabulary import NODE_TYPES, Group

if TYPE_CHECKING:
    from graphkit.algorithms.table import MetricsTable

__all__ = ["Written", "build_exports", "edge_rows", "export_files", "node_rows"]

#: The title of the page a build draws.
HTML_TITLE = "graphkit: territorial welfare networks"
#: Rows gathered before they are written out.
_CHUNK = 4096


@dataclass
class Written:
    """The files :func:`build_exports` wrote (sorted by name), and notes on how they were made."""

    paths: list[Path]
    notes: list[str] = field(default_factory=list)


def build_exports(dataset: Dataset, out_dir: Path | str, G: nx.MultiDiGraph | None = None, *,
                  metrics: bool = True, html: bool = True,
                  progress: Callable[[str], None] | None = None) -> Written:
    """Render every export of *dataset* into *out_dir*, all or none.

    Each file goes to disk as it is made, a record at a time, so a national-scale build
    never holds an export in memory; nothing replaces the old files until all are made.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    out_dir : path
        The folder to write into (created if needed).
    G : networkx.MultiDiGraph, optional
        Its knowledge graph, if already built (the page reuses it).
    metrics : bool
        Compute the network measures of the organisation view: ``metrics.csv``,
        and the measures added to ``nodes.csv``, GraphML, Kumu and RDF.
    html : bool
        Draw the interactive pages: ``graph.html`` (the organisation view, sized by the
        measures above) and ``graph-full.html`` (the typed graph, persons included), each
        linking to the other; a page is skipped, with a note, when its view is too large
        to draw.
    progress : callable, optional
        Receives a message before each long step.

    Returns
    -------
    Written
        The paths written and the notes (sampling, skipped files).

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model.load import load_dataset
    >>> written = build_exports(load_dataset(), tempfile.mkdtemp(), html=False)
    >>> [p.name for p in written.paths][:2], written.notes[0]
    (['edges.csv', 'graph.graphml'], 'view orgs, level local, all dates')
    """
    out_dir = Path(out_dir)
    notes: list[str] = []
    with stopped_by_signals(), staged_files(out_dir) as stage:
        try:
            names = _write(dataset, stage, G, metrics, html, progress or (lambda _: None),
                           notes)
        except OSError as exc:  # a full disk, a folder that became read-only…
            raise WriteError(f"cannot write into {display_path(out_dir)}: "
                             f"{exc.strerror or exc}; nothing in {display_path(out_dir)} was "
                             "replaced") from None
    return Written(sorted(out_dir / name for name in names), notes)


def export_files(dataset: Dataset, G: nx.MultiDiGraph | None = None, *,
                 metrics: bool = True, html: bool = True,
                 progress: Callable[[str], None] | None = None,
                 notes: list[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every export file of *dataset* as (file name, content), sorted by name (see
    :func:`build_exports` for the parameters; *notes* receives its notes).

    The files are built in a temporary folder and read back one at a time.
    """
    with tempfile.TemporaryDirectory(prefix="graphkit-exports-") as folder:
        written = build_exports(dataset, folder, G, metrics=metrics, html=html,
                                progress=progress)
        if notes is not None:
            notes += written.notes
        for path in written.paths:
            yield path.name, path.read_bytes()


@paused_gc()
def _write(dataset: Dataset, stage: Stage, G: nx.MultiDiGraph | None, metrics: bool,
           html: bool, say: Callable[[str], None], notes: list[str]) -> list[str]:
    """Write every file into *stage*; return their names."""
    gc.freeze()  # the forked processes then copy no page only to scan it for cycles
    measures = page = edges_written = tables = rdf = None
    try:
        if metrics:
            say("network measures…")
            measures = in_background(lambda: _measures(dataset, say), daemon=False,
                                     what="the network measures")
        organisations = sum(1 for e in dataset.entities.values()
                            if NODE_TYPES[e.type].group is Group.ORGANISATION)
        if html and organisations <= _EARLY_PAGE:
            page = _Page(dataset, G, notes, None, wait=metrics)
        rdf = RdfWriter(dataset, stage)
        say("GraphML, CSV, Kumu…")
        # The edges' files are written in a process of their own beside the RDF's records.
        edges = (stage.target("edges.csv"), stage.scratch("graph.graphml.edges"),
                 stage.scratch("kumu.json.connections"))
        edges_written = in_background(lambda: _write_edges(dataset, edges, GraphmlWriter()),
                                      what="writing the edges' files")
        say("RDF…")
        rdf.write_records()
        graphml = edges_written()
        table = too_large = None
        if measures is not None:
            say("the network measures (waiting for them)…")
            table, too_large = measures()
            notes += table.notes if table is not None else [
                "metrics.csv not written: fewer than two organisations are linked to one "
                "another, so there is nothing to measure"]
        values = node_metrics(table)
        if page is not None:
            page.send(values)
        elif html and too_large is not None:
            notes.append(too_large)
            page = _typed_page_only(dataset, G, notes)
        elif html:
            page = _Page(dataset, G, notes, values, wait=False)
        say("the registry's RDF and the nodes, with the measures…")
        # The measures' process is done: the nodes' files are written in a process of their
        # own while this one writes the registry's RDF, then metrics.csv.
        names = ["graph.trig", "graph.ttl", "graph.jsonld", "edges.csv", "graph.graphml",
                 "kumu.json", "nodes.csv"]
        paths = {name: stage.target(name) for name in names[4:]}
        paths.update((name, stage.scratch(name)) for name in ("graph.graphml.nodes",
                                                              "kumu.json.elements"))
        tables = in_background(lambda: _write_nodes(paths, graphml, node_attributes(dataset),
                                                    values, edges[1:]),
                               what="writing the nodes' files")
        rdf.finish(values)
        if table is not None:
            with new_file(stage.target("metrics.csv")) as out:
                write_csv(out, table.columns, metrics_rows(table.rows))
            names.append("metrics.csv")
        tables()
        if page is not None:
            say("interactive HTML…")
            for name, drawn in page():
                stage(name, drawn)
                names.append(name)
        return names
    finally:
        for process in (measures, page, edges_written, tables):
            if process is not None:
                process.cancel()
        if rdf is not None:
            rdf.discard()
        gc.unfreeze()


def _measures(dataset: Dataset, say: Callable[[str], None]
              ) -> tuple[MetricsTable | None, str | None]:
    """The measures of the organisation view (in the measures' process), and why the view
    cannot be drawn, if it is too large to; (None, None) for a view of fewer than two
    nodes."""
    from graphkit.algorithms.cache import dataset_measures  # igraph: in this process only

    gc.enable()
    table = dataset_measures(dataset, say)
    if table is None or (table.size[0] <= MAX_NODES and table.size[1] <= MAX_EDGES):
        return table, None
    return table, _too_large(*table.size)


#: Datasets of at most this many organisations (the page's ``MAX_NODES``) may have a
#: drawable organisation view: their page is prepared beside the measures, and drawn when
#: they arrive. A larger dataset's page, if its view still turns out small enough, is
#: prepared afterwards.
_EARLY_PAGE = 25_000


#: The pages a build draws: file name, view, what the other page links it as.
_PAGES = {"graph.html": ("the organisation view", "graph-full.html"),
          "graph-full.html": ("the typed graph", "graph.html")}


class _Page:
    """The interactive pages (:data:`_PAGES`), drawn in a process of their own:
    ``graph-full.html`` first (it needs no measure), then ``graph.html`` with the measures
    (*values*) when they are known, else waiting for :meth:`send` (*wait*); calling it
    waits for the pages drawn, as (name, content), each page not drawn leaving a note
    saying why. *orgs* false draws ``graph-full.html`` only."""

    def __init__(self, dataset: Dataset, G: nx.MultiDiGraph | None, notes: list[str],
                 values: dict[str, dict[str, Any]] | None, wait: bool, orgs: bool = True
                 ) -> None:
        self.notes = notes
        receiver, self.sender = (multiprocessing.Pipe(duplex=False) if wait and orgs
                                 else (None, None))

        def given() -> dict[str, dict[str, Any]] | None:
            return receiver.recv() if receiver is not None else values

        def draw() -> list[tuple[str, bytes | str]]:
            gc.enable()
            graph = G if G is not None else build_graph(dataset)
            full = _typed_page(graph)  # while the measures are computed
            if not orgs:
                return [("graph-full.html", full)]
            return [("graph.html", _organisations_page(dataset, graph, given)),
                    ("graph-full.html", full)]

        # Not daemonic: a page's measures may fork workers.
        try:
            self.drawing = in_background(draw, daemon=False, what="drawing the pages")
        except BaseException:
            for end in (receiver, self.sender):
                if end is not None:
                    end.close()
            raise
        if receiver is not None:
            receiver.close()  # the drawing process's end: a page not drawn lets go of it
        self.sending: threading.Thread | None = None

    def send(self, values: dict[str, dict[str, Any]]) -> None:
        """Give the measures to a page started before them (from a thread: the page may
        still be preparing, or refused, and its process gone)."""
        if self.sender is None:
            return
        sender = self.sender

        def send() -> None:
            with suppress(OSError):  # the page was not drawn: nobody reads
                sender.send(values)
            sender.close()

        self.sending = threading.Thread(target=send, daemon=True)
        self.sending.start()

    def __call__(self) -> list[tuple[str, bytes]]:
        drawn = self.drawing()
        if self.sending is not None:
            self.sending.join()
        pages = []
        for name, content in drawn:
            if isinstance(content, str):
                self.notes.append(content)
            else:
                pages.append((name, content))
        return pages

    def cancel(self) -> None:
        self.drawing.cancel()


def _organisations_page(dataset: Dataset, G: nx.MultiDiGraph,
                        measures: Callable[[], dict[str, dict[str, Any]] | None]
                        ) -> bytes | str:
    """``graph.html``, the organisation view sized by the *measures* (called once the view
    is known to be drawable), or a note saying why it is not drawn."""
    from graphkit.export.html.page import render_html
    from graphkit.graph.views import organisation_view

    try:
        view = organisation_view(dataset)
    except EmptyViewError:
        return "graph.html not written: the organisation view is empty"
    if view.number_of_nodes() > MAX_NODES or view.number_of_edges() > MAX_EDGES:
        return _too_large(view.number_of_nodes(), view.number_of_edges())
    return render_html(view, G, by_measure(measures()), title=HTML_TITLE,
                       other=("graph-full.html", _PAGES["graph-full.html"][0]))


def _typed_page(G: nx.MultiDiGraph) -> bytes | str:
    """``graph-full.html``, the typed graph with persons, or a note saying why it is not
    drawn."""
    from graphkit.export.html.page import render_html
    from graphkit.graph.views import make_view

    try:
        full = make_view(G, "full", include_persons=True)
    except EmptyViewError:
        return "graph-full.html not written: the typed graph is empty"
    if full.number_of_nodes() > MAX_NODES or full.number_of_edges() > MAX_EDGES:
        return _too_large(full.number_of_nodes(), full.number_of_edges(), "graph-full.html")
    return render_html(full, G, None, title=HTML_TITLE,
                       other=("graph.html", _PAGES["graph.html"][0]))


def _typed_page_only(dataset: Dataset, G: nx.MultiDiGraph | None, notes: list[str]
               ) -> _Page | None:
    """``graph-full.html`` alone, when the organisation view is too large to draw: drawn if
    the typed graph may be small enough (no more entities and relations than a page
    holds), else a note."""
    nodes, edges = len(dataset.entities), len(dataset.relations)
    if nodes <= MAX_NODES and edges <= MAX_EDGES:
        return _Page(dataset, G, notes, None, wait=False, orgs=False)
    notes.append(f"graph-full.html not written: the typed graph's {nodes} entities and "
                 f"{edges} relations are too many to draw; {SMALLER_VIEW}")
    return None


def _too_large(nodes: int, ties: int, name: str = "graph.html") -> str:
    what = _PAGES[name][0]
    return (f"{name} not written: {what}'s {nodes} nodes and {ties} edges are too many to "
            f"draw; {SMALLER_VIEW}")


class _Rows:
    """Lines gathered and written to a binary file a chunk at a time."""

    def __init__(self, out: IO[bytes], encode: Callable[[list[str]], bytes] | None = None
                 ) -> None:
        self.out, self.lines = out, []
        self.encode = encode or (lambda lines: "".join(lines).encode())

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        self.out.write(self.encode(self.lines))
        self.lines.clear()


def _write_edges(dataset: Dataset, paths: tuple[Path, Path, Path], graphml: GraphmlWriter
                 ) -> GraphmlWriter:
    """``edges.csv``, and the edges of GraphML and Kumu, at *paths* (in that order), in one
    pass over the relations; return *graphml*, with the keys they declare."""
    labels = {entity_id: entity.name for entity_id, entity in dataset.entities.items()}
    documents = document_attributes(dataset)
    kumu = KumuItems()
    with (new_file(paths[0]) as table_out, new_file(paths[1]) as graph_out,
          new_file(paths[2]) as kumu_out):
        table, graph, connections = _Rows(table_out), _Rows(graph_out, graphml.encode), \
            _Rows(kumu_out)
        writer = csv.writer(_Lines(table), lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        for edge in edges_in_order(dataset):
            row = edge_row(edge, labels, documents)
            writer.writerow(cells(map(row.get, EDGE_COLUMNS)))
            graph.add(graphml.edge(*edge))
            connections.add(kumu.text(kumu_connection(row), flat=True))
        connections.add(kumu.end())
        for rows in (table, graph, connections):
            rows.flush()
    return graphml


class _Lines:
    """A file-like sink for :mod:`csv` that hands each line to a :class:`_Rows`."""

    def __init__(self, rows: _Rows) -> None:
        self.write = rows.add


def _write_nodes(paths: dict[str, Path], graphml: GraphmlWriter,
                 nodes: Iterable[tuple[str, dict]], values: dict[str, dict[str, Any]],
                 edges: tuple[Path, Path]) -> None:
    """``nodes.csv``, then ``graph.graphml`` and ``kumu.json`` (the nodes with their measures
    in one pass, each file then completed with its *edges*), at *paths* (by name; the nodes'
    parts of GraphML and Kumu at ``graph.graphml.nodes`` and ``kumu.json.elements``)."""
    nodes = list(nodes)
    columns = node_columns(nodes, values)
    extra = columns[len(NODE_COLUMNS):]
    parts = paths["graph.graphml.nodes"], paths["kumu.json.elements"]
    kumu = KumuItems()
    with (new_file(paths["nodes.csv"]) as table_out, new_file(parts[0]) as graph_out,
          new_file(parts[1]) as kumu_out):
        rows, graph, elements = _Rows(table_out), _Rows(graph_out, graphml.encode), \
            _Rows(kumu_out)
        writer = csv.writer(_Lines(rows), lineterminator="\n")
        writer.writerow(columns)
        for row in rows_of_nodes(nodes, values):
            writer.writerow(cells(map(row.get, columns)))
            graph.add(graphml.node(row))
            elements.add(kumu.text(kumu_element(row, extra)))
        elements.add(kumu.end())
        for lines in (rows, graph, elements):
            lines.flush()
    with new_file(paths["graph.graphml"]) as out:
        graphml.finish(out, [parts[0], edges[0]])
    with new_file(paths["kumu.json"]) as out:
        out.write(KUMU_HEAD.encode())
        append(out, parts[1])
        out.write(KUMU_MIDDLE.encode())
        append(out, edges[1])
        out.write(KUMU_TAIL.encode())
