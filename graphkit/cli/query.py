"""``graphkit query``, ``graphkit serve`` and ``graphkit push``: SPARQL for the graph.

Thin wrappers over :mod:`graphkit.sparql.query`, :mod:`graphkit.sparql.serve` and
:mod:`graphkit.sparql.push`. The query command prints tables and CSV
through the shared :func:`~graphkit.cli.output.emit`; ``json`` is the SPARQL 1.1
query results JSON format (what SPARQL tools read), next to ``tsv`` and ``xml``;
a CONSTRUCT/DESCRIBE graph is written as ``turtle``, ``jsonld`` or ``ntriples``.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(query, ["--name", "branches", "--param", "parent=cgil",
...                                     "--format", "csv"])
>>> result.output.splitlines()[1]
'https://w3id.org/graphkit/id/cgil,CGIL,https://w3id.org/graphkit/id/cgil-lucca,CGIL Lucca'
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import click
import pyoxigraph as ox

from graphkit.cli.options import (
    EXPORTS_HELP,
    clean_errors,
    data_option,
    exports_dir,
    store_option,
)
from graphkit.cli.output import FORMATS, emit, render
from graphkit.errors import QueryError, ResultLimitError, TimeLimitError, display_path
from graphkit.model.imported import load_data
from graphkit.processes import run_isolated
from graphkit.sparql.push import DEFAULT_BATCH_SIZE, push
from graphkit.sparql.query import (
    DEFAULT_MAX_ROWS,
    GRAPH_FORMATS,
    QUERIES_DIR,
    RESULTS_FORMATS,
    QueryResult,
    check_params,
    dataset_store,
    limit_result,
    named_queries,
    named_query,
    parse_params,
    prologue,
    result_rows,
    run_query,
    serialize_result,
    with_values,
)
from graphkit.sparql.serve import (
    DEFAULT_HOST,
    DEFAULT_MAX_RESULT,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    SparqlServer,
)
from graphkit.sparql.store import (
    cached_store,
    open_store,
    prepare_store,
    temporary_store_folder,
)

#: Seconds of store preparation after which ``graphkit query`` suggests ``--store``.
SLOW_PREPARE = 10.0
#: Seconds ``graphkit query`` lets a query run by default.
QUERY_TIMEOUT = 60.0

#: ``--format`` choices of ``graphkit query``: table and CSV as every command writes them,
#: then the SPARQL results formats (``json`` among them) and the graph formats.
QUERY_FORMATS = tuple(dict.fromkeys((*FORMATS, *RESULTS_FORMATS, *GRAPH_FORMATS)))


def _query_text(text: str | None, query_file: Path | None, name: str | None,
                queries_dir: Path) -> tuple[str, str | None]:
    given = [x for x in (text, query_file, name) if x is not None]
    if len(given) != 1:
        raise QueryError("give exactly one of: a QUERY argument, --file FILE, --name NAME "
                         "(see --list)")
    if query_file is not None:
        return query_file.read_text(encoding="utf-8"), None
    if name is not None:
        return named_query(name, queries_dir).text, name
    return text or "", None


def _kept_store(data_dir: Path, store_dir: Path) -> Path:
    """The store of *data_dir* kept in *store_dir*, prepared if needed."""
    prepared = cached_store(data_dir, store_dir)
    if not prepared.reused:
        click.echo(f"prepared the store in {display_path(prepared.path)} ({prepared.quads} "
                   "quads); it is reused while the data is unchanged", err=True)
    return prepared.path


@click.command()
@click.argument("text", metavar="[QUERY]", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--name", help="Run a named query of the library (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME before the query runs; VALUE is an entity by id (cna-lucca), "
                   "name or alias (\"CNA Lucca\"), an <IRI>, prefix:name, \"literal\" or "
                   "number. Repeatable.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the named queries and what they answer.")
@click.option("--show", is_flag=True,
              help="Print the query with its PREFIX declarations instead of running it "
                   "(to paste into another SPARQL tool).")
@click.option("--queries", "queries_dir", type=click.Path(file_okay=False, path_type=Path),
              default=QUERIES_DIR, show_default="graphkit/sparql/queries",
              help="Folder of the named queries.")
@data_option
@store_option
@click.option("--federation", is_flag=True,
              help="Let SERVICE clauses query remote SPARQL endpoints (off: such a query is "
                   "refused, since it would make this machine send requests to any address).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=QUERY_TIMEOUT,
              show_default=True, help="Seconds after which the query is stopped.")
@click.option("--max-rows", type=click.IntRange(min=1), default=DEFAULT_MAX_ROWS,
              show_default=True,
              help="Refuse a result with more rows (solutions, or triples) than this.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table",
              show_default=True,
              help="table (IRIs compacted) or csv: one line per result; json, tsv, xml: the "
                   "SPARQL 1.1 query results formats; turtle, jsonld, ntriples: the graph of a "
                   "CONSTRUCT or DESCRIBE (shown as Turtle in table format).")
@clean_errors
def query(text: str | None, query_file: Path | None, name: str | None, params: tuple[str, ...],
          list_queries: bool, show: bool, queries_dir: Path, data_dir: Path,
          store_dir: Path | None, federation: bool, timeout: float, max_rows: int,
          fmt: str) -> None:
    """Run a read-only SPARQL query on the graph (prefixes gk:, gkr:, org:, schema:… pre-bound).

    Plain patterns match every named graph; GRAPH ?g { … } tells the documents
    apart. UPDATE is refused. The query runs in a child process, stopped after
    --timeout seconds or when it needs more than half of the machine's memory;
    a result of more than --max-rows rows is refused. Examples:

    \b
      graphkit query 'SELECT ?b WHERE { ?b org:subOrganizationOf gkr:cgil }'
      graphkit query --name partners --param project=vita-lavoro-toscana
      graphkit query --file my.rq --format json
    """
    if list_queries:
        rows = [{"name": q.name, "parameters": ", ".join(f"?{p}" for p, _ in q.parameters),
                 "answers": q.description} for q in named_queries(queries_dir).values()]
        emit(rows, ["name", "parameters", "answers"], fmt if fmt in FORMATS else "table")
        return
    sparql, name = _query_text(text, query_file, name, queries_dir)
    if name is not None:
        check_params(named_query(name, queries_dir),
                     [p.partition("=")[0].strip().lstrip("?$") for p in params])
    if store_dir is not None:
        path = _kept_store(data_dir, store_dir)
        store = open_store(path)  # read here for the parameters; the query's child reopens it

        def opened() -> ox.Store:
            return open_store(path)
    else:
        started = time.perf_counter()
        store = dataset_store(load_data(data_dir))
        if time.perf_counter() - started > SLOW_PREPARE:
            click.echo(f"(preparing the store took {time.perf_counter() - started:.0f} s; "
                       "--store DIR keeps it for the next queries)", err=True)

        def opened() -> ox.Store:
            return store

    bindings = parse_params(params, store)
    if show:
        shown = with_values(sparql, bindings)
        if bindings and shown == sparql:
            raise click.UsageError("this query's parameters cannot be written into its text "
                                   "(a BIND target or CONSTRUCT WHERE): run it with graphkit")
        click.echo(prologue() + shown, nl=not shown.endswith("\n"))
        return
    if store_dir is not None:
        del store  # the child opens its own: a RocksDB store is not shared across fork

    def answer() -> bytes:
        result = run_query(opened(), sparql, bindings, federation=federation)
        return _render_result(limit_result(result, max_rows), fmt)

    try:
        output = run_isolated(answer, timeout=timeout, what="the query")
    except TimeLimitError as exc:
        raise TimeLimitError(f"{exc} (--timeout SECONDS allows more time)") from None
    except ResultLimitError as exc:
        raise ResultLimitError(f"{exc}; --max-rows N allows more") from None
    click.echo(output.decode("utf-8"), nl=False)


def _render_result(result: QueryResult, fmt: str) -> bytes:
    """The text ``graphkit query`` prints for *result* in *fmt*."""
    graph = not isinstance(result, ox.QuerySolutions | ox.QueryBoolean)
    if fmt in ("table", "csv") and not (fmt == "table" and graph):
        columns, rows = result_rows(result, compact=fmt == "table")
        text = render(rows, columns, fmt)
        if fmt == "table" and not rows:
            text += "0 rows\n"
        return text.encode("utf-8")
    output = serialize_result(result, "turtle" if fmt == "table" else fmt)
    return output if output.endswith(b"\n") else output + b"\n"


@click.command()
@data_option
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Interface to listen on (0.0.0.0 exposes the endpoint to the network).")
@click.option("--port", type=int, default=DEFAULT_PORT, show_default=True,
              help="Port of the SPARQL endpoint.")
@click.option("--html-port", type=int, default=None, show_default="PORT + 1",
              help="Port serving the exports folder (graph.html).")
@click.option("--exports", "exports_folder", type=click.Path(file_okay=False, path_type=Path),
              default=None, show_default=EXPORTS_HELP,
              help="Folder with graph.html and the other exports, served as static files.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds after which a query is stopped (HTTP 503).")
@click.option("--max-result", "max_result_mb", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_MAX_RESULT / 2**20, show_default=True,
              help="Largest answer sent, in MB (HTTP 500 beyond).")
@click.option("--cors", is_flag=True,
              help="Let web pages of any origin read the endpoint's answers (off: a page "
                   "you visit cannot query it on your behalf).")
@click.option("--federation", is_flag=True,
              help="Let queries call remote SPARQL endpoints with SERVICE (off: HTTP 403, "
                   "since any client could make this machine send requests to any address).")
@store_option
@clean_errors
def serve(data_dir: Path, host: str, port: int, html_port: int | None,
          exports_folder: Path | None, timeout: float, max_result_mb: float, cors: bool,
          federation: bool, store_dir: Path | None) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, and the interactive HTML.

    Runs the Oxigraph server (from the `oxigraph` package) on a store prepared
    from the dataset: GET/POST queries on /query, JSON/XML/CSV/TSV results or
    Turtle/JSON-LD graphs by content negotiation, a query editor at /. Queries
    there must declare their prefixes (`graphkit query --name NAME --show`
    prints a named query with them). Queries too long or too deeply nested for the
    engine get HTTP 400, SERVICE clauses HTTP 403 (unless --federation), answers
    not complete within --timeout HTTP 503, larger than --max-result HTTP 500; if
    the engine dies it is started again, and if it keeps dying the command stops
    with status 1. Stop with Ctrl-C (or SIGTERM).
    """
    with temporary_store_folder() as tmp, ExitStack() as stack:
        if threading.current_thread() is threading.main_thread():
            # docker stop, systemd, a closed terminal: stop as Ctrl-C does, so that the
            # Oxigraph server and the temporary store go too; the caller's handlers are put back
            for number in (signal.SIGTERM, signal.SIGHUP):
                previous = signal.signal(number, _interrupt)
                stack.callback(signal.signal, number, previous or signal.SIG_DFL)
        store = (_kept_store(data_dir, store_dir) if store_dir is not None
                 else prepare_store(load_data(data_dir), Path(tmp) / "store"))
        exports_folder = exports_folder or exports_dir(data_dir)
        html = exports_folder if exports_folder.is_dir() else None
        with SparqlServer(store, host=host, port=port, timeout=timeout, html_dir=html,
                          html_port=html_port, cors=cors, federation=federation,
                          max_result=int(max_result_mb * 2**20),
                          log=lambda message: click.echo(message, err=True)) as server:
            click.echo(f"SPARQL endpoint: {server.endpoint}  (query editor: {server.url}/)")
            if server.html_url:
                click.echo(f"Exports and graph.html: {server.html_url}")
            click.echo("Read-only; press Ctrl-C to stop.")
            try:
                server.wait()
            except KeyboardInterrupt:
                click.echo("stopping")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command(name="push")
@data_option
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL of the store, e.g. http://localhost:3030/ds/data "
                   "(Fuseki) or http://localhost:7878/store (Oxigraph).")
@click.option("--graph", default=None, metavar="IRI",
              help="Put everything into this one graph ('default' for the default graph) "
                   "instead of one named graph per document.")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE,
              show_default=True, help="Triples per HTTP request.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Seconds each request may take, answer included.")
@click.option("--user", default=None, help="User name for HTTP basic authentication; the "
              "password is read from GRAPHKIT_PUSH_PASSWORD or asked for.")
@clean_errors
def push_command(data_dir: Path, endpoint: str, graph: str | None, batch_size: int,
                 timeout: float, user: str | None) -> None:
    """Replace graphkit's graphs in an existing triple store (SPARQL Graph Store Protocol).

    Each named graph (registry, one per document) is replaced: PUT of the first
    batch, POST of the others; graphs of documents an earlier push wrote but the
    data no longer has are deleted, so a re-run gives the same content. If a
    request fails, the message says which graphs were replaced and which were not.
    """
    auth = None
    if user is not None:
        password = (os.environ.get("GRAPHKIT_PUSH_PASSWORD")
                    or click.prompt(f"Password for {user}", hide_input=True))
        auth = (user, password)
    report = push(load_data(data_dir), endpoint, graph=graph, batch_size=batch_size,
                  timeout=timeout, auth=auth)
    removed = (f", removed {len(report.removed)} graph(s) of documents no longer in the data"
               if report.removed else "")
    click.echo(f"replaced {len(report.graphs)} graph(s) with {report.triples} triples in "
               f"{report.requests} request(s) at {endpoint}{removed}")
