"""Load the graph into an existing triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of the export (``gkr:graph/registry`` and one
``gkr:graph/<doc-id>`` per document) is *replaced*: the first batch of its
triples is sent with ``PUT`` (which replaces the graph), the others with
``POST`` (which adds to it). A re-run therefore leaves the same content, and
works with any Graph Store Protocol endpoint: Fuseki (``…/dataset/data``),
GraphDB (``…/repositories/ID/rdf-graphs/service``), Virtuoso
(``…/sparql-graph-crud``), Oxigraph (``…/store``).

Batches are N-Triples (sent as ``text/turtle``, of which N-Triples is a
subset, for the widest support); graphkit's RDF has no blank nodes, so a graph
can be split anywhere. When a request fails, :class:`PushError` says which
graphs were replaced, which one was left half-replaced (if any), and which
were not touched.

Examples
--------
>>> from graphkit.dataset import load_dataset
>>> report = push(load_dataset(), "http://127.0.0.1:7878/store")  # doctest: +SKIP
>>> report.graphs[0]  # doctest: +SKIP
'https://w3id.org/graphkit/id/graph/000_be95f7005f3ffa5b'
"""

from __future__ import annotations

import base64
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from graphkit.dataset import Dataset
from graphkit.errors import GraphkitError
from graphkit.sparql import dataset_store

#: Triples per request.
DEFAULT_BATCH_SIZE = 20_000
#: The ``--graph`` value that targets the store's default graph.
DEFAULT_GRAPH = "default"


class PushError(GraphkitError):
    """A push that failed, saying what was and was not replaced."""


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
        HTTP requests made (one ``PUT`` per graph and one ``POST`` per further batch).
    """

    endpoint: str
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    requests: int = 0


def graph_contents(store: ox.Store, target: str | None = None) -> dict[str, list[bytes]]:
    """Sorted N-Triples lines per graph IRI; with *target*, every triple in that one graph.

    Examples
    --------
    >>> from graphkit.dataset import load_dataset
    >>> from graphkit.sparql import dataset_store
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


def _send(url: str, method: str, body: bytes, headers: dict[str, str], timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "text/turtle", **headers})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


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
        return "no answer before the timeout", False
    return str(reason), False


def _explain(endpoint: str, exc: Exception, done: list[str], graph: str, batch: int,
             batches: int, sent: int, total: int, pending: list[str]) -> PushError:
    what, rejected = _failure(exc)

    def listing(graphs: list[str]) -> str:
        return ", ".join(f"<{g}>" for g in graphs) if graphs else "none"

    lines = [f"push to {endpoint} failed on graph <{graph}> (request {batch} of {batches}): "
             f"{what}", f"  replaced: {listing(done)}"]
    if batch > 1:
        lines.append(f"  HALF-REPLACED: <{graph}> lost its old content and holds only {sent} of "
                     f"{total} triples; re-run the push to complete it")
    elif rejected:
        pending = [graph, *pending]
    else:
        lines.append(f"  unknown: <{graph}> may or may not have been replaced; re-run the push")
    lines.append(f"  not replaced (unchanged): {listing(pending)}")
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
        Seconds to wait for each request.
    auth : (str, str), optional
        User name and password for HTTP basic authentication.

    Returns
    -------
    PushReport

    Raises
    ------
    PushError
        When a request fails: the message says which graphs were replaced,
        which one is half-replaced, and which were not touched.
    """
    if batch_size < 1:
        raise PushError("the batch size must be at least 1")
    headers = {}
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    contents = graph_contents(dataset_store(dataset), graph)
    report = PushReport(endpoint)
    names = list(contents)
    for index, (name, lines) in enumerate(contents.items()):
        batches = list(_batches(lines, batch_size))
        sent = 0
        for number, batch in enumerate(batches, start=1):
            try:
                _send(graph_url(endpoint, name), "PUT" if number == 1 else "POST",
                      b"\n".join(batch) + b"\n" if batch else b"", headers, timeout)
            except OSError as exc:  # URLError and HTTPError included
                raise _explain(endpoint, exc, report.graphs, name, number, len(batches), sent,
                               len(lines), names[index + 1:]) from None
            sent += len(batch)
            report.requests += 1
        report.graphs.append(name)
        report.triples += sent
    return report
