"""SPARQL over the graph: a pyoxigraph store, read-only queries and the named query library.

The RDF of :mod:`graphkit.rdf.mapping` (one named graph per document plus the
registry graph) is loaded into a :class:`pyoxigraph.Store`, which answers
queries in milliseconds where rdflib's own memory store needs seconds;
:func:`rdflib_dataset` shows the same store through rdflib's API. Queries
run with graphkit's prefixes (:data:`graphkit.schema.namespaces.PREFIXES`) pre-bound
and with the union of all named graphs as the default graph, so a plain
pattern sees every document while ``GRAPH ?g { … }`` still tells them apart.

Only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run: an UPDATE is refused,
and a syntax error is reported with its line and column. A query too long or too
deeply nested for the engine, or calling a remote ``SERVICE`` while federation is
off, is refused before it reaches the engine (:mod:`graphkit.sparql.guard`).

The named queries live in ``graphkit/sparql/queries/*.rq``; each starts with a comment
saying what it answers, and ``# param ?name: …`` lines for the variables a
caller may bind (``--param name=value`` on the command line).

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> store = dataset_store(load_dataset())
>>> rows = select(store, "SELECT ?parent WHERE { gkr:cgil-lucca org:subOrganizationOf ?parent }")
>>> rows[0]["parent"]
'https://w3id.org/graphkit/id/cgil'
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Dataset as RdflibDataset
from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from graphkit.errors import QueryError, ResultLimitError, display_path
from graphkit.model.load import ID_PATTERN
from graphkit.model.records import Dataset
from graphkit.rdf.mapping import REGISTRY_GRAPH, nquads
from graphkit.schema.namespaces import GKR, PREFIXES, jsonld_context
from graphkit.schema.namespaces import compact as prefixed
from graphkit.schema.vocabulary import GK
from graphkit.sparql.guard import check_query

if TYPE_CHECKING:
    from graphkit.graph.lookup import EntityIndex

#: Folder of the named queries shipped with graphkit.
QUERIES_DIR = Path(__file__).resolve().parent / "queries"

#: Prefix → namespace IRI, pre-bound in every query.
PREFIX_MAP: dict[str, str] = jsonld_context()

#: The triples of a CONSTRUCT or DESCRIBE result: one-pass as pyoxigraph returns them, or a
#: list once read in full (:func:`limit_result`).
GraphResult = ox.QueryTriples | list
#: A query result as pyoxigraph returns it.
QueryResult = ox.QuerySolutions | ox.QueryBoolean | GraphResult
#: Rows (solutions or triples) :func:`limit_result` lets through by default.
DEFAULT_MAX_ROWS = 100_000
#: An RDF term as pyoxigraph represents it.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

#: Result formats written by pyoxigraph's SPARQL results serialisers.
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: Formats for the graph of a CONSTRUCT or DESCRIBE query.
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples")

_UPDATE = re.compile(
    r"^(?:\s*(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))*\s*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"(^|\s)#.*$", re.MULTILINE)
_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_PARAM_LINE = re.compile(r"^param\s+\?(\w+)\s*:\s*(.*)$")
_XSD = PREFIX_MAP["xsd"]
_NUMERIC = {_XSD + t for t in ("integer", "decimal", "double", "float", "int", "long",
                                 "short", "byte", "nonNegativeInteger", "positiveInteger",
                                 "negativeInteger", "nonPositiveInteger", "unsignedInt",
                                 "unsignedLong", "unsignedShort", "unsignedByte")}
_INTEGER = _NUMERIC - {_XSD + "decimal", _XSD + "double", _XSD + "float"}




# --------------------------------------------------------------------------- store


def dataset_store(dataset: Dataset, path: Path | str | None = None, *,
                  measures: bool = True) -> ox.Store:
    """A pyoxigraph store holding the RDF of *dataset*, in memory or on disk: the very quads
    ``graph.trig`` holds, the network measures of the exports included.

    The quads are bulk-loaded as N-Quads text (:func:`graphkit.rdf.mapping.nquads`), the
    documents' graphs while the measures are computed in a second process (or read from
    the cache a build filled, :func:`graphkit.algorithms.dataset_measures`), then the
    registry graph with them.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    path : path, optional
        A directory for an on-disk (RocksDB) store, compacted once loaded; in
        memory when omitted.
    measures : bool
        Write the network measures of the organisation view on the entities, as
        ``graphkit build`` does.

    Returns
    -------
    pyoxigraph.Store
        Named graphs ``gkr:graph/registry`` and ``gkr:graph/<doc-id>``.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> len(dataset_store(load_dataset())) > 1000
    True
    """
    from graphkit.algorithms.background import in_background
    from graphkit.memory import paused_gc

    store = ox.Store(str(path)) if path is not None else ox.Store()
    with paused_gc():
        computing = (in_background(lambda: _measures(dataset), daemon=False,
                                   what="the network measures") if measures else None)
        try:
            _bulk_load(store, nquads(dataset, registry=False))
            metrics = computing() if computing is not None else None
        finally:
            if computing is not None:
                computing.cancel()
        _bulk_load(store, nquads(dataset, metrics, documents=False))
    store.flush()
    if path is not None:
        store.optimize()  # compacted, an on-disk store reads 2-4 times faster
    return store


def _measures(dataset: Dataset) -> dict[str, dict[str, object]]:
    """The measures ``graphkit build`` writes, per entity (in a process of their own)."""
    import gc

    from graphkit.algorithms import dataset_measures, node_metrics

    gc.enable()
    return node_metrics(dataset_measures(dataset))


def _bulk_load(store: ox.Store, chunks: Iterable[str]) -> None:
    """Load N-Quads text into *store* as it is made; graphkit's mapping writes valid IRIs,
    so the parser does not check them again (``lenient``)."""
    store.bulk_load(io.BufferedReader(_Text(chunks), 1 << 20), format=ox.RdfFormat.N_QUADS,
                    lenient=True)


class _Text(io.RawIOBase):
    """A binary reader over chunks of text, UTF-8 encoded as they are read."""

    def __init__(self, chunks: Iterable[str]) -> None:
        self.chunks = iter(chunks)
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = memoryview(chunk.encode())
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]  # a view: the rest is not copied
        return size


def rdflib_dataset(store: ox.Store) -> RdflibDataset:
    """The store seen through rdflib's API, the data staying in pyoxigraph (oxrdflib).

    For code written against rdflib: ``Dataset.query`` runs in Oxigraph, with
    graphkit's prefixes bound and the union of the named graphs as the
    default graph, as in :func:`run_query`; ``Dataset.graph(iri)`` reads one
    named graph. Unlike :func:`run_query` this API can also write to the store.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> ds = rdflib_dataset(dataset_store(load_dataset()))
    >>> [str(row.parent) for row in ds.query(
    ...     "SELECT ?parent WHERE { gkr:cgil-lucca org:subOrganizationOf ?parent }")]
    ['https://w3id.org/graphkit/id/cgil']
    """
    from oxrdflib import OxigraphStore  # rdflib's SPARQL machinery: imported when asked for

    view = RdflibDataset(store=OxigraphStore(store=store), default_union=True)
    for prefix, namespace in PREFIXES.items():
        view.bind(prefix, namespace)
    return view


# --------------------------------------------------------------------------- queries


def prologue() -> str:
    """``PREFIX`` declarations of graphkit's prefixes, for tools that do not pre-bind them.

    Examples
    --------
    >>> prologue().splitlines()[0]
    'PREFIX gk: <https://w3id.org/graphkit/onto/>'
    """
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIX_MAP.items())


def check_read_only(query: str) -> None:
    """Raise :class:`QueryError` if *query* is a SPARQL UPDATE.

    Examples
    --------
    >>> check_read_only("PREFIX ex: <http://e/> # add\\nINSERT DATA { ex:a ex:b ex:c }")
    Traceback (most recent call last):
    ...
    graphkit.errors.QueryError: SPARQL UPDATE (INSERT) is refused: queries are read-only ...
    """
    match = _UPDATE.match(_COMMENT.sub(r"\1", query))
    if match:
        raise QueryError(
            f"SPARQL UPDATE ({match.group(1).upper()}) is refused: queries are read-only "
            "(load the graph into a store you can write to, with a Graph Store push)")


def _syntax_error(query: str, message: str) -> QueryError:
    match = _ERROR_AT.match(message)
    if not match:
        return QueryError(f"SPARQL syntax error: {message}")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    if "Prefix not found" in detail:
        detail = f"unknown prefix (pre-bound: {', '.join(PREFIX_MAP)})"
    elif len(detail) > 160:
        detail = detail[:160].rsplit(",", 1)[0] + ", …"
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = " " * max(column - 1, 0) + "^"
    return QueryError(f"SPARQL syntax error at line {line}, column {column}: {detail}\n"
                      f"  {text}\n  {pointer}")


def parse_term(value: str, store: ox.Store | None = None) -> Term:
    """Read a parameter value as an RDF term.

    A graphkit id (``cna-lucca``) names the entity ``gkr:cna-lucca``; with a *store*, so
    does a name or alias of an entity (``"CNA Lucca"``, any case or accents), and an id or
    name the store does not know is an error suggesting the closest names. Anything else
    is read as a Turtle term with graphkit's prefixes: ``<http://…>``, ``gk:PartnerRole``,
    ``"text"@it``, ``42``, ``"2024"^^xsd:gYear``.

    Raises
    ------
    QueryError
        A value that is neither a term nor, with a *store*, an entity.
    UnknownEntityError, AmbiguousEntityError
        With a *store*: no entity, or several, answer to the name.

    Examples
    --------
    >>> parse_term("cna-lucca").value
    'https://w3id.org/graphkit/id/cna-lucca'
    >>> parse_term("50000.00")
    <Literal value=50000.00 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#decimal>>
    """
    entity_like = ID_PATTERN.match(value) and not value.replace("-", "").isdigit()
    if entity_like and (store is None or _has_entity(store, value)):
        return ox.NamedNode(str(GKR[value]))
    if not entity_like:
        turtle = f"{prologue()}<urn:x-graphkit:s> <urn:x-graphkit:p> {value} ."
        try:
            triples = list(ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            if store is None:
                raise QueryError(f"cannot read {value!r} as an RDF term (an entity id, <IRI>, "
                                 f"prefix:name, \"literal\" or number): {exc}") from None
        else:
            if len(triples) != 1:
                raise QueryError(f"cannot read {value!r} as a single RDF term")
            return triples[0].object
    return ox.NamedNode(str(GKR[_entity_index(store).find(value)]))


REGISTRY_NODE = ox.NamedNode(str(REGISTRY_GRAPH))


def _has_entity(store: ox.Store, key: str) -> bool:
    node = ox.NamedNode(str(GKR[key]))
    return any(store.quads_for_pattern(node, ox.NamedNode(str(GK.key)), None, REGISTRY_NODE))


def _entity_index(store: ox.Store) -> EntityIndex:
    """Every entity of *store* by id, name and alias (from the registry graph)."""
    from graphkit.graph.lookup import EntityIndex

    names: dict[str, tuple[str, list[str]]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(GK.key)), None, REGISTRY_NODE):
        label = next(store.quads_for_pattern(quad.subject, ox.NamedNode(str(RDFS.label)),
                                             None, REGISTRY_NODE), None)
        aliases = [q.object.value for q in store.quads_for_pattern(
            quad.subject, ox.NamedNode(str(SKOS.altLabel)), None, REGISTRY_NODE)]
        names[quad.object.value] = (label.object.value if label else quad.object.value, aliases)
    return EntityIndex((key, label, aliases) for key, (label, aliases) in sorted(names.items()))


def parse_params(pairs: Iterable[str], store: ox.Store | None = None) -> dict[str, Term]:
    """Read ``name=value`` pairs (see :func:`parse_term`) into variable bindings.

    Examples
    --------
    >>> parse_params(["org=cresciamo"])["org"].value
    'https://w3id.org/graphkit/id/cresciamo'
    """
    params: dict[str, Term] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"parameter {pair!r} is not of the form name=value")
        params[name] = parse_term(value.strip(), store)
    return params


def run_query(store: ox.Store, query: str, params: Mapping[str, Term] | None = None, *,
              federation: bool = False) -> QueryResult:
    """Run a read-only SPARQL query with graphkit's prefixes pre-bound.

    Parameters
    ----------
    store : pyoxigraph.Store
        The store (see :func:`dataset_store`).
    query : str
        A SELECT, ASK, CONSTRUCT or DESCRIBE query.
    params : mapping, optional
        Variable name → term: the variable is replaced by the term before the
        query runs (SEP-0007 substitution); in a SELECT, such a variable must be
        one of the selected ones. The same binding is also given to the query
        planner as a ``VALUES`` block (see :func:`with_values`).
    federation : bool
        Let ``SERVICE`` clauses query remote endpoints (off: such a query is refused).

    Returns
    -------
    pyoxigraph.QuerySolutions, QueryBoolean or QueryTriples
        A one-pass result; see :func:`result_rows` and :func:`serialize_result`, and
        :func:`limit_result` to bound its size. The query runs in this process, for as
        long as it takes: ``graphkit query`` runs it in a child process bounded in time
        and memory (:func:`graphkit.processes.run_isolated`).

    Raises
    ------
    QueryError
        For an UPDATE, a syntax error (with line and column), a parameter
        that is not a variable of the query, a query beyond the limits of
        :func:`graphkit.sparql.guard.check_query`, or a ``SERVICE`` without *federation*.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> store = dataset_store(load_dataset())
    >>> bool(run_query(store, "ASK { ?org gk:leadPartnerOf ?project }"))
    True
    """
    check_read_only(query)
    check_query(query, federation=federation)
    params = dict(params or {})
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}\b", query):
            raise QueryError(f"parameter {name!r} is not a variable of the query")
    substitutions = {ox.Variable(k): v for k, v in params.items()}
    hinted = with_values(query, params)
    try:
        if hinted != query:
            try:
                return store.query(hinted, prefixes=PREFIX_MAP, use_default_graph_as_union=True,
                                   substitutions=substitutions)
            except SyntaxError:  # the hint does not fit this query (a BIND target, a template)
                pass
        return store.query(query, prefixes=PREFIX_MAP, use_default_graph_as_union=True,
                           substitutions=substitutions)
    except SyntaxError as exc:
        raise _syntax_error(query, str(exc)) from None
    except RuntimeError as exc:  # a substituted variable missing from the SELECT projection
        raise QueryError(f"cannot bind {', '.join(f'?{k}' for k in params)}: {exc} "
                         "(a parameter of a SELECT must be one of its selected variables)"
                         ) from None


_TOKENS = re.compile(
    r"(?P<skip>'\'\'.*?'\'\'|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<where>\bWHERE\b)|(?P<form>\b(?:SELECT|ASK|DESCRIBE)\b)",
    re.IGNORECASE | re.DOTALL,
)


def _where_group(query: str) -> int | None:
    """Offset just after the ``{`` opening the query's top-level WHERE group, if found."""
    depth, form, after_where = 0, False, False
    for token in _TOKENS.finditer(query):
        kind = token.lastgroup
        if kind == "open":
            if depth == 0 and (after_where or form):
                return token.end()
            depth += 1
        elif kind == "close":
            depth -= 1
        elif depth == 0 and kind == "where":
            after_where = True
        elif depth == 0 and kind == "form":
            form = True
    return None


def with_values(query: str, params: Mapping[str, Term]) -> str:
    """*query* with *params* also stated as a ``VALUES`` block opening its WHERE group.

    pyoxigraph plans a query before substituting bound variables, so a
    parameterised query may start from the widest pattern (every lead-partner
    record) rather than the bound one (one organisation's records): on a graph
    of millions of triples that is the difference between 20 ms and 500 ms. A
    ``VALUES`` block with the same terms gives the planner the binding without
    changing the answer. Queries whose WHERE group cannot be found, and blank
    node or quoted triple terms (not allowed in ``VALUES``), are left unchanged;
    :func:`run_query` runs the query without the block when the block does not
    fit it (a parameter that is also a ``BIND`` target, ``CONSTRUCT WHERE``).

    Examples
    --------
    >>> with_values("SELECT ?o WHERE { ?o a ?t }", {"o": ox.NamedNode("http://e/x")})
    'SELECT ?o WHERE { VALUES (?o) { (<http://e/x>) } ?o a ?t }'
    """
    if not params or not all(isinstance(t, ox.NamedNode | ox.Literal) for t in params.values()):
        return query
    at = _where_group(query)
    if at is None:
        return query
    names = " ".join(f"?{name}" for name in params)
    terms = " ".join(str(term) for term in params.values())
    return f"{query[:at]} VALUES ({names}) {{ ({terms}) }}{query[at:]}"


def term_value(term: Term | None, *, compact: bool = False) -> Any:
    """A plain Python value for a term: an IRI string, a number, a bool or a string.

    With *compact*, IRIs in a graphkit namespace are written as prefixed names.

    Examples
    --------
    >>> term_value(ox.NamedNode("https://w3id.org/graphkit/id/cgil"), compact=True)
    'gkr:cgil'
    >>> term_value(ox.Literal("50000.00", datatype=ox.NamedNode(_XSD + "decimal")))
    Decimal('50000.00')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return prefixed(term.value) if compact else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER:
                return int(term.value)
            if datatype in _NUMERIC:
                return Decimal(term.value) if datatype == _XSD + "decimal" else float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def result_rows(result: QueryResult, *, compact: bool = False
                ) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and rows of a result, with plain Python values (see :func:`term_value`).

    A SELECT gives its variables; an ASK one column ``ask``; a CONSTRUCT or
    DESCRIBE the columns ``subject``, ``predicate`` and ``object``.

    Examples
    --------
    >>> store = ox.Store()
    >>> result_rows(run_query(store, "SELECT ?n WHERE { BIND(40 + 2 AS ?n) }"))
    (['n'], [{'n': 42}])
    """
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [{"ask": bool(result)}]
    if isinstance(result, GraphResult):
        columns = ["subject", "predicate", "object"]
        return columns, [{"subject": term_value(t.subject, compact=compact),
                          "predicate": term_value(t.predicate, compact=compact),
                          "object": term_value(t.object, compact=compact)} for t in result]
    columns = [v.value for v in result.variables]
    return columns, [{c: term_value(solution[c], compact=compact) for c in columns}
                     for solution in result]


def select(store: ox.Store, query: str,
           params: Mapping[str, Term] | None = None) -> list[dict[str, Any]]:
    """The rows of a SELECT query, as dictionaries of plain values.

    Examples
    --------
    >>> select(ox.Store(), "SELECT ?x WHERE { VALUES ?x { gk:partnerOf } }")
    [{'x': 'https://w3id.org/graphkit/onto/partnerOf'}]
    """
    return result_rows(run_query(store, query, params))[1]


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """Write a result in a standard format.

    Parameters
    ----------
    result : QueryResult
        A fresh result of :func:`run_query`.
    fmt : str
        For SELECT and ASK: ``json``, ``xml`` or ``tsv`` (the SPARQL 1.1 query
        results formats). For CONSTRUCT and DESCRIBE: ``turtle``, ``jsonld``
        (compacted with graphkit's prefixes as context) or ``ntriples``.

    Examples
    --------
    >>> store = ox.Store()
    >>> print(serialize_result(run_query(store, "SELECT ?n WHERE { BIND(1 AS ?n) }"),
    ...                        "tsv").decode().strip())
    ?n
    1
    """
    if isinstance(result, GraphResult):
        if fmt == "turtle":
            return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_MAP)
        if fmt == "ntriples":
            return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        if fmt == "jsonld":
            graph = Graph().parse(data=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES),
                                  format="nt")
            return graph.serialize(format="json-ld", context=jsonld_context(),
                                   indent=2).encode("utf-8")
        raise QueryError(f"a CONSTRUCT or DESCRIBE result is written as "
                         f"{', '.join(GRAPH_FORMATS)}, not {fmt}")
    if fmt not in RESULTS_FORMATS:
        raise QueryError(f"a SELECT or ASK result is written as {', '.join(RESULTS_FORMATS)}, "
                         f"not {fmt} ({', '.join(GRAPH_FORMATS)} are for CONSTRUCT/DESCRIBE)")
    return result.serialize(format=RESULTS_FORMATS[fmt])


class _CountedLines:
    """A file-like sink for pyoxigraph's serialisers that keeps what is written and stops
    the writing once it holds more than *limit* lines."""

    def __init__(self, limit: int):
        self.limit, self.lines, self.data = limit, 0, bytearray()

    def write(self, chunk: bytes) -> int:
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            raise ResultLimitError(f"the result has more than {self.limit - 1:,} rows: "
                                   "stopped (narrow the query, or add a LIMIT)")
        self.data += chunk
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the data stays in memory."""


def limit_result(result: QueryResult, max_rows: int = DEFAULT_MAX_ROWS) -> QueryResult:
    """*result* read in full, refused once it holds more than *max_rows* rows.

    A SELECT result is read as SPARQL TSV (one line per solution, exactly what the store
    holds) and parsed back, a CONSTRUCT or DESCRIBE result as N-Triples (one line per
    triple) into a list; an ASK result is returned as it is. The reading stops at the
    first row too many, so a huge result costs no more than *max_rows* rows.

    Raises
    ------
    ResultLimitError
        When the result has more than *max_rows* rows.

    Examples
    --------
    >>> store = ox.Store()
    >>> rows = "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }"
    >>> result_rows(limit_result(run_query(store, rows), 3))[1]
    [{'n': 1}, {'n': 2}, {'n': 3}]
    >>> limit_result(run_query(store, rows), 2)
    Traceback (most recent call last):
    ...
    graphkit.errors.ResultLimitError: the result has more than 2 rows: stopped (narrow the \
query, or add a LIMIT)
    """
    if isinstance(result, ox.QueryBoolean):
        return result
    if isinstance(result, ox.QuerySolutions):
        sink = _CountedLines(max_rows + 1)  # the header line, then one line per solution
        result.serialize(sink, format=ox.QueryResultsFormat.TSV)
        return ox.parse_query_results(bytes(sink.data), format=ox.QueryResultsFormat.TSV)
    sink = _CountedLines(max_rows + 1)
    sink.lines = 1  # no header line: count as if there were one
    ox.serialize(result, sink, format=ox.RdfFormat.N_TRIPLES)
    return list(ox.parse(bytes(sink.data), format=ox.RdfFormat.N_TRIPLES))


# --------------------------------------------------------------------------- named queries


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library in ``graphkit/sparql/queries``.

    Attributes
    ----------
    name : str
        The file name without ``.rq``.
    description : str
        What the query answers (its leading comment, up to the first blank comment line).
    parameters : tuple of (str, str)
        Variables a caller may bind, with their help (``# param ?name: help`` lines).
    text : str
        The query.
    path : Path
        Where it was read from.
    """

    name: str
    description: str
    parameters: tuple[tuple[str, str], ...]
    text: str
    path: Path


def read_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; it must start with a comment saying what it answers.

    Examples
    --------
    >>> read_named_query(QUERIES_DIR / "branches.rq").parameters[0][0]
    'parent'
    """
    text = path.read_text(encoding="utf-8")
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line[1:].strip())
    if not comments or not comments[0]:
        raise QueryError(f"{display_path(path)}: a named query must start with a comment "
                         "saying what it answers")
    description = " ".join(comments[:comments.index("")] if "" in comments else comments)
    parameters = tuple((m.group(1), m.group(2)) for m in map(_PARAM_LINE.match, comments) if m)
    return NamedQuery(path.stem, description, parameters, text, path)


def named_queries(directory: Path | str = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query of *directory*, by name.

    Examples
    --------
    >>> "partners" in named_queries()
    True
    """
    return {q.name: q for q in map(read_named_query, sorted(Path(directory).glob("*.rq")))}


def named_query(name: str, directory: Path | str = QUERIES_DIR) -> NamedQuery:
    """The named query *name*; the error lists the available names.

    Examples
    --------
    >>> named_query("branches").name
    'branches'
    """
    queries = named_queries(directory)
    if name not in queries:
        raise QueryError(f"no named query {name!r}; available: {', '.join(queries) or 'none'}")
    return queries[name]


def check_params(query: NamedQuery, params: Sequence[str]) -> None:
    """Raise :class:`QueryError` if a parameter is not one the named query declares.

    Examples
    --------
    >>> check_params(named_query("branches"), ["org"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.errors.QueryError: named query 'branches' takes no parameter 'org' (it takes: ...
    """
    declared = [name for name, _ in query.parameters]
    for name in params:
        if name not in declared:
            raise QueryError(f"named query {query.name!r} takes no parameter {name!r} "
                             f"(it takes: {', '.join(declared) or 'none'})")
