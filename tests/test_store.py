"""Prepared on-disk stores: made atomically, reused while data and code are unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit.store
from graphkit.cli.query import query
from graphkit.dataset import load_dataset
from graphkit.sparql import select
from graphkit.store import (
    STORE_MARKER,
    StoreError,
    cached_store,
    data_fingerprint,
    open_store,
    prepare_store,
    reading,
)

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
BRANCHES = "SELECT ?b WHERE { ?b org:subOrganizationOf gkr:cgil } ORDER BY ?b"


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(MINI_DIR, tmp_path / "data"))


def _forbid_loading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the dataset was loaded again")
    monkeypatch.setattr(graphkit.store, "load_dataset", refuse)


def test_prepare_store_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not a store prepared by graphkit"):
        prepare_store(load_dataset(MINI_DIR), tmp_path)
    assert (tmp_path / "notes.txt").exists()
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    assert json.loads((store / STORE_MARKER).read_text())["documents"] == ["doc1"]
    assert prepare_store(load_dataset(MINI_DIR), store) == store  # a re-run replaces it


def test_a_store_is_reused_while_the_data_is_unchanged(data, tmp_path, monkeypatch):
    first = cached_store(data, tmp_path / "store")
    assert not first.reused and first.quads > 0
    _forbid_loading(monkeypatch)
    again = cached_store(data, tmp_path / "store")
    assert again.reused and again.quads == first.quads
    rows = select(open_store(again.path), BRANCHES)
    assert [r["b"].rsplit("/", 1)[1] for r in rows] == ["cgil-lucca"]


def test_a_changed_data_file_prepares_the_store_again(data, tmp_path):
    store = tmp_path / "store"
    cached_store(data, store)
    registry = data / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("name: Cgil Lucca", "name: CGIL di Lucca"), encoding="utf-8")
    assert not cached_store(data, store).reused
    rows = select(open_store(store), "SELECT ?l WHERE { gkr:cgil-lucca rdfs:label ?l }")
    assert rows == [{"l": "CGIL di Lucca"}]


def test_the_fingerprint_covers_document_files_and_their_names(data):
    before = data_fingerprint(data)
    doc = next((data / "documents").glob("*.yaml"))
    doc.rename(doc.with_name("z" + doc.name))
    assert data_fingerprint(data) != before


def test_a_failed_preparation_keeps_the_old_store_and_leaves_no_temporary_folder(
        data, tmp_path, monkeypatch):
    store = tmp_path / "store"
    cached_store(data, store)
    marker = (store / STORE_MARKER).read_text()

    def broken(dataset, path, metrics=None):
        (Path(path) / "half-written").write_text("x")
        raise RuntimeError("disk full")

    monkeypatch.setattr(graphkit.store, "dataset_store", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        prepare_store(load_dataset(data), store, "another fingerprint")
    assert (store / STORE_MARKER).read_text() == marker
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"]
    assert len(select(open_store(store), BRANCHES)) == 1


def test_open_store_refuses_a_folder_that_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="not a store prepared by graphkit"):
        open_store(tmp_path)


def test_query_with_store_prepares_once_then_reuses(data, tmp_path):
    args = ["--data", str(data), "--store", str(tmp_path / "store"), "--format", "csv", BRANCHES]
    first = CliRunner().invoke(query, args)
    assert first.exit_code == 0, first.output
    assert "prepared the store" in first.stderr
    second = CliRunner().invoke(query, args)
    assert second.exit_code == 0 and "prepared" not in second.stderr
    assert first.stdout == second.stdout == "b\nhttps://w3id.org/graphkit/id/cgil-lucca\n"


def test_query_reads_the_store_folder_from_the_environment(data, tmp_path):
    result = CliRunner(env={"GRAPHKIT_STORE": str(tmp_path / "s")}).invoke(
        query, ["--data", str(data), "--format", "csv", BRANCHES])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / STORE_MARKER).is_file()


def test_a_store_being_read_is_not_replaced(data, tmp_path):
    store = cached_store(data, tmp_path / "store").path
    with reading(store):
        with pytest.raises(StoreError, match="in use by another graphkit process"):
            prepare_store(load_dataset(data), store, "new data")
        assert len(select(open_store(store), BRANCHES)) == 1
    prepare_store(load_dataset(data), store, "new data")
    assert json.loads((store / STORE_MARKER).read_text())["fingerprint"] == "new data"
