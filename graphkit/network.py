"""The Python API a notebook user meets first: one :class:`Network` object per dataset.

``graphkit.load()`` reads and validates a dataset (the embedded one by default) and returns
a :class:`Network`; its methods chain the pipeline — views, measures, communities, paths,
SPARQL, exports, the interactive page — and answer with pandas DataFrames (the notes on
how a figure was computed ride along in ``DataFrame.attrs["notes"]``) or networkx graphs.
Each method is a thin wrapper over the plain functions of the subpackages, which the
command line calls too.

Examples
--------
>>> import graphkit
>>> net = graphkit.load()
>>> V = net.view("orgs", territory="Lombardia")
>>> table = net.metrics(V, ["degree", "betweenness"])
>>> list(table.columns[:4])
['id', 'label', 'type', 'degree']
>>> partners = net.query("partners", project="Smartfam Voghera")
>>> partners.set_index("partnerLabel").loc["Comune di Voghera", "role"]
'partner'
"""

from __future__ import annotations

import html as html_text
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from graphkit.algorithms import (
    bridges_table,
    check_measures,
    communities,
    community_rows,
    default_k,
    metrics_table,
    ranked,
)
from graphkit.errors import GraphkitError
from graphkit.export.build import build_exports, edge_rows, node_rows
from graphkit.graph.build import build_graph
from graphkit.graph.lookup import find_in_view, neighbours
from graphkit.graph.paths import path_rows, shortest_connections
from graphkit.graph.views import make_view
from graphkit.model.imported import load_data
from graphkit.model.load import DEFAULT_DATA_DIR
from graphkit.model.records import Dataset
from graphkit.opendata.into import indicepa_into, opencoesione_into
from graphkit.sparql.query import (
    dataset_store,
    named_query,
    parse_params,
    result_rows,
    run_query,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox

    from graphkit.export.report.content import ReportContent


def _frame(rows: Sequence[dict], columns: Sequence[str] | None = None,
           notes: Iterable[str] = ()) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(columns) if columns else None)
    frame.attrs["notes"] = list(notes)
    return frame


class HtmlPage:
    """An interactive page: ``save()`` it, or let Jupyter show it inline.

    Attributes
    ----------
    content : bytes
        The self-contained HTML document.
    """

    def __init__(self, content: bytes) -> None:
        self.content = content

    def save(self, path: Path | str) -> Path:
        """Write the page to *path* atomically; return the path."""
        from graphkit.files import write_atomic

        write_atomic(path, self.content)
        return Path(path)

    def _repr_html_(self) -> str:
        source = html_text.escape(self.content.decode("utf-8"), quote=True)
        return f'<iframe srcdoc="{source}" style="width:100%;height:720px;border:0"></iframe>'


class Report(HtmlPage):
    """A static report of a view: ``save()`` the HTML page, ``save_pdf()`` the PDF, or let
    Jupyter show it inline.

    Attributes
    ----------
    content : bytes
        The self-contained HTML report.
    figures : ReportContent
        What it says, as numbers and rows
        (:class:`graphkit.export.report.content.ReportContent`).
    title : str
        Its title.
    """

    def __init__(self, figures: ReportContent, title: str) -> None:
        from graphkit.export.report.render import report_html

        super().__init__(report_html(figures, title))
        self.figures = figures
        self.title = title

    def pdf(self) -> bytes:
        """The report as a PDF (one page per section)."""
        from graphkit.export.report.render import report_pdf

        return report_pdf(self.figures, self.title)

    def save_pdf(self, path: Path | str) -> Path:
        """Write the PDF to *path* atomically; return the path."""
        from graphkit.files import write_atomic

        write_atomic(path, self.pdf())
        return Path(path)


class Network:
    """A loaded dataset and the graph made from it.

    Parameters
    ----------
    dataset : Dataset
        A dataset as :func:`graphkit.model.load.load_dataset` returns it.
    data_dir : path, optional
        Where it was read from.
    window : mapping, optional
        The slice of imported data it holds (``since``, ``until``, ``territory``,
        ``themes``), as :func:`load` read it: views default to it.

    Examples
    --------
    >>> net = load()
    >>> len(net.entities) == len(net.dataset.entities)
    True
    """

    def __init__(self, dataset: Dataset, data_dir: Path | str | None = None,
                 window: Mapping[str, object] | None = None) -> None:
        self.dataset = dataset
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.window = {k: v for k, v in (window or {}).items() if v is not None}

    def __repr__(self) -> str:
        ds = self.dataset
        held = "".join(f", {k} {v}" for k, v in self.window.items())
        return (f"<Network: {len(ds.entities)} entities, {len(ds.relations)} relations, "
                f"{len(ds.facts)} facts from {len(ds.documents)} documents{held}>")

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The typed knowledge graph, provenance on every edge (built once)."""
        return build_graph(self.dataset)

    @property
    def entities(self) -> pd.DataFrame:
        """One row per entity: id, label, type, group, aliases, level, parent, territories,
        documents, identifiers, and the figures the documents state."""
        return _frame(node_rows(self.graph))

    @property
    def relations(self) -> pd.DataFrame:
        """One row per sourced relation, with its evidence: the document (id, title and
        address), paragraph, character span, confidence and method."""
        return _frame(edge_rows(self.graph))

    @property
    def documents(self) -> pd.DataFrame:
        """One row per source document: id, title, summary, address, date, publisher."""
        return _frame(sorted(self.graph.graph["documents"].values(), key=lambda d: d["id"]))

    def view(self, kind: str = "orgs", *, level: str = "local", since: object = None,
             until: object = None, territory: str | None = None,
             include_persons: bool = False) -> nx.Graph:
        """A view of the graph (see :func:`graphkit.graph.views.make_view`).

        *kind* is ``orgs`` (organisations tied by the initiatives they share), ``bipartite``
        (organisations and initiatives) or ``full`` (the typed graph); ``level="parent"``
        rolls branches up into their parent; *since*/*until* keep what is active in a
        window (a year or a date); *territory* keeps what lies in a region, province or
        comune. Each defaults to the slice :func:`load` read, if any.
        """
        since = self.window.get("since") if since is None else since
        until = self.window.get("until") if until is None else until
        territory = self.window.get("territory") if territory is None else territory
        return make_view(self.graph, kind, level, since, until, territory, include_persons)

    def metrics(self, view: nx.Graph | None = None, measures: Iterable[str] | None = None,
                *, k: int | None = None, exact: bool = False, seed: int = 0,
                weighted: bool = False, sort: str | None = None) -> pd.DataFrame:
        """Centrality, brokerage, k-core and community of every node of *view* (the
        organisation view by default), most central first (:func:`graphkit.algorithms.ranked`).

        Large views are sampled (``k`` sources; ``exact=True`` refuses), as
        :func:`graphkit.algorithms.default_k` decides; the notes say how.
        """
        view = self.view() if view is None else view
        names = check_measures(measures) if measures is not None else None
        table = metrics_table(view, names, k=default_k(view, k, exact), seed=seed,
                              weighted=weighted)
        return _frame(ranked(table.rows, sort), table.columns, table.notes)

    def communities(self, view: nx.Graph | None = None, *, seed: int = 0,
                    resolution: float = 1.0) -> pd.DataFrame:
        """The Louvain communities of *view* (seeded), largest first, with their members."""
        view = self.view() if view is None else view
        if view.number_of_nodes() < 2:
            raise GraphkitError("the view has a single node: there are no communities to find")
        partition = communities(view, seed=seed, resolution=resolution)
        return _frame(community_rows(view, partition), notes=[
            f"{len(partition.communities)} Louvain communities (seed {seed}, resolution "
            f"{resolution}), modularity {partition.modularity:.4f}"])

    def show(self, name: str, *, level: str = "local", since: object = None,
             until: object = None, territory: str | None = None,
             include_persons: bool = False) -> pd.DataFrame:
        """An entity (by id, name or alias) and its relations, each with its evidence.

        The entity's own record is in ``attrs["entity"]``.
        """
        view = self.view("full", level=level, since=since, until=until, territory=territory,
                         include_persons=include_persons)
        node = find_in_view(self.graph, view, name, level)
        frame = _frame(neighbours(view, node), notes=[view.graph["view"].describe()])
        frame.attrs["entity"] = {"id": node, **view.nodes[node]}
        return frame

    def path(self, source: str, target: str, *, limit: int = 3, level: str = "local",
             since: object = None, until: object = None, territory: str | None = None,
             include_persons: bool = False) -> pd.DataFrame:
        """The shortest connections between two actors, each hop with its evidence."""
        view = self.view("full", level=level, since=since, until=until, territory=territory,
                         include_persons=include_persons)
        a, b = (find_in_view(self.graph, view, name, level) for name in (source, target))
        return _frame(path_rows(view, shortest_connections(view, a, b, limit=limit)),
                      notes=[view.graph["view"].describe()])

    @cached_property
    def store(self) -> ox.Store:
        """The graph in a pyoxigraph store (made once): what ``graph.trig`` holds."""
        return dataset_store(self.dataset)

    def query(self, query: str, **params: str) -> pd.DataFrame:
        """Run a SPARQL SELECT, or a named query by name, with parameters.

        A parameter naming an entity takes its id, name or alias.

        Examples
        --------
        >>> load().query("SELECT ?b WHERE { ?b org:subOrganizationOf gkr:cgil }").shape[1]
        1
        """
        text = named_query(query).text if "{" not in query else query
        bindings = parse_params([f"{k}={v}" for k, v in params.items()], self.store)
        columns, rows = result_rows(run_query(self.store, text, bindings))
        return _frame(rows, columns)

    def export(self, out_dir: Path | str, *, metrics: bool = True,
               html: bool = True) -> list[Path]:
        """Write every export into *out_dir* (all or none); return the paths.

        Raises
        ------
        GraphkitError
            When the network holds a slice of imported data: exports stand for a dataset.
        """
        if self.window:
            raise GraphkitError("this network holds a slice of the imported data ("
                                + ", ".join(f"{k} {v}" for k, v in self.window.items())
                                + "): load the whole dataset to export it")
        return build_exports(self.dataset, out_dir, self.graph, metrics=metrics,
                             html=html).paths

    def bridges(self, *, level: str = "local", since: object = None, until: object = None,
                territory: str | None = None, include_persons: bool = False,
                with_funding: bool = False, top: int | None = None, k: int | None = None,
                exact: bool = False, seed: int = 0) -> pd.DataFrame:
        """Which organisations bridge the initiatives of a view, and who funds them: one row
        per organisation, most bridging first, with ``initiatives`` (how many it takes part
        in) and ``funded_by`` (their funders, programming authorities and programmes, each
        with how many of them it funds) (:func:`graphkit.algorithms.bridges_table`).

        Funding is not a tie unless *with_funding*: funders are listed, not ranked.
        """
        table = bridges_table(self.graph, level=level, since=since, until=until,
                              territory=territory, include_persons=include_persons,
                              with_funding=with_funding, top=top, k=k, exact=exact, seed=seed)
        rows = [{**{k: v for k, v in row.items() if k != "funders"},
                 "funded_by": [(label, count) for _, label, count in row["funders"]],
                 "funder_ids": [f for f, _, _ in row["funders"]]} for row in table.rows]
        return _frame(rows, ["id", "label", "type", "betweenness", "weighted_degree",
                             "initiatives", "funded_by", "funder_ids"], table.notes)

    def html(self, view: nx.Graph | None = None, *, size_by: str = "betweenness",
             focus: str | None = None, depth: int = 2, title: str = "graphkit") -> HtmlPage:
        """The interactive page of *view* (the organisation view by default), as
        ``graphkit export html`` draws it: every measure of ``metrics`` computed on the view,
        the nodes first sized by *size_by* (the page switches to the others); displays
        inline in Jupyter."""
        from graphkit.algorithms import by_measure, measures_of_view, node_metrics
        from graphkit.export.html.page import render_html

        view = self.view() if view is None else view
        measures = by_measure(node_metrics(measures_of_view(view)))
        return HtmlPage(render_html(view, self.graph, measures, size_by=size_by, focus=focus,
                                    depth=depth, title=title))

    def report(self, view: nx.Graph | None = None, *, top: int = 15, seed: int = 0,
               title: str | None = None) -> Report:
        """A static report of *view* (the organisation view by default), as
        ``graphkit report`` writes it: size and density, central actors and brokers,
        communities, funders, initiatives per year, ties within and across regions,
        evidence per actor. Displays inline in Jupyter.

        Examples
        --------
        >>> report = load().report(load().view(territory="Toscana"), top=5)
        >>> len(report.figures.central), report.content.startswith(b"<!DOCTYPE html>")
        (5, True)
        """
        from graphkit.export.report.content import report_content

        view = self.view() if view is None else view
        figures = report_content(view, self.graph, top=top, seed=seed)
        return Report(figures, title or f"graphkit report: {view.graph['view'].describe()}")

    def validate(self, sources: Sequence[Path | str] = ()) -> list[str]:
        """Every problem of the dataset (locators against the *sources* folders, SHACL)."""
        from graphkit.rdf.validate import validate

        return validate(self.dataset, sources)


def load(data: Path | str | None = None, *, since: object = None, until: object = None,
         territory: str | None = None, themes: Sequence[str] | None = None) -> Network:
    """Read and validate a dataset (the embedded one by default) into a :class:`Network`.

    The datasets imported into ``data/imported/`` join the curated records; *since*,
    *until*, *territory* and *themes* read only their slice (projects active in the window,
    located in the territory, of those OpenCoesione themes), which a national import needs:
    the curated records are read whole (:func:`graphkit.model.imported.load_data`).

    Raises
    ------
    DataError
        Listing every problem of the data, each with file and line.

    Examples
    --------
    >>> load()  # doctest: +ELLIPSIS
    <Network: ... documents>
    """
    data_dir = Path(data) if data is not None else DEFAULT_DATA_DIR
    return Network(load_data(data_dir, since=since, until=until, territory=territory,
                             themes=themes), data_dir,
                   {"since": since, "until": until, "territory": territory, "themes": themes})


#: Import OpenCoesione's projects and subjects into ``data/imported/``
#: (:func:`graphkit.opendata.into.opencoesione_into`): ``import_opencoesione(data, soggetti,
#: progetti, themes=["09"], regions=["Puglia"], since="2021-01-01")``.
import_opencoesione = opencoesione_into
#: Import IndicePA's public bodies into ``data/imported/``
#: (:func:`graphkit.opendata.into.indicepa_into`): ``import_indicepa(data, "enti.csv")``.
import_indicepa = indicepa_into
