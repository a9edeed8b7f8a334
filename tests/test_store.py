"""Prepared on-disk stores: one folder per fingerprint of data and code, written beside and
renamed into place, reused while nothing changes, old ones swept."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def rename(data: Path, name: str) -> None:
    registry = data / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("name: Cgil Lucca", f"name: {name}"), encoding="utf-8")


def label(store: Path) -> str:
    return select(open_store(store), LABEL)[0]["l"]


def visible(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def test_a_store_lives_in_a_folder_named_by_its_fingerprint(data, tmp_path):
    prepared = cached_store(data, tmp_path / "stores")
    assert prepared.path == (tmp_path / "stores" / data_fingerprint(data)).resolve()
    assert not prepared.reused and len(open_store(prepared.path)) == prepared.quads > 100
    assert visible(tmp_path / "stores") == [prepared.path.name]


def test_a_store_is_reused_while_the_data_is_unchanged(data, tmp_path, monkeypatch):
    first = cached_store(data, tmp_path / "s")
    monkeypatch.setattr("graphkit.sparql.store.load_data",
                        lambda _: pytest.fail("the dataset was loaded again"))
    again = cached_store(data, tmp_path / "s")
    assert again.reused and again.path == first.path and again.quads == first.quads


def test_changed_data_gets_a_new_store_and_the_previous_one_is_kept(data, tmp_path):
    first = cached_store(data, tmp_path / "s")
    rename(data, "CGIL di Lucca")
    second = cached_store(data, tmp_path / "s")
    assert second.path != first.path and not second.reused
    assert label(first.path) == "Cgil Lucca" and label(second.path) == "CGIL di Lucca"


def test_only_the_most_recently_used_older_store_survives_a_preparation(data, tmp_path):
    paths = []
    for name in ("A", "B", "C"):
        rename(data, name) if paths else None
        paths.append(cached_store(data, tmp_path / "s").path)
        (data / "entities.yaml").write_text((data / "entities.yaml").read_text().replace(
            f"name: {name}" if paths[1:] else "name: Cgil Lucca", "name: Cgil Lucca"))
    assert visible(tmp_path / "s") == sorted(p.name for p in paths[1:])


def test_the_fingerprint_covers_document_files_and_their_names(data):
    before = data_fingerprint(data)
    doc = next((data / "documents").glob("*.yaml"))
    doc.rename(doc.with_name("renamed.yaml"))
    assert data_fingerprint(data) != before


def test_two_runs_preparing_the_same_store_both_succeed(data, tmp_path):
    script = ("import sys; from graphkit.sparql.store import cached_store; "
              "print(cached_store(sys.argv[1], sys.argv[2]).quads)")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(data), str(tmp_path / "s")],
                             stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1] and int(outputs[0]) > 100
    assert visible(tmp_path / "s") == [data_fingerprint(data)]


def test_a_failed_preparation_leaves_no_folder(data, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("graphkit.sparql.store.dataset_store", broken)
    with pytest.raises(StoreError, match="No space left"):
        cached_store(data, tmp_path / "s")
    assert visible(tmp_path / "s") == []


def test_folders_left_by_a_killed_run_are_removed_by_the_next(data, tmp_path):
    root = tmp_path / "s"
    fingerprint = "f" * 64
    dead = root / f".{fingerprint}.999999999.0123abcd.tmp"
    alive = root / f".{fingerprint}.{os.getpid()}.0123abcd.tmp"
    mine = root / "notes"
    for folder in (dead, alive, mine):
        (folder / "keep").mkdir(parents=True)
    cached_store(data, root)
    assert not dead.exists() and alive.exists() and mine.exists()


def test_a_store_without_its_marker_is_prepared_again(data, tmp_path):
    prepared = cached_store(data, tmp_path / "s")
    (prepared.path / STORE_MARKER).write_text("{damaged", encoding="utf-8")
    again = cached_store(data, tmp_path / "s")
    assert not again.reused and label(again.path) == "Cgil Lucca"


def test_a_store_behind_a_symbolic_link_is_prepared_where_the_link_points(data, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    prepared = cached_store(data, tmp_path / "link")
    assert prepared.path.parent == (tmp_path / "real").resolve()


def test_the_store_folder_gets_the_usual_permissions(data, tmp_path):
    prepared = cached_store(data, tmp_path / "s")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(prepared.path.stat().st_mode) == 0o777 & ~umask


def test_data_changed_while_being_loaded_is_not_recorded(data, tmp_path, monkeypatch):
    real_load = load_dataset

    def load_then_edit(data_dir):
        dataset = real_load(data_dir)
        rename(data, "CGIL di Lucca")
        return dataset

    monkeypatch.setattr("graphkit.sparql.store.load_data", load_then_edit)
    with pytest.raises(StoreError, match="changed while it was being read"):
        cached_store(data, tmp_path / "s")


def test_a_store_on_a_read_only_volume_can_still_be_read(data, tmp_path, monkeypatch):
    first = cached_store(data, tmp_path / "s")

    def read_only(self, *args, **kwargs):
        raise OSError(30, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "touch", read_only)
    again = cached_store(data, tmp_path / "s")
    assert again.reused and label(again.path) == "Cgil Lucca" == label(first.path)


def test_a_file_is_not_a_store_folder(data, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        cached_store(data, tmp_path / "file")


def test_prepare_store_refuses_a_folder_that_holds_something(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="already exists"):
        prepare_store(load_dataset(MINI_DIR), tmp_path / "s")
    assert (tmp_path / "s" / "notes.txt").read_text(encoding="utf-8") == "mine"


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
    assert (tmp_path / "s" / data_fingerprint(data) / STORE_MARKER).is_file()


def test_query_reports_an_unusable_store_folder_without_a_traceback(data, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(query, ["--data", str(data), "--store",
                                        str(tmp_path / "file" / "store"), BRANCHES])
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output
