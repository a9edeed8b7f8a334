"""`graphkit serve`: a real Oxigraph read-only endpoint queried with SPARQLWrapper, and the HTML."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from graphkit.cli.query import query
from graphkit.errors import ServeError
from graphkit.model.load import load_dataset
from graphkit.sparql.query import prologue
from graphkit.sparql.serve import SparqlServer, free_port
from graphkit.sparql.store import STORE_MARKER, prepare_store, sweep_temporary_stores

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
BRANCHES = prologue() + "SELECT ?b WHERE { ?b org:subOrganizationOf gkr:cgil }"
CGIL_LUCCA = "https://w3id.org/graphkit/id/cgil-lucca"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    store = prepare_store(load_dataset(MINI_DIR), tmp / "store")
    (tmp / "exports").mkdir()
    (tmp / "exports" / "graph.html").write_text("<html><body>graph</body></html>",
                                                encoding="utf-8")
    with SparqlServer(store, port=free_port(), html_dir=tmp / "exports",
                      html_port=free_port(), timeout=5) as running:
        yield running
    assert running.process.poll() is not None


def client(server: SparqlServer, query: str, fmt: str, method: str | None = None):
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql.query().convert()


def test_endpoint_answers_select_with_content_negotiation(server):
    result = client(server, BRANCHES, JSON)
    assert [b["b"]["value"] for b in result["results"]["bindings"]] == [CGIL_LUCCA]
    assert client(server, BRANCHES, JSON, POST) == result
    assert client(server, BRANCHES, CSV).decode().split() == ["b", CGIL_LUCCA]
    assert client(server, BRANCHES, TSV).decode().split() == ["?b", f"<{CGIL_LUCCA}>"]
    assert CGIL_LUCCA in client(server, BRANCHES, XML).toxml()


def test_endpoint_sees_every_named_graph_and_tells_them_apart(server):
    query = prologue() + ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r gk:subject gkr:cgil-lucca } }")
    graphs = [b["g"]["value"] for b in client(server, query, JSON)["results"]["bindings"]]
    assert graphs == ["https://w3id.org/graphkit/id/graph/doc1"]


def test_endpoint_returns_graphs_as_turtle_and_json_ld(server):
    construct = prologue() + "CONSTRUCT WHERE { ?b org:subOrganizationOf gkr:cgil }"
    assert CGIL_LUCCA.encode() in client(server, construct, TURTLE)
    request = urllib.request.Request(
        server.endpoint + "?" + urllib.parse.urlencode({"query": construct}),
        headers={"Accept": "application/ld+json"})
    with urllib.request.urlopen(request) as response:
        assert CGIL_LUCCA in json.dumps(json.load(response))


def test_endpoint_refuses_updates(server):
    sparql = SPARQLWrapper(server.endpoint, updateEndpoint=server.url + "/update")
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as info:
        sparql.query()
    assert info.value.code == 403
    assert client(server, "ASK { <urn:a> ?p ?o }", JSON)["boolean"] is False


def test_html_is_served_beside_the_endpoint(server):
    with urllib.request.urlopen(server.html_url) as response:
        assert response.url.endswith("/graph.html")
        assert b"graph" in response.read()


def test_a_taken_port_is_reported(server, tmp_path):
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    with pytest.raises(ServeError, match=r"cannot serve SPARQL on .*in use"), \
            SparqlServer(store, host=server.host, port=server.port):
        pass


def _wait_until_serving(process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Wait for the command's "press Ctrl-C" line: both servers are up, and it waits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8")
        assert process.poll() is None, text
        if "press Ctrl-C to stop" in text:
            return
        time.sleep(0.1)
    raise AssertionError(f"graphkit serve did not start within {seconds} s")


def test_serve_keeps_its_store_while_queries_share_or_replace_it_and_stops_cleanly(tmp_path):
    data = Path(shutil.copytree(MINI_DIR, tmp_path / "data"))
    store, port, log = tmp_path / "store", free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "graphkit", "serve", "--data", str(data),
               "--store", str(store), "--port", str(port), "--html-port", str(free_port())]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                   start_new_session=True)
    try:
        _wait_until_serving(process, log)
        sparql = SPARQLWrapper(f"http://127.0.0.1:{port}/query")
        sparql.setQuery(BRANCHES)
        sparql.setReturnFormat(JSON)
        assert sparql.query().convert()["results"]["bindings"][0]["b"]["value"] == CGIL_LUCCA
        runner = CliRunner()
        shared = runner.invoke(query, ["--data", str(data), "--store", str(store),
                                       "--format", "csv", BRANCHES])
        assert shared.exit_code == 0 and CGIL_LUCCA in shared.stdout
        registry = data / "entities.yaml"
        registry.write_text(registry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        changed = runner.invoke(query, ["--data", str(data), "--store", str(store),
                                        "--format", "csv", BRANCHES])
        assert changed.exit_code == 0 and "prepared the store" in changed.stderr
        assert sparql.query().convert()["results"]["bindings"][0]["b"]["value"] == CGIL_LUCCA
        # SIGTERM, as docker or systemd stop it: a Ctrl-C (SIGINT) is ignored by processes
        # started in the background of a non-interactive shell, as test runners may be
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, log.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:  # a failed test: take the Oxigraph server down with it
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert "stopping" in log.read_text(encoding="utf-8")
    with pytest.raises(ConnectionRefusedError):  # the Oxigraph server went with it
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    stores = sorted(store.iterdir())
    assert len(stores) == 2 and all(not p.name.startswith(".") for p in stores)
    documents = [json.loads((p / STORE_MARKER).read_text())["documents"] for p in stores]
    assert documents == [["doc1", "istat-territories"]] * 2


def test_an_interrupt_while_starting_stops_the_oxigraph_server(tmp_path, monkeypatch):
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    server = SparqlServer(store, port=free_port())

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C, or SIGTERM under graphkit serve

    monkeypatch.setattr("graphkit.sparql.serve.socket.create_connection", interrupted)
    with pytest.raises(KeyboardInterrupt):
        server.start()
    assert server.process is not None and server.process.poll() is not None


# ---------------------------------------------------------------- hostile requests

DEEP = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000


def _request(url: str, *, data: bytes | None = None, headers: dict | None = None):
    """Status, headers and body of a request, whatever the status."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("form", ["get", "form", "body"])
def test_a_query_too_deep_for_the_engine_gets_400_and_the_engine_lives(server, form):
    """3,000 nested braces (6 KB) used to crash the Oxigraph server and `serve` with it."""
    engine = server.process.pid
    encoded = urllib.parse.urlencode({"query": DEEP})
    status, _, body = {
        "get": lambda: _request(f"{server.endpoint}?{encoded}"),
        "form": lambda: _request(server.endpoint, data=encoded.encode(), headers={
            "Content-Type": "application/x-www-form-urlencoded"}),
        "body": lambda: _request(server.endpoint, data=DEEP.encode(), headers={
            "Content-Type": "application/sparql-query"}),
    }[form]()
    assert status == 400 and b"nests brackets more than 64 deep" in body
    assert server.process.pid == engine and server.process.poll() is None
    assert client(server, BRANCHES, JSON)["results"]["bindings"][0]["b"]["value"] == CGIL_LUCCA


def test_a_query_hidden_in_another_parameter_form_is_checked_too(server):
    """The query is read wherever the engine would read it; two queries are refused."""
    twice = urllib.parse.urlencode([("query", BRANCHES), ("query", DEEP)])
    assert _request(f"{server.endpoint}?{twice}")[0] == 400
    form = urllib.parse.urlencode({"query": DEEP}).encode()
    status, _, _ = _request(f"{server.url}/?{urllib.parse.urlencode({'x': 1})}", data=form,
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400
    status, _, _ = _request(server.endpoint, data=DEEP.encode(),
                            headers={"Content-Type": "text/plain"})
    assert status == 415
    assert server.process.poll() is None


def test_no_cross_origin_reads_unless_asked(server, tmp_path):
    """Without CORS headers a web page the user visits cannot read the answers."""
    encoded = urllib.parse.urlencode({"query": BRANCHES})
    origin = {"Origin": "https://evil.example", "Accept": "application/sparql-results+json"}
    status, headers, _ = _request(f"{server.endpoint}?{encoded}", headers=origin)
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    with SparqlServer(store, port=free_port(), cors=True) as open_server:
        status, headers, _ = _request(f"{open_server.endpoint}?{encoded}", headers=origin)
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


def test_a_page_whose_name_points_at_this_machine_is_refused(server):
    """DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends its own Host."""
    encoded = urllib.parse.urlencode({"query": BRANCHES})
    status, _, body = _request(f"{server.endpoint}?{encoded}",
                               headers={"Host": f"evil.example:{server.port}"})
    assert status == 403 and b"evil.example" in body


def test_an_engine_that_dies_is_started_again_and_said_so(tmp_path):
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    said: list[str] = []
    with SparqlServer(store, port=free_port(), log=said.append) as running:
        first = running.process
        first.kill()
        deadline = time.monotonic() + 30
        while running.process is first or not said:
            assert time.monotonic() < deadline, "the engine was not started again"
            time.sleep(0.05)
        assert client(running, BRANCHES, JSON)["results"]["bindings"][0]["b"]["value"] \
            == CGIL_LUCCA
    assert said == ["the Oxigraph server stopped (killed by signal SIGKILL); starting it again"]


def test_serve_gives_up_with_an_error_when_the_engine_keeps_dying(tmp_path):
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    with SparqlServer(store, port=free_port(), max_crashes=0) as running:
        running.process.kill()
        with pytest.raises(ServeError, match=r"SIGKILL\); it stopped 1 time\(s\) within 60 s"):
            running.wait()


def test_serve_command_survives_the_query_that_used_to_kill_it(tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "graphkit", "serve", "--data", str(MINI_DIR),
               "--port", str(port), "--html-port", str(free_port()),
               "--exports", str(tmp_path / "none")]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                   start_new_session=True)
    try:
        _wait_until_serving(process, log)
        endpoint = f"http://127.0.0.1:{port}/query"
        status, _, _ = _request(endpoint, data=DEEP.encode(),
                                headers={"Content-Type": "application/sparql-query"})
        assert status == 400
        assert process.poll() is None
        sparql = SPARQLWrapper(endpoint)
        sparql.setQuery(BRANCHES)
        sparql.setReturnFormat(JSON)
        assert sparql.query().convert()["results"]["bindings"][0]["b"]["value"] == CGIL_LUCCA
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, log.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_endpoint_refuses_service_and_sends_nothing_unless_federation_is_on(
        server, tmp_path, recorder):
    """A query naming any address made the engine send it an HTTP request (SSRF)."""
    query = f"SELECT ?x WHERE {{ SERVICE <{recorder.url}> {{ ?x ?p ?o }} }}"
    encoded = urllib.parse.urlencode({"query": query})
    status, _, body = _request(f"{server.endpoint}?{encoded}")
    assert status == 403 and b"federated queries are off" in body
    assert recorder.requests == []
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    with SparqlServer(store, port=free_port(), federation=True) as federated:
        status, _, _ = _request(f"{federated.endpoint}?{encoded}",
                                headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and len(recorder.requests) == 1


# ---------------------------------------------------------------- bounded answers

#: Rows trickle out of 5.6 billion candidates: an answer that streams for hours.
TRICKLE = ("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(STRLEN(STR(?c))"
           " + STRLEN(STR(?f)) + STRLEN(STR(?i)) + STRLEN(STR(?l)) = 300) }")
#: 20 million rows sorted before the first one is sent: gigabytes, and Oxigraph's own
#: timeout does not interrupt it.
SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"


@pytest.fixture(scope="module")
def hasty(tmp_path_factory):
    """A server with a 1 s timeout, a 1 MB answer limit and 4 GB for the engine."""
    store = prepare_store(load_dataset(MINI_DIR), tmp_path_factory.mktemp("hasty") / "store")
    said: list[str] = []
    with SparqlServer(store, port=free_port(), timeout=1, max_result=2**20, memory=4 * 2**30,
                      log=said.append) as running:
        running.said = said
        yield running


def _ask(server: SparqlServer, text: str):
    return _request(server.endpoint, data=text.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})


def test_an_answer_past_the_timeout_is_an_error_not_truncated_json(hasty):
    """--timeout 5 let 1.45 GB stream for 60 s, and a timed-out query got HTTP 200 with
    truncated JSON."""
    status, headers, body = _ask(hasty, TRICKLE)
    assert status == 503 and headers["Content-Type"].startswith("text/plain")
    assert body == b"the query ran longer than 1 s: stopped (ask for less, or add a LIMIT)\n"


def test_a_query_the_engine_does_not_stop_is_stopped_by_restarting_it(hasty):
    """Sorting 20 million rows ignored Oxigraph's own timeout (and grew to 21 GB)."""
    engine = hasty.process
    status, _, _ = _ask(hasty, SORTED)
    assert status == 503
    deadline = time.monotonic() + 30
    while hasty.process is engine:
        assert time.monotonic() < deadline, "the engine was not started again"
        time.sleep(0.05)
    assert engine.poll() is not None
    assert hasty.said[-1] == ("a query ran past the 2 s timeout without stopping: starting the "
                              "Oxigraph server again to stop it")
    status, _, body = _ask(hasty, BRANCHES)
    assert status == 200 and CGIL_LUCCA.encode() in body


def test_an_answer_larger_than_the_limit_is_refused(hasty):
    status, _, body = _ask(hasty, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000")
    assert status == 500 and body.startswith(b"the answer is larger than 1 MB")
    status, _, body = _ask(hasty, "SELECT * WHERE { ?a ?b ?c } LIMIT 10")
    assert status == 200 and body.count(b'"a":') == 10


# ---------------------------------------------------------------- lifecycle


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def _start_serve(tmp_path: Path) -> tuple[subprocess.Popen, int, Path]:
    """`graphkit serve` on the fixture data, with its temporary folder in tmp_path/tmp."""
    (tmp_path / "tmp").mkdir()
    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "graphkit", "serve", "--data", str(MINI_DIR),
               "--port", str(port), "--html-port", str(free_port()),
               "--exports", str(tmp_path / "none")]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1",
                                        "TMPDIR": str(tmp_path / "tmp")},
                                   start_new_session=True)
    _wait_until_serving(process, log)
    (engine,) = [c for c in _children(process.pid)
                 if "oxigraph" in Path(f"/proc/{c}/cmdline").read_text()]
    return process, engine, log


def _wait_for_end(pid: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while _running(pid):
        assert time.monotonic() < deadline, f"process {pid} is still running"
        time.sleep(0.05)


def test_killing_serve_takes_the_oxigraph_server_with_it_and_its_store_is_swept(tmp_path):
    """SIGKILL of graphkit left Oxigraph orphaned and listening, its temporary store leaked."""
    process, engine, _ = _start_serve(tmp_path)
    try:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        _wait_for_end(engine)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if _running(engine):
            os.kill(engine, signal.SIGKILL)
    (left,) = (tmp_path / "tmp").iterdir()
    assert left.name.startswith(f"graphkit-store-{process.pid}-")
    assert sweep_temporary_stores(tmp_path / "tmp") == [left] and not left.exists()


def test_sighup_stops_serve_cleanly(tmp_path):
    """A closed terminal (SIGHUP) killed graphkit without stopping Oxigraph."""
    process, engine, log = _start_serve(tmp_path)
    try:
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=30) == 0, log.read_text(encoding="utf-8")
        _wait_for_end(engine)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert "stopping" in log.read_text(encoding="utf-8")
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("target", ["exports", "endpoint"])
def test_two_hundred_simultaneous_requests_are_all_answered(server, target):
    """The exports server dropped 40 of 200 (a backlog of 5 connections)."""
    url, data, headers = server.html_url + "graph.html", None, {}
    if target == "endpoint":
        url, data = server.endpoint, BRANCHES.encode()
        headers = {"Content-Type": "application/sparql-query",
                   "Accept": "application/sparql-results+json"}
    barrier, statuses = threading.Barrier(200), []

    def fetch() -> None:
        barrier.wait()
        try:
            statuses.append(_request(url, data=data, headers=headers)[0])
        except OSError as exc:
            statuses.append(repr(exc))

    threads = [threading.Thread(target=fetch) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 200
