"""Load the graph into an existing triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the export (``gkr:graph/registry`` and one
``gkr:graph/<doc-id>`` per document) is *replaced*: the first batch of its
triples is sent with ``PUT`` (which replaces the graph), the others with
``POST`` (which adds to it). The registry graph lists the document graphs
(``gk:DocumentGraph``), so before replacing anything the push reads the
registry a previous push left in the store; it deletes the document graphs
listed there that the data no longer has (a document removed from ``data/``)
and replaces the registry itself last, so that a push failing midway can
simply be re-run. A re-run therefore leaves the same content, and the whole
push works with any Graph Store Protocol endpoint: Fuseki (``…/dataset/data``),
GraphDB (``…/repositories/ID/rdf-graphs/service``), Virtuoso
(``…/sparql-graph-crud``), Oxigraph (``…/store``).

Batches are N-Triples (sent as ``text/turtle``, of which N-Triples is a
subset, for the widest support); graphkit's RDF has no blank nodes, so a graph
can be split anywhere. When a request fails, :class:`PushError` says which
graphs were replaced, which one was left half-replaced (if any), and which
were not touched.

The push trusts the store no more than it must: each request, answer included, gets
*timeout* seconds in all (a store answering a byte a second is cut off), a malformed
or truncated answer is a failure like any other, an answer is read up to
:data:`MAX_ANSWER` bytes, only graphs in graphkit's own namespace
(``gkr:graph/<doc-id>``) are ever deleted, whatever the registry read back lists, and
the endpoint must be an ``http://`` or ``https://`` URL (``data:`` or ``file:`` URLs
would "succeed" without sending anything).

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> report = push(load_dataset(), "http://127.0.0.1:7878/store")  # doctest: +SKIP
>>> report.graphs[0]  # doctest: +SKIP
'https://w3id.org/graphkit/id/graph/000_be95f7005f3ffa5b'
"""

from __future__ import annotations

import base64
import http.client
import io
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial

import pyoxigraph as ox
from rdflib.namespace import RDF

from graphkit.errors import PushError
from graphkit.model.load import DOC_ID_PATTERN
from graphkit.model.records import Dataset
from graphkit.rdf.mapping import REGISTRY_GRAPH, document_graph_iri
from graphkit.schema.vocabulary import GK
from graphkit.sparql.query import dataset_store

#: Triples per request.
DEFAULT_BATCH_SIZE = 20_000
#: The ``--graph`` value that targets the store's default graph.
DEFAULT_GRAPH = "default"
#: Largest answer read from the store, in bytes (the registry graph read back).
MAX_ANSWER = 256 * 2**20
_DOCUMENT_GRAPH = re.compile(re.escape(str(document_graph_iri(""))) + r"(.+)")




@dataclass
class PushReport:
    """What a push did.

    Attributes
    ----------
    endpoint : str
        The Graph Store Protocol endpoint.
    graphs : list of str
        Graphs replaced, in order (``default`` for the default graph).
    triples : int
        Triples sent.
    requests : int
        HTTP requests made (one ``GET`` of the old registry, one ``PUT`` per
        graph, one ``POST`` per further batch, one ``DELETE`` per removed graph).
    removed : list of str
        Document graphs of an earlier push that the data no longer has, deleted.
    """

    endpoint: str
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    requests: int = 0
    removed: list[str] = field(default_factory=list)


def graph_contents(store: ox.Store, target: str | None = None) -> dict[str, list[bytes]]:
    """Sorted N-Triples lines per graph IRI; with *target*, every triple in that one graph.

    Examples
    --------
    >>> from graphkit.model.load import load_dataset
    >>> from graphkit.sparql.query import dataset_store
    >>> graphs = graph_contents(dataset_store(load_dataset()))
    >>> "https://w3id.org/graphkit/id/graph/registry" in graphs
    True
    >>> list(graph_contents(dataset_store(load_dataset()), "urn:one"))
    ['urn:one']
    """
    def lines(graph: ox.NamedNode | ox.DefaultGraph | None) -> set[bytes]:
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, graph))
        return set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines())

    if target is not None:
        return {target: sorted(lines(None))}
    return {g.value: sorted(lines(g)) for g in sorted(store.named_graphs(), key=str)}


def _batches(lines: list[bytes], size: int) -> Iterator[list[bytes]]:
    yield lines[:size]
    for start in range(size, len(lines), size):
        yield lines[start:start + size]


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of *graph* (indirect identification).

    Examples
    --------
    >>> graph_url("http://localhost:7878/store", "https://w3id.org/graphkit/id/graph/registry")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fgraphkit%2Fid%2Fgraph%2Fregistry'
    >>> graph_url("http://localhost:3030/ds/data", "default")
    'http://localhost:3030/ds/data?default'
    """
    query = "default" if graph == DEFAULT_GRAPH else urllib.parse.urlencode({"graph": graph})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class _Tracked:
    """The sockets opened for one request, so that a timer can cut them off (urllib lets
    go of a connection's socket once the answer's headers are in, not of the answer)."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.cut = False

    def connection(self, base: type[http.client.HTTPConnection], *args: object,
                   **kwargs: object) -> http.client.HTTPConnection:
        made = base(*args, **kwargs)
        connect = made.connect

        def connect_and_track() -> None:
            connect()
            self.sockets.append(made.sock)
            if self.cut:  # the timer went off while connecting
                self.cut_off()

        made.connect = connect_and_track
        return made

    def cut_off(self) -> None:
        self.cut = True
        for sock in self.sockets:
            with suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)


def _opener(tracked: _Tracked) -> urllib.request.OpenerDirector:
    """urllib (proxies, redirects, HTTP errors as usual) with its connections *tracked*."""

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(partial(tracked.connection, http.client.HTTPConnection), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(partial(tracked.connection, http.client.HTTPSConnection), req,
                                context=self._context)

    return urllib.request.build_opener(HTTP, HTTPS)


def _send(url: str, method: str, body: bytes | None, headers: dict[str, str],
          timeout: float) -> tuple[bytes, str]:
    """Send one request; the body and media type of the answer.

    The whole exchange gets *timeout* seconds: past them the connection is cut and
    :class:`TimeoutError` raised, however slowly the store keeps answering. A malformed
    or truncated answer, or one over :data:`MAX_ANSWER` bytes, is a
    :class:`ConnectionError`; an HTTP error status an :class:`urllib.error.HTTPError`.
    """
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    tracked = _Tracked()
    timer = threading.Timer(timeout, tracked.cut_off)
    timer.daemon = True
    timer.start()
    late = f"no complete answer within {timeout:g} s"
    try:
        with _opener(tracked).open(request, timeout=timeout) as response:
            answer = response.read(MAX_ANSWER + 1)
            if len(answer) > MAX_ANSWER:
                raise ConnectionError(f"the answer is larger than {MAX_ANSWER // 2**20} MB")
            media_type = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        if tracked.cut:
            raise TimeoutError(late) from None
        raise urllib.error.HTTPError(url, exc.code, exc.reason, exc.headers,
                                     io.BytesIO(_quietly_read(exc))) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if tracked.cut:
            raise TimeoutError(late) from None
        if isinstance(exc, OSError):
            raise
        raise ConnectionError(f"a malformed answer ({type(exc).__name__}: {exc})") from None
    finally:
        timer.cancel()
    if tracked.cut:
        raise TimeoutError(late)
    return answer, media_type


def _quietly_read(error: urllib.error.HTTPError) -> bytes:
    """The first kilobytes of an error's body, if it can be read at all."""
    try:
        return error.read(4096) or b""
    except (OSError, http.client.HTTPException, ValueError):
        return b""


#: What ``push`` accepts when it reads the registry graph back: any RDF syntax pyoxigraph reads.
_REGISTRY_ACCEPT = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, "
                    "application/ld+json;q=0.7")


def pushed_graphs(endpoint: str, *, timeout: float = 60.0,
                  headers: dict[str, str] | None = None) -> set[str]:
    """The document graphs listed by the registry graph an earlier push left at *endpoint*.

    Empty when the store has no registry graph (a first push).
    """
    try:
        body, media_type = _send(graph_url(endpoint, str(REGISTRY_GRAPH)), "GET", None,
                                 {"Accept": _REGISTRY_ACCEPT, **(headers or {})}, timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return set()
        raise
    kind, document_graph = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.DocumentGraph))
    # Read as the store says it answered; a store that does not say is read as Turtle,
    # whose parser also reads N-Triples.
    syntax = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
    return {t.subject.value for t in ox.parse(body, format=syntax)
            if t.predicate == kind and t.object == document_graph
            and isinstance(t.subject, ox.NamedNode)}


def is_document_graph(iri: str) -> bool:
    """Whether *iri* names the graph of a document in graphkit's namespace: the only
    graphs a push may delete.

    Examples
    --------
    >>> is_document_graph("https://w3id.org/graphkit/id/graph/doc1")
    True
    >>> is_document_graph("https://w3id.org/graphkit/id/graph/registry")
    False
    >>> is_document_graph("http://example.org/someone-elses-graph")
    False
    """
    match = _DOCUMENT_GRAPH.fullmatch(iri)
    return bool(match and match.group(1) != "registry" and DOC_ID_PATTERN.match(match.group(1)))


def _failure(exc: Exception) -> tuple[str, bool]:
    """What went wrong, and whether the store surely did not apply the request."""
    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read().decode("utf-8", "replace").strip().replace("\n", " ")
        detail = f": {body[:300]}" if body else ""
        return f"HTTP {exc.code} {exc.reason}{detail}", True
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the store running, and is the URL right?)", True
    if isinstance(reason, socket.gaierror):
        return f"unknown host ({reason})", True
    if isinstance(reason, TimeoutError):
        return "no complete answer before the timeout", False
    return str(reason), False


def _listing(graphs: list[str]) -> str:
    return ", ".join(f"<{g}>" for g in graphs) if graphs else "none"


def _explain(endpoint: str, exc: Exception, done: list[str], graph: str, batch: int,
             batches: int, sent: int, total: int, pending: list[str]) -> PushError:
    what, rejected = _failure(exc)
    lines = [f"push to {endpoint} failed on graph <{graph}> (request {batch} of {batches}): "
             f"{what}", f"  replaced: {_listing(done)}"]
    if batch > 1:
        lines.append(f"  HALF-REPLACED: <{graph}> lost its old content and holds only {sent} of "
                     f"{total} triples; re-run the push to complete it")
    elif rejected:
        pending = [graph, *pending]
    else:
        lines.append(f"  unknown: <{graph}> may or may not have been replaced; re-run the push")
    lines.append(f"  not replaced (unchanged): {_listing(pending)}")
    return PushError("\n".join(lines))


def push(dataset: Dataset, endpoint: str, *, graph: str | None = None,
         batch_size: int = DEFAULT_BATCH_SIZE, timeout: float = 60.0,
         auth: tuple[str, str] | None = None) -> PushReport:
    """Replace graphkit's named graphs in a store with the RDF of *dataset*.

    Parameters
    ----------
    dataset : Dataset
        The loaded dataset.
    endpoint : str
        The store's Graph Store Protocol URL (e.g. ``http://localhost:3030/ds/data``).
    graph : str, optional
        Put every triple into this one graph IRI (``default``: the default
        graph) instead of one named graph per document.
    batch_size : int
        Triples per request.
    timeout : float
        Seconds each request may take in all, the answer included.
    auth : (str, str), optional
        User name and password for HTTP basic authentication.

    Returns
    -------
    PushReport

    Raises
    ------
    PushError
        When *endpoint* is not an http(s) URL (nothing is sent), or when a request fails
        (an error status, no complete answer in time, a malformed answer): the message
        says which graphs were replaced,
        which one is half-replaced, which were not touched, and which
        graphs of removed documents are still in the store.
    """
    if batch_size < 1:
        raise PushError("the batch size must be at least 1")
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PushError(f"the endpoint must be an http:// or https:// URL of a Graph Store, "
                        f"not {endpoint[:80]!r}: nothing was sent")
    headers = {}
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    contents = graph_contents(dataset_store(dataset), graph)
    registry = str(REGISTRY_GRAPH)
    # The registry goes last: until it is replaced, the store's old registry still lists
    # the graphs of removed documents, so a push that fails midway can be re-run.
    names = sorted(contents, key=lambda name: (name == registry, name))
    report = PushReport(endpoint)
    stale: list[str] = []
    if graph is None:
        current = {str(document_graph_iri(doc_id)) for doc_id in dataset.documents}
        try:
            listed = pushed_graphs(endpoint, timeout=timeout, headers=headers)
            stale = sorted(g for g in listed - current if is_document_graph(g))
        except (OSError, SyntaxError, ValueError) as exc:  # URLError and HTTPError included
            what = _failure(exc)[0] if isinstance(exc, OSError) else f"unreadable: {exc}"
            raise PushError(f"push to {endpoint} failed reading the registry graph an earlier "
                            f"push left there: {what}\n  replaced: none\n"
                            f"  not replaced (unchanged): {_listing(names)}") from None
        report.requests += 1
    put = {"Content-Type": "text/turtle", **headers}
    for index, name in enumerate(names):
        if name == registry:
            _delete_stale(endpoint, stale, report, headers, timeout)
        lines = contents[name]
        batches = list(_batches(lines, batch_size))
        sent = 0
        for number, batch in enumerate(batches, start=1):
            try:
                _send(graph_url(endpoint, name), "PUT" if number == 1 else "POST",
                      b"\n".join(batch) + b"\n" if batch else b"", put, timeout)
            except OSError as exc:  # URLError and HTTPError included
                raise _explain(endpoint, exc, report.graphs, name, number, len(batches), sent,
                               len(lines), names[index + 1:]) from None
            sent += len(batch)
            report.requests += 1
        report.graphs.append(name)
        report.triples += sent
    return report


def _delete_stale(endpoint: str, stale: list[str], report: PushReport,
                  headers: dict[str, str], timeout: float) -> None:
    """Delete the graphs of documents no longer in the data (a 404 means already gone)."""
    for name in stale:
        try:
            _send(graph_url(endpoint, name), "DELETE", None, headers, timeout)
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                raise _stale_error(endpoint, exc, report, stale) from None
        except OSError as exc:
            raise _stale_error(endpoint, exc, report, stale) from None
        report.removed.append(name)
        report.requests += 1


def _stale_error(endpoint: str, exc: Exception, report: PushReport, stale: list[str]
                 ) -> PushError:
    left = _listing([g for g in stale if g not in report.removed])
    return PushError(f"push to {endpoint}: deleting the graphs of documents no longer in the "
                     f"data failed: {_failure(exc)[0]}\n"
                     f"  replaced: {_listing(report.graphs)}\n"
                     f"  still in the store: {left}\n"
                     f"  not replaced (unchanged): <{REGISTRY_GRAPH}>, which still lists them; "
                     "re-run the push to remove them")
