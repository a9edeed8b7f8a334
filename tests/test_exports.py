"""Exports: every format, deterministic bytes, atomic writes."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from graphkit.errors import GraphkitError, WriteError
from graphkit.export.build import build_exports, export_files
from graphkit.files import staged_files, write_atomic
from graphkit.model.load import load_dataset
from graphkit.schema.vocabulary import RELATIONS

EXPECTED_FILES = {"graph.ttl", "graph.jsonld", "graph.trig", "graph.graphml", "nodes.csv",
                  "edges.csv", "kumu.json", "metrics.csv", "graph.html", "graph-full.html"}


def test_build_writes_every_export(mini_data, tmp_path):
    written = build_exports(load_dataset(mini_data), tmp_path / "out").paths
    assert {p.name for p in written} == EXPECTED_FILES
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_edges_csv_has_the_columns_tools_need(mini_data):
    files = dict(export_files(load_dataset(mini_data)))
    rows = list(csv.DictReader(io.StringIO(files["edges.csv"].decode())))
    assert {"source", "target", "relation", "source_document", "date"} <= set(rows[0])
    assert {r["relation"] for r in rows} <= set(RELATIONS)
    funding = next(r for r in rows if r["relation"] == "funds")
    assert (funding["source"], funding["target"], funding["amount"]) == (
        "comune-lucca", "progetto-uno", "50000.00")


def test_nodes_csv_has_id_label_type_aliases(mini_data):
    files = dict(export_files(load_dataset(mini_data)))
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["nodes.csv"].decode()))}
    assert rows["cgil-lucca"]["label"] == "Cgil Lucca"
    assert rows["cgil-lucca"]["type"] == "trade_union"
    assert rows["cgil-lucca"]["aliases"] == "CGIL Lucca"


def test_graphml_round_trips_through_networkx_with_attributes(mini_data):
    files = dict(export_files(load_dataset(mini_data)))
    G = nx.read_graphml(io.BytesIO(files["graph.graphml"]), force_multigraph=True)
    assert G.number_of_nodes() == 11 and G.number_of_edges() == 12
    assert G.nodes["t-lucca"]["id_istat"] == "046017"
    funding = [d for _, _, d in G.edges(data=True) if d["relation"] == "funds"]
    assert funding[0]["amount"] == 50000.0 and funding[0]["source_document"] == "doc1"


def test_kumu_blueprint_has_elements_and_connections(mini_data):
    blueprint = json.loads(dict(export_files(load_dataset(mini_data)))["kumu.json"])
    ids = {e["id"] for e in blueprint["elements"]}
    assert len(blueprint["elements"]) == 11 and len(blueprint["connections"]) == 12
    assert all(c["from"] in ids and c["to"] in ids for c in blueprint["connections"])


def test_exports_are_byte_identical_across_processes(mini_data, tmp_path):
    script = (
        "import sys, hashlib; from graphkit.model.load import load_dataset; "
        "from graphkit.export.build import export_files; "
        "f = dict(export_files(load_dataset(sys.argv[1]))); "
        "print({k: hashlib.sha256(v).hexdigest() for k, v in sorted(f.items())})"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        digests.add(subprocess.run([sys.executable, "-c", script, str(mini_data)], env=env,
                                   capture_output=True, text=True, check=True).stdout)
    assert len(digests) == 1


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError, match="disk full"):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_temporary_files_left_by_a_killed_run_go_with_the_next_write(tmp_path):
    leftover = tmp_path / ".graph.ttl.0123456789ab.tmp"
    leftover.write_bytes(b"half")
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_bytes(b"mine")
    write_atomic(tmp_path / "graph.ttl", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.tmp", "graph.ttl"]


def test_two_writers_of_one_folder_take_turns(tmp_path):
    with staged_files(tmp_path) as write:
        write("a.txt", b"first")
        with pytest.raises(GraphkitError, match="another graphkit process is writing"):
            write_atomic(tmp_path / "b.txt", b"second")
    write_atomic(tmp_path / "b.txt", b"second")
    assert (tmp_path / "a.txt").read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_metrics_reach_metrics_csv_nodes_csv_and_rdf(mini_data):
    files = dict(export_files(load_dataset(mini_data), html=False))
    table = list(csv.DictReader(io.StringIO(files["metrics.csv"].decode())))
    assert {"id", "betweenness", "pagerank", "community"} <= set(table[0])
    nodes = {r["id"]: r for r in csv.DictReader(io.StringIO(files["nodes.csv"].decode()))}
    by_id = {r["id"]: r for r in table}
    assert nodes["coop-alfa"]["pagerank"] == by_id["coop-alfa"]["pagerank"]
    assert "gk:pagerank" in files["graph.ttl"].decode()


def test_build_without_metrics_or_html_writes_neither(mini_data):
    files = dict(export_files(load_dataset(mini_data), metrics=False, html=False))
    assert set(files) == EXPECTED_FILES - {"metrics.csv", "graph.html", "graph-full.html"}


def test_a_build_failing_halfway_leaves_the_old_exports_and_no_temporary_file(
        mini_data, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_exports(load_dataset(mini_data), out, html=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("graphkit.export.build._write_nodes", broken)  # after the RDF is staged
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_exports(load_dataset(mini_data), out, html=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_view_big_enough_to_be_sampled_still_exports(monkeypatch):
    """Above metrics.EXACT_UP_TO nodes the measures are sampled; every format must take them."""
    monkeypatch.setattr("graphkit.algorithms.centrality.EXACT_UP_TO", 10)
    monkeypatch.setattr("graphkit.algorithms.centrality.DEFAULT_K", 20)
    notes: list[str] = []
    files = dict(export_files(load_dataset(), html=False, notes=notes))
    assert any("KADABRA" in note for note in notes)
    graph = nx.read_graphml(io.BytesIO(files["graph.graphml"]))
    assert any("betweenness" in data for _, data in graph.nodes(data=True))


def test_without_working_locks_leftovers_are_left_alone(tmp_path, monkeypatch):
    leftover = tmp_path / ".graph.ttl.0123456789ab.tmp"
    leftover.write_bytes(b"perhaps another writer's")
    monkeypatch.setattr("graphkit.files.try_lock", lambda fd, exclusive: None)
    write_atomic(tmp_path / "graph.ttl", b"new")
    assert leftover.exists() and (tmp_path / "graph.ttl").read_bytes() == b"new"


def test_written_files_get_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "graph.ttl", b"new")
    finally:
        os.umask(mask)
    assert (tmp_path / "graph.ttl").stat().st_mode & 0o777 == 0o644


# ---------------------------------------------------------------- all or none


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_folder_in_place_of_an_export_fails_the_build_before_anything_is_replaced(
        mini_data, tmp_path):
    """nodes.csv as a folder made the rename fail with four files new and the rest old."""
    out = tmp_path / "exports"
    build_exports(load_dataset(mini_data), out, metrics=False, html=False)
    before = _files(out)
    (out / "nodes.csv").unlink()
    (out / "nodes.csv").mkdir()
    before.pop("nodes.csv")
    dataset = load_dataset(mini_data)
    dataset.entities["cgil"] = dataclasses.replace(dataset.entities["cgil"], name="CGIL nuova")
    with pytest.raises(WriteError, match=r"nodes\.csv: it is a folder; nothing in .* replaced"):
        build_exports(dataset, out, metrics=False, html=False)
    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_rename_failing_midway_puts_back_the_files_already_replaced(mini_data, tmp_path,
                                                                     monkeypatch):
    out = tmp_path / "exports"
    build_exports(load_dataset(mini_data), out, metrics=False, html=False)
    before = _files(out)
    dataset = load_dataset(mini_data)
    dataset.entities["cgil"] = dataclasses.replace(dataset.entities["cgil"], name="CGIL nuova")
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 5 and not str(src).endswith(".old.tmp"):
            raise PermissionError(1, "Operation not permitted")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(WriteError, match="the files already replaced were put back"):
        build_exports(dataset, out, metrics=False, html=False)
    assert _files(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_names_with_tabs_line_breaks_and_rare_characters_give_a_graphml_xml_parsers_read(
        mini_data, tmp_path):
    """A control character in a name gave a graph.graphml no XML parser accepted; what the
    loader lets through must be writable."""
    import xml.etree.ElementTree as ET

    registry = mini_data / "entities.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "name: Cooperativa Alfa", 'name: "Cooperativa\\tAlfa\\u0085\\u2028 <&> ]]>"'),
        encoding="utf-8")
    out = tmp_path / "out"
    build_exports(load_dataset(mini_data), out, metrics=False, html=False)
    names = {node.get("id") for node in ET.parse(out / "graph.graphml").iter()
             if node.tag.endswith("node")}
    assert "coop-alfa" in names
    assert nx.read_graphml(out / "graph.graphml").nodes["coop-alfa"]["label"].startswith(
        "Cooperativa\tAlfa")


@pytest.mark.parametrize("escape", ["\\x01", "\\x1b", "\\0", "\\uffff"])
def test_a_control_character_in_a_name_is_refused_at_its_line(mini_data, escape):
    from graphkit.errors import DataError

    registry = mini_data / "entities.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "name: Cooperativa Alfa", f'name: "Cooperativa{escape}Alfa"'), encoding="utf-8")
    with pytest.raises(DataError, match=r"entities.yaml:11: 'name' of entity 'coop-alfa' holds "
                                        r"a control character or non-character \(U\+"):
        load_dataset(mini_data)


WORKERS = """
import time
import networkx as nx
from graphkit.algorithms._backend import Engine, run_parallel
from graphkit.algorithms.background import in_background
engine = Engine(nx.path_graph(3))
in_background(lambda: time.sleep(600) or {})
run_parallel(engine, time.sleep, [600, 600])
"""


def test_the_measure_workers_of_a_killed_build_end_with_it():
    """A killed build left its forked workers computing."""
    import signal
    import time
    from pathlib import Path

    def children(pid: int) -> set[int]:
        found = set()
        for task in Path(f"/proc/{pid}/task").iterdir():
            found |= {int(c) for c in (task / "children").read_text().split()}
        return found

    def running(pid: int) -> bool:
        try:
            return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False

    build = subprocess.Popen([sys.executable, "-c", WORKERS])
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 3:  # the background process and two pool workers
            assert time.monotonic() < deadline and build.poll() is None
            workers = children(build.pid)
            time.sleep(0.05)
        build.kill()
        build.wait()
        deadline = time.monotonic() + 20
        while any(map(running, workers)):
            assert time.monotonic() < deadline, "workers outlived the killed build"
            time.sleep(0.05)
    finally:
        for pid in workers:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------- CSV injection

FORMULAS = {"name": '=HYPERLINK("http://evil.example","click")', "alias": "+1+1",
            "role": "-2+3", "note": "@SUM(A1:A9)"}


def _with_formulas(data):
    registry = data / "entities.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "name: Cooperativa Alfa", f"name: '{FORMULAS['name']}'\n  aliases: ['{FORMULAS['alias']}']"
        f"\n  note: '{FORMULAS['note']}'"), encoding="utf-8")
    document = data / "documents" / "doc1.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "role: capofila", f"role: '{FORMULAS['role']}'"), encoding="utf-8")
    return data


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_csv_exports_neutralise_cells_that_begin_like_a_formula(mini_data, tmp_path):
    """Cells beginning with =, +, -, @ were written unchanged; spreadsheets ran them."""
    out = tmp_path / "out"
    build_exports(load_dataset(_with_formulas(mini_data)), out, html=False)
    cells = [cell for name in ("nodes.csv", "edges.csv", "metrics.csv")
             for cell in _cells((out / name).read_text(encoding="utf-8"))]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    for value in (FORMULAS["name"], FORMULAS["alias"], FORMULAS["role"]):
        assert "'" + value in cells
    assert "50000.00" in cells  # numbers untouched


def test_every_command_csv_output_neutralises_formulas_but_not_numbers(mini_data):
    from click.testing import CliRunner

    from graphkit.cli import main

    data = str(_with_formulas(mini_data))
    runner = CliRunner()
    outputs = [runner.invoke(main, args).stdout for args in (
        ["metrics", "--data", data, "--format", "csv"],
        ["show", "coop-alfa", "--data", data, "--format", "csv"],
        ["query", "--data", data, "--format", "csv",
         "SELECT ?label (-1 AS ?n) WHERE { ?e rdfs:label ?label }"],
    )]
    cells = [cell for output in outputs for cell in _cells(output)]
    assert "'" + FORMULAS["name"] in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert "-1" in cells  # a number stays a number


def test_scratch_files_of_a_stage_go_in_the_end_and_on_failure(tmp_path):
    with staged_files(tmp_path) as stage:
        stage.scratch("part").write_bytes(b"step")
        stage.target("a.txt").write_bytes(b"done")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    with pytest.raises(RuntimeError), staged_files(tmp_path) as stage:
        stage.scratch("part").write_bytes(b"step")
        stage.target("a.txt").write_bytes(b"half")
        raise RuntimeError("stop")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"done"


def test_a_page_whose_measures_are_spread_over_workers_is_drawn(mini_data, tmp_path,
                                                                monkeypatch):
    """The pages are drawn in a process of their own; measuring the typed graph there forked
    workers, which a daemonic process may not ("daemonic processes are not allowed to have
    children") once the view reached the size where measures go parallel."""
    from graphkit.algorithms import _backend

    monkeypatch.setattr(_backend, "PARALLEL_FROM", 2)
    monkeypatch.setattr(_backend, "workers", lambda: 2)
    written = build_exports(load_dataset(mini_data), tmp_path / "out")
    assert {"graph.html", "graph-full.html"} <= {p.name for p in written.paths}


def test_a_full_disk_is_a_clean_error_when_the_folder_is_given_as_text(mini_data, tmp_path,
                                                                       monkeypatch):
    """The error message itself failed (AttributeError) for a folder given as a str."""
    from graphkit.export.rdf import RdfWriter

    def full(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(RdfWriter, "write_records", full)
    with pytest.raises(WriteError, match="No space left on device; nothing in"):
        build_exports(load_dataset(mini_data), str(tmp_path / "out"), html=False)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_failure_before_the_exports_begin_ends_the_measures_process(mini_data, tmp_path,
                                                                      monkeypatch):
    """The measures' process started before the block that cancels it: a failure in
    between left it running, holding the folder's lock."""
    import multiprocessing

    from graphkit.export import build

    def no_fork(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(build, "RdfWriter", no_fork)
    with pytest.raises(WriteError, match="Resource temporarily unavailable"):
        build_exports(load_dataset(mini_data), tmp_path / "out")
    assert not multiprocessing.active_children()
    monkeypatch.undo()
    assert build_exports(load_dataset(mini_data), tmp_path / "out", html=False).paths


SIGTERM_BUILD = """
import sys, time
from graphkit.export import build
from graphkit.model.load import load_dataset

real = build._write_edges
def slow(*args):
    print("writing", flush=True)
    time.sleep(60)
build._write_edges = slow
build.build_exports(load_dataset(sys.argv[1]), sys.argv[2])
"""


def test_a_build_stopped_by_sigterm_leaves_no_temporary_file(mini_data, tmp_path):
    """SIGTERM (a timeout, a cancelled job) killed the build without its clean-up: the
    temporary parts stayed in the folder."""
    import signal

    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-c", SIGTERM_BUILD, str(mini_data), str(out)],
                             stdout=subprocess.PIPE, text=True)
    assert build.stdout.readline().strip() == "writing"
    build.send_signal(signal.SIGTERM)
    build.wait(timeout=60)
    assert build.returncode != 0
    assert [p.name for p in out.iterdir()] == []
