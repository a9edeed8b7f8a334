"""Prepared on-disk stores: made atomically, reused while data and code are unchanged, and
never replaced while another graphkit process reads them."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import graphkit.sparql.store
from graphkit.cli.query import query
from graphkit.errors import StoreError
from graphkit.model.load import load_dataset
from graphkit.sparql.query import select
from graphkit.sparql.store import (
    STORE_MARKER,
    cached_store,
    data_fingerprint,
    open_store,
    prepare_store,
)

MINI_DIR = Path(__file__).resolve().parent / "fixtures" / "mini"
BRANCHES = "SELECT ?b WHERE { ?b org:subOrganizationOf gkr:cgil } ORDER BY ?b"
LABEL = "SELECT ?l WHERE { gkr:cgil-lucca rdfs:label ?l }"


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(MINI_DIR, tmp_path / "data"))


@pytest.fixture
def other_data(data, tmp_path) -> Path:
    """The same data with one name changed: another fingerprint."""
    other = Path(shutil.copytree(data, tmp_path / "other"))
    rename(other, "CGIL di Lucca")
    return other


def rename(data: Path, name: str) -> None:
    registry = data / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("name: Cgil Lucca", f"name: {name}"), encoding="utf-8")


def label(store: Path) -> str:
    return select(open_store(store), LABEL)[0]["l"]


def test_prepare_store_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="not a store prepared by graphkit"):
        prepare_store(load_dataset(MINI_DIR), tmp_path)
    assert (tmp_path / "notes.txt").exists()
    store = prepare_store(load_dataset(MINI_DIR), tmp_path / "store")
    assert json.loads((store / STORE_MARKER).read_text())["documents"] == ["doc1"]
    assert prepare_store(load_dataset(MINI_DIR), store) == store  # a re-run replaces it


def test_a_file_is_not_a_store_folder(data, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a folder"), \
            cached_store(data, tmp_path / "file"):
        pass


def test_a_store_is_reused_while_the_data_is_unchanged(data, tmp_path, monkeypatch):
    with cached_store(data, tmp_path / "store") as first:
        assert not first.reused and first.quads == len(open_store(first.path))

    def refuse(*args, **kwargs):
        raise AssertionError("the dataset was loaded again")

    monkeypatch.setattr(graphkit.sparql.store, "load_dataset", refuse)
    with cached_store(data, tmp_path / "store") as again:
        assert again.reused and again.quads == first.quads
        rows = select(open_store(again.path), BRANCHES)
    assert [r["b"].rsplit("/", 1)[1] for r in rows] == ["cgil-lucca"]


def test_a_changed_data_file_prepares_the_store_again(data, tmp_path):
    store = tmp_path / "store"
    with cached_store(data, store):
        pass
    rename(data, "CGIL di Lucca")
    with cached_store(data, store) as prepared:
        assert not prepared.reused
        assert label(prepared.path) == "CGIL di Lucca"


def test_the_fingerprint_covers_document_files_and_their_names(data):
    before = data_fingerprint(data)
    doc = next((data / "documents").glob("*.yaml"))
    doc.rename(doc.with_name("z" + doc.name))
    assert data_fingerprint(data) != before


def test_a_store_being_read_is_not_replaced_by_other_data(data, other_data, tmp_path):
    store = tmp_path / "store"
    with cached_store(data, store) as reading:
        with pytest.raises(StoreError, match="in use by another graphkit process"), \
                cached_store(other_data, store):
            pass
        with pytest.raises(StoreError, match="in use by another graphkit process"):
            prepare_store(load_dataset(other_data), store)
        assert label(reading.path) == "Cgil Lucca"
    with cached_store(other_data, store) as replaced:
        assert not replaced.reused and label(replaced.path) == "CGIL di Lucca"


def test_a_reader_arriving_during_a_preparation_is_told_so(data, other_data, tmp_path,
                                                          monkeypatch):
    store = tmp_path / "store"
    with cached_store(data, store):
        pass
    real = graphkit.sparql.store.dataset_store
    seen = []

    def build_while_someone_reads(dataset, path, metrics=None):
        with pytest.raises(StoreError, match="being prepared by another graphkit process"), \
                cached_store(data, store):
            pass
        seen.append("refused")
        return real(dataset, path, metrics)

    monkeypatch.setattr(graphkit.sparql.store, "dataset_store", build_while_someone_reads)
    with cached_store(other_data, store) as prepared:
        assert label(prepared.path) == "CGIL di Lucca"
    assert seen == ["refused"]


def test_a_failed_preparation_keeps_the_old_store_and_leaves_no_temporary_folder(
        data, other_data, tmp_path, monkeypatch):
    store = tmp_path / "store"
    with cached_store(data, store):
        marker = (store / STORE_MARKER).read_text()

    def broken(dataset, path, metrics=None):
        (Path(path) / "half-written").write_text("x")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graphkit.sparql.store, "dataset_store", broken)
    with pytest.raises(StoreError, match=r"cannot prepare the store .*No space left"), \
            cached_store(other_data, store):
        pass
    assert (store / STORE_MARKER).read_text() == marker
    assert not list(tmp_path.glob(".store.*.tmp"))
    assert label(store) == "Cgil Lucca"


def test_a_failed_swap_puts_the_old_store_back(data, other_data, tmp_path, monkeypatch):
    store = tmp_path / "store"
    with cached_store(data, store):
        pass
    real_rename = Path.rename

    def rename_into_place_fails(self, target):
        if Path(target) == store and self.name.endswith(".tmp") \
                and not self.name.endswith(".old.tmp"):
            raise OSError(16, "Device or resource busy")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename_into_place_fails)
    with pytest.raises(StoreError, match="busy"), cached_store(other_data, store):
        pass
    monkeypatch.undo()
    assert label(store) == "Cgil Lucca"
    assert not list(tmp_path.glob(".store.*.tmp"))


def test_folders_left_by_a_killed_run_are_removed_by_the_next(data, tmp_path):
    leftover = tmp_path / ".store.0123456789ab.tmp"
    (leftover / "db").mkdir(parents=True)
    with cached_store(data, tmp_path / "store"):
        pass
    assert not leftover.exists()


def test_a_store_behind_a_symbolic_link_is_prepared_where_the_link_points(data, tmp_path):
    (tmp_path / "big").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "big" / "store")
    with cached_store(data, tmp_path / "link") as prepared:
        assert prepared.path == (tmp_path / "big" / "store").resolve()
    assert (tmp_path / "link").is_symlink() and label(tmp_path / "link") == "Cgil Lucca"


def test_the_store_folder_gets_the_usual_permissions(data, tmp_path):
    mask = os.umask(0o022)
    try:
        path = prepare_store(load_dataset(data), tmp_path / "store")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


@pytest.mark.parametrize("marker", ['"x"', "{", ""])
def test_a_store_with_a_damaged_marker_is_prepared_again(data, tmp_path, marker):
    store = tmp_path / "store"
    store.mkdir()
    (store / STORE_MARKER).write_text(marker, encoding="utf-8")
    with cached_store(data, store) as prepared:
        assert not prepared.reused and label(store) == "Cgil Lucca"


def test_data_changed_while_being_loaded_is_not_recorded(data, tmp_path, monkeypatch):
    real = graphkit.sparql.store.load_dataset

    def load_then_edit(path):
        loaded = real(path)
        rename(data, "CGIL di Lucca")
        return loaded

    monkeypatch.setattr(graphkit.sparql.store, "load_dataset", load_then_edit)
    with pytest.raises(StoreError, match="changed while it was being read"), \
            cached_store(data, tmp_path / "store"):
        pass
    assert not (tmp_path / "store").exists()


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


def test_query_reports_an_unusable_store_folder_without_a_traceback(data, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(query, ["--data", str(data), "--store",
                                        str(tmp_path / "file" / "store"), BRANCHES])
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output


def test_the_sweep_spares_a_sibling_stores_staging_and_other_folders(data, tmp_path):
    sibling = tmp_path / ".store.v2.0123456789ab.tmp"
    mine = tmp_path / ".store.notes.tmp"
    for folder in (sibling, mine):
        (folder / "keep").mkdir(parents=True)
    with cached_store(data, tmp_path / "store"):
        pass
    assert sibling.exists() and mine.exists()


@pytest.mark.parametrize("lock_file_exists", [True, False])
def test_a_store_on_a_read_only_file_system_can_still_be_read(data, tmp_path, monkeypatch,
                                                             lock_file_exists):
    store = tmp_path / "store"
    with cached_store(data, store):
        pass
    if not lock_file_exists:
        (tmp_path / ".store.lock").unlink()
    real_open = os.open

    def read_only(path, flags, *args):
        if flags & (os.O_RDWR | os.O_WRONLY | os.O_CREAT) or not Path(path).exists():
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(graphkit.sparql.store.os, "open", read_only)
    with cached_store(data, store) as prepared:
        assert prepared.reused and label(prepared.path) == "Cgil Lucca"
