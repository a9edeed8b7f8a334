"""`graphkit push`: Graph Store Protocol upload to a real Oxigraph server started by the test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

import graphkit.sparql.push as push_module
from graphkit.cli.query import push_command
from graphkit.errors import PushError
from graphkit.model.load import load_dataset
from graphkit.sparql.push import push
from graphkit.sparql.serve import free_port, oxigraph_binary

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
REGISTRY = "https://w3id.org/graphkit/id/graph/registry"
DOC1 = "https://w3id.org/graphkit/id/graph/doc1"
ISTAT = "https://w3id.org/graphkit/id/graph/istat-territories"


@pytest.fixture
def oxigraph(tmp_path):
    """A read-write Oxigraph server on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
         "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Oxigraph did not start"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def counts(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(f"{base}/query?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request) as response:
        lines = response.read().decode().splitlines()[1:]
    return {g.strip("<>"): int(n.split("^^")[0].strip('"')) for g, n in
            (line.split("\t") for line in lines)}


def test_push_replaces_each_named_graph_and_a_rerun_gives_the_same(oxigraph):
    dataset = load_dataset(MINI_DIR)
    report = push(dataset, f"{oxigraph}/store", batch_size=7)
    assert report.graphs == [DOC1, ISTAT, REGISTRY]
    first = counts(oxigraph)
    assert sum(first.values()) == report.triples
    assert report.requests > len(report.graphs)  # several batches per graph: PUT then POSTs
    push(dataset, f"{oxigraph}/store", batch_size=1000)
    assert counts(oxigraph) == first


DOC2_YAML = """\
id: doc2
source_file: doc2.txt
kind: press_release
date: "2024-06-01"
title: A second test document
relations:
  - {subject: coop-alfa, relation: partner_of, object: patto-lavoro, paragraph: 1, span: [0, 10]}
"""


def test_a_rerun_deletes_the_graphs_of_documents_removed_from_the_data(oxigraph, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_DIR, data)
    (data / "documents" / "doc2.yaml").write_text(DOC2_YAML, encoding="utf-8")
    doc2 = DOC1.replace("doc1", "doc2")
    first = push(load_dataset(data), f"{oxigraph}/store")
    assert first.graphs == [DOC1, doc2, ISTAT, REGISTRY] and first.removed == []
    (data / "documents" / "doc2.yaml").unlink()
    second = push(load_dataset(data), f"{oxigraph}/store")
    assert second.removed == [doc2]
    assert set(counts(oxigraph)) == {DOC1, ISTAT, REGISTRY}
    fresh = push(load_dataset(data), f"{oxigraph}/store")
    assert fresh.removed == [] and set(counts(oxigraph)) == {DOC1, ISTAT, REGISTRY}


def test_a_push_failing_to_delete_can_be_rerun(oxigraph, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI_DIR, data)
    (data / "documents" / "doc2.yaml").write_text(DOC2_YAML, encoding="utf-8")
    doc2 = DOC1.replace("doc1", "doc2")
    push(load_dataset(data), f"{oxigraph}/store")
    (data / "documents" / "doc2.yaml").unlink()
    send = push_module._send

    def no_delete(url, method, *args):
        if method == "DELETE":
            raise urllib.error.HTTPError(url, 503, "Service Unavailable", None, None)
        return send(url, method, *args)

    monkeypatch.setattr(push_module, "_send", no_delete)
    with pytest.raises(PushError, match="HTTP 503") as info:
        push(load_dataset(data), f"{oxigraph}/store")
    assert f"still in the store: <{doc2}>" in str(info.value)
    assert f"not replaced (unchanged): <{REGISTRY}>" in str(info.value)
    monkeypatch.setattr(push_module, "_send", send)
    assert push(load_dataset(data), f"{oxigraph}/store").removed == [doc2]
    assert set(counts(oxigraph)) == {DOC1, ISTAT, REGISTRY}


def test_push_into_one_graph(oxigraph):
    report = push(load_dataset(MINI_DIR), f"{oxigraph}/store", graph="urn:graphkit")
    assert counts(oxigraph) == {"urn:graphkit": report.triples}


def test_push_command(oxigraph):
    result = CliRunner().invoke(push_command, [
        "--endpoint", f"{oxigraph}/store", "--data", str(MINI_DIR)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("replaced 3 graph(s)")
    assert set(counts(oxigraph)) == {DOC1, ISTAT, REGISTRY}


def test_endpoint_down_says_nothing_was_replaced():
    with pytest.raises(PushError, match="connection refused") as info:
        push(load_dataset(MINI_DIR), f"http://127.0.0.1:{free_port()}/store")
    assert "replaced: none" in str(info.value)
    assert f"not replaced (unchanged): <{DOC1}>, <{ISTAT}>, <{REGISTRY}>" in str(info.value)


def test_client_error_is_reported(oxigraph):
    with pytest.raises(PushError, match="HTTP 404") as info:
        push(load_dataset(MINI_DIR), f"{oxigraph}/no-such-service")
    assert "replaced: none" in str(info.value)


class _FakeStore(BaseHTTPRequestHandler):
    """A stand-in Graph Store: reads the request body, answers as a subclass says, quietly."""

    def _answer(self, status: int, body: bytes = b"", media_type: str = "") -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(status)
        if media_type:
            self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _FailingSecondBatch(_FakeStore):
    """Has no graph yet, accepts PUT, fails every POST with 500: a store that breaks mid-graph."""

    def do_GET(self) -> None:
        self._answer(404)

    def do_PUT(self) -> None:
        self._answer(204)

    def do_POST(self) -> None:
        self._answer(500)


def test_server_error_mid_graph_says_it_is_half_replaced():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingSecondBatch)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(PushError, match="HTTP 500") as info:
            push(load_dataset(MINI_DIR), f"http://127.0.0.1:{server.server_port}/store",
                 batch_size=5)
    finally:
        server.shutdown()
        server.server_close()
    message = str(info.value)
    assert f"HALF-REPLACED: <{DOC1}>" in message and "holds only 5 of" in message
    assert f"not replaced (unchanged): <{ISTAT}>, <{REGISTRY}>" in message


class _RdfXmlStore(_FakeStore):
    """Answers the registry GET in RDF/XML, listing a document graph the data no longer has;
    accepts every write and records the DELETEs."""

    deleted: ClassVar[list[str]] = []
    REMOVED = "https://w3id.org/graphkit/id/graph/removed-doc"

    def do_GET(self) -> None:
        body = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                'syntax-ns#"><rdf:Description rdf:about="' + self.REMOVED + '"><rdf:type '
                'rdf:resource="https://w3id.org/graphkit/onto/DocumentGraph"/></rdf:Description>'
                '</rdf:RDF>').encode()
        self._answer(200, body, "application/rdf+xml")

    def do_PUT(self) -> None:
        self._answer(204)

    do_POST = do_PUT

    def do_DELETE(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        self.deleted.append(query["graph"][0])
        self._answer(204)


def test_a_registry_read_back_as_rdf_xml_still_finds_the_graphs_to_delete():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RdfXmlStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = push(load_dataset(MINI_DIR), f"http://127.0.0.1:{server.server_port}/store")
    finally:
        server.shutdown()
        server.server_close()
    assert report.removed == _RdfXmlStore.deleted == [_RdfXmlStore.REMOVED]
    assert report.graphs == [DOC1, ISTAT, REGISTRY]


# ---------------------------------------------------------------- a store not to be trusted


def _serving(handler: type[BaseHTTPRequestHandler]):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/store"


class _Trickle(_FakeStore):
    """Answers a byte every half second: for 30 s at most, so that no test can hang."""

    def _trickle(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\n"
                         b"Content-Length: 100\r\n\r\n")
        for _ in range(60):
            try:
                self.wfile.write(b"#")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.5)

    do_GET = do_PUT = do_POST = _trickle


@pytest.mark.parametrize("phase", ["registry", "graphs"])
def test_a_store_answering_a_byte_at_a_time_is_cut_off_at_the_timeout(phase):
    """It hung the push forever despite --timeout."""

    class Store(_Trickle):
        def do_GET(self) -> None:
            if phase == "graphs":
                self._answer(404)
            else:
                self._trickle()

    server, endpoint = _serving(Store)
    try:
        with pytest.raises(PushError, match="no complete answer before the timeout") as info:
            push(load_dataset(MINI_DIR), endpoint, timeout=1)
    finally:
        server.shutdown()
        server.server_close()
    assert "replaced: none" in str(info.value)


class _Garbage(_FakeStore):
    """Answers with bytes that are not HTTP, or an answer cut short."""

    answer: ClassVar[bytes] = b""

    def _garbage(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.wfile.write(self.answer)
        self.wfile.flush()
        self.close_connection = True

    do_GET = do_PUT = do_POST = _garbage


@pytest.mark.parametrize("answer", [
    b"garbage\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\ntruncated",
    b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: 9\r\n\r\n<<<<<<<<<",
    b"HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\nContent-Length: 5\r\n\r\n[[[[[",
    b"HTTP/1.1 200 OK\r\n" + b"X-Long: " + b"x" * 70_000 + b"\r\n\r\n",
    b"HTTP/1.1 999 WHAT\r\nContent-Length: 0\r\n\r\n",
    b"",
])
def test_garbage_or_truncated_answers_are_clean_errors(answer):
    """Each gave a traceback."""
    _Garbage.answer = answer
    server, endpoint = _serving(_Garbage)
    try:
        with pytest.raises(PushError, match=rf"push to {endpoint} failed") as info:
            push(load_dataset(MINI_DIR), endpoint, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert "not replaced" in str(info.value)


class _ForeignRegistry(_RdfXmlStore):
    """A registry read back that lists a graph outside graphkit's namespace."""

    FOREIGN = "http://example.org/someone-elses-precious-graph"

    def do_GET(self) -> None:
        body = "".join(f"<{g}> a <https://w3id.org/graphkit/onto/DocumentGraph> .\n" for g in (
            self.FOREIGN, self.REMOVED, "https://w3id.org/graphkit/id/graph/registry",
            "https://w3id.org/graphkit/id/graph/../../x")).encode()
        self._answer(200, body, "text/turtle")


def test_only_graphs_in_graphkits_namespace_are_ever_deleted():
    """It deleted any graph the remote registry listed."""
    _ForeignRegistry.deleted = []
    server, endpoint = _serving(_ForeignRegistry)
    try:
        report = push(load_dataset(MINI_DIR), endpoint)
    finally:
        server.shutdown()
        server.server_close()
    assert report.removed == _ForeignRegistry.deleted == [_ForeignRegistry.REMOVED]


@pytest.mark.parametrize("endpoint", [
    "data:text/plain,ok", "file:///tmp/store", "ftp://127.0.0.1/store", "localhost:3030/ds",
    "http:///no-host", "javascript:alert(1)",
])
def test_an_endpoint_that_is_not_an_http_url_is_refused_before_anything_is_sent(endpoint):
    """A data: endpoint reported success without sending anything."""
    with pytest.raises(PushError, match="must be an http:// or https:// URL"):
        push(load_dataset(MINI_DIR), endpoint)
