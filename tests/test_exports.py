"""Exports: every format, deterministic bytes, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import networkx as nx
import pytest

from graphkit.errors import GraphkitError
from graphkit.export.build import build_exports, export_files
from graphkit.files import staged_files, write_atomic
from graphkit.model.load import load_dataset
from graphkit.schema.vocabulary import RELATIONS

EXPECTED_FILES = {"graph.ttl", "graph.jsonld", "graph.trig", "graph.graphml", "nodes.csv",
                  "edges.csv", "kumu.json", "metrics.csv", "graph.html"}


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
    with pytest.raises(OSError, match="disk full"):
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
    assert set(files) == EXPECTED_FILES - {"metrics.csv", "graph.html"}


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
