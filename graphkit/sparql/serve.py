"""A read-only SPARQL 1.1 Protocol endpoint over the graph, and the interactive HTML beside it.

graphkit does not implement the protocol itself: it prepares an on-disk
Oxigraph store (:func:`graphkit.sparql.store.prepare_store`) and runs the Oxigraph server from the
``oxigraph`` PyPI package in read-only mode on it, on a private port of 127.0.0.1::

    oxigraph serve-read-only --location STORE --bind 127.0.0.1:PRIVATE \\
        --union-default-graph --timeout-s SECONDS

That server answers ``GET`` and ``POST`` queries on ``/query`` with content
negotiation (SPARQL JSON, XML, CSV and TSV results; Turtle, N-Triples, RDF/XML
and JSON-LD graphs), refuses updates, stops queries after the timeout and
shows a YASGUI query editor at ``/``. Plain patterns see the union of every
named graph; ``GRAPH ?g`` tells the documents apart. Unlike ``graphkit query``
the endpoint does not pre-bind prefixes: queries declare them
(:func:`graphkit.sparql.query.prologue`).

The public port is a small threaded proxy (:class:`_ProxyHandler`) in front of it. It
reads the query of every request (URL, form or body) and checks it
(:func:`graphkit.sparql.guard.check_query`) before the engine sees it: a query that
would crash or stall the engine gets HTTP 400 with the reason, one calling a remote
``SERVICE`` HTTP 403 unless *federation* is on (else any client, a web page included,
could make this machine send requests to any address); the engine receives only
checked queries, re-sent in one canonical form, and updates are refused. The proxy
reads the whole answer before sending it, so the timeout is a real bound with an
error status: an answer not complete after *timeout* seconds gets HTTP 503 with the
reason instead of truncated results, one larger than *max_result* bytes HTTP 500.
Oxigraph's own timeout is set a little later (it would cut a streamed answer short
with HTTP 200); a query that Oxigraph does not stop by then (sorting or planning
before its first result) is stopped by starting the engine again. The engine may use
half of the machine's memory. The engine process is watched: if it dies, it is started
again (and the reason is logged); if it keeps dying, the server stops with an error.
Cross-origin requests from web pages are not allowed (no CORS headers) unless *cors*
is set.

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

import http.client
import ipaddress
import math
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

from graphkit.errors import QueryError, ServeError, ServiceRefusedError
from graphkit.processes import default_memory, die_with_parent, limit_memory
from graphkit.sparql.guard import check_query

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
#: Seconds after which the endpoint gives up on a query.
DEFAULT_TIMEOUT = 30
#: Bytes of a request body the endpoint reads (a query is at most 100,000 characters).
MAX_REQUEST_BODY = 1 << 20
#: Largest answer the endpoint sends, in bytes.
DEFAULT_MAX_RESULT = 128 * 2**20
#: Seconds past its own timeout the proxy waits for Oxigraph to report its cancellation.
OVERRUN_GRACE = 2.0
#: Times the engine may die within :data:`CRASH_WINDOW` seconds before the server gives up.
MAX_CRASHES = 5
CRASH_WINDOW = 60.0

_QUERY_TYPE = "application/sparql-query"
_UPDATE_TYPE = "application/sparql-update"
_FORM_TYPE = "application/x-www-form-urlencoded"
#: Request headers passed on to the engine; the others stay with the proxy.
_FORWARDED_REQUEST = ("accept", "origin", "access-control-request-method",
                      "access-control-request-headers")
#: Response headers that describe one connection and are not passed back.
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server",
               "date", "proxy-authenticate", "trailer", "upgrade"}


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


def exit_reason(code: int) -> str:
    """A process's exit status in words.

    Examples
    --------
    >>> exit_reason(-11), exit_reason(1)
    ('killed by signal SIGSEGV', 'exit status 1')
    """
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


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


class _Engine:
    """The Oxigraph server process behind the proxy, on a private port, started again when
    it dies.

    Every process is started by the one thread of :attr:`launcher`, which lives as long
    as the engine: the process ends when that thread ends (:func:`die_with_parent`), so a
    process started by a passing thread would end with it.
    """

    def __init__(self, store_dir: Path, *, timeout: float, cors: bool, wait: float,
                 log: Callable[[str], None], on_fatal: Callable[[str], None],
                 max_crashes: int = MAX_CRASHES, memory: int | None = None):
        self.store_dir, self.timeout, self.cors, self.wait = store_dir, timeout, cors, wait
        self.memory = default_memory() if memory is None else memory
        self.log, self.on_fatal, self.max_crashes = log, on_fatal, max_crashes
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.generation = 0
        self.ready = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.crashes: list[float] = []
        self.launcher = ThreadPoolExecutor(1, thread_name_prefix="graphkit-oxigraph")
        self.monitor: threading.Thread | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def own_timeout(self) -> int:
        """Oxigraph's own timeout: whole seconds, after the proxy's (its cancellation cuts a
        streamed answer short without an error status)."""
        return math.ceil(self.timeout) + 1

    def command(self, port: int) -> list[str]:
        command = [oxigraph_binary(), "serve-read-only", "--location", str(self.store_dir),
                   "--bind", f"{DEFAULT_HOST}:{port}", "--union-default-graph",
                   "--timeout-s", str(self.own_timeout)]
        return [*command, "--cors"] if self.cors else command

    def start(self) -> None:
        """Start the engine; return when it accepts connections."""
        self._launch()
        self.monitor = threading.Thread(target=self._watch, name="graphkit-oxigraph-monitor",
                                        daemon=True)
        self.monitor.start()

    def _launch(self) -> None:
        """Start a process and wait until it listens (the caller holds the lock, or is
        :meth:`start`)."""
        port = free_port()
        command = self.command(port)
        if self._log_file is not None:
            self._log_file.close()
        self._log_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = self.launcher.submit(
            subprocess.Popen, command, stdin=subprocess.DEVNULL, stdout=self._log_file,
            stderr=subprocess.STDOUT, preexec_fn=self._prepare_child).result()
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log_file.seek(0)
                output = self._log_file.read().decode("utf-8", "replace").strip()
                raise ServeError(f"the Oxigraph server stopped on start "
                                 f"({exit_reason(self.process.returncode)}): {output}")
            try:
                with socket.create_connection((DEFAULT_HOST, port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise ServeError(f"the Oxigraph server did not answer on {DEFAULT_HOST}:{port} "
                             f"within {self.wait:g} s")
        self.port = port
        self.generation += 1
        self.ready.set()

    def _prepare_child(self) -> None:
        """In the engine's process before it starts: end with graphkit (even when graphkit is
        killed by SIGKILL or SIGHUP), and bound its memory."""
        die_with_parent(signal.SIGTERM)
        if self.memory:
            limit_memory(self.memory)

    def restart(self, generation: int, reason: str) -> None:
        """Kill the engine of *generation* and start another, unless that was done already
        (several requests may find the same engine stuck)."""
        with self.lock:
            if self.stopping.is_set() or generation != self.generation:
                return
            self.ready.clear()
            self.log(f"{reason}: starting the Oxigraph server again to stop it")
            if self.process is not None:
                self.process.kill()
                self.process.wait()
            try:
                self._launch()
            except ServeError as exc:
                self.on_fatal(f"the Oxigraph server could not be started again: {exc}")

    def address(self) -> tuple[str, int, int]:
        """Host, port and generation of the running engine; waits while it restarts."""
        if not self.ready.wait(self.wait + 5):
            raise ServeError("the Oxigraph server is not running")
        return DEFAULT_HOST, self.port, self.generation

    def _watch(self) -> None:
        """Wait for the engine to exit; start it again unless stopping or dying too often."""
        while not self.stopping.is_set():
            process = self.process
            code = process.wait() if process else 0
            if self.stopping.is_set():
                return
            with self.lock:
                if process is not self.process:  # replaced on purpose meanwhile
                    continue
                self.ready.clear()
                now = time.monotonic()
                reason = f"the Oxigraph server stopped ({exit_reason(code)})"
                if code == -signal.SIGABRT and self.memory:  # a query's doing, not the engine's
                    reason = (f"the Oxigraph server ran out of memory on a query (it may use "
                              f"{self.memory / 2**30:.1f} GB)")
                else:
                    self.crashes = [t for t in self.crashes if now - t < CRASH_WINDOW] + [now]
                if len(self.crashes) > self.max_crashes:
                    self.on_fatal(f"{reason}; it stopped {len(self.crashes)} time(s) within "
                                  f"{CRASH_WINDOW:g} s: giving up")
                    return
                self.log(f"{reason}; starting it again")
                try:
                    self._launch()
                except ServeError as exc:
                    self.on_fatal(f"{reason}, and could not be started again: {exc}")
                    return

    def stop(self) -> None:
        """Stop the engine (terminate, then kill after 5 s) and its threads."""
        self.stopping.set()
        self.ready.clear()
        with self.lock:  # a restart under way ends first, so that its process is the one stopped
            process = self.process
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.monitor is not None and self.monitor is not threading.current_thread():
            self.monitor.join(timeout=5)
        self.launcher.shutdown(wait=True)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


def _host_name(host: str) -> str:
    """The name or address of a ``Host`` header, without its port or IPv6 brackets.

    Examples
    --------
    >>> _host_name("[::1]:7878"), _host_name("LocalHost:80"), _host_name("127.0.0.1")
    ('::1', 'localhost', '127.0.0.1')
    """
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class _Refused(Exception):
    """A request the proxy answers itself, with a status and a message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class _Server(ThreadingHTTPServer):
    """A thread per request, and a backlog long enough for a burst of connections (the
    default of 5 made 108 of 200 simultaneous requests time out)."""

    daemon_threads = True
    request_queue_size = socket.SOMAXCONN

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is not worth a traceback on the terminal."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _ProxyServer(_Server):
    sparql: SparqlServer


class _ProxyHandler(BaseHTTPRequestHandler):
    """The public port: checks each query, then forwards it to the engine."""

    server: _ProxyServer
    protocol_version = "HTTP/1.1"
    #: Seconds a client may take to send a request.
    timeout = 60

    def do_GET(self) -> None:
        self._handle()

    do_HEAD = do_POST = do_OPTIONS = do_PUT = do_DELETE = do_PATCH = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the terminal shows the endpoint, not every request."""

    def _handle(self) -> None:
        sparql = self.server.sparql
        try:
            self._check_host(sparql)
            path, params, query = self._read_request()
            if query is not None:
                check_query(query, federation=sparql.federation)
                self._forward(sparql, "POST", self._query_path(path, params),
                              query.encode("utf-8"), _QUERY_TYPE)
            elif self.command in ("GET", "HEAD", "OPTIONS"):
                self._forward(sparql, self.command, self.path, None, None)
            else:
                raise _Refused(403, "this SPARQL endpoint is read-only")
        except ServiceRefusedError as exc:
            self._reply(403, str(exc))
        except QueryError as exc:
            self._reply(400, str(exc))
        except _Refused as refused:
            self._reply(refused.status, refused.message)
        except ServeError as exc:
            self._reply(503, str(exc))

    def _check_host(self, sparql: SparqlServer) -> None:
        """On a loopback address, refuse Host names other than the machine's own (a web
        page whose name an attacker points at 127.0.0.1, DNS rebinding)."""
        if not sparql.loopback:
            return
        host = _host_name(self.headers.get("Host") or "")
        if host and host not in ("localhost", "127.0.0.1", "::1", _host_name(sparql.host)):
            raise _Refused(403, f"requests for host {host!r} are not served here")

    def _read_request(self) -> tuple[str, list[tuple[str, str]], str | None]:
        """The path, the URL parameters and the query of the request, if it has one."""
        split = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        queries = [value for name, value in params if name == "query"]
        updates = [value for name, value in params if name == "update"]
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") and length is None:
            raise _Refused(411, "send the request body with a Content-Length")
        try:
            size = int(length or 0)
        except ValueError:
            raise _Refused(400, "bad Content-Length") from None
        if size > MAX_REQUEST_BODY or size < 0:
            raise _Refused(413, f"the request body is larger than {MAX_REQUEST_BODY} bytes")
        body = self.rfile.read(size) if size else b""
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if body or media:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise _Refused(400, "the request body is not UTF-8") from None
            if media == _QUERY_TYPE:
                queries.append(text)
            elif media == _UPDATE_TYPE:
                updates.append(text)
            elif media == _FORM_TYPE:
                form = urllib.parse.parse_qsl(text, keep_blank_values=True)
                queries += [value for name, value in form if name == "query"]
                updates += [value for name, value in form if name == "update"]
            elif body:
                raise _Refused(415, f"a request body of type {media or 'unknown'} is not "
                               f"accepted (send {_QUERY_TYPE} or {_FORM_TYPE})")
        if updates:
            raise _Refused(403, "SPARQL updates are refused: this endpoint is read-only")
        if len(queries) > 1:
            raise _Refused(400, "the request holds more than one query")
        return split.path, params, queries[0] if queries else None

    @staticmethod
    def _query_path(path: str, params: list[tuple[str, str]]) -> str:
        """``/query`` with the dataset parameters of the request (not its query)."""
        dataset = [(n, v) for n, v in params if n in ("default-graph-uri", "named-graph-uri")]
        return "/query" + (f"?{urllib.parse.urlencode(dataset)}" if dataset else "")

    def _forward(self, sparql: SparqlServer, method: str, path: str, body: bytes | None,
                 media: str | None) -> None:
        """Send the request to the engine and its whole answer back, or an error when the
        answer is late or too large."""
        host, port, generation = sparql.engine.address()
        started = time.monotonic()
        deadline = started + sparql.timeout
        late = _Refused(503, f"the query ran longer than {sparql.timeout:g} s: stopped (ask "
                        "for less, or add a LIMIT)")
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() in _FORWARDED_REQUEST}
        if media:
            headers["Content-Type"] = media
        connection = http.client.HTTPConnection(host, port, timeout=deadline - time.monotonic())
        with closing(connection), tempfile.SpooledTemporaryFile(max_size=1 << 20) as content:
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
            except TimeoutError:
                self._reply(late.status, late.message)
                self._stop_if_stuck(sparql, connection, generation, started)
                return
            except (OSError, http.client.HTTPException):
                raise ServeError("the query engine stopped while answering; it is being "
                                 "started again: try again") from None
            size = 0
            try:
                while chunk := self._next_chunk(connection, response, deadline):
                    size += len(chunk)
                    if size > sparql.max_result:
                        raise _Refused(500, f"the answer is larger than "
                                       f"{sparql.max_result / 2**20:g} MB: ask for less, or "
                                       "add a LIMIT")
                    content.write(chunk)
            except TimeoutError:
                raise late from None
            except (OSError, http.client.HTTPException):
                raise ServeError("the query engine stopped while answering; it is being "
                                 "started again: try again") from None
            if response.status == 500 and size < 1000:
                content.seek(0)
                if b"cancelled" in content.read():  # Oxigraph's own timeout, just after ours
                    raise late
            self.send_response(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command != "HEAD":
                content.seek(0)
                shutil.copyfileobj(content, self.wfile)

    @staticmethod
    def _stop_if_stuck(sparql: SparqlServer, connection: http.client.HTTPConnection,
                       generation: int, started: float) -> None:
        """Wait for Oxigraph to give up on a late query by its own timeout; if it has not
        answered by then (a sort or a plan it does not interrupt), start it again."""
        engine = sparql.engine
        remaining = started + engine.own_timeout + OVERRUN_GRACE - time.monotonic()
        if connection.sock is None:
            return
        readable, _, _ = select.select([connection.sock], [], [], max(0.0, remaining))
        if not readable:
            engine.restart(generation, f"a query ran past the {engine.own_timeout} s timeout "
                           "without stopping")

    @staticmethod
    def _next_chunk(connection: http.client.HTTPConnection,
                    response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The next piece of the answer, or b"" at its end; TimeoutError past *deadline*."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if connection.sock is not None:
            connection.sock.settimeout(remaining)
        return response.read1(1 << 16)

    def _reply(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.server.sparql.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SparqlServer:
    """The Oxigraph read-only server on a prepared store behind a checking proxy, plus the
    exports over HTTP.

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
    cors : bool
        Let web pages of other origins read the answers (``Access-Control-Allow-Origin:
        *``); off by default, since any page the user visits could then query the endpoint.
    federation : bool
        Let queries call remote ``SERVICE`` endpoints; off by default (HTTP 403).
    max_result : int
        Largest answer sent, in bytes (HTTP 500 beyond).
    memory : int, optional
        Bytes the Oxigraph server may allocate (half of the machine's memory by default).
    log : callable, optional
        Receives a line when the engine had to be started again.
    max_crashes : int
        Times the engine may die within a minute before :meth:`wait` gives up.

    Examples
    --------
    >>> with SparqlServer(Path("store"), port=free_port()) as server:  # doctest: +SKIP
    ...     server.endpoint
    'http://127.0.0.1:.../query'
    """

    def __init__(self, store_dir: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 timeout: float = DEFAULT_TIMEOUT, html_dir: Path | None = None,
                 html_port: int | None = None, cors: bool = False, federation: bool = False,
                 max_result: int = DEFAULT_MAX_RESULT, memory: int | None = None,
                 log: Callable[[str], None] | None = None, max_crashes: int = MAX_CRASHES):
        self.store_dir = Path(store_dir)
        self.host, self.port, self.timeout = host, port, timeout
        self.html_dir = html_dir
        self.html_port = port + 1 if html_port is None else html_port
        self.cors, self.federation = cors, federation
        self.max_result, self.memory = max_result, memory
        self.log = log or (lambda message: None)
        self.max_crashes = max_crashes
        self.engine: _Engine | None = None
        self._proxy: _ProxyServer | None = None
        self._html: _Server | None = None
        self._serving = False
        self._done = threading.Event()
        self._fatal: str | None = None

    @property
    def url(self) -> str:
        """Base URL of the endpoint (YASGUI editor at ``/``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.url}/query"

    @property
    def html_url(self) -> str | None:
        """URL of the served exports folder, if any."""
        return f"http://{self.host}:{self.html_port}/" if self.html_dir else None

    @property
    def process(self) -> subprocess.Popen | None:
        """The running Oxigraph server process."""
        return self.engine.process if self.engine else None

    @property
    def loopback(self) -> bool:
        """Whether the endpoint listens on this machine only."""
        try:
            return ipaddress.ip_address(self.host.strip("[]")).is_loopback
        except ValueError:
            return self.host == "localhost"

    def start(self, wait: float = 15.0) -> None:
        """Start the servers; return when the endpoint accepts connections.

        Raises
        ------
        ServeError
            When the server program is missing, a port is taken or the server exits.
        """
        self._done.clear()
        self._fatal = None
        try:
            self._start_proxy()
            if self.html_dir is not None:
                self._start_html()
            self.engine = _Engine(self.store_dir, timeout=self.timeout, cors=self.cors,
                                  wait=wait, log=self.log, on_fatal=self._give_up,
                                  max_crashes=self.max_crashes, memory=self.memory)
            self.engine.start()
        except BaseException:  # a failed start, or Ctrl-C / SIGTERM while starting
            self.stop()
            raise
        threading.Thread(target=self._proxy.serve_forever, name="graphkit-sparql-proxy",
                         daemon=True).start()
        self._serving = True

    def _start_proxy(self) -> None:
        try:
            self._proxy = _ProxyServer((self.host, self.port), _ProxyHandler)
        except OSError as exc:
            raise ServeError(f"cannot serve SPARQL on {self.host}:{self.port}: "
                             f"{exc.strerror}") from None
        self._proxy.sparql = self

    def _start_html(self) -> None:
        handler = partial(_ExportsHandler, directory=str(self.html_dir))
        try:
            self._html = _Server((self.host, self.html_port), handler)
        except OSError as exc:
            raise ServeError(f"cannot serve the exports on port {self.html_port}: "
                             f"{exc.strerror}") from None
        threading.Thread(target=self._html.serve_forever, daemon=True).start()

    def _give_up(self, message: str) -> None:
        self._fatal = message
        self._done.set()

    def wait(self) -> int:
        """Block until :meth:`stop` is called; 0.

        Raises
        ------
        ServeError
            When the Oxigraph server died and could not be kept running.
        """
        while not self._done.wait(0.5):
            pass
        if self._fatal is not None:
            raise ServeError(self._fatal)
        return 0

    def stop(self) -> None:
        """Stop the servers (the engine: terminate, then kill after 5 s)."""
        if self._proxy is not None:
            if self._serving:
                self._proxy.shutdown()
                self._serving = False
            self._proxy.server_close()
            self._proxy = None
        if self.engine is not None:
            self.engine.stop()
        if self._html is not None:
            self._html.shutdown()
            self._html.server_close()
            self._html = None
        self._done.set()

    def __enter__(self) -> SparqlServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
