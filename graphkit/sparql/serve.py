"""A read-only SPARQL 1.1 Protocol endpoint over the graph, and the interactive HTML beside it.

graphkit does not implement the protocol itself: it prepares an on-disk
Oxigraph store (:func:`graphkit.sparql.store.prepare_store`) and runs the Oxigraph server from the
``oxigraph`` PyPI package in read-only mode on it::

    oxigraph serve-read-only --location STORE --bind 127.0.0.1:PORT \\
        --union-default-graph --timeout-s SECONDS --cors

That server answers ``GET`` and ``POST`` queries on ``/query`` with content
negotiation (SPARQL JSON, XML, CSV and TSV results; Turtle, N-Triples, RDF/XML
and JSON-LD graphs), refuses updates, stops queries after the timeout and
shows a YASGUI query editor at ``/``. Plain patterns see the union of every
named graph; ``GRAPH ?g`` tells the documents apart. Unlike ``graphkit query``
the endpoint does not pre-bind prefixes: queries declare them
(:func:`graphkit.sparql.query.prologue`).

The exports folder (the interactive ``graph.html`` and every other export) is
served by a small :mod:`http.server` on a second port (the SPARQL port + 1 by
default); ``/`` there opens ``graph.html``.

Examples
--------
>>> from graphkit.model.load import load_dataset
>>> from graphkit.sparql.store import prepare_store
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +SKIP
...     store = prepare_store(load_dataset(), Path(tmp) / "store")
...     with SparqlServer(store, port=free_port()) as server:
...         print(server.endpoint)
http://127.0.0.1:.../query
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from graphkit.errors import ServeError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: Seconds after which the endpoint gives up on a query.
DEFAULT_TIMEOUT = 30




def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server program (from the ``oxigraph`` PyPI package).

    Looks next to the running Python first (a virtual environment's ``bin``),
    then on ``PATH``.

    Examples
    --------
    >>> Path(oxigraph_binary()).name.startswith("oxigraph")  # doctest: +SKIP
    True
    """
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServeError("the Oxigraph server is not installed: `pip install oxigraph` "
                         "(it provides the `oxigraph` program)")
    return found


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port on *host* that is free right now.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class _ExportsHandler(SimpleHTTPRequestHandler):
    """Static files of the exports folder; ``/`` opens ``graph.html``; no request log."""

    def do_GET(self) -> None:
        if self.path in ("/", "/index.html") and Path(self.directory, "graph.html").is_file():
            self.send_response(302)
            self.send_header("Location", "/graph.html")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the terminal shows the endpoint, not every request."""


class SparqlServer:
    """The Oxigraph read-only server on a prepared store, plus the exports over HTTP.

    Parameters
    ----------
    store_dir : Path
        A store made by :func:`graphkit.sparql.store.prepare_store`.
    host : str
        Interface to listen on (``127.0.0.1`` by default: this machine only).
    port : int
        Port of the SPARQL endpoint.
    timeout : float
        Seconds after which a query is stopped.
    html_dir : Path, optional
        Folder to serve over HTTP (the exports, with ``graph.html``); none if omitted.
    html_port : int, optional
        Port for *html_dir*; ``port + 1`` by default.

    Examples
    --------
    >>> with SparqlServer(Path("store"), port=free_port()) as server:  # doctest: +SKIP
    ...     server.endpoint
    'http://127.0.0.1:.../query'
    """

    def __init__(self, store_dir: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_TIMEOUT, html_dir: Path | None = None,
                 html_port: int | None = None):
        self.store_dir = Path(store_dir)
        self.host, self.port, self.timeout = host, port, timeout
        self.html_dir = html_dir
        self.html_port = port + 1 if html_port is None else html_port
        self.process: subprocess.Popen | None = None
        self._html: ThreadingHTTPServer | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the Oxigraph server (YASGUI editor at ``/``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.url}/query"

    @property
    def html_url(self) -> str | None:
        """URL of the served exports folder, if any."""
        return f"http://{self.host}:{self.html_port}/" if self.html_dir else None

    def start(self, wait: float = 15.0) -> None:
        """Start both servers; return when the endpoint accepts connections.

        Raises
        ------
        ServeError
            When the server program is missing, a port is taken or the server exits.
        """
        command = [oxigraph_binary(), "serve-read-only", "--location", str(self.store_dir),
                   "--bind", f"{self.host}:{self.port}", "--union-default-graph",
                   "--timeout-s", str(max(1, round(self.timeout))), "--cors"]
        with socket.socket() as probe:
            try:
                probe.bind((self.host, self.port))
            except OSError as exc:
                raise ServeError(f"cannot serve SPARQL on {self.host}:{self.port}: "
                                 f"{exc.strerror}") from None
        try:
            self._launch(command, wait)
        except BaseException:  # a failed start, or Ctrl-C / SIGTERM while starting
            self.stop()
            raise

    def _launch(self, command: list[str], wait: float) -> None:
        if self.html_dir is not None:
            self._start_html()
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                output = self._log.read().decode("utf-8", "replace").strip()
                raise ServeError(f"the Oxigraph server stopped on start: {output}")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise ServeError(f"the Oxigraph server did not answer on {self.url} within {wait:g} s")

    def _start_html(self) -> None:
        handler = partial(_ExportsHandler, directory=str(self.html_dir))
        try:
            self._html = ThreadingHTTPServer((self.host, self.html_port), handler)
        except OSError as exc:
            raise ServeError(f"cannot serve the exports on port {self.html_port}: "
                             f"{exc.strerror}") from None
        threading.Thread(target=self._html.serve_forever, daemon=True).start()

    def wait(self) -> int:
        """Block until the Oxigraph server exits; its exit status."""
        return self.process.wait() if self.process else 0

    def stop(self) -> None:
        """Stop both servers (terminate, then kill after 5 s)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._html is not None:
            self._html.shutdown()
            self._html.server_close()
            self._html = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> SparqlServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
